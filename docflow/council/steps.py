"""The council workflow's steps, each one transaction on the store, keyed by meeting id.

These are what the DAG's tasks and the CLI call; they take and return plain values.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from docflow import audit
from docflow.config import get_settings
from docflow.council import agenda, forms, letters, protocol, results
from docflow.council.meetings import get_or_create_meeting, plan_meeting
from docflow.store.db import unit_of_work
from docflow.store.models import AuditEntry, Meeting

REFUSED = "council.form_refused"


def today() -> dt.date:
    return dt.datetime.now(get_settings().tz).date()


def prepare(run_date: dt.date, meeting_date: str | None = None, *, run_id: str = "",
            now: dt.date | None = None) -> dict[str, Any] | None:
    """Create the meeting and draw up its agenda when its agenda is due; None while not yet due."""
    settings = get_settings()
    plan = plan_meeting(settings, run_date, meeting_date)
    if (now or today()) < plan.agenda_due:
        return None
    with unit_of_work() as s:
        meeting = get_or_create_meeting(s, settings, plan.held_on, plan.kind, run_id=run_id)
        items = agenda.build_agenda(s, settings, meeting, run_id=run_id)
        return {"meeting_id": meeting.id, "held_on": meeting.held_on.isoformat(), "kind": meeting.kind,
                "items": len(items)}


def form_spec(form: str, meeting_id: int, refusals: list[str] | None = None,
              previous: dict[str, Any] | None = None) -> dict[str, Any]:
    settings = get_settings()
    with unit_of_work() as s:
        meeting = s.get(Meeting, meeting_id)
        if form == "agenda":
            spec = forms.agenda_form(meeting, settings, refusals)
        else:
            spec = forms.results_form(meeting, settings, refusals, previous)
        if previous and form == "agenda":
            for k, v in previous.items():
                if k in spec["params"]:
                    spec["params"][k]["default"] = v
        return spec


def check(form: str, meeting_id: int, params_input: dict[str, Any], responded_by: str = "") -> list[str]:
    """Refusals for an answered form, without storing anything."""
    settings = get_settings()
    with unit_of_work() as s:
        meeting = s.get(Meeting, meeting_id)
        if form == "agenda":
            return agenda.check_edits(meeting, forms.parse_agenda(params_input))
        return results.validate(meeting, forms.parse_results(meeting, params_input, responded_by), settings,
                                today())


def remember_refusal(meeting_id: int, form: str, try_number: int, refusals: list[str],
                     params_input: dict[str, Any], actor: str) -> None:
    with unit_of_work() as s:
        audit.record(s, actor or "secretary", REFUSED, "meeting", meeting_id,
                     {"form": form, "try_number": try_number, "refusals": refusals, "params_input": params_input})


def last_refusal(meeting_id: int, form: str, before_try: int) -> dict[str, Any] | None:
    """The refusal recorded for the previous try of the same form, if any."""
    with unit_of_work() as s:
        for e in s.scalars(select(AuditEntry).where(AuditEntry.action == REFUSED, AuditEntry.object_id == meeting_id)
                           .order_by(AuditEntry.id.desc())):
            if e.details.get("form") == form and e.details.get("try_number", 0) < before_try:
                return e.details
    return None


def confirm_agenda(meeting_id: int, params_input: dict[str, Any], *, actor: str = "secretary",
                   run_id: str = "") -> dict[str, Any]:
    edits = forms.parse_agenda(params_input)
    with unit_of_work() as s:
        meeting = s.get(Meeting, meeting_id)
        errs = agenda.apply_edits(s, meeting, edits, actor=actor, run_id=run_id)
        if errs:
            raise ValueError("\n".join(errs))
        audit.record(s, actor, "council.agenda_confirmed", "meeting", meeting_id,
                     {"exclude": edits.exclude, "extra": edits.extra, "run_id": run_id})
        return {"meeting_id": meeting_id, "time": edits.time, "items": len(meeting.items)}


def send_agenda(meeting_id: int, time: str = "") -> list[int]:
    settings = get_settings()
    with unit_of_work() as s:
        meeting = s.get(Meeting, meeting_id)
        docx = protocol.render_agenda(settings, meeting, time)
        from docflow.documents.copies import pdf_copies
        pdf, _note = pdf_copies([docx])[0]  # the agenda is a letter's attachment: DOCX alone when no PDF
        return letters.send_agenda(s, settings, meeting, docx, time, pdf)


def record_results(meeting_id: int, params_input: dict[str, Any], *, actor: str = "secretary",
                   run_id: str = "") -> dict[str, Any]:
    settings = get_settings()
    with unit_of_work() as s:
        meeting = s.get(Meeting, meeting_id)
        errs = results.record(s, settings, meeting, forms.parse_results(meeting, params_input, actor),
                              run_id=run_id, today=today())
        if errs:
            raise ValueError("\n".join(errs))
        return {"meeting_id": meeting_id, "decisions": {i.position_no: i.decision for i in meeting.items}}


def issue(meeting_id: int, *, run_id: str = "") -> dict[str, Any]:
    """Protocol, extracts, letters to schools; returns what the decisions Asset carries."""
    settings = get_settings()
    with unit_of_work() as s:
        meeting = s.get(Meeting, meeting_id)
        doc, extracts = protocol.issue_protocol(s, settings, meeting, run_id=run_id)
        letter_ids = letters.send_outcomes(s, settings, meeting, extracts)
        return {"meeting_id": meeting_id, "protocol_document_id": doc.id, "protocol_number": doc.number,
                "extract_document_ids": [d.id for d in extracts], "letters": letter_ids,
                "held_on": meeting.held_on.isoformat()}
