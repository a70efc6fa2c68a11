"""Draining the outbox over SMTP: stored → sending (committed) → sent / retry / failed.

Guarantee (also in the README): a letter is sent at least once and, in the common case, exactly
once. Before the SMTP conversation the row is committed as ``sending``; after the server accepts
the letter a copy is appended to the mailbox's Sent folder (when an IMAP reader is given) and the
row is marked ``sent``. A run that finds a row still ``sending`` (the previous run died) looks for
its Message-ID in the Sent folder: found → marked sent, not sent again. Only a death in the
instant between the server's acceptance and the Sent copy yields a second delivery, and that
copy carries the same Message-ID, so mail clients and our own intake recognise it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import or_, select

from docflow.mail.compose import OutgoingLetter, compose
from docflow.mail.imap import ImapReader
from docflow.mail.smtp import SmtpParams, send_message
from docflow.store import archive
from docflow.store.db import unit_of_work
from docflow.store.models import Document, DocumentEvent, OutboxLetter, utcnow

log = logging.getLogger(__name__)
BACKOFF_MINUTES = (1, 5, 15, 60, 180, 360)
MAX_ATTEMPTS = len(BACKOFF_MINUTES) + 1
STALE_SENDING = timedelta(minutes=10)
AUTO_KINDS = {"ack", "unregistered", "limits", "notice", "reminder", "overdue"}


@dataclass
class SendReport:
    sent: int = 0
    retry: int = 0
    failed: int = 0
    recovered: int = 0
    ids: dict[str, list[int]] = field(default_factory=lambda: {"sent": [], "retry": [], "failed": []})


def _letter(row: OutboxLetter, sender: str) -> OutgoingLetter:
    files = [(a["filename"], archive.get(a["sha256"]), a.get("mime")) for a in row.attachments]
    return OutgoingLetter(sender=sender, to=row.to_addrs, cc=row.cc_addrs,
                          subject=row.subject, text=row.body_text, attachments=files,
                          message_id=row.message_id_header, in_reply_to=row.in_reply_to or None,
                          references=row.references, auto_replied=row.kind in AUTO_KINDS)


def _due(now):
    return (select(OutboxLetter.id)
            .where(or_(OutboxLetter.status == "pending",
                       (OutboxLetter.status == "retry") & (OutboxLetter.next_attempt_at <= now),
                       (OutboxLetter.status == "sending") & (OutboxLetter.next_attempt_at <= now - STALE_SENDING)))
            .order_by(OutboxLetter.id))


def _in_sent_folder(sent: ImapReader | None, folder: str, message_id: str) -> bool:
    if sent is None:
        return False
    try:
        sent.select(folder)
        return bool(sent.search(["HEADER", "Message-ID", message_id]))
    except Exception:
        log.warning("could not search the Sent folder for %s", message_id)
        return False


def send_pending(smtp: SmtpParams, sender: str, *, sent_copy: ImapReader | None = None,
                 sent_folder: str = "Sent", limit: int = 500, mailbox: str | None = None) -> SendReport:
    """Send every letter that is due; each row's outcome is committed before the next one."""
    report = SendReport()
    now = utcnow()
    if sent_copy is not None:
        sent_copy.ensure_folder(sent_folder)
    with unit_of_work() as s:
        stmt = _due(now).limit(limit)
        if mailbox:
            stmt = stmt.where(OutboxLetter.mailbox == mailbox)
        ids = list(s.scalars(stmt))
    for row_id in ids:
        with unit_of_work() as s:
            row = s.get(OutboxLetter, row_id, with_for_update=True)
            if row is None or row.status not in ("pending", "retry", "sending"):
                continue
            if row.status == "sending" and _in_sent_folder(sent_copy, sent_folder, row.message_id_header):
                _mark_sent(s, row, {a: {"status": "sent", "code": 250, "text": "recovered from Sent"}
                                    for a in row.to_addrs + row.cc_addrs})
                report.recovered += 1
                continue
            row.status, row.next_attempt_at = "sending", utcnow()
            row.attempts += 1
        _send_one(row_id, smtp, sender, sent_copy, sent_folder, report)
    return report


def _send_one(row_id: int, smtp: SmtpParams, sender: str, sent_copy: ImapReader | None, sent_folder: str,
              report: SendReport) -> None:
    with unit_of_work() as s:
        row = s.get(OutboxLetter, row_id)
        done = {a for a, d in row.delivery.items() if d.get("status") == "sent"}
        recipients = [a for a in [*row.to_addrs, *row.cc_addrs] if a not in done]
        message = compose(_letter(row, sender))
    result = send_message(smtp, message, recipients=recipients, sender=sender)
    if result.by_status("sent") and sent_copy is not None:
        try:
            sent_copy.append(sent_folder, bytes(message), flags=["\\Seen"])
        except Exception:
            log.warning("could not append a copy of outbox letter %s to %s", row_id, sent_folder)
    with unit_of_work() as s:
        row = s.get(OutboxLetter, row_id)
        delivery = dict(row.delivery)
        for addr, o in result.recipients.items():
            delivery[addr] = {"status": o.status, "code": o.code, "text": o.text[:500]}
        status = result.status
        if status == "sent" and all(delivery.get(a, {}).get("status") == "sent"
                                    for a in [*row.to_addrs, *row.cc_addrs]):
            _mark_sent(s, row, delivery)
            report.sent += 1
            report.ids["sent"].append(row_id)
            return
        row.delivery = delivery
        row.last_error = "; ".join(f"{a}: {o.code or ''} {o.text}".strip() for a, o in result.recipients.items()
                                   if o.status != "sent")[:2000]
        if status == "permanent" or row.attempts >= MAX_ATTEMPTS:
            row.status = "failed"
            report.failed += 1
            report.ids["failed"].append(row_id)
            if row.document_id:
                s.add(DocumentEvent(document_id=row.document_id, event="failed",
                                    note=f"Письмо № {row.id} не доставлено: {row.last_error}"[:2000]))
        else:
            row.status = "retry"
            row.next_attempt_at = utcnow() + timedelta(minutes=BACKOFF_MINUTES[min(row.attempts,
                                                                                   len(BACKOFF_MINUTES)) - 1])
            report.retry += 1
            report.ids["retry"].append(row_id)


def _mark_sent(s, row: OutboxLetter, delivery: dict) -> None:
    row.status, row.sent_at, row.delivery, row.last_error = "sent", utcnow(), delivery, ""
    if row.document_id:
        s.add(DocumentEvent(document_id=row.document_id, event="sent",
                            note=f"Направлено: {', '.join(row.to_addrs)}"))
        doc = s.get(Document, row.document_id)
        pending = s.scalar(select(OutboxLetter.id).where(OutboxLetter.document_id == row.document_id,
                                                         OutboxLetter.status != "sent", OutboxLetter.id != row.id)
                           .limit(1))
        if doc is not None and pending is None and doc.status in ("final", "sent"):
            doc.status = "delivered"
