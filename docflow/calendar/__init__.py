"""Dates: the RF production calendar, the council's meeting rule, the reporting cycle.

Pure Python, no Airflow; cheap to import (``holidays`` is loaded on first use).
"""

from docflow.calendar.cycle import CycleEvent, CycleSettings, cycle_events, events_on
from docflow.calendar.rules import (
    AcademicYear,
    Meeting,
    MeetingRule,
    academic_year,
    meeting_dates,
    next_meeting,
    scheduled_meetings,
)
from docflow.calendar.workdays import (
    ProductionCalendar,
    add_working_days,
    decree_years,
    is_working_day,
    next_working_day,
    previous_working_day,
    working_days_between,
)

__all__ = [
    "AcademicYear",
    "CycleEvent",
    "CycleSettings",
    "Meeting",
    "MeetingRule",
    "ProductionCalendar",
    "academic_year",
    "add_working_days",
    "cycle_events",
    "decree_years",
    "events_on",
    "is_working_day",
    "meeting_dates",
    "next_meeting",
    "next_working_day",
    "previous_working_day",
    "scheduled_meetings",
    "working_days_between",
]
