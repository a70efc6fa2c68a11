"""The head's decision on a draft: approve (number, date, final DOCX/PDF, deadlines) or return.

Both the human-in-the-loop task of ``docflow_orders`` and ``docflow orders approve|return`` call
these functions. ``approve`` is idempotent for a document that is already final (a retried task
gets the same number back); a returned draft cannot be approved — a new draft is made instead.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from docflow import audit
from docflow.config import Settings, get_settings
from docflow.orders import deadlines, drafts, immutability, rendering, terms
from docflow.orders.serial import from_json, to_json
from docflow.store.enums import DocumentStatus, SiteStatus, SubmissionStatus
from docflow.store.models import Document, DocumentEvent, Site, Submission, SubmissionEvent, utcnow
from docflow.store.numbering import next_seq

ImmutableDocumentError = immutability.ImmutableDocumentError


class ApprovalError(Exception):
    """The document is not in a state that allows the action; the message is for staff."""


@dataclass(frozen=True)
class Approved:
    document_id: int
    number: str
    doc_date: dt.date
    docx_sha256: str
    pdf_sha256: str
    deadline_ids: list[int]


def _lock(session: Session, document_id: int) -> Document:
    doc = session.scalar(select(Document).where(Document.id == document_id).with_for_update())
    if doc is None:
        raise ApprovalError(f"Документ № {document_id} не найден")
    if doc.kind not in drafts.KINDS:
        raise ApprovalError(f"Документ № {document_id} ({doc.kind}) не является приказом или распоряжением")
    return doc


def stored_context(doc: Document) -> Any:
    _register, cls = drafts.KINDS[doc.kind]
    data = {k: v for k, v in doc.context.items() if not k.startswith("_")}
    return from_json(cls, data)


def _want_pdf(pdf: bool | None) -> bool:
    if pdf is not None:
        return pdf
    return os.environ.get("DOCFLOW_ORDERS_PDF", "1") != "0" and os.environ.get("DOCFLOW_PDF", "1") != "0"


def approve(session: Session, document_id: int, actor: str, comment: str = "", *,
            settings: Settings | None = None, today: dt.date | None = None, pdf: bool | None = None,
            run_id: str = "") -> Approved:
    """Number, date, render and archive the final document; controlled deadlines from its items."""
    settings = settings or get_settings()
    doc = _lock(session, document_id)
    if doc.status in immutability.FINAL_STATES:
        return Approved(doc.id, doc.number or "", doc.doc_date, doc.docx_sha256, doc.pdf_sha256,
                        [d.id for d in deadlines.for_document(session, doc.id)])
    if doc.status != DocumentStatus.DRAFT:
        raise ApprovalError(f"Проект № {document_id} возвращён на доработку; утвердить можно только новый проект")
    day = today or terms.today(settings)
    seq = next_seq(session, doc.register, day.year)
    number = settings.numbering.format(doc.register, day.year, seq)
    ctx = drafts.with_dates(stored_context(doc), settings, number, day)
    docx = rendering.render(doc.template, ctx)
    from docflow.documents.copies import OFF, PDF_FAILED
    pdf_bytes, pdf_note = rendering.to_pdf(docx) if _want_pdf(pdf) else (None, OFF)

    meta = doc.context.get("_docflow", {})
    data = to_json(ctx)
    data["_docflow"] = meta
    doc.number, doc.reg_year, doc.reg_seq, doc.doc_date = number, day.year, seq, day
    doc.context = data
    doc.docx_sha256, doc.pdf_sha256 = rendering.store_final_files(doc, docx, pdf_bytes)
    doc.status = DocumentStatus.FINAL
    doc.approved_by, doc.approved_at = actor, utcnow()
    if run_id:
        doc.run_id = run_id
    note = comment.strip()
    session.add(DocumentEvent(document_id=doc.id, event="approved", actor=actor, note=note))
    session.add(DocumentEvent(document_id=doc.id, event="numbered", actor="system",
                              note=f"№ {number} от {day:%d.%m.%Y}; SHA-256 {doc.docx_sha256}"
                                   + (f"; {pdf_note}" if pdf_note and pdf_bytes else "")))
    if not pdf_bytes:
        session.add(DocumentEvent(document_id=doc.id, event=PDF_FAILED, actor="system", note=pdf_note))
    _activate_sites(session, doc, meta, ctx)
    _mark_submissions(session, doc, meta, actor, run_id)
    created = deadlines.from_document(session, doc, ctx, settings)
    audit.record(session, actor, "document.approve", "document", doc.id, {"number": number, "comment": note})
    session.flush()
    return Approved(doc.id, number, day, doc.docx_sha256, doc.pdf_sha256, [d.id for d in created])


def return_draft(session: Session, document_id: int, actor: str, comment: str) -> Document:
    """Send the draft back with the head's comment; the next run drafts anew."""
    if not comment or not comment.strip():
        raise ApprovalError("Укажите, что нужно исправить в проекте (комментарий обязателен)")
    doc = _lock(session, document_id)
    if doc.status != DocumentStatus.DRAFT:
        raise ApprovalError(f"Документ № {document_id} не является проектом (статус: {doc.status})")
    doc.status = DocumentStatus.RETURNED
    session.add(DocumentEvent(document_id=doc.id, event="returned", actor=actor, note=comment.strip()))
    audit.record(session, actor, "document.return", "document", doc.id, {"comment": comment.strip()})
    session.flush()
    return doc


def _activate_sites(session: Session, doc: Document, meta: dict[str, Any], ctx: Any) -> None:
    if doc.kind != drafts.ORDER_KIND:
        return
    start, end = ctx.sites[0].term_from, ctx.sites[0].term_to
    for site_id in meta.get("site_ids", []):
        site = session.get(Site, site_id)
        if site is not None and site.status == SiteStatus.APPLICANT:
            site.status, site.starts_on, site.ends_on, site.order_document_id = SiteStatus.ACTIVE, start, end, doc.id


def _mark_submissions(session: Session, doc: Document, meta: dict[str, Any], actor: str, run_id: str) -> None:
    if doc.kind != drafts.ORDER_KIND:
        return
    for row in meta.get("schools", []):
        sub = session.get(Submission, row["submission_id"])
        if sub is None or sub.status == SubmissionStatus.ORDER_ISSUED:
            continue
        session.add(SubmissionEvent(submission_id=sub.id, from_status=sub.status,
                                    to_status=SubmissionStatus.ORDER_ISSUED, actor=actor, run_id=run_id,
                                    cause=f"Издан приказ от {doc.doc_date:%d.%m.%Y} № {doc.number}",
                                    details={"document_id": doc.id}))
        sub.status = SubmissionStatus.ORDER_ISSUED
