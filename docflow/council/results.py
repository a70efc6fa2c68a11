"""Attendance, votes and decisions: what the secretary enters, checked all at once, then stored.

The rule implemented (and shown to the secretary in the form):

- quorum: more than ``council.quorum.min_share`` of the members are present; the chair and the
  secretary are among them;
- per item: votes «за», «против», «воздержались» are whole non-negative numbers whose sum does
  not exceed the number present;
- the vote is on the question as put (approve the application / report, approve the
  composition, take note of a matter); «одобрить» and «принять к сведению» need a majority of
  those present voting «за» (за > присутствующих / 2); «отклонить» and «вернуть на доработку»
  need that majority to be missing (за ≤ присутствующих / 2);
- «вернуть на доработку» needs the reasons; the school gets
  ``reporting.revision_working_days`` working days after the meeting;
- the results are entered on or after the meeting's date;
- the composition is approved or not approved; «принять к сведению» is only for other matters.

Nothing is stored until every check passes; the refusals name the item and say why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from docflow import audit
from docflow.config import Settings
from docflow.council import wording
from docflow.council.agenda import set_status
from docflow.council.meetings import current_members
from docflow.store.enums import Decision, MeetingStatus, SubmissionStatus
from docflow.store.models import AgendaItem, Attendance, Meeting, Vote

OUTCOME = {Decision.APPROVE: SubmissionStatus.APPROVED, Decision.REJECT: SubmissionStatus.REJECTED,
           Decision.RETURN: SubmissionStatus.RETURNED}


@dataclass
class ItemResult:
    votes_for: int
    votes_against: int = 0
    votes_abstained: int = 0
    decision: Decision | None = None
    questions: str = ""
    remarks: str = ""
    reasons: str = ""
    speaker: str | None = None
    discussion: str = ""        # «Выступили»
    extra_decisions: list[str] = field(default_factory=list)
    decision_raw: str = ""      # what was typed, for the refusal when it is not a known decision


@dataclass
class MeetingResults:
    present: list[str]
    items: dict[int, ItemResult]          # by agenda position
    recorded_by: str = ""
    refusals: list[str] = field(default_factory=list)  # problems found while reading the form
    unreadable: set[int] = field(default_factory=set)   # items already refused while reading


def item_name(item: AgendaItem) -> str:
    """«Вопрос 2 (МБОУ «СОШ № 7»)» — how a refusal names an item."""
    if item.submission is not None and item.submission.school is not None:
        who = item.submission.school.short_name
    elif item.kind == "composition":
        who = "состав совета"
    else:
        who = item.title if len(item.title) <= 60 else item.title[:57] + "…"
    return f"Вопрос {item.position_no} ({who})"


def quorum_needed(total: int, min_share: float) -> int:
    """The smallest number present that is more than ``min_share`` of ``total``."""
    return int(total * min_share) + 1


def _votes_word(n: int) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return "голос"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "голоса"
    return "голосов"


def validate(meeting: Meeting, results: MeetingResults, settings: Settings,
             today: dt.date | None = None) -> list[str]:
    """Every refusal at once, in Russian; an empty list means the results can be stored."""
    errors = list(results.refusals)
    if today is not None and today < meeting.held_on:
        errors.append(f"Заседание назначено на {wording.ru_date(meeting.held_on)} и ещё не состоялось: "
                      "итоги вносятся после заседания")
    members = current_members(meeting.council)
    names = {m.full_name for m in members}
    present = list(dict.fromkeys(p.strip() for p in results.present if p and p.strip()))
    for p in present:
        if p not in names:
            errors.append(f"Среди присутствующих указан(а) «{p}», но такого члена совета в составе на "
                          f"{meeting.council.academic_year} учебный год нет")
    n = len([p for p in present if p in names])
    need = quorum_needed(len(members), settings.council.quorum.min_share)
    if n < need:
        errors.append(f"Нет кворума: присутствуют {n} из {len(members)} членов совета, "
                      f"а для правомочности заседания нужно не менее {need}")
    for m in members:
        if m.role in ("chair", "secretary") and m.full_name not in present:
            role = "Председатель" if m.role == "chair" else "Секретарь"
            errors.append(f"{role} совета {m.full_name} не отмечен(а) среди присутствующих")
    for item in meeting.items:
        if item.position_no in results.unreadable:
            continue
        errors.extend(_check_item(item, results.items.get(item.position_no), n))
    unknown = sorted(set(results.items) - {i.position_no for i in meeting.items})
    errors.extend(f"Вопроса {k} в повестке нет" for k in unknown)
    return errors


def _check_item(item: AgendaItem, r: ItemResult | None, present: int) -> list[str]:
    name = item_name(item)
    if r is None:
        return [f"{name}: не внесены итоги голосования и решение"]
    errs = []
    counts = {"за": r.votes_for, "против": r.votes_against, "воздержались": r.votes_abstained}
    bad = [k for k, v in counts.items() if not isinstance(v, int) or isinstance(v, bool) or v < 0]
    for k in bad:
        errs.append(f"{name}: число голосов «{k}» должно быть целым неотрицательным числом")
    if bad:
        return errs
    total = r.votes_for + r.votes_against + r.votes_abstained
    if total > present:
        errs.append(f"{name}: голосов «за», «против» и «воздержались» ({total}) больше, "
                    f"чем присутствующих ({present})")
    if r.decision is None and r.decision_raw:
        errs.append(f"{name}: решение «{r.decision_raw}» не распознано — укажите одно из: "
                    + ", ".join(f"«{x}»" for x in wording.DECISION_LABELS))
        return errs
    if r.decision is None:
        errs.append(f"{name}: не указано решение (одобрить, отклонить, вернуть на доработку"
                    + (" или принять к сведению)" if item.kind == "other" else ")"))
        return errs
    label = wording.DECISION_LABEL[r.decision]
    if item.kind == "composition" and r.decision not in (Decision.APPROVE, Decision.REJECT):
        errs.append(f"{name}: по составу совета возможно только «одобрить» или «отклонить», а не «{label}»")
    if item.kind != "other" and r.decision == Decision.NOTE:
        errs.append(f"{name}: решение «принять к сведению» возможно только по иным вопросам; "
                    "по заявке или отчёту укажите «одобрить», «отклонить» или «вернуть на доработку»")
    majority = r.votes_for * 2 > present
    if r.decision in (Decision.APPROVE, Decision.NOTE) and not majority:
        need = present // 2 + 1
        errs.append(f"{name}: решение «{label}» противоречит голосованию — нужно большинство "
                    f"присутствующих, не менее {need} {_votes_word(need)} «за», а подано {r.votes_for}")
    if r.decision in (Decision.REJECT, Decision.RETURN) and majority:
        errs.append(f"{name}: решение «{label}» противоречит голосованию — большинство присутствующих "
                    f"({r.votes_for} из {present}) проголосовали «за»")
    if r.decision == Decision.RETURN and not r.reasons.strip():
        errs.append(f"{name}: при возврате на доработку укажите, что нужно доработать (поле «причины»)")
    return errs


def revision_due(settings: Settings, held_on: dt.date) -> dt.date:
    from docflow.calendar.workdays import add_working_days
    return add_working_days(held_on, settings.reporting.revision_working_days)


def record(session: Session, settings: Settings, meeting: Meeting, results: MeetingResults, *,
           run_id: str = "", today: dt.date | None = None) -> list[str]:
    """Validate and, when everything is right, store attendance, votes and decisions.

    Returns the refusals (nothing stored) or ``[]``. A meeting already recorded is left as is.
    """
    if meeting.status in (MeetingStatus.HELD, MeetingStatus.PROTOCOL_ISSUED):
        return []
    errors = validate(meeting, results, settings, today)
    if errors:
        return errors
    actor = results.recorded_by or "secretary"
    present = set(results.present)
    old = {a.member_id: a for a in session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id))}
    for m in current_members(meeting.council):
        row = old.get(m.id) or Attendance(meeting_id=meeting.id, member_id=m.id, present=False)
        row.present = m.full_name in present
        session.add(row)
    academic_year = meeting.council.academic_year
    for item in meeting.items:
        r = results.items[item.position_no]
        item.questions, item.remarks, item.reasons = r.questions.strip(), r.remarks.strip(), r.reasons.strip()
        item.discussion = r.discussion.strip()
        if r.speaker is not None:
            item.speaker = r.speaker.strip()
        item.decision = r.decision.value
        item.due_date = revision_due(settings, meeting.held_on) if r.decision == Decision.RETURN else None
        sub = item.submission
        school = sub.school if sub is not None else None
        item.decision_text = wording.standard_decisions(
            item.kind, r.decision, school_short=school.short_name if school else "",
            school_name=school.full_name if school else "", council_abbr=settings.council.short_name,
            # a report speaks of its own reporting year; the composition of the council's year
            academic_year=(sub.academic_year if sub is not None and sub.academic_year else academic_year),
            reasons=item.reasons, due=item.due_date, operator_short=settings.operator.short_name, title=item.title,
        ) + [x.strip() for x in r.extra_decisions if x.strip()]
        vote = item.vote or Vote(agenda_item_id=item.id, votes_for=0, votes_against=0)
        vote.votes_for, vote.votes_against, vote.votes_abstained = r.votes_for, r.votes_against, r.votes_abstained
        vote.recorded_by = actor
        session.add(vote)
        if sub is not None and r.decision in OUTCOME:
            set_status(session, sub, OUTCOME[r.decision],
                       f"решение совета от {wording.ru_date(meeting.held_on)}: {wording.DECISION_LABEL[r.decision]}",
                       actor=actor, run_id=run_id,
                       details={"meeting_id": meeting.id, "agenda_item_id": item.id,
                                "due_date": item.due_date.isoformat() if item.due_date else None})
    meeting.status = MeetingStatus.HELD
    audit.record(session, actor, "council.results_recorded", "meeting", meeting.id,
                 {"present": sorted(present), "run_id": run_id})
    session.flush()
    session.refresh(meeting)
    return []
