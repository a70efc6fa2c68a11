"""The reader against forms filled the ways schools fill them; every field compared."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document

from docflow.forms.reader import read_form, read_submission
from tests.forms import builders as b

V, T = b.APPLICATION_VALUES, b.APPLICATION_TABLES


def read(doc, sid=None):
    return read_form(b.to_bytes(doc), submission_id=sid)


def assert_fields(row, expected: dict[str, str]) -> None:
    for key, value in expected.items():
        assert row.fields.get(key) == value, key
    assert set(row.fields) == set(expected)


def test_neat_application_read_field_by_field():
    row = read(b.fill("application", V, T), "S-1")
    assert (row.form_type, row.form_version, row.detected_by) == ("application", 1, "properties")
    assert row.submission_id == "S-1"
    assert_fields(row, V)
    assert row.tables == T
    assert row.unmapped == [] and row.warnings == []


@pytest.mark.parametrize("form_type", ["interim_report", "final_report"])
def test_reports_read(form_type):
    row = read(b.fill(form_type, b.REPORT_VALUES, b.REPORT_TABLES))
    assert row.form_type == form_type
    assert_fields(row, b.REPORT_VALUES)
    assert row.tables == b.REPORT_TABLES


def test_corrected_programme_read_with_changes_section():
    values = dict(V, changes="Уточнены сроки этапов.\nДобавлен научный консультант.")
    row = read(b.fill("corrected_programme", values, T))
    assert row.form_type == "corrected_programme"
    assert_fields(row, values)


def test_values_typed_into_label_cells():
    row = read(b.fill("application", V, T, label_cells=True))
    assert_fields(row, V)


def test_changed_case_spacing_punctuation_and_typo_in_labels():
    doc = b.fill("application", V, T)
    b.change_label_case(doc)
    row = read(doc)
    assert_fields(row, V)


def test_deleted_instructions():
    doc = b.fill("application", V, T)
    b.delete_instructions(doc)
    assert not any(p.style.name == "Form Instruction" for p in doc.paragraphs)
    row = read(doc)
    assert_fields(row, V)
    assert row.tables == T


def test_added_rows_are_reported_as_unmapped_and_empty_rows_ignored():
    doc = b.fill("application", V, T)
    b.add_extra_rows(doc)
    row = read(doc)
    assert_fields(row, V)
    assert row.tables == T
    assert [(u.label, u.value, u.where) for u in row.unmapped] == [
        ("Официальный сайт", "https://school7.example.org", "table")
    ]


def test_merged_cells_read_once_and_vertical_merge_carried_down():
    doc = b.fill("application", V, T)
    b.merge_cells(doc)
    row = read(doc)
    assert_fields(row, V)
    plan = row.tables["calendar_plan"]
    assert plan[:3] == T["calendar_plan"]
    assert plan[3] == {
        "stage": "Обобщающий",
        "work": "Обучение педагогов",
        "start": "01.01.2028",
        "end": "31.03.2028",
        "result": "",
    }
    assert row.unmapped == []


def test_content_controls_are_read():
    doc = b.fill("application", V, T)
    b.use_content_controls(doc)
    data = b.to_bytes(doc)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.read("word/document.xml").count(b"<w:sdt>") > 20
    # python-docx alone does not see text inside block-level content controls:
    plain = Document(io.BytesIO(data))
    assert len(plain.tables[0].rows) == 4  # nor the row inside a row-level control
    assert not any(p.text == V["goal"] for p in plain.paragraphs)
    row = read_form(data)
    assert_fields(row, V)
    assert row.tables == T


def test_form_pasted_into_a_cover_letter_detected_by_title():
    letter = b.paste_into_letter(b.fill("application", V, T))
    row = read(letter)
    assert (row.form_type, row.detected_by, row.form_version) == ("application", "title", None)
    assert_fields(row, V)
    assert row.tables == T
    assert any("по заголовку" in w for w in row.warnings)


def test_free_form_document_read_by_headings():
    row = read(b.free_form("application", V))
    assert row.form_type == "application"
    assert_fields(row, V)
    assert row.tables == {}


def test_home_made_tables_with_a_single_term_column():
    row = read(b.home_made(V))
    assert row.form_type == "application"
    assert_fields(row, V)
    assert row.tables["calendar_plan"] == [
        {"stage": s, "work": w, "term": t, "result": r} for s, w, t, r in b.HOME_MADE_PLAN
    ]
    assert row.tables["team"] == T["team"]


def test_free_form_without_title_detected_by_headings():
    doc = b.free_form("interim_report", b.REPORT_VALUES)
    for p in doc.paragraphs[:2]:
        p._p.getparent().remove(p._p)
    row = read(doc)
    assert (row.form_type, row.detected_by) == ("interim_report", "headings")
    assert_fields(row, b.REPORT_VALUES)


def test_unrelated_document_is_not_a_form():
    doc = Document()
    doc.add_paragraph("Служебная записка о ремонте спортивного зала.")
    row = read(doc)
    assert row.form_type is None
    assert row.fields == {}
    assert row.warnings == ["Тип документа не распознан."]


def test_unknown_section_in_form_is_unmapped_with_its_text():
    doc = b.fill("application", V, T)
    p = doc.add_paragraph("11. Социальные партнёры", style="Heading 2")
    doc.add_paragraph("Городская библиотека")
    assert p.text
    row = read(doc)
    assert_fields(row, V)
    assert [(u.label, u.value) for u in row.unmapped] == [("11. Социальные партнёры", "Городская библиотека")]


def test_empty_blank_form_reads_no_values():
    row = read(b.blank("application"))
    assert row.form_type == "application"
    assert row.fields == {}
    assert row.tables == {"calendar_plan": [], "team": []}  # present, no rows
    assert row.unmapped == []


@pytest.mark.libreoffice
@pytest.mark.skipif(not b.soffice_available(), reason="LibreOffice is not installed")
def test_resaved_through_libreoffice():
    doc = b.fill("application", V, T)
    b.merge_cells(doc)
    data = b.resave_with_libreoffice(b.to_bytes(doc))
    row = read_form(data)
    assert row.form_type == "application"
    assert row.detected_by == "properties"
    assert_fields(row, V)
    assert row.tables["calendar_plan"][:3] == T["calendar_plan"]


@pytest.mark.libreoffice
@pytest.mark.skipif(not b.soffice_available(), reason="LibreOffice is not installed")
@pytest.mark.parametrize("fmt,filter_name", [("odt", "odt"), ("doc", "doc:MS Word 97")])
def test_legacy_formats_are_converted_and_read(tmp_path, fmt, filter_name):
    import subprocess

    src = tmp_path / "form.docx"
    src.write_bytes(b.to_bytes(b.fill("application", V, T)))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/p",
            "--headless",
            "--convert-to",
            filter_name,
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    row = read_submission((tmp_path / f"form.{fmt}").read_bytes(), f"Заявка.{fmt}")
    assert row.form_type == "application"
    assert_fields(row, V)
    assert row.tables == T
    assert f"Файл преобразован в DOCX из формата {fmt.upper()}." in row.warnings


def test_hand_edits():
    doc = b.fill("application", V, T)
    b.hand_edits(doc)
    row = read(doc)
    assert_fields(row, V)
    assert row.tables == T


def test_form_row_round_trips_through_json():
    import json

    from docflow.forms.model import FormRow

    doc = b.fill("application", V, T)
    b.add_extra_rows(doc)
    row = read(doc, "S-9")
    again = FormRow.from_dict(json.loads(json.dumps(row.to_dict(), ensure_ascii=False)))
    assert again == row


def test_blank_of_one_report_retitled_as_another_is_read_by_its_title():
    doc = b.fill("interim_report", b.REPORT_VALUES, b.REPORT_TABLES)
    title = next(p for p in doc.paragraphs if p.text == "ПРОМЕЖУТОЧНЫЙ ОТЧЁТ")
    title.text = "ИТОГОВЫЙ ОТЧЁТ"
    row = read(doc)
    assert (row.form_type, row.detected_by) == ("final_report", "title")
    assert row.warnings == [
        "Заголовок документа («итоговый отчёт») не соответствует бланку («промежуточный отчёт»); "
        "документ прочитан по заголовку."
    ]
    # the interim headings are aliases the final report also knows
    assert_fields(row, b.REPORT_VALUES)


def test_report_text_mentioning_another_form_does_not_change_the_type():
    values = dict(
        b.REPORT_VALUES, plans="Итоговый отчёт о реализации проекта будет представлен в мае 2028 года."
    )
    row = read(b.fill("interim_report", values, b.REPORT_TABLES))
    assert (row.form_type, row.detected_by, row.warnings) == ("interim_report", "properties", [])


def test_tracked_changes_read_as_accepted():
    doc = b.fill("application", V, T)
    b.track_changes(doc)
    data = b.to_bytes(doc)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        xml = zf.read("word/document.xml").decode()
    assert "<w:delText>Старая формулировка цели.</w:delText>" in xml and "<w:ins " in xml
    row = read_form(data)
    assert_fields(row, V)


def test_value_typed_on_the_numbered_heading_line_without_a_colon():
    doc = b.fill("application", V, T)
    paras = doc.paragraphs
    i = next(n for n, p in enumerate(paras) if p.text == "4. Цель проекта")
    value = next(p for p in paras[i + 1 :] if p.text.strip() and p.style.name != "Form Instruction")
    paras[i].text = "4. Цель проекта " + value.text
    value._p.getparent().remove(value._p)
    row = read(doc)
    assert_fields(row, V)


def test_one_term_row_instead_of_two_dates():
    doc = b.fill("application", V, T)
    b.single_term_row(doc)
    row = read(doc)
    assert_fields(row, V)


def test_term_line_in_a_free_form_document():
    values = {k: v for k, v in V.items() if k not in ("start_date", "end_date")}
    doc = b.free_form("application", values)
    doc.add_paragraph("Срок реализации проекта: сентябрь 2025 – май 2028")
    row = read(doc)
    assert (row.fields["start_date"], row.fields["end_date"]) == ("сентябрь 2025", "май 2028")
