"""The committee's forms file: both shipped examples load; a mistake is refused with its line."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from docflow.config import SettingsError
from docflow.forms.spec import load_forms, parse_forms
from tests.forms.conftest import FORMS_DIR

GOOD = textwrap.dedent("""\
    version: 1
    forms:
      application:
        title: ЗАЯВКА
        name: заявка
        recognise: [заявка]
        sections:
          - key: topic
            label: Тема проекта
      """)


def test_both_examples_load():
    municipal = load_forms(FORMS_DIR / "municipal.yaml")
    standard = load_forms(FORMS_DIR / "standard.yaml")
    assert [f.type for f in municipal] == ["application", "interim_report", "final_report", "corrected_programme"]
    app = municipal["application"]
    assert [s.label for s in app.sections.values() if s.required] == [
        "Тема инновационного проекта", "Направление инновационной деятельности", "Актуальность проекта",
        "Цель проекта", "Задачи проекта", "Ожидаемые результаты", "Этапы реализации проекта",
        "Ресурсное обеспечение", "Руководитель проекта", "Контактные данные", "Дата и подпись руководителя"]
    # What the registry knows is never demanded of the school.
    assert {s.key for s in app.sections.values() if s.registry} == {"org_name", "director"}
    assert not any(s.required for s in app.sections.values() if s.registry)
    assert "calendar_plan" in standard["application"].sections
    assert not standard["application"].sections["team"].required


@pytest.mark.parametrize(("mistake", "line", "words"), [
    ("        kind: tabel\n", 10, "kind"),
    ("        required: maybe\n", 10, "required"),
    ("        registry: director\n", 8, "известен из реестра"),
    ("        colour: red\n", 10, "неизвестное поле"),
])
def test_a_malformed_file_is_refused_with_its_line(mistake, line, words):
    with pytest.raises(SettingsError) as e:
        parse_forms(GOOD + mistake, "forms.yaml")
    assert f"forms.yaml, строка {line}" in str(e.value) and words in str(e.value)


def test_broken_yaml_and_a_table_without_columns():
    with pytest.raises(SettingsError, match=r"f.yaml, строка \d: файл форм не является корректным YAML"):
        parse_forms("forms:\n  application:\n    title: [ЗАЯВКА\n", "f.yaml")
    with pytest.raises(SettingsError, match="должны быть перечислены графы"):
        parse_forms(GOOD + "        kind: table\n", "f.yaml")
    with pytest.raises(SettingsError, match="acts_as"):
        parse_forms(GOOD.replace("  application:", "  programme_change:"), "f.yaml")


def test_settings_check_names_the_forms_file_line(tmp_path):
    from docflow.config import EXAMPLE_SETTINGS

    forms = tmp_path / "forms.yaml"
    forms.write_text(GOOD + "        kind: tabel\n", encoding="utf-8")
    settings = tmp_path / "committee.yaml"
    text = EXAMPLE_SETTINGS.read_text(encoding="utf-8")
    assert "forms: ../forms/municipal.yaml" in text
    settings.write_text(text.replace("forms: ../forms/municipal.yaml", f"forms: {forms}"), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "docflow.cli", "settings", "check", str(settings)],
                         capture_output=True, text=True, check=False)
    assert run.returncode != 0
    assert f"{forms}, строка 10: поле «forms.application.sections.0.kind»" in run.stdout + run.stderr
    forms.write_text(GOOD, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "docflow.cli", "settings", "check", str(settings), "--json"],
                         capture_output=True, text=True, check=True)
    assert '"application": 1' in run.stdout
