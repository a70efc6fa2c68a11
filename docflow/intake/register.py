"""Registering one fetched letter inside the caller's transaction.

``process_message`` stores the letter (archive + rows), decides what it is and what happens to
it, and queues the reply — all in one transaction, so that the IMAP side effect (moving the
letter) can follow only a committed registration.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from docflow import outbox
from docflow.calendar.rules import academic_year
from docflow.config import Mailbox as MailboxCfg
from docflow.config import Settings
from docflow.forms.spec import forms_of
from docflow.intake import replies
from docflow.intake.classify import classify
from docflow.intake.trust import verify_sender
from docflow.mail.parse import UNPARSEABLE, ParsedMessage, parse_message
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


# Prebuilt Core statements: intake registers letters in batches of hundreds, and building an ORM
# statement or object per letter was most of its cost.
_M, _A = Message.__table__, Attachment.__table__
_S, _E = Submission.__table__, SubmissionEvent.__table__
_INSERT_MESSAGE = insert(_M).returning(_M.c.id)
_INSERT_ATTACHMENT = insert(_A).returning(_A.c.id)
_INSERT_SUBMISSION = insert(_S).returning(_S.c.id)
_INSERT_EVENT = insert(_E)
_SUPERSEDE = update(_S).where(_S.c.id == bindparam("sub_id")).values(status=SS.SUPERSEDED)
_COPY = (select(_M.c.id).where(_M.c.content_sha256 == bindparam("content"), _M.c.duplicate_of_id.is_(None),
                               _M.c.id != bindparam("own_id")).order_by(_M.c.id).limit(1))
_COPY_BY_ID = _COPY.where(_M.c.message_id_header == bindparam("msgid"))
_LATEST_VERSION = (select(_S.c.id, _S.c.status).where(
    _S.c.school_id == bindparam("school_id"), _S.c.kind == bindparam("kind"),
    _S.c.academic_year == bindparam("academic_year"), _S.c.status.in_([str(x) for x in _REPLACEABLE]))
    .order_by(_S.c.id.desc()).limit(1))


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


@dataclass
class Decision:
    """What happens to a letter; decided before its row is written, so the row goes in once."""
    status: str
    folder: str
    error: str = ""
    details: dict = field(default_factory=dict)
    duplicate_of_id: int | None = None
    school: School | None = None
    reply: tuple[str, str, str, str] | None = None  # dedup key, kind, subject, body


def process_message(session: Session, where: Where, uid: int, raw: bytes, settings: Settings, *,
                    declared_size: int | None = None) -> Outcome:
    """Store, decide and register one letter in the caller's transaction.

    The rows are written with SQLAlchemy Core (one INSERT per table): intake registers letters in
    batches of hundreds and the ORM's per-object bookkeeping was most of its cost. The INSERT of
    the letter claims its unique key (mailbox, folder, UIDVALIDITY, UID). ``declared_size`` is set
    when only the headers were fetched (RFC822.SIZE over the limit): the letter is judged by it.
    """
    parsed = parse_message(raw)
    if declared_size is not None:
        parsed.size = declared_size
        parsed.problems.append(f"only the headers fetched: RFC822.SIZE {declared_size} is over the limit")
    values = dict(
        mailbox_id=where.mailbox.id, folder=where.folder, uidvalidity=where.uidvalidity, uid=uid,
        message_id_header=(parsed.message_id or "")[:998], raw_sha256=archive.put(raw, digest=parsed.sha256),
        content_sha256=content_sha256(raw), size=declared_size or len(raw),
        from_addr=(parsed.sender.address if parsed.sender else "")[:320],
        from_name=(parsed.sender.name if parsed.sender else "")[:500], subject=parsed.subject,
        sent_at=parsed.date, in_reply_to=(parsed.in_reply_to or "")[:998], references=parsed.references[:50])
    base = {"problems": parsed.problems[:20], "run_id": where.run_id,
            **({"headers_only": True} if declared_size is not None else {})}
    d = _decide(session, where, values["content_sha256"], values["message_id_header"], parsed, settings)
    conn = session.connection()
    message_id = conn.execute(_INSERT_MESSAGE, {
        **values, "status": d.status, "target_folder": d.folder, "imap_state": "pending", "error": d.error,
        "details": {**base, **d.details}, "duplicate_of_id": d.duplicate_of_id,
        "school_id": d.school.id if d.school else None}).scalar_one()
    stored = []
    for a in parsed.attachments:  # one by one: usually one or two files, and each id is needed
        name = a.filename[:500]
        stored.append((name, conn.execute(_INSERT_ATTACHMENT, {
            "message_id": message_id, "filename": name, "declared_type": a.declared_type[:200],
            "detected_type": a.detected_type[:200], "size": a.size, "sha256": archive.put(a.data, digest=a.sha256),
            "inline": a.inline, "origin": _origin(a)}).scalar_one()))
    return _apply(session, where, message_id, uid, d, parsed, settings, stored)


def _apply(session: Session, where: Where, message_id: int, uid: int, d: Decision, parsed: ParsedMessage,
           s: Settings, stored: list[tuple[str, int]]) -> Outcome:
    """Queue the decided reply and register the submission of a stored letter."""
    school_id = d.school.id if d.school else None
    if d.reply is not None:
        key, kind, subject, body = d.reply
        _reply(session, where, message_id, school_id, parsed, key, kind, subject, body)
    reg = None
    if d.status == MS.REGISTERED:
        reg = register_submission(session, message_id, parsed, d.school, s, run_id=where.run_id,
                                  mailbox=where.config, attachments=stored).reg_number
    elif d.status == MS.REPLY and d.details.get("thread", {}).get("submission_id"):
        sub_id = d.details["thread"]["submission_id"]
        current = session.connection().scalar(select(_S.c.status).where(_S.c.id == sub_id))
        session.connection().execute(_INSERT_EVENT, [dict(
            submission_id=sub_id, at=utcnow(), from_status=current, to_status=current, actor="system",
            run_id=where.run_id, cause=f"Получен ответ на письмо комитета без новых файлов (письмо № {message_id}); "
                                       "подтверждение не направлялось")])
    return Outcome(message_id, uid, d.status, d.folder, reg)


def decide_again(session: Session, where: Where, msg: Message, parsed: ParsedMessage, s: Settings) -> Outcome:
    """Decide on a letter already stored (re-processing from its archived bytes)."""
    if msg.details.get("headers_only"):  # the archive holds only its headers: judge it by its size
        parsed.size = msg.size
    d = _decide(session, where, msg.content_sha256, msg.message_id_header, parsed, s, own_id=msg.id)
    msg.status, msg.target_folder, msg.error = d.status, d.folder, d.error
    msg.details = {**msg.details, **d.details}
    msg.duplicate_of_id = d.duplicate_of_id
    if d.school is not None:
        msg.school_id = d.school.id
    session.flush()
    stored = [(a.filename, a.id) for a in msg.attachments]
    return _apply(session, where, msg.id, msg.uid, d, parsed, s, stored)


def _origin(a) -> str:
    parts = []
    if a.forwarded:
        parts.append("пересланное письмо")
    if a.container:
        parts.append(a.container)
    return " / ".join(parts)[:500]


def _decide(session: Session, where: Where, content_hash: str, message_id_header: str, parsed: ParsedMessage,
            s: Settings, own_id: int | None = None) -> Decision:
    processed, quarantine = where.config.processed_folder, where.config.quarantine_folder
    if any(p.startswith(UNPARSEABLE) for p in parsed.problems):
        # No reply: a letter nobody's mail client writes (MIME nested thousands of levels deep…).
        return Decision(MS.QUARANTINED, quarantine, "Структуру письма не удалось разобрать "
                        f"({parsed.problems[0].split(': ', 1)[-1]}); письмо сохранено для специалиста")
    if parsed.sender is None or not parsed.sender.address:
        return Decision(MS.QUARANTINED, quarantine, "Не удалось определить отправителя письма")
    if parsed.dsn is not None:
        return _dsn_decision(session, where, parsed, s)
    if parsed.is_automatic:
        return Decision(MS.IGNORED, processed, details={"automatic": parsed.automatic_reason})
    if parsed.sender.address.lower() == where.config.address.lower():
        return Decision(MS.IGNORED, processed, details={"automatic": "own address"})
    original = _earlier_copy(session, content_hash, message_id_header, own_id)
    if original is not None:
        return Decision(MS.DUPLICATE, processed, duplicate_of_id=original)
    verdict = verify_sender(parsed, s.intake.trust)
    auth = {"auth": verdict.as_details()}
    if verdict.status == "fail" or (verdict.status == "unverified" and s.intake.trust.unauthenticated == "quarantine"):
        # No reply: the sender's address may be forged, and answering it would mail an innocent party.
        return Decision(MS.QUARANTINED, quarantine, verdict.reason, details=auth)
    over = _over_limit(parsed, s)
    if over:
        which, limit, actual, reason = over
        subject, body = replies.limit_exceeded(s, which=which, limit=limit, actual=actual,
                                               subject=parsed.subject, sent_at=parsed.date)
        return Decision(MS.QUARANTINED, quarantine, reason,
                        reply=(f"reply:limits:{parsed.sha256}", "limits", subject, body), details=auth)
    school = _school(session, parsed.sender.address)
    if school is None:
        subject, body = replies.unregistered_sender(s, address=parsed.sender.address, subject=parsed.subject,
                                                    sent_at=parsed.date)
        day = utcnow().astimezone(s.tz).date().isoformat()
        return Decision(MS.QUARANTINED, quarantine,
                        f"Адрес {parsed.sender.address} не внесён в реестр образовательных организаций",
                        reply=(f"reply:unregistered:{parsed.sender.address.lower()}:{day}", "unregistered",
                               subject, body), details=auth)
    letter, replied = _replied_submission(session, parsed, school.id)
    if letter is not None and not _new_files(parsed, letter):
        # A reply to one of our automatic letters that brings no file: filed to its thread, never
        # acknowledged (an auto-responder without Auto-Submitted would otherwise loop with us).
        thread = {"outbox_id": letter.id, "submission_id": replied.id if replied else None}
        return Decision(MS.REPLY, processed, school=school, details={**auth, "thread": thread})
    return Decision(MS.REGISTERED, processed, school=school, details=auth)


def _new_files(parsed: ParsedMessage, letter: OutboxLetter) -> bool:
    """Whether the letter brings a file other than those of ours it quotes back."""
    ours = {a.get("sha256") for a in letter.attachments or []}
    return any(a.sha256 not in ours for a in parsed.attachments if not a.inline)


def _earlier_copy(session: Session, content_hash: str, message_id_header: str, own_id: int | None) -> int | None:
    """The id of the first registration of the same letter (same content, same Message-ID)."""
    params = {"content": content_hash, "own_id": own_id or 0, "msgid": message_id_header}
    return session.connection().scalar(_COPY_BY_ID if message_id_header else _COPY, params)


def _school(session: Session, address: str) -> School | None:
    """The sender's school; looked up once per address in a transaction (a batch of letters)."""
    cache = session.info.setdefault("intake_schools", {})
    key = address.strip().lower()
    if key not in cache:
        with session.no_autoflush:
            cache[key] = school_by_address(session, key)
    return cache[key]


def _over_limit(parsed: ParsedMessage, s: Settings) -> tuple[str, str, str, str] | None:
    """(what is limited, the limit, what the letter has, the reason staff read), or None."""
    lim = s.intake.limits
    mb = 1024 * 1024

    def size(n: float) -> str:
        return f"{n:.1f} МБ".replace(".", ",")

    if parsed.size > lim.max_message_mb * mb:
        limit, actual = f"{lim.max_message_mb:g} МБ".replace(".", ","), size(parsed.size / mb)
        return ("предельный размер письма", limit, actual,
                f"Размер письма ({actual}) превышает допустимый ({limit})")
    unpacked = f"{lim.max_unpacked_mb:g} МБ".replace(".", ",")
    bomb = next((a for a in parsed.attachments if a.kind == "zipbomb"), None)
    if bomb is not None:
        return ("допустимый объём вложений после распаковки архивов", unpacked,
                f"файл «{bomb.filename}», объём которого после распаковки превышает допустимый",
                f"Файл «{bomb.filename}» после распаковки превышает допустимый объём вложений ({unpacked})")
    files = [a for a in parsed.attachments if not a.inline]
    if len(files) > lim.max_attachments:
        return ("допустимое число вложений", str(lim.max_attachments), str(len(files)),
                f"Число вложений ({len(files)}) превышает допустимое ({lim.max_attachments})")
    total = sum(a.size for a in parsed.attachments)
    if total > lim.max_unpacked_mb * mb:
        return ("допустимый объём вложений после распаковки архивов", unpacked, size(total / mb),
                f"Объём вложений после распаковки архивов ({size(total / mb)}) превышает допустимый ({unpacked})")
    return None


def _dsn_decision(session: Session, where: Where, parsed: ParsedMessage, s: Settings) -> Decision:
    """A delivery report counts only from our own side and only about a letter we sent to the
    recipient it names; any other is held for staff, unanswered."""
    details = {"automatic": "dsn"}
    why = _untrusted_dsn(parsed, where, s)
    if why is None:
        matched = _match_dsn(session, parsed)
        if matched:
            return Decision(MS.IGNORED, where.config.processed_folder, details={**details, **matched})
        why = ("Отчёт о доставке не относится ни к одному отправленному письму "
               "(не совпадают идентификатор письма или адрес получателя)")
    return Decision(MS.QUARANTINED, where.config.quarantine_folder, why, details=details)


def _untrusted_dsn(parsed: ParsedMessage, where: Where, s: Settings) -> str | None:
    ids = set(s.intake.trust.authserv_ids)
    if not any(h.authserv_id in ids for h in parsed.auth_results):
        return ("Отчёт о доставке не подтверждён сервером комитета (нет его заголовка "
                "Authentication-Results); он не учтён и передан специалисту")
    sender = parsed.sender.address if parsed.sender else ""
    local, _, domain = sender.rpartition("@")
    ours = {where.config.address.rpartition("@")[2].lower(), *ids}
    daemon = local in ("mailer-daemon", "postmaster") and (domain in ours or any(domain.endswith("." + d)
                                                                               for d in ours))
    if parsed.return_path != "" and not daemon:
        return (f"Отчёт о доставке прислан с адреса {sender}, а не почтовым сервером комитета; "
                "он не учтён и передан специалисту")
    return None


def _match_dsn(session: Session, parsed: ParsedMessage) -> dict:
    """A delivery report about one of our letters, naming its recipient, marks that row bounced."""
    dsn = parsed.dsn
    if dsn is None or not dsn.original_message_id:
        return {}
    letter = session.scalar(select(OutboxLetter).where(OutboxLetter.message_id_header == dsn.original_message_id))
    if letter is None:
        return {}
    ours = {a.lower() for a in [*(letter.to_addrs or []), *(letter.cc_addrs or [])]}
    failed = {r.address: {"action": r.action, "status": r.status, "diagnostic": r.diagnostic}
              for r in dsn.recipients if r.action in ("failed", "") and r.address in ours}
    if not failed:
        return {}
    letter.delivery = {**letter.delivery, **failed}
    letter.status = "bounced"
    letter.last_error = "; ".join(f"{a}: {d['status']} {d['diagnostic']}".strip() for a, d in failed.items())
    return {"dsn_for_outbox_id": letter.id}


def _reply(session: Session, where: Where, message_id: int, school_id: int | None, parsed: ParsedMessage, key: str,
           kind: str, subject: str, body: str) -> OutboxLetter:
    return outbox.enqueue(
        session, dedup_key=key, kind=kind, sender=where.config.address, to=[parsed.sender.address],
        subject=subject, body=body, in_reply_to=parsed.message_id or "", references=_thread(parsed),
        school_id=school_id, message_id=message_id, mailbox=where.config.name)


def _thread(parsed: ParsedMessage) -> list[str]:
    """References of a reply: the letter's own chain, then the letter itself."""
    return [*parsed.references, parsed.message_id] if parsed.message_id else list(parsed.references)


def _replied_submission(session: Session, parsed: ParsedMessage,
                        school_id: int) -> tuple[OutboxLetter | None, Submission | None]:
    """Our letter this one answers, and its submission: only among letters to the sender's school
    (a Message-ID of ours seen by another school must not let it touch that school's records)."""
    ids = [x for x in [parsed.in_reply_to, *reversed(parsed.references)] if x][:50]
    if not ids:
        return None, None
    letter = session.scalars(select(OutboxLetter).where(OutboxLetter.message_id_header.in_(ids),
                                                        OutboxLetter.school_id == school_id)
                             .order_by(OutboxLetter.id.desc()).limit(1)).first()
    if letter is None:
        return None, None
    sub = session.get(Submission, letter.submission_id) if letter.submission_id else None
    return letter, sub if sub is not None and sub.school_id == school_id else None


@dataclass(frozen=True)
class Registered:
    id: int
    reg_number: str
    status: str


def register_submission(session: Session, message_id: int, parsed: ParsedMessage, school: School, s: Settings,
                        *, attachments: list[tuple[str, int]], run_id: str = "", actor: str = "system",
                        mailbox: MailboxCfg | None = None) -> Registered:
    """Give the letter an incoming number, decide its kind, supersede an earlier version, acknowledge.

    ``attachments`` are the letter's stored files as (file name, row id), in the letter's order.
    """
    letter, replied = _replied_submission(session, parsed, school.id)
    files = [(a.filename, a.detected_type, a.data) for a in parsed.attachments if not a.inline]
    cls = classify(files, parsed.subject, K(replied.kind) if replied else None, forms=forms_of(s),
                   body=parsed.text)
    now = utcnow()
    year = now.astimezone(s.tz).year
    seq = next_seq(session, "incoming", year)
    reg_number = s.numbering.format("incoming", year, seq)
    form_id = None
    if cls.form_attachment is not None:
        name = files[cls.form_attachment][0][:500]
        form_id = next((i for fname, i in attachments if fname == name), None)
    year_of = report_cycle_of if cls.kind in (K.INTERIM_REPORT, K.FINAL_REPORT) else academic_year_of
    academic_year = year_of(now, s)
    earlier = _earlier_version(session, school.id, cls.kind, academic_year, replied)
    status = SS.RESUBMITTED if earlier is not None else SS.REGISTERED
    conn = session.connection()
    sub_id = conn.execute(_INSERT_SUBMISSION, dict(
        reg_number=reg_number, reg_year=year, reg_seq=seq, registered_at=now, message_id=message_id,
        school_id=school.id, kind=cls.kind, academic_year=academic_year,
        form_type=cls.kind if cls.evidence == "form" else "", status=status, attachment_id=form_id,
        supersedes_id=earlier[0] if earlier else None, replies_to_letter_id=letter.id if letter else None,
        created_at=now, updated_at=now)).scalar_one()
    cause = "Зарегистрировано при приёме почты" if actor == "system" else "Зарегистрировано после проверки"
    events = [dict(submission_id=sub_id, at=now, from_status=SS.RECEIVED, to_status=status,
                   cause=f"{cause} (вид определён по: {_EVIDENCE[cls.evidence]})", actor=actor, run_id=run_id)]
    if earlier is not None:
        earlier_id, earlier_status = earlier
        events.append(dict(submission_id=earlier_id, at=now, from_status=earlier_status, to_status=SS.SUPERSEDED,
                           cause=f"Заменено новой версией № {reg_number}", actor=actor, run_id=run_id))
        conn.execute(_SUPERSEDE, {"sub_id": earlier_id})
        if replied is not None:
            session.expire(replied)  # changed by the statement above, not through the object
    conn.execute(_INSERT_EVENT, events)
    subject, body = replies.acknowledgement(
        s, reg_number=reg_number, registered_at=now, kind=cls.kind, subject=parsed.subject,
        sent_at=parsed.date, files=[(a.filename, a.size) for a in parsed.attachments if not a.inline])
    mailbox = mailbox or s.mailboxes[0]
    # A number taken in this transaction cannot have been acknowledged yet: no lookup needed.
    held = _ack_over_rate(session, parsed.sender.address, now, s)
    ack_id = outbox.enqueue_new(session, dedup_key=f"ack:{reg_number}", kind="ack", sender=mailbox.address,
                       to=[parsed.sender.address], subject=subject, body=body, in_reply_to=parsed.message_id or "",
                       references=_thread(parsed), school_id=school.id, submission_id=sub_id, message_id=message_id,
                       mailbox=mailbox.name)
    if held:
        session.connection().execute(update(OutboxLetter.__table__).where(OutboxLetter.__table__.c.id == ack_id)
                                     .values(status="withheld", last_error=held))
    return Registered(sub_id, reg_number, status)


def _ack_over_rate(session: Session, address: str, now: datetime, s: Settings) -> str:
    """Why an acknowledgement to ``address`` is held back (too many sent lately), or ""."""
    lim = s.intake.ack_rate_limit
    counts = session.info.setdefault("intake_ack_counts", {})  # per transaction: one query per address
    key = address.lower()
    if key not in counts:
        since = now - timedelta(hours=lim.hours)
        counts[key] = session.connection().scalar(
            select(func.count(OutboxLetter.id)).join(Message, Message.id == OutboxLetter.message_id)
            .where(Message.from_addr == key, OutboxLetter.kind == "ack", OutboxLetter.status != "withheld",
                   OutboxLetter.created_at >= since))
    sent = counts[key]
    if sent < lim.max_per_address:
        counts[key] = sent + 1  # the acknowledgement about to be queued
        return ""
    return (f"Подтверждение задержано: достигнут предел подтверждений на адрес {address} "
            f"({lim.max_per_address} за {lim.hours:g} ч.); если письмо не автоматическое, "
            "отправьте подтверждение кнопкой «Отправить»")


_EVIDENCE = {"form": "форме во вложении", "body": "тексту письма", "thread": "переписке", "subject": "теме письма",
             "none": "не определён — передано специалисту"}


def _earlier_version(session: Session, school_id: int, kind: str, academic_year: str,
                     replied: Submission | None) -> tuple[int, str] | None:
    """(id, status) of the version a new form replaces: the one replied to, else the school's latest."""
    if kind not in (K.APPLICATION, K.INTERIM_REPORT, K.FINAL_REPORT, K.CORRECTED_PROGRAMME):
        return None
    if replied is not None and replied.school_id == school_id and replied.kind == kind \
            and replied.status in _REPLACEABLE:
        return replied.id, replied.status
    row = session.connection().execute(
        _LATEST_VERSION, {"school_id": school_id, "kind": kind, "academic_year": academic_year}).first()
    return (row.id, row.status) if row else None


def reparse_archived(msg: Message) -> ParsedMessage:
    """The parsed form of a stored letter (for release from quarantine and re-processing)."""
    return parse_message(archive.get(msg.raw_sha256))
