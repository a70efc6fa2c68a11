"""Approval: number and date, final DOCX in the archive, immutability, deadlines, return."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import select

from tests.orders.conftest import ORDER_DAY, make_meeting

DRAFT_DAY = dt.date(2026, 11, 12)


def _drafts(meeting_id: int, url: str | None = None) -> list[int]:
    from docflow.orders import drafts
    from docflow.store.db import unit_of_work
    with unit_of_work(url) as s:
        return [d.id for d in drafts.draft_for_meeting(s, meeting_id, today=DRAFT_DAY)]


def _approve(document_id: int, day=ORDER_DAY, url: str | None = None, **kw):
    from docflow.orders import approval
    from docflow.store.db import unit_of_work
    with unit_of_work(url) as s:
        return approval.approve(s, document_id, "head:Воронцова", "Согласовано", today=day, **kw)


def test_approval_numbers_dates_and_renders_the_final_document(decided):
    from docflow.documents.docx_text import docx_to_text
    from docflow.store import archive
    from docflow.store.db import unit_of_work
    from docflow.store.models import Document, DocumentEvent
    order_id, directive_id = _drafts(decided.meeting_id)
    o, d = _approve(order_id), _approve(directive_id)
    assert (o.number, d.number) == ("1", "1-р")  # one sequence per register, settings' formats
    assert o.doc_date == ORDER_DAY
    text = docx_to_text(archive.get(o.docx_sha256))
    assert "от 16.11.2026\t№ 1" in text
    assert "на срок с 16.11.2026 по 15.11.2029" in text  # the term runs from the order date
    assert "____" not in text
    assert "от 16.11.2026 № 1-р" in docx_to_text(archive.get(d.docx_sha256))  # appendix marks
    with unit_of_work() as s:
        doc = s.get(Document, order_id)
        assert (doc.status, doc.number, doc.reg_year, doc.reg_seq) == ("final", "1", 2026, 1)
        assert doc.approved_by == "head:Воронцова" and doc.approved_at is not None
        assert doc.context["date"] == "2026-11-16" and doc.context["number"] == "1"
        events = [(e.event, e.actor, e.note[:11]) for e in
                  s.scalars(select(DocumentEvent).where(DocumentEvent.document_id == order_id))]
        assert events == [("drafted", "system", "Проект по р"), ("approved", "head:Воронцова", "Согласовано"),
                          ("numbered", "system", "№ 1 от 16.1"), ("pdf_failed", "system", "PDF не сфор")]


def test_approving_twice_keeps_the_number(decided):
    order_id, directive_id = _drafts(decided.meeting_id)
    first = _approve(order_id)
    again = _approve(order_id, day=ORDER_DAY + dt.timedelta(days=3))  # a retried task
    assert again == first
    assert _approve(directive_id).number == "1-р"


def test_sites_become_active_and_applications_order_issued(decided):
    from docflow.store.db import unit_of_work
    from docflow.store.models import Site, Submission
    order_id, _ = _drafts(decided.meeting_id)
    _approve(order_id)
    with unit_of_work() as s:
        sites = s.scalars(select(Site).order_by(Site.id)).all()
        assert [(x.status, x.starts_on, x.ends_on, x.order_document_id) for x in sites] == [
            ("active", ORDER_DAY, dt.date(2029, 11, 15), order_id)] * 2
        sub = s.get(Submission, decided.submissions["sch-07"])
        assert sub.status == "order_issued"
        assert sub.events[-1].cause == "Издан приказ от 16.11.2026 № 1"
        assert s.get(Submission, decided.submissions["sch-ozr"]).status == "rejected"


def test_deadlines_become_controlled_items(decided):
    from docflow.store.db import unit_of_work
    from docflow.store.models import Deadline
    order_id, directive_id = _drafts(decided.meeting_id)
    _approve(order_id)
    _approve(directive_id)
    with unit_of_work() as s:
        rows = s.scalars(select(Deadline).order_by(Deadline.id)).all()
        got = [(r.document_id, r.item_no, r.school_id, r.due_on, r.expects_kind, r.responsible_kind, r.status)
               for r in rows]
        sid = decided.schools
        assert got == [
            (order_id, "3", sid["sch-07"], dt.date(2027, 6, 15), "interim_report", "school", "open"),
            (order_id, "3", sid["lyc-01"], dt.date(2027, 6, 15), "interim_report", "school", "open"),
            (directive_id, "1.2", sid["sch-brz"], dt.date(2026, 12, 15), "corrected_programme", "school", "open"),
            (directive_id, "2.3", sid["sch-12"], dt.date(2027, 6, 15), "interim_report", "school", "open"),
            (directive_id, "2.3", sid["sch-brz"], dt.date(2027, 6, 15), "interim_report", "school", "open"),
        ]
        assert rows[0].site_id is not None and rows[0].academic_year == "2026/2027"
        assert rows[2].text.startswith("Представить в муниципальный методический совет скорректированную")
        assert [e.event for e in rows[0].events] == ["created"]


def test_final_document_is_immutable(decided):
    from docflow.orders.approval import ImmutableDocumentError
    from docflow.store.db import unit_of_work
    from docflow.store.models import Document
    order_id, _ = _drafts(decided.meeting_id)
    _approve(order_id)
    for field, value in [("title", "Другой приказ"), ("number", "2"), ("docx_sha256", "0" * 64),
                         ("doc_date", dt.date(2026, 1, 1)), ("context", {}), ("status", "draft")]:
        with pytest.raises(ImmutableDocumentError, match="утверждён и не может быть изменён"), unit_of_work() as s:
            setattr(s.get(Document, order_id), field, value)
    with pytest.raises(ImmutableDocumentError, match="нельзя удалить"), unit_of_work() as s:
        s.delete(s.get(Document, order_id))
    with unit_of_work() as s:  # the status may still move forward
        s.get(Document, order_id).status = "sent"
    with unit_of_work() as s:
        doc = s.get(Document, order_id)
        assert (doc.title, doc.number, doc.status) == ("О присвоении статуса муниципальной инновационной площадки",
                                                       "1", "sent")


def test_return_with_comment_then_a_new_draft(decided):
    from docflow.orders import approval
    from docflow.store.db import unit_of_work
    from docflow.store.models import Document
    order_id, _ = _drafts(decided.meeting_id)
    with pytest.raises(approval.ApprovalError, match="комментарий обязателен"), unit_of_work() as s:
        approval.return_draft(s, order_id, "head", "  ")
    with unit_of_work() as s:
        approval.return_draft(s, order_id, "head", "Уточнить формулировку пункта 2")
    with unit_of_work() as s:
        doc = s.get(Document, order_id)
        assert doc.status == "returned"
        assert (doc.events[-1].event, doc.events[-1].note) == ("returned", "Уточнить формулировку пункта 2")
    with pytest.raises(approval.ApprovalError, match="возвращён на доработку"):
        _approve(order_id)
    new_ids = _drafts(decided.meeting_id)
    assert new_ids[0] not in (order_id,) and len(new_ids) == 2
    assert _approve(new_ids[0]).number == "1"  # the returned draft took no number


def test_numbers_continue_per_year_and_restart_in_a_new_year(demo_schools):
    ids = []
    for codes in (("sch-07",), ("lyc-01",), ("sch-12",)):
        m = make_meeting(applications=codes, reports_ok=(), reports_returned=(), rejected=())
        ids += _drafts(m.meeting_id)
    assert [_approve(i, day=day).number for i, day in
            zip(ids, [ORDER_DAY, ORDER_DAY, dt.date(2027, 1, 12)], strict=True)] == ["1", "2", "1"]


def test_concurrent_approvals_on_postgresql_get_gapless_unique_numbers(pg_url, monkeypatch):
    from docflow.schools import import_registry
    from docflow.store import migrate
    from docflow.store.db import unit_of_work
    from docflow.store.models import Document
    from tests.conftest import DEMO_SCHOOLS
    migrate.upgrade(pg_url)
    monkeypatch.setenv("DOCFLOW_DATABASE_URL", pg_url)
    with unit_of_work() as s:
        import_registry(s, DEMO_SCHOOLS)
    ids = []
    for code in ("sch-07", "sch-12", "lyc-01", "sch-ozr", "sch-brz", "dou-05"):
        m = make_meeting(applications=(code,), reports_ok=(), reports_returned=(), rejected=())
        ids += _drafts(m.meeting_id)
    barrier = threading.Barrier(len(ids) * 2)
    errors: list[BaseException] = []

    def worker(document_id: int) -> None:
        try:
            barrier.wait()
            _approve(document_id)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in ids * 2]  # every document approved twice
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    with unit_of_work() as s:
        docs = s.scalars(select(Document).order_by(Document.reg_seq)).all()
        assert sorted(d.reg_seq for d in docs) == list(range(1, len(ids) + 1))
        assert len({d.number for d in docs}) == len(ids)
        # drafted, approved, numbered — once each (a PDF's outcome is recorded too: here conversion is off)
        assert all([e.event for e in d.events if not e.event.startswith("pdf")] == ["drafted", "approved", "numbered"]
                   for d in docs)


def test_answers_of_the_approval_task_and_cli_decisions_do_not_collide(decided):
    from docflow.orders import approval
    from docflow.orders.flow import APPROVE, RETURN, apply_responses
    from docflow.store.db import unit_of_work
    from docflow.store.models import Document
    order_id, directive_id = _drafts(decided.meeting_id)
    with unit_of_work() as s:  # the head returned the directive from the command line meanwhile
        approval.return_draft(s, directive_id, "cli:head", "Позже")
    who = {"responded_by_user": {"id": "1", "name": "voroncova"}}
    done = apply_responses([order_id, directive_id], [
        {"chosen_options": [APPROVE], "params_input": {"comment": ""}, **who},
        {"chosen_options": [APPROVE], "params_input": {}, **who}])
    assert done["approved"] == [order_id] and list(done["conflicts"]) == [directive_id]
    late = apply_responses([order_id], [{"chosen_options": [RETURN], "params_input": {"comment": "x"}, **who}])
    assert late == {"approved": [], "returned": [],
                    "conflicts": {order_id: f"Документ № {order_id} не является проектом (статус: final)"}}
    with unit_of_work() as s:
        assert s.get(Document, order_id).approved_by == "airflow:voroncova"
        assert s.get(Document, directive_id).status == "returned"


def test_one_controlled_obligation_per_report_due(demo_schools):
    """The directive's «в срок до 15 июня представить отчёт» and the procedure's yearly obligation are
    the same report: one controlled item, so one reminder and one overdue notice."""
    from docflow.config import get_settings
    from docflow.reporting.obligations import ensure_obligations
    from docflow.store.db import unit_of_work
    from docflow.store.models import Deadline, DeadlineEvent, School, Site
    with unit_of_work() as s:
        school = s.scalar(select(School).where(School.code == "sch-12"))
        s.add(Site(school_id=school.id, status="active", theme="Функциональная грамотность",
                   starts_on=dt.date(2025, 11, 20), ends_on=dt.date(2028, 11, 19)))
        s.flush()
        procedure = ensure_obligations(s, get_settings(), "2026/2027", today=dt.date(2026, 9, 1))
        assert [d.school_id for d in procedure] == [school.id]
        school_id = school.id
    m = make_meeting(applications=(), reports_ok=("sch-12",), reports_returned=(), rejected=())
    (directive_id,) = _drafts(m.meeting_id)
    _approve(directive_id)
    with unit_of_work() as s:
        rows = s.scalars(select(Deadline).where(Deadline.school_id == school_id,
                                                Deadline.academic_year == "2026/2027")).all()
        assert len(rows) == 1 and rows[0].document_id is None
        notes = [e.note for e in s.scalars(select(DeadlineEvent).where(DeadlineEvent.deadline_id == rows[0].id))]
        assert any(n.startswith("Срок установлен также пунктом 2.3 документа № ") for n in notes)
        # and the yearly pass, run again, adds nothing
        assert ensure_obligations(s, get_settings(), "2026/2027", today=dt.date(2026, 12, 1)) == []
