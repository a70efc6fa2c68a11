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
    director: str
    to: str
    msgid: str
    result: object = None  # FormRow | Refusal | NeedsPerson


def _candidates(sub: Submission, atts: list[Attachment]) -> list[Attachment]:
    files = [a for a in atts if not a.inline]
    files.sort(key=lambda a: (a.id != sub.attachment_id, not any(t in a.detected_type for t in _DOC_FIRST), a.id))
    return files


def _read(sub: Submission, atts: list[Attachment], forms, directions: list[str]):
    """The attachment that reads as one of the committee's documents with the most sections found;
    else a form typed into the letter itself; else what the first file gave."""
    from docflow.forms.model import FormRow, Refusal
    from docflow.forms.reader import read_letter_text, read_submission
    first, best = None, None
    for a in _candidates(sub, atts):
        result = read_submission(archive.get(a.sha256), a.filename, forms=forms, directions=directions,
                                 submission_id=str(sub.id))
        if isinstance(result, FormRow):
            result.source = a.filename
            if result.form_type and (best is None or len(result.fields) > len(best.fields)):
                best = result
        first = first or result
    if best is not None:
        return best
    if sub.message is not None:
        from docflow.mail.parse import parse_message
        text = parse_message(archive.get(sub.message.raw_sha256)).text
        typed = read_letter_text(text, forms, directions=directions, submission_id=str(sub.id))
        if typed.form_type and len([k for k in typed.fields if k in forms[typed.form_type].sections]) >= 3:
            typed.source = "текст письма"
            return typed
    return first or Refusal("missing", "К письму не приложен файл с документом, и в тексте письма документ "
                                       "не найден.")


def _load(session, forms, directions: list[str]) -> list[_Item]:
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
                           school.director if school else "",
                           sender or primary, sub.message.message_id_header if sub.message else "",
                           _read(sub, atts, forms, directions)))
    return items


def _validate(items: list[_Item], settings: Settings, forms) -> dict[int, list]:
    """One batch per academic year in the run (normally one): one GX context each."""
    from docflow.forms.model import FormRow, SchoolRef, ValidationContext
    from docflow.forms.validate import validate_batch
    by_year: dict[str, list[_Item]] = defaultdict(list)
    for it in items:
        if isinstance(it.result, FormRow) and it.result.form_type:
            by_year[it.academic_year].append(it)
    out: dict[int, list] = {}
    for year, group in by_year.items():
        ctx = ValidationContext(directions=list(settings.site.directions), academic_year=year or None,
                                schools={str(it.sub_id): SchoolRef(it.school_full, it.school_short, it.director)
                                         for it in group})
        findings = validate_batch([it.result for it in group], ctx, forms)
        out.update({int(k): v for k, v in findings.items()})
    return out


def uncertain(row, found: list) -> str | None:
    """Why a reading is not to be trusted without a person, or None.

    A document whose type is unknown, or that misses most required sections while holding several
    sections the reader could not place, goes to a specialist instead of an «incomplete» notice.
    """
    if not row.form_type:
        return "не удалось определить вид документа"
    missing = sum(f.severity == "error" for f in found)
    placed = {t["key"] for t in row.trace}
    orphans = [u for u in row.unmapped if u.where == "section" and len(u.value) >= 40]
    if missing >= 3 and len(orphans) >= 2:
        return f"не найдено разделов: {missing}; не распознано разделов с текстом: {len(orphans)}"
    if missing and len(placed) <= 1:
        return "в документе почти ничего не удалось сопоставить с разделами формы"
    return None


SPECIALIST_RU = ("Документ передан специалисту комитета: {why}. Специалист проверит его и сообщит "
                 "результат отдельным письмом; направлять документ повторно не нужно.")


def validate_pending(settings: Settings, *, run_id: str = "", today: date | None = None) -> ValidationReport:
    from docflow.forms.model import FormRow, NeedsPerson
    from docflow.forms.spec import forms_of
    from docflow.forms.validate import is_complete, render_findings_ru
    forms = forms_of(settings)
    directions = list(settings.site.directions)
    with unit_of_work() as s:
        items = _load(s, forms, directions)
    findings = _validate(items, settings, forms)
    today = today or datetime.now(settings.tz).date()
    resubmit_by = add_working_days(today, settings.reporting.resubmit_working_days)
    report = ValidationReport()
    mailbox = settings.mailboxes[0]
    closes_obligation = False
    for it in items:
        with unit_of_work() as s:
            sub = s.get(Submission, it.sub_id)
            if sub is None or sub.status not in PENDING:
                continue  # changed meanwhile (staff override, a newer version)
            row = it.result
            if isinstance(row, FormRow) and row.form_type and forms[row.form_type].workflow_type != sub.kind:
                s.add(SubmissionEvent(submission_id=sub.id, from_status=sub.status, to_status=sub.status,
                                      cause=f"Вид документа уточнён по содержанию: {forms.name_ru(row.form_type)}",
                                      run_id=run_id))
                sub.kind = it.kind = forms[row.form_type].workflow_type
            kw = {"kind": it.kind, "reg_number": it.reg_number, "registered": it.registered}
            why = uncertain(row, findings.get(it.sub_id, [])) if isinstance(row, FormRow) else None
            if isinstance(row, FormRow) and not why:
                found = findings.get(it.sub_id, [])
                sub.fields = row.to_dict()
                sub.findings = [f.to_dict() for f in found]
                sub.form_type, sub.form_version = row.form_type or "", str(row.form_version or "")
                if is_complete(found):
                    new, cause, key = SS.COMPLETE, "Комплект полный", "complete"
                    subject, body = letters.complete(settings, advice=render_findings_ru(found), **kw)
                    report.complete.append(it.reg_number)
                    closes_obligation |= it.kind in ("interim_report", "final_report")
                else:
                    new, key = SS.INCOMPLETE, "incomplete"
                    cause = f"Неполный комплект: замечаний {sum(f.severity == 'error' for f in found)}"
                    subject, body = letters.incomplete(settings, problems=render_findings_ru(found),
                                                       resubmit_by=resubmit_by, **kw)
                    report.incomplete.append(it.reg_number)
            elif isinstance(row, FormRow | NeedsPerson):
                new, key = SS.NEEDS_REVIEW, "needs_person"
                sub.needs_person = True
                if isinstance(row, FormRow):
                    sub.fields = row.to_dict()
                    sub.findings = [f.to_dict() for f in findings.get(it.sub_id, [])]
                    sub.form_type = row.form_type or ""
                    cause = f"Передано специалисту: {why}"
                    reason = SPECIALIST_RU.format(why="его оформление не позволило проверить все разделы "
                                                      "автоматически")
                else:
                    cause, reason = "Скан или PDF: нужна проверка специалистом", row.message_ru
                subject, body = letters.needs_person(settings, reason=reason, **kw)
                report.needs_person.append(it.reg_number)
            else:
                new, key = SS.INCOMPLETE, "refused"
                cause = f"Файл не принят: {row.code}"
                sub.findings = [{"field": "form", "label": "Файл документа", "problem": row.message_ru,
                                 "fix": "Направьте документ в формате DOCX.", "severity": "error"}]
                subject, body = letters.refused(settings, reason=row.message_ru, resubmit_by=resubmit_by, **kw)
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
    if closes_obligation:
        from docflow.reporting.control import auto_close
        with unit_of_work() as s:
            auto_close(s, settings, today)  # a complete report fulfils its obligation at once
    return report
