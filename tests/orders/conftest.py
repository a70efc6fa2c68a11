"""A decided council meeting in the store, as the council area leaves it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import select

MEETING_DAY = dt.date(2026, 11, 10)
ORDER_DAY = dt.date(2026, 11, 16)


@dataclass
class Decided:
    meeting_id: int
    schools: dict[str, int]          # code → school id
    submissions: dict[str, int]      # code → submission id
    message_ids: dict[str, str]      # code → Message-ID header of the school's letter


def make_meeting(url: str | None = None, *, applications=("sch-07", "lyc-01"), reports_ok=("sch-12",),
                 reports_returned=("sch-brz",), due=dt.date(2026, 12, 15), rejected=("sch-ozr",)) -> Decided:
    from docflow.store.db import unit_of_work
    from docflow.store.models import (
        AgendaItem,
        Council,
        Mailbox,
        Meeting,
        Message,
        School,
        Submission,
    )
    out = Decided(0, {}, {}, {})
    with unit_of_work(url) as s:
        box = s.scalar(select(Mailbox)) or Mailbox(name="official", address="mip@komitet.example.ru", conn_id="x")
        council = s.scalar(select(Council)) or Council(name="муниципальный методический совет",
                                                       academic_year="2026/2027")
        s.add_all([box, council])
        s.flush()
        meeting = Meeting(council_id=council.id, number=3, held_on=MEETING_DAY, status="protocol_issued")
        s.add(meeting)
        s.flush()
        plan = ([(c, "application", "approve") for c in applications]
                + [(c, "application", "reject") for c in rejected]
                + [(c, "interim_report", "approve") for c in reports_ok]
                + [(c, "interim_report", "return") for c in reports_returned])
        for pos, (code, kind, decision) in enumerate(plan, start=1):
            school = s.scalar(select(School).where(School.code == code))
            n = s.query(Message).count() + 1
            msg = Message(mailbox_id=box.id, folder="INBOX", uidvalidity=1, uid=n,
                          message_id_header=f"<app-{code}-{n}@edu.example.ru>", raw_sha256="0" * 64, size=1,
                          from_addr=school.addresses[0].email, status="registered", school_id=school.id)
            s.add(msg)
            s.flush()
            sub = Submission(reg_number=f"Вх-2026-{n:05d}", reg_year=2026, reg_seq=n, message_id=msg.id,
                             school_id=school.id, kind=kind, status="on_agenda",
                             # a report heard in November is about the year that ended in June
                             academic_year="2026/2027" if kind == "application" else "2025/2026",
                             # as the validation step stores it: the whole FormRow
                             fields={"form_type": kind, "fields": {
                                 "topic": f"Тема проекта {school.short_name}",
                                 "direction": "Функциональная грамотность обучающихся"}})
            sub.status = {"approve": "approved", "reject": "rejected", "return": "returned"}[decision]
            s.add(sub)
            s.flush()
            s.add(AgendaItem(meeting_id=meeting.id, position_no=pos, kind="application" if kind == "application"
                             else "report", title=f"Рассмотрение документов {school.short_name}",
                             submission_id=sub.id, decision=decision,
                             due_date=due if decision == "return" and kind != "application" else None))
            out.schools[code], out.submissions[code], out.message_ids[code] = school.id, sub.id, msg.message_id_header
        out.meeting_id = meeting.id
    return out


@pytest.fixture
def decided(demo_schools: str) -> Decided:
    return make_meeting()


@pytest.fixture(autouse=True)
def _no_pdf_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """LibreOffice takes seconds per start: only the tests that are about the PDF ask for it."""
    monkeypatch.setenv("DOCFLOW_ORDERS_PDF", "0")
