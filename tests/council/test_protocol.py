"""From agenda to protocol, extracts and letters through the workflow steps; DOCX read back."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from docflow.council import steps
from docflow.documents.docx_text import docx_to_text
from docflow.store import archive
from docflow.store.db import unit_of_work
from docflow.store.models import Document, Meeting, OutboxLetter, School


def _present(meeting_id: int) -> list[str]:
    from docflow.council.meetings import current_members
    with unit_of_work() as s:
        return [m.full_name for m in current_members(s.get(Meeting, meeting_id).council)
                if m.full_name != "Карпов Денис Олегович"]


@pytest.fixture
def issued(waiting):
    info = steps.prepare(dt.date(2026, 11, 2), "2026-11-10", run_id="test/run")
    mid = info["meeting_id"]
    assert info == {"meeting_id": mid, "held_on": "2026-11-10", "kind": "regular", "items": 5}
    assert steps.check("agenda", mid, {"exclude": ["4. МБОУ «СОШ № 12»: промежуточный отчёт (Вх-2026-00001)"]}) == []
    steps.confirm_agenda(mid, {"exclude": ["4. МБОУ «СОШ № 12»: промежуточный отчёт (Вх-2026-00001)"],
                               "extra": [], "time": "15:00", "place": "г. Северореченск, ул. Школьная, д. 1"})
    letters = steps.send_agenda(mid, "15:00")
    assert len(letters) == 4  # the agenda to the operator, invitations to three schools' matters
    answer = {"present": _present(mid),
              "item_1": {"за": 8, "против": 0, "воздержались": 0, "решение": "одобрить",
                         "докладчик": "Белов А.Н., заместитель председателя комитета по образованию"},
              "item_2": {"за": 8, "против": 0, "воздержались": 0, "решение": "одобрить",
                         "вопросы": "О составе проектной команды",
                         "выступили": "Климова И.В., заведующий МБУ «ИМЦ», — о методическом сопровождении проекта",
                         "дополнительные решения":
                             ["Включить МБОУ «СОШ № 7» в план методических мероприятий на 2027 год."]},
              "item_3": {"за": 1, "против": 7, "решение": "вернуть на доработку",
                         "причины": "уточнить план-график и ожидаемые результаты"},
              "item_4": {"за": 6, "против": 1, "воздержались": 1, "решение": "одобрить",
                         "замечания": "Дополнить программу критериями эффективности"}}
    assert steps.check("results", mid, answer) == []
    steps.record_results(mid, answer, actor="Миронова А.С.")
    return steps.issue(mid, run_id="test/run")


def test_protocol_reads_like_seed_000(issued):
    import os
    if os.environ.get("SHOW"):
        with unit_of_work() as s:
            print(docx_to_text(archive.get(s.get(Document, issued["protocol_document_id"]).docx_sha256)))
            for i in issued["extract_document_ids"][:1]:
                print(docx_to_text(archive.get(s.get(Document, i).docx_sha256)))
    with unit_of_work() as s:
        doc = s.get(Document, issued["protocol_document_id"])
        assert (doc.register, doc.status, doc.number, doc.reg_year, doc.reg_seq) == ("protocol", "final", "1", 2026, 1)
        text = docx_to_text(archive.get(doc.docx_sha256))
    for line in [
        "ПРОТОКОЛ № 1", "заседания муниципального методического совета", "от 10.11.2026",
        "Председатель – Белов А.Н.", "Секретарь – Миронова А.С.", "Присутствовало – 8 человек",
        "1. Утверждение состава муниципального методического совета (далее – ММС) на 2026/2027 учебный год.",
        "Рассмотрение заявки на присвоение статуса муниципальной инновационной площадки (далее – МИП) МБОУ «СОШ № 7»",
        "Слушали: Белова А.Н., заместителя председателя комитета по образованию.",
        "Выступили: Климова И.В., заведующий МБУ «ИМЦ», — о методическом сопровождении проекта.",
        "Белов Андрей Николаевич, заместитель председателя комитета по образованию – председатель;",
        "Голосование списком: «за» – 8, «против» – 0, «воздержались» – 0.",
        "Докладчик: директор МБОУ «СОШ № 7» Орлова Наталья Петровна.",
        "Вопросы: О составе проектной команды.",
        "Слушали: Орлову Н.П., директора МБОУ «СОШ № 7».",
        "Слушали: Кузнецова И.В., директора МБОУ «СОШ № 12».",
        "Замечания, предложения: Дополнить программу критериями эффективности.",
        "Голосование: «за» – 1, «против» – 7, «воздержались» – 0.",
        "1. Утвердить состав ММС на 2026/2027 учебный год.",
        "2. Присвоить статус «Муниципальная инновационная площадка» муниципальному бюджетному "
        "общеобразовательному учреждению «Средняя общеобразовательная школа № 7».",
        "5. Включить МБОУ «СОШ № 7» в план методических мероприятий на 2027 год.",
        "6. Вернуть заявку МБОУ «СОШ № 12» на доработку: уточнить план-график и ожидаемые результаты.",
        "7. МБОУ «СОШ № 12» представить доработанные материалы в срок до 08.12.2026.",
        "8. Утвердить скорректированную программу инновационной деятельности МБОУ «Лицей № 1».",
    ]:
        assert line in text, line
    assert "Секретарь" in text and "/ Миронова А.С." in text


def test_one_extract_per_school_like_seed_004(issued):
    with unit_of_work() as s:
        docs = [s.get(Document, i) for i in issued["extract_document_ids"]]
        by_school = {s.get(School, d.school_id).short_name: d for d in docs}
        assert sorted(by_school) == ["МБОУ «Лицей № 1»", "МБОУ «СОШ № 12»", "МБОУ «СОШ № 7»"]
        assert all(d.parent_id == issued["protocol_document_id"] and d.status == "final" for d in docs)
        text = docx_to_text(archive.get(by_school["МБОУ «СОШ № 12»"].docx_sha256))
    assert "Выписка из протокола № 1" in text and "Присутствовали: члены ММС (8 человек)." in text
    assert "Вопрос 3. Рассмотрение заявки на присвоение статуса муниципальной инновационной площадки " \
           "МБОУ «СОШ № 12»" in text
    # the protocol's numbers: question 3, its decisions 6 and 7
    assert "6. Вернуть заявку МБОУ «СОШ № 12» на доработку: уточнить план-график и ожидаемые результаты." in text
    assert "7. МБОУ «СОШ № 12» представить доработанные материалы в срок до 08.12.2026." in text
    assert "По 3 вопросу, «Рассмотрение заявки на присвоение статуса муниципальной инновационной площадки " \
           "МБОУ „СОШ № 12“ по направлению „Функциональная грамотность обучающихся“, тема проекта „Школа " \
           "функциональной грамотности: от диагностики к результату“», слушали Кузнецова И.В., директора " \
           "МБОУ «СОШ № 12»." in text
    assert "»»" not in text and "(далее" not in text  # no abbreviation used here, none introduced
    assert "СОШ № 7" not in text  # only this school's matters
    assert "Выписка верна" in text
    with unit_of_work() as s:
        text7 = docx_to_text(archive.get(by_school["МБОУ «СОШ № 7»"].docx_sha256))
    assert "Вопрос 2. Рассмотрение заявки на присвоение статуса муниципальной инновационной площадки " \
           "(далее – МИП) МБОУ «СОШ № 7»" in text7
    assert "Выступили: Климова И.В., заведующий МБУ «ИМЦ», — о методическом сопровождении проекта." in text7
    assert "2. Присвоить статус" in text7 and "5. Включить МБОУ «СОШ № 7» в план" in text7
    assert "1. Присвоить" not in text7


def test_letters_to_schools_and_members(issued):
    with unit_of_work() as s:
        letters = {x.dedup_key.rsplit(":", 1)[0] if x.kind != "agenda" else "agenda": x
                   for x in s.query(OutboxLetter).all()}
        kinds = sorted(x.kind for x in s.query(OutboxLetter).all())
        assert kinds == ["agenda", "distribution", "distribution", "distribution", "invitation", "invitation",
                         "invitation", "notice"]
        agenda = letters["agenda"]
        assert agenda.to_addrs == ["imc@komitet.example.ru"] and agenda.attachments[0]["filename"].endswith(".docx")
        ret = s.query(OutboxLetter).filter_by(kind="notice").one()
        assert ret.to_addrs == ["school12@edu.example.ru"]
        assert "Что нужно доработать: уточнить план-график и ожидаемые результаты" in ret.body_text
        assert "в срок до 08.12.2026" in ret.body_text
        inv = s.query(OutboxLetter).filter_by(kind="invitation", school_id=ret.school_id).one()
        if os.environ.get("SHOW"):
            print(inv.body_text, ret.body_text, sep="\n-----\n")
        assert "10.11.2026 в 15:00" in inv.body_text and inv.body_text.startswith("Уважаемый Игорь Валентинович!")
    agenda_text = docx_to_text(archive.get(agenda.attachments[0]["sha256"]))
    assert "Время: 15:00" in agenda_text and "4. Рассмотрение скорректированной программы" in agenda_text


def test_issue_is_idempotent(issued):
    again = steps.issue(issued["meeting_id"])
    assert again["protocol_document_id"] == issued["protocol_document_id"]
    assert again["extract_document_ids"] == issued["extract_document_ids"]
    with unit_of_work() as s:
        assert s.query(Document).count() == 4 and s.query(OutboxLetter).count() == 8
        assert s.get(Meeting, issued["meeting_id"]).status == "protocol_issued"


def _pdf_pages(pdf: bytes) -> list[str]:
    import subprocess
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return text.decode().split("\f")[:-1]


@pytest.fixture
def pdf_on(monkeypatch):
    import shutil

    from docflow.documents.pdf import find_soffice
    if find_soffice() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or poppler is not installed")
    monkeypatch.setenv("DOCFLOW_PDF", "1")


def test_protocol_extracts_and_agenda_have_pdf_with_page_numbers_from_page_two(pdf_on, issued):
    with unit_of_work() as s:
        protocol = s.get(Document, issued["protocol_document_id"])
        extracts = [s.get(Document, i) for i in issued["extract_document_ids"]]
        agenda = s.query(OutboxLetter).filter_by(kind="agenda").one()
        extract_letters = s.query(OutboxLetter).filter_by(kind="distribution").all()
        assert protocol.pdf_sha256 and all(d.pdf_sha256 for d in extracts)
        pages = _pdf_pages(archive.get(protocol.pdf_sha256))
        extract_pages = _pdf_pages(archive.get(extracts[0].pdf_sha256))
    assert len(pages) >= 2
    assert "ПРОТОКОЛ № 1" in pages[0] and "от 10.11.2026" in pages[0] and "Председатель – Белов А.Н." in pages[0]
    assert not pages[0].strip().splitlines()[0].strip().isdigit()  # no number on the first page
    for n, page in enumerate(pages[1:], start=2):
        assert page.strip().splitlines()[0].strip() == str(n)
    assert "/ Миронова А.С." in pages[-1]
    assert "Выписка из протокола № 1" in extract_pages[0] and "Выписка верна" in "".join(extract_pages)
    names = [a["filename"] for a in agenda.attachments]
    assert names == ["Повестка ММС 10.11.2026.docx", "Повестка ММС 10.11.2026.pdf"]
    assert all(any(a["filename"].endswith(".pdf") for a in x.attachments) for x in extract_letters)


def test_without_a_pdf_the_reason_is_recorded(issued):
    from docflow.documents.copies import OFF, PDF_FAILED
    from docflow.store.models import DocumentEvent
    with unit_of_work() as s:
        protocol = s.get(Document, issued["protocol_document_id"])
        assert protocol.pdf_sha256 == ""
        events = s.query(DocumentEvent).filter_by(document_id=protocol.id, event=PDF_FAILED).all()
        assert [e.note for e in events] == [OFF]
