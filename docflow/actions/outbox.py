"""Re-send an outgoing letter whose delivery failed: back to the queue with the attempts reset."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from docflow import audit
from docflow.actions.base import ActionRefused, label, load, need_actor, summary
from docflow.store.models import OutboxLetter

RESENDABLE = {"failed", "bounced"}


def resend_letter(session: Session, *, actor: str, letter_id: int) -> dict[str, Any]:
    actor = need_actor(actor)
    letter = load(session, OutboxLetter, letter_id, f"Исходящее письмо № {letter_id} не найдено")
    if letter.status not in RESENDABLE:
        raise ActionRefused(f"Письмо № {letter_id} в статусе «{label(letter.status)}»: повторно отправить можно "
                            f"только письмо, которое не удалось доставить")
    old = {"status": letter.status, "attempts": letter.attempts, "last_error": letter.last_error}
    letter.status = "pending"
    letter.attempts = 0
    letter.next_attempt_at = None
    letter.delivery = {**(letter.delivery or {}), "resent_by": actor, "previous": old}
    audit.record(session, actor, "outbox.resend", "outbox", letter.id, old)
    session.flush()
    return summary(id=letter.id, status=letter.status, previous_status=old["status"])
