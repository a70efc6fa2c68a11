"""The reporting cycle's dated events, hand-checked against the production calendar."""

import datetime as dt

import pytest

from docflow.calendar import CycleSettings, academic_year, cycle_events, events_on

D = dt.date.fromisoformat
ANNUAL = {
    "name": "annual_report",
    "title": "Отчёт об инновационной деятельности",
    "call": "05-04",
    "deadline": "06-15",
    "reminders": [14, 3],
    "overdue_after": 1,
}


def _events(cycle, year):
    return [(e.date.isoformat(), e.kind) for e in cycle_events(cycle, year)]


def test_annual_report_2024_2025():
    # 4 May 2025 is a Sunday; 15 June 2025 is a Sunday (deadline moves to Monday 16 June);
    # 12-13 June are days off, so 3 working days before 16 June is 9 June.
    assert _events(ANNUAL, "2024/2025") == [
        ("2025-05-05", "call"),
        ("2025-05-23", "reminder"),
        ("2025-06-09", "reminder"),
        ("2025-06-16", "deadline"),
        ("2025-06-17", "overdue"),
    ]


def test_annual_report_2023_2024():
    # 15 June 2024 is a Saturday; 12 June (Wednesday) is Russia Day.
    assert _events(ANNUAL, academic_year("2023/2024")) == [
        ("2024-05-06", "call"),
        ("2024-05-27", "reminder"),
        ("2024-06-11", "reminder"),
        ("2024-06-17", "deadline"),
        ("2024-06-18", "overdue"),
    ]


def test_annual_report_2025_2026():
    assert _events(ANNUAL, D("2026-01-20")) == [
        ("2026-05-04", "call"),
        ("2026-05-25", "reminder"),
        ("2026-06-09", "reminder"),
        ("2026-06-15", "deadline"),
        ("2026-06-16", "overdue"),
    ]


def test_deadline_on_new_year_eve_moves_past_the_holidays():
    # 31 Dec 2025 is a transferred day off, 1-8 Jan holidays, 9 Jan 2026 transferred from 3 Jan.
    cycle = {"name": "interim", "call": "12-01", "deadline": "12-31", "reminders": [5]}
    assert _events(cycle, "2025/2026") == [
        ("2025-12-01", "call"),
        ("2025-12-24", "reminder"),  # 30, 29, 26, 25, 24 Dec
        ("2026-01-12", "deadline"),
        ("2026-01-13", "overdue"),
    ]


def test_reminder_before_the_call_is_dropped_and_overdue_can_be_disabled():
    # 16 Jun 2025 deadline: 1 working day before is 11 Jun, 3 before is 9 Jun (before the call).
    cycle = {"call": "06-10", "deadline": "06-15", "reminders": [14, 3, 1], "overdue_after": 0}
    assert _events(cycle, "2024/2025") == [
        ("2025-06-10", "call"),
        ("2025-06-11", "reminder"),
        ("2025-06-16", "deadline"),
    ]


def test_cycle_without_call_and_with_dd_mm_dates():
    cycle = {"deadline": "15.09", "reminders": [3], "overdue_after": 2}
    assert _events(cycle, "2025/2026") == [
        ("2025-09-10", "reminder"),
        ("2025-09-15", "deadline"),
        ("2025-09-17", "overdue"),
    ]


def test_events_on_a_day():
    cycles = [ANNUAL, {"name": "programme", "deadline": {"month": 6, "day": 16}}]
    assert events_on(cycles, D("2025-06-16")) == [("annual_report", "deadline"), ("programme", "deadline")]
    assert events_on(ANNUAL, D("2025-06-09")) == [("annual_report", "reminder")]
    assert events_on(ANNUAL, D("2025-06-10")) == []


def test_overdue_of_an_august_deadline_is_found_in_september():
    cycle = {"name": "summer", "deadline": "08-31"}
    # 31 Aug 2025 is a Sunday: deadline Monday 1 Sep, overdue Tuesday 2 Sep, both in 2025/2026.
    assert events_on(cycle, D("2025-09-02")) == [("summer", "overdue")]


def test_settings_round_trip():
    c = CycleSettings.from_dict(ANNUAL)
    assert c.reminders == (14, 3)
    assert CycleSettings.from_dict(c.to_dict()) == c


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"call": "05-04"}, "deadline"),
        ({"deadline": "06-31"}, "deadline"),
        ({"deadline": "15 июня"}, "deadline"),
        ({"deadline": "02-29"}, "29 февраля"),
        ({"deadline": "06-15", "reminders": [0]}, "reminders"),
        ({"deadline": "06-15", "overdue_after": -1}, "overdue_after"),
        ({"deadline": "06-15", "call": "06-20"}, "раньше срока"),
        ({"deadline": "06-15", "remind": [3]}, "неизвестные параметры"),
    ],
)
def test_invalid_settings(data, message):
    with pytest.raises(ValueError, match=message):
        CycleSettings.from_dict(data)


def test_cycle_helpers_reachable_from_rules_module():
    from docflow.calendar import rules

    assert rules.cycle_events is cycle_events
    with pytest.raises(AttributeError):
        _ = rules.no_such_helper
