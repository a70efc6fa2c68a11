"""Staff decisions on a submission's completeness check: override it with a reason, or have it read again."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from docflow import audit
from docflow.actions.base import ActionRefused, label, load, need_actor, need_text, summary
from docflow.store.models import Submission, SubmissionEvent

# Statuses from which a person may still decide on completeness (before the council takes it up).
OVERRIDABLE = {"received", "registered", "incomplete", "resubmitted", "complete", "needs_review"}


def override_submission(session: Session, *, actor: str, submission_id: int, complete: bool,
                        reason: str) -> dict[str, Any]:
    actor = need_actor(actor)
    reason = need_text(reason, "основание решения")
    sub = load(session, Submission, submission_id, f"Входящий документ № {submission_id} не найден")
    target = "complete" if complete else "incomplete"
    if sub.status not in OVERRIDABLE:
        raise ActionRefused(f"Документ {sub.reg_number} уже в статусе «{label(sub.status)}»: "
                            f"проверку комплектности изменить нельзя")
    if sub.status == target:
        raise ActionRefused(f"Документ {sub.reg_number} уже в статусе «{label(target)}»")
    old = sub.status
    sub.status = target
    sub.needs_person = False
    session.add(SubmissionEvent(submission_id=sub.id, from_status=old, to_status=target, actor=actor,
                                cause=f"решение специалиста: {reason}", details={"override": True}))
    audit.record(session, actor, "submission.override", "submission", sub.id,
                 {"from": old, "to": target, "reason": reason})
    session.flush()
    return summary(id=sub.id, reg_number=sub.reg_number, from_status=old, status=target, reason=reason)


def recheck_submission(session: Session, *, actor: str, submission_id: int, note: str = "") -> dict[str, Any]:
    """Read the document again with the forms file as it is now (a synonym added for the school's
    wording); the next validation run checks it and the school hears only of a changed verdict."""
    actor = need_actor(actor)
    sub = load(session, Submission, submission_id, f"Входящий документ № {submission_id} не найден")
    if sub.status not in OVERRIDABLE - {"received", "registered"}:
        raise ActionRefused(f"Документ {sub.reg_number} в статусе «{label(sub.status)}»: повторная проверка "
                            "невозможна")
    old = sub.status
    sub.status = "registered"
    cause = "повторная проверка по действующему файлу форм" + (f": {note.strip()}" if note.strip() else "")
    session.add(SubmissionEvent(submission_id=sub.id, from_status=old, to_status="registered", actor=actor,
                                cause=cause, details={"recheck": True}))
    audit.record(session, actor, "submission.recheck", "submission", sub.id, {"from": old, "note": note})
    session.flush()
    return summary(id=sub.id, reg_number=sub.reg_number, from_status=old, status="registered")
