"""Dates of orders: today in the committee's time zone, site terms, reporting deadlines."""

from __future__ import annotations

import datetime as dt

from docflow.config import Settings


def today(settings: Settings) -> dt.date:
    return dt.datetime.now(settings.tz).date()


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def site_term(settings: Settings, start: dt.date) -> tuple[dt.date, dt.date]:
    """The status runs from the order date for ``site.term_years`` years (the last day included)."""
    return start, add_years(start, settings.site.term_years) - dt.timedelta(days=1)


def next_reporting_deadline(settings: Settings, after: dt.date) -> dt.date:
    """The next ``reporting.deadline`` (day and month) strictly after ``after``."""
    md = settings.reporting.deadline
    for year in (after.year, after.year + 1):
        try:
            candidate = dt.date(year, md.month, md.day)
        except ValueError:
            candidate = dt.date(year, md.month, 28)
        if candidate > after:
            return candidate
    raise AssertionError("unreachable")


def add_working_days(day: dt.date, n: int) -> dt.date:
    """Weekends skipped; holidays are the calendar area's job (used only when no due date was set)."""
    try:
        from docflow.calendar.workdays import add_working_days as calendar_add
    except ImportError:
        calendar_add = None
    if calendar_add is not None:
        return calendar_add(day, n)
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def academic_year_label(academic_year: str, settings=None) -> str:
    """One notation in every document: «2026/2027» (the store's), or with the separator the settings
    name in ``documents.academic_year_separator`` (e.g. «-» for «2026-2027»)."""
    if settings is None:
        from docflow.config import get_settings
        settings = get_settings()
    sep = settings.documents.academic_year_separator
    return academic_year.replace("/", sep).replace("-", sep)
