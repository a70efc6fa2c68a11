"""Obligations, staff actions on controlled items, automatic closing, the run date of a DAG run."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from docflow.config import get_settings
from docflow.reporting.control import DeadlineError, auto_close, close_deadline, extend_deadline
from docflow.reporting.obligations import ensure_obligations
from docflow.reporting.schedule import item_dates, run_date, year_dates
from docflow.store.db import unit_of_work
from docflow.store.models import AuditEntry, Deadline, DeadlineEvent

D = dt.date


def _obligations(committee, year="2026/2027", today=None) -> dict[str, Deadline]:
    with unit_of_work() as s:
        ensure_obligations(s, get_settings(), year, today=today)
        rows = s.scalars(select(Deadline).where(Deadline.academic_year == year)).all()
        by_id = {v: k for k, v in committee.schools.items()}
        return {by_id[d.school_id]: (d.id, d.expects_kind, d.due_on) for d in rows}


def test_obligations_once_per_active_site_final_when_the_term_ends(committee):
    committee.site("sch-07")
    committee.site("sch-brz", starts=D(2024, 4, 1), ends=D(2027, 4, 1))  # ends before the June deadline
    committee.site("lyc-01", starts=D(2027, 7, 1))  # started after this year's deadline
    committee.site("sch-ozr", ends=D(2026, 6, 1))  # ended before the year
    committee.site("dou-05", status="revoked")
    first = _obligations(committee, today=D(2027, 8, 1))
    assert first == {"sch-07": (first["sch-07"][0], "interim_report", D(2027, 6, 15)),
                     "sch-brz": (first["sch-brz"][0], "final_report", D(2027, 4, 1))}
    assert _obligations(committee, today=D(2027, 8, 1)) == first  # idempotent


def test_close_and_extend_record_who_when_why(committee):
    committee.site("sch-07")
    did = _obligations(committee)["sch-07"][0]
    with unit_of_work() as s, pytest.raises(DeadlineError, match="причину продления"):
        extend_deadline(s, did, D(2027, 7, 1), "metodist", "  ")
    with unit_of_work() as s, pytest.raises(DeadlineError, match="раньше действующего"):
        extend_deadline(s, did, D(2027, 6, 1), "metodist", "Ходатайство")
    with unit_of_work() as s:
        extend_deadline(s, did, D(2027, 6, 30), "metodist", "Ходатайство школы")
    with unit_of_work() as s, pytest.raises(DeadlineError, match="примечание"):
        close_deadline(s, did, "metodist", "")
    with unit_of_work() as s:
        close_deadline(s, did, "metodist", "Отчёт принят на бумаге")
    with unit_of_work() as s, pytest.raises(DeadlineError, match="уже закрыт"):
        close_deadline(s, did, "metodist", "ещё раз")
    with unit_of_work() as s, pytest.raises(DeadlineError, match="не найден"):
        close_deadline(s, 9999, "metodist", "нет такого")
    with unit_of_work() as s:
        d = s.get(Deadline, did)
        assert (d.status, d.due_on, d.closed_by, d.close_note) == ("done", D(2027, 6, 30), "metodist",
                                                                   "Отчёт принят на бумаге")
        ev = [(e.event, e.actor, e.old_due_on, e.new_due_on) for e in
              s.scalars(select(DeadlineEvent).where(DeadlineEvent.deadline_id == did).order_by(DeadlineEvent.id))]
        assert ev == [("created", "system", None, D(2027, 6, 15)),
                      ("extended", "metodist", D(2027, 6, 15), D(2027, 6, 30)), ("done", "metodist", None, None)]
        assert [a.action for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))] == [
            "deadline.extend", "deadline.close"]


def test_only_a_complete_report_of_the_same_year_and_school_closes(committee):
    for code in ("sch-07", "sch-12"):
        committee.site(code)
    ob = _obligations(committee)
    committee.submit("sch-07", "interim_report", D(2026, 6, 1), year="2025/2026")  # last year's
    committee.submit("sch-07", "final_report", D(2027, 6, 1))  # another kind
    committee.submit("sch-12", "interim_report", D(2027, 6, 2), status="incomplete")
    committee.submit("sch-12", "interim_report", D(2027, 6, 20))  # complete, but after "today"
    with unit_of_work() as s:
        assert auto_close(s, get_settings(), D(2027, 6, 10)) == []
    with unit_of_work() as s:
        closed = auto_close(s, get_settings(), D(2027, 6, 20))
        assert [d.id for d in closed] == [ob["sch-12"][0]]
        assert closed[0].closed_by_submission_id is not None


def test_dates_follow_the_production_calendar():
    s = get_settings()
    y = year_dates(s, "2026/2027")
    assert (y.call, y.deadline, y.overdue, y.summary) == (D(2027, 4, 15), D(2027, 6, 15), D(2027, 6, 16),
                                                          D(2027, 6, 30))
    assert [w for _, w in y.reminders] == [D(2027, 5, 25), D(2027, 6, 9)]
    # «до 12 июня 2027» falls on a holiday (Russia Day, moved to Monday 14 June): due on the 15th
    it = item_dates(s, D(2027, 6, 12))
    assert (it.due, it.overdue) == (D(2027, 6, 15), D(2027, 6, 16))


def test_run_date_param_overrides_logical_date():
    s = get_settings()
    assert run_date({"params": {"today": "2027-05-25"}}, s) == D(2027, 5, 25)
    late_evening = dt.datetime(2027, 5, 24, 22, 30, tzinfo=dt.UTC)  # 01:30 on the 25th in Moscow
    assert run_date({"params": {}, "logical_date": late_evening}, s) == D(2027, 5, 25)


def test_an_item_set_after_its_first_reminder_date_is_reminded_from_then_on(committee):
    """Directive of 10.05.2027: «до 14 мая». The 14-working-day reminder (22.04) predates it."""
    from docflow.reporting.control import PassReport, remind_and_escalate
    from docflow.reporting.schedule import moment
    s_ = get_settings()
    with unit_of_work() as s:
        d = Deadline(text="Представить скорректированную программу", due_on=D(2027, 5, 14),
                     responsible_kind="school", school_id=committee.schools["sch-12"],
                     expects_kind="corrected_programme", created_at=moment(s_, D(2027, 5, 10)))
        s.add(d)
    sent = {}
    for day in (D(2027, 5, 10), D(2027, 5, 11), D(2027, 5, 12), D(2027, 5, 17)):
        with unit_of_work() as s:
            report = PassReport()
            remind_and_escalate(s, s_, day, report)
            sent[day] = report.letters
    assert sent == {D(2027, 5, 10): {}, D(2027, 5, 11): {"reminder": 1}, D(2027, 5, 12): {},
                    D(2027, 5, 17): {"overdue": 1, "escalation": 1}}


def test_no_sites_no_letters_no_summary(committee):
    from docflow.reporting.cycle import cycle_day
    from docflow.store.models import Document, OutboxLetter
    for day in (D(2027, 4, 15), D(2027, 6, 16), D(2027, 6, 30)):
        with unit_of_work() as s:
            r = cycle_day(s, get_settings(), day)
            assert r.events and (r.created, r.letters, r.summary_id) == (0, {}, None)
    with unit_of_work() as s:
        assert s.scalars(select(Document)).all() == [] and s.scalars(select(OutboxLetter)).all() == []
