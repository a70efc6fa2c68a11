"""Staff operations: one implementation behind two entry points (the ``docflow`` CLI and the web app).

Every function takes an open session and the actor's name, checks that the operation is possible,
changes the records, writes the event history and an audit entry, and returns a short JSON-ready
summary. An impossible operation raises :class:`ActionRefused` with a Russian message for staff;
nothing is changed then (the caller's unit of work rolls back).
"""

from docflow.actions.base import ActionRefused
from docflow.actions.deadlines import close_deadline, extend_deadline
from docflow.actions.outbox import resend_letter
from docflow.actions.quarantine import reject_message, release_message
from docflow.actions.submissions import override_submission, recheck_submission

__all__ = [
           "ActionRefused",
           "close_deadline",
           "extend_deadline",
           "override_submission",
           "recheck_submission",
           "reject_message",
           "release_message",
           "resend_letter",
]
