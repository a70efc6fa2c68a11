"""Airflow timetables for the council's meetings and the academic-year reporting cycle.

Both run once on each date their source yields, at a local time of day, with an exact data
interval (logical date = the run's time). The DAG file passes plain dicts read from settings::

    schedule=CouncilMeetingTimetable(settings["council"]["meetings"], tz="Europe/Moscow", at="10:00")
    schedule=AcademicYearTimetable(settings["reporting"]["cycles"], tz="Europe/Moscow")

Scheduling rules (``next_dagrun_info``):

- with catchup, every date from ``start_date`` (``restriction.earliest``) on is run;
- without catchup, dates before today (in the timetable's zone) are skipped; today's date still
  runs even if its hour has passed (like ``CronTriggerTimetable`` running the latest missed run),
  so a DAG deployed at noon on a reminder day still sends the reminders;
- nothing after ``end_date`` (``restriction.latest``).

Manual runs get an exact interval at the trigger time: an extraordinary meeting's date is a DAG
param. The reporting DAG looks up what is due on a run with ``timetable.events_at(logical_date)``
(or ``docflow.calendar.events_on(cycles, local_date)``); a manual run on a day without events
gets an empty list.

The plugin registers ``TIMETABLES``; the classes must be importable by that dotted path.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import pendulum
from airflow.timetables.base import DagRunInfo, DataInterval, TimeRestriction, Timetable

from docflow.calendar.cycle import CycleSettings, cycle_events, events_on
from docflow.calendar.rules import MeetingRule, academic_year, scheduled_meetings
from docflow.calendar.workdays import ProductionCalendar

__all__ = ["TIMETABLES", "AcademicYearTimetable", "CouncilMeetingTimetable"]

# How far ahead to look for the next date before giving up (a rule with no dates at all).
_HORIZON_YEARS = 5


def _parse_at(at: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*", str(at))
    if not m or int(m[1]) > 23 or int(m[2]) > 59:
        raise ValueError(f"время указано неверно: {at!r} (ожидается ЧЧ:ММ, например «10:00»)")
    return int(m[1]), int(m[2])


def _calendar_from(data: Mapping[str, Any] | None) -> ProductionCalendar:
    data = data or {}
    unknown = set(data) - {"extra_days_off", "extra_working_days"}
    if unknown:
        raise ValueError(f"неизвестные параметры календаря: {', '.join(sorted(unknown))}")
    return ProductionCalendar(data.get("extra_days_off", ()), data.get("extra_working_days", ()))


def _calendar_to_dict(cal: ProductionCalendar) -> dict[str, list[str]]:
    out = {}
    if cal.extra_days_off:
        out["extra_days_off"] = sorted(d.isoformat() for d in cal.extra_days_off)
    if cal.extra_working_days:
        out["extra_working_days"] = sorted(d.isoformat() for d in cal.extra_working_days)
    return out


class _DatesTimetable(Timetable):
    """Runs once on each date of ``_dates_between``, at ``at`` local time in ``tz``."""

    periodic = True
    can_be_scheduled = True

    def __init__(self, *, tz: str, at: str, calendar: Mapping[str, Any] | None) -> None:
        try:
            self._tz = pendulum.timezone(tz)
        except Exception as exc:
            raise ValueError(f"неизвестный часовой пояс: {tz!r}") from exc
        self.tz = tz
        self.at = "{:02d}:{:02d}".format(*_parse_at(at))
        self.calendar = _calendar_from(calendar)

    # -- to implement ------------------------------------------------------------------------
    def _dates_between(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """The run dates in [start, end], ascending."""
        raise NotImplementedError

    def _common_serialized(self) -> dict[str, Any]:
        out: dict[str, Any] = {"tz": self.tz, "at": self.at}
        if cal := _calendar_to_dict(self.calendar):
            out["calendar"] = cal
        return out

    # -- helpers -----------------------------------------------------------------------------
    def run_at(self, day: dt.date) -> pendulum.DateTime:
        """The UTC moment of the run on a local date."""
        hour, minute = _parse_at(self.at)
        local = pendulum.datetime(day.year, day.month, day.day, hour, minute, tz=self._tz)
        return local.in_timezone("UTC")

    def _local_date(self, moment: dt.datetime) -> dt.date:
        return pendulum.instance(moment).in_timezone(self._tz).date()

    def dates_from(self, day: dt.date) -> Iterator[dt.date]:
        """Run dates on or after ``day``, ascending, up to the horizon."""
        for offset in range(_HORIZON_YEARS):
            start = day + dt.timedelta(days=366 * offset)
            end = start + dt.timedelta(days=365)
            yield from self._dates_between(start, end)

    # -- Timetable API -----------------------------------------------------------------------
    def next_dagrun_info(
        self,
        *,
        last_automated_data_interval: DataInterval | None,
        restriction: TimeRestriction,
    ) -> DagRunInfo | None:
        after = last_automated_data_interval.end if last_automated_data_interval else None
        floors = []
        if after is not None:
            floors.append(self._local_date(after))
        if restriction.earliest is not None:
            floors.append(self._local_date(restriction.earliest))
        if not restriction.catchup:
            floors.append(pendulum.now(self._tz).date())
        if not floors:  # no start_date, no previous run, catchup on: start from today
            floors.append(pendulum.now(self._tz).date())
        for day in self.dates_from(max(floors)):
            when = self.run_at(day)
            if after is not None and when <= after:
                continue
            if restriction.earliest is not None and when < restriction.earliest:
                continue
            if restriction.latest is not None and when > restriction.latest:
                return None
            return DagRunInfo.exact(when)
        return None

    def infer_manual_data_interval(self, *, run_after: pendulum.DateTime) -> DataInterval:
        return DataInterval.exact(run_after)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.serialize() == other.serialize()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, repr(self.serialize())))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.serialize()!r})"


class CouncilMeetingTimetable(_DatesTimetable):
    """One run per council meeting: the rule's date, moved to the next working day if needed.

    :param rule: the meeting rule dict, e.g.
        ``{"weekday": "tuesday", "nth": 2, "months": [9, 10, 11, 12, 1, 2, 3, 4, 5, 6]}``
        (see ``docflow.calendar.rules``).
    :param tz: the committee's time zone.
    :param at: the meeting time, "HH:MM" local.
    :param calendar: optional corrections to the production calendar
        (``{"extra_days_off": [...], "extra_working_days": [...]}``, ISO dates).
    """

    def __init__(
        self,
        rule: Mapping[str, Any],
        tz: str = "Europe/Moscow",
        at: str = "10:00",
        calendar: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(tz=tz, at=at, calendar=calendar)
        self.rule = MeetingRule.from_dict(rule)
        self.description = (
            f"Заседания ММС: {self.rule.describe()}, в {self.at} ({self.tz}); "
            "если день нерабочий — в следующий рабочий день"
        )

    @property
    def summary(self) -> str:
        return f"ММС: {self.rule.describe()}, {self.at}"

    def _dates_between(self, start: dt.date, end: dt.date) -> list[dt.date]:
        return [m.date for m in scheduled_meetings(self.rule, start, end, calendar=self.calendar)]

    def serialize(self) -> dict[str, Any]:
        return {"rule": self.rule.to_dict(), **self._common_serialized()}

    @classmethod
    def deserialize(cls, data: dict[str, Any]) -> CouncilMeetingTimetable:
        return cls(data["rule"], tz=data["tz"], at=data["at"], calendar=data.get("calendar"))


class AcademicYearTimetable(_DatesTimetable):
    """One run on every date of the reporting cycle(s): calls, reminders, deadlines, overdue.

    :param cycle: one cycle dict or a list of them (see ``docflow.calendar.cycle``); a date that
        carries several events gets one run.
    :param tz: the committee's time zone.
    :param at: the time of the run, "HH:MM" local.
    :param calendar: optional corrections to the production calendar.
    """

    def __init__(
        self,
        cycle: Mapping[str, Any] | Sequence[Mapping[str, Any]],
        tz: str = "Europe/Moscow",
        at: str = "09:00",
        calendar: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(tz=tz, at=at, calendar=calendar)
        items = [cycle] if isinstance(cycle, Mapping) else list(cycle)
        if not items:
            raise ValueError("не задан ни один отчётный цикл")
        self.cycles = tuple(CycleSettings.from_dict(c) for c in items)
        names = [c.name for c in self.cycles]
        if len(set(names)) != len(names):
            raise ValueError(f"названия отчётных циклов повторяются: {names!r}")
        self.description = (
            "Отчётные циклы учебного года: "
            + "; ".join(self._describe_cycle(c) for c in self.cycles)
            + f"; в {self.at} ({self.tz})"
        )

    @staticmethod
    def _describe_cycle(c: CycleSettings) -> str:
        parts = []
        if c.call:
            parts.append(f"объявление {c.call[1]:02d}.{c.call[0]:02d}")
        if c.reminders:
            days = " и ".join(", ".join(map(str, c.reminders)).rsplit(", ", 1))
            parts.append(f"напоминания за {days} раб. дн. до срока")
        parts.append(f"срок {c.deadline[1]:02d}.{c.deadline[0]:02d}")
        if c.overdue_after:
            parts.append(f"уведомление о просрочке через {c.overdue_after} раб. дн. после срока")
        return f"{c.title or c.name} ({', '.join(parts)})"

    @property
    def summary(self) -> str:
        if len(self.cycles) == 1:
            c = self.cycles[0]
            return f"Отчётный цикл «{c.title or c.name}», срок {c.deadline[1]:02d}.{c.deadline[0]:02d}"
        return f"Отчётные циклы: {len(self.cycles)}"

    def _dates_between(self, start: dt.date, end: dt.date) -> list[dt.date]:
        # An event of the previous academic year (an overdue notice after an August deadline)
        # can fall in this one, so start one year early.
        ay = academic_year(start)
        ay = academic_year(ay.start - dt.timedelta(days=1))
        dates: set[dt.date] = set()
        while ay.start <= end:
            for c in self.cycles:
                dates.update(e.date for e in cycle_events(c, ay, calendar=self.calendar))
            ay = ay.next()
        return sorted(d for d in dates if start <= d <= end)

    def events_at(self, moment: dt.datetime) -> list[tuple[str, str]]:
        """(cycle name, kind) due on the local date of a run, e.g. of its logical date."""
        return events_on(self.cycles, self._local_date(moment), calendar=self.calendar)

    def serialize(self) -> dict[str, Any]:
        return {"cycles": [c.to_dict() for c in self.cycles], **self._common_serialized()}

    @classmethod
    def deserialize(cls, data: dict[str, Any]) -> AcademicYearTimetable:
        return cls(data["cycles"], tz=data["tz"], at=data["at"], calendar=data.get("calendar"))


TIMETABLES = [CouncilMeetingTimetable, AcademicYearTimetable]
