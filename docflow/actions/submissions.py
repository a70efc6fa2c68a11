"""Override a submission's completeness check: staff declare it complete or incomplete, with a reason."""

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
