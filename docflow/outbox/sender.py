"""Draining the outbox over SMTP: pending → claimed (sending) → sent / retry / failed.

Exactly once with any number of concurrent drains:
- A row is **claimed** by a conditional UPDATE (``status`` still what this drain saw, and due)
  that sets ``sending``, a random claim token and a lease (``claimed_until``). A second drain's
  UPDATE matches no row, so it never sends that letter. The outcome is written only while the
  token is still ours.
- The Message-ID (with a random part) is stored in the row when it is queued, so every attempt
  carries the same id.
- A claim whose lease expired (the drain died) is **recovered**: when the mailbox keeps copies in
  its Sent folder (IMAP configured), the letter is looked up there by its Message-ID — found →
  marked sent, not sent again; not found → sent. Without a Sent folder it is sent again. The
  copy is appended right after the server accepts the letter, so only a death in that instant
  (or a connection lost while the server was answering DATA) yields a second delivery, with the
  same Message-ID.
- A letter that cannot be composed (bad address, bad Message-ID, missing attachment) fails
  alone with a Russian reason for staff; the drain goes on.
- Login refused (535), nothing listening, TLS or sender refused: the mailbox is unavailable,
  not any letter. The row in hand goes back to ``retry`` without spending an attempt, the rest
  are left for the next drain, and one incident per mailbox is opened (logged once, shown as a
  banner in the outbox register) until a drain gets through again.
- Per recipient: 2xx sent; 5xx (550) fails the row; 4xx (421, 451), timeouts are retried with
  backoff, and fail after MAX_ATTEMPTS.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import IntegrityError

from docflow.mail.compose import ComposeError, OutgoingLetter, compose
from docflow.mail.smtp import SendResult, SmtpParams, SmtpSession, SmtpUnavailable
from docflow.store import archive
from docflow.store.db import unit_of_work
from docflow.store.enums import OutboxStatus as OS
from docflow.store.models import Document, DocumentEvent, OutboxIncident, OutboxLetter, utcnow

if TYPE_CHECKING:
    from docflow.config import Mailbox, Settings
    from docflow.mail.imap import ImapParams, ImapReader

log = logging.getLogger(__name__)
BACKOFF_MINUTES = (1, 5, 15, 60, 180, 360)
MAX_ATTEMPTS = len(BACKOFF_MINUTES) + 1
LEASE = timedelta(minutes=10)
UNAVAILABLE_RETRY = timedelta(minutes=1)
CLAIM_BATCH = 16
AUTO_KINDS = {"ack", "unregistered", "limits", "notice", "reminder", "overdue"}
INCIDENT_TEXT = {
    "auth": "почтовый сервер отклонил вход (неверное имя пользователя или пароль)",
    "connection": "почтовый сервер недоступен",
    "sender": "почтовый сервер не принимает письма от адреса ящика",
}


@dataclass
class SendReport:
    mailbox: str = ""
    sent: int = 0
    retry: int = 0
    failed: int = 0
    recovered: int = 0
    unavailable: str = ""
    ids: dict[str, list[int]] = field(default_factory=lambda: {"sent": [], "retry": [], "failed": []})

    def count(self, status: str, row_id: int) -> None:
        setattr(self, status, getattr(self, status) + 1)
        self.ids[status].append(row_id)


# --- the one drain ---------------------------------------------------------------------------

def drain_all(settings: Settings, *, smtp_for: Callable[[Mailbox], SmtpParams] | None = None,
              imap_for: Callable[[Mailbox], ImapParams | None] | None = None, limit: int = 500,
              lease: timedelta = LEASE) -> dict:
    """Send every due letter of every mailbox in the settings: the drain of every DAG and the CLI.

    ``smtp_for`` / ``imap_for`` give a mailbox's connection parameters (default: its Airflow
    connections); ``imap_for`` returning None means no Sent copy for that mailbox.
    """
    if smtp_for is None or imap_for is None:
        from docflow.airflow.connections import imap_params, smtp_params
        smtp_for = smtp_for or (lambda m: smtp_params(m.smtp_conn_id))
        imap_for = imap_for or (lambda m: imap_params(m.imap_conn_id))
    reports = []
    for m in settings.mailboxes:
        try:
            smtp = smtp_for(m)
        except Exception as exc:  # a missing connection is this mailbox's problem only
            log.error("outbox: no SMTP connection for mailbox %s: %s", m.name, exc)
            _incident(m.name, "connection", f"{type(exc).__name__}: {exc}")
            reports.append(SendReport(mailbox=m.name, unavailable="connection"))
            continue
        try:
            imap, sent_copies = imap_for(m), True
        except Exception as exc:  # Sent copies configured but their connection is broken
            log.warning("outbox: no IMAP connection for mailbox %s (%s): no Sent copies this run", m.name, exc)
            imap, sent_copies = None, False
        reports.append(drain_mailbox(m.name, m.address, smtp, imap=imap, limit=limit, lease=lease,
                                     recover=sent_copies))
    out = [asdict(r) for r in reports]
    return {"mailboxes": out, **{k: sum(r[k] for r in out) for k in ("sent", "retry", "failed", "recovered")}}


def drain_mailbox(mailbox: str, sender: str, smtp: SmtpParams, *, imap: ImapParams | None = None,
                  sent_folder: str = "Sent", limit: int = 500, lease: timedelta = LEASE,
                  recover: bool = True) -> SendReport:
    """Send the mailbox's due letters, claimed in small batches, over one SMTP connection.

    ``imap`` None: the mailbox keeps no Sent copies, a stale claim is sent again. ``recover``
    False: stale claims are left alone (their Sent folder cannot be checked now)."""
    report = SendReport(mailbox=mailbox)
    reader = _open_sent(imap, sent_folder)
    # Sent copies are configured but unreachable: a stale claim cannot be checked, leave it.
    recover = recover and (imap is None or reader is not None)
    token = secrets.token_hex(16)
    try:
        with SmtpSession(smtp) as session:
            drain = _Drain(mailbox, sender, session, reader, sent_folder, token, lease, report)
            drain.run(limit, recover)
    finally:
        if reader is not None:
            reader.close()
    return report


def _open_sent(imap: ImapParams | None, folder: str) -> ImapReader | None:
    if imap is None:
        return None
    from docflow.mail.imap import ImapReader
    reader = ImapReader(imap)
    try:
        reader.connect()
        reader.ensure_folder(folder)
        return reader
    except Exception as exc:
        log.warning("outbox: the Sent folder of %s is unreachable (%s); no copies this run",
                    imap.username, type(exc).__name__)
        reader.close()
        return None


# --- claiming ------------------------------------------------------------------------------

def _due(now: datetime, *, recover: bool):
    conds = [OutboxLetter.status == OS.PENDING,
             and_(OutboxLetter.status == OS.RETRY, OutboxLetter.next_attempt_at <= now)]
    if recover:
        conds.append(and_(OutboxLetter.status == OS.SENDING, or_(
            OutboxLetter.claimed_until <= now,
            # a row left 'sending' before claims had leases
            and_(OutboxLetter.claimed_until.is_(None), OutboxLetter.next_attempt_at <= now - LEASE))))
    return or_(*conds)


@dataclass
class _Claim:
    id: int
    stale: bool
    letter: OutgoingLetter | None
    recipients: list[str]
    message_id: str
    attempts: int
    until: datetime | None = None
    reason: str = ""


@dataclass
class _Drain:
    mailbox: str
    sender: str
    smtp: SmtpSession
    sent: ImapReader | None
    sent_folder: str
    token: str
    lease: timedelta
    report: SendReport
    connected: bool = False
    unavailable: SmtpUnavailable | None = None

    def run(self, limit: int, recover: bool) -> None:
        taken = 0
        while taken < limit:
            claims = self._claim(min(CLAIM_BATCH, limit - taken), recover)
            if not claims:
                return
            taken += len(claims)
            for i, claim in enumerate(claims):
                if not self._process(claim):  # the mailbox is unavailable: the rest wait
                    self._postpone([c.id for c in claims[i + 1:]], self.unavailable, count=False)
                    return

    def _claim(self, n: int, recover: bool) -> list[_Claim]:
        """Take up to ``n`` due rows: a row is ours only if the conditional UPDATE still finds it
        due (on PostgreSQL the rows are first locked with SKIP LOCKED, so drains take disjoint
        batches instead of queueing on each other's rows)."""
        now = utcnow()
        with unit_of_work() as s:
            seen = dict(s.execute(
                select(OutboxLetter.id, OutboxLetter.status)
                .where(OutboxLetter.mailbox == self.mailbox, _due(now, recover=recover))
                .order_by(OutboxLetter.id).limit(n).with_for_update(skip_locked=True)).all())
            if not seen:
                return []
            s.execute(update(OutboxLetter)
                      .where(OutboxLetter.id.in_(seen), _due(now, recover=recover))
                      .values(status=OS.SENDING, claim_token=self.token, claimed_until=now + self.lease,
                              next_attempt_at=now, attempts=OutboxLetter.attempts + 1)
                      .execution_options(synchronize_session=False))
            rows = s.scalars(select(OutboxLetter).where(OutboxLetter.id.in_(seen),
                                                        OutboxLetter.claim_token == self.token)
                             .order_by(OutboxLetter.id)).all()
            return [self._prepare(row, stale=seen[row.id] == OS.SENDING) for row in rows]

    def _prepare(self, row: OutboxLetter, *, stale: bool) -> _Claim:
        done = {a for a, d in (row.delivery or {}).items() if isinstance(d, dict) and d.get("status") == OS.SENT}
        claim = _Claim(row.id, stale, None, [a for a in [*row.to_addrs, *row.cc_addrs] if a not in done],
                       row.message_id_header, row.attempts, row.claimed_until)
        try:
            claim.letter = _letter(row, self.sender)
        except (OSError, KeyError, TypeError):
            claim.reason = "Вложение письма не найдено в архиве или повреждено"
        return claim

    def _renewed(self, claim: _Claim) -> bool:
        """A batch that took long (a slow server): extend the lease before the letter goes out,
        or skip it if another drain has recovered it meanwhile."""
        now = utcnow()
        if claim.until is None or now < claim.until - self.lease / 2:
            return True
        with unit_of_work() as s:
            got = s.execute(update(OutboxLetter)
                            .where(OutboxLetter.id == claim.id, OutboxLetter.claim_token == self.token,
                                   OutboxLetter.status == OS.SENDING)
                            .values(claimed_until=now + self.lease)
                            .execution_options(synchronize_session=False)).rowcount
        if got != 1:
            log.warning("outbox: the claim on letter %s expired before it was sent; another drain has it", claim.id)
            return False
        claim.until = now + self.lease
        return True

    def _process(self, claim: _Claim) -> bool:
        if not self._renewed(claim):
            return True
        if claim.stale and self.sent is not None and _in_sent_folder(self.sent, self.sent_folder,
                                                                     claim.message_id):
            if self._finish(claim.id, lambda s, row: _mark_sent(s, row, {
                    **_delivery(row), **{a: {"status": "sent", "code": 250, "text": "найдено в «Отправленных»"}
                                         for a in claim.recipients}}), count=False):
                self.report.recovered += 1
            return True
        if claim.reason:
            self._fail_alone(claim.id, claim.reason)
            return True
        try:
            message = compose(claim.letter)
        except ComposeError as exc:
            self._fail_alone(claim.id, exc.reason)
            return True
        except Exception as exc:  # the email package refusing some value: still this letter only
            log.exception("outbox: letter %s cannot be composed", claim.id)
            self._fail_alone(claim.id, f"Письмо не удалось составить ({type(exc).__name__})")
            return True
        if not claim.recipients:  # every recipient already has it (a partial delivery finished)
            self._finish(claim.id, lambda s, row: _mark_sent(s, row, _delivery(row)))
            return True
        data = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))
        try:
            result = self.smtp.send(message, recipients=claim.recipients, sender=_address(self.sender), data=data)
        except SmtpUnavailable as exc:
            self.unavailable = exc
            self._postpone([claim.id], exc)
            self.report.unavailable = exc.kind
            _incident(self.mailbox, exc.kind, str(exc))
            return False
        if not self.connected:
            self.connected = True
            _close_incident(self.mailbox)
        if result.by_status("sent") and self.sent is not None:
            try:
                self.sent.append(self.sent_folder, data, flags=["\\Seen"])
            except Exception:
                log.warning("outbox: could not copy letter %s to %s", claim.id, self.sent_folder)
        after_send(claim.id)
        self._record(claim.id, result)
        return True

    def _finish(self, row_id: int, apply: Callable, *, count: bool = True) -> str | None:
        """Write the outcome ``apply`` decides, only while the claim is still ours."""
        with unit_of_work() as s:
            row = s.get(OutboxLetter, row_id, with_for_update=True)
            if row is None or row.claim_token != self.token:
                log.warning("outbox: the claim on letter %s expired before its outcome was written", row_id)
                return None
            outcome = apply(s, row)
            row.claim_token = row.claimed_until = None
        if count:
            self.report.count(outcome, row_id)
        return outcome

    def _fail_alone(self, row_id: int, reason: str) -> None:
        def apply(s, row):
            row.status, row.last_error = OS.FAILED, reason
            _document_failed(s, row)
            return "failed"
        log.warning("outbox: letter %s cannot be composed", row_id)
        self._finish(row_id, apply)

    def _postpone(self, row_ids: list[int], exc: SmtpUnavailable, *, count: bool = True) -> None:
        """The mailbox is unavailable, no letter is to blame: back to retry, no attempt spent."""
        code = f" (код {exc.code})" if exc.code else ""
        for row_id in row_ids:
            def apply(_s, row):
                row.status, row.next_attempt_at = OS.RETRY, utcnow() + UNAVAILABLE_RETRY
                row.attempts = max(row.attempts - 1, 0)
                row.last_error = f"Отправка отложена: {INCIDENT_TEXT[exc.kind]}{code}"
                return "retry"
            self._finish(row_id, apply, count=count)

    def _record(self, row_id: int, result: SendResult) -> None:
        def apply(s, row):
            delivery = _delivery(row)
            for addr, o in result.recipients.items():
                delivery[addr] = {"status": o.status, "code": o.code, "text": o.text[:500]}
            everyone = [*row.to_addrs, *row.cc_addrs]
            if all(delivery.get(a, {}).get("status") == OS.SENT for a in everyone):
                _mark_sent(s, row, delivery)
                return "sent"
            row.delivery = delivery
            row.last_error = "; ".join(f"{a}: {o.code or ''} {o.text}".strip()
                                       for a, o in result.recipients.items() if o.status != "sent")[:2000]
            if result.status == "permanent" or row.attempts >= MAX_ATTEMPTS:
                row.status = OS.FAILED
                _document_failed(s, row)
                return "failed"
            row.status = OS.RETRY
            row.next_attempt_at = utcnow() + timedelta(
                minutes=BACKOFF_MINUTES[min(row.attempts, len(BACKOFF_MINUTES)) - 1])
            return "retry"
        self._finish(row_id, apply)


def after_send(row_id: int) -> None:
    """The instant between the server's acceptance (and the Sent copy) and the row's mark.
    Nothing happens here; tests kill the process at this point."""


# --- rows ----------------------------------------------------------------------------------

def _letter(row: OutboxLetter, sender: str) -> OutgoingLetter:
    files = [(a["filename"], archive.get(a["sha256"]), a.get("mime")) for a in row.attachments]
    return OutgoingLetter(sender=sender, to=row.to_addrs, cc=row.cc_addrs,
                          subject=row.subject, text=row.body_text, attachments=files,
                          message_id=row.message_id_header, in_reply_to=row.in_reply_to or None,
                          references=row.references, auto_replied=row.kind in AUTO_KINDS)


def _address(sender: str) -> str:
    from email.utils import parseaddr
    return parseaddr(sender)[1] or sender


def _delivery(row: OutboxLetter) -> dict:
    """Per-recipient outcomes only (older rows may carry other keys)."""
    return {a: d for a, d in (row.delivery or {}).items() if isinstance(d, dict) and "@" in a}


def _in_sent_folder(sent: ImapReader, folder: str, message_id: str) -> bool:
    try:
        sent.select(folder)
        return bool(sent.search(["HEADER", "Message-ID", message_id]))
    except Exception:
        log.warning("outbox: could not search %s for %s", folder, message_id)
        return False


def _mark_sent(s, row: OutboxLetter, delivery: dict) -> str:
    row.status, row.sent_at, row.delivery, row.last_error = OS.SENT, utcnow(), delivery, ""
    if row.document_id:
        s.add(DocumentEvent(document_id=row.document_id, event="sent",
                            note=f"Направлено: {', '.join(row.to_addrs)}"))
        doc = s.get(Document, row.document_id)
        pending = s.scalar(select(OutboxLetter.id).where(OutboxLetter.document_id == row.document_id,
                                                         OutboxLetter.status != OS.SENT, OutboxLetter.id != row.id)
                           .limit(1))
        if doc is not None and pending is None and doc.status in ("final", "sent"):
            doc.status = "delivered"
    return "sent"


def _document_failed(s, row: OutboxLetter) -> None:
    if row.document_id:
        s.add(DocumentEvent(document_id=row.document_id, event="failed",
                            note=f"Письмо № {row.id} не доставлено: {row.last_error}"[:2000]))


# --- incidents: a mailbox that takes no letter -----------------------------------------------

def _incident(mailbox: str, kind: str, detail: str) -> None:
    """Open the mailbox's incident, or count one more occurrence of the open one; alert once."""
    now = utcnow()
    with unit_of_work() as s:
        open_one = s.scalar(select(OutboxIncident).where(OutboxIncident.open_key == mailbox))
        if open_one is not None:
            open_one.occurrences += 1
            open_one.last_seen_at = now
            return
    try:
        with unit_of_work() as s:
            s.add(OutboxIncident(mailbox=mailbox, kind=kind, detail=detail[:2000], open_key=mailbox,
                                 occurrences=1, last_seen_at=now))
    except IntegrityError:  # another drain opened it at the same moment
        return
    log.error("ALERT outbox: mailbox %s sends nothing: %s (%s); letters wait and will be retried",
              mailbox, INCIDENT_TEXT.get(kind, kind), detail)


def _close_incident(mailbox: str) -> None:
    with unit_of_work() as s:
        closed = s.execute(update(OutboxIncident).where(OutboxIncident.open_key == mailbox)
                           .values(open_key=None, closed_at=utcnow())
                           .execution_options(synchronize_session=False)).rowcount
    if closed:
        log.warning("outbox: mailbox %s sends again", mailbox)


def open_incidents(session) -> list[dict]:
    """Open incidents for the registers' banner, in Russian."""
    rows = session.scalars(select(OutboxIncident).where(OutboxIncident.open_key.is_not(None))
                           .order_by(OutboxIncident.id))
    return [{"mailbox": r.mailbox, "since": r.created_at, "last_seen_at": r.last_seen_at,
             "occurrences": r.occurrences, "text": INCIDENT_TEXT.get(r.kind, r.kind)} for r in rows]
