"""Meeting rule and academic year against hand-checked dates."""

import datetime as dt

import pytest

from docflow.calendar import (
    Meeting,
    MeetingRule,
    ProductionCalendar,
    academic_year,
    meeting_dates,
    next_meeting,
    scheduled_meetings,
)

D = dt.date.fromisoformat
SECOND_TUESDAY = {"weekday": "tuesday", "nth": 2, "months": [9, 10, 11, 12, 1, 2, 3, 4, 5, 6]}

# Second Tuesdays, September to June, checked against a printed calendar.
SECOND_TUESDAYS_2024_2027 = [
    "2024-09-10", "2024-10-08", "2024-11-12", "2024-12-10",
    "2025-01-14", "2025-02-11", "2025-03-11", "2025-04-08", "2025-05-13", "2025-06-10",
    "2025-09-09", "2025-10-14", "2025-11-11", "2025-12-09",
    "2026-01-13", "2026-02-10", "2026-03-10", "2026-04-14", "2026-05-12", "2026-06-09",
    "2026-09-08", "2026-10-13", "2026-11-10", "2026-12-08",
    "2027-01-12", "2027-02-09", "2027-03-09", "2027-04-13", "2027-05-11", "2027-06-08",
]  # fmt: skip


def test_second_tuesday_sep_to_jun_2024_2027():
    got = [d.isoformat() for d in meeting_dates(SECOND_TUESDAY, "2024-09-01", "2027-08-31")]
    assert got == SECOND_TUESDAYS_2024_2027


def test_seed_protocol_date_is_a_second_tuesday():
    # The council protocol in the seeds is dated 14.11.2023.
    assert D("2023-11-14") in list(meeting_dates(SECOND_TUESDAY, "2023-11-01", "2023-11-30"))


@pytest.mark.parametrize(
    ("weekday", "nth", "month", "nominal", "actual"),
    [
        ("tuesday", 1, (2025, 11), "2025-11-04", "2025-11-05"),  # Unity Day
        ("monday", 1, (2024, 11), "2024-11-04", "2024-11-05"),
        ("tuesday", -1, (2024, 12), "2024-12-31", "2025-01-09"),  # transferred day off, then New Year
        ("tuesday", -1, (2024, 4), "2024-04-30", "2024-05-02"),  # transferred day off, then 1 May
        ("monday", 2, (2026, 3), "2026-03-09", "2026-03-10"),  # 8 March on a Sunday
        ("monday", 2, (2026, 5), "2026-05-11", "2026-05-12"),  # 9 May on a Saturday
        ("friday", 2, (2026, 1), "2026-01-09", "2026-01-12"),  # transferred from 3 Jan
        ("thursday", 2, (2025, 5), "2025-05-08", "2025-05-12"),
        ("friday", 2, (2025, 6), "2025-06-13", "2025-06-16"),
        ("thursday", 1, (2025, 1), "2025-01-02", "2025-01-09"),
        ("saturday", 1, (2025, 11), "2025-11-01", "2025-11-01"),  # a working Saturday stays
        ("saturday", 1, (2025, 10), "2025-10-04", "2025-10-06"),
    ],
)
def test_meeting_on_a_day_off_moves_to_next_working_day(weekday, nth, month, nominal, actual):
    rule = {"weekday": weekday, "nth": nth, "months": [month[1]]}
    start = dt.date(*month, 1)
    meetings = scheduled_meetings(rule, start, start + dt.timedelta(days=40))
    assert meetings[0] == Meeting(D(actual), D(nominal))
    assert meetings[0].moved is (nominal != actual)


def test_moved_meeting_found_from_the_month_it_lands_in():
    rule = {"weekday": "tuesday", "nth": -1, "months": [12]}
    assert list(meeting_dates(rule, "2025-01-01", "2025-01-31")) == [D("2025-01-09")]
    assert list(meeting_dates(rule, "2024-12-01", "2024-12-31")) == []


def test_fifth_weekday_only_in_months_that_have_it():
    rule = {"weekday": "tuesday", "nth": 5, "months": list(range(1, 13))}
    got = list(meeting_dates(rule, "2025-01-01", "2025-12-31"))
    # 31 Dec 2024, the fifth Tuesday of December, is a day off and moves to 9 Jan 2025.
    assert got == [D("2025-01-09"), D("2025-04-29"), D("2025-07-29"), D("2025-09-30"), D("2025-12-30")]


def test_include_and_exclude():
    rule = {**SECOND_TUESDAY, "include": ["2025-03-25", "2025-05-03"], "exclude": ["2025-05-13"]}
    got = list(meeting_dates(rule, "2025-03-01", "2025-05-31"))
    # 3 May 2025 is a Saturday: the extra meeting moves to Monday 5 May.
    assert got == [D("2025-03-11"), D("2025-03-25"), D("2025-04-08"), D("2025-05-05")]


def test_calendar_corrections_move_meetings():
    cal = ProductionCalendar(extra_days_off=["2025-10-14"])
    assert list(meeting_dates(SECOND_TUESDAY, "2025-10-01", "2025-10-31", calendar=cal)) == [D("2025-10-15")]


def test_next_meeting():
    assert next_meeting(SECOND_TUESDAY, "2025-06-10") == Meeting(D("2025-06-10"), D("2025-06-10"))
    assert next_meeting(SECOND_TUESDAY, "2025-06-10", inclusive=False).date == D("2025-09-09")
    assert next_meeting(SECOND_TUESDAY, "2030-01-01") == Meeting(D("2030-01-09"), D("2030-01-08"))


def test_rule_round_trip_and_weekday_spellings():
    rule = MeetingRule.from_dict({"weekday": "Вторник", "nth": 2, "months": [9, 10, 9]})
    assert rule.weekday == 1
    assert rule.months == (9, 10)
    assert MeetingRule.from_dict(rule.to_dict()) == rule
    assert MeetingRule.from_dict({"weekday": 1, "nth": 2}) == MeetingRule.from_dict(
        {"weekday": "tue", "nth": 2, "months": list(range(1, 13))}
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"weekday": "вторникк", "nth": 2}, "день недели"),
        ({"weekday": "tuesday", "nth": 0}, "nth"),
        ({"weekday": "tuesday", "nth": 6}, "nth"),
        ({"weekday": "tuesday", "nth": 2, "months": [13]}, "месяцы"),
        ({"weekday": "tuesday", "nth": 2, "months": []}, "ни одного месяца"),
        ({"weekday": "tuesday", "nth": 2, "months": 9}, "списком"),
        ({"weekday": "tuesday", "nth": 2, "day": 3}, "неизвестные параметры"),
        ({"nth": 2}, "weekday"),
        ({"weekday": "tuesday", "nth": 2, "include": ["14.11.2023"]}, "ГГГГ-ММ-ДД"),
    ],
)
def test_invalid_rules_are_rejected_in_russian(data, message):
    with pytest.raises(ValueError, match=message):
        MeetingRule.from_dict(data)


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (SECOND_TUESDAY, "2-й вторник месяца (сен–июн)"),
        ({"weekday": "friday", "nth": -1}, "последняя пятница месяца"),
        ({"weekday": "wednesday", "nth": 3, "months": [9, 10, 12, 1]}, "3-я среда месяца (сен–окт, дек–янв)"),
        ({"weekday": "sunday", "nth": -2, "months": [5]}, "предпоследнее воскресенье месяца (май)"),
    ],
)
def test_describe_in_russian(data, label):
    assert MeetingRule.from_dict(data).describe() == label


@pytest.mark.parametrize(
    ("day", "label"),
    [("2026-09-01", "2026/2027"), ("2027-08-31", "2026/2027"), ("2026-08-31", "2025/2026")],
)
def test_academic_year_of_a_date(day, label):
    ay = academic_year(D(day))
    assert ay.label == label
    assert ay.end - ay.start == dt.timedelta(days=364 if ay.first_year % 4 != 3 else 365)


def test_academic_year_from_label():
    ay = academic_year("2027/2028")
    assert (ay.start, ay.end) == (D("2027-09-01"), D("2028-08-31"))
    assert ay.date_of(12, 25) == D("2027-12-25")
    assert ay.date_of(6, 15) == D("2028-06-15")
    assert ay.next().label == "2028/2029"
    with pytest.raises(ValueError, match="учебный год"):
        academic_year("2027/2029")


def test_parsing_settings_does_not_load_holidays():
    # DAG files build rules at parse time; the ~100 ms holidays import must wait for a real date.
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys; from docflow.calendar import MeetingRule, CycleSettings;"
        "MeetingRule.from_dict({'weekday': 'tuesday', 'nth': 2}).describe();"
        "CycleSettings.from_dict({'deadline': '06-15', 'reminders': [3]});"
        "print('holidays' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
