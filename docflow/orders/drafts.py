"""Drafts of orders and directives from a council meeting's decisions.

- Approved applications → ONE order (приказ, ``order_site_status.docx``) granting the status to each
  school, for ``site.term_years`` from the order date; the schools' ``Site`` rows are created
  (status ``applicant`` until the order is final).
- Decisions on reports → a directive (распоряжение, ``directive_interim_results.docx``) with
  appendices: approved results, corrected programmes due by a date, the sites' terms.

Idempotent per meeting and kind: a meeting that already has a live draft or a final document of a
kind gets no second one; after a return (``approval.return_draft``) a new draft is produced.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from docflow.config import Settings, get_settings
from docflow.documents import contexts as c
from docflow.orders import rendering, requisites, terms
from docflow.orders.serial import to_json
from docflow.store.enums import Decision, DocumentStatus, SiteStatus, SubmissionKind
from docflow.store.models import AgendaItem, Document, DocumentEvent, Meeting, Site

ORDER_KIND, DIRECTIVE_KIND = "order_site_status", "directive_interim_results"
KINDS = {ORDER_KIND: ("order", c.OrderSiteStatusContext),
         DIRECTIVE_KIND: ("directive", c.DirectiveInterimResultsContext)}
ORDER_TITLE = "О присвоении статуса муниципальной инновационной площадки"
ORDER_PURPOSE = "В целях развития инновационной деятельности в муниципальной системе образования"
DIRECTIVE_BASIS = "В целях организации инновационной деятельности в муниципальной системе образования"
REPORT_KINDS = {SubmissionKind.INTERIM_REPORT, SubmissionKind.FINAL_REPORT, SubmissionKind.CORRECTED_PROGRAMME}
LIVE = (DocumentStatus.DRAFT, DocumentStatus.FINAL, DocumentStatus.SENT, DocumentStatus.DELIVERED)


class DraftError(Exception):
    """A draft cannot be built; the message is for staff, in Russian."""


def _topic(item: AgendaItem) -> str:
    fields = item.submission.form_values if item.submission else {}
    return str(fields.get("direction") or fields.get("topic") or "").strip()


def _is_report(item: AgendaItem) -> bool:
    return item.kind == "report" or bool(item.submission and item.submission.kind in REPORT_KINDS)


def _school_items(meeting: Meeting, pred) -> list[AgendaItem]:
    return [it for it in meeting.items if it.submission and it.submission.school and pred(it)]


def _meta(items: list[AgendaItem], **extra: Any) -> dict[str, Any]:
    return {"agenda_item_ids": [it.id for it in items],
            "schools": [{"school_id": it.submission.school_id, "submission_id": it.submission_id}
                        for it in items], **extra}


def _ensure_site(session: Session, item: AgendaItem) -> Site:
    sub = item.submission
    site = session.scalar(select(Site).where(Site.application_id == sub.id))
    if site is None:
        fields = sub.form_values
        site = Site(school_id=sub.school_id, application_id=sub.id, status=SiteStatus.APPLICANT,
                    theme=str(fields.get("topic") or ""), direction=str(fields.get("direction") or ""))
        session.add(site)
        session.flush()
    return site


def order_context(session: Session, meeting: Meeting, items: list[AgendaItem], settings: Settings,
                  day: dt.date) -> c.OrderSiteStatusContext:
    start, end = terms.site_term(settings, day)
    sites = [c.Site(requisites.school(it.submission.school), _topic(it), start, end) for it in items]
    return c.OrderSiteStatusContext(
        **requisites.letterhead(settings), number="", date=None, title=ORDER_TITLE, purpose=ORDER_PURPOSE,
        protocol_number=str(meeting.number or ""), protocol_date=meeting.held_on,
        academic_year=terms.academic_year_label(meeting.council.academic_year), sites=sites,
        report_deadline=terms.next_reporting_deadline(settings, day))


def _active_site(session: Session, school_id: int) -> Site | None:
    return session.scalar(select(Site).where(Site.school_id == school_id, Site.status == SiteStatus.ACTIVE)
                          .order_by(Site.id.desc()))


def directive_context(session: Session, meeting: Meeting, approved: list[AgendaItem], corrections: list[AgendaItem],
                      settings: Settings, day: dt.date) -> c.DirectiveInterimResultsContext:
    def site_of(it: AgendaItem, with_term: bool = False) -> c.Site:
        site = _active_site(session, it.submission.school_id)
        topic = _topic(it) or (site.direction or site.theme if site else "")
        start, end = (site.starts_on, site.ends_on) if (with_term and site) else (None, None)
        return c.Site(requisites.school(it.submission.school), topic, start, end)

    due = [it.due_date for it in corrections if it.due_date]
    correction_deadline = min(due) if due else (
        terms.add_working_days(meeting.held_on, settings.reporting.revision_working_days) if corrections else None)
    terms_rows = [site_of(it, True) for it in approved + corrections]
    report_due = terms.next_reporting_deadline(settings, day)
    # the year the reports are about (a report heard in November is for the year that ended in June)
    years = sorted({it.submission.academic_year for it in approved + corrections if it.submission.academic_year})
    academic = terms.academic_year_label(years[0] if years else meeting.council.academic_year)
    return c.DirectiveInterimResultsContext(
        **requisites.letterhead(settings), number="", date=None,
        title=f"Об утверждении решений {requisites.council(settings).name_genitive} от "
              f"{meeting.held_on:%d.%m.%Y} (протокол № {meeting.number or ''})",
        basis=DIRECTIVE_BASIS, protocol_number=str(meeting.number or ""), protocol_date=meeting.held_on,
        academic_year=academic, approved=[site_of(it) for it in approved],
        corrections=[site_of(it) for it in corrections], correction_deadline=correction_deadline,
        terms=[t for t in terms_rows if t.term_from],
        deadlines=[c.Deadline(report_due, f"в {settings.operator.short_name} отчёт о реализации программы "
                                          "инновационной деятельности за текущий учебный год")])


def _existing(session: Session, meeting_id: int, kind: str) -> Document | None:
    return session.scalar(select(Document).where(Document.meeting_id == meeting_id, Document.kind == kind,
                                                 Document.status.in_([s.value for s in LIVE]))
                          .order_by(Document.id.desc()))


def _store_draft(session: Session, meeting: Meeting, kind: str, ctx: Any, meta: dict[str, Any], *,
                 actor: str, run_id: str) -> Document:
    register, _cls = KINDS[kind]
    data = to_json(ctx)
    data["_docflow"] = meta
    doc = Document(register=register, kind=kind, title=ctx.title, status=DocumentStatus.DRAFT,
                   template=f"{kind}.docx", context=data, meeting_id=meeting.id, run_id=run_id,
                   school_id=meta["schools"][0]["school_id"] if len(meta["schools"]) == 1 else None)
    session.add(doc)
    session.flush()
    docx = rendering.render_draft(doc.template, ctx)
    doc.docx_sha256 = rendering.store_draft_file(doc, docx)
    if os.environ.get("DOCFLOW_ORDERS_PDF", "1") != "0" and os.environ.get("DOCFLOW_PDF", "1") != "0":
        from docflow.store import archive
        pdf, _note = rendering.to_pdf(docx)  # the head reads the draft as PDF too; the final one is made anew
        doc.pdf_sha256 = archive.put(pdf) if pdf else ""
    session.add(DocumentEvent(document_id=doc.id, event="drafted", actor=actor,
                              note=f"Проект по решениям заседания {meeting.held_on:%d.%m.%Y} "
                                   f"(протокол № {meeting.number or '—'})"))
    return doc


def draft_for_meeting(session: Session, meeting_id: int, *, settings: Settings | None = None,
                      actor: str = "system", run_id: str = "", today: dt.date | None = None) -> list[Document]:
    """Drafts (new or already live) of the meeting's order and directive; empty when nothing to issue."""
    settings = settings or get_settings()
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise DraftError(f"Заседание № {meeting_id} не найдено")
    day = today or terms.today(settings)
    out: list[Document] = []

    apps = _school_items(meeting, lambda it: it.kind == "application" and it.decision == Decision.APPROVE
                         and not _is_report(it))
    if apps:
        doc = _existing(session, meeting.id, ORDER_KIND)
        if doc is None:
            site_ids = [_ensure_site(session, it).id for it in apps]
            ctx = order_context(session, meeting, apps, settings, day)
            doc = _store_draft(session, meeting, ORDER_KIND, ctx, _meta(apps, site_ids=site_ids),
                               actor=actor, run_id=run_id)
        out.append(doc)

    approved = _school_items(meeting, lambda it: _is_report(it) and it.decision == Decision.APPROVE)
    corrections = _school_items(meeting, lambda it: _is_report(it) and it.decision == Decision.RETURN)
    if approved or corrections:
        doc = _existing(session, meeting.id, DIRECTIVE_KIND)
        if doc is None:
            ctx = directive_context(session, meeting, approved, corrections, settings, day)
            meta = _meta(approved + corrections, approved_ids=[it.submission.school_id for it in approved],
                         correction_ids=[it.submission.school_id for it in corrections])
            doc = _store_draft(session, meeting, DIRECTIVE_KIND, ctx, meta, actor=actor, run_id=run_id)
        out.append(doc)
    return out


def with_dates(ctx: Any, settings: Settings, number: str, day: dt.date) -> Any:
    """The final context: number and date set; terms and deadlines recomputed from the order date."""
    ctx = replace(ctx, number=number, date=day)
    if isinstance(ctx, c.OrderSiteStatusContext):
        start, end = terms.site_term(settings, day)
        ctx = replace(ctx, sites=[replace(s, term_from=start, term_to=end) for s in ctx.sites],
                      report_deadline=terms.next_reporting_deadline(settings, day) if ctx.report_deadline else None)
    return ctx
