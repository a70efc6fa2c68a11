"""Read side of every register, shared by the CLI and the staff web app.

Each function returns plain dicts (JSON-ready: ISO dates, no ORM objects) and takes the same
filter vocabulary: free-text ``q``, exact filters, ``sort`` ("field" or "-field"),
``limit``/``offset`` paging. Queries page in the database, so they stay fast on large tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from docflow.store.models import (
    Attachment,
    Deadline,
    Document,
    Message,
    OutboxLetter,
    School,
    SchoolAddress,
    Submission,
)


@dataclass
class Page:
    rows: list[dict[str, Any]]
    total: int
    limit: int
    offset: int

    def as_dict(self) -> dict[str, Any]:
        return {"total": self.total, "limit": self.limit, "offset": self.offset, "rows": self.rows}


def _jsonable(v: Any) -> Any:
    if isinstance(v, datetime | date):
        return v.isoformat()
    return v


def _row(obj: Any, cols: list[str]) -> dict[str, Any]:
    return {c: _jsonable(getattr(obj, c)) for c in cols}


def _page(session: Session, stmt: Select, model: Any, cols: list[str], sort: str | None,
          default_sort: str, limit: int, offset: int, extra=None) -> Page:
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    key = (sort or default_sort)
    desc = key.startswith("-")
    col = getattr(model, key.lstrip("-"), None)
    if col is None or key.lstrip("-") not in cols:
        raise ValueError(f"Сортировка по полю «{key.lstrip('-')}» невозможна")
    stmt = stmt.order_by(col.desc() if desc else col.asc(), model.id.desc() if desc else model.id.asc())
    objs = session.scalars(stmt.limit(limit).offset(offset)).all()
    rows = [{**_row(o, cols), **(extra(o) if extra else {})} for o in objs]
    return Page(rows, total, limit, offset)


SCHOOL_COLS = ["id", "code", "short_name", "full_name", "director", "municipality", "active"]


def list_schools(session: Session, *, q: str | None = None, sort: str | None = None,
                 limit: int = 100, offset: int = 0) -> Page:
    stmt = select(School)
    if q:
        like = f"%{q}%"
        stmt = stmt.where(or_(School.short_name.ilike(like), School.full_name.ilike(like),
                              School.code.ilike(like),
                              School.id.in_(select(SchoolAddress.school_id)
                                            .where(SchoolAddress.email.ilike(like)))))
    return _page(session, stmt, School, SCHOOL_COLS, sort, "short_name", limit, offset,
                 extra=lambda s: {"emails": [a.email for a in s.addresses]})


SUBMISSION_COLS = ["id", "reg_number", "registered_at", "school_id", "kind", "status", "academic_year",
                   "form_type", "needs_person", "supersedes_id", "message_id"]


def list_submissions(session: Session, *, q: str | None = None, status: str | None = None,
                     kind: str | None = None, school_id: int | None = None, sort: str | None = None,
                     limit: int = 100, offset: int = 0) -> Page:
    stmt = select(Submission)
    if status:
        stmt = stmt.where(Submission.status == status)
    if kind:
        stmt = stmt.where(Submission.kind == kind)
    if school_id:
        stmt = stmt.where(Submission.school_id == school_id)
    if q:
        like = f"%{q}%"
        stmt = stmt.where(or_(Submission.reg_number.ilike(like),
                              Submission.school_id.in_(select(School.id).where(School.short_name.ilike(like)))))
    return _page(session, stmt, Submission, SUBMISSION_COLS, sort, "-registered_at", limit, offset,
                 extra=lambda s: {"school": s.school.short_name if s.school else "",
                                  "findings": len(s.findings or [])})


MESSAGE_COLS = ["id", "created_at", "mailbox_id", "uid", "from_addr", "subject", "status", "error",
                "school_id", "raw_sha256", "size"]


def list_messages(session: Session, *, q: str | None = None, status: str | None = None,
                  sort: str | None = None, limit: int = 100, offset: int = 0) -> Page:
    stmt = select(Message)
    if status:
        stmt = stmt.where(Message.status == status)
    if q:
        like = f"%{q}%"
        stmt = stmt.where(or_(Message.from_addr.ilike(like), Message.subject.ilike(like)))
    return _page(session, stmt, Message, MESSAGE_COLS, sort, "-created_at", limit, offset)


def message_detail(session: Session, message_id: int) -> dict[str, Any] | None:
    m = session.get(Message, message_id)
    if m is None:
        return None
    sub = session.scalar(select(Submission).where(Submission.message_id == m.id))
    return {**_row(m, [*MESSAGE_COLS, "message_id_header", "from_name", "sent_at", "in_reply_to",
                       "folder", "uidvalidity", "imap_state", "duplicate_of_id", "details"]),
            "attachments": [_row(a, ["id", "filename", "declared_type", "detected_type", "size", "sha256",
                                     "inline", "origin"])
                            for a in session.scalars(select(Attachment).where(Attachment.message_id == m.id)
                                                     .order_by(Attachment.id))],
            "submission": sub.reg_number if sub else None}


DOCUMENT_COLS = ["id", "register", "kind", "number", "doc_date", "title", "status", "school_id",
                 "meeting_id", "docx_sha256", "pdf_sha256", "created_at"]


def list_documents(session: Session, *, q: str | None = None, register: str | None = None,
                   status: str | None = None, sort: str | None = None, limit: int = 100,
                   offset: int = 0) -> Page:
    stmt = select(Document)
    if register:
        stmt = stmt.where(Document.register == register)
    if status:
        stmt = stmt.where(Document.status == status)
    if q:
        like = f"%{q}%"
        stmt = stmt.where(or_(Document.title.ilike(like), Document.number.ilike(like)))
    return _page(session, stmt, Document, DOCUMENT_COLS, sort, "-created_at", limit, offset)


OUTBOX_COLS = ["id", "created_at", "kind", "to_addrs", "cc_addrs", "subject", "status", "attempts",
               "last_error", "sent_at", "school_id", "submission_id", "document_id", "message_id_header"]


def list_outbox(session: Session, *, q: str | None = None, status: str | None = None,
                kind: str | None = None, sort: str | None = None, limit: int = 100,
                offset: int = 0) -> Page:
    stmt = select(OutboxLetter)
    if status:
        stmt = stmt.where(OutboxLetter.status == status)
    if kind:
        stmt = stmt.where(OutboxLetter.kind == kind)
    if q:
        stmt = stmt.where(OutboxLetter.subject.ilike(f"%{q}%"))
    return _page(session, stmt, OutboxLetter, OUTBOX_COLS, sort, "-created_at", limit, offset)


DEADLINE_COLS = ["id", "due_on", "text", "status", "responsible_kind", "responsible_name", "school_id",
                 "document_id", "item_no", "academic_year", "expects_kind", "closed_at", "close_note"]


def list_deadlines(session: Session, *, today: date, overdue: bool = False, due_this_week: bool = False,
                   school_id: int | None = None, status: str | None = "open", q: str | None = None,
                   sort: str | None = None, limit: int = 100, offset: int = 0) -> Page:
    stmt = select(Deadline)
    if status:
        stmt = stmt.where(Deadline.status == status)
    if overdue:
        stmt = stmt.where(Deadline.due_on < today, Deadline.status == "open")
    if due_this_week:
        monday = today - timedelta(days=today.weekday())
        stmt = stmt.where(Deadline.due_on >= monday, Deadline.due_on <= monday + timedelta(days=6))
    if school_id:
        stmt = stmt.where(Deadline.school_id == school_id)
    if q:
        stmt = stmt.where(Deadline.text.ilike(f"%{q}%"))
    return _page(session, stmt, Deadline, DEADLINE_COLS, sort, "due_on", limit, offset,
                 extra=lambda d: {"overdue": d.status == "open" and d.due_on < today,
                                  "school": d.school.short_name if d.school else ""})
