"""The academic-year reporting cycle: call, reminders, deadline, overdue notice.

Cycle settings, e.g.::

    {"name": "annual_report", "title": "Отчёт об инновационной деятельности",
     "call": "05-04", "deadline": "06-15", "reminders": [14, 3], "overdue_after": 1}

- "call": month-day (``"MM-DD"``, ``"DD.MM"`` or ``{"month": 5, "day": 4}``) the request for
  reports goes out; optional. Moved forward to a working day.
- "deadline": month-day the reports are due. A deadline on a day off moves to the next working
  day (Civil Code art. 193: a term ending on a non-working day ends on the next working day).
- "reminders": working days before the (moved) deadline a reminder goes out; a reminder that
  would fall on or before the call is dropped.
- "overdue_after": working days after the deadline the overdue notice goes out (default 1, the
  next working day); 0 or null disables it.

Months September–December belong to the first calendar year of the academic year, January–August
to the second.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from docflow.calendar.rules import AcademicYear, academic_year
from docflow.calendar.workdays import ProductionCalendar, default_calendar

__all__ = ["KINDS", "CycleEvent", "CycleSettings", "cycle_events", "events_on"]

KINDS = ("call", "reminder", "deadline", "overdue")
_KIND_ORDER = {k: i for i, k in enumerate(KINDS)}
_KEYS = {"name", "title", "call", "deadline", "reminders", "overdue_after"}


class CycleEvent(NamedTuple):
    date: dt.date
    kind: str  # one of KINDS


def _month_day(value: Any, key: str) -> tuple[int, int]:
    """Parse "MM-DD", "DD.MM" or {"month": m, "day": d}; checked against a leap year."""
    if isinstance(value, Mapping):
        month, day = value.get("month"), value.get("day")
    elif isinstance(value, str) and (m := re.fullmatch(r"\s*(\d{1,2})-(\d{1,2})\s*", value)):
        month, day = int(m[1]), int(m[2])
    elif isinstance(value, str) and (m := re.fullmatch(r"\s*(\d{1,2})\.(\d{1,2})\s*", value)):
        day, month = int(m[1]), int(m[2])
    else:
        month = day = None
    try:
        dt.date(2000, month, day)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(
            f"дата «{key}» указана неверно: {value!r} (ожидается месяц и день, например «06-15»)"
        ) from None
    if (month, day) == (2, 29):
        raise ValueError(f"дата «{key}» не может приходиться на 29 февраля")
    return month, day


@dataclass(frozen=True)
class CycleSettings:
    deadline: tuple[int, int]
    call: tuple[int, int] | None = None
    reminders: tuple[int, ...] = ()
    overdue_after: int | None = 1
    name: str = "report"
    title: str = ""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | CycleSettings) -> CycleSettings:
        if isinstance(data, CycleSettings):
            return data
        unknown = set(data) - _KEYS
        if unknown:
            raise ValueError(f"неизвестные параметры отчётного цикла: {', '.join(sorted(unknown))}")
        if "deadline" not in data:
            raise ValueError("в параметрах отчётного цикла не указан срок «deadline»")
        reminders = data.get("reminders") or ()
        if any(isinstance(n, bool) or not isinstance(n, int) or n <= 0 for n in reminders):
            raise ValueError(
                f"напоминания «reminders» — число рабочих дней до срока, больше нуля: {reminders!r}"
            )
        overdue = data.get("overdue_after", 1)
        if overdue is False or overdue == 0:
            overdue = None
        if overdue is not None and (isinstance(overdue, bool) or not isinstance(overdue, int) or overdue < 0):
            raise ValueError(f"«overdue_after» — число рабочих дней после срока: {overdue!r}")
        call = _month_day(data["call"], "call") if data.get("call") is not None else None
        deadline = _month_day(data["deadline"], "deadline")
        if call is not None and _ay_key(call) >= _ay_key(deadline):
            raise ValueError("дата объявления «call» должна быть раньше срока «deadline» в учебном году")
        return cls(
            deadline=deadline,
            call=call,
            reminders=tuple(sorted(set(reminders), reverse=True)),
            overdue_after=overdue,
            name=str(data.get("name") or "report"),
            title=str(data.get("title") or ""),
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name}
        if self.title:
            out["title"] = self.title
        if self.call:
            out["call"] = "{:02d}-{:02d}".format(*self.call)
        out["deadline"] = "{:02d}-{:02d}".format(*self.deadline)
        out["reminders"] = list(self.reminders)
        out["overdue_after"] = self.overdue_after
        return out


def _ay_key(month_day: tuple[int, int]) -> tuple[int, int, int]:
    month, day = month_day
    return (0 if month >= 9 else 1, month, day)


def cycle_events(
    cycle_settings: Mapping[str, Any] | CycleSettings,
    year: AcademicYear | str | dt.date,
    *,
    calendar: ProductionCalendar = default_calendar,
) -> list[CycleEvent]:
    """The dated events of one cycle in one academic year, in date order."""
    c = CycleSettings.from_dict(cycle_settings)
    ay = year if isinstance(year, AcademicYear) else academic_year(year)
    events: list[CycleEvent] = []
    call = None
    if c.call is not None:
        call = calendar.next_working_day(ay.date_of(*c.call))
        events.append(CycleEvent(call, "call"))
    deadline = calendar.next_working_day(ay.date_of(*c.deadline))
    for n in c.reminders:
        when = calendar.add_working_days(deadline, -n)
        if call is None or when > call:
            events.append(CycleEvent(when, "reminder"))
    events.append(CycleEvent(deadline, "deadline"))
    if c.overdue_after is not None:
        events.append(CycleEvent(calendar.add_working_days(deadline, c.overdue_after), "overdue"))
    # Two reminders can land on one day only if offsets repeat; they were deduplicated above.
    return sorted(set(events), key=lambda e: (e.date, _KIND_ORDER[e.kind]))


def events_on(
    cycles: Iterable[Mapping[str, Any] | CycleSettings] | Mapping[str, Any],
    day: dt.date,
    *,
    calendar: ProductionCalendar = default_calendar,
) -> list[tuple[str, str]]:
    """(cycle name, kind) of every event on a day — what a run of the reporting DAG must do.

    The day's own academic year and the previous one are both searched, since an overdue notice
    of a late-August deadline can fall in September.
    """
    items = [cycles] if isinstance(cycles, Mapping) else list(cycles)
    ay = academic_year(day)
    prev = academic_year(ay.start - dt.timedelta(days=1))
    out: list[tuple[str, str]] = []
    for raw in items:
        c = CycleSettings.from_dict(raw)
        for year in (prev, ay):
            out.extend((c.name, e.kind) for e in cycle_events(c, year, calendar=calendar) if e.date == day)
    return out
