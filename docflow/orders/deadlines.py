"""Controlled items (контроль исполнения) from the items of a final order or directive.

Every item that says «в срок до …» becomes a ``Deadline`` per responsible school, with the item
number as the document has it and the kind of submission that closes it (used by reporting).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from docflow.calendar.rules import academic_year
from docflow.config import Settings
from docflow.orders import drafts
from docflow.store.enums import SubmissionKind
from docflow.store.models import Deadline, DeadlineEvent, Document, School

REPORTS = (SubmissionKind.INTERIM_REPORT, SubmissionKind.FINAL_REPORT)


def for_document(session: Session, document_id: int) -> list[Deadline]:
    return list(session.scalars(select(Deadline).where(Deadline.document_id == document_id).order_by(Deadline.id)))


def _add(session: Session, doc: Document, *, item_no: str, text: str, due_on: dt.date, school_id: int,
         expects: str, site_id: int | None = None) -> Deadline | None:
    exists = session.scalar(select(Deadline.id).where(Deadline.document_id == doc.id, Deadline.item_no == item_no,
                                                      Deadline.school_id == school_id))
    if exists:
        return None
    year = academic_year(due_on).label
    if expects in REPORTS:
        # one controlled obligation per report due: the procedure's (or an earlier document's) stands
        same = session.scalar(select(Deadline).where(
            Deadline.school_id == school_id, Deadline.academic_year == year, Deadline.expects_kind.in_(REPORTS),
            Deadline.status != "cancelled").order_by(Deadline.id).limit(1))
        if same is not None:
            session.add(DeadlineEvent(deadline_id=same.id, event="confirmed", actor="system",
                                      note=f"Срок установлен также пунктом {item_no} документа № {doc.number} "
                                           f"от {doc.doc_date:%d.%m.%Y} (до {due_on:%d.%m.%Y})"))
            return None
    school = session.get(School, school_id)
    row = Deadline(document_id=doc.id, item_no=item_no, text=text, due_on=due_on, responsible_kind="school",
                   school_id=school_id, site_id=site_id, responsible_name=school.short_name if school else "",
                   expects_kind=expects, academic_year=academic_year(due_on).label, status="open")
    session.add(row)
    session.flush()
    session.add(DeadlineEvent(deadline_id=row.id, event="created", actor="system", new_due_on=due_on,
                              note=f"Пункт {item_no} документа № {doc.number} от {doc.doc_date:%d.%m.%Y}"))
    return row


def from_document(session: Session, doc: Document, ctx: Any, settings: Settings) -> list[Deadline]:
    meta = doc.context.get("_docflow", {})
    schools = [row["school_id"] for row in meta.get("schools", [])]
    out: list[Deadline | None] = []
    if doc.kind == drafts.ORDER_KIND and ctx.report_deadline:
        text = (f"Представить в {settings.operator.short_name} отчёт о ходе реализации программы "
                "инновационной деятельности")
        site_ids = meta.get("site_ids") or [None] * len(schools)
        for school_id, site_id in zip(schools, site_ids, strict=False):
            out.append(_add(session, doc, item_no="3", text=text, due_on=ctx.report_deadline, school_id=school_id,
                            expects=SubmissionKind.INTERIM_REPORT, site_id=site_id))
    elif doc.kind == drafts.DIRECTIVE_KIND:
        if ctx.corrections and ctx.correction_deadline:
            item = "1.2" if ctx.approved else "1.1"
            text = (f"Представить в {settings.council.name} скорректированную программу инновационной "
                    "деятельности (с учетом замечаний экспертов)")
            for school_id in meta.get("correction_ids", []):
                out.append(_add(session, doc, item_no=item, text=text, due_on=ctx.correction_deadline,
                                school_id=school_id, expects=SubmissionKind.CORRECTED_PROGRAMME))
        for i, d in enumerate(ctx.deadlines):
            text = f"Представить {d.text}"
            for school_id in dict.fromkeys(schools):
                out.append(_add(session, doc, item_no=f"2.{i + 3}", text=text, due_on=d.date, school_id=school_id,
                                expects=SubmissionKind.INTERIM_REPORT))
    return [d for d in out if d is not None]
