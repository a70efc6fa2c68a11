"""Read commands for every register (each with --json)."""

from __future__ import annotations

from datetime import date, datetime

import click

from docflow.cli.common import emit, fail, json_option, limit_option, offset_option


def register(cli: click.Group) -> None:
    for group in (schools_list, submissions, messages, documents, outbox, deadlines):
        if isinstance(group, click.Group):
            cli.add_command(group)
    cli.commands["schools"].add_command(schools_list)


def _session():
    from docflow.store.db import unit_of_work
    return unit_of_work()


@click.command("list", help="Список организаций.")
@click.option("--q", help="Поиск по названию, коду, адресу.")
@json_option
@limit_option
@offset_option
def schools_list(q, as_json, limit, offset):
    from docflow.registers import list_schools
    with _session() as s:
        page = list_schools(s, q=q, limit=limit, offset=offset)
    emit(page.as_dict(), as_json, ["id", "code", "short_name", "director", "emails"])


@click.group(help="Журнал входящих документов.")
def submissions():
    pass


@submissions.command("list", help="Зарегистрированные документы.")
@click.option("--status")
@click.option("--kind")
@click.option("--school-id", type=int)
@click.option("--q")
@click.option("--sort")
@json_option
@limit_option
@offset_option
def submissions_list(status, kind, school_id, q, sort, as_json, limit, offset):
    from docflow.registers import list_submissions
    with _session() as s:
        page = list_submissions(s, status=status, kind=kind, school_id=school_id, q=q, sort=sort,
                                limit=limit, offset=offset)
    emit(page.as_dict(), as_json, ["reg_number", "registered_at", "school", "kind", "status", "findings"])


@click.group(help="Входящие письма.")
def messages():
    pass


@messages.command("list", help="Письма (в том числе на карантине).")
@click.option("--status")
@click.option("--q")
@json_option
@limit_option
@offset_option
def messages_list(status, q, as_json, limit, offset):
    from docflow.registers import list_messages
    with _session() as s:
        page = list_messages(s, status=status, q=q, limit=limit, offset=offset)
    emit(page.as_dict(), as_json, ["id", "created_at", "from_addr", "subject", "status", "error"])


@messages.command("show", help="Письмо с вложениями.")
@click.argument("message_id", type=int)
@json_option
def messages_show(message_id, as_json):
    from docflow.registers import message_detail
    with _session() as s:
        data = message_detail(s, message_id)
    if data is None:
        fail(f"Письмо № {message_id} не найдено", 1)
    emit(data, as_json)


@click.group(help="Реестр документов (приказы, распоряжения, протоколы, письма).")
def documents():
    pass


@documents.command("list")
@click.option("--register", "register_")
@click.option("--status")
@click.option("--q")
@json_option
@limit_option
@offset_option
def documents_list(register_, status, q, as_json, limit, offset):
    from docflow.registers import list_documents
    with _session() as s:
        page = list_documents(s, register=register_, status=status, q=q, limit=limit, offset=offset)
    emit(page.as_dict(), as_json, ["id", "register", "number", "doc_date", "title", "status"])


@click.group(help="Исходящие письма.")
def outbox():
    pass


@outbox.command("list")
@click.option("--status")
@click.option("--kind")
@click.option("--q")
@json_option
@limit_option
@offset_option
def outbox_list(status, kind, q, as_json, limit, offset):
    from docflow.registers import list_outbox
    with _session() as s:
        page = list_outbox(s, status=status, kind=kind, q=q, limit=limit, offset=offset)
    emit(page.as_dict(), as_json, ["id", "created_at", "kind", "to_addrs", "subject", "status", "attempts"])


@click.group(help="Контроль исполнения: сроки.")
def deadlines():
    pass


@deadlines.command("list")
@click.option("--overdue", is_flag=True, help="Только просроченные.")
@click.option("--due-this-week", is_flag=True, help="Срок на этой неделе.")
@click.option("--school-id", type=int)
@click.option("--status", default="open", show_default=True, help="open | done | cancelled | all")
@click.option("--today", type=click.DateTime(["%Y-%m-%d", "%d.%m.%Y"]), help="Считать сегодняшней дату.")
@click.option("--q")
@json_option
@limit_option
@offset_option
def deadlines_list(overdue, due_this_week, school_id, status, today, q, as_json, limit, offset):
    from docflow.config import get_settings
    from docflow.registers import list_deadlines
    day = today.date() if isinstance(today, datetime) else datetime.now(get_settings().tz).date()
    assert isinstance(day, date)
    with _session() as s:
        page = list_deadlines(s, today=day, overdue=overdue, due_this_week=due_this_week, school_id=school_id,
                              status=None if status == "all" else status, q=q, limit=limit, offset=offset)
    emit(page.as_dict(), as_json, ["id", "due_on", "school", "text", "status", "overdue"])
