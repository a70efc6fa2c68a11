"""The secretary's two forms (agenda, results) as plain specs, and reading the answers back.

A spec is ``{"subject", "body", "options", "params": {key: {"default", "type", "title", ...}}}``;
``docflow.airflow.council`` turns it into a human-in-the-loop task. Keys are stable
identifiers, everything the secretary reads is Russian.
"""

from __future__ import annotations

import json
from typing import Any

from docflow.config import Settings
from docflow.council import wording
from docflow.council.agenda import AgendaEdits, item_label
from docflow.council.meetings import current_members
from docflow.council.results import ItemResult, MeetingResults, item_name, quorum_needed
from docflow.store.enums import Decision
from docflow.store.models import AgendaItem, Meeting

AGENDA_OPTION = "Утвердить повестку"
RESULTS_OPTION = "Записать итоги заседания"
K_FOR, K_AGAINST, K_ABST, K_DEC = "за", "против", "воздержались", "решение"
K_Q, K_REM, K_REASONS, K_SPEAKER, K_EXTRA = "вопросы", "замечания", "причины", "докладчик", "дополнительные решения"
K_DISC = "выступили"


def _refusal_block(refusals: list[str]) -> str:
    if not refusals:
        return ""
    lines = "\n".join(f"- {r}" for r in refusals)
    return f"**Предыдущий ответ не принят. Исправьте, пожалуйста:**\n\n{lines}\n\n"


def agenda_form(meeting: Meeting, settings: Settings, refusals: list[str] | None = None) -> dict[str, Any]:
    items = "\n".join(f"{i.position_no}. {i.title}" for i in meeting.items) or "(вопросов нет)"
    labels = [item_label(i) for i in meeting.items]
    rule = settings.council.meeting_rule
    return {
        "subject": f"Повестка заседания {settings.council.short_name} {wording.ru_date(meeting.held_on)}",
        "body": (_refusal_block(refusals or [])
                 + f"Проект повестки заседания {settings.council.short_name} "
                   f"{wording.ru_date(meeting.held_on)}:\n\n{items}\n\n"
                   "Снимите с повестки лишние вопросы, добавьте иные вопросы (по одному в строке), "
                   "проверьте время и место и нажмите «Утвердить повестку». После утверждения повестка "
                   "будет направлена членам совета, а школам — приглашения на заседание."),
        "options": [AGENDA_OPTION],
        "params": {
            "exclude": {"default": [], "type": "array", "title": "Снять с повестки",
                        "description": "Вопросы, которые не выносятся на это заседание",
                        **({"examples": labels} if labels else {})},
            "extra": {"default": [], "type": "array", "title": "Иные вопросы",
                      "description": "Формулировка вопроса — по одному в строке"},
            "time": {"default": rule.time, "type": "string", "title": "Время заседания"},
            "place": {"default": meeting.place or rule.place, "type": "string", "title": "Место заседания"},
        },
    }


def parse_agenda(params_input: dict[str, Any] | None) -> AgendaEdits:
    p = params_input or {}
    return AgendaEdits(exclude=_lines(p.get("exclude")), extra=_lines(p.get("extra")),
                       time=str(p.get("time") or ""), place=str(p.get("place") or ""))


def _lines(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [x.strip() for x in value.splitlines() if x.strip()]
    return [str(x).strip() for x in value if str(x).strip()]


def item_key(item: AgendaItem) -> str:
    return f"item_{item.position_no}"


def _item_default(item: AgendaItem, members: int) -> dict[str, Any]:
    return {K_FOR: members, K_AGAINST: 0, K_ABST: 0, K_DEC: "одобрить", K_SPEAKER: item.speaker,
            K_Q: "", K_REM: "", K_REASONS: "", K_EXTRA: []}


def results_form(meeting: Meeting, settings: Settings, refusals: list[str] | None = None,
                 previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """The results form, pre-filled with the previous answer when one was refused."""
    members = current_members(meeting.council)
    names = [m.full_name for m in members]
    need = quorum_needed(len(members), settings.council.quorum.min_share)
    decisions = ", ".join(f"«{x}»" for x in wording.DECISION_LABELS)
    params: dict[str, Any] = {
        "present": {"default": names, "type": "array", "title": "Присутствовали члены совета",
                    "description": f"Кворум — не менее {need} из {len(members)}", "examples": names},
    }
    for item in meeting.items:
        params[item_key(item)] = {
            "default": _item_default(item, len(names)), "type": "object",
            "title": f"Вопрос {item.position_no}", "description": item.title}
    for key, value in (previous or {}).items():
        if key in params:
            params[key]["default"] = value
    body = (_refusal_block(refusals or [])
            + f"Заседание {settings.council.short_name} {wording.ru_date(meeting.held_on)}. "
              "После заседания отметьте присутствовавших и по каждому вопросу внесите: "
              f"число голосов «{K_FOR}», «{K_AGAINST}», «{K_ABST}»; «{K_DEC}» — одно из {decisions}; "
              f"«{K_Q}», «{K_REM}» (пусто — «нет»); «{K_REASONS}» — обязательно при возврате на доработку; "
              f"«{K_EXTRA}» — список дополнительных пунктов решения.\n\n"
              "Голосование — по вопросу об одобрении: «одобрить» требует большинства присутствующих "
              "«за», «отклонить» и «вернуть на доработку» — отсутствия такого большинства. "
              "Если что-то не сходится, форма вернётся с пояснением, что исправить.")
    return {"subject": f"Итоги заседания {settings.council.short_name} {wording.ru_date(meeting.held_on)}",
            "body": body, "options": [RESULTS_OPTION], "params": params}


def _int(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return value if value not in (None, "") else 0


def parse_results(meeting: Meeting, params_input: dict[str, Any] | None, responded_by: str = "") -> MeetingResults:
    """Read the answered form into ``MeetingResults``; what cannot be read becomes a refusal."""
    p = params_input or {}
    refusals: list[str] = []
    unreadable: set[int] = set()
    items: dict[int, ItemResult] = {}
    for item in meeting.items:
        raw = p.get(item_key(item))
        if isinstance(raw, str):
            try:
                raw = json.loads(raw) if raw.strip() else None
            except ValueError:
                refusals.append(f"{item_name(item)}: ответ не читается как набор полей JSON — "
                                "проверьте кавычки и запятые")
                unreadable.add(item.position_no)
                continue
        if not raw:
            continue  # validate() reports the missing item
        if not isinstance(raw, dict):
            refusals.append(f"{item_name(item)}: ожидается набор полей «{K_FOR}», «{K_AGAINST}», …")
            unreadable.add(item.position_no)
            continue
        dec_raw = str(raw.get(K_DEC) or "").strip().lower()
        decision = wording.DECISION_LABELS.get(dec_raw)
        if decision is None and dec_raw in {d.value for d in Decision}:
            decision = Decision(dec_raw)
        items[item.position_no] = ItemResult(
            votes_for=_int(raw.get(K_FOR)), votes_against=_int(raw.get(K_AGAINST)),
            votes_abstained=_int(raw.get(K_ABST)), decision=decision,
            questions=str(raw.get(K_Q) or ""), remarks=str(raw.get(K_REM) or ""),
            discussion=str(raw.get(K_DISC) or ""),
            reasons=str(raw.get(K_REASONS) or ""),
            speaker=str(raw[K_SPEAKER]) if raw.get(K_SPEAKER) is not None else None,
            extra_decisions=_lines(raw.get(K_EXTRA)), decision_raw=str(raw.get(K_DEC) or "").strip())
    return MeetingResults(present=_lines(p.get("present")), items=items, recorded_by=responded_by,
                          refusals=refusals, unreadable=unreadable)
