"""The letters a school receives after the completeness check (formal Russian)."""

from __future__ import annotations

from datetime import date

from docflow.config import Settings
from docflow.store.enums import LABELS_RU
from docflow.textfmt import fmt_date, signature


def _head(kind: str, reg_number: str, registered: date) -> str:
    return (f"Уважаемые коллеги!\n\nВаш документ «{LABELS_RU.get(kind, kind)}», зарегистрированный "
            f"{fmt_date(registered)} под № {reg_number}, проверен на полноту и правильность заполнения.")


def _signature(s: Settings) -> str:
    return signature(s)


def complete(s: Settings, *, kind: str, reg_number: str, registered: date, advice: str = "") -> tuple[str, str]:
    if kind in ("application", "corrected_programme"):
        nxt = (f"Документ полностью соответствует требованиям и будет рассмотрен на ближайшем заседании "
               f"{s.council.name_genitive}. О дате заседания вам сообщат отдельным письмом; руководителя "
               "организации просим быть готовым представить проект.")
    else:
        nxt = ("Отчёт полностью соответствует требованиям и принят; обязательство по его представлению "
               "считается исполненным.")
    extra = f"\n\n{advice}" if advice else ""
    return (f"Документ № {reg_number} принят: комплект полный",
            f"{_head(kind, reg_number, registered)}\n\n{nxt}{extra}\n\n{_signature(s)}")


def incomplete(s: Settings, *, kind: str, reg_number: str, registered: date, problems: str,
               resubmit_by: date) -> tuple[str, str]:
    body = (f"{_head(kind, reg_number, registered)}\n\nДокумент не может быть принят к рассмотрению, так как "
            f"в нём обнаружены следующие недостатки:\n\n{problems}\n\nПросим устранить недостатки и направить "
            f"исправленный документ в срок до {fmt_date(resubmit_by)} ответом на это письмо (или новым письмом "
            "с официального адреса организации, приложив форму целиком). Исправленный документ заменит "
            f"ранее направленный; номер {reg_number} сохранится в истории.\n\n{_signature(s)}")
    return f"Документ № {reg_number}: требуется доработка", body


def refused(s: Settings, *, kind: str, reg_number: str, registered: date, reason: str,
            resubmit_by: date) -> tuple[str, str]:
    body = (f"{_head(kind, reg_number, registered)}\n\n{reason}\n\nПросим направить документ повторно в срок до "
            f"{fmt_date(resubmit_by)} ответом на это письмо. Бланки форм размещены на сайте комитета"
            f"{' ' + s.committee.website if s.committee.website else ''}.\n\n{_signature(s)}")
    return f"Документ № {reg_number}: файл не может быть принят", body


def needs_person(s: Settings, *, kind: str, reg_number: str, registered: date, reason: str) -> tuple[str, str]:
    body = (f"Уважаемые коллеги!\n\nВаш документ «{LABELS_RU.get(kind, kind)}», зарегистрированный "
            f"{fmt_date(registered)} под № {reg_number}, получен. {reason}\n\n{_signature(s)}")
    return f"Документ № {reg_number} передан специалисту для проверки", body
