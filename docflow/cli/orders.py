"""Orders and directives: draft, approve, return, distribute; a document's history."""

from __future__ import annotations

import click

from docflow.cli.common import actor, emit, fail, json_option


def register(cli: click.Group) -> None:
    cli.add_command(orders)
    documents = cli.commands.get("documents")
    if isinstance(documents, click.Group):
        documents.add_command(history)
    else:  # pragma: no cover - the registers module defines the group
        group = click.Group("documents", help="Реестр документов.")
        group.add_command(history)
        cli.add_command(group)


@click.command("history", help="История документа: проект, утверждение, номер, рассылка, доставка.")
@click.argument("document_id", type=int)
@json_option
def history(document_id: int, as_json: bool) -> None:
    from docflow.orders.review import history as doc_history
    from docflow.store.db import unit_of_work
    with unit_of_work() as s:
        data = doc_history(s, document_id)
    if data is None:
        fail(f"Документ № {document_id} не найден")
    if as_json:
        emit(data, True)
        return
    from docflow.config import get_settings
    tz = get_settings().tz
    num = f"№ {data['number']} от {data['doc_date']:%d.%m.%Y}" if data["number"] else "без номера (проект)"
    click.echo(f"{data['title']} — {num}, статус: {data['status']}")
    for e in data["events"]:
        at = e["at"].astimezone(tz) if e["at"].tzinfo else e["at"]
        click.echo(f"  {at:%d.%m.%Y %H:%M}  {e['event']:<24} {e['actor']:<20} {e['note']}")
    for x in data["letters"]:
        click.echo(f"  письмо {x['id']}: {', '.join(x['to'])} — {x['status']} {x['last_error']}".rstrip())


@click.group(help="Приказы и распоряжения по решениям совета.")
def orders() -> None:
    pass


@orders.command("draft", help="Подготовить проекты приказа и распоряжения по решениям заседания.")
@click.option("--meeting", "meeting_id", type=int, required=True, help="Номер заседания (id).")
@json_option
def draft(meeting_id: int, as_json: bool) -> None:
    from docflow.orders.drafts import DraftError, draft_for_meeting
    from docflow.orders.rendering import draft_path
    from docflow.store.db import unit_of_work
    try:
        with unit_of_work() as s:
            docs = draft_for_meeting(s, meeting_id, actor=actor())
            rows = [{"id": d.id, "register": d.register, "title": d.title, "status": d.status,
                     "docx": str(draft_path(d))} for d in docs]
    except DraftError as exc:
        fail(str(exc))
    if not rows and not as_json:
        click.echo("По решениям заседания документы не требуются.")
        return
    emit(rows, as_json, ["id", "register", "title", "status", "docx"])


@orders.command("approve", help="Утвердить проект: номер, дата, окончательный документ, сроки.")
@click.argument("document_id", type=int)
@click.option("--comment", default="", help="Комментарий руководителя.")
@json_option
def approve(document_id: int, comment: str, as_json: bool) -> None:
    from docflow.orders.approval import ApprovalError
    from docflow.orders.approval import approve as do_approve
    from docflow.store.db import unit_of_work
    try:
        with unit_of_work() as s:
            res = do_approve(s, document_id, actor(), comment)
    except ApprovalError as exc:
        fail(str(exc))
    emit({"document_id": res.document_id, "number": res.number, "doc_date": res.doc_date.isoformat(),
          "docx_sha256": res.docx_sha256, "pdf_sha256": res.pdf_sha256, "deadlines": res.deadline_ids}, as_json)


@orders.command("return", help="Вернуть проект на доработку с комментарием.")
@click.argument("document_id", type=int)
@click.option("--comment", required=True, help="Что исправить.")
def return_(document_id: int, comment: str) -> None:
    from docflow.orders.approval import ApprovalError, return_draft
    from docflow.store.db import unit_of_work
    try:
        with unit_of_work() as s:
            return_draft(s, document_id, actor(), comment)
    except ApprovalError as exc:
        fail(str(exc))
    click.echo(f"Проект № {document_id} возвращён на доработку.")


@orders.command("distribute", help="Поставить в очередь письма по всем утверждённым документам.")
@json_option
def distribute(as_json: bool) -> None:
    from docflow.orders.distribution import DistributionError, distribute_pending
    try:
        done = distribute_pending()
    except DistributionError as exc:
        fail(str(exc))
    emit([{"document_id": d.document_id, "letters": d.queued, "sent": d.sent, "missing": d.missing} for d in done],
         as_json, ["document_id", "letters", "sent", "missing"])
