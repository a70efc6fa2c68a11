"""The shipped blank forms: generated from the definitions, official look, machine-readable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Pt

from docflow.forms.definitions import CELLS, DEFAULT_DIRECTIONS, FORMS, GRID, SECTION
from docflow.forms.docx_xml import read_custom_properties
from tests.forms.builders import FORMS_DIR

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("form_type", sorted(FORMS))
def test_blank_form_matches_its_definition(form_type):
    form = FORMS[form_type]
    doc = Document(str(FORMS_DIR / f"{form_type}.docx"))
    assert read_custom_properties(doc.part.package) == {
        "docflow-form": form_type,
        "docflow-form-version": "1",
    }
    assert doc.core_properties.category == f"docflow-form: {form_type}"
    assert doc.core_properties.keywords == f"docflow-form: {form_type}; docflow-form-version: 1"
    normal = doc.styles["Normal"].font
    assert (normal.name, normal.size) == ("Times New Roman", Pt(14))
    assert doc.styles["Form Cell"].font.size == Pt(12)
    assert doc.styles["Heading 2"].font.name == "Times New Roman"
    texts = [p.text for p in doc.paragraphs]
    assert texts[0].startswith("Приложение № ") and "к Порядку признания" in texts[0]
    assert form.title in texts and form.subtitle in texts
    instructions = [p for p in doc.paragraphs if p.style.name == "Form Instruction"]
    assert instructions and all(doc.styles["Form Instruction"].font.italic for _ in instructions)
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert headings == [blk.numbered_heading for blk in form.blocks]
    tables = iter(doc.tables)
    for blk in form.blocks:
        if blk.kind == CELLS:
            t = next(tables)
            assert [r.cells[0].text for r in t.rows] == [f.label for f in blk.fields]
            assert all(r.cells[1].text == "" for r in t.rows)
        elif blk.kind == GRID:
            t = next(tables)
            assert [c.text for c in t.rows[0].cells] == [c.label for c in blk.fields[0].columns]
        else:
            assert blk.kind == SECTION
    assert next(tables, None) is None


def test_application_prints_the_list_of_directions():
    doc = Document(str(FORMS_DIR / "application.docx"))
    text = "\n".join(p.text for p in doc.paragraphs)
    for direction in DEFAULT_DIRECTIONS:
        assert f"«{direction}»" in text


def test_application_has_the_required_fields():
    keys = set(FORMS["application"].fields)
    assert {
        "org_full_name",
        "org_short_name",
        "director",
        "topic",
        "direction",
        "relevance",
        "goal",
        "tasks",
        "outcomes",
        "calendar_plan",
        "start_date",
        "end_date",
        "resources",
        "project_lead",
        "team",
        "consultant",
        "phone",
        "email",
        "date",
        "signer",
        "signature",
    } <= keys
    assert not FORMS["application"].fields["consultant"].required
    cols = [c.label for c in FORMS["application"].fields["calendar_plan"].columns]
    assert cols == ["Этап", "Содержание работ", "Срок начала", "Срок окончания", "Результат"]


def test_make_forms_uses_directions_from_settings(tmp_path):
    settings = tmp_path / "committee.yaml"
    settings.write_text(
        "site:\n  directions:\n    - Школа полного дня\n    - Наставничество\n", encoding="utf-8"
    )
    out = tmp_path / "forms"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "make_forms.py"),
            "--out",
            str(out),
            "--settings",
            str(settings),
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t}.docx" for t in FORMS)
    text = "\n".join(p.text for p in Document(str(out / "application.docx")).paragraphs)
    assert "«Школа полного дня»; «Наставничество»" in text
