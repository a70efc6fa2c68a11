"""Russian wording of the council's paperwork: item titles, standard decisions, dates, cases."""

from __future__ import annotations

import datetime as dt
import re

from docflow.documents.jinja import quoted
from docflow.orders.terms import academic_year_label
from docflow.store.enums import Decision, SubmissionKind

# The decision the secretary chooses in the form, by its Russian label.
DECISION_LABELS: dict[str, Decision] = {
    "одобрить": Decision.APPROVE,
    "отклонить": Decision.REJECT,
    "вернуть на доработку": Decision.RETURN,
    "принять к сведению": Decision.NOTE,
}
DECISION_LABEL = {v: k for k, v in DECISION_LABELS.items()}

KIND_ORDER = {  # agenda groups: applications, then reports, then corrected programmes
    SubmissionKind.APPLICATION: 0,
    SubmissionKind.INTERIM_REPORT: 1,
    SubmissionKind.FINAL_REPORT: 1,
    SubmissionKind.CORRECTED_PROGRAMME: 2,
}
KIND_GENITIVE = {
    SubmissionKind.APPLICATION: "заявки",
    SubmissionKind.INTERIM_REPORT: "промежуточного отчёта",
    SubmissionKind.FINAL_REPORT: "итогового отчёта",
    SubmissionKind.CORRECTED_PROGRAMME: "скорректированной программы",
}
KIND_ACCUSATIVE = {
    SubmissionKind.APPLICATION: "заявку",
    SubmissionKind.INTERIM_REPORT: "промежуточный отчёт",
    SubmissionKind.FINAL_REPORT: "итоговый отчёт",
    SubmissionKind.CORRECTED_PROGRAMME: "скорректированную программу",
}
KIND_SHORT = {
    SubmissionKind.APPLICATION: "заявка на статус МИП",
    SubmissionKind.INTERIM_REPORT: "промежуточный отчёт",
    SubmissionKind.FINAL_REPORT: "итоговый отчёт",
    SubmissionKind.CORRECTED_PROGRAMME: "скорректированная программа",
}
MIP = "«Муниципальная инновационная площадка»"


def ru_date(d: dt.date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else ""


def composition_title(council_name: str, academic_year: str) -> str:
    """«Утверждение состава муниципального методического совета на 2026/2027 учебный год»."""
    return f"Утверждение состава {genitive_phrase(council_name)} на {academic_year_label(academic_year)} учебный год"


def genitive_phrase(phrase: str) -> str:
    """«муниципальный методический совет» → «муниципального методического совета»."""
    from docflow.documents import grammar
    return grammar.lower_first(grammar.phrase(phrase, "gent"))


def item_title(kind: str, school_short: str, fields: dict, academic_year: str) -> str:
    """«Рассмотрение заявки на присвоение статуса МИП МБОУ «СОШ № 7» по направлению «…»»."""
    direction = (fields or {}).get("direction") or ""
    topic = (fields or {}).get("topic") or ""
    if kind == SubmissionKind.APPLICATION:
        title = f"Рассмотрение заявки на присвоение статуса муниципальной инновационной площадки {school_short}"
        if direction:
            title += f" по направлению {quoted(direction)}"
        if topic:
            title += f", тема проекта {quoted(topic)}"
        return title
    if kind == SubmissionKind.INTERIM_REPORT:
        return (f"Рассмотрение промежуточного отчёта муниципальной инновационной площадки {school_short}"
                + (f" за {academic_year} учебный год" if academic_year else ""))
    if kind == SubmissionKind.FINAL_REPORT:
        return f"Рассмотрение итогового отчёта муниципальной инновационной площадки {school_short}"
    if kind == SubmissionKind.CORRECTED_PROGRAMME:
        return f"Рассмотрение скорректированной программы инновационной деятельности {school_short}"
    return f"Рассмотрение обращения {school_short}"


def speaker_line(school_short: str, director: str) -> str:
    return f"директор {school_short} {director}".strip() if director else ""


def salutation(full_name: str) -> str:
    """«Уважаемая Наталья Петровна!» from «Орлова Наталья Петровна»; a neutral one otherwise."""
    parts = (full_name or "").split()
    if len(parts) < 3:
        return "Уважаемый руководитель!"
    female = parts[2].endswith(("вна", "чна", "кызы"))
    return f"Уважаем{'ая' if female else 'ый'} {parts[1]} {parts[2]}!"


def heard_line(school_short: str, director: str) -> str:
    """«Орлову Н.П., директора МБОУ «СОШ № 7»» — whom the council heard (accusative)."""
    from docflow.documents import grammar
    if not director.split():
        return ""
    return grammar.person_with_position(director, f"директор {school_short}", "accs")


_SPEAKER = re.compile(r"^(?P<surname>[А-ЯЁ][а-яё-]+)\s+(?P<ini>[А-ЯЁ]\.\s?(?:[А-ЯЁ]\.)?)\s*,\s*(?P<position>.+)$")


def heard_from_speaker(speaker: str) -> str:
    """«Белов А.Н., заместитель председателя комитета» → «Белова А.Н., заместителя председателя комитета»
    (whom the council heard); a line of another shape is kept as typed."""
    from docflow.documents import grammar
    m = _SPEAKER.match((speaker or "").strip())
    if m is None:
        return (speaker or "").strip()
    return grammar.person_with_position(f"{m['surname']} {m['ini']}", m["position"], "accs")


def dative(name: str) -> str:
    """«Муниципальное бюджетное общеобразовательное учреждение «…»» → «муниципальному … учреждению «…»»."""
    from docflow.documents import grammar
    return grammar.lower_first(grammar.phrase(name, "datv"))


def standard_decisions(kind: str, decision: Decision, *, school_short: str, school_name: str,
                       council_abbr: str, academic_year: str, reasons: str, due: dt.date | None,
                       operator_short: str, title: str = "") -> list[str]:
    """The numbered decisions the protocol records for an item (before any extra ones)."""
    reasons = reasons.strip().rstrip(".")
    academic_year = academic_year_label(academic_year) if academic_year else ""
    if kind == "other":
        q = quoted(title)
        return [{Decision.NOTE: f"Принять к сведению информацию по вопросу {q}.",
                 Decision.APPROVE: f"Поддержать предложение по вопросу {q}.",
                 Decision.REJECT: f"Не поддерживать предложение по вопросу {q}.",
                 Decision.RETURN: f"Вернуть вопрос {q} на доработку: {reasons}."}[decision]]
    if kind == "composition":
        if decision == Decision.APPROVE:
            return [f"Утвердить состав {council_abbr} на {academic_year} учебный год."]
        return [f"Не утверждать представленный состав {council_abbr} на {academic_year} учебный год"
                + (f": {reasons}." if reasons else ".")]
    if decision == Decision.RETURN:
        what = KIND_ACCUSATIVE.get(kind, "материалы")
        return [f"Вернуть {what} {school_short} на доработку: {reasons}.",
                f"{school_short} представить доработанные материалы в срок до {ru_date(due)}."]
    if decision == Decision.NOTE:
        return [f"Принять к сведению информацию {school_short}."]
    if kind == SubmissionKind.APPLICATION:
        if decision == Decision.APPROVE:
            return [f"Присвоить статус {MIP} {dative(school_name)}.",
                    f"Рекомендовать {school_short} передать материалы инновационной деятельности в "
                    f"{operator_short} для размещения на сайте с целью диссеминации опыта.",
                    f"Внести в приказ решение о присвоении статуса МИП {dative(school_name)}."]
        return [f"Отказать {dative(school_name)} в присвоении статуса {MIP}"
                + (f": {reasons}." if reasons else ".")]
    what = KIND_GENITIVE.get(kind, "материалов")
    if decision == Decision.APPROVE:
        if kind == SubmissionKind.INTERIM_REPORT:  # worded as the directive words it (seed 002)
            return [f"Одобрить промежуточные итоги реализации программы инновационной деятельности {school_short}"
                    + (f" за {academic_year} учебный год." if academic_year else ".")]
        if kind == SubmissionKind.FINAL_REPORT:
            return [f"Утвердить итоговый отчёт муниципальной инновационной площадки {school_short}."]
        return [f"Утвердить скорректированную программу инновационной деятельности {school_short}."]
    return [f"Не утверждать материалы {what} {school_short}" + (f": {reasons}." if reasons else ".")]
