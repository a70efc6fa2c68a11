"""The RF production calendar against real dates of the Government decrees."""

import datetime as dt

import pytest

from docflow.calendar import (
    ProductionCalendar,
    add_working_days,
    decree_years,
    is_working_day,
    next_working_day,
    previous_working_day,
    working_days_between,
)

D = dt.date.fromisoformat

# (date, is a working day) — from the published production calendars.
REAL_DAYS = [
    # 2023: 1 Jan -> 24 Feb, 8 Jan -> 8 May; 4 Nov (Sat) -> 6 Nov by art. 112.
    ("2023-02-24", False),
    ("2023-05-08", False),
    ("2023-11-06", False),
    ("2023-11-03", True),
    # 2024
    ("2024-01-08", False),
    ("2024-01-09", True),
    ("2024-02-23", False),
    ("2024-03-08", False),
    ("2024-04-27", True),  # working Saturday
    ("2024-04-29", False),
    ("2024-04-30", False),
    ("2024-05-01", False),
    ("2024-05-10", False),
    ("2024-11-02", True),  # working Saturday
    ("2024-11-04", False),
    ("2024-12-28", True),  # working Saturday
    ("2024-12-30", False),
    ("2024-12-31", False),
    # 2025
    *[(f"2025-01-0{d}", False) for d in range(1, 9)],
    ("2025-01-09", True),
    ("2025-05-02", False),
    ("2025-05-05", True),
    ("2025-05-08", False),
    ("2025-05-09", False),
    ("2025-06-12", False),
    ("2025-06-13", False),
    ("2025-11-01", True),  # working Saturday
    ("2025-11-03", False),
    ("2025-11-04", False),
    ("2025-12-31", False),
    # 2026: 3 Jan -> 9 Jan, 4 Jan -> 31 Dec; 8 Mar (Sun) -> 9 Mar, 9 May (Sat) -> 11 May.
    ("2026-01-09", False),
    ("2026-01-12", True),
    ("2026-02-23", False),
    ("2026-03-09", False),
    ("2026-05-11", False),
    ("2026-05-12", True),
    ("2026-12-31", False),
    # plain weeks
    ("2025-03-14", True),
    ("2025-03-15", False),
    ("2025-03-16", False),
]


@pytest.mark.parametrize(("day", "working"), REAL_DAYS)
def test_real_days(day, working):
    assert is_working_day(D(day)) is working


@pytest.mark.parametrize(("year", "count"), [(2023, 247), (2024, 248), (2025, 247), (2026, 247)])
def test_working_days_per_year_match_production_calendar(year, count):
    assert working_days_between(dt.date(year, 1, 1), dt.date(year + 1, 1, 1)) == count


def test_january_2025_has_17_working_days():
    assert working_days_between(D("2025-01-01"), D("2025-02-01")) == 17


def test_decree_years_cover_2023_to_2027():
    # Guards the pinned holidays version: an older one lacks the 2027 decree.
    assert {2023, 2024, 2025, 2026, 2027} <= decree_years()
    assert 2035 not in decree_years()


def test_next_and_previous_working_day():
    assert next_working_day(D("2025-01-09")) == D("2025-01-09")
    assert next_working_day(D("2024-12-29")) == D("2025-01-09")
    assert next_working_day(D("2025-04-30")) == D("2025-04-30")
    assert next_working_day(D("2025-05-01")) == D("2025-05-05")
    assert previous_working_day(D("2025-01-08")) == D("2024-12-28")
    assert previous_working_day(D("2025-11-04")) == D("2025-11-01")


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2025-04-30", 1, "2025-05-05"),
        ("2024-12-27", 1, "2024-12-28"),
        ("2024-12-28", 1, "2025-01-09"),
        ("2025-01-09", -1, "2024-12-28"),
        ("2025-06-16", -3, "2025-06-09"),
        ("2025-06-16", -14, "2025-05-23"),
        ("2025-10-31", 1, "2025-11-01"),
        ("2025-10-31", 2, "2025-11-05"),
        ("2025-05-03", 0, "2025-05-03"),
        ("2025-05-03", 1, "2025-05-05"),
        ("2025-05-03", -1, "2025-04-30"),
    ],
)
def test_add_working_days(start, n, expected):
    assert add_working_days(D(start), n) == D(expected)


def test_working_days_between_is_half_open_and_antisymmetric():
    assert working_days_between(D("2025-05-05"), D("2025-05-06")) == 1
    assert working_days_between(D("2025-05-05"), D("2025-05-05")) == 0
    assert working_days_between(D("2025-05-08"), D("2025-05-12")) == 0
    assert working_days_between(D("2025-05-12"), D("2025-05-05")) == -3


def test_add_inverts_between_for_working_days():
    days = [D("2024-01-09") + dt.timedelta(days=k) for k in range(0, 3 * 365, 11)]
    working = [d for d in days if is_working_day(d)]
    for a in working[::5]:
        for b in working[::7]:
            assert add_working_days(a, working_days_between(a, b)) == b, (a, b)


def test_accepts_iso_strings_and_datetimes():
    assert is_working_day("2024-04-27") is True
    assert is_working_day(dt.datetime(2024, 4, 29, 12, 0)) is False


def test_year_without_decree_falls_back_to_holidays_and_weekends():
    # 2030: no decree known; 1-8 Jan are holidays, 12 Jun is Russia Day, Saturdays are off.
    assert is_working_day(D("2030-01-08")) is False
    assert is_working_day(D("2030-01-09")) is True
    assert is_working_day(D("2030-06-12")) is False
    assert is_working_day(D("2030-06-15")) is False
    assert is_working_day(D("2030-06-14")) is True


def test_calendar_corrections_from_settings():
    cal = ProductionCalendar(extra_days_off=["2025-03-14"], extra_working_days=[D("2025-03-15")])
    assert cal.is_working_day(D("2025-03-14")) is False
    assert cal.is_working_day(D("2025-03-15")) is True
    assert cal.add_working_days(D("2025-03-13"), 1) == D("2025-03-15")
    assert cal.working_days_between(D("2025-03-10"), D("2025-03-17")) == 5
    # the default calendar is untouched
    assert is_working_day(D("2025-03-14")) is True
    assert cal == ProductionCalendar(["2025-03-14"], ["2025-03-15"])
    assert cal != ProductionCalendar()


def test_working_days_list():
    cal = ProductionCalendar()
    assert cal.working_days(D("2024-12-27"), D("2025-01-10")) == [
        D("2024-12-27"),
        D("2024-12-28"),
        D("2025-01-09"),
        D("2025-01-10"),
    ]
