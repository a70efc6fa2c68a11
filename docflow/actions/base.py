"""Shared pieces of the staff operations."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.orm import Session

from docflow.store.enums import LABELS_RU

T = TypeVar("T")


class ActionRefused(Exception):
    """The operation is impossible; the message (in Russian) says why."""


def load(session: Session, model: type[T], object_id: int, not_found: str) -> T:
    """The row, locked for update where the database supports it, or a refusal saying ``not_found``."""
    obj = session.get(model, object_id, with_for_update=session.get_bind().dialect.name != "sqlite")
    if obj is None:
        raise ActionRefused(not_found)
    return obj


def need_text(value: str | None, what: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ActionRefused(f"Укажите {what}")
    if len(text) > 2000:
        raise ActionRefused(f"Слишком длинный текст: {what} — не более 2000 знаков")
    return text


# Store labels plus the statuses the store module leaves unlabelled (outbox, documents, meetings, sites, …).
LABELS: dict[str, str] = {
    **LABELS_RU,
    "pending": "в очереди на отправку", "sending": "отправляется", "sent": "отправлено",
    "retry": "ожидает повторной попытки", "failed": "не доставлено", "bounced": "возвращено почтовым сервером",
    "withheld": "задержано (превышен предел подтверждений)",
    "draft": "проект", "final": "подписан", "open": "на контроле", "done": "исполнено",
    "cancelled": "снято с контроля", "scheduled": "назначено", "agenda_confirmed": "повестка утверждена",
    "held": "проведено", "protocol_issued": "протокол оформлен", "applicant": "заявитель", "active": "действует",
    "completed": "завершена", "extended": "продлена", "revoked": "статус отозван",
    "approve": "одобрить", "reject": "отклонить", "return": "вернуть на доработку", "note": "принять к сведению",
    "regular": "очередное", "extraordinary": "внеочередное",
}
# Where one code means different things in different registers.
LABELS_BY_KIND: dict[str, dict[str, str]] = {
    "document": {"returned": "возвращён на доработку", "sent": "направлен", "delivered": "доставлен",
                 "failed": "не доставлен"},
    "message": {"rejected": "отклонено специалистом", "received": "получено", "registered": "зарегистрировано"},
}


def label(status: str, kind: str = "") -> str:
    return LABELS_BY_KIND.get(kind, {}).get(status) or LABELS.get(status, status)


def need_actor(actor: str) -> str:
    actor = (actor or "").strip()
    if not actor:
        raise ActionRefused("Не указано, кто выполняет действие")
    return actor[:200]


def summary(**fields: Any) -> dict[str, Any]:
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in fields.items()}
