"""The procedure's blank generated from its forms file, filled in by hand in another layout, read
back and judged; what the registry knows compared, never demanded; how a reading is explained."""

from __future__ import annotations

import json
import subprocess
import sys
from io import BytesIO

from docx import Document

from docflow.forms.blank import blank_bytes
from docflow.forms.model import SchoolRef, ValidationContext
from docflow.forms.reader import read_form
from docflow.forms.validate import is_complete, render_findings_ru, validate_batch
from tests.corpus.schools.documents import build

OZERNAYA = SchoolRef("Муниципальное бюджетное общеобразовательное учреждение «Озёрная основная общеобразовательная "
                     "школа»", "МБОУ «Озёрная ООШ»", "Фёдорова Галина Ивановна")


def _save(doc) -> bytes:
    buf = BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _filled_by_hand(blank: bytes) -> bytes:
    """What a deputy director does to the blank: fills the passport, rewrites the headings in the
    school's words, deletes the hints, puts the stages in a table of its own and signs at the end."""
    doc = Document(BytesIO(blank))
    passport = doc.tables[0]
    for row in passport.rows:
        label = row.cells[0].text
        if label.startswith("Полное наименование"):
            row.cells[1].text = OZERNAYA.full_name
        elif label.startswith("Тема"):
            row.cells[1].text = "«Школа — центр жизни села: сетевое образование для сельских детей»"
        elif label.startswith("Направление"):
            row.cells[1].text = "воспитание и социализация"
        elif label.startswith("Руководитель проекта"):
            row.cells[1].text = "Фёдорова Галина Ивановна, директор"
        elif label.startswith("Контакт"):
            row.cells[1].text = "8 (81370) 5-12-40, ozernaya@edu.example.ru"
    body = doc.element.body
    for p in list(doc.paragraphs):
        if p.style.name == "Form Instruction":
            body.remove(p._p)  # hints deleted
    texts = {
        "Актуальность": ("Обоснование актуальности", "В селе нет учреждений дополнительного образования; "
                                                     "школа — единственная площадка для занятий детей."),
        "Цель": ("Цель", "Создать на базе школы сельский образовательный центр для детей и родителей."),
        "Задачи": ("Основные задачи", "Открыть три объединения; привлечь партнёров; обучить педагогов."),
        "Ожидаемые": ("Прогнозируемые результаты", "Не менее 80 % детей заняты во внеурочное время."),
        "Ресурсное": ("Кадровые и материально-технические условия", "9 педагогов, спортивный зал, мастерская."),
    }
    for p in doc.paragraphs:
        for start, (heading, text) in texts.items():
            if p.style.name.startswith("Heading") and start in p.text:
                p.text = heading
                nxt = p._p.getnext()
                from docx.text.paragraph import Paragraph
                Paragraph(nxt, p._parent).text = text
            elif p.style.name.startswith("Heading") and "Этапы" in p.text:
                p.text = "Этапы и сроки реализации"
    stages = doc.tables[-1]
    stages.rows[1].cells[0].text = "Подготовительный"
    stages.rows[1].cells[1].text = "март – август 2026 г."
    stages.rows[1].cells[2].text = "Договоры с партнёрами, набор детей"
    for p in doc.paragraphs:
        if p.text.startswith("Руководитель образовательной организации"):
            p.text = "Директор МБОУ «Озёрная ООШ»  __________  Г.И. Фёдорова   11.02.2026"
    return _save(doc)


def test_blank_of_the_procedure_read_back_empty_then_filled_by_hand(municipal, directions):
    blank = blank_bytes(municipal["application"], directions)
    empty = read_form(blank, municipal, directions=directions, submission_id="blank")
    assert empty.form_type == "application" and not empty.fields
    filled = read_form(_filled_by_hand(blank), municipal, directions=directions, submission_id="hand")
    ctx = ValidationContext(directions, None, {"hand": OZERNAYA, "blank": OZERNAYA})
    verdict = validate_batch([empty, filled], ctx, municipal)
    assert is_complete(verdict["hand"]), [f.to_dict() for f in verdict["hand"]]
    assert filled.signer == "Г.И. Фёдорова" and filled.signed_on == "11.02.2026"
    notice = render_findings_ru(verdict["blank"])
    for s in municipal["application"].sections.values():
        assert (f"«{s.label}» — не заполнено" in notice) == s.required, s.key
    assert "Полное наименование" not in notice  # the registry knows it


def test_a_registry_mismatch_is_a_note_for_staff_never_a_demand(municipal, directions):
    data = build("a01_sosh14_word_headings")  # СОШ № 14's application sent from the Озёрная school
    row = read_form(data, municipal, directions=directions, submission_id="x")
    verdict = validate_batch([row], ValidationContext(directions, None, {"x": OZERNAYA}), municipal)["x"]
    staff = [f for f in verdict if f.severity == "staff"]
    assert {f.field for f in staff} == {"org_name", "director"}
    assert "«Муниципальное бюджетное общеобразовательное учреждение «Озёрная" in staff[0].problem
    assert is_complete(verdict)
    assert "реестр" not in render_findings_ru(verdict)


def test_explain_shows_where_each_section_was_found(tmp_path):
    path = tmp_path / "Заявка СЮТ.docx"
    path.write_bytes(build("a19_syut_own_words"))
    run = subprocess.run([sys.executable, "-m", "docflow.cli", "forms", "explain", str(path), "--json"],
                         capture_output=True, text=True, check=True)
    data = json.loads(run.stdout)
    assert data["type"] == "application"
    by_key = {s["key"]: s for s in data["sections"]}
    assert by_key["relevance"]["found"] and by_key["relevance"]["heading"]
    assert by_key["relevance"]["heading"] != "Актуальность проекта"  # the school's own words, as written
    assert {s["where"] for s in data["sections"] if s["found"]} >= {"заголовок"}
    text = subprocess.run([sys.executable, "-m", "docflow.cli", "forms", "explain", str(path)],
                          capture_output=True, text=True, check=True).stdout
    assert "где найдено: заголовок" in text and "[обязательный]" in text


def test_the_director_is_recognised_by_the_signature_whatever_the_name_order(municipal, directions):
    row = read_form(build("a17_vkl_numbered_complete"), municipal, directions=directions, submission_id="v")
    assert row.signer == "В.Г. Сафонов"
    same = SchoolRef("МБОУ «Верхнеключевская СОШ»", "", "Сафонов Виктор Геннадьевич")
    other = SchoolRef("МБОУ «Верхнеключевская СОШ»", "", "Орлова Наталья Петровна")
    for ref, expected in ((same, []), (other, ["руководитель организации в документе («В.Г. Сафонов») не "
                                               "совпадает с реестром («Орлова Наталья Петровна»)"])):
        found = validate_batch([row], ValidationContext(directions, None, {"v": ref}), municipal)["v"]
        assert [f.problem for f in found if f.field == "director"] == expected
