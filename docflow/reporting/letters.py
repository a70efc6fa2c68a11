"""Texts of the reporting and execution-control letters (formal Russian), one function per letter.

Each returns ``(subject, body)``. The basis of a controlled item is the order or directive that
set it («во исполнение пункта 2 распоряжения … от 26.04.2027 № 328-р «…»»); a yearly report
obligation rests on the site's order and the municipal procedure.
"""

from __future__ import annotations

import datetime as dt

from docflow.config import Settings
from docflow.store.models import Deadline, Document, School, Site
from docflow.textfmt import fmt_date, fmt_date_long
from docflow.textfmt import signature as committee_signature

PROCEDURE = "Порядком признания образовательных организаций муниципальными инновационными площадками"
KIND_ACC = {"interim_report": "промежуточный отчёт о реализации инновационного проекта",
            "final_report": "итоговый отчёт о реализации инновационного проекта",
            "corrected_programme": "скорректированную программу инновационной деятельности",
            "application": "заявку"}
KIND_GEN = {"interim_report": "промежуточного отчёта", "final_report": "итогового отчёта",
            "corrected_programme": "скорректированной программы", "application": "заявки"}
_ORG_GEN = {"комитет": "комитета", "управление": "управления", "департамент": "департамента",
            "отдел": "отдела", "министерство": "министерства"}
_REGISTER = {"order": ("приказом", "приказа"), "directive": ("распоряжением", "распоряжения")}


def org_genitive(settings: Settings) -> str:
    """«Комитет по образованию» → «комитета по образованию»."""
    first, _, rest = settings.committee.short_name.partition(" ")
    return " ".join(x for x in (_ORG_GEN.get(first.lower(), first.lower()), rest) if x)


def document_ref(settings: Settings, doc: Document, case: str = "ins") -> str:
    """«распоряжением комитета по образованию от 26.04.2027 № 328-р «Об …»» (case ins | gen)."""
    ins, gen = _REGISTER.get(doc.register, ("документом", "документа"))
    parts = [ins if case == "ins" else gen, org_genitive(settings)]
    if doc.doc_date:
        parts.append(f"от {fmt_date(doc.doc_date)}")
    if doc.number:
        parts.append(f"№ {doc.number}")
    title = (doc.title or "").strip()
    if title:
        parts.append(f"«{title.strip('«»')}»")
    return " ".join(parts)


def basis(settings: Settings, d: Deadline, doc: Document | None, site_order: Document | None) -> str:
    """The opening clause: «во исполнение пункта 2 распоряжения …» / «в соответствии с приказом …»."""
    if doc is not None:
        item = f"пункта {d.item_no} " if d.item_no else ""
        return f"во исполнение {item}{document_ref(settings, doc, 'gen')}"
    if site_order is not None:
        return f"в соответствии с {document_ref(settings, site_order, 'ins')} и {PROCEDURE}"
    return f"в соответствии с {PROCEDURE}"


def basis_label(settings: Settings, d: Deadline, doc: Document | None, site_order: Document | None) -> str:
    """The basis as a short nominative label, for lists: «распоряжение … № 15-р, п. 2»."""
    if doc is not None:
        ins, _ = _REGISTER.get(doc.register, ("документ", ""))
        noun = {"приказом": "приказ", "распоряжением": "распоряжение"}.get(ins, "документ")
        parts = [noun, org_genitive(settings)]
        if doc.doc_date:
            parts.append(f"от {fmt_date(doc.doc_date)}")
        if doc.number:
            parts.append(f"№ {doc.number}")
        return " ".join(parts) + (f", п. {d.item_no}" if d.item_no else "")
    if site_order is not None:
        return " ".join(x for x in ("приказ", org_genitive(settings), f"от {fmt_date(site_order.doc_date)}"
                                    if site_order.doc_date else "", f"№ {site_order.number}" if site_order.number
                                    else "") if x)
    return "Порядок признания образовательных организаций муниципальными инновационными площадками"


_POS_DAT = {"председатель": "председателю", "заместитель": "заместителю", "заведующий": "заведующему",
            "заведующая": "заведующей", "директор": "директору", "начальник": "начальнику",
            "руководитель": "руководителю", "главный": "главному", "ведущий": "ведущему"}


def dative_position(position: str) -> str:
    """«Заместитель председателя комитета» → «Заместителю председателя комитета» (first word only)."""
    first, _, rest = position.partition(" ")
    dat = _POS_DAT.get(first.lower())
    if dat is None:
        return position
    dat = dat[:1].upper() + dat[1:] if first[:1].isupper() else dat
    return f"{dat} {rest}".strip()


def dative_name(name_short: str) -> str:
    """«Е.С. Воронцова» → «Е.С. Воронцовой», «А.Н. Белов» → «А.Н. Белову» (common surname endings)."""
    head, _, surname = name_short.rpartition(" ")
    low = surname.lower()
    if low.endswith(("ова", "ева", "ёва", "ина", "ына")):
        surname = surname[:-1] + "ой"
    elif low.endswith(("ов", "ев", "ёв", "ин", "ын")):
        surname += "у"
    elif low.endswith("ая"):
        surname = surname[:-2] + "ой"
    elif low.endswith(("ий", "ый")):
        surname = surname[:-2] + "ому"
    return f"{head} {surname}".strip()


def _what(d: Deadline) -> str:
    return KIND_ACC.get(d.expects_kind) or d.text[:1].lower() + d.text[1:]


def _greeting(school: School | None) -> list[str]:
    if school is None:
        return ["Уважаемые коллеги!", ""]
    return [f"Руководителю {school.short_name}", "", "Уважаемые коллеги!", ""]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def signature(settings: Settings) -> str:
    return committee_signature(settings, "Письмо сформировано автоматически системой контроля исполнения.")


def _how(settings: Settings) -> str:
    return (f"Документ направляется в формате DOCX по установленной форме на адрес электронной почты "
            f"{settings.committee.email or settings.mailboxes[0].address}.")


def call(settings: Settings, d: Deadline, school: School, ref: str) -> tuple[str, str]:
    subject = f"О представлении отчётов муниципальных инновационных площадок за {d.academic_year} учебный год"
    body = [*_greeting(school),
            f"{_cap(ref)} отчёт о реализации инновационного проекта представляется ежегодно.",
            "",
            f"Просим {school.short_name} в срок до {fmt_date_long(d.due_on)} представить {_what(d)} "
            f"за {d.academic_year} учебный год. {_how(settings)}",
            "",
            f"Представленные отчёты будут рассмотрены на заседании {settings.council.name_genitive}; "
            f"по их итогам {settings.operator.short_name} проводит ежегодный мониторинг эффективности "
            f"деятельности площадок.",
            "", signature(settings)]
    return subject, "\n".join(body)


def reminder(settings: Settings, d: Deadline, school: School | None, ref: str, days_left: int) -> tuple[str, str]:
    what = KIND_GEN.get(d.expects_kind, "документов")
    subject = f"Напоминание о сроке представления {what}: до {fmt_date(d.due_on)}"
    who = f" {school.short_name}" if school else (f" {d.responsible_name}" if d.responsible_name else "")
    body = [*_greeting(school),
            f"Напоминаем, что {ref}{who} необходимо в срок до {fmt_date_long(d.due_on)} {_task(d)}",
            f"До истечения срока осталось рабочих дней: {days_left}.",
            "",
            _how(settings) if d.expects_kind else "",
            "Если документ уже направлен и находится на проверке, результат проверки будет сообщён "
            "отдельным письмом.",
            "", signature(settings)]
    return subject, "\n".join(x for x in body if x is not None)


def _task(d: Deadline) -> str:
    if d.expects_kind:
        return f"представить {_what(d)}."
    text = d.text.rstrip(".")
    return f"исполнить поручение: {text[:1].lower() + text[1:]}."


def overdue(settings: Settings, d: Deadline, school: School | None, ref: str, today: dt.date,
            incomplete_number: str | None) -> tuple[str, str]:
    what = KIND_GEN.get(d.expects_kind, "документов")
    subject = f"О нарушении срока представления {what}"
    who = f" {school.short_name}" if school else (f" {d.responsible_name}" if d.responsible_name else "")
    if incomplete_number:
        state = (f"Документ, поступивший под № {incomplete_number}, не прошёл проверку комплектности; "
                 f"полный комплект в комитет не поступил.")
    else:
        state = "По состоянию на " + fmt_date(today) + " документ в комитет не поступил."
    body = [*_greeting(school),
            f"Сообщаем, что {ref}{who} необходимо было в срок до {fmt_date_long(d.due_on)} {_task(d)}",
            state,
            "",
            "Просим в течение трёх рабочих дней устранить нарушение срока и сообщить его причины ответом "
            "на это письмо. Сведения о нарушении срока направлены заместителю председателя комитета, "
            "осуществляющему контроль исполнения.",
            "", signature(settings)]
    return subject, "\n".join(body)


def _register_link() -> str:
    """The overdue items in the staff app (Airflow → «Документооборот» → «Контроль исполнения»)."""
    import os
    base = os.environ.get("DOCFLOW_WEB_URL") or os.environ.get("AIRFLOW__API__BASE_URL", "")
    where = "реестр «Контроль исполнения» (Airflow, раздел «Документооборот»)"
    return f"{where}: {base.rstrip('/')}/docflow/deadlines?overdue=true" if base else where + "."


def escalation(settings: Settings, today: dt.date, rows: list[tuple[Deadline, str, str]]) -> tuple[str, str]:
    """rows: (deadline, responsible, basis clause) of every item that became overdue today."""
    subject = f"Контроль исполнения: просроченные поручения на {fmt_date(today)}"
    # mailed to the staff of reporting.escalate_to: addressed to them, not to someone who does not get it
    lines = ["Уважаемые коллеги!", "",
             f"По состоянию на {fmt_date(today)} в установленный срок не исполнены поручения ({len(rows)}):", ""]
    for i, (d, who, ref) in enumerate(rows, 1):
        lines.append(f"{i}. {who} — {d.text.rstrip('.')} (срок — {fmt_date(d.due_on)}; основание: {ref}; "
                     f"контрольный № {d.id}).")
    lines += ["", "Ответственным направлены уведомления о нарушении срока. Прошу доложить "
              f"{dative_position(settings.deputy.position)} {dative_name(settings.deputy.name_short)}, "
              "контролирующему исполнение.", "", f"Список просроченных поручений: {_register_link()}",
              "", signature(settings)]
    return subject, "\n".join(lines)


def final_notice(settings: Settings, site: Site, school: School, due: dt.date, ref: str) -> tuple[str, str]:
    subject = "О представлении итогового отчёта муниципальной инновационной площадки"
    body = [*_greeting(school),
            f"Сообщаем, что срок статуса муниципальной инновационной площадки {school.short_name} "
            f"истекает {fmt_date_long(site.ends_on)}.",
            f"{_cap(ref)} просим в срок до {fmt_date_long(due)} представить итоговый отчёт "
            f"о реализации инновационного проекта. {_how(settings)}",
            "",
            f"Итоговый отчёт будет рассмотрен на заседании {settings.council.name_genitive}.",
            "", signature(settings)]
    return subject, "\n".join(body)


def summary(settings: Settings, year: str, number: str, figures: dict[str, int]) -> tuple[str, str]:
    subject = f"Итоги мониторинга эффективности деятельности МИП за {year} учебный год"
    body = [f"{dative_position(settings.head.position)} {dative_name(settings.head.name_short)}",
            f"{dative_position(settings.operator.head.position)} {dative_name(settings.operator.head.name_short)}", "",
            "Уважаемые коллеги!", "",
            f"Направляем итоги ежегодного мониторинга эффективности деятельности муниципальных инновационных "
            f"площадок за {year} учебный год (№ {number}): сводная таблица (XLSX) и справка (DOCX).", "",
            f"Площадок: {figures['sites']}; отчётов представлено в срок: {figures['on_time']}, "
            f"с опозданием: {figures['late']}, не представлено: {figures['missing']}.",
            "", signature(settings)]
    return subject, "\n".join(body)
