"""A template and a context that do not match fail before rendering, with a message for staff."""

from __future__ import annotations

import dataclasses
import shutil

import pytest
from docx import Document

from docflow.documents import TEMPLATES_DIR
from docflow.documents.contexts import sample_context
from docflow.documents.docx_text import docx_to_text
from docflow.documents.jinja import plural, ru_date, ru_date_long
from docflow.documents.render import (
    TemplateBrokenError,
    TemplateContextError,
    context_dict,
    render,
    template_variables,
)

ORDER = TEMPLATES_DIR / "order_site_status.docx"


def make_docx(tmp_path, *paragraphs: str, name: str = "t.docx"):
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    path = tmp_path / name
    doc.save(path)
    return path


def edit_template(tmp_path, old: str, new: str):
    """What staff do in Word: change a paragraph's text in a copy of the order template."""
    path = tmp_path / "order_site_status.docx"
    shutil.copyfile(ORDER, path)
    doc = Document(str(path))
    hits = [p for p in doc.paragraphs if old in p.text]
    assert hits, old
    for p in hits:
        text = p.text.replace(old, new)
        for run in p.runs[1:]:
            run.text = ""
        p.runs[0].text = text
    doc.save(path)
    return path


def test_template_variables_are_the_top_level_names():
    names = template_variables(ORDER)
    assert {"committee", "head", "deputy", "operator", "council", "number", "date", "sites"} <= names
    assert "n" not in names and "namespace" not in names and "line" not in names


def test_missing_variable_fails_before_rendering_and_names_it():
    ctx = context_dict(sample_context("order_site_status.docx"))
    del ctx["number"], ctx["head"]
    with pytest.raises(TemplateContextError) as err:
        render(ORDER, ctx)
    assert err.value.variables == ["head", "number"]
    assert "не хватает данных: head, number" in str(err.value)
    assert "order_site_status.docx" in str(err.value)


def test_required_key_the_template_lacks_fails(tmp_path):
    path = make_docx(tmp_path, "ПРИКАЗ", "{{ title }}")
    with pytest.raises(TemplateContextError) as err:
        render(
            path, {"title": "Об", "number": "1", "date": "01.01.2026"}, required={"number", "date", "title"}
        )
    assert err.value.variables == ["date", "number"]
    assert "нет обязательных полей: date, number" in str(err.value)
    # without the requirement the same call renders
    assert "Об" in docx_to_text(render(path, {"title": "Об", "number": "1", "date": "x"}))


def test_template_edited_in_word_that_lost_the_number_fails(tmp_path):
    path = edit_template(tmp_path, "№ {{ number }}", "№ ____")
    with pytest.raises(TemplateContextError) as err:
        render(path, sample_context("order_site_status.docx"))  # REQUIRED of the context dataclass
    assert err.value.variables == ["number"]


def test_broken_tag_names_template_and_paragraph(tmp_path):
    path = edit_template(
        tmp_path, "{{ deputy.name_accusative|period }}", "{{ deputy.name_accusative|period }"
    )
    with pytest.raises(TemplateBrokenError) as err:
        render(path, sample_context("order_site_status.docx"))
    msg = str(err.value)
    assert "order_site_status.docx" in msg and "абзаце" in msg
    assert "тег «{{ deputy.name_accusative|period }»" in msg
    assert "Контроль исполнения приказа" in err.value.text
    texts = [p.text for p in Document(str(path)).paragraphs]
    assert texts[err.value.paragraph - 1] == err.value.text  # 1-based paragraph number


def test_unclosed_block_is_reported(tmp_path):
    path = make_docx(tmp_path, "Начало", "{%p if x %}", "текст {{ x }}", name="u.docx")
    with pytest.raises(TemplateBrokenError) as err:
        render(path, {"x": 1})
    assert "u.docx" in str(err.value)


def test_missing_nested_attribute_is_a_context_error():
    ctx = sample_context("order_site_status.docx")
    ctx = dataclasses.replace(ctx, head={"position": "Председатель"})  # no name_short
    with pytest.raises(TemplateContextError) as err:
        render(ORDER, ctx)
    assert "name_short" in str(err.value)


def test_context_must_be_mapping_or_dataclass():
    with pytest.raises(TypeError):
        render(ORDER, ["number"])


def test_filters():
    import datetime as dt

    assert ru_date(dt.date(2027, 6, 1)) == "01.06.2027"
    assert ru_date_long(dt.date(2027, 6, 1)) == "01 июня 2027 года"
    assert ru_date("уже строка") == "уже строка"
    forms = [plural(n, "площадка", "площадки", "площадок") for n in (1, 2, 5, 11, 12, 21, 22, 25, 111)]
    assert forms == [
        "площадка",
        "площадки",
        "площадок",
        "площадок",
        "площадок",
        "площадка",
        "площадки",
        "площадок",
        "площадок",
    ]


def test_template_given_by_file_name_is_found_in_the_templates_folder():
    from docflow.documents.docx_text import docx_to_text

    text = docx_to_text(render("agenda.docx", sample_context("agenda.docx")))
    assert "ПОВЕСТКА" in text
    with pytest.raises(FileNotFoundError) as err:
        render("no_such_template.docx", {})
    assert str(err.value).startswith("Шаблон «no_such_template.docx» не найден")
