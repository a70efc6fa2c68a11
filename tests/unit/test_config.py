import pytest

from docflow.config import SettingsError, load_settings, parse_settings
from tests.conftest import EXAMPLE_SETTINGS


def example_text() -> str:
    return EXAMPLE_SETTINGS.read_text(encoding="utf-8")


def test_example_settings_load():
    s = load_settings(EXAMPLE_SETTINGS)
    assert s.committee.name.startswith("Комитет по образованию")
    assert s.head.name_short == "Е.С. Воронцова"
    assert [m.role for m in s.council.members_for("2026/2027")].count("secretary") == 1
    assert s.numbering.format("incoming", 2026, 42) == "Вх-2026-00042"
    assert s.numbering.format("directive", 2026, 7) == "7-р"
    assert s.mailbox("official").imap_conn_id == "docflow_imap"


def test_wrong_value_names_field_and_line():
    text = example_text().replace("term_years: 3", "term_years: три")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "term_years: три" in ln)
    with pytest.raises(SettingsError) as exc:
        parse_settings(text, "committee.yaml")
    msg = str(exc.value)
    assert f"committee.yaml, строка {line}: поле «site.term_years»" in msg
    assert "целое число" in msg


def test_unknown_and_missing_fields_are_reported_together():
    text = example_text().replace("  place: г. Северореченск        #", "  plaec: г. Северореченск        #")
    with pytest.raises(SettingsError) as exc:
        parse_settings(text, "c.yaml")
    msg = str(exc.value)
    assert "«committee.place» — обязательное поле не заполнено" in msg
    assert "«committee.plaec» — неизвестное поле" in msg


def test_yaml_syntax_error_has_line_and_no_traceback_text():
    with pytest.raises(SettingsError) as exc:
        parse_settings("committee:\n  name_lines: [a, b\nhead: x\n", "bad.yaml")
    assert "bad.yaml, строка" in str(exc.value)
    assert "корректным YAML" in str(exc.value)


def test_council_needs_one_chair_and_one_secretary():
    text = example_text().replace(", role: secretary}", "}")
    with pytest.raises(SettingsError, match="ровно один председатель и один секретарь"):
        parse_settings(text)


def test_number_format_must_contain_seq():
    text = example_text().replace('order: "{seq}"', 'order: "{year}"')
    with pytest.raises(SettingsError, match=r"numbering\.order"):
        parse_settings(text)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(SettingsError, match="Не удаётся прочитать файл настроек"):
        load_settings(tmp_path / "nope.yaml")
