"""Distribution of final orders and directives: one letter per school into the outbox.

Each letter goes to the school's registered primary address (the first address when none is
marked primary), with ``distribution.copies`` in copy, the DOCX (and PDF) attached, threaded to
the school's submission (In-Reply-To / References: the Message-ID of the letter it came in).
``dedup_key = distribution:{document_id}:{school_id}``, so a rerun never queues a letter twice.
The document becomes ``sent`` (event «queued») once every letter is queued; sending is the outbox
sender's job (it adds a «sent» event per letter and sets ``delivered`` when all are sent, «failed» events).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from docflow.config import Settings, get_settings
from docflow.orders import drafts, rendering, russian
from docflow.outbox import Attachment, enqueue
from docflow.store import archive
from docflow.store.enums import DocumentStatus
from docflow.store.models import Deadline, Document, DocumentEvent, School, Submission

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
KIND_LABEL = {"order": ("Приказ", "приказ"), "directive": ("Распоряжение", "распоряжение")}


@dataclass
class Distributed:
    document_id: int
    queued: list[int] = field(default_factory=list)  # outbox letter ids (new or already queued)
    missing: list[str] = field(default_factory=list)  # schools without an address
    sent: bool = False


def pending(session: Session) -> list[int]:
    """Final orders and directives not yet fully queued."""
    return list(session.scalars(select(Document.id).where(Document.status == DocumentStatus.FINAL,
                                                          Document.kind.in_(list(drafts.KINDS)))
                                .order_by(Document.id)))


def _address(school: School) -> str | None:
    addrs = sorted(school.addresses, key=lambda a: (not a.is_primary, a.id))
    return addrs[0].email if addrs else None


def _thread(session: Session, submission_id: int | None) -> str:
    sub = session.get(Submission, submission_id) if submission_id else None
    return sub.message.message_id_header if sub is not None and sub.message is not None else ""


def _deadline_lines(session: Session, doc: Document, school_id: int) -> list[str]:
    rows = session.scalars(select(Deadline).where(Deadline.document_id == doc.id, Deadline.school_id == school_id)
                           .order_by(Deadline.due_on))
    return [f"— до {d.due_on:%d.%m.%Y} (пункт {d.item_no}): {d.text[:1].lower() + d.text[1:]}." for d in rows]


def letter_text(session: Session, doc: Document, school: School, settings: Settings) -> tuple[str, str]:
    """Subject and body of the letter to one school, formal Russian."""
    cap, low = KIND_LABEL.get(doc.register, ("Документ", "документ"))
    committee = settings.committee
    genitive = russian.genitive(committee.short_name)  # «комитета по образованию»
    subject = f"{cap} {genitive} от {doc.doc_date:%d.%m.%Y} № {doc.number} «{doc.title}» — {school.short_name}"
    files = "в форматах DOCX и PDF" if doc.pdf_sha256 else "в формате DOCX"
    lines = [
        "Уважаемые коллеги!",
        "",
        f"Направляем {low} {genitive} от {doc.doc_date:%d.%m.%Y} № {doc.number} «{doc.title}» для сведения "
        f"и исполнения. Документ приложен к письму {files}.",
    ]
    due = _deadline_lines(session, doc, school.id)
    if due:
        lines += ["", f"Обращаем внимание на сроки, установленные для {school.short_name}:", *due]
    lines += [
        "",
        "Просим подтвердить получение ответным письмом.",
        "",
        "С уважением,",
        committee.name,
        *[x for x in (committee.address, f"тел. {committee.phone}" if committee.phone else "", committee.email) if x],
        "",
        "Письмо сформировано системой электронного документооборота комитета. "
        "Ответ направляйте на адрес, с которого пришло письмо.",
    ]
    return subject, "\n".join(lines)


def _attachments(doc: Document) -> list[Attachment]:
    out = [Attachment(rendering.attachment_name(doc, ".docx"), archive.get(doc.docx_sha256), DOCX_MIME)]
    if doc.pdf_sha256:
        out.append(Attachment(rendering.attachment_name(doc, ".pdf"), archive.get(doc.pdf_sha256), "application/pdf"))
    return out


def distribute(session: Session, document_id: int, *, settings: Settings | None = None,
               actor: str = "system") -> Distributed:
    """Queue the letters of one final document; mark it sent when all are queued."""
    settings = settings or get_settings()
    doc = session.scalar(select(Document).where(Document.id == document_id).with_for_update())
    result = Distributed(document_id)
    if doc is None or doc.status != DocumentStatus.FINAL:
        result.sent = doc is not None and doc.status in (DocumentStatus.SENT, DocumentStatus.DELIVERED)
        return result
    sender = settings.mailboxes[0]
    attachments = _attachments(doc)
    seen: set[int] = set()
    for row in doc.context.get("_docflow", {}).get("schools", []):
        school = session.get(School, row["school_id"])
        if school is None or school.id in seen:
            continue
        seen.add(school.id)
        address = _address(school)
        if not address:
            result.missing.append(school.short_name)
            continue
        subject, body = letter_text(session, doc, school, settings)
        thread = _thread(session, row.get("submission_id"))
        letter = enqueue(session, dedup_key=f"distribution:{doc.id}:{school.id}", kind="distribution",
                         sender=sender.address, mailbox=sender.name, to=[address],
                         cc=list(settings.distribution.copies),
                         subject=subject, body=body, attachments=attachments, in_reply_to=thread,
                         references=[thread] if thread else [], school_id=school.id,
                         submission_id=row.get("submission_id"), document_id=doc.id)
        result.queued.append(letter.id)
    if result.missing:
        note = "Нет адреса электронной почты: " + ", ".join(result.missing)
        last = doc.events[-1] if doc.events else None
        if last is None or last.event != "distribution_incomplete" or last.note != note:
            session.add(DocumentEvent(document_id=doc.id, event="distribution_incomplete", actor=actor, note=note))
    else:
        doc.status = DocumentStatus.SENT
        session.add(DocumentEvent(document_id=doc.id, event="queued", actor=actor,
                                  note=f"Писем поставлено в очередь: {len(result.queued)}"))
        result.sent = True
    session.flush()
    return result


def distribute_pending(*, settings: Settings | None = None) -> list[Distributed]:
    """Every pending document, each in its own transaction: one bad document never stops the rest
    (its error is raised after the others are queued)."""
    from docflow.store.db import unit_of_work
    with unit_of_work() as s:
        ids = pending(s)
    out, errors = [], []
    for document_id in ids:
        try:
            with unit_of_work() as s:
                out.append(distribute(s, document_id, settings=settings))
        except Exception as exc:
            errors.append(f"документ {document_id}: {exc}")
    if errors:
        raise DistributionError("Не удалось разослать: " + "; ".join(errors))
    return out


class DistributionError(Exception):
    """Some documents could not be queued; the others were."""
