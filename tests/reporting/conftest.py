"""A committee with active sites, schools on the dev mail server, and helpers to act as schools."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from sqlalchemy import select

from docflow.config import Settings, load_settings
from docflow.mail.imap import ImapReader
from docflow.store.db import unit_of_work
from docflow.store.models import School, SchoolAddress, Site, Submission
from docflow.store.numbering import next_seq
from tests.conftest import EXAMPLE_SETTINGS


@dataclass
class Committee:
    server: object
    settings: Settings
    staff: str
    operator: str
    schools: dict[str, int] = field(default_factory=dict)  # code → id
    address: dict[str, str] = field(default_factory=dict)  # code → mailbox

    def inbox(self, address: str) -> list:
        """Every letter in a mailbox, parsed."""
        return self.inbox_folder(address, "INBOX")

    def inbox_folder(self, address: str, folder: str) -> list:
        with ImapReader(self.server.imap_params(address)) as r:
            r.select(folder)
            uids = r.uids()
            raws = [m.raw for batch in r.fetch(uids) for m in batch] if uids else []
        return [message_from_bytes(raw, policy=policy.default) for raw in raws]

    def site(self, code: str, *, status: str = "active", starts: dt.date = dt.date(2025, 10, 1),
             ends: dt.date = dt.date(2028, 9, 30), theme: str = "Функциональная грамотность обучающихся") -> int:
        with unit_of_work() as s:
            site = Site(school_id=self.schools[code], status=status, theme=theme, starts_on=starts, ends_on=ends,
                        direction="Функциональная грамотность обучающихся")
            s.add(site)
            s.flush()
            return site.id

    def submit(self, code: str, kind: str, day: dt.date, *, status: str = "complete", findings=None,
               fields=None, year: str = "2026/2027") -> int:
        """A submission as intake and validation leave it, registered at 11:00 local on ``day``."""
        from docflow.reporting.schedule import moment
        with unit_of_work() as s:
            seq = next_seq(s, "incoming", day.year)
            earlier = s.scalars(select(Submission).where(Submission.school_id == self.schools[code],
                                                         Submission.kind == kind,
                                                         Submission.status == "incomplete")).first()
            sub = Submission(reg_number=f"Вх-{day.year}-{seq:05d}", reg_year=day.year, reg_seq=seq,
                             registered_at=moment(self.settings, day) + dt.timedelta(hours=2),
                             school_id=self.schools[code], kind=kind, status=status, academic_year=year,
                             form_type=kind, fields=fields or {}, findings=findings or [],
                             supersedes_id=earlier.id if earlier else None)
            if earlier is not None:
                earlier.status = "superseded"
            s.add(sub)
            s.flush()
            return sub.id


def finding(field_key: str, severity: str = "error") -> dict:
    return {"field": field_key, "label": field_key, "problem": "не заполнено", "fix": "Заполните раздел.",
            "severity": severity}


@pytest.fixture
def committee(devmail, demo_schools, tmp_path: Path, monkeypatch) -> Committee:
    staff, operator = devmail.new_address("staff"), devmail.new_address("imc")
    text = EXAMPLE_SETTINGS.read_text(encoding="utf-8")
    text = text.replace("escalate_to: [imc@komitet.example.ru]", f"escalate_to: [{staff}]")
    text = text.replace("  email: imc@komitet.example.ru", f"  email: {operator}")
    path = tmp_path / "committee.yaml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("DOCFLOW_SETTINGS", str(path))
    c = Committee(devmail, load_settings(path), staff, operator)
    with unit_of_work() as s:
        for school in s.scalars(select(School)):
            c.schools[school.code] = school.id
            new = devmail.new_address(school.code)
            c.address[school.code] = new
            for i, a in enumerate(s.scalars(select(SchoolAddress).where(SchoolAddress.school_id == school.id)
                                            .order_by(SchoolAddress.id))):
                a.email = new if i == 0 else devmail.new_address(f"{school.code}-other")
    return c


@pytest.fixture(autouse=True)
def _no_pdf_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """LibreOffice takes seconds per start: only the tests that are about the PDF ask for it."""
    monkeypatch.setenv("DOCFLOW_PDF", "0")
