"""Entry points the intake DAG and the CLI call: poll a mailbox, handle released letters, send."""

from __future__ import annotations

from dataclasses import asdict

from sqlalchemy import select

from docflow.config import Settings
from docflow.intake.register import register_submission, reparse_archived
from docflow.intake.run import poll_mailbox
from docflow.mail.imap import ImapParams, ImapReader
from docflow.schools import school_by_address
from docflow.store.db import unit_of_work
from docflow.store.enums import MessageStatus as MS
from docflow.store.models import Message, School, Submission, SubmissionEvent


def intake_mailbox(settings: Settings, name: str, params: ImapParams, *, run_id: str = "") -> dict:
    with ImapReader(params, batch_size=settings.intake.batch_size) as reader:
        return asdict(poll_mailbox(settings, name, reader, run_id=run_id))


HEADERS_ONLY_RU = ("Письмо сохранено без содержимого (только заголовки): его обработка прерывалась, и "
                   "повторно оно не загружалось. Чтобы обработать его заново, переместите письмо из папки "
                   "карантина во «Входящие» почтового ящика")


def process_released(settings: Settings, *, run_id: str = "", actor: str = "system") -> list[str]:
    """Register letters staff released from quarantine (with the school they assigned, if any)."""
    numbers = []
    with unit_of_work() as s:
        ids = list(s.scalars(select(Message.id).where(Message.status == MS.RELEASED).order_by(Message.id)))
    for mid in ids:
        with unit_of_work() as s:
            msg = s.get(Message, mid)
            if msg is None or msg.status != MS.RELEASED:
                continue
            if s.scalar(select(Submission.id).where(Submission.message_id == msg.id)) is not None:
                msg.status = MS.REGISTERED
                continue
            if msg.details.get("given_up"):
                msg.error, msg.status = HEADERS_ONLY_RU, MS.QUARANTINED
                continue
            parsed = reparse_archived(msg)
            school = s.get(School, msg.school_id) if msg.school_id else school_by_address(s, msg.from_addr)
            if school is None:
                msg.error = "Выпущено из карантина, но организация не указана и адрес не найден в реестре"
                msg.status = MS.QUARANTINED
                continue
            mailbox = next((m for m in settings.mailboxes if m.name == msg.details.get("mailbox")),
                           settings.mailboxes[0])
            msg.school_id = school.id
            sub = register_submission(s, msg.id, parsed, school, settings, run_id=run_id, actor=actor,
                                      mailbox=mailbox, attachments=[(a.filename, a.id) for a in msg.attachments])
            s.add(SubmissionEvent(submission_id=sub.id, from_status=sub.status, to_status=sub.status,
                                  cause="Письмо выпущено из карантина специалистом", actor=actor, run_id=run_id))
            msg.status, msg.error = MS.REGISTERED, ""
            numbers.append(sub.reg_number)
    return numbers


def reprocess_message(settings: Settings, message_id: int, *, actor: str, run_id: str = "") -> dict:
    """Decide again on a held letter from its archived bytes (after the registry was corrected,
    or a processing error was fixed). A letter already registered is left alone."""
    from docflow import audit
    from docflow.actions.base import ActionRefused
    from docflow.intake.register import Where, decide_again
    from docflow.store.models import Mailbox
    with unit_of_work() as s:
        msg = s.get(Message, message_id)
        if msg is None:
            raise ActionRefused(f"Письмо № {message_id} не найдено")
        if msg.status not in (MS.QUARANTINED, MS.RECEIVED):
            raise ActionRefused(f"Письмо № {message_id} уже обработано (статус «{msg.status}»); повторная "
                                "обработка возможна только для писем на карантине")
        if msg.details.get("given_up"):
            raise ActionRefused(f"Письмо № {message_id}: {HEADERS_ONLY_RU[0].lower()}{HEADERS_ONLY_RU[1:]}")
        box = s.get(Mailbox, msg.mailbox_id)
        where = Where(box, settings.mailbox(box.name), msg.folder, msg.uidvalidity, run_id)
        before, error = msg.status, msg.error
        msg.error = ""
        parsed = reparse_archived(msg)
        outcome = decide_again(s, where, msg, parsed, settings)
        msg.imap_state = "moved"  # the server's copy stays where it is; the store is the record
        audit.record(s, actor, "message.reprocess", "message", msg.id,
                     {"before": before, "after": outcome.status, "previous_error": error,
                      "reg_number": outcome.reg_number})
        return {"id": msg.id, "status": outcome.status, "reg_number": outcome.reg_number, "error": msg.error}
