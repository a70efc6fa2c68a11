"""The council and academic-year timetables: run chains, restrictions, serialization."""

import datetime as dt
import json

import pendulum
import pytest
from airflow.timetables.base import DataInterval, TimeRestriction

from docflow.airflow.timetables import TIMETABLES, AcademicYearTimetable, CouncilMeetingTimetable
from docflow.calendar import next_meeting

MSK = "Europe/Moscow"
SECOND_TUESDAY = {"weekday": "tuesday", "nth": 2, "months": [9, 10, 11, 12, 1, 2, 3, 4, 5, 6]}
ANNUAL = {"name": "annual_report", "call": "05-04", "deadline": "06-15", "reminders": [14, 3]}
SECOND_TUESDAYS_2024_2027 = [
    "2024-09-10", "2024-10-08", "2024-11-12", "2024-12-10",
    "2025-01-14", "2025-02-11", "2025-03-11", "2025-04-08", "2025-05-13", "2025-06-10",
    "2025-09-09", "2025-10-14", "2025-11-11", "2025-12-09",
    "2026-01-13", "2026-02-10", "2026-03-10", "2026-04-14", "2026-05-12", "2026-06-09",
    "2026-09-08", "2026-10-13", "2026-11-10", "2026-12-08",
    "2027-01-12", "2027-02-09", "2027-03-09", "2027-04-13", "2027-05-11", "2027-06-08",
]  # fmt: skip
# Calls, reminders, deadlines and overdue notices of ANNUAL, hand-checked (see test_calendar_cycle).
ANNUAL_2024_2026 = [
    "2024-05-06", "2024-05-27", "2024-06-11", "2024-06-17", "2024-06-18",
    "2025-05-05", "2025-05-23", "2025-06-09", "2025-06-16", "2025-06-17",
    "2026-05-04", "2026-05-25", "2026-06-09", "2026-06-15", "2026-06-16",
]  # fmt: skip


def msk(day: str, hour: int = 10, minute: int = 0) -> pendulum.DateTime:
    d = dt.date.fromisoformat(day)
    return pendulum.datetime(d.year, d.month, d.day, hour, minute, tz=MSK)


def chain(timetable, restriction, limit=100):
    """Run after run, as the scheduler / a backfill does, until the timetable says stop."""
    infos, last = [], None
    for _ in range(limit):
        info = timetable.next_dagrun_info(last_automated_data_interval=last, restriction=restriction)
        if info is None:
            break
        infos.append(info)
        last = info.data_interval
    return infos


def local_dates(infos, tz=MSK):
    return [i.run_after.in_timezone(tz).date().isoformat() for i in infos]


def test_council_chain_with_catchup_over_three_years():
    t = CouncilMeetingTimetable(SECOND_TUESDAY, tz=MSK, at="10:00")
    infos = chain(t, TimeRestriction(msk("2024-09-01", 0), msk("2027-08-31", 0), catchup=True))
    assert local_dates(infos) == SECOND_TUESDAYS_2024_2027
    first = infos[0]
    assert first.run_after == pendulum.datetime(2024, 9, 10, 7, 0, tz="UTC")  # 10:00 MSK
    assert first.data_interval == DataInterval.exact(first.run_after)
    assert first.logical_date == first.run_after


def test_council_meeting_on_a_holiday_runs_the_next_working_day():
    # Last Tuesday of December 2024 is 31 Dec, a day off: the meeting moves to 9 Jan 2025.
    t = CouncilMeetingTimetable({"weekday": "tuesday", "nth": -1, "months": [11, 12, 1]}, tz=MSK)
    infos = chain(t, TimeRestriction(msk("2024-11-01", 0), msk("2025-02-28", 0), catchup=True))
    assert local_dates(infos) == ["2024-11-26", "2025-01-09", "2025-01-28"]


def test_earliest_and_latest_are_inclusive_to_the_minute():
    t = CouncilMeetingTimetable(SECOND_TUESDAY, tz=MSK, at="10:00")
    at_meeting = TimeRestriction(msk("2024-10-08", 10), msk("2024-11-12", 10), catchup=True)
    assert local_dates(chain(t, at_meeting)) == ["2024-10-08", "2024-11-12"]
    just_after = TimeRestriction(msk("2024-10-08", 10, 1), msk("2024-11-12", 9, 59), catchup=True)
    assert chain(t, just_after) == []


def test_at_and_timezone_set_the_run_time():
    t = CouncilMeetingTimetable(SECOND_TUESDAY, tz="Asia/Yekaterinburg", at="14:30")
    info = chain(t, TimeRestriction(msk("2025-09-01", 0), None, catchup=True), limit=1)[0]
    assert info.run_after == pendulum.datetime(2025, 9, 9, 9, 30, tz="UTC")


def _today_candidates(tz=MSK):
    # Taken around the call so a run across local midnight cannot fail the test.
    return {pendulum.now(tz).date()}


def test_without_catchup_the_first_run_is_the_next_meeting_from_today():
    t = CouncilMeetingTimetable(SECOND_TUESDAY, tz=MSK)
    before = _today_candidates()
    info = t.next_dagrun_info(
        last_automated_data_interval=DataInterval.exact(msk("2024-10-08")),
        restriction=TimeRestriction(msk("2020-01-01", 0), None, catchup=False),
    )
    days = before | _today_candidates()
    expected = {next_meeting(SECOND_TUESDAY, d).date for d in days}
    assert info.run_after.in_timezone(MSK).date() in expected
    # the missed meetings of 2024-2025 are not run
    assert info.run_after > msk("2024-11-12")


def test_without_catchup_a_future_start_date_wins():
    # 2030 has no decree yet: 8 Jan (second Tuesday) is a New Year holiday by the Labour Code.
    t = CouncilMeetingTimetable(SECOND_TUESDAY, tz=MSK)
    info = t.next_dagrun_info(
        last_automated_data_interval=None,
        restriction=TimeRestriction(msk("2030-01-01", 0), None, catchup=False),
    )
    assert info.run_after == msk("2030-01-09")


def test_with_catchup_and_no_start_date_starts_from_today():
    t = CouncilMeetingTimetable(SECOND_TUESDAY, tz=MSK)
    before = _today_candidates()
    info = t.next_dagrun_info(
        last_automated_data_interval=None, restriction=TimeRestriction(None, None, catchup=True)
    )
    days = before | _today_candidates()
    assert info.run_after.in_timezone(MSK).date() in {next_meeting(SECOND_TUESDAY, d).date for d in days}


def test_academic_year_chain_with_catchup():
    t = AcademicYearTimetable(ANNUAL, tz=MSK, at="09:00")
    infos = chain(t, TimeRestriction(msk("2023-09-01", 0), msk("2026-08-31", 0), catchup=True))
    assert local_dates(infos) == ANNUAL_2024_2026
    assert all(i.run_after.in_timezone(MSK).format("HH:mm") == "09:00" for i in infos)


def test_academic_year_several_cycles_share_a_date_once():
    programme = {"name": "programme", "deadline": "06-16", "overdue_after": 0}
    t = AcademicYearTimetable([ANNUAL, programme], tz=MSK)
    infos = chain(t, TimeRestriction(msk("2024-09-01", 0), msk("2025-08-31", 0), catchup=True))
    # 16 Jun 2025 is both the (moved) annual deadline and the programme deadline: one run.
    assert local_dates(infos) == ANNUAL_2024_2026[5:10]


def test_academic_year_without_catchup_skips_past_years():
    t = AcademicYearTimetable(ANNUAL, tz=MSK)
    info = t.next_dagrun_info(
        last_automated_data_interval=None,
        restriction=TimeRestriction(msk("2023-09-01", 0), None, catchup=False),
    )
    assert info.run_after.in_timezone(MSK).date() >= min(_today_candidates())
    assert info.run_after.in_timezone(MSK).month in (5, 6)


def test_manual_runs_get_an_exact_interval_at_trigger_time():
    now = pendulum.datetime(2025, 11, 20, 12, 34, tz="UTC")
    for t in (CouncilMeetingTimetable(SECOND_TUESDAY), AcademicYearTimetable(ANNUAL)):
        assert t.infer_manual_data_interval(run_after=now) == DataInterval(now, now)


@pytest.mark.parametrize(
    "timetable",
    [
        CouncilMeetingTimetable(SECOND_TUESDAY),
        CouncilMeetingTimetable(
            {**SECOND_TUESDAY, "include": ["2025-03-25"], "exclude": ["2025-05-13"]},
            tz="Asia/Novosibirsk",
            at="9:30",
            calendar={"extra_days_off": ["2025-10-14"], "extra_working_days": ["2025-11-08"]},
        ),
        AcademicYearTimetable(ANNUAL),
        AcademicYearTimetable(
            [ANNUAL, {"name": "programme", "title": "Скорректированная программа", "deadline": "05-15"}],
            at="08:15",
        ),
    ],
)
def test_serialize_is_plain_json_and_round_trips(timetable):
    data = json.loads(json.dumps(timetable.serialize()))
    again = type(timetable).deserialize(data)
    assert again == timetable
    assert again.serialize() == timetable.serialize()
    assert again.summary == timetable.summary
    assert again.description == timetable.description
    restriction = TimeRestriction(msk("2024-09-01", 0), msk("2026-08-31", 0), catchup=True)
    assert chain(again, restriction) == chain(timetable, restriction)


def test_calendar_corrections_change_the_runs():
    t = CouncilMeetingTimetable(SECOND_TUESDAY, calendar={"extra_days_off": ["2025-10-14"]})
    infos = chain(t, TimeRestriction(msk("2025-10-01", 0), msk("2025-10-31", 0), catchup=True))
    assert local_dates(infos) == ["2025-10-15"]


def test_labels_are_russian():
    t = CouncilMeetingTimetable(SECOND_TUESDAY)
    assert t.summary == "ММС: 2-й вторник месяца (сен–июн), 10:00"
    assert "следующий рабочий день" in t.description
    a = AcademicYearTimetable({**ANNUAL, "title": "Отчёт об инновационной деятельности"})
    assert a.summary == "Отчётный цикл «Отчёт об инновационной деятельности», срок 15.06"
    assert "напоминания за 14 и 3 раб. дн. до срока" in a.description


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: CouncilMeetingTimetable(SECOND_TUESDAY, tz="Europe/Nowhere"), "часовой пояс"),
        (lambda: CouncilMeetingTimetable(SECOND_TUESDAY, at="25:00"), "время"),
        (lambda: CouncilMeetingTimetable({"weekday": "tuesday", "nth": 7}), "nth"),
        (lambda: AcademicYearTimetable([]), "ни один"),
        (lambda: AcademicYearTimetable([ANNUAL, ANNUAL]), "повторяются"),
        (lambda: AcademicYearTimetable(ANNUAL, calendar={"holidays": []}), "календаря"),
    ],
)
def test_invalid_settings_fail_at_dag_parse(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_exposed_for_the_plugin():
    assert TIMETABLES == [CouncilMeetingTimetable, AcademicYearTimetable]


def test_events_at_a_run_tell_the_dag_what_is_due():
    programme = {"name": "programme", "deadline": "06-16", "overdue_after": 0}
    t = AcademicYearTimetable([ANNUAL, programme], tz=MSK)
    infos = chain(t, TimeRestriction(msk("2024-09-01", 0), msk("2025-08-31", 0), catchup=True))
    due = [t.events_at(i.logical_date) for i in infos]
    assert due == [
        [("annual_report", "call")],
        [("annual_report", "reminder")],
        [("annual_report", "reminder")],
        [("annual_report", "deadline"), ("programme", "deadline")],
        [("annual_report", "overdue")],
    ]
    # a manual run on an ordinary day has nothing due
    assert t.events_at(pendulum.datetime(2025, 3, 3, 12, tz="UTC")) == []
    # 2025-06-16 00:30 MSK is still 15 June in UTC: the local date decides
    assert t.events_at(pendulum.datetime(2025, 6, 15, 21, 30, tz="UTC")) == due[3]
