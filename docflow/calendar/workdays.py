"""Production calendar of the Russian Federation (five-day working week).

A day is a working day unless it is a Saturday or Sunday, a public holiday (Labour Code art. 112),
or a day off transferred by a Government decree; a weekend day that a decree turns into a working
day (a "working Saturday") is a working day.

The data comes from the ``holidays`` package (``holidays.RU``), which keeps, per year, the
transfers made by the Government decrees ("О переносе выходных дней") with a link to each decree,
and exposes the working Saturdays as ``weekend_workdays``. What it holds for the years in use
(checked against the published decrees; the library links each text on consultant.ru):

- 2023: decree No. 1505 of 29.08.2022 — 24 Feb and 8 May off; no working Saturdays.
- 2024: decree No. 1314 of 10.08.2023 — 27 Apr, 2 Nov, 28 Dec working; 29–30 Apr, 10 May,
  30–31 Dec off.
- 2025: decree No. 1335 of 04.10.2024 — 1 Nov working; 2 and 8 May, 13 Jun, 3 Nov, 31 Dec off.
- 2026: decree of 24.09.2025 — 9 Jan and 31 Dec off; 9 Mar and 11 May are off by art. 112
  (holidays falling on a Sunday / Saturday).
- 2027: as held by holidays 0.109 (consultant.ru LAW_544706; the same pattern as 2021, a year
  with the same calendar) — 20 Feb working; 22 Feb, 5 Nov, 31 Dec off. Not checked here against
  the decree text: correct it with ``ProductionCalendar`` extras if it differs.

A year without a decree in the installed ``holidays`` falls back to the Labour Code rules the
library applies (holidays, a holiday on a weekend moves to the next working day) plus weekends;
``decree_years()`` tells which years are confirmed by a decree. The committee can correct the
calendar without a code change by passing extra days off / working days (e.g. from settings) to
``ProductionCalendar``.

``holidays`` costs ~100 ms to import, so it is imported on first use, not with this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache

__all__ = [
    "ProductionCalendar",
    "add_working_days",
    "decree_years",
    "default_calendar",
    "is_working_day",
    "next_working_day",
    "previous_working_day",
    "working_days_between",
]

_ONE_DAY = dt.timedelta(days=1)
# Enough to step over the longest run of days off (the New Year holidays, 10–12 days).
_MAX_RUN_OFF = 40


@lru_cache(maxsize=64)
def _year_data(year: int) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    """(days off that are not weekends or are holidays, working weekend days) for one year."""
    import holidays

    ru = holidays.country_holidays("RU", years=year)
    days_off = frozenset(d for d in ru if d.year == year)
    weekend_workdays = frozenset(d for d in getattr(ru, "weekend_workdays", ()) if d.year == year)
    return days_off, weekend_workdays


@lru_cache(maxsize=1)
def decree_years() -> frozenset[int]:
    """Years whose transfers of days off come from a Government decree kept by ``holidays``.

    A year whose decree transferred nothing would be missing here; none has since 1992.
    """
    try:
        from holidays.countries.russia import RussiaStaticHolidays

        years = RussiaStaticHolidays.special_public_holidays
    except (ImportError, AttributeError):  # the library's layout changed: confirm nothing
        return frozenset()
    return frozenset(y for y in years if y >= 1992)


def _as_date(d: dt.date | str) -> dt.date:
    if isinstance(d, dt.datetime):
        return d.date()
    if isinstance(d, dt.date):
        return d
    return dt.date.fromisoformat(d)


class ProductionCalendar:
    """The RF production calendar, optionally corrected by explicit days off / working days.

    ``extra_days_off`` and ``extra_working_days`` win over the library's data (a working day
    listed in both is a working day), so a decree the installed ``holidays`` does not know yet,
    or a regional holiday, can be added from the committee's settings.
    """

    def __init__(
        self,
        extra_days_off: Iterable[dt.date | str] = (),
        extra_working_days: Iterable[dt.date | str] = (),
    ) -> None:
        self.extra_days_off = frozenset(_as_date(d) for d in extra_days_off)
        self.extra_working_days = frozenset(_as_date(d) for d in extra_working_days)

    def __repr__(self) -> str:
        return (
            f"ProductionCalendar(extra_days_off={sorted(self.extra_days_off)!r}, "
            f"extra_working_days={sorted(self.extra_working_days)!r})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ProductionCalendar):
            return NotImplemented
        return (self.extra_days_off, self.extra_working_days) == (
            other.extra_days_off,
            other.extra_working_days,
        )

    def __hash__(self) -> int:
        return hash((self.extra_days_off, self.extra_working_days))

    def is_working_day(self, d: dt.date) -> bool:
        d = _as_date(d)
        if d in self.extra_working_days:
            return True
        if d in self.extra_days_off:
            return False
        days_off, weekend_workdays = _year_data(d.year)
        if d.weekday() >= 5:
            return d in weekend_workdays
        return d not in days_off

    def next_working_day(self, d: dt.date) -> dt.date:
        """``d`` itself when it is a working day, else the first working day after it."""
        d = _as_date(d)
        for _ in range(_MAX_RUN_OFF):
            if self.is_working_day(d):
                return d
            d += _ONE_DAY
        raise ValueError(f"no working day within {_MAX_RUN_OFF} days after {d}")

    def previous_working_day(self, d: dt.date) -> dt.date:
        """``d`` itself when it is a working day, else the last working day before it."""
        d = _as_date(d)
        for _ in range(_MAX_RUN_OFF):
            if self.is_working_day(d):
                return d
            d -= _ONE_DAY
        raise ValueError(f"no working day within {_MAX_RUN_OFF} days before {d}")

    def add_working_days(self, d: dt.date, n: int) -> dt.date:
        """The n-th working day strictly after ``d`` (n > 0) or strictly before it (n < 0).

        ``n == 0`` returns ``d`` unchanged, working or not. For working days a and b,
        ``add_working_days(a, working_days_between(a, b)) == b``.
        """
        d = _as_date(d)
        step = _ONE_DAY if n > 0 else -_ONE_DAY
        for _ in range(abs(n)):
            d += step
            while not self.is_working_day(d):
                d += step
        return d

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Number of working days d with a <= d < b; negative when b < a.

        The convention of ``numpy.busday_count``: ``working_days_between(today, deadline)`` is
        the number of working days left before the deadline, today included.
        """
        a, b = _as_date(a), _as_date(b)
        if b < a:
            return -self.working_days_between(b, a)
        count, d = 0, a
        while d < b:
            count += self.is_working_day(d)
            d += _ONE_DAY
        return count

    def working_days(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """The working days in [start, end], both inclusive."""
        start, end = _as_date(start), _as_date(end)
        out, d = [], start
        while d <= end:
            if self.is_working_day(d):
                out.append(d)
            d += _ONE_DAY
        return out


default_calendar = ProductionCalendar()


def is_working_day(d: dt.date) -> bool:
    return default_calendar.is_working_day(d)


def next_working_day(d: dt.date) -> dt.date:
    return default_calendar.next_working_day(d)


def previous_working_day(d: dt.date) -> dt.date:
    return default_calendar.previous_working_day(d)


def add_working_days(d: dt.date, n: int) -> dt.date:
    return default_calendar.add_working_days(d, n)


def working_days_between(a: dt.date, b: dt.date) -> int:
    return default_calendar.working_days_between(a, b)
