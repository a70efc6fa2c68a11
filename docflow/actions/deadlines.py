"""Execution control from the UI and the CLI: close a controlled item with a note, or extend it.

The operation itself lives in ``docflow.reporting.control`` (the daily control pass and the
year replay use it too); this module is the staff entry point: actor check, Russian refusals,
a JSON-ready summary.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from docflow.actions.base import ActionRefused, need_actor, need_text, summary
from docflow.reporting import control


def close_deadline(session: Session, *, actor: str, deadline_id: int, note: str) -> dict[str, Any]:
    actor = need_actor(actor)
    note = need_text(note, "отметку об исполнении")
    try:
        d = control.close_deadline(session, deadline_id, actor, note)
    except control.DeadlineError as exc:
        raise ActionRefused(str(exc)) from None
    session.flush()
    return summary(id=d.id, status=d.status, note=note, closed_at=d.closed_at)


def extend_deadline(session: Session, *, actor: str, deadline_id: int, new_due_on: date,
                    reason: str) -> dict[str, Any]:
    actor = need_actor(actor)
    reason = need_text(reason, "основание продления срока")
    try:
        old = control.open_item_due(session, deadline_id)
        d = control.extend_deadline(session, deadline_id, new_due_on, actor, reason)
    except control.DeadlineError as exc:
        raise ActionRefused(str(exc)) from None
    session.flush()
    return summary(id=d.id, old_due_on=old, due_on=d.due_on, reason=reason, granted_by=actor)
