"""The council's meeting rule and the academic year.

A meeting rule comes from the committee's settings, e.g.::

    {"weekday": "tuesday", "nth": 2, "months": [9, 10, 11, 12, 1, 2, 3, 4, 5, 6]}

"nth" is 1..5 (the n-th such weekday of the month) or -1..-5 counted from the month's end;
a month without a fifth Tuesday simply has no meeting. Optional "include" / "exclude" list
extra meeting dates and cancelled nominal dates (ISO strings).

A nominal date that is not a working day moves forward to the next working day, even when that
lands in the next month or year (the last Tuesday of December 2024 — 31 Dec, a day off — becomes
9 Jan 2025). ``scheduled_meetings`` keeps both dates so the move can be shown to people.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from docflow.calendar.workdays import ProductionCalendar, default_calendar

__all__ = [
    "AcademicYear",
    "Meeting",
    "MeetingRule",
    "academic_year",
    "meeting_dates",
    "next_meeting",
    "scheduled_meetings",
]

WEEKDAYS: dict[str, int] = {
    "monday": 0, "mon": 0, "понедельник": 0, "пн": 0,
    "tuesday": 1, "tue": 1, "вторник": 1, "вт": 1,
    "wednesday": 2, "wed": 2, "среда": 2, "ср": 2,
    "thursday": 3, "thu": 3, "четверг": 3, "чт": 3,
    "friday": 4, "fri": 4, "пятница": 4, "пт": 4,
    "saturday": 5, "sat": 5, "суббота": 5, "сб": 5,
    "sunday": 6, "sun": 6, "воскресенье": 6, "вс": 6,
}  # fmt: skip
WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTH_RU_SHORT = ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
_ACADEMIC_ORDER = (9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8)


def _as_date(d: dt.date | str) -> dt.date:
    if isinstance(d, dt.datetime):
        return d.date()
    if isinstance(d, dt.date):
        return d
    return dt.date.fromisoformat(d)


def _parse_weekday(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError(f"день недели указан неверно: {value!r}")
    if isinstance(value, int) and 0 <= value <= 6:
        return value
    if isinstance(value, str) and value.strip().lower() in WEEKDAYS:
        return WEEKDAYS[value.strip().lower()]
    raise ValueError(f"день недели указан неверно: {value!r} (ожидается, например, «tuesday»)")


@dataclass(frozen=True)
class MeetingRule:
    """The n-th given weekday of each listed month, plus extra and cancelled dates."""

    weekday: int
    nth: int
    months: tuple[int, ...]
    include: frozenset[dt.date] = frozenset()
    exclude: frozenset[dt.date] = frozenset()

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"день недели указан неверно: {self.weekday!r}")
        if isinstance(self.nth, bool) or not isinstance(self.nth, int) or not 1 <= abs(self.nth) <= 5:
            raise ValueError(f"порядковый номер «nth» должен быть от 1 до 5 или от -1 до -5: {self.nth!r}")
        if not self.months and not self.include:
            raise ValueError("в правиле заседаний не указано ни одного месяца")
        bad = [m for m in self.months if isinstance(m, bool) or not isinstance(m, int) or not 1 <= m <= 12]
        if bad:
            raise ValueError(f"месяцы заседаний указаны неверно: {bad!r}")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | MeetingRule) -> MeetingRule:
        if isinstance(data, MeetingRule):
            return data
        unknown = set(data) - {"weekday", "nth", "months", "include", "exclude"}
        if unknown:
            raise ValueError(f"неизвестные параметры правила заседаний: {', '.join(sorted(unknown))}")
        if "weekday" not in data or "nth" not in data:
            raise ValueError("в правиле заседаний должны быть указаны «weekday» и «nth»")
        months = data.get("months", list(range(1, 13)))
        if isinstance(months, (str, bytes, Mapping)) or not isinstance(months, Iterable):
            raise ValueError(f"месяцы заседаний должны быть списком номеров месяцев: {months!r}")
        try:
            include = frozenset(_as_date(d) for d in data.get("include", ()))
            exclude = frozenset(_as_date(d) for d in data.get("exclude", ()))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"даты в «include» / «exclude» должны быть вида ГГГГ-ММ-ДД: {exc}") from exc
        return cls(
            weekday=_parse_weekday(data["weekday"]),
            nth=data["nth"],
            months=tuple(dict.fromkeys(months)),
            include=include,
            exclude=exclude,
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "weekday": WEEKDAY_NAMES[self.weekday],
            "nth": self.nth,
            "months": list(self.months),
        }
        if self.include:
            out["include"] = sorted(d.isoformat() for d in self.include)
        if self.exclude:
            out["exclude"] = sorted(d.isoformat() for d in self.exclude)
        return out

    def nominal_date(self, year: int, month: int) -> dt.date | None:
        """The rule's date in a month, before any move; None if the month has no such day."""
        first = (self.weekday - dt.date(year, month, 1).weekday()) % 7 + 1
        days = [dt.date(year, month, day) for day in range(first, _cal.monthrange(year, month)[1] + 1, 7)]
        idx = self.nth - 1 if self.nth > 0 else self.nth
        try:
            return days[idx]
        except IndexError:
            return None

    def describe(self) -> str:
        """Russian label, e.g. «2-й вторник месяца (сен–июн)», «последняя пятница месяца»."""
        gender = _WEEKDAY_GENDER[self.weekday]
        weekday = _WEEKDAY_RU[self.weekday]
        if self.nth == -1:
            label = f"{_LAST[gender]} {weekday} месяца"
        elif self.nth == -2:
            label = f"пред{_LAST[gender]} {weekday} месяца"
        elif self.nth < 0:
            label = f"{-self.nth}-{_ORDINAL_SUFFIX[gender]} {weekday} с конца месяца"
        else:
            label = f"{self.nth}-{_ORDINAL_SUFFIX[gender]} {weekday} месяца"
        if self.months and set(self.months) != set(range(1, 13)):
            label += f" ({_months_label(self.months)})"
        return label


_WEEKDAY_RU = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")
_WEEKDAY_GENDER = ("m", "m", "f", "m", "f", "f", "n")
_ORDINAL_SUFFIX = {"m": "й", "f": "я", "n": "е"}
_LAST = {"m": "последний", "f": "последняя", "n": "последнее"}


def _months_label(months: tuple[int, ...]) -> str:
    ordered = sorted(set(months), key=_ACADEMIC_ORDER.index)
    runs: list[list[int]] = []
    for m in ordered:
        if runs and _ACADEMIC_ORDER.index(m) == _ACADEMIC_ORDER.index(runs[-1][-1]) + 1:
            runs[-1].append(m)
        else:
            runs.append([m])
    parts = [
        MONTH_RU_SHORT[r[0] - 1] if len(r) == 1 else f"{MONTH_RU_SHORT[r[0] - 1]}–{MONTH_RU_SHORT[r[-1] - 1]}"
        for r in runs
    ]
    return ", ".join(parts)


class Meeting(NamedTuple):
    date: dt.date
    nominal: dt.date

    @property
    def moved(self) -> bool:
        return self.date != self.nominal


def _month_iter(year: int, month: int) -> Iterator[tuple[int, int]]:
    while True:
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def scheduled_meetings(
    rule: Mapping[str, Any] | MeetingRule,
    start: dt.date | str,
    end: dt.date | str,
    *,
    calendar: ProductionCalendar = default_calendar,
) -> list[Meeting]:
    """Meetings whose actual (moved) date lies in [start, end], in date order.

    An "include" date is taken as given (moved forward only if it is a day off); an "exclude"
    date cancels the nominal date it names.
    """
    r = MeetingRule.from_dict(rule)
    start, end = _as_date(start), _as_date(end)
    found: dict[dt.date, Meeting] = {}
    # Start a month early: a nominal date late in the previous month may move into the range.
    y, m = (start.year - 1, 12) if start.month == 1 else (start.year, start.month - 1)
    months = set(r.months)
    for year, month in _month_iter(y, m):
        if dt.date(year, month, 1) > end:
            break
        nominal = r.nominal_date(year, month) if month in months else None
        if nominal is None or nominal in r.exclude:
            continue
        actual = calendar.next_working_day(nominal)
        if start <= actual <= end:
            found.setdefault(actual, Meeting(actual, nominal))
    for extra in r.include:
        actual = calendar.next_working_day(extra)
        if start <= actual <= end:
            found.setdefault(actual, Meeting(actual, extra))
    return [found[d] for d in sorted(found)]


def meeting_dates(
    rule: Mapping[str, Any] | MeetingRule,
    start: dt.date | str,
    end: dt.date | str,
    *,
    calendar: ProductionCalendar = default_calendar,
) -> Iterator[dt.date]:
    """Yield the meeting dates in [start, end], each moved to the next working day if needed."""
    for meeting in scheduled_meetings(rule, start, end, calendar=calendar):
        yield meeting.date


def next_meeting(
    rule: Mapping[str, Any] | MeetingRule,
    after: dt.date | str,
    *,
    inclusive: bool = True,
    calendar: ProductionCalendar = default_calendar,
    horizon_years: int = 3,
) -> Meeting | None:
    """The first meeting on (or, with inclusive=False, after) a date, within a horizon."""
    start = _as_date(after) + (dt.timedelta() if inclusive else dt.timedelta(days=1))
    end = (
        start.replace(year=start.year + horizon_years)
        if (start.month, start.day) != (2, 29)
        else (dt.date(start.year + horizon_years, 3, 1))
    )
    meetings = scheduled_meetings(rule, start, end, calendar=calendar)
    return meetings[0] if meetings else None


class AcademicYear(NamedTuple):
    """The academic year from 1 September to 31 August."""

    label: str
    start: dt.date
    end: dt.date

    @property
    def first_year(self) -> int:
        return self.start.year

    def date_of(self, month: int, day: int) -> dt.date:
        """The date of a month/day inside this academic year (Sep–Dec: first year, else second)."""
        return dt.date(self.first_year if month >= 9 else self.first_year + 1, month, day)

    def next(self) -> AcademicYear:
        return academic_year(self.end + dt.timedelta(days=1))


def academic_year(d: dt.date | str) -> AcademicYear:
    """The academic year containing a date, or the one named by a "2026/2027" label."""
    if isinstance(d, str) and "/" in d:
        first, _, second = d.partition("/")
        if not (first.isdigit() and second.isdigit() and int(second) == int(first) + 1):
            raise ValueError(f"учебный год указан неверно: {d!r} (ожидается, например, «2026/2027»)")
        y = int(first)
    else:
        day = _as_date(d)
        y = day.year if day.month >= 9 else day.year - 1
    return AcademicYear(f"{y}/{y + 1}", dt.date(y, 9, 1), dt.date(y + 1, 8, 31))


_CYCLE_NAMES = ("CycleEvent", "CycleSettings", "cycle_events", "events_on")


def __getattr__(name: str) -> Any:
    # The reporting-cycle helpers live in docflow.calendar.cycle (which imports this module);
    # they are reachable from here too, loaded lazily to avoid an import cycle.
    if name in _CYCLE_NAMES:
        from docflow.calendar import cycle

        return getattr(cycle, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
