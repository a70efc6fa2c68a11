"""Staff actions from the terminal: the same operations as the web app (``docflow.actions``)."""

from __future__ import annotations

from datetime import date, datetime

import click

from docflow.cli.common import actor, emit, fail, json_option

_DATE = click.DateTime(["%d.%m.%Y", "%Y-%m-%d"])


def register(cli: click.Group) -> None:
    groups = cli.commands
    groups["messages"].add_command(message_release)
    groups["messages"].add_command(message_reject)
    groups["submissions"].add_command(submission_override)
    groups["submissions"].add_command(submission_recheck)
    groups["outbox"].add_command(outbox_resend)
    groups["deadlines"].add_command(deadline_close)
    groups["deadlines"].add_command(deadline_extend)


def _run(fn, as_json: bool, **kwargs) -> None:
    from docflow.actions import ActionRefused
    from docflow.store.db import unit_of_work
    try:
        with unit_of_work() as s:
            result = fn(s, actor=actor(), **kwargs)
    except ActionRefused as exc:
        fail(str(exc), 1)
    emit(result, as_json)


@click.command("release", help="Выпустить письмо из карантина (его зарегистрирует DAG приёма).")
@click.argument("message_id", type=int)
@click.option("--school-id", type=int, help="Отнести письмо к организации из реестра.")
@click.option("--note", default="", help="Комментарий.")
@json_option
def message_release(message_id, school_id, note, as_json):
    from docflow.actions import release_message
    _run(release_message, as_json, message_id=message_id, school_id=school_id, note=note)


@click.command("reject", help="Отклонить письмо на карантине с указанием причины.")
@click.argument("message_id", type=int)
@click.option("--reason", required=True, help="Причина отклонения.")
@json_option
def message_reject(message_id, reason, as_json):
    from docflow.actions import reject_message
    _run(reject_message, as_json, message_id=message_id, reason=reason)


@click.command("override", help="Решение специалиста о комплектности документа.")
@click.argument("submission_id", type=int)
@click.option("--complete/--incomplete", required=True, help="Комплект полный или неполный.")
@click.option("--reason", required=True, help="Основание решения.")
@json_option
def submission_override(submission_id, complete, reason, as_json):
    from docflow.actions import override_submission
    _run(override_submission, as_json, submission_id=submission_id, complete=complete, reason=reason)


@click.command("resend", help="Повторно отправить недоставленное письмо.")
@click.argument("letter_id", type=int)
@json_option
def outbox_resend(letter_id, as_json):
    from docflow.actions import resend_letter
    _run(resend_letter, as_json, letter_id=letter_id)


@click.command("close", help="Снять с контроля как исполненное, с отметкой.")
@click.argument("deadline_id", type=int)
@click.option("--note", required=True, help="Отметка об исполнении.")
@json_option
def deadline_close(deadline_id, note, as_json):
    from docflow.actions import close_deadline
    _run(close_deadline, as_json, deadline_id=deadline_id, note=note)


@click.command("extend", help="Продлить срок исполнения.")
@click.argument("deadline_id", type=int)
@click.option("--to", "new_due_on", required=True, type=_DATE, help="Новый срок (ДД.ММ.ГГГГ).")
@click.option("--reason", required=True, help="Основание продления.")
@json_option
def deadline_extend(deadline_id, new_due_on, reason, as_json):
    from docflow.actions import extend_deadline
    day = new_due_on.date() if isinstance(new_due_on, datetime) else new_due_on
    assert isinstance(day, date)
    _run(extend_deadline, as_json, deadline_id=deadline_id, new_due_on=day, reason=reason)


@click.command("recheck", help="Проверить документ повторно по действующему файлу форм (например, после "
                              "добавления синонима).")
@click.argument("submission_id", type=int)
@click.option("--note", default="", help="Комментарий.")
@json_option
def submission_recheck(submission_id, note, as_json):
    from docflow.actions import recheck_submission
    _run(recheck_submission, as_json, submission_id=submission_id, note=note)
