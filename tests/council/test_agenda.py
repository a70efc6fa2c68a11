"""Meetings, composition and the agenda on a real store."""

from __future__ import annotations

import datetime as dt

from docflow.config import get_settings
from docflow.council import agenda
from docflow.council.meetings import assign_number, get_or_create_meeting, plan_meeting, sync_council
from docflow.store.db import unit_of_work
from docflow.store.models import Submission, SubmissionEvent

NOV = dt.date(2026, 11, 10)


def test_council_synced_from_settings_and_resynced(store):
    with unit_of_work() as s:
        c = sync_council(s, get_settings(), "2026/2027")
        assert [m.full_name for m in c.members][:2] == ["Воронцова Елена Сергеевна", "Белов Андрей Николаевич"]
        assert [m.role for m in c.members].count("chair") == 1 and len(c.members) == 9
        again = sync_council(s, get_settings(), "2026/2027")
        assert again.id == c.id and len(again.members) == 9


def test_first_meeting_agenda_composition_then_kinds(waiting):
    settings = get_settings()
    with unit_of_work() as s:
        m = get_or_create_meeting(s, settings, NOV)
        items = agenda.build_agenda(s, settings, m)
        assert [i.kind for i in items] == ["composition", "application", "application", "interim_report",
                                           "corrected_programme"]
        assert items[0].title == ("Утверждение состава муниципального методического совета "
                                  "на 2026/2027 учебный год")
        assert items[1].submission_id == waiting["app07"] and items[2].submission_id == waiting["app12"]
        assert "МБОУ «СОШ № 7» по направлению «Функциональная грамотность обучающихся»" in items[1].title
        assert items[1].speaker == "директор МБОУ «СОШ № 7» Орлова Наталья Петровна"
        assert agenda.build_agenda(s, settings, m) == items  # idempotent
    with unit_of_work() as s:
        statuses = {k: s.get(Submission, sid).status for k, sid in waiting.items()}
        assert statuses["incomplete"] == "incomplete"
        assert {statuses[k] for k in ("app07", "app12", "report12", "prog01")} == {"on_agenda"}
        ev = s.query(SubmissionEvent).filter_by(submission_id=waiting["app07"]).one()
        assert (ev.from_status, ev.to_status) == ("complete", "on_agenda") and "10.11.2026" in ev.cause


def test_later_meeting_has_no_composition_and_skips_heard(waiting):
    settings = get_settings()
    with unit_of_work() as s:
        first = get_or_create_meeting(s, settings, NOV)
        agenda.build_agenda(s, settings, first)
        second = get_or_create_meeting(s, settings, dt.date(2026, 12, 8))
        assert agenda.build_agenda(s, settings, second) == []  # everything is on the first one


def test_secretary_takes_an_item_off_and_adds_another(waiting):
    settings = get_settings()
    with unit_of_work() as s:
        m = get_or_create_meeting(s, settings, NOV)
        agenda.build_agenda(s, settings, m)
        label = agenda.item_label(m.items[3])
        assert label == "4. МБОУ «СОШ № 12»: промежуточный отчёт (Вх-2026-00001)"
        edits = agenda.AgendaEdits(exclude=[label], extra=["О плане работы совета на 2027 год"])
        assert agenda.apply_edits(s, m, edits) == []
        assert [i.position_no for i in m.items] == [1, 2, 3, 4, 5]
        assert m.items[-1].kind == "other" and m.status == "agenda_confirmed"
        assert s.get(Submission, waiting["report12"]).status == "complete"


def test_refused_edit_changes_nothing(waiting):
    settings = get_settings()
    with unit_of_work() as s:
        m = get_or_create_meeting(s, settings, NOV)
        agenda.build_agenda(s, settings, m)
        composition = agenda.item_label(m.items[0])
        errs = agenda.apply_edits(s, m, agenda.AgendaEdits(exclude=[agenda.item_label(m.items[1]),
                                                                    "9. Нет такого", composition]))
        assert errs == ["В повестке нет вопроса «9. Нет такого»",
                        "Вопрос об утверждении состава совета с повестки снять нельзя: состав утверждается "
                        "на первом заседании учебного года"]
        assert m.status == "scheduled" and len(m.items) == 5
        assert s.get(Submission, waiting["app07"]).status == "on_agenda"
        everything = [agenda.item_label(i) for i in m.items[1:]]
        assert agenda.check_edits(m, agenda.AgendaEdits(exclude=everything)) == []
        m.items[0].kind = "other"
        assert agenda.check_edits(m, agenda.AgendaEdits(exclude=[composition, *everything])) == [
            "В повестке не осталось ни одного вопроса"]


def test_plan_scheduled_run_prepares_next_meeting_lead_days_ahead():
    settings = get_settings()
    plan = plan_meeting(settings, NOV)  # run on the November meeting
    assert plan.held_on == dt.date(2026, 12, 8) and plan.kind == "regular"
    assert plan.agenda_due == dt.date(2026, 12, 1)  # 5 working days before
    # the January meeting: 12.01.2027 (2nd Tuesday, after the New Year holidays)
    jan = plan_meeting(settings, dt.date(2026, 12, 8))
    assert jan.held_on == dt.date(2027, 1, 12) and jan.agenda_due == dt.date(2026, 12, 25)  # 31.12 is a day off


def test_plan_manual_date_regular_or_extraordinary():
    settings = get_settings()
    assert plan_meeting(settings, dt.date(2026, 11, 2), "2026-11-10").kind == "regular"
    extra = plan_meeting(settings, dt.date(2026, 11, 2), "2026-11-20")
    assert (extra.kind, extra.agenda_due) == ("extraordinary", dt.date(2026, 11, 2))


def test_protocol_numbers_restart_each_academic_year(store):
    settings = get_settings()
    with unit_of_work() as s:
        a = get_or_create_meeting(s, settings, NOV)
        b = get_or_create_meeting(s, settings, dt.date(2026, 12, 8))
        assert (assign_number(s, settings, a), assign_number(s, settings, b)) == ("1", "2")
        assert assign_number(s, settings, a) == "1"  # assigned once


def test_composition_comes_back_until_approved(store):
    from docflow.store.models import AgendaItem
    settings = get_settings()
    with unit_of_work() as s:
        empty = get_or_create_meeting(s, settings, dt.date(2026, 9, 8))
        first = get_or_create_meeting(s, settings, NOV)
        assert [i.kind for i in agenda.build_agenda(s, settings, first)] == ["composition"]
        assert empty.items == []  # an earlier meeting without an agenda does not count
        second = get_or_create_meeting(s, settings, dt.date(2026, 12, 8))
        assert agenda.build_agenda(s, settings, second) == []  # pending on the November agenda
        s.query(AgendaItem).filter_by(meeting_id=first.id).one().decision = "reject"
        third = get_or_create_meeting(s, settings, dt.date(2027, 1, 12))
        assert [i.kind for i in agenda.build_agenda(s, settings, third)] == ["composition"]
