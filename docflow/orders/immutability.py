"""A final document cannot change: any attempt raises before it reaches the database.

Guarded at the ORM flush (every session in the process once ``docflow.orders`` is imported):
after a document is final, only its status may move forward (final → sent → delivered | failed)
and a missing PDF may be added once. Everything else — number, date, context, file hashes,
title — raises ``ImmutableDocumentError``. The archive itself is content-addressed, so the bytes
behind ``docx_sha256`` cannot change either.
"""

from __future__ import annotations

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from docflow.store.enums import DocumentStatus
from docflow.store.models import Document

FINAL_STATES = {DocumentStatus.FINAL, DocumentStatus.SENT, DocumentStatus.DELIVERED, DocumentStatus.FAILED}
FORWARD = {
    DocumentStatus.FINAL: {DocumentStatus.SENT, DocumentStatus.DELIVERED, DocumentStatus.FAILED},
    DocumentStatus.SENT: {DocumentStatus.DELIVERED, DocumentStatus.FAILED},
    DocumentStatus.FAILED: {DocumentStatus.SENT, DocumentStatus.DELIVERED},
    DocumentStatus.DELIVERED: set(),
}


class ImmutableDocumentError(Exception):
    """An attempt to change or delete a final document."""


def _committed(state, attr: str):
    hist = state.attrs[attr].history
    if hist.deleted:
        return hist.deleted[0]
    return hist.unchanged[0] if hist.unchanged else getattr(state.obj(), attr)


def check(doc: Document) -> None:
    state = inspect(doc)
    old_status = _committed(state, "status")
    if old_status not in FINAL_STATES:
        return
    for attr in state.mapper.column_attrs:
        name = attr.key
        hist = state.attrs[name].history
        if not hist.has_changes():
            continue
        old = hist.deleted[0] if hist.deleted else None
        new = hist.added[0] if hist.added else None
        if name == "status" and (old == new or new in FORWARD[DocumentStatus(old)]):
            continue
        if name == "pdf_sha256" and not old and new:
            continue
        raise ImmutableDocumentError(
            f"Документ № {doc.number} (id {doc.id}) утверждён и не может быть изменён (поле «{name}»)")


@event.listens_for(Session, "before_flush")
def _guard(session: Session, _ctx, _instances) -> None:
    for obj in session.deleted:
        if isinstance(obj, Document) and _committed(inspect(obj), "status") in FINAL_STATES:
            raise ImmutableDocumentError(f"Утверждённый документ № {obj.number} нельзя удалить")
    for obj in session.dirty:
        if isinstance(obj, Document) and session.is_modified(obj, include_collections=False):
            check(obj)
