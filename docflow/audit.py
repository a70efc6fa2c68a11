"""The audit log: every staff action, whoever performs it and through whichever entry point."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from docflow.store.models import AuditEntry


def record(session: Session, actor: str, action: str, object_type: str, object_id: int | None,
           details: dict[str, Any] | None = None) -> AuditEntry:
    entry = AuditEntry(actor=actor, action=action, object_type=object_type, object_id=object_id,
                       details=details or {})
    session.add(entry)
    return entry
