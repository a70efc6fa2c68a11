"""One day of the reporting cycle and of execution control, for a controlled "today".

    cycle_day(session, settings, today) -> DayReport     (the reporting DAG's work)
    control_day(session, settings, today) -> DayReport   (the daily execution-control DAG's work)

The cycle day creates the year's obligations, sends the call for reports (on the call date, and
later to a site that became active after it), runs the control pass (reminders, overdue notices,
escalation — shared with the control DAG under the same dedup keys, so running both sends each
letter once) and, on the summary date, makes and mails the monitoring summary.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from docflow.calendar.cycle import events_on
from docflow.calendar.rules import academic_year
from docflow.config import Settings
from docflow.outbox import Attachment
from docflow.reporting import letters
from docflow.reporting.control import PassReport, control_pass, item_basis, recipients, send
from docflow.reporting.obligations import REPORT_KINDS, ensure_obligations
from docflow.reporting.schedule import timetable_cycles, year_dates
from docflow.store.models import Deadline, DocumentEvent

EVENT_RU = {"annual_report:call": "объявление о сдаче отчётов", "annual_report:reminder": "напоминание",
            "annual_report:deadline": "срок сдачи отчётов", "annual_report:overdue": "просрочка",
            "monitoring_summary:deadline": "мониторинг"}
LETTER_RU = {"call": "объявление", "reminder": "напоминание", "overdue": "о просрочке",
             "escalation": "доклад о просрочке", "final_notice": "об итоговом отчёте", "summary": "сводка"}
WEEKDAY_RU = ("пн", "вт", "ср", "чт", "пт", "сб", "вс")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class DayReport:
    day: dt.date
    events: list[str] = field(default_factory=list)
    created: int = 0
    closed: list[int] = field(default_factory=list)
    letters: dict[str, int] = field(default_factory=dict)
    summary_id: int | None = None

    def line(self) -> str:
        parts = [f"{self.day:%d.%m.%Y} {WEEKDAY_RU[self.day.weekday()]}"]
        if self.events:
            parts.append("события: " + ", ".join(EVENT_RU.get(e, e) for e in self.events))
        if self.created:
            parts.append(f"обязательств создано: {self.created}")
        if self.closed:
            parts.append(f"закрыто: {len(self.closed)}")
        if self.letters:
            parts.append("писем: " + ", ".join(f"{LETTER_RU.get(k, k)} {v}" for k, v in sorted(self.letters.items())))
        if self.summary_id:
            parts.append(f"сводка мониторинга № {self.summary_id}")
        return "; ".join(parts)

    def as_dict(self) -> dict:
        return {"day": self.day.isoformat(), "events": self.events, "created": self.created,
                "closed": self.closed, "letters": self.letters, "summary_id": self.summary_id}

    @property
    def quiet(self) -> bool:
        return not (self.events or self.created or self.closed or self.letters or self.summary_id)


def _merge(day: DayReport, p: PassReport) -> None:
    day.closed += p.closed
    for k, v in p.letters.items():
        day.letters[k] = day.letters.get(k, 0) + v


def send_calls(session: Session, settings: Settings, today: dt.date, report: PassReport) -> None:
    ay = academic_year(today)
    dates = year_dates(settings, ay)
    if not dates.call <= today < dates.deadline:
        return
    for d in session.scalars(select(Deadline).where(
            Deadline.academic_year == ay.label, Deadline.status == "open", Deadline.document_id.is_(None),
            Deadline.site_id.is_not(None), Deadline.expects_kind.in_(REPORT_KINDS)).order_by(Deadline.id)):
        if d.due_on < dates.call:
            continue  # a final report due before the call got its own notice
        subject, body = letters.call(settings, d, d.school, item_basis(session, settings, d))
        send(session, settings, report, key=f"call:{d.id}", kind="call", to=recipients(settings, d),
             subject=subject, body=body, school_id=d.school_id)


def send_summary(session: Session, settings: Settings, today: dt.date, report: PassReport, *,
                 run_id: str = "") -> int | None:
    """On or after the summary date (within the same academic year): make and mail the summary once.

    Returns the summary's document id when it was queued by this call; ``run_id`` ("dag_id/run_id")
    links the summary to the Airflow run that made it.
    """
    from docflow.reporting.monitoring import make_summary
    from docflow.store import archive

    ay = academic_year(today)
    if today < year_dates(settings, ay).summary:
        return None
    doc = make_summary(session, settings, ay, today)
    if doc is None:
        return None
    if run_id and not doc.run_id:
        doc.run_id = run_id
    to = [settings.operator.email, *settings.reporting.escalate_to, getattr(settings.head, "email", "")]
    to = list(dict.fromkeys(a for a in to if a))
    subject, body = letters.summary(settings, ay.label, doc.number or "", doc.context["totals"])
    stem = f"Мониторинг МИП {ay.label.replace('/', '-')}"
    files = [Attachment(f"{stem}.xlsx", archive.get(doc.context["xlsx_sha256"]), XLSX),
             Attachment(f"{stem}.docx", archive.get(doc.docx_sha256), DOCX)]
    if doc.pdf_sha256:
        files.append(Attachment(f"{stem}.pdf", archive.get(doc.pdf_sha256), "application/pdf"))
    if not send(session, settings, report, key=f"summary:{ay.label}", kind="summary", to=to, subject=subject,
                body=body, attachments=files, document_id=doc.id):
        return None
    session.add(DocumentEvent(document_id=doc.id, event="queued", note=f"Направляется: {', '.join(to)}"))
    return doc.id


def control_day(session: Session, settings: Settings, today: dt.date) -> DayReport:
    day = DayReport(today)
    day.created = len(ensure_obligations(session, settings, today, today=today))
    _merge(day, control_pass(session, settings, today))
    return day


def cycle_day(session: Session, settings: Settings, today: dt.date, *, run_id: str = "") -> DayReport:
    day = DayReport(today, events=[f"{name}:{kind}" for name, kind in events_on(timetable_cycles(settings), today)])
    day.created = len(ensure_obligations(session, settings, today, today=today))
    p = PassReport()
    send_calls(session, settings, today, p)
    session.flush()
    q = control_pass(session, settings, today)
    p.closed, p.letters = q.closed, {**p.letters, **{k: p.letters.get(k, 0) + v for k, v in q.letters.items()}}
    day.summary_id = send_summary(session, settings, today, p, run_id=run_id)
    _merge(day, p)
    return day
