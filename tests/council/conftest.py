"""Council fixtures: demo schools with complete submissions waiting for the council."""

from __future__ import annotations

import datetime as dt

import pytest

from docflow.store.db import unit_of_work
from docflow.store.models import School, Submission

TOPIC = "Школа функциональной грамотности: от диагностики к результату"


def add_submission(code: str, kind: str, *, status: str = "complete", seq: int, year: int = 2026,
                   fields: dict | None = None, academic_year: str = "2026/2027") -> int:
    with unit_of_work() as s:
        school = s.query(School).filter_by(code=code).one()
        sub = Submission(reg_number=f"Вх-{year}-{seq:05d}", reg_year=year, reg_seq=seq, school_id=school.id,
                         kind=kind, status=status, academic_year=academic_year,
                         registered_at=dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC) + dt.timedelta(hours=seq),
                         fields=fields if fields is not None else {"form_type": kind, "fields": {
                             "direction": "Функциональная грамотность обучающихся", "topic": TOPIC}})
        s.add(sub)
        s.flush()
        return sub.id


@pytest.fixture
def waiting(demo_schools: str) -> dict[str, int]:
    """Four complete submissions (registered out of kind order) and one still incomplete."""
    return {
        # a report sent in the autumn belongs to the year that ended in June
        "report12": add_submission("sch-12", "interim_report", seq=1, academic_year="2025/2026"),
        "app07": add_submission("sch-07", "application", seq=2),
        "prog01": add_submission("lyc-01", "corrected_programme", seq=3),
        "app12": add_submission("sch-12", "application", seq=4),
        "incomplete": add_submission("sch-07", "application", status="incomplete", seq=5),
    }


@pytest.fixture(autouse=True)
def _no_pdf_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """LibreOffice takes seconds per start: only the tests that are about the PDF ask for it."""
    monkeypatch.setenv("DOCFLOW_PDF", "0")
