"""The academic year is written one way in every document, as the committee's settings say."""

from docflow.config import EXAMPLE_SETTINGS, parse_settings
from docflow.orders.terms import academic_year_label


def test_the_settings_choose_the_notation():
    text = EXAMPLE_SETTINGS.read_text(encoding="utf-8")
    default = parse_settings(text)
    dashed = parse_settings(text.replace('academic_year_separator: "/"', 'academic_year_separator: "-"'))
    assert academic_year_label("2025/2026", default) == "2025/2026"
    assert academic_year_label("2025/2026", dashed) == academic_year_label("2025-2026", dashed) == "2025-2026"
