"""Protocol, extracts and agenda as documents: contexts from the store, rendering, Document rows.

Contexts are the dataclasses of ``docflow.documents.contexts`` (templates ``protocol.docx``,
``protocol_extract.docx``, ``agenda.docx``); rendering is ``docflow.documents.render.render``.
Both are imported inside the functions: python-docx and docxtpl are heavy.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from docflow.config import Settings
from docflow.council import wording
from docflow.council.meetings import assign_number, current_members
from docflow.store import archive
from docflow.store.enums import DocumentStatus, MeetingStatus
from docflow.store.models import AgendaItem, Attendance, Document, DocumentEvent, Meeting, School

_GENITIVE_HEAD = {"комитет": "комитета", "управление": "управления", "департамент": "департамента",
                  "отдел": "отдела", "министерство": "министерства"}


def initials(full_name: str, surname_first: bool = True) -> str:
    """«Воронцова Елена Сергеевна» → «Воронцова Е.С.» (or «Е.С. Воронцова»)."""
    parts = full_name.split()
    if len(parts) < 2:
        return full_name
    ini = "".join(f"{p[0]}." for p in parts[1:3])
    return f"{parts[0]} {ini}" if surname_first else f"{ini} {parts[0]}"


def _genitive(name: str) -> str:
    first, _, rest = name.partition(" ")
    head = _GENITIVE_HEAD.get(first.lower(), first.lower())
    return f"{head} {rest}".strip()


def letterhead(settings: Settings) -> dict[str, Any]:
    """The shared requisites every template receives."""
    from docflow.documents import contexts as c
    com = settings.committee
    official = lambda p: c.Official(position=p.position, name_short=p.name_short,  # noqa: E731
                                    name=initials(p.name))
    return {
        "committee": c.Committee(name_lines=list(com.name_lines), name=com.name, name_genitive=_genitive(com.name),
                                 short_genitive=_genitive(com.short_name), place=com.place),
        "head": official(settings.head), "deputy": official(settings.deputy),
        "operator": c.Operator(name=settings.operator.name, short_name=settings.operator.short_name,
                               head_position=settings.operator.head.position.split(" ")[0].lower(),
                               head_name=initials(settings.operator.head.name)),
        "council": c.Council(name=settings.council.name, name_genitive=wording.genitive_phrase(settings.council.name),
                             abbreviation=settings.council.short_name),
    }


def _school(s: School):
    from docflow.documents import contexts as c
    return c.School(name=s.full_name, name_dative=wording.dative(s.full_name), short_name=s.short_name,
                    director=initials(s.director) if s.director else "")


def _members_lines(meeting: Meeting) -> list[str]:
    suffix = {"chair": " – председатель", "secretary": " – секретарь"}
    return [f"{m.full_name}, {m.position}{suffix.get(m.role, '')}" for m in current_members(meeting.council)]


def _item(meeting: Meeting, it: AgendaItem, first_decision: int = 0):
    """The item as documents show it; ``first_decision`` is the protocol's number of its first decision."""
    from docflow.documents import contexts as c
    vote = it.vote
    heard = wording.heard_from_speaker(it.speaker)
    school = it.submission.school if it.submission is not None else None
    if school is not None and school.director and it.speaker == wording.speaker_line(school.short_name,
                                                                                      school.director):
        heard = wording.heard_line(school.short_name, school.director)
    return c.AgendaItem(
        title=it.title, speaker=it.speaker, heard=heard, questions=it.questions, remarks=it.remarks,
        discussion=it.discussion or "",
        votes=c.Votes(yes=vote.votes_for, no=vote.votes_against, abstain=vote.votes_abstained) if vote else None,
        decisions=[c.Decision(text=t, number=first_decision + i if first_decision else 0)
                   for i, t in enumerate(it.decision_text)],
        council_members=_members_lines(meeting) if it.kind == "composition" else [])


def _numbered(meeting: Meeting) -> list[tuple[int, AgendaItem, int]]:
    """(question number, item, number of its first decision) — the protocol's numbering, kept by extracts."""
    out, n = [], 1
    for num, it in enumerate(meeting.items, start=1):
        out.append((num, it, n))
        n += len(it.decision_text or [])
    return out


# Full forms and their abbreviations: the first use in a document says «(далее – ММС)».
_ABBREVIATIONS = (
    (r"муниципальн\w+ методическ\w+ совет\w*", "council"),
    (r"муниципальн\w+ инновационн\w+ площадк\w*", "МИП"),
)


def introduce_abbreviations(texts: list[str], later: str, council_abbr: str) -> list[str]:
    """Add «(далее – ABBR)» after the first full form in ``texts`` of each abbreviation used in ``later``
    (or in the texts after that first use)."""
    out = list(texts)
    for pattern, abbr in _ABBREVIATIONS:
        abbr = council_abbr if abbr == "council" else abbr
        for i, text in enumerate(out):
            m = re.search(pattern, text, flags=re.IGNORECASE)
            if m is None:
                continue
            rest = text[m.end():] + " ".join(out[i + 1:]) + " " + later
            if re.search(rf"\b{re.escape(abbr)}\b", rest) and f"(далее – {abbr})" not in text:
                out[i] = f"{text[:m.end()]} (далее – {abbr}){text[m.end():]}"
            break
    return out


def _document_text(items) -> str:
    return " ".join([*(d.text for it in items for d in it.decisions), *(it.title for it in items),
                     *(m for it in items for m in it.council_members)])


def _present(session: Session, meeting: Meeting) -> list[str]:
    rows = session.execute(select(Attendance.member_id).where(Attendance.meeting_id == meeting.id,
                                                              Attendance.present.is_(True))).scalars()
    ids = set(rows)
    return [m.full_name for m in current_members(meeting.council) if m.id in ids]


def _role_name(meeting: Meeting, role: str) -> str:
    return next(initials(m.full_name) for m in current_members(meeting.council) if m.role == role)


def protocol_context(session: Session, settings: Settings, meeting: Meeting, number: str):
    from docflow.documents.contexts import ProtocolContext
    present = _present(session, meeting)
    items = [_item(meeting, it, first) for _num, it, first in _numbered(meeting)]
    titles = introduce_abbreviations([it.title for it in items], _document_text(items),
                                     settings.council.short_name)
    items = [dataclasses.replace(it, agenda_title=t) for it, t in zip(items, titles, strict=True)]
    return ProtocolContext(**letterhead(settings), number=number, date=meeting.held_on,
                           chair=_role_name(meeting, "chair"), secretary=_role_name(meeting, "secretary"),
                           present_count=len(present), attendees=[], items=items)


def extract_context(session: Session, settings: Settings, meeting: Meeting, number: str, school: School,
                    extract_date: dt.date):
    from docflow.documents.contexts import ProtocolExtractContext
    present = len(_present(session, meeting))
    items = [(num, _item(meeting, it, first)) for num, it, first in _numbered(meeting)
             if it.submission is not None and it.submission.school_id == school.id]
    titles = introduce_abbreviations([it.title for _n, it in items], _document_text([it for _n, it in items]),
                                     settings.council.short_name)
    items = [(n, dataclasses.replace(it, agenda_title=t)) for (n, it), t in zip(items, titles, strict=True)]
    return ProtocolExtractContext(
        **letterhead(settings), protocol_number=number, date=meeting.held_on, school=_school(school),
        attendees_summary=f"члены {settings.council.short_name} ({present} {_people(present)})", items=items,
        chair=_role_name(meeting, "chair"), secretary=_role_name(meeting, "secretary"),
        secretary_position=f"Секретарь {wording.genitive_phrase(settings.council.name)}",
        extract_date=extract_date)


def agenda_context(settings: Settings, meeting: Meeting, time: str):
    from docflow.documents import contexts as c
    rule = settings.council.meeting_rule
    return c.AgendaContext(**letterhead(settings), date=meeting.held_on, time=time or rule.time,
                           venue=meeting.place or settings.council.meeting_rule.place,
                           items=[c.AgendaItem(title=it.title, speaker=it.speaker) for it in meeting.items],
                           secretary=_role_name(meeting, "secretary"))


def _people(n: int) -> str:
    return "человека" if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else "человек"


def render(template: str, context: Any) -> bytes:
    from docflow.documents.render import render as _render
    return _render(template, context)


def _jsonable(context: Any) -> dict[str, Any]:
    return json.loads(json.dumps(dataclasses.asdict(context), default=str, ensure_ascii=False))


def render_agenda(settings: Settings, meeting: Meeting, time: str = "") -> bytes:
    return render("agenda.docx", agenda_context(settings, meeting, time))


def issue_protocol(session: Session, settings: Settings, meeting: Meeting, *, run_id: str = "",
                   actor: str = "system") -> tuple[Document, list[Document]]:
    """Number and render the protocol and one extract per school; store them (final, archived).

    Idempotent: a meeting whose protocol exists returns the stored documents.
    """
    if meeting.protocol_document_id is not None:
        protocol = session.get(Document, meeting.protocol_document_id)
        extracts = list(session.scalars(select(Document).where(Document.parent_id == protocol.id,
                                                               Document.register == "extract")))
        return protocol, extracts
    if meeting.status != MeetingStatus.HELD:
        raise ValueError(f"заседание {wording.ru_date(meeting.held_on)}: итоги ещё не внесены")
    from docflow.documents.copies import pdf_copies
    number = assign_number(session, settings, meeting)
    ctx = protocol_context(session, settings, meeting, number)
    data = render("protocol.docx", ctx)
    abbr = settings.council.short_name
    schools: dict[int, School] = {}
    for it in meeting.items:
        if it.submission is not None and it.submission.school is not None:
            schools.setdefault(it.submission.school.id, it.submission.school)
    ectxs = [extract_context(session, settings, meeting, number, school, meeting.held_on)
             for school in schools.values()]
    edata = [render("protocol_extract.docx", e) for e in ectxs]
    pdfs = pdf_copies([data, *edata])  # one LibreOffice start for the protocol and its extracts
    protocol = _document(session, register="protocol", kind="protocol", template="protocol.docx",
                         title=f"Протокол № {number} заседания {abbr} от {wording.ru_date(meeting.held_on)}",
                         number=number, reg_year=int(meeting.council.academic_year[:4]), reg_seq=meeting.number,
                         meeting=meeting, ctx=ctx, data=data, pdf=pdfs[0], run_id=run_id, actor=actor)
    meeting.protocol_document_id = protocol.id
    extracts = []
    for school, ectx, e, pdf in zip(schools.values(), ectxs, edata, pdfs[1:], strict=True):
        extracts.append(_document(
            session, register="extract", kind="protocol_extract", template="protocol_extract.docx",
            title=f"Выписка из протокола № {number} заседания {abbr} от {wording.ru_date(meeting.held_on)} "
                  f"({school.short_name})", number=number, reg_year=None, reg_seq=None, meeting=meeting,
            ctx=ectx, data=e, pdf=pdf, run_id=run_id, actor=actor, school_id=school.id, parent_id=protocol.id))
    meeting.status = MeetingStatus.PROTOCOL_ISSUED
    session.flush()
    return protocol, extracts


def _document(session: Session, *, register: str, kind: str, template: str, title: str, number: str,
              reg_year: int | None, reg_seq: int | None, meeting: Meeting, ctx: Any, data: bytes,
              pdf: tuple[bytes | None, str], run_id: str, actor: str, school_id: int | None = None,
              parent_id: int | None = None) -> Document:
    from docflow.documents.copies import PDF_FAILED
    pdf_bytes, pdf_note = pdf
    doc = Document(register=register, kind=kind, title=title, status=DocumentStatus.FINAL, number=number,
                   reg_year=reg_year, reg_seq=reg_seq, doc_date=meeting.held_on, template=template,
                   context=_jsonable(ctx), docx_sha256=archive.put(data), meeting_id=meeting.id,
                   pdf_sha256=archive.put(pdf_bytes) if pdf_bytes else "",
                   school_id=school_id, parent_id=parent_id, run_id=run_id)
    session.add(doc)
    session.flush()
    session.add(DocumentEvent(document_id=doc.id, event="issued", actor=actor,
                              note=f"сформирован по итогам заседания {wording.ru_date(meeting.held_on)}"
                                   + (f"; {pdf_note}" if pdf_bytes and pdf_note else "")))
    if not pdf_bytes:
        session.add(DocumentEvent(document_id=doc.id, event=PDF_FAILED, actor="system", note=pdf_note))
    return doc
