"""From the council's own workflow steps (agenda, results, protocol) to the order and the directive."""

from __future__ import annotations

import datetime as dt

from docflow.documents.docx_text import docx_to_text
from docflow.store import archive
from docflow.store.db import unit_of_work
from docflow.store.models import Document, Meeting
from tests.council.conftest import add_submission


def test_decisions_recorded_by_the_council_become_an_order_and_a_directive(demo_schools):
    from docflow.council import steps
    from docflow.council.meetings import current_members
    from docflow.orders import approval, drafts
    add_submission("sch-07", "application", seq=1)
    add_submission("sch-12", "application", seq=2)
    add_submission("lyc-01", "corrected_programme", seq=3)
    mid = steps.prepare(dt.date(2026, 11, 2), "2026-11-10", run_id="test/run")["meeting_id"]
    steps.confirm_agenda(mid, {"exclude": [], "extra": [], "time": "15:00", "place": "г. Северореченск"})
    with unit_of_work() as s:
        meeting = s.get(Meeting, mid)
        present = [m.full_name for m in current_members(meeting.council)]
        titles = [(it.position_no, it.kind) for it in meeting.items]
    assert titles == [(1, "composition"), (2, "application"), (3, "application"), (4, "corrected_programme")]
    vote = {"за": len(present), "против": 0, "воздержались": 0, "решение": "одобрить"}
    answer = {"present": present, "item_1": vote, "item_2": vote,
              "item_3": {"за": 1, "против": len(present) - 1, "решение": "вернуть на доработку",
                         "причины": "уточнить план-график"},
              "item_4": vote}
    assert steps.check("results", mid, answer) == []
    steps.record_results(mid, answer, actor="Миронова А.С.")
    issued = steps.issue(mid, run_id="test/run")
    with unit_of_work() as s:
        docs = drafts.draft_for_meeting(s, issued["meeting_id"], today=dt.date(2026, 11, 12))
        ids = [(d.id, d.register) for d in docs]
        number = s.get(Meeting, mid).number
    assert [r for _i, r in ids] == ["order", "directive"] and number is not None
    with unit_of_work() as s:
        final = [approval.approve(s, i, "head", today=dt.date(2026, 11, 16)) for i, _r in ids]
    order = docx_to_text(archive.get(final[0].docx_sha256))
    assert f"(протокол от 10.11.2026 № {number})" in order
    assert "1. Присвоить статус «Муниципальная инновационная площадка» муниципальному бюджетному " \
           "общеобразовательному учреждению «Средняя общеобразовательная школа № 7» по направлению " \
           "«Функциональная грамотность обучающихся» на срок с 16.11.2026 по 15.11.2029." in order
    assert "№ 12" not in order  # returned for revision: no order
    directive = docx_to_text(archive.get(final[1].docx_sha256))
    assert "1 | МБОУ «Лицей № 1» |" in directive
    with unit_of_work() as s:
        assert s.get(Document, ids[0][0]).meeting_id == mid
