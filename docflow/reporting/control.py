"""Execution control (контроль исполнения): close, extend, and the daily pass over open items.

Staff actions (the CLI and the UI call these, nowhere else):
    close_deadline(session, deadline_id, actor, note, *, at=None) -> Deadline
    extend_deadline(session, deadline_id, new_date, actor, reason, *, at=None) -> Deadline

The daily pass ``control_pass(session, settings, today)``:
1. closes every open item whose matching submission (same school, the expected kind, the same
   academic year) is complete or further along (``closed_by_submission_id``, event "done");
2. for every item still open: a reminder N working days before the due date, an overdue notice
   on the next working day after it, and one escalation letter a day to staff listing every item
   that became overdue that day;
3. the final-report notice ``final_report_notice_months`` before a site's term ends.
Every letter goes through the outbox under a dedup key, so repeating a day sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from docflow import outbox
from docflow.audit import record
from docflow.calendar.workdays import next_working_day, working_days_between
from docflow.config import Settings
from docflow.reporting import letters
from docflow.reporting.obligations import REPORT_KINDS, due_date, is_obligation
from docflow.reporting.schedule import item_dates, local_date, moment, year_dates
from docflow.store.models import Deadline, DeadlineEvent, Document, School, Site, Submission, utcnow

DONE_STATUSES = ("complete", "on_agenda", "approved", "returned", "order_issued", "delivered")


class DeadlineError(ValueError):
    """A staff action that cannot be done; the message is Russian, for the person."""


@dataclass
class PassReport:
    closed: list[int] = field(default_factory=list)
    letters: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str) -> None:
        self.letters[kind] = self.letters.get(kind, 0) + 1


# --- staff actions -----------------------------------------------------------------------------

def _open_item(session: Session, deadline_id: int) -> Deadline:
    d = session.get(Deadline, deadline_id, with_for_update=True)
    if d is None:
        raise DeadlineError(f"Контрольный срок № {deadline_id} не найден")
    if d.status != "open":
        raise DeadlineError(f"Контрольный срок № {deadline_id} уже закрыт (статус «{d.status}»)")
    return d


def open_item_due(session: Session, deadline_id: int) -> dt.date:
    """The due date of an open item (refuses a closed or unknown one)."""
    return _open_item(session, deadline_id).due_on


def close_deadline(session: Session, deadline_id: int, actor: str, note: str, *,
                   at: dt.datetime | None = None) -> Deadline:
    """A specialist marks an item done; the note (what was done, on what basis) is required."""
    note = (note or "").strip()
    if not note:
        raise DeadlineError("Укажите, на каком основании поручение считается исполненным (примечание)")
    d = _open_item(session, deadline_id)
    at = at or utcnow()
    d.status, d.closed_at, d.closed_by, d.close_note = "done", at, actor, note
    session.add(DeadlineEvent(deadline_id=d.id, event="done", actor=actor, note=note, at=at))
    record(session, actor, "deadline.close", "deadline", d.id, {"note": note})
    return d


def extend_deadline(session: Session, deadline_id: int, new_date: dt.date, actor: str, reason: str, *,
                    at: dt.datetime | None = None) -> Deadline:
    """Move an open item's due date; the old and new dates, who and why are recorded."""
    reason = (reason or "").strip()
    if not reason:
        raise DeadlineError("Укажите причину продления срока")
    d = _open_item(session, deadline_id)
    if new_date == d.due_on:
        raise DeadlineError(f"Новый срок совпадает с действующим ({new_date:%d.%m.%Y})")
    if new_date < d.due_on:
        raise DeadlineError(f"Новый срок {new_date:%d.%m.%Y} раньше действующего ({d.due_on:%d.%m.%Y}); "
                            "продление переносит срок только на более позднюю дату")
    old = d.due_on
    d.due_on = new_date
    session.add(DeadlineEvent(deadline_id=d.id, event="extended", actor=actor, note=reason, old_due_on=old,
                              new_due_on=new_date, at=at or utcnow()))
    record(session, actor, "deadline.extend", "deadline", d.id,
           {"old_due_on": old.isoformat(), "new_due_on": new_date.isoformat(), "reason": reason})
    return d


# --- automatic closing -------------------------------------------------------------------------

def matching_submission(session: Session, d: Deadline, until: dt.datetime) -> Submission | None:
    """The earliest complete (or further) submission that fulfils the item, registered by ``until``."""
    if not d.expects_kind or d.school_id is None:
        return None
    stmt = select(Submission).where(Submission.school_id == d.school_id, Submission.kind == d.expects_kind,
                                    Submission.status.in_(DONE_STATUSES), Submission.registered_at <= until)
    if d.academic_year:
        stmt = stmt.where(Submission.academic_year == d.academic_year)
    else:
        stmt = stmt.where(Submission.registered_at >= d.created_at)
    return session.scalars(stmt.order_by(Submission.registered_at, Submission.id).limit(1)).first()


def auto_close(session: Session, settings: Settings, today: dt.date) -> list[Deadline]:
    until = moment(settings, today + dt.timedelta(days=1))
    closed = []
    for d in session.scalars(select(Deadline).where(Deadline.status == "open", Deadline.expects_kind != "",
                                                   Deadline.school_id.is_not(None)).order_by(Deadline.id)):
        sub = matching_submission(session, d, until)
        if sub is None:
            continue
        note = f"Поступил документ № {sub.reg_number} (комплект полный)"
        d.status, d.closed_at, d.closed_by = "done", moment(settings, today), "system"
        d.close_note, d.closed_by_submission_id = note, sub.id
        session.add(DeadlineEvent(deadline_id=d.id, event="done", note=note, at=moment(settings, today)))
        closed.append(d)
    return closed


# --- letters -----------------------------------------------------------------------------------

def _school_to(school: School | None) -> list[str]:
    if school is None or not school.addresses:
        return []
    primary = [a.email for a in school.addresses if a.is_primary]
    return primary[:1] or [school.addresses[0].email]


def recipients(settings: Settings, d: Deadline) -> list[str]:
    if d.responsible_kind == "school":
        return _school_to(d.school)
    if d.responsible_kind == "operator":
        return [settings.operator.email] if settings.operator.email else list(settings.reporting.escalate_to)
    return list(settings.reporting.escalate_to)


def _sources(session: Session, d: Deadline) -> tuple[Document | None, Document | None]:
    doc = session.get(Document, d.document_id) if d.document_id else None
    site = session.get(Site, d.site_id) if d.site_id else None
    order = session.get(Document, site.order_document_id) if site is not None and site.order_document_id else None
    return doc, order


def item_basis(session: Session, settings: Settings, d: Deadline, *, label: bool = False) -> str:
    """The clause «во исполнение пункта 2 распоряжения …», or with ``label`` the short basis for lists."""
    doc, order = _sources(session, d)
    return (letters.basis_label if label else letters.basis)(settings, d, doc, order)


def _has(session: Session, key: str) -> bool:
    from docflow.store.models import OutboxLetter
    return session.scalar(select(OutboxLetter.id).where(OutboxLetter.dedup_key == key)) is not None


def send(session: Session, settings: Settings, report: PassReport, *, key: str, kind: str, to: list[str],
         subject: str, body: str, school_id: int | None = None, attachments=None,
         document_id: int | None = None) -> bool:
    """Enqueue once; True when the letter is new."""
    if not to or _has(session, key):
        return False
    mailbox = settings.mailboxes[0]
    outbox.enqueue(session, dedup_key=key, kind=kind, sender=mailbox.address, to=to, subject=subject, body=body,
                   school_id=school_id, attachments=attachments, document_id=document_id, mailbox=mailbox.name)
    report.count(kind)
    return True


def _who(d: Deadline, settings: Settings) -> str:
    if d.school is not None:
        return d.school.short_name
    if d.responsible_kind == "operator":
        return settings.operator.short_name
    return d.responsible_name or "ответственный специалист"


def _not_before(settings: Settings, d: Deadline) -> dt.date | None:
    """Reminders dated before the item existed are dropped (an item set late is not reminded
    twice in two days); obligations are not reminded before the year's call for reports."""
    floor = local_date(settings, d.created_at) - dt.timedelta(days=1) if d.created_at else None
    if is_obligation(d) and d.academic_year:
        call = year_dates(settings, d.academic_year).call
        floor = max(floor, call) if floor else call
    return floor


def _incomplete_number(session: Session, d: Deadline) -> str | None:
    if not d.expects_kind or d.school_id is None:
        return None
    stmt = select(Submission.reg_number).where(Submission.school_id == d.school_id,
                                               Submission.kind == d.expects_kind, Submission.status == "incomplete")
    if d.academic_year:
        stmt = stmt.where(Submission.academic_year == d.academic_year)
    return session.scalars(stmt.order_by(Submission.id.desc()).limit(1)).first()


def remind_and_escalate(session: Session, settings: Settings, today: dt.date, report: PassReport) -> None:
    at = moment(settings, today)
    late_today: list[tuple[Deadline, str, str]] = []
    for d in session.scalars(select(Deadline).where(Deadline.status == "open").order_by(Deadline.due_on,
                                                                                        Deadline.id)):
        dates = item_dates(settings, d.due_on, _not_before(settings, d))
        to, ref = recipients(settings, d), None
        due_reminders = [(n, when) for n, when in dates.reminders if when <= today < dates.due]
        if due_reminders:
            n, _ = min(due_reminders)
            ref = item_basis(session, settings, d)
            subject, body = letters.reminder(settings, d, d.school, ref, working_days_between(today, dates.due))
            if send(session, settings, report, key=f"reminder:{d.id}:{n}wd:{dates.due}", kind="reminder", to=to,
                    subject=subject, body=body, school_id=d.school_id):
                session.add(DeadlineEvent(deadline_id=d.id, event="reminded", at=at,
                                          note=f"Напоминание за {n} раб. дн. до срока: {', '.join(to)}"))
        if today >= dates.overdue:
            ref = ref or item_basis(session, settings, d)
            subject, body = letters.overdue(settings, d, d.school, ref, today, _incomplete_number(session, d))
            if send(session, settings, report, key=f"overdue:{d.id}:{dates.due}", kind="overdue", to=to,
                    subject=subject, body=body, school_id=d.school_id):
                session.add(DeadlineEvent(deadline_id=d.id, event="overdue", at=at,
                                          note=f"Уведомление о нарушении срока: {', '.join(to)}"))
                late_today.append((d, _who(d, settings), item_basis(session, settings, d, label=True)))
    if late_today and settings.reporting.escalate_to:
        subject, body = letters.escalation(settings, today, late_today)
        if send(session, settings, report, key=f"escalation:{today.isoformat()}", kind="escalation",
                to=list(settings.reporting.escalate_to), subject=subject, body=body):
            for d, _, _ in late_today:
                session.add(DeadlineEvent(deadline_id=d.id, event="escalated", at=at,
                                          note=f"Сообщено: {', '.join(settings.reporting.escalate_to)}"))


def final_notices(session: Session, settings: Settings, today: dt.date, report: PassReport) -> None:
    months = settings.reporting.final_report_notice_months
    for site in session.scalars(select(Site).where(Site.status == "active", Site.ends_on.is_not(None))):
        if site.ends_on < today:
            continue
        notice_on = next_working_day(site.ends_on - relativedelta(months=months))
        if today < notice_on:
            continue
        from docflow.calendar.rules import academic_year
        ay = academic_year(site.ends_on)
        due = due_date(settings, site, ay, "final_report")
        done = session.scalar(select(Deadline.id).where(Deadline.site_id == site.id, Deadline.academic_year == ay.label,
                                                        Deadline.expects_kind.in_(REPORT_KINDS),
                                                        Deadline.status != "open"))
        if done is not None:
            continue
        order = session.get(Document, site.order_document_id) if site.order_document_id else None
        ref = (f"в соответствии с {letters.document_ref(settings, order)} и {letters.PROCEDURE}" if order
               else f"в соответствии с {letters.PROCEDURE}")
        subject, body = letters.final_notice(settings, site, site.school, due, ref)
        send(session, settings, report, key=f"final_notice:{site.id}:{site.ends_on}", kind="final_notice",
             to=_school_to(site.school), subject=subject, body=body, school_id=site.school_id)


def control_pass(session: Session, settings: Settings, today: dt.date) -> PassReport:
    report = PassReport()
    report.closed = [d.id for d in auto_close(session, settings, today)]
    session.flush()
    remind_and_escalate(session, settings, today, report)
    final_notices(session, settings, today, report)
    return report
