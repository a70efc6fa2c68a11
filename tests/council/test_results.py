"""The secretary's results: every refusal, and nothing stored until everything is right."""

from __future__ import annotations

import datetime as dt

import pytest

from docflow.config import get_settings
from docflow.council import agenda, forms, results
from docflow.council.meetings import current_members, get_or_create_meeting
from docflow.store.db import unit_of_work
from docflow.store.models import Attendance, Meeting, Submission, Vote

NOV = dt.date(2026, 11, 10)
ABSENT = "Карпов Денис Олегович"


@pytest.fixture
def meeting_id(waiting) -> int:
    settings = get_settings()
    with unit_of_work() as s:
        m = get_or_create_meeting(s, settings, NOV)
        agenda.build_agenda(s, settings, m)
        agenda.apply_edits(s, m, agenda.AgendaEdits())
        return m.id


def answer(meeting: Meeting, **items) -> dict:
    """A valid answer: 8 present, everything approved by 8 votes; ``item_N=dict`` overrides."""
    present = [m.full_name for m in current_members(meeting.council) if m.full_name != ABSENT]
    out = {"present": present}
    for it in meeting.items:
        out[f"item_{it.position_no}"] = {"за": 8, "против": 0, "воздержались": 0, "решение": "одобрить"}
    for key, value in items.items():
        out[key] = {**out[key], **value} if isinstance(value, dict) else value
    return out


def refusals(meeting_id: int, **items) -> list[str]:
    with unit_of_work() as s:
        m = s.get(Meeting, meeting_id)
        r = forms.parse_results(m, answer(m, **items), "Миронова А.С.")
        errs = results.record(s, get_settings(), m, r)
        assert m.status == ("held" if not errs else "agenda_confirmed")
        return errs


def test_valid_results_are_stored(meeting_id, waiting):
    assert refusals(meeting_id, item_3={"решение": "вернуть на доработку", "за": 2, "против": 6,
                                        "причины": "уточнить план-график и ожидаемые результаты",
                                        "вопросы": "О сроках реализации проекта"},
                    item_5={"решение": "отклонить", "за": 1, "против": 5, "воздержались": 2}) == []
    with unit_of_work() as s:
        m = s.get(Meeting, meeting_id)
        assert m.status == "held"
        assert s.query(Attendance).filter_by(meeting_id=m.id, present=True).count() == 8
        it3 = m.items[2]
        assert (it3.decision, it3.due_date) == ("return", dt.date(2026, 12, 8))  # 20 working days
        assert it3.questions == "О сроках реализации проекта"
        assert it3.decision_text[0] == "Вернуть заявку МБОУ «СОШ № 12» на доработку: уточнить план-график и " \
                                       "ожидаемые результаты."
        assert s.get(Vote, it3.vote.id).votes_against == 6 and it3.vote.recorded_by == "Миронова А.С."
        st = {k: s.get(Submission, v).status for k, v in waiting.items()}
        assert st == {"app07": "approved", "app12": "returned", "report12": "approved", "prog01": "rejected",
                      "incomplete": "incomplete"}
    # a second recording (a retried task) changes nothing
    assert refusals(meeting_id, item_2={"решение": "отклонить"}) == []


def test_no_quorum(meeting_id):
    with unit_of_work() as s:
        names = [m.full_name for m in current_members(s.get(Meeting, meeting_id).council)]
    errs = refusals(meeting_id, present=names[:4], **{f"item_{i}": {"за": 4} for i in range(1, 6)})
    assert "Нет кворума: присутствуют 4 из 9 членов совета, а для правомочности заседания нужно не менее 5" in errs
    assert "Секретарь совета Миронова Алина Сергеевна не отмечен(а) среди присутствующих" in errs


def test_unknown_member_present(meeting_id):
    with unit_of_work() as s:
        names = [m.full_name for m in current_members(s.get(Meeting, meeting_id).council)]
    errs = refusals(meeting_id, present=[*(n for n in names if n != ABSENT), "Петров Пётр Петрович"])
    assert errs == ["Среди присутствующих указан(а) «Петров Пётр Петрович», но такого члена совета в составе "
                    "на 2026/2027 учебный год нет"]


def test_more_votes_than_present(meeting_id):
    assert refusals(meeting_id, item_2={"за": 8, "против": 1}) == [
        "Вопрос 2 (МБОУ «СОШ № 7»): голосов «за», «против» и «воздержались» (9) больше, чем присутствующих (8)"]


def test_negative_or_text_votes(meeting_id):
    assert refusals(meeting_id, item_2={"против": -1}, item_3={"воздержались": "два"}) == [
        "Вопрос 2 (МБОУ «СОШ № 7»): число голосов «против» должно быть целым неотрицательным числом",
        "Вопрос 3 (МБОУ «СОШ № 12»): число голосов «воздержались» должно быть целым неотрицательным числом"]


def test_approve_without_majority(meeting_id):
    assert refusals(meeting_id, item_4={"за": 4, "против": 4}) == [
        "Вопрос 4 (МБОУ «СОШ № 12»): решение «одобрить» противоречит голосованию — нужно большинство "
        "присутствующих, не менее 5 голосов «за», а подано 4"]


def test_reject_with_majority_for(meeting_id):
    assert refusals(meeting_id, item_2={"решение": "отклонить"}) == [
        "Вопрос 2 (МБОУ «СОШ № 7»): решение «отклонить» противоречит голосованию — большинство "
        "присутствующих (8 из 8) проголосовали «за»"]


def test_return_needs_reasons(meeting_id):
    assert refusals(meeting_id, item_2={"решение": "вернуть на доработку", "за": 0, "против": 8}) == [
        "Вопрос 2 (МБОУ «СОШ № 7»): при возврате на доработку укажите, что нужно доработать (поле «причины»)"]


def test_unknown_decision_and_missing_item(meeting_id):
    assert refusals(meeting_id, item_2={"решение": "утвердить"}, item_5="") == [
        "Вопрос 2 (МБОУ «СОШ № 7»): решение «утвердить» не распознано — укажите одно из: «одобрить», "
        "«отклонить», «вернуть на доработку», «принять к сведению»",
        "Вопрос 5 (МБОУ «Лицей № 1»): не внесены итоги голосования и решение"]


def test_composition_and_note_restrictions(meeting_id):
    errs = refusals(meeting_id, item_1={"решение": "вернуть на доработку", "за": 0, "причины": "x"},
                    item_2={"решение": "принять к сведению"})
    assert errs == [
        "Вопрос 1 (состав совета): по составу совета возможно только «одобрить» или «отклонить», "
        "а не «вернуть на доработку»",
        "Вопрос 2 (МБОУ «СОШ № 7»): решение «принять к сведению» возможно только по иным вопросам; по заявке "
        "или отчёту укажите «одобрить», «отклонить» или «вернуть на доработку»"]


def test_all_refusals_at_once_and_nothing_stored(meeting_id, waiting):
    errs = refusals(meeting_id, item_2={"за": 9}, item_3={"решение": "отклонить"}, item_4="{не JSON")
    assert len(errs) == 3 and errs[0].startswith("Вопрос 4 (МБОУ «СОШ № 12»): ответ не читается")
    with unit_of_work() as s:
        assert s.query(Vote).count() == 0 and s.query(Attendance).count() == 0
        assert s.get(Submission, waiting["app07"]).status == "on_agenda"


def test_results_before_the_meeting(meeting_id):
    with unit_of_work() as s:
        m = s.get(Meeting, meeting_id)
        errs = results.record(s, get_settings(), m, forms.parse_results(m, answer(m)), today=dt.date(2026, 11, 9))
        assert errs == ["Заседание назначено на 10.11.2026 и ещё не состоялось: итоги вносятся после заседания"]
        assert results.record(s, get_settings(), m, forms.parse_results(m, answer(m)), today=NOV) == []


def test_a_report_is_approved_for_its_own_reporting_year(meeting_id, waiting):
    assert refusals(meeting_id) == []
    with unit_of_work() as s:
        m = s.get(Meeting, meeting_id)
        report = next(it for it in m.items if it.submission_id == waiting["report12"])
        assert report.decision_text[0] == ("Одобрить промежуточные итоги реализации программы инновационной "
                                           "деятельности МБОУ «СОШ № 12» за 2025/2026 учебный год.")
