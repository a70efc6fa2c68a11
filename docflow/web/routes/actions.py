"""Actions: POST-only forms calling ``docflow.actions`` with the Airflow user's name as the actor."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from urllib.parse import urlencode, urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session

from docflow import actions
from docflow.actions import ActionRefused
from docflow.web.auth import StaffUser, actor
from docflow.web.render import base_path
from docflow.web.routes.common import db

router = APIRouter()
Actor = Annotated[StaffUser, Depends(actor)]
DB = Annotated[Session, Depends(db, scope="function")]
Text = Annotated[str, Form()]


def back(request: Request, next_url: str | None, default: str, message: str) -> RedirectResponse:
    """303 to the page the form came from (only within this app), carrying the success message."""
    base = base_path(request)
    target = next_url if next_url and next_url.startswith(f"{base}/") and "//" not in next_url[1:] \
        and not urlsplit(next_url).netloc else f"{base}{default}"
    sep = "&" if "?" in target else "?"
    return RedirectResponse(f"{target}{sep}{urlencode({'done': message})}", status_code=303)


def parse_day(value: str) -> date:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    raise ActionRefused(f"Дата «{value}» указана неверно: нужен формат ДД.ММ.ГГГГ")


@router.post("/quarantine/{message_id}/release")
def release(request: Request, user: Actor, s: DB, message_id: int, school_id: Text = "", note: Text = "",
            next: Text = ""):
    sid = int(school_id) if school_id.strip().isdigit() else None
    actions.release_message(s, actor=user.name, message_id=message_id, school_id=sid, note=note)
    return back(request, next, "/quarantine", f"Письмо № {message_id} выпущено из карантина и будет зарегистрировано")


@router.post("/quarantine/{message_id}/reject")
def reject(request: Request, user: Actor, s: DB, message_id: int, reason: Text = "", next: Text = ""):
    actions.reject_message(s, actor=user.name, message_id=message_id, reason=reason)
    return back(request, next, "/quarantine", f"Письмо № {message_id} отклонено")


@router.post("/incoming/{submission_id}/override")
def override(request: Request, user: Actor, s: DB, submission_id: int, decision: Text = "", reason: Text = "",
             next: Text = ""):
    if decision not in ("complete", "incomplete"):
        raise ActionRefused("Выберите решение: комплект полный или неполный")
    out = actions.override_submission(s, actor=user.name, submission_id=submission_id,
                                      complete=decision == "complete", reason=reason)
    text = "полным" if decision == "complete" else "неполным"
    return back(request, next, f"/incoming/{submission_id}", f"Комплект {out['reg_number']} признан {text}")


@router.post("/incoming/{submission_id}/recheck")
def recheck(request: Request, user: Actor, s: DB, submission_id: int, note: Text = "", next: Text = ""):
    out = actions.recheck_submission(s, actor=user.name, submission_id=submission_id, note=note)
    return back(request, next, f"/incoming/{submission_id}",
                f"Документ {out['reg_number']} будет проверен повторно при следующем запуске проверки")


@router.post("/outbox/{letter_id}/resend")
def resend(request: Request, user: Actor, s: DB, letter_id: int, next: Text = ""):
    actions.resend_letter(s, actor=user.name, letter_id=letter_id)
    return back(request, next, "/outbox", f"Письмо № {letter_id} поставлено в очередь на повторную отправку")


@router.post("/deadlines/{deadline_id}/close")
def close(request: Request, user: Actor, s: DB, deadline_id: int, note: Text = "", next: Text = ""):
    actions.close_deadline(s, actor=user.name, deadline_id=deadline_id, note=note)
    return back(request, next, "/deadlines", f"Пункт № {deadline_id} снят с контроля как исполненный")


@router.post("/deadlines/{deadline_id}/extend")
def extend(request: Request, user: Actor, s: DB, deadline_id: int, new_due_on: Text = "", reason: Text = "",
           next: Text = ""):
    if not new_due_on.strip():
        raise ActionRefused("Укажите новый срок")
    out = actions.extend_deadline(s, actor=user.name, deadline_id=deadline_id, new_due_on=parse_day(new_due_on),
                                  reason=reason)
    return back(request, next, "/deadlines", f"Срок по пункту № {deadline_id} продлён до "
                                              f"{date.fromisoformat(out['due_on']):%d.%m.%Y}")
