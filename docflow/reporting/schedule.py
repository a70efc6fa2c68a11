"""Dates of the reporting cycle and of every controlled item, from the committee's settings.

- The report cycle (``report_cycle``): the call, reminders N working days before the deadline,
  the deadline (moved to a working day), the overdue notice on the next working day.
- The monitoring summary (``summary_cycle``): ``SUMMARY_AFTER_DAYS`` calendar days after the
  report deadline (moved to a working day, never past 31 August), so late reports still count.
- Each controlled item (``item_dates``) follows the same rule from its own due date, so an order's
  item «до 15 мая» is reminded and escalated like the yearly report.

``AcademicYearTimetable(timetable_cycles(settings))`` runs the reporting DAG on every such date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from docflow.calendar.cycle import cycle_events
from docflow.calendar.rules import AcademicYear, academic_year
from docflow.calendar.workdays import add_working_days, next_working_day
from docflow.config import Settings

REPORT_CYCLE = "annual_report"
SUMMARY_CYCLE = "monitoring_summary"
SUMMARY_AFTER_DAYS = 15
RUN_AT = "09:00"


def _md(month: int, day: int) -> dict[str, int]:
    return {"month": month, "day": day}


def report_cycle(settings: Settings) -> dict:
    r = settings.reporting
    return {"name": REPORT_CYCLE, "title": "Отчёт о реализации инновационного проекта",
            "call": _md(r.call.month, r.call.day), "deadline": _md(r.deadline.month, r.deadline.day),
            "reminders": list(r.reminders_working_days), "overdue_after": 1}


def summary_cycle(settings: Settings) -> dict:
    d = settings.reporting.deadline
    ref = dt.date(2001 if d.month >= 9 else 2002, d.month, min(d.day, 28 if d.month == 2 else d.day))
    when = min(ref + dt.timedelta(days=SUMMARY_AFTER_DAYS), dt.date(2002, 8, 31))
    return {"name": SUMMARY_CYCLE, "title": "Ежегодный мониторинг эффективности МИП",
            "deadline": _md(when.month, when.day), "overdue_after": 0}


def timetable_cycles(settings: Settings) -> list[dict]:
    return [report_cycle(settings), summary_cycle(settings)]


@dataclass(frozen=True)
class YearDates:
    year: AcademicYear
    call: dt.date
    reminders: tuple[tuple[int, dt.date], ...]  # (working days before, date)
    deadline: dt.date
    overdue: dt.date
    summary: dt.date


def year_dates(settings: Settings, year: AcademicYear | str | dt.date) -> YearDates:
    ay = year if isinstance(year, AcademicYear) else academic_year(year)
    ev = cycle_events(report_cycle(settings), ay)
    by = {e.kind: e.date for e in ev}
    summary = cycle_events(summary_cycle(settings), ay)[-1].date
    deadline = by["deadline"]
    reminders = tuple((n, add_working_days(deadline, -n)) for n in sorted(settings.reporting.reminders_working_days,
                                                                           reverse=True))
    return YearDates(ay, by["call"], reminders, deadline, by["overdue"], summary)


@dataclass(frozen=True)
class ItemDates:
    due: dt.date  # the effective due date (a working day)
    reminders: tuple[tuple[int, dt.date], ...]
    overdue: dt.date


def item_dates(settings: Settings, due_on: dt.date, not_before: dt.date | None = None) -> ItemDates:
    """Reminder and overdue dates of one controlled item; reminders on or before ``not_before`` dropped.

    A due date on a day off ends on the next working day (Civil Code art. 193).
    """
    due = next_working_day(due_on)
    reminders = []
    for n in sorted(set(settings.reporting.reminders_working_days), reverse=True):
        when = add_working_days(due, -n)
        if not_before is None or when > not_before:
            reminders.append((n, when))
    return ItemDates(due, tuple(reminders), add_working_days(due, 1))


def moment(settings: Settings, day: dt.date) -> dt.datetime:
    """The UTC moment a run on ``day`` stands for (09:00 local): the controlled clock's 'now'."""
    h, m = (int(x) for x in RUN_AT.split(":"))
    return dt.datetime(day.year, day.month, day.day, h, m, tzinfo=ZoneInfo(settings.committee.timezone)
                       ).astimezone(dt.UTC)


def local_date(settings: Settings, when: dt.datetime) -> dt.date:
    return when.astimezone(settings.tz).date()


def run_date(context: dict, settings: Settings | None = None) -> dt.date:
    """The controlled "today" of a DAG run: the ``today`` param, else the run's local logical date."""
    params = context.get("params") or {}
    if params.get("today"):
        return dt.date.fromisoformat(str(params["today"]))
    if settings is None:
        from docflow.config import get_settings
        settings = get_settings()
    when = context.get("logical_date") or context.get("data_interval_end") or dt.datetime.now(dt.UTC)
    return local_date(settings, when)
