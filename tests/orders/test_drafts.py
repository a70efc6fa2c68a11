"""Drafts from the council's decisions, read back from the rendered DOCX."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from tests.orders.conftest import make_meeting

DRAFT_DAY = dt.date(2026, 11, 12)


def _draft(meeting_id: int):
    from docflow.orders import drafts
    from docflow.store.db import unit_of_work
    with unit_of_work() as s:
        return [(d.id, d.register, d.kind) for d in drafts.draft_for_meeting(s, meeting_id, today=DRAFT_DAY)]


def _docx_text(document_id: int) -> str:
    from docflow.documents.docx_text import docx_to_text
    from docflow.orders.rendering import draft_path
    from docflow.store import archive
    from docflow.store.db import unit_of_work
    from docflow.store.models import Document
    with unit_of_work() as s:
        doc = s.get(Document, document_id)
        data = archive.get(doc.docx_sha256)
        assert draft_path(doc).read_bytes() == data  # the file the approval task links to
    return docx_to_text(data)


def test_order_draft_reads_like_an_order(decided):
    docs = _draft(decided.meeting_id)
    assert [r for _i, r, _k in docs] == ["order", "directive"]
    text = _docx_text(docs[0][0])
    lines = [x.strip() for x in text.splitlines() if x.strip()]
    assert lines[:3] == ["Комитет по образованию", "администрации Северореченского", "муниципального округа"]
    assert "ПРИКАЗ" in lines
    assert any(x.startswith("от «___» ____________ 20___") and x.endswith("№ ____") for x in lines)
    assert "г. Северореченск" in lines
    assert "О присвоении статуса муниципальной инновационной площадки" in lines
    assert ("на основании решения муниципального методического совета (протокол от 10.11.2026 № 3)"
            in text)
    assert lines.index("ПРИКАЗЫВАЮ:") > lines.index("О присвоении статуса муниципальной инновационной площадки")
    # both approved schools, in the dative, each with the term from the settings (3 years)
    assert ("1.1. муниципальному бюджетному общеобразовательному учреждению «Средняя общеобразовательная "
            "школа № 7» по направлению «Функциональная грамотность обучающихся» на срок с 12.11.2026 по "
            "11.11.2029;") in lines
    assert any(x.startswith("1.2. муниципальному бюджетному общеобразовательному учреждению «Лицей № 1»")
               for x in lines)
    assert "Озёрная" not in text  # the rejected application is not in the order
    assert ("2. Методическое сопровождение деятельности муниципальных инновационных площадок возложить на "
            "МБУ «ИМЦ» (заведующий Климова И.В.).") in lines
    assert any(x.startswith("3. ") and "в срок до 15 июня 2027 года" in x for x in lines)
    assert ("4. Контроль исполнения приказа возложить на заместителя председателя комитета по образованию "
            "Белова А.Н.") in lines
    assert lines[-1] == "Председатель комитета по образованию | Е.С. Воронцова"


def test_directive_draft_has_appendices_with_school_rows(decided):
    docs = _draft(decided.meeting_id)
    text = _docx_text(docs[1][0])
    lines = [x.strip() for x in text.splitlines() if x.strip()]
    assert "РАСПОРЯЖЕНИЕ" in lines
    assert ("Об утверждении решений муниципального методического совета от 10.11.2026 (протокол № 3)"
            in lines)
    assert ("1. Утвердить решения муниципального методического совета об организации деятельности "
            "муниципальных инновационных площадок в 2025/2026 учебном году:") in lines
    # worded as the protocol words the decision, one school: singular, one notation of the year
    assert ("1.1. Одобрить промежуточные итоги реализации программы инновационной деятельности образовательной "
            "организации за 2025/2026 учебный год согласно приложению 1.") in lines
    assert "2. Руководителям образовательных организаций согласно приложениям 1 и 2:" in lines
    assert "-2026" not in text and "-2027" not in text
    assert any(x.startswith("1.2. Представить в срок до 15 декабря 2026 года") and "приложению 2" in x
               for x in lines)
    app1, app2 = lines.index("Приложение 1"), lines.index("Приложение 2")
    assert lines[app1 + 1] == "к распоряжению комитета по образованию"
    assert any(x.startswith("1 | МБОУ «СОШ № 12» |") and x.endswith("| Кузнецов И.В.") for x in lines[app1:app2])
    assert any(x.startswith("1 | МБОУ «Берёзовская СОШ» |") for x in lines[app2:])
    assert "МБОУ «Берёзовская СОШ»" not in "\n".join(lines[app1:app2])


def test_drafting_creates_rows_sites_and_events_once(decided):
    from docflow.store.db import unit_of_work
    from docflow.store.models import Document, DocumentEvent, Site
    first = _draft(decided.meeting_id)
    again = _draft(decided.meeting_id)  # a retried task
    assert first == again
    with unit_of_work() as s:
        docs = s.scalars(select(Document).order_by(Document.id)).all()
        assert [(d.register, d.status, d.template, d.number) for d in docs] == [
            ("order", "draft", "order_site_status.docx", None),
            ("directive", "draft", "directive_interim_results.docx", None)]
        assert docs[0].context["protocol_number"] == "3"
        assert {r["school_id"] for r in docs[0].context["_docflow"]["schools"]} == {
            decided.schools["sch-07"], decided.schools["lyc-01"]}
        events = s.scalars(select(DocumentEvent.event).order_by(DocumentEvent.id)).all()
        assert events == ["drafted", "drafted"]
        sites = s.scalars(select(Site).order_by(Site.id)).all()
        assert [(x.school_id, x.status, x.starts_on) for x in sites] == [
            (decided.schools["sch-07"], "applicant", None), (decided.schools["lyc-01"], "applicant", None)]
        assert sites[0].direction == "Функциональная грамотность обучающихся"


def test_meeting_without_issuing_decisions_drafts_nothing(demo_schools):
    m = make_meeting(applications=(), reports_ok=(), reports_returned=(), rejected=("sch-ozr",))
    assert _draft(m.meeting_id) == []


def test_unknown_meeting_is_reported_in_russian(store):
    from docflow.orders.drafts import DraftError
    with pytest.raises(DraftError, match="Заседание № 999 не найдено"):
        _draft(999)


def test_school_name_with_markup_is_escaped_in_the_docx(demo_schools):
    from docflow.store.db import unit_of_work
    from docflow.store.models import School
    with unit_of_work() as s:
        school = s.scalar(select(School).where(School.code == "sch-07"))
        school.full_name = "Муниципальное бюджетное общеобразовательное учреждение «Школа <b>&</b> № 7»"
    m = make_meeting(applications=("sch-07",), reports_ok=(), reports_returned=(), rejected=())
    text = _docx_text(_draft(m.meeting_id)[0][0])
    assert "учреждению «Школа <b>&</b> № 7»" in text


def test_directive_lists_the_terms_of_active_sites(demo_schools):
    from docflow.store.db import unit_of_work
    from docflow.store.models import School, Site
    with unit_of_work() as s:
        school = s.scalar(select(School).where(School.code == "sch-12"))
        s.add(Site(school_id=school.id, status="active", direction="Цифровая образовательная среда",
                   starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2028, 8, 31)))
    m = make_meeting(applications=(), reports_ok=("sch-12",), reports_returned=(), rejected=())
    lines = [x.strip() for x in _docx_text(_draft(m.meeting_id)[0][0]).splitlines() if x.strip()]
    assert not any("скорректированную" in x for x in lines)  # no corrections: the terms item is 1.2
    assert any(x.startswith("1.2. Установить сроки") and "приложению 2" in x for x in lines)
    app2 = lines.index("Приложение 2")
    assert "1 | МБОУ «СОШ № 12» | Функциональная грамотность обучающихся | с 01.09.2025 по 31.08.2028" in lines[app2:]


def test_one_school_is_addressed_in_the_singular(demo_schools):
    from tests.orders.conftest import make_meeting
    decided = make_meeting(applications=("sch-07",), reports_ok=("sch-12",), reports_returned=(), rejected=())
    docs = {kind: i for i, _register, kind in _draft(decided.meeting_id)}
    order = [x.strip() for x in _docx_text(docs["order_site_status"]).splitlines() if x.strip()]
    assert any(x.startswith("3. Руководителю МБОУ «СОШ № 7» представить в МБУ «ИМЦ» отчёт") for x in order)
    assert not any("Руководителям" in x for x in order)
    directive = [x.strip() for x in _docx_text(docs["directive_interim_results"]).splitlines() if x.strip()]
    assert "2. Руководителю образовательной организации согласно приложению 1:" in directive
    assert "Приложение 2" not in directive
