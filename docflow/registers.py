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

from docflow.calendar.rules import academic_year
from docflow.store.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Council,
    CouncilMember,
    Deadline,
    DeadlineEvent,
    Document,
    Meeting,
    Message,
    OutboxLetter,
    School,
    SchoolAddress,
    Site,
    Submission,
    SubmissionEvent,
    Vote,
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
                                  "findings": len(s.findings or []),
                                  "authenticity": sender_authenticity(s.message.details if s.message else None)})


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
    return _page(session, stmt, Message, MESSAGE_COLS, sort, "-created_at", limit, offset,
                 extra=lambda m: {"authenticity": sender_authenticity(m.details)})


def sender_authenticity(details: dict | None) -> str:
    """«подлинность отправителя не проверена» when the committee's server did not vouch for it."""
    verdict = ((details or {}).get("auth") or {}).get("verdict")
    return "подлинность отправителя не проверена" if verdict == "unverified" else ""


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
            "submission": sub.reg_number if sub else None,
            "authenticity": sender_authenticity(m.details)}


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


# --- added for the staff web app ----------------------------------------------------------

SITE_COLS = ["id", "school_id", "status", "theme", "direction", "starts_on", "ends_on", "application_id",
             "order_document_id", "created_at"]


def list_sites(session: Session, *, today: date, q: str | None = None, status: str | None = None,
               school_id: int | None = None, sort: str | None = None, limit: int = 100,
               offset: int = 0) -> Page:
    """Innovation sites with their obligations (deadlines) in the academic year of ``today``."""
    stmt = select(Site)
    if status:
        stmt = stmt.where(Site.status == status)
    if school_id:
        stmt = stmt.where(Site.school_id == school_id)
    if q:
        like = f"%{q}%"
        stmt = stmt.where(or_(Site.theme.ilike(like), Site.direction.ilike(like),
                              Site.school_id.in_(select(School.id).where(School.short_name.ilike(like)))))
    page = _page(session, stmt, Site, SITE_COLS, sort, "-starts_on", limit, offset,
                 extra=lambda s: {"school": s.school.short_name if s.school else ""})
    year = academic_year(today).label
    ids = [r["id"] for r in page.rows]
    schools = {r["school_id"] for r in page.rows}
    obligations: dict[int, list[Deadline]] = {i: [] for i in ids}
    if ids:
        rows = session.scalars(select(Deadline).where(
            Deadline.academic_year == year,
            or_(Deadline.site_id.in_(ids), Deadline.school_id.in_(schools))).order_by(Deadline.due_on))
        by_school = {r["school_id"]: r["id"] for r in page.rows}
        for d in rows:
            sid = d.site_id if d.site_id in obligations else by_school.get(d.school_id)
            if sid in obligations:
                obligations[sid].append(d)
    for r in page.rows:
        ds = obligations[r["id"]]
        open_ = [d for d in ds if d.status == "open"]
        r["academic_year"] = year
        r["obligations_total"] = len(ds)
        r["obligations_open"] = len(open_)
        r["obligations_overdue"] = sum(1 for d in open_ if d.due_on < today)
        r["next_due_on"] = _jsonable(open_[0].due_on) if open_ else None
        r["next_due_text"] = open_[0].text if open_ else ""
    return page


MEETING_COLS = ["id", "council_id", "number", "held_on", "kind", "status", "place", "protocol_document_id",
                "run_id", "created_at"]


def list_meetings(session: Session, *, q: str | None = None, status: str | None = None,
                  academic_year: str | None = None, sort: str | None = None, limit: int = 100,
                  offset: int = 0) -> Page:
    stmt = select(Meeting)
    if status:
        stmt = stmt.where(Meeting.status == status)
    if academic_year:
        stmt = stmt.where(Meeting.council_id.in_(select(Council.id).where(Council.academic_year == academic_year)))
    if q:
        stmt = stmt.where(or_(Meeting.place.ilike(f"%{q}%"), Meeting.id.in_(
            select(AgendaItem.meeting_id).where(AgendaItem.title.ilike(f"%{q}%")))))
    page = _page(session, stmt, Meeting, MEETING_COLS, sort, "-held_on", limit, offset,
                 extra=lambda m: {"academic_year": m.council.academic_year if m.council else "",
                                  "items": len(m.items)})
    protocol_ids = [r["protocol_document_id"] for r in page.rows if r["protocol_document_id"]]
    numbers = dict(session.execute(select(Document.id, Document.number).where(Document.id.in_(protocol_ids))).all()) \
        if protocol_ids else {}
    for r in page.rows:
        r["protocol_number"] = numbers.get(r["protocol_document_id"])
    return page


def meeting_detail(session: Session, meeting_id: int) -> dict[str, Any] | None:
    m = session.get(Meeting, meeting_id)
    if m is None:
        return None
    members = {cm.id: cm for cm in session.scalars(select(CouncilMember).where(CouncilMember.council_id == m.council_id)
                                                   .order_by(CouncilMember.position_no))}
    present = dict(session.execute(select(Attendance.member_id, Attendance.present)
                                   .where(Attendance.meeting_id == m.id)).all())
    items = []
    for it in m.items:
        vote: Vote | None = it.vote
        items.append({**_row(it, ["id", "position_no", "kind", "title", "speaker", "decision", "decision_text",
                                  "reasons", "due_date", "submission_id"]),
                      "reg_number": it.submission.reg_number if it.submission else None,
                      "vote": _row(vote, ["votes_for", "votes_against", "votes_abstained", "recorded_by"])
                      if vote else None})
    protocol = session.get(Document, m.protocol_document_id) if m.protocol_document_id else None
    chair, secretary = members.get(m.chair_id), members.get(m.secretary_id)
    return {**_row(m, MEETING_COLS),
            "council": m.council.name if m.council else "",
            "academic_year": m.council.academic_year if m.council else "",
            "chair": chair.full_name if chair else "", "secretary": secretary.full_name if secretary else "",
            "attendance": [{"member_id": cm.id, "full_name": cm.full_name, "position": cm.position, "role": cm.role,
                            "present": present.get(cm.id)} for cm in members.values()],
            "items": items,
            "protocol": _row(protocol, DOCUMENT_COLS) if protocol else None,
            "documents": [_row(d, DOCUMENT_COLS) for d in session.scalars(
                select(Document).where(Document.meeting_id == m.id).order_by(Document.id))]}


def submission_detail(session: Session, submission_id: int) -> dict[str, Any] | None:
    s = session.get(Submission, submission_id)
    if s is None:
        return None
    return {**_row(s, [*SUBMISSION_COLS, "form_version", "fields", "findings", "attachment_id", "updated_at"]),
            "school": s.school.short_name if s.school else "",
            "events": [_row(e, ["id", "at", "from_status", "to_status", "cause", "actor", "run_id"]) for e in s.events]}


def submission_run_ids(session: Session, submission_ids: list[int]) -> dict[int, str]:
    """The latest Airflow run ("dag_id/run_id") recorded for each submission, in one query."""
    if not submission_ids:
        return {}
    rows = session.execute(select(SubmissionEvent.submission_id, SubmissionEvent.run_id)
                           .where(SubmissionEvent.submission_id.in_(submission_ids), SubmissionEvent.run_id != "")
                           .order_by(SubmissionEvent.id)).all()
    return {sid: run for sid, run in rows}


def deadline_detail(session: Session, deadline_id: int) -> dict[str, Any] | None:
    d = session.get(Deadline, deadline_id)
    if d is None:
        return None
    return {**_row(d, [*DEADLINE_COLS, "closed_by"]),
            "school": d.school.short_name if d.school else "",
            "events": [_row(e, ["at", "event", "actor", "note", "old_due_on", "new_due_on"])
                       for e in session.scalars(select(DeadlineEvent).where(DeadlineEvent.deadline_id == d.id)
                                                .order_by(DeadlineEvent.id))]}
