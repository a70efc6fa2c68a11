"""Writing letters into the outbox."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from docflow.mail.compose import make_message_id
from docflow.store import archive
from docflow.store.models import OutboxLetter

_CTRL = re.compile(r"[\x00-\x1f\x7f]+")


@dataclass(frozen=True)
class Attachment:
    filename: str
    data: bytes
    mime: str = "application/octet-stream"


def message_id_for(sender_address: str) -> str:
    """A fresh Message-ID with a random part, stored in the row before the letter is sent: a
    retry after a crash carries the same id and is recognisable, yet nobody can guess it."""
    return make_message_id(sender_address.rpartition("@")[2])


def one_line(text: str) -> str:
    """Header-safe text: no CR/LF or other control characters can reach a header."""
    return _CTRL.sub(" ", text or "").strip()


def _row(*, dedup_key: str, kind: str, sender: str, to: list[str], subject: str, body: str,
         cc: list[str] | None = None, attachments: list[Attachment] | None = None, in_reply_to: str = "",
         references: list[str] | None = None, school_id: int | None = None, submission_id: int | None = None,
         document_id: int | None = None, message_id: int | None = None, mailbox: str) -> dict:
    if not mailbox:
        raise ValueError(f"outbox letter {dedup_key!r} names no mailbox")
    recipients = [one_line(a).lower() for a in to if a and one_line(a)]
    if not recipients:
        raise ValueError(f"outbox letter {dedup_key!r} has no recipient")
    stored = [{"filename": one_line(a.filename), "sha256": archive.put(a.data), "mime": a.mime,
               "size": len(a.data)} for a in (attachments or [])]
    return dict(
        dedup_key=dedup_key, message_id_header=message_id_for(sender), kind=kind, mailbox=mailbox,
        to_addrs=recipients, cc_addrs=[one_line(a).lower() for a in (cc or []) if one_line(a)],
        subject=one_line(subject), body_text=body, attachments=stored, in_reply_to=one_line(in_reply_to),
        references=[one_line(r) for r in (references or []) if one_line(r)], school_id=school_id,
        submission_id=submission_id, document_id=document_id, message_id=message_id, status="pending")


def enqueue(session: Session, *, flush: bool = True, **letter) -> OutboxLetter:
    """Store a letter to be sent; return the existing row if ``dedup_key`` was already queued.

    Keyword arguments: dedup_key, kind, sender, to, subject, body, mailbox (the settings' name of
    the mailbox that sends it), and optionally cc, attachments, in_reply_to, references,
    school_id, submission_id, document_id, message_id.
    """
    existing = session.scalar(select(OutboxLetter).where(OutboxLetter.dedup_key == letter["dedup_key"]))
    if existing is not None:
        return existing
    row = OutboxLetter(**_row(**letter))
    session.add(row)
    if flush:  # callers that need the row's id now; otherwise it is written with the next flush
        session.flush()
    return row


_INSERT = insert(OutboxLetter.__table__).returning(OutboxLetter.__table__.c.id)


def enqueue_new(session: Session, **letter) -> int:
    """Store a letter whose ``dedup_key`` the caller knows to be new (it holds a number taken in
    this transaction): one INSERT, no lookup; the unique key still refuses a mistake. Returns its id."""
    return session.connection().execute(_INSERT, _row(**letter)).scalar_one()
