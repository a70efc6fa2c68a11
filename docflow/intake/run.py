"""One intake pass over one mailbox: exactly once, whatever fails in between.

Order of work per letter: fetch with BODY.PEEK (nothing marked read) → archive the raw bytes →
register in one transaction and commit → only then move it out of the folder. A run that dies
after the commit leaves rows with ``imap_state='pending'``; the next run moves those first. A
letter is keyed by (mailbox, folder, UIDVALIDITY, UID), so a second run over the same letters —
even at the same time — finds them claimed; a changed UIDVALIDITY makes every letter new by UID
and they are then recognised by Message-ID plus content hash.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import ClassVar

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from docflow.config import Settings
from docflow.intake.register import Outcome, Where, content_sha256, process_message
from docflow.mail.imap import ImapReader
from docflow.mail.parse import parse_headers_only
from docflow.store import archive
from docflow.store.db import unit_of_work
from docflow.store.enums import MessageStatus as MS
from docflow.store.models import IntakeAttempt, Mailbox, Message, utcnow
from docflow.store.numbering import insert_ignore

log = logging.getLogger(__name__)


@dataclass
class IntakeReport:
    mailbox: str
    uidvalidity: int = 0
    rescan: bool = False
    fetched: int = 0
    registered: int = 0
    quarantined: int = 0
    ignored: int = 0
    duplicates: int = 0
    failed: int = 0
    skipped_claimed: int = 0
    repaired_moves: int = 0
    given_up: int = 0  # letters quarantined after intake.max_attempts interrupted attempts
    reg_numbers: list[str] = field(default_factory=list)
    current_uid: ClassVar[int | None] = None  # the letter being processed (set per instance; not reported)

    def count(self, o: Outcome) -> None:
        attr = {MS.REGISTERED: "registered", MS.QUARANTINED: "quarantined", MS.IGNORED: "ignored",
                MS.DUPLICATE: "duplicates"}.get(MS(o.status))
        if attr:
            setattr(self, attr, getattr(self, attr) + 1)
        if o.reg_number:
            self.reg_numbers.append(o.reg_number)


def _mailbox_row(settings: Settings, name: str, uidvalidity: int, folder: str, report: IntakeReport) -> Mailbox:
    cfg = settings.mailbox(name)
    with unit_of_work() as s:
        insert_ignore(s, Mailbox, name=name, address=cfg.address, conn_id=cfg.imap_conn_id, folder=folder,
                      last_uid=0)
        row = s.scalar(select(Mailbox).where(Mailbox.name == name).with_for_update())
        if row.uidvalidity is not None and row.uidvalidity != uidvalidity:
            log.warning("UIDVALIDITY of %s/%s changed (%s → %s): rescanning", name, folder, row.uidvalidity,
                        uidvalidity)
            report.rescan = True
            row.last_uid = 0
        row.uidvalidity = uidvalidity
        row.address, row.conn_id, row.folder = cfg.address, cfg.imap_conn_id, folder
        s.flush()
        s.expunge(row)
        return row


def _move(reader: ImapReader, outcomes: list[tuple[int, int, str]]) -> None:
    """Move committed letters to their folders, then record that the move happened.

    An overlapping run may have moved some of them already; a server that then refuses the
    whole command (Dovecot: EXPUNGEISSUED) gets it again for the letters still in the folder.
    A move that still fails is left for the next run (the rows stay ``pending``): the letters
    are registered, and the run goes on.
    """
    by_folder: dict[str, list[int]] = defaultdict(list)
    for _row_id, uid, folder in outcomes:
        by_folder[folder].append(uid)
    moved: set[int] = set()
    for folder, uids in by_folder.items():
        try:
            try:
                reader.move(sorted(uids), folder)
            except Exception:  # decided by what is still there
                still = sorted(set(uids) & set(reader.uids()))
                if still:
                    reader.move(still, folder)
            moved.update(uids)
        except Exception:
            log.warning("could not move %d letters to %s; the next run will", len(uids), folder, exc_info=True)
    ids = [row_id for row_id, uid, _folder in outcomes if uid in moved]
    if ids:
        with unit_of_work() as s:
            s.execute(update(Message).where(Message.id.in_(ids)).values(imap_state="moved"))


def _repair_pending(reader: ImapReader, box: Mailbox, folder: str, uidvalidity: int, present: set[int],
                    report: IntakeReport) -> None:
    """Finish the moves an earlier run committed but did not complete."""
    with unit_of_work() as s:
        rows = s.execute(select(Message.id, Message.uid, Message.target_folder).where(
            Message.mailbox_id == box.id, Message.folder == folder, Message.uidvalidity == uidvalidity,
            Message.imap_state == "pending")).all()
        gone = [r.id for r in rows if r.uid not in present]
        if gone:  # moved by someone else meanwhile; nothing to do
            s.execute(update(Message).where(Message.id.in_(gone)).values(imap_state="gone"))
    todo = [(r.id, r.uid, r.target_folder) for r in rows if r.uid in present]
    if todo:
        _move(reader, todo)
        report.repaired_moves += len(todo)


def _record_failure(s, where: Where, uid: int, raw: bytes, exc: BaseException | str, *,
                    declared_size: int | None = None, given_up: bool = False) -> Outcome:
    """A letter the code could not process is kept, with its error, in quarantine for staff.
    ``declared_size``: only its headers were fetched (RFC822.SIZE over the limit)."""
    error = exc if isinstance(exc, str) else f"Ошибка обработки: {type(exc).__name__}: {exc}"
    details = {"run_id": where.run_id, **({"headers_only": True} if declared_size is not None else {}),
               **({"given_up": True} if given_up else {})}
    head = parse_headers_only(raw)  # who sent it and what it is, for staff, whatever failed in the body
    msg = Message(mailbox_id=where.mailbox.id, folder=where.folder, uidvalidity=where.uidvalidity, uid=uid,
                  raw_sha256=archive.put(raw), content_sha256=content_sha256(raw), size=declared_size or len(raw),
                  status=MS.QUARANTINED, imap_state="pending", target_folder=where.config.quarantine_folder,
                  error=error[:2000], details=details, message_id_header=(head.message_id or "")[:998],
                  from_addr=(head.sender.address if head.sender else "")[:320],
                  from_name=(head.sender.name if head.sender else "")[:500], subject=head.subject[:2000])
    s.add(msg)
    s.flush()
    return Outcome(msg.id, uid, MS.QUARANTINED, msg.target_folder)


def _claimed(s, where: Where, uid: int) -> bool:
    return s.scalar(select(Message.id).where(
        Message.mailbox_id == where.mailbox.id, Message.folder == where.folder,
        Message.uidvalidity == where.uidvalidity, Message.uid == uid)) is not None


def _register_batch(batch, where: Where, settings: Settings, report: IntakeReport) -> list[tuple[int, int, str]]:
    """One transaction per fetched batch, one savepoint per letter: a letter that fails is rolled
    back alone and recorded in quarantine, the others commit together (one disk sync per batch)."""
    done: list[tuple[int, int, str]] = []
    with unit_of_work() as s, archive.deferred_sync():  # blobs synced once, before the commit
        for fm in batch:
            report.fetched += 1
            report.current_uid = fm.uid
            extra = {"declared_size": fm.size} if fm.partial else {}
            try:
                with s.begin_nested():
                    outcome = process_message(s, where, fm.uid, fm.raw, settings, **extra)
            except Exception as exc:
                if isinstance(exc, IntegrityError) and _claimed(s, where, fm.uid):
                    report.skipped_claimed += 1  # another run registered it first
                    continue
                log.exception("letter UID %s in %s could not be processed", fm.uid, where.config.name)
                report.failed += 1
                with s.begin_nested():
                    outcome = _record_failure(s, where, fm.uid, fm.raw, exc, **extra)
            report.count(outcome)
            done.append((outcome.message_id, outcome.uid, outcome.target_folder))
        report.current_uid = None
        _forget_attempts(s, where, [fm.uid for fm in batch])  # settled with the batch's commit
    return done


# -- attempts: a letter that kills the process must not stall the mailbox for ever ------------
_T = IntakeAttempt.__table__


def _dialect_insert(s):
    if s.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert


def _key(where: Where) -> dict:
    return {"mailbox_id": where.mailbox.id, "folder": where.folder, "uidvalidity": where.uidvalidity}


def _count_attempt(where: Where, uids: list[int], step: int = 1) -> None:
    """Committed before the letters are fetched and processed: a crash meanwhile is counted."""
    now = utcnow()
    with unit_of_work() as s:
        stmt = _dialect_insert(s)(_T).values(
            [{**_key(where), "uid": u, "attempts": max(step, 0), "last_error": "", "updated_at": now} for u in uids])
        s.execute(stmt.on_conflict_do_update(index_elements=["mailbox_id", "folder", "uidvalidity", "uid"],
                                             set_={"attempts": _T.c.attempts + step, "updated_at": now}))


def _fetch_counted(reader: ImapReader, where: Where, uids: list[int], max_size: int) -> list:
    """Count an attempt on ``uids``, then fetch them. A letter whose fetch kills the process is
    counted like one whose processing does; a lost connection is not the letters' fault."""
    _count_attempt(where, uids)
    try:
        return [fm for batch in reader.fetch(uids, max_size=max_size) for fm in batch]
    except Exception:
        _count_attempt(where, uids, -1)
        raise
    except BaseException as exc:
        _note_error(where, uids, exc)
        raise


def _note_error(where: Where, uids: list[int], exc: BaseException) -> None:
    try:
        with unit_of_work() as s:
            s.execute(update(_T).where(*(_T.c[k] == v for k, v in _key(where).items()), _T.c.uid.in_(uids))
                      .values(last_error=f"{type(exc).__name__}: {exc}"[:2000]))
    except Exception:  # the store itself may be what failed; the count is already committed
        log.warning("could not record the error of letters UID %s", uids, exc_info=True)


def _forget_attempts(s, where: Where, uids: list[int]) -> None:
    s.execute(delete(_T).where(*(_T.c[k] == v for k, v in _key(where).items()), _T.c.uid.in_(uids)))


def _attempts(where: Where, uids: list[int]) -> dict[int, tuple[int, str]]:
    """Letters among ``uids`` an earlier run started on and never settled (the table holds only those)."""
    if not uids:
        return {}
    wanted = set(uids)
    with unit_of_work() as s:
        rows = s.execute(select(_T.c.uid, _T.c.attempts, _T.c.last_error).where(
            *(_T.c[k] == v for k, v in _key(where).items()))).all()
    return {r.uid: (r.attempts, r.last_error) for r in rows if r.attempts > 0 and r.uid in wanted}


def _give_up(where: Where, fm, attempts: int, last_error: str, report: IntakeReport) -> list[tuple[int, int, str]]:
    error = (f"Письмо не удалось обработать (попыток: {attempts}): "
             f"{last_error or 'обработка прерывалась (процесс завершался аварийно)'}")
    with unit_of_work() as s:
        try:
            with s.begin_nested():
                outcome = _record_failure(s, where, fm.uid, fm.raw, error, given_up=True,
                                          **({"declared_size": fm.size} if fm.partial else {}))
            _forget_attempts(s, where, [fm.uid])
        except IntegrityError:
            if _claimed(s, where, fm.uid):
                _forget_attempts(s, where, [fm.uid])
                report.skipped_claimed += 1
                return []
            raise
    report.fetched += 1
    report.given_up += 1
    report.count(outcome)
    return [(outcome.message_id, outcome.uid, outcome.target_folder)]


def _run_batch(reader: ImapReader, batch, where: Where, settings: Settings, report: IntakeReport) -> None:
    """Register fetched letters (their attempt already counted) and move them."""
    uids = [fm.uid for fm in batch]
    saved = {**vars(report), "reg_numbers": list(report.reg_numbers)}
    try:
        done = _register_batch(batch, where, settings, report)
    except Exception as exc:  # outside a letter's savepoint (the commit, the archive): the batch is lost
        log.exception("intake batch of %d letters in %s failed; they are retried one by one", len(uids),
                      where.config.name)
        _note_error(where, [report.current_uid] if report.current_uid is not None else uids, exc)
        vars(report).update(saved)  # nothing of the batch was registered
        report.failed += 1
        return
    except BaseException as exc:  # the process is going down: leave the count and the error behind
        _note_error(where, [report.current_uid] if report.current_uid is not None else uids, exc)
        raise
    if done:
        _move(reader, done)


def poll_mailbox(settings: Settings, name: str, reader: ImapReader, *, run_id: str = "",
                 limit: int | None = None) -> IntakeReport:
    """Register every new letter in one mailbox; ``reader`` is connected and logged in."""
    cfg = settings.mailbox(name)
    report = IntakeReport(mailbox=name)
    for folder in (cfg.processed_folder, cfg.quarantine_folder):
        reader.ensure_folder(folder)
    state = reader.select(cfg.folder)
    report.uidvalidity = state.uidvalidity
    box = _mailbox_row(settings, name, state.uidvalidity, cfg.folder, report)
    where = Where(box, cfg, cfg.folder, state.uidvalidity, run_id)
    present = set(reader.uids())
    _repair_pending(reader, box, cfg.folder, state.uidvalidity, present, report)
    with unit_of_work() as s:
        known = set(s.scalars(select(Message.uid).where(
            Message.mailbox_id == box.id, Message.folder == cfg.folder, Message.uidvalidity == state.uidvalidity)))
    new = sorted(present - known)[:limit]
    # Letters an interrupted run had started on go last, one at a time and fewest attempts first:
    # the one that killed it is counted alone, and every other letter is registered meanwhile.
    tried = _attempts(where, new)
    fresh = [u for u in new if u not in tried]
    max_size = int(settings.intake.limits.max_message_mb * 1024 * 1024)
    for start in range(0, len(fresh), reader.batch_size):
        batch = _fetch_counted(reader, where, fresh[start:start + reader.batch_size], max_size)
        if batch:
            _run_batch(reader, batch, where, settings, report)
    for uid in sorted(tried, key=lambda u: (tried[u][0], u)):
        attempts, last_error = tried[uid]
        if attempts >= settings.intake.max_attempts:
            # Its headers only (the letter stays in the quarantine folder): fetching it may be what
            # kills the process; staff move it back to the inbox to have it processed anew.
            for fm in [fm for batch in reader.fetch([uid], max_size=0) for fm in batch]:
                done = _give_up(where, fm, attempts, last_error, report)
                if done:
                    _move(reader, done)
        else:
            batch = _fetch_counted(reader, where, [uid], max_size)
            if batch:
                _run_batch(reader, batch, where, settings, report)
    with unit_of_work() as s:
        row = s.get(Mailbox, box.id)
        row.last_uid = max([row.last_uid, *new]) if new else row.last_uid
        row.last_polled_at = utcnow()
    return report
