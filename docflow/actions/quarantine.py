"""Quarantine: release a held letter (optionally naming its school) or reject it with a reason.

A released letter gets status ``released``; the intake DAG picks released letters up and registers them.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from docflow import audit
from docflow.actions.base import ActionRefused, label, load, need_actor, need_text, summary
from docflow.store.models import Message, School, utcnow


def _quarantined(session: Session, message_id: int) -> Message:
    msg = load(session, Message, message_id, f"Письмо № {message_id} не найдено")
    if msg.status != "quarantined":
        raise ActionRefused(f"Письмо № {message_id} не на карантине (статус: «{label(msg.status, 'message')}»); "
                            f"выпустить или отклонить можно только письмо на карантине")
    return msg


def release_message(session: Session, *, actor: str, message_id: int, school_id: int | None = None,
                    note: str = "") -> dict[str, Any]:
    actor = need_actor(actor)
    msg = _quarantined(session, message_id)
    if school_id is not None:
        school = session.get(School, school_id)
        if school is None or not school.active:
            raise ActionRefused(f"Организация № {school_id} не найдена в реестре или не действует")
        msg.school_id = school.id
    at = utcnow()
    msg.status = "released"
    msg.details = {**(msg.details or {}),
                   "released": {"by": actor, "at": at.isoformat(), "note": (note or "").strip(),
                                "school_id": msg.school_id, "error": msg.error}}
    audit.record(session, actor, "message.release", "message", msg.id,
                 {"school_id": msg.school_id, "note": (note or "").strip(), "error": msg.error})
    session.flush()
    return summary(id=msg.id, status=msg.status, school_id=msg.school_id, at=at)


def reject_message(session: Session, *, actor: str, message_id: int, reason: str) -> dict[str, Any]:
    actor = need_actor(actor)
    reason = need_text(reason, "причину отклонения")
    msg = _quarantined(session, message_id)
    at = utcnow()
    msg.status = "rejected"
    msg.details = {**(msg.details or {}), "rejected": {"by": actor, "at": at.isoformat(), "reason": reason,
                                                       "error": msg.error}}
    audit.record(session, actor, "message.reject", "message", msg.id, {"reason": reason, "error": msg.error})
    session.flush()
    return summary(id=msg.id, status=msg.status, reason=reason, at=at)
