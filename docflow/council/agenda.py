"""The agenda: complete submissions not yet heard, grouped by kind; the secretary's edits."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from docflow.config import Settings
from docflow.council import wording
from docflow.council.meetings import needs_composition
from docflow.store.enums import MeetingStatus, SubmissionStatus
from docflow.store.models import AgendaItem, Meeting, Submission, SubmissionEvent

HEARABLE = tuple(wording.KIND_ORDER)


def set_status(session: Session, sub: Submission, to: str, cause: str, *, actor: str = "system",
               run_id: str = "", details: dict | None = None) -> None:
    """Move a submission and write the event (a no-op when it is already there)."""
    if sub.status == to:
        return
    session.add(SubmissionEvent(submission_id=sub.id, from_status=sub.status, to_status=to, cause=cause,
                                actor=actor, run_id=run_id, details=details or {}))
    sub.status = to


def _waiting(session: Session) -> list[Submission]:
    """Complete submissions not on any meeting's agenda yet (or only on one that did not decide)."""
    decided = select(AgendaItem.submission_id).where(AgendaItem.submission_id.is_not(None),
                                                     AgendaItem.decision != "")
    subs = session.scalars(select(Submission).where(
        Submission.status == SubmissionStatus.COMPLETE, Submission.kind.in_(HEARABLE),
        Submission.id.not_in(decided)))
    return sorted(subs, key=lambda s: (wording.KIND_ORDER[s.kind], s.registered_at, s.id))


def _item_for(sub: Submission) -> dict:
    school = sub.school
    short = school.short_name if school else "(организация не определена)"
    return {"kind": sub.kind, "submission_id": sub.id,
            "title": wording.item_title(sub.kind, short, sub.form_values, sub.academic_year),
            "speaker": wording.speaker_line(short, school.director if school else "")}


def build_agenda(session: Session, settings: Settings, meeting: Meeting, *, run_id: str = "") -> list[AgendaItem]:
    """Fill a scheduled meeting's agenda; idempotent (an agenda already drawn up is returned as is)."""
    if meeting.items or meeting.status != MeetingStatus.SCHEDULED:
        return list(meeting.items)
    planned: list[dict] = []
    if needs_composition(session, meeting):
        planned.append({"kind": "composition", "submission_id": None, "speaker": "",
                        "title": wording.composition_title(settings.council.name,
                                                           meeting.council.academic_year)})
    subs = _waiting(session)
    planned.extend(_item_for(s) for s in subs)
    for no, it in enumerate(planned, start=1):
        session.add(AgendaItem(meeting_id=meeting.id, position_no=no, **it))
    for s in subs:
        set_status(session, s, SubmissionStatus.ON_AGENDA,
                   f"включено в повестку заседания {wording.ru_date(meeting.held_on)}", run_id=run_id,
                   details={"meeting_id": meeting.id})
    session.flush()
    session.refresh(meeting)
    return list(meeting.items)


def item_label(item: AgendaItem) -> str:
    """How the secretary sees an item in a form: number, who, what, registration number."""
    sub = item.submission
    if sub is None:
        return f"{item.position_no}. {item.title}"
    who = sub.school.short_name if sub.school else "организация не определена"
    return f"{item.position_no}. {who}: {wording.KIND_SHORT.get(sub.kind, sub.kind)} ({sub.reg_number})"


@dataclass
class AgendaEdits:
    exclude: list[str] = field(default_factory=list)   # item labels to take off
    extra: list[str] = field(default_factory=list)     # other questions, one title each
    time: str = ""
    place: str = ""


def check_edits(meeting: Meeting, edits: AgendaEdits) -> list[str]:
    """Refusals for the secretary's agenda edits (Russian); empty when they can be applied."""
    labels = {item_label(i): i for i in meeting.items}
    errs = [f"В повестке нет вопроса «{x}»" for x in edits.exclude if x not in labels]
    if any(labels[x].kind == "composition" for x in edits.exclude if x in labels):
        errs.append("Вопрос об утверждении состава совета с повестки снять нельзя: состав утверждается "
                    "на первом заседании учебного года")
    left = [i for i in meeting.items if item_label(i) not in edits.exclude]
    if not left and not [t for t in edits.extra if t and t.strip()]:
        errs.append("В повестке не осталось ни одного вопроса")
    return errs


def apply_edits(session: Session, meeting: Meeting, edits: AgendaEdits, *, actor: str = "secretary",
                run_id: str = "") -> list[str]:
    """Apply the secretary's confirmation; return refusals (Russian) instead of applying bad edits."""
    if meeting.status != MeetingStatus.SCHEDULED:
        return []  # already confirmed: a retried task changes nothing
    errs = check_edits(meeting, edits)
    if errs:
        return errs
    labels = {item_label(i): i for i in meeting.items}
    keep = [i for i in meeting.items if item_label(i) not in edits.exclude]
    for label in edits.exclude:
        item = labels[label]
        if item.submission is not None:
            set_status(session, item.submission, SubmissionStatus.COMPLETE, "снято с повестки секретарём",
                       actor=actor, run_id=run_id, details={"meeting_id": meeting.id})
        session.delete(item)
    for title in (t.strip() for t in edits.extra if t and t.strip()):
        keep.append(AgendaItem(meeting_id=meeting.id, position_no=0, kind="other", title=title))
    session.flush()
    for no, item in enumerate(keep, start=1):
        item.position_no = no
        session.add(item)
    if edits.place.strip():
        meeting.place = edits.place.strip()
    meeting.status = MeetingStatus.AGENDA_CONFIRMED
    session.flush()
    session.refresh(meeting)
    return []
