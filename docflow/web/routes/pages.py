"""The registers: read-only pages, each with search, filters, sorting and paging done in the database."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from docflow import registers as reg
from docflow.store.enums import MeetingStatus, SiteStatus, SubmissionKind, SubmissionStatus
from docflow.store.models import Document, DocumentEvent, Message, School
from docflow.web.auth import Refusal, StaffUser, current_user
from docflow.web.render import base_path, render
from docflow.web.routes.common import clean, db, pager, paging
from docflow.web.routes.common import listing as _list

router = APIRouter()
User = Annotated[StaffUser, Depends(current_user)]
DB = Annotated[Session, Depends(db, scope="function")]

DOC_REGISTERS = {"order": "Приказы", "directive": "Распоряжения", "protocol": "Протоколы",
                 "extract": "Выписки из протоколов", "agenda": "Повестки заседаний",
                 "summary": "Сводки мониторинга", "outgoing": "Исходящие письма"}
# The DAG that wrote a document, for rows stored before run ids carried the DAG id.
DOC_DAGS = {"order": "docflow_orders", "directive": "docflow_orders", "protocol": "docflow_council",
            "extract": "docflow_council", "agenda": "docflow_council", "summary": "docflow_reporting_cycle"}
OUTBOX_STATUSES = ["pending", "sending", "sent", "retry", "failed", "bounced", "withheld"]
OUTBOX_KINDS = {"ack": "Уведомление о регистрации", "notice": "Уведомление", "reply": "Ответ",
                "unregistered": "Ответ незарегистрированному отправителю",
                "limits": "Ответ о превышении ограничений", "distribution": "Рассылка документа",
                "agenda": "Повестка заседания", "invitation": "Приглашение", "call": "Запрос отчётов",
                "reminder": "Напоминание", "overdue": "Уведомление о просрочке", "escalation": "Сообщение руководству",
                "final_notice": "Уведомление об окончании срока", "summary": "Сводка мониторинга",
                "other": "Иное"}
MESSAGE_STATUSES = ["received", "registered", "reply", "quarantined", "released", "rejected", "ignored", "duplicate"]


def schools(session: Session) -> list[tuple[int, str]]:
    return list(session.execute(select(School.id, School.short_name).where(School.active)
                                .order_by(School.short_name)).all())


def message_runs(session: Session, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {i: (d or {}).get("run_id", "") for i, d in session.execute(
        select(Message.id, Message.details).where(Message.id.in_(ids))).all()}


def document_runs(session: Session, ids: list[int]) -> dict[int, str]:
    """Each document's Airflow run as "dag_id/run_id" (older rows stored the bare run id)."""
    if not ids:
        return {}
    out = {}
    for i, register, run in session.execute(select(Document.id, Document.register, Document.run_id)
                                            .where(Document.id.in_(ids))).tuples():
        if run and "/" not in run and register in DOC_DAGS:
            run = f"{DOC_DAGS[register]}/{run}"
        out[i] = run or ""
    return out


def document_pdf_notes(session: Session, ids: list[int]) -> dict[int, str]:
    """Why a document has no PDF (its latest ``pdf_failed`` event)."""
    from docflow.documents.copies import PDF_FAILED
    if not ids:
        return {}
    return {i: note for i, note in session.execute(
        select(DocumentEvent.document_id, DocumentEvent.note)
        .where(DocumentEvent.document_id.in_(ids), DocumentEvent.event == PDF_FAILED)
        .order_by(DocumentEvent.id)).tuples()}


@router.get("/")
def home(request: Request, user: User):
    return RedirectResponse(f"{base_path(request)}/incoming", status_code=303)


@router.get("/incoming")
def incoming(request: Request, user: User, s: DB, q: str | None = None, status: str | None = None,
             kind: str | None = None, school_id: int | None = None, sort: str | None = None, page: int = 1):
    limit, offset = paging(request, page)
    p = _list(reg.list_submissions, s, q=clean(q), status=clean(status), kind=clean(kind), school_id=school_id,
              sort=clean(sort), limit=limit, offset=offset)
    runs = reg.submission_run_ids(s, [r["id"] for r in p.rows])
    return render(request, "incoming.html", rows=p.rows, runs=runs, pager=pager(p.total, limit, offset),
                  statuses=list(SubmissionStatus), kinds=list(SubmissionKind), schools=schools(s),
                  f={"q": q or "", "status": status or "", "kind": kind or "", "school_id": school_id,
                     "sort": sort or "-registered_at"})


@router.get("/incoming/{submission_id}")
def submission(request: Request, user: User, s: DB, submission_id: int):
    sub = reg.submission_detail(s, submission_id)
    if sub is None:
        raise Refusal(404, f"Входящий документ № {submission_id} не найден.", "Не найдено")
    msg = reg.message_detail(s, sub["message_id"]) if sub["message_id"] else None
    return render(request, "submission.html", sub=sub, msg=msg, reading=_reading(sub))


@router.get("/messages/{message_id}")
def message(request: Request, user: User, s: DB, message_id: int):
    msg = reg.message_detail(s, message_id)
    if msg is None:
        raise Refusal(404, f"Письмо № {message_id} не найдено.", "Не найдено")
    return render(request, "message_detail.html", msg=msg, schools=schools(s))


@router.get("/quarantine")
def quarantine(request: Request, user: User, s: DB, q: str | None = None, status: str = "quarantined",
               sort: str | None = None, page: int = 1):
    limit, offset = paging(request, page)
    st = None if status == "all" else clean(status)
    p = _list(reg.list_messages, s, q=clean(q), status=st, sort=clean(sort), limit=limit, offset=offset)
    return render(request, "quarantine.html", rows=p.rows, runs=message_runs(s, [r["id"] for r in p.rows]),
                  pager=pager(p.total, limit, offset), schools=schools(s), statuses=MESSAGE_STATUSES,
                  f={"q": q or "", "status": status, "sort": sort or "-created_at"})


@router.get("/sites")
def sites(request: Request, user: User, s: DB, q: str | None = None, status: str | None = None,
          school_id: int | None = None, sort: str | None = None, page: int = 1):
    limit, offset = paging(request, page)
    p = _list(reg.list_sites, s, today=request.app.state.today(), q=clean(q), status=clean(status),
              school_id=school_id, sort=clean(sort), limit=limit, offset=offset)
    return render(request, "sites.html", rows=p.rows, pager=pager(p.total, limit, offset),
                  statuses=list(SiteStatus), schools=schools(s),
                  f={"q": q or "", "status": status or "", "school_id": school_id, "sort": sort or "-starts_on"})


@router.get("/meetings")
def meetings(request: Request, user: User, s: DB, q: str | None = None, status: str | None = None,
             academic_year: str | None = None, sort: str | None = None, page: int = 1):
    limit, offset = paging(request, page)
    p = _list(reg.list_meetings, s, q=clean(q), status=clean(status), academic_year=clean(academic_year),
              sort=clean(sort), limit=limit, offset=offset)
    return render(request, "meetings.html", rows=p.rows, pager=pager(p.total, limit, offset),
                  statuses=list(MeetingStatus),
                  f={"q": q or "", "status": status or "", "academic_year": academic_year or "",
                     "sort": sort or "-held_on"})


@router.get("/meetings/{meeting_id}")
def meeting(request: Request, user: User, s: DB, meeting_id: int):
    m = reg.meeting_detail(s, meeting_id)
    if m is None:
        raise Refusal(404, f"Заседание № {meeting_id} не найдено.", "Не найдено")
    return render(request, "meeting.html", m=m)


@router.get("/documents")
def documents(request: Request, user: User, s: DB, q: str | None = None, register: str | None = None,
              status: str | None = None, sort: str | None = None, page: int = 1):
    limit, offset = paging(request, page)
    p = _list(reg.list_documents, s, q=clean(q), register=clean(register), status=clean(status), sort=clean(sort),
              limit=limit, offset=offset)
    runs = document_runs(s, [r["id"] for r in p.rows])
    pdf_notes = document_pdf_notes(s, [r["id"] for r in p.rows if not r["pdf_sha256"]])
    return render(request, "documents.html", rows=p.rows, runs=runs, pdf_notes=pdf_notes,
                  pager=pager(p.total, limit, offset),
                  registers=DOC_REGISTERS, statuses=["draft", "returned", "final", "sent", "delivered", "failed"],
                  f={"q": q or "", "register": register or "", "status": status or "",
                     "sort": sort or "-created_at"})


@router.get("/outbox")
def outbox(request: Request, user: User, s: DB, q: str | None = None, status: str | None = None,
           kind: str | None = None, sort: str | None = None, page: int = 1):
    limit, offset = paging(request, page)
    p = _list(reg.list_outbox, s, q=clean(q), status=clean(status), kind=clean(kind), sort=clean(sort),
              limit=limit, offset=offset)
    from docflow.outbox.sender import open_incidents
    return render(request, "outbox.html", rows=p.rows, pager=pager(p.total, limit, offset),
                  statuses=OUTBOX_STATUSES, kinds=OUTBOX_KINDS, incidents=open_incidents(s),
                  f={"q": q or "", "status": status or "", "kind": kind or "", "sort": sort or "-created_at"})


@router.get("/deadlines")
def deadlines(request: Request, user: User, s: DB, q: str | None = None, status: str = "open",
              overdue: bool = False, week: bool = False, school_id: int | None = None, sort: str | None = None,
              page: int = 1):
    limit, offset = paging(request, page)
    today = request.app.state.today()
    p = _list(reg.list_deadlines, s, today=today, overdue=overdue, due_this_week=week, school_id=school_id,
              status=None if status == "all" else clean(status), q=clean(q), sort=clean(sort), limit=limit,
              offset=offset)
    return render(request, "deadlines.html", rows=p.rows, pager=pager(p.total, limit, offset), today=today,
                  schools=schools(s), f={"q": q or "", "status": status, "overdue": overdue, "week": week,
                                         "school_id": school_id, "sort": sort or "due_on"})


@router.get("/deadlines/{deadline_id}")
def deadline(request: Request, user: User, s: DB, deadline_id: int):
    d = reg.deadline_detail(s, deadline_id)
    if d is None:
        raise Refusal(404, f"Пункт контроля № {deadline_id} не найден.", "Не найдено")
    return render(request, "deadline.html", d=d, today=request.app.state.today())


def _reading(sub: dict):
    """How the document was read, section by section (docflow.forms.explain), when it was read."""
    from docflow.config import get_settings
    from docflow.forms.explain import explain
    from docflow.forms.model import Finding, FormRow
    from docflow.forms.spec import forms_of

    data = sub.get("fields") or {}
    if not data.get("form_type"):
        return None
    row = FormRow.from_dict(data)
    findings = [Finding.from_dict(f) for f in sub.get("findings") or [] if isinstance(f, dict) and "problem" in f]
    try:
        views = explain(row, forms_of(get_settings()), findings)
    except Exception:  # a forms file changed past this reading: the page still shows the rest
        return None
    return {"row": row, "sections": views}
