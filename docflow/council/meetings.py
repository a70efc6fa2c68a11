"""The council of an academic year and its meetings: composition from settings, dates, numbers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from docflow.calendar.rules import academic_year
from docflow.config import Settings
from docflow.store.enums import MeetingStatus
from docflow.store.models import Council, CouncilMember, Meeting
from docflow.store.numbering import next_seq


def sync_council(session: Session, settings: Settings, academic_year: str) -> Council:
    """Create or update the council and its members for a year from the settings.

    Members are matched by name; a member no longer in the settings keeps its row (protocols
    refer to it) but is moved past the listed ones with the role «member» … and a position
    number above theirs, so the current composition is always the first ``len(settings)`` rows.
    """
    wanted = settings.council.members_for(academic_year)
    council = session.scalar(select(Council).where(Council.academic_year == academic_year))
    if council is None:
        council = Council(name=settings.council.name, academic_year=academic_year)
        session.add(council)
        session.flush()
    council.name = settings.council.name
    existing = {m.full_name: m for m in session.scalars(
        select(CouncilMember).where(CouncilMember.council_id == council.id))}
    for no, m in enumerate(wanted, start=1):
        row = existing.pop(m.name, None) or CouncilMember(council_id=council.id, full_name=m.name)
        row.position_no, row.position, row.role = no, m.position, m.role
        session.add(row)
    for extra_no, row in enumerate(existing.values(), start=len(wanted) + 1):
        row.position_no, row.role = 1000 + extra_no, "former"
    session.flush()
    session.refresh(council)
    return council


def current_members(council: Council) -> list[CouncilMember]:
    return [m for m in council.members if m.role != "former"]


@dataclass(frozen=True)
class MeetingPlan:
    """Which meeting a DAG run is about and when its agenda is due."""
    held_on: dt.date
    kind: str                  # regular | extraordinary
    agenda_due: dt.date        # the working day the agenda is drawn up


def plan_meeting(settings: Settings, run_date: dt.date, meeting_date: dt.date | str | None = None) -> MeetingPlan:
    """The meeting a run prepares.

    - ``meeting_date`` given (a manual run): an extraordinary meeting on that date, or the
      regular one when the date is a regular meeting date; the agenda is due at once.
    - otherwise (a run of the meeting timetable on meeting date D): the *next* regular meeting
      after D; its agenda is due ``agenda_lead_working_days`` working days before it.
    """
    from docflow.calendar.rules import meeting_dates, next_meeting
    from docflow.calendar.workdays import add_working_days

    rule = settings.council.meeting_rule.model_dump(include={"weekday", "nth", "months"})
    if meeting_date:
        day = dt.date.fromisoformat(str(meeting_date))
        regular = day in set(meeting_dates(rule, day, day))
        return MeetingPlan(day, "regular" if regular else "extraordinary", min(run_date, day))
    nxt = next_meeting(rule, run_date, inclusive=False)
    if nxt is None:
        raise ValueError("В правиле заседаний нет ни одной будущей даты")
    due = add_working_days(nxt.date, -settings.council.agenda_lead_working_days)
    return MeetingPlan(nxt.date, "regular", max(due, run_date))


def get_or_create_meeting(session: Session, settings: Settings, held_on: dt.date, kind: str = "regular",
                          run_id: str = "") -> Meeting:
    """The meeting of the council on a date (one per date); created with chair, secretary, place."""
    council = sync_council(session, settings, academic_year(held_on).label)
    meeting = session.scalar(select(Meeting).where(Meeting.council_id == council.id, Meeting.held_on == held_on))
    if meeting is not None:
        return meeting
    members = current_members(council)
    meeting = Meeting(council_id=council.id, held_on=held_on, kind=kind, status=MeetingStatus.SCHEDULED,
                      place=settings.council.meeting_rule.place, run_id=run_id,
                      chair_id=next(m.id for m in members if m.role == "chair"),
                      secretary_id=next(m.id for m in members if m.role == "secretary"))
    session.add(meeting)
    session.flush()
    return meeting


def needs_composition(session: Session, meeting: Meeting) -> bool:
    """The year's composition is not yet approved nor pending on another meeting's agenda.

    So the first meeting of an academic year that is actually held starts with it (an empty
    meeting that was skipped does not count), and a rejected composition comes back.
    """
    from docflow.store.models import AgendaItem
    taken = session.scalar(select(AgendaItem.id).join(Meeting, AgendaItem.meeting_id == Meeting.id).where(
        Meeting.council_id == meeting.council_id, Meeting.id != meeting.id, AgendaItem.kind == "composition",
        AgendaItem.decision.in_(["", "approve"])).limit(1))
    return taken is None


def assign_number(session: Session, settings: Settings, meeting: Meeting) -> str:
    """The protocol number within the academic year (gapless); assigned once, at issue."""
    first_year = int(meeting.council.academic_year[:4])
    if meeting.number is None:
        meeting.number = next_seq(session, "protocol", first_year)
    return settings.numbering.format("protocol", first_year, meeting.number)
