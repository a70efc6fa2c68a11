"""Registering one fetched letter inside the caller's transaction.

``process_message`` stores the letter (archive + rows), decides what it is and what happens to
it, and queues the reply — all in one transaction, so that the IMAP side effect (moving the
letter) can follow only a committed registration.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from docflow import outbox
from docflow.calendar.rules import academic_year
from docflow.config import Mailbox as MailboxCfg
from docflow.config import Settings
from docflow.intake import replies
from docflow.intake.classify import classify
from docflow.mail.parse import ParsedMessage, parse_message
from docflow.schools import school_by_address
from docflow.store import archive
from docflow.store.enums import MessageStatus as MS
from docflow.store.enums import SubmissionKind as K
from docflow.store.enums import SubmissionStatus as SS
from docflow.store.models import (
    Attachment,
    Mailbox,
    Message,
    OutboxLetter,
    School,
    Submission,
    SubmissionEvent,
    utcnow,
)
from docflow.store.numbering import next_seq

# Headers that servers add on the way; the same letter delivered twice differs only in them.
_TRACE = {"received", "return-path", "delivered-to", "x-original-to", "authentication-results",
          "arc-seal", "arc-message-signature", "arc-authentication-results", "x-spam-status",
          "x-spam-score", "x-spam-flag", "x-virus-scanned", "x-received", "received-spf"}
# Submissions a newer version of the same form may replace (not yet before the council).
_REPLACEABLE = (SS.REGISTERED, SS.INCOMPLETE, SS.RESUBMITTED, SS.NEEDS_REVIEW, SS.COMPLETE)


@dataclass(frozen=True)
class Outcome:
    message_id: int
    uid: int
    status: str
    target_folder: str
    reg_number: str | None = None


@dataclass(frozen=True)
class Where:
    """Where the letter was found: the key of exactly-once intake."""
    mailbox: Mailbox
    config: MailboxCfg
    folder: str
    uidvalidity: int
    run_id: str = ""


def content_sha256(raw: bytes) -> str:
    """Hash of the letter without its trace headers."""
    head, sep, body = raw.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = raw.partition(b"\n\n")
    kept: list[bytes] = []
    skipping = False
    for line in head.splitlines(keepends=True):
        if line[:1] in (b" ", b"\t"):
            if not skipping:
                kept.append(line)
            continue
        name = line.split(b":", 1)[0].strip().lower().decode("ascii", "replace")
        skipping = name in _TRACE
        if not skipping:
            kept.append(line)
    return hashlib.sha256(b"".join(kept) + sep + body).hexdigest()


def academic_year_of(d: datetime, settings: Settings) -> str:
    """The academic year of a moment, in the committee's time zone."""
    return academic_year(d.astimezone(settings.tz).date()).label


def report_cycle_of(d: datetime, settings: Settings) -> str:
    """The reporting cycle a report belongs to: the academic year whose report deadline is nearest.

    A report sent in November is a late one for the year that ended in June, not an early one for
    the year that has just begun; one sent in April belongs to the current year.
    """
    local = d.astimezone(settings.tz).date()
    dl = settings.reporting.deadline
    candidates = [date(y, dl.month, dl.day) for y in (local.year - 1, local.year, local.year + 1)]
    return academic_year(min(candidates, key=lambda x: abs((x - local).days))).label


def process_message(session: Session, where: Where, uid: int, raw: bytes, settings: Settings) -> Outcome:
    parsed = parse_message(raw)
    msg = Message(
        mailbox_id=where.mailbox.id, folder=where.folder, uidvalidity=where.uidvalidity, uid=uid,
        message_id_header=(parsed.message_id or "")[:998], raw_sha256=archive.put(raw),
        content_sha256=content_sha256(raw), size=len(raw),
        from_addr=(parsed.sender.address if parsed.sender else "")[:320],
        from_name=(parsed.sender.name if parsed.sender else "")[:500], subject=parsed.subject,
        sent_at=parsed.date, in_reply_to=(parsed.in_reply_to or "")[:998], references=parsed.references[:50],
        status=MS.RECEIVED, details={"problems": parsed.problems[:20], "auth": parsed.auth,
                                     "run_id": where.run_id})
    rows = [Attachment(filename=a.filename[:500], declared_type=a.declared_type[:200],
                       detected_type=a.detected_type[:200], size=a.size, sha256=archive.put(a.data),
                       inline=a.inline, origin=_origin(a)) for a in parsed.attachments]
    msg.attachments = rows
    # Inserted with the first write of the decision below, so the row goes in once with its
    # status; the unique key (mailbox, folder, UIDVALIDITY, UID) is claimed by that INSERT.
    session.add(msg)
    return _decide(session, where, msg, parsed, settings, rows)


def _origin(a) -> str:
    parts = []
    if a.forwarded:
        parts.append("пересланное письмо")
    if a.container:
        parts.append(a.container)
    return " / ".join(parts)[:500]


def _outcome(session: Session, msg: Message, status: str, folder: str, reg: str | None = None) -> Outcome:
    msg.status = status
    msg.target_folder = folder
    msg.imap_state = "pending"
    session.flush()
    return Outcome(msg.id, msg.uid, status, folder, reg)


def _decide(session: Session, where: Where, msg: Message, parsed: ParsedMessage, s: Settings,
            attachments: list[Attachment]) -> Outcome:
    processed, quarantine = where.config.processed_folder, where.config.quarantine_folder
    if parsed.sender is None or not parsed.sender.address:
        msg.error = "Не удалось определить отправителя письма"
        return _outcome(session, msg, MS.QUARANTINED, quarantine)
    if parsed.is_automatic or parsed.dsn is not None:
        msg.details = {**msg.details, "automatic": parsed.automatic_reason or "dsn"}
        if parsed.dsn is not None:
            _match_dsn(session, parsed, msg)
        return _outcome(session, msg, MS.IGNORED, processed)
    if parsed.sender.address.lower() == where.config.address.lower():
        msg.details = {**msg.details, "automatic": "own address"}
        return _outcome(session, msg, MS.IGNORED, processed)
    with session.no_autoflush:
        original = _earlier_copy(session, msg)
    if original is not None:
        msg.duplicate_of_id = original
        return _outcome(session, msg, MS.DUPLICATE, processed)
    failed = [k for k in ("dkim", "spf") if parsed.auth.get(k) in ("fail", "softfail")]
    if failed:
        # No reply: the sender's address may be forged, and answering it would mail an innocent party.
        msg.error = f"Проверка подлинности отправителя не пройдена ({', '.join(x.upper() for x in failed)})"
        return _outcome(session, msg, MS.QUARANTINED, quarantine)
    over = _over_limit(parsed, s)
    if over:
        which, limit, actual = over
        msg.error = f"Превышен {which}: {actual} при допустимом {limit}"
        subject, body = replies.limit_exceeded(s, which=which, limit=limit, actual=actual,
                                               subject=parsed.subject, sent_at=parsed.date)
        _reply(session, where, msg, parsed, f"reply:limits:{msg.raw_sha256}", "limits", subject, body)
        return _outcome(session, msg, MS.QUARANTINED, quarantine)
    school = _school(session, parsed.sender.address)
    if school is None:
        msg.error = f"Адрес {parsed.sender.address} не внесён в реестр образовательных организаций"
        subject, body = replies.unregistered_sender(s, address=parsed.sender.address, subject=parsed.subject,
                                                    sent_at=parsed.date)
        day = utcnow().astimezone(s.tz).date().isoformat()
        _reply(session, where, msg, parsed, f"reply:unregistered:{parsed.sender.address.lower()}:{day}",
               "unregistered", subject, body)
        return _outcome(session, msg, MS.QUARANTINED, quarantine)
    msg.status, msg.target_folder, msg.imap_state, msg.school_id = MS.REGISTERED, processed, "pending", school.id
    sub = register_submission(session, msg, parsed, school, s, run_id=where.run_id, mailbox=where.config,
                              attachments=attachments)
    return _outcome(session, msg, MS.REGISTERED, processed, sub.reg_number)


def _earlier_copy(session: Session, msg: Message) -> int | None:
    """The id of the first registration of the same letter (same content, same Message-ID)."""
    stmt = select(Message.id).where(Message.content_sha256 == msg.content_sha256, Message.id != msg.id,
                                 Message.duplicate_of_id.is_(None))
    if msg.message_id_header:
        stmt = stmt.where(Message.message_id_header == msg.message_id_header)
    return session.scalar(stmt.order_by(Message.id).limit(1))


def _school(session: Session, address: str) -> School | None:
    """The sender's school; looked up once per address in a transaction (a batch of letters)."""
    cache = session.info.setdefault("intake_schools", {})
    key = address.strip().lower()
    if key not in cache:
        with session.no_autoflush:
            cache[key] = school_by_address(session, key)
    return cache[key]


def _over_limit(parsed: ParsedMessage, s: Settings) -> tuple[str, str, str] | None:
    lim = s.intake.limits
    mb = 1024 * 1024
    if parsed.size > lim.max_message_mb * mb:
        return ("предельный размер письма", f"{lim.max_message_mb:g} МБ",
                f"{parsed.size / mb:.1f} МБ".replace(".", ","))
    files = [a for a in parsed.attachments if not a.inline]
    if len(files) > lim.max_attachments:
        return "допустимое число вложений", str(lim.max_attachments), str(len(files))
    total = sum(a.size for a in parsed.attachments)
    if total > lim.max_unpacked_mb * mb:
        return ("допустимый объём вложений после распаковки архивов", f"{lim.max_unpacked_mb:g} МБ",
                f"{total / mb:.1f} МБ".replace(".", ","))
    return None


def _match_dsn(session: Session, parsed: ParsedMessage, msg: Message) -> None:
    """A delivery report about one of our letters marks that outbox row bounced."""
    dsn = parsed.dsn
    if dsn is None or not dsn.original_message_id:
        return
    letter = session.scalar(select(OutboxLetter).where(OutboxLetter.message_id_header == dsn.original_message_id))
    if letter is None:
        return
    failed = {r.address: {"action": r.action, "status": r.status, "diagnostic": r.diagnostic}
              for r in dsn.recipients if r.action in ("failed", "")}
    if not failed:
        return
    letter.delivery = {**letter.delivery, **failed}
    letter.status = "bounced"
    letter.last_error = "; ".join(f"{a}: {d['status']} {d['diagnostic']}".strip() for a, d in failed.items())
    msg.details = {**msg.details, "dsn_for_outbox_id": letter.id}


def _reply(session: Session, where: Where, msg: Message, parsed: ParsedMessage, key: str, kind: str,
           subject: str, body: str, submission: Submission | None = None) -> OutboxLetter:
    session.flush()  # the letter's row (and its id) before the reply refers to it
    return outbox.enqueue(
        session, dedup_key=key, kind=kind, sender=where.config.address, to=[parsed.sender.address],
        subject=subject, body=body, in_reply_to=parsed.message_id or "",
        references=[*parsed.references, parsed.message_id] if parsed.message_id else parsed.references,
        school_id=msg.school_id, submission_id=submission.id if submission else None, message_id=msg.id,
        mailbox=where.config.name)


def _replied_submission(session: Session, parsed: ParsedMessage) -> tuple[OutboxLetter | None, Submission | None]:
    ids = [x for x in [parsed.in_reply_to, *reversed(parsed.references)] if x]
    if not ids:
        return None, None
    letter = session.scalars(select(OutboxLetter).where(OutboxLetter.message_id_header.in_(ids))
                             .order_by(OutboxLetter.id.desc()).limit(1)).first()
    if letter is None:
        return None, None
    return letter, session.get(Submission, letter.submission_id) if letter.submission_id else None


def register_submission(session: Session, msg: Message, parsed: ParsedMessage, school: School, s: Settings,
                        *, run_id: str = "", actor: str = "system", mailbox: MailboxCfg | None = None,
                        attachments: list[Attachment] | None = None) -> Submission:
    """Give the letter an incoming number, decide its kind, supersede an earlier version, acknowledge."""
    letter, replied = _replied_submission(session, parsed)
    files = [(a.filename, a.detected_type, a.data) for a in parsed.attachments if not a.inline]
    cls = classify(files, parsed.subject, K(replied.kind) if replied else None)
    now = utcnow()
    year = now.astimezone(s.tz).year
    seq = next_seq(session, "incoming", year)  # its autoflush writes the letter and its files first
    reg_number = s.numbering.format("incoming", year, seq)
    form_row = None
    if cls.form_attachment is not None:
        name = files[cls.form_attachment][0]
        stored = attachments if attachments is not None else msg.attachments
        form_row = next((a for a in stored if a.filename == name[:500]), None)
    year_of = report_cycle_of if cls.kind in (K.INTERIM_REPORT, K.FINAL_REPORT) else academic_year_of
    academic_year = year_of(now, s)
    earlier = _earlier_version(session, school.id, cls.kind, academic_year, replied)
    sub = Submission(reg_number=reg_number, reg_year=year, reg_seq=seq, registered_at=now, message_id=msg.id,
                     school_id=school.id, kind=cls.kind, academic_year=academic_year,
                     form_type=cls.kind if cls.evidence == "form" else "",
                     status=SS.RESUBMITTED if earlier is not None else SS.REGISTERED,
                     attachment_id=form_row.id if form_row else None,
                     supersedes_id=earlier.id if earlier else None,
                     replies_to_letter_id=letter.id if letter else None)
    session.add(sub)
    cause = "Зарегистрировано при приёме почты" if actor == "system" else "Зарегистрировано после проверки"
    sub.events.append(SubmissionEvent(from_status=SS.RECEIVED, to_status=sub.status,
                                      cause=f"{cause} (вид определён по: {_EVIDENCE[cls.evidence]})",
                                      actor=actor, run_id=run_id))
    if earlier is not None:
        session.add(SubmissionEvent(submission_id=earlier.id, from_status=earlier.status,
                                    to_status=SS.SUPERSEDED, cause=f"Заменено новой версией № {reg_number}",
                                    actor=actor, run_id=run_id))
        earlier.status = SS.SUPERSEDED
    msg.school_id = school.id
    session.flush()  # one write for the submission and its history
    subject, body = replies.acknowledgement(
        s, reg_number=reg_number, registered_at=now, kind=cls.kind, subject=parsed.subject,
        sent_at=parsed.date, files=[(a.filename, a.size) for a in parsed.attachments if not a.inline])
    mailbox = mailbox or s.mailboxes[0]
    # A number taken in this transaction cannot have been acknowledged yet: no lookup needed.
    outbox.enqueue(session, dedup_key=f"ack:{reg_number}", kind="ack", sender=mailbox.address,
                   to=[parsed.sender.address], subject=subject, body=body, in_reply_to=parsed.message_id or "",
                   references=[*parsed.references, parsed.message_id] if parsed.message_id else parsed.references,
                   school_id=school.id, submission_id=sub.id, message_id=msg.id, mailbox=mailbox.name,
                   flush=False, known_new=True)
    return sub


_EVIDENCE = {"form": "форме во вложении", "thread": "переписке", "subject": "теме письма",
             "none": "не определён — передано специалисту"}


def _earlier_version(session: Session, school_id: int, kind: str, academic_year: str,
                     replied: Submission | None) -> Submission | None:
    if kind not in (K.APPLICATION, K.INTERIM_REPORT, K.FINAL_REPORT, K.CORRECTED_PROGRAMME):
        return None
    if replied is not None and replied.kind == kind and replied.status in _REPLACEABLE:
        return replied
    return session.scalars(
        select(Submission).where(Submission.school_id == school_id, Submission.kind == kind,
                                 Submission.academic_year == academic_year, Submission.status.in_(_REPLACEABLE))
        .order_by(Submission.id.desc()).limit(1)).first()


def reparse_archived(msg: Message) -> ParsedMessage:
    """The parsed form of a stored letter (for release from quarantine and re-processing)."""
    return parse_message(archive.get(msg.raw_sha256))
