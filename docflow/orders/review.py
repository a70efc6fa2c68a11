"""What the head sees before deciding (the approval task's subject and body) and a document's history."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from docflow.store.models import Document, Meeting, OutboxLetter

KIND_RU = {"order": "приказа", "directive": "распоряжения"}


def summary_lines(doc: Document) -> list[str]:
    ctx = doc.context
    lines = [f"Основание: решение совета, протокол от {_d(ctx.get('protocol_date'))} № {ctx.get('protocol_number')}"]
    if doc.kind == "order_site_status":
        for s in ctx.get("sites", []):
            lines.append(f"Присвоить статус МИП: {s['school']['short_name']} — «{s['topic']}», "
                         f"срок с {_d(s.get('term_from'))} по {_d(s.get('term_to'))} (уточняется датой приказа)")
        if ctx.get("report_deadline"):
            lines.append(f"Отчёт площадок в срок до {_d(ctx['report_deadline'])}")
    else:
        for label, key in (("Одобрить промежуточные итоги", "approved"), ("Скорректировать программу", "corrections")):
            names = ", ".join(s["school"]["short_name"] for s in ctx.get(key, []))
            if names:
                lines.append(f"{label}: {names}")
        if ctx.get("corrections"):
            lines.append(f"Срок представления скорректированных программ: до {_d(ctx.get('correction_deadline'))}")
    return lines


def _d(value: Any) -> str:
    if not value:
        return "—"
    y, m, d = str(value)[:10].split("-")
    return f"{d}.{m}.{y}"


def approval_request(doc: Document, web_root: str = "") -> dict[str, str]:
    """Subject and Markdown body of the human-in-the-loop task for one draft.

    The draft opens through the staff app (``{web_root}/documents/{id}/docx`` and ``…/pdf``), which
    checks the Airflow user; no path on the server is shown.
    """
    base = f"{web_root.rstrip('/')}/documents/{doc.id}"
    files = f"[DOCX]({base}/docx)" + (f" · [PDF]({base}/pdf)" if doc.pdf_sha256 else "")
    subject = f"Утверждение проекта {KIND_RU.get(doc.register, 'документа')} «{doc.title}» (проект № {doc.id})"
    body = "\n".join([
        f"**{doc.title}**",
        "",
        *[f"- {line}" for line in summary_lines(doc)],
        "",
        f"Проект документа: {files}",
        "",
        "«Утвердить» — документ получит регистрационный номер и дату, станет неизменяемым и будет разослан "
        "в образовательные организации; комментарий не обязателен. «Вернуть на доработку» — только с "
        "комментарием: укажите, что исправить.",
    ])
    return {"subject": subject, "body": body}


def history(session: Session, document_id: int) -> dict[str, Any] | None:
    """A document's requisites, its events and its letters (for `docflow documents history N`)."""
    from sqlalchemy import select
    doc = session.get(Document, document_id)
    if doc is None:
        return None
    meeting = session.get(Meeting, doc.meeting_id) if doc.meeting_id else None
    letters = session.scalars(select(OutboxLetter).where(OutboxLetter.document_id == doc.id).order_by(OutboxLetter.id))
    return {
        "id": doc.id, "register": doc.register, "kind": doc.kind, "title": doc.title, "status": doc.status,
        "number": doc.number, "doc_date": doc.doc_date, "approved_by": doc.approved_by,
        "docx_sha256": doc.docx_sha256, "pdf_sha256": doc.pdf_sha256,
        "meeting": {"id": meeting.id, "number": meeting.number, "held_on": meeting.held_on} if meeting else None,
        "events": [{"at": e.at, "event": e.event, "actor": e.actor, "note": e.note} for e in doc.events],
        "letters": [{"id": x.id, "to": x.to_addrs, "cc": x.cc_addrs, "status": x.status, "attempts": x.attempts,
                     "sent_at": x.sent_at, "last_error": x.last_error} for x in letters],
    }
