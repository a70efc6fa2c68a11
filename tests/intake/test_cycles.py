from datetime import UTC, datetime

import pytest

from docflow.config import load_settings
from docflow.intake.register import academic_year_of, report_cycle_of
from tests.conftest import EXAMPLE_SETTINGS


@pytest.mark.parametrize(("when", "academic", "report"), [
    ("2026-11-25", "2026/2027", "2025/2026"),  # a late report for the year that ended in June
    ("2027-04-20", "2026/2027", "2026/2027"),
    ("2026-06-30", "2025/2026", "2025/2026"),
    ("2026-09-01", "2026/2027", "2025/2026"),
    ("2027-02-01", "2026/2027", "2026/2027"),
])
def test_academic_year_and_report_cycle(when, academic, report):
    s = load_settings(EXAMPLE_SETTINGS)
    d = datetime.fromisoformat(when).replace(hour=9, tzinfo=UTC)
    assert academic_year_of(d, s) == academic
    assert report_cycle_of(d, s) == report
