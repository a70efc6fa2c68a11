"""Execution control: close a controlled item with a note, or extend its term with a reason."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from docflow import audit
from docflow.actions.base import ActionRefused, load, need_actor, need_text, summary
from docflow.store.models import Deadline, DeadlineEvent, utcnow

_STATUS_RU = {"open": "на контроле", "done": "исполнено", "cancelled": "снято с контроля"}


def _open(session: Session, deadline_id: int) -> Deadline:
    d = load(session, Deadline, deadline_id, f"Пункт контроля № {deadline_id} не найден")
    if d.status != "open":
        status = _STATUS_RU.get(d.status, d.status)
        raise ActionRefused(f"Пункт контроля № {deadline_id} уже закрыт (статус: «{status}»)")
    return d


def close_deadline(session: Session, *, actor: str, deadline_id: int, note: str) -> dict[str, Any]:
    actor = need_actor(actor)
    note = need_text(note, "отметку об исполнении")
    d = _open(session, deadline_id)
    at = utcnow()
    d.status, d.closed_at, d.closed_by, d.close_note = "done", at, actor, note
    session.add(DeadlineEvent(deadline_id=d.id, event="done", actor=actor, note=note, at=at))
    audit.record(session, actor, "deadline.close", "deadline", d.id, {"note": note})
    session.flush()
    return summary(id=d.id, status=d.status, note=note, closed_at=at)


def extend_deadline(session: Session, *, actor: str, deadline_id: int, new_due_on: date,
                    reason: str) -> dict[str, Any]:
    actor = need_actor(actor)
    reason = need_text(reason, "основание продления срока")
    d = _open(session, deadline_id)
    if new_due_on <= d.due_on:
        raise ActionRefused(f"Новый срок ({new_due_on:%d.%m.%Y}) должен быть позже текущего ({d.due_on:%d.%m.%Y})")
    old = d.due_on
    d.due_on = new_due_on
    session.add(DeadlineEvent(deadline_id=d.id, event="extended", actor=actor, note=reason, old_due_on=old,
                              new_due_on=new_due_on))
    audit.record(session, actor, "deadline.extend", "deadline", d.id,
                 {"old_due_on": old.isoformat(), "new_due_on": new_due_on.isoformat(), "reason": reason})
    session.flush()
    return summary(id=d.id, old_due_on=old, due_on=new_due_on, reason=reason, granted_by=actor)
