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
            "exclude": {"default": None, "type": ["null", "array"], "items": {"type": "string"},
                        "title": "Снять с повестки",
                        "description": "Вопросы, которые не выносятся на это заседание (необязательно)",
                        **({"examples": labels} if labels else {})},
            "extra": {"default": None, "type": ["null", "array"], "items": {"type": "string"},
                      "title": "Иные вопросы",
                      "description": "Формулировка вопроса — по одному в строке (необязательно)"},
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


# The fields of one agenda item in the results form: (suffix, the key of the item's answer).
F_DEC, F_FOR, F_AGAINST, F_ABST = "decision", "votes_for", "votes_against", "votes_abstained"
F_SPEAKER, F_DISC, F_Q, F_REM, F_REASONS, F_EXTRA = ("heard", "discussion", "questions", "remarks", "reasons",
                                                     "extra")
FIELD_KEYS = {F_DEC: K_DEC, F_FOR: K_FOR, F_AGAINST: K_AGAINST, F_ABST: K_ABST, F_SPEAKER: K_SPEAKER,
              F_DISC: K_DISC, F_Q: K_Q, F_REM: K_REM, F_REASONS: K_REASONS, F_EXTRA: K_EXTRA}


def valid_decisions(item: AgendaItem) -> list[Decision]:
    """The decisions the council can take on this kind of item (the choice list of the form)."""
    if item.kind == "composition":
        return [Decision.APPROVE, Decision.REJECT]
    if item.kind == "other":
        return [Decision.NOTE, Decision.APPROVE, Decision.REJECT, Decision.RETURN]
    return [Decision.APPROVE, Decision.RETURN, Decision.REJECT]


def field_key(item: AgendaItem, suffix: str) -> str:
    return f"{item_key(item)}_{suffix}"


def member_key(n: int) -> str:
    return f"present_{n}"


def _text(title: str, section: str, default: str | None = "", description: str = "",
          multiline: bool = True) -> dict[str, Any]:
    return {"default": default or None, "type": ["null", "string"], "title": title, "section": section,
            **({"format": "multiline"} if multiline else {}), **({"description": description} if description else {})}


def _count(title: str, section: str, default: int | None, required: bool = False) -> dict[str, Any]:
    return {"default": default, "type": "integer" if required else ["null", "integer"], "title": title,
            "section": section}


def _item_fields(item: AgendaItem) -> dict[str, dict[str, Any]]:
    section = f"Вопрос {item.position_no}. {item.title}"
    decisions = valid_decisions(item)
    fields = {
        F_DEC: {"default": None, "type": "string", "title": "Решение", "section": section,
                "enum": [d.value for d in decisions],
                "values_display": {d.value: wording.DECISION_LABEL[d].capitalize() for d in decisions}},
        F_FOR: _count("Голосов «за»", section, None, required=True),
        F_AGAINST: _count("Голосов «против»", section, 0),
        F_ABST: _count("«Воздержались»", section, 0),
        F_SPEAKER: _text("Слушали (докладчик)", section, item.speaker,
                         "Фамилия И.О., должность — например: Орлова Н.П., директор МБОУ «СОШ № 7»", False),
        F_DISC: _text("Выступили", section, "", "Кто выступил в обсуждении и о чём (необязательно)"),
        F_Q: _text("Вопросы", section, "", "Пусто — в протоколе «нет»"),
        F_REM: _text("Замечания, предложения", section, "", "Пусто — в протоколе «нет»"),
    }
    if Decision.RETURN in decisions or item.kind == "composition":
        fields[F_REASONS] = _text("Что доработать (обязательно при возврате на доработку)", section, "")
    fields[F_EXTRA] = {"default": None, "type": ["null", "array"], "items": {"type": "string"},
                       "title": "Дополнительные пункты решения", "section": section,
                       "description": "По одному пункту в строке (необязательно)"}
    return fields


def results_form(meeting: Meeting, settings: Settings, refusals: list[str] | None = None,
                 previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """The results form: attendance as a check box per member, then typed fields per agenda item;
    pre-filled with the previous answer when one was refused."""
    members = current_members(meeting.council)
    need = quorum_needed(len(members), settings.council.quorum.min_share)
    present_section = f"Присутствовали (кворум — не менее {need} из {len(members)})"
    params: dict[str, Any] = {}
    for n, m in enumerate(members, start=1):
        params[member_key(n)] = {"default": True, "type": ["boolean", "null"], "title": m.full_name,
                                 "section": present_section, "description": m.position}
    for item in meeting.items:
        for suffix, spec in _item_fields(item).items():
            params[field_key(item, suffix)] = spec
    for key, value in (previous or {}).items():
        if key in params:
            params[key]["default"] = value
    # short: Airflow's form repeats the text above every section
    body = (_refusal_block(refusals or [])
            + f"Заседание {settings.council.short_name} {wording.ru_date(meeting.held_on)}: снимите отметки с "
              "отсутствовавших, по каждому вопросу выберите решение и внесите голоса. «Одобрить» требует "
              "большинства присутствующих «за»; если что-то не сходится, форма вернётся с пояснением.")
    return {"subject": f"Итоги заседания {settings.council.short_name} {wording.ru_date(meeting.held_on)}",
            "body": body, "options": [RESULTS_OPTION], "params": params}


def _flat_answer(meeting: Meeting, p: dict[str, Any]) -> dict[str, Any]:
    """The typed form's answer ({item_1_decision: …, present_1: true}) as the per-item answer dicts."""
    out = dict(p)
    if "present" not in p and any(k.startswith("present_") for k in p):
        members = current_members(meeting.council)
        out["present"] = [m.full_name for n, m in enumerate(members, start=1) if p.get(member_key(n))]
    for item in meeting.items:
        if item_key(item) in p:
            continue
        raw = {key: p[field_key(item, suffix)] for suffix, key in FIELD_KEYS.items()
               if field_key(item, suffix) in p}
        if raw:
            out[item_key(item)] = raw
    return out


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
    p = _flat_answer(meeting, params_input or {})
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
