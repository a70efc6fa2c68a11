"""One validation pass over every submission waiting for its completeness check."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select

from docflow import outbox
from docflow.calendar.workdays import add_working_days
from docflow.config import Settings
from docflow.store import archive
from docflow.store.db import unit_of_work
from docflow.store.enums import SubmissionStatus as SS
from docflow.store.models import Attachment, Submission, SubmissionEvent, utcnow
from docflow.validation import letters

log = logging.getLogger(__name__)
FORM_KINDS = ("application", "interim_report", "final_report", "corrected_programme")
PENDING = (SS.REGISTERED, SS.RESUBMITTED)
_DOC_FIRST = ("wordprocessingml", "msword", "opendocument.text", "rtf")


@dataclass
class ValidationReport:
    complete: list[str] = field(default_factory=list)
    incomplete: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    needs_person: list[str] = field(default_factory=list)


@dataclass
class _Item:
    sub_id: int
    reg_number: str
    kind: str
    registered: date
    academic_year: str
    school_full: str
    school_short: str
    to: str
    msgid: str
    result: object = None  # FormRow | Refusal | NeedsPerson


def _candidates(sub: Submission, atts: list[Attachment]) -> list[Attachment]:
    files = [a for a in atts if not a.inline]
    files.sort(key=lambda a: (a.id != sub.attachment_id, not any(t in a.detected_type for t in _DOC_FIRST), a.id))
    return files


def _read(sub: Submission, atts: list[Attachment]):
    """The first attachment that reads as one of our forms; otherwise what the first one gave."""
    from docflow.forms.model import FormRow, Refusal
    from docflow.forms.reader import read_submission
    first = None
    for a in _candidates(sub, atts):
        result = read_submission(archive.get(a.sha256), a.filename, submission_id=str(sub.id))
        if isinstance(result, FormRow) and result.form_type:
            return result
        first = first or result
    return first or Refusal("missing", "К письму не приложен файл с формой документа.")


def _load(session) -> list[_Item]:
    items = []
    subs = session.scalars(select(Submission).where(Submission.status.in_(PENDING),
                                                    Submission.kind.in_(FORM_KINDS)).order_by(Submission.id))
    for sub in subs:
        atts = list(session.scalars(select(Attachment).where(Attachment.message_id == sub.message_id))) \
            if sub.message_id else []
        school = sub.school
        primary = next((a.email for a in school.addresses if a.is_primary), school.addresses[0].email) \
            if school and school.addresses else ""
        sender = sub.message.from_addr if sub.message else ""
        items.append(_Item(sub.id, sub.reg_number, sub.kind, sub.registered_at.date(), sub.academic_year,
                           school.full_name if school else "", school.short_name if school else "",
                           sender or primary, sub.message.message_id_header if sub.message else "",
                           _read(sub, atts)))
    return items


def _validate(items: list[_Item], settings: Settings) -> dict[int, list]:
    """One batch per academic year in the run (normally one): one GX context each."""
    from docflow.forms.model import FormRow, SchoolRef, ValidationContext
    from docflow.forms.validate import validate_batch
    by_year: dict[str, list[_Item]] = defaultdict(list)
    for it in items:
        if isinstance(it.result, FormRow):
            by_year[it.academic_year].append(it)
    out: dict[int, list] = {}
    for year, group in by_year.items():
        ctx = ValidationContext(directions=list(settings.site.directions), academic_year=year or None,
                                schools={str(it.sub_id): SchoolRef(it.school_full, it.school_short) for it in group})
        findings = validate_batch([it.result for it in group], ctx)
        out.update({int(k): v for k, v in findings.items()})
    return out


def validate_pending(settings: Settings, *, run_id: str = "", today: date | None = None) -> ValidationReport:
    from docflow.forms.model import FormRow, NeedsPerson
    from docflow.forms.validate import is_complete, render_findings_ru
    with unit_of_work() as s:
        items = _load(s)
    findings = _validate(items, settings)
    today = today or datetime.now(settings.tz).date()
    resubmit_by = add_working_days(today, settings.reporting.resubmit_working_days)
    report = ValidationReport()
    mailbox = settings.mailboxes[0]
    for it in items:
        with unit_of_work() as s:
            sub = s.get(Submission, it.sub_id)
            if sub is None or sub.status not in PENDING:
                continue  # changed meanwhile (staff override, a newer version)
            kw = {"kind": it.kind, "reg_number": it.reg_number, "registered": it.registered}
            if isinstance(it.result, FormRow):
                found = findings.get(it.sub_id, [])
                sub.fields = it.result.to_dict()
                sub.findings = [f.to_dict() for f in found]
                sub.form_type, sub.form_version = it.result.form_type or "", str(it.result.form_version or "")
                if is_complete(found):
                    new, cause, key = SS.COMPLETE, "Комплект полный", "complete"
                    subject, body = letters.complete(settings, **kw)
                    report.complete.append(it.reg_number)
                else:
                    new, key = SS.INCOMPLETE, "incomplete"
                    cause = f"Неполный комплект: замечаний {sum(f.severity == 'error' for f in found)}"
                    subject, body = letters.incomplete(settings, problems=render_findings_ru(found),
                                                       resubmit_by=resubmit_by, **kw)
                    report.incomplete.append(it.reg_number)
            elif isinstance(it.result, NeedsPerson):
                new, cause, key = SS.NEEDS_REVIEW, "Скан или PDF: нужна проверка специалистом", "needs_person"
                sub.needs_person = True
                subject, body = letters.needs_person(settings, reason=it.result.message_ru, **kw)
                report.needs_person.append(it.reg_number)
            else:
                new, key = SS.INCOMPLETE, "refused"
                cause = f"Файл не принят: {it.result.code}"
                sub.findings = [{"field": "form", "label": "Файл документа", "problem": it.result.message_ru,
                                 "fix": "Направьте документ в формате DOCX по форме комитета.",
                                 "severity": "error"}]
                subject, body = letters.refused(settings, reason=it.result.message_ru, resubmit_by=resubmit_by, **kw)
                report.refused.append(it.reg_number)
            s.add(SubmissionEvent(submission_id=sub.id, from_status=sub.status, to_status=new, cause=cause,
                                  run_id=run_id, details={"resubmit_by": resubmit_by.isoformat()}
                                  if new == SS.INCOMPLETE else {}))
            sub.status, sub.updated_at = new, utcnow()
            if it.to:
                outbox.enqueue(s, dedup_key=f"validation:{sub.reg_number}:{key}", kind="notice",
                               sender=mailbox.address, to=[it.to], subject=subject, body=body,
                               in_reply_to=it.msgid, school_id=sub.school_id, submission_id=sub.id,
                               message_id=sub.message_id, mailbox=mailbox.name)
    return report
