"""Each active site's report obligation for an academic year, as a controlled item (Deadline).

One obligation per site and academic year: an interim report, or the final report when the
site's term ends within that year. Due on the settings' deadline moved to a working day; a final
report whose term ends earlier is due on the last day of the term (the status ends then).
Idempotent: a second call finds the rows and creates nothing.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from docflow.calendar.rules import AcademicYear, academic_year
from docflow.calendar.workdays import previous_working_day
from docflow.config import Settings
from docflow.reporting.schedule import moment, year_dates
from docflow.store.enums import SubmissionKind as K
from docflow.store.models import Deadline, DeadlineEvent, Site

REPORT_KINDS = (K.INTERIM_REPORT.value, K.FINAL_REPORT.value)
TEXT = {
    K.INTERIM_REPORT.value: "Представить промежуточный отчёт о реализации инновационного проекта "
                            "за {year} учебный год",
    K.FINAL_REPORT.value: "Представить итоговый отчёт о реализации инновационного проекта "
                          "(срок статуса муниципальной инновационной площадки истекает {ends})",
}


def is_obligation(d: Deadline) -> bool:
    return d.document_id is None and d.site_id is not None and d.expects_kind in REPORT_KINDS


def obligation_kind(site: Site, ay: AcademicYear) -> str | None:
    """The report a site owes for the year, or None (not active during the year's reporting)."""
    if site.ends_on is not None and site.ends_on < ay.start:
        return None
    if site.ends_on is not None and site.ends_on <= ay.end:
        return K.FINAL_REPORT.value
    return K.INTERIM_REPORT.value


def due_date(settings: Settings, site: Site, ay: AcademicYear, kind: str) -> dt.date:
    deadline = year_dates(settings, ay).deadline
    if kind == K.FINAL_REPORT.value and site.ends_on is not None and site.ends_on < deadline:
        return previous_working_day(site.ends_on)
    return deadline


def active_sites(session: Session, on: dt.date) -> list[Site]:
    rows = session.scalars(select(Site).where(Site.status == "active").order_by(Site.id))
    return [s for s in rows if s.starts_on is None or s.starts_on <= on]


def ensure_obligations(session: Session, settings: Settings, year: AcademicYear | str | dt.date,
                       *, today: dt.date | None = None) -> list[Deadline]:
    """Create the missing obligations of the year for every active site; return the new rows."""
    ay = year if isinstance(year, AcademicYear) else academic_year(year)
    on = today or ay.start
    created = []
    for site in active_sites(session, on):
        kind = obligation_kind(site, ay)
        if kind is None:
            continue
        # one controlled obligation per report due, whichever document set it first
        exists = session.scalar(select(Deadline.id).where(
            or_(Deadline.site_id == site.id, Deadline.school_id == site.school_id),
            Deadline.academic_year == ay.label, Deadline.status != "cancelled",
            Deadline.expects_kind.in_(REPORT_KINDS)).limit(1))
        if exists is not None:
            continue
        due = due_date(settings, site, ay, kind)
        if site.starts_on is not None and site.starts_on >= due:
            continue  # the status began after this year's reports were due
        ends = site.ends_on.strftime("%d.%m.%Y") if site.ends_on else ""
        d = Deadline(text=TEXT[kind].format(year=ay.label, ends=ends), due_on=due, responsible_kind="school",
                     school_id=site.school_id, site_id=site.id, responsible_name=site.school.short_name,
                     expects_kind=kind, academic_year=ay.label, status="open",
                     created_at=moment(settings, on))
        session.add(d)
        session.flush()
        session.add(DeadlineEvent(deadline_id=d.id, event="created", at=moment(settings, on),
                                  note=f"Обязательство площадки на {ay.label} учебный год", new_due_on=due))
        created.append(d)
    return created
