"""Re-send an outgoing letter whose delivery failed: back to the queue with the attempts reset;
the next drain (``docflow.outbox.drain_all``) claims and sends it like any other."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from docflow import audit
from docflow.actions.base import ActionRefused, label, load, need_actor, summary
from docflow.store.enums import OutboxStatus
from docflow.store.models import OutboxLetter

RESENDABLE = {OutboxStatus.FAILED, OutboxStatus.BOUNCED, "withheld"}  # withheld: over intake's ack rate limit


def resend_letter(session: Session, *, actor: str, letter_id: int) -> dict[str, Any]:
    actor = need_actor(actor)
    letter = load(session, OutboxLetter, letter_id, f"Исходящее письмо № {letter_id} не найдено")
    if letter.status not in RESENDABLE:
        raise ActionRefused(f"Письмо № {letter_id} в статусе «{label(letter.status)}»: повторно отправить можно "
                            f"только письмо, которое не удалось доставить")
    old = {"status": letter.status, "attempts": letter.attempts, "last_error": letter.last_error}
    old["delivery"] = letter.delivery or {}
    letter.status = OutboxStatus.PENDING
    letter.attempts = 0
    letter.next_attempt_at = None
    letter.claim_token = letter.claimed_until = None
    # Recipients who already have the letter do not get it again; the others are tried afresh.
    # ``delivery`` holds per-recipient outcomes only: who re-sent it is in the audit log.
    letter.delivery = {a: d for a, d in old["delivery"].items()
                       if isinstance(d, dict) and d.get("status") == OutboxStatus.SENT}
    audit.record(session, actor, "outbox.resend", "outbox", letter.id, old)
    session.flush()
    return summary(id=letter.id, status=letter.status, previous_status=old["status"])
