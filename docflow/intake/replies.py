"""Letters intake sends: acknowledgement, unregistered sender, limits exceeded (formal Russian)."""

from __future__ import annotations

from datetime import datetime

from docflow.config import Settings
from docflow.store.enums import LABELS_RU
from docflow.textfmt import fmt_date, fmt_size, signature

_NEXT = {
    "application": ("Заявка проверяется на полноту и правильность заполнения; результат проверки будет "
                    "направлен вам отдельным письмом. Полная заявка включается в повестку ближайшего "
                    "заседания {council}."),
    "interim_report": ("Отчёт проверяется на полноту заполнения; результат проверки будет направлен вам "
                       "отдельным письмом."),
    "final_report": ("Отчёт проверяется на полноту заполнения; результат проверки будет направлен вам "
                     "отдельным письмом."),
    "corrected_programme": ("Скорректированная программа проверяется на полноту заполнения и будет "
                            "рассмотрена на заседании {council}."),
}
_NEXT_DEFAULT = "Письмо передано специалисту комитета для рассмотрения."


def _signature(s: Settings) -> str:
    return signature(s, "Это письмо сформировано автоматически системой регистрации документов.")


def _received(sent_at: datetime | None, subject: str, s: Settings) -> str:
    when = f" от {fmt_date(sent_at, s.tz)}" if sent_at else ""
    about = f" «{subject}»" if subject else " (без темы)"
    return f"Ваше письмо{when}{about}"


def acknowledgement(s: Settings, *, reg_number: str, registered_at: datetime, kind: str,
                    subject: str, sent_at: datetime | None, files: list[tuple[str, int]]) -> tuple[str, str]:
    listing = "\n".join(f"  {i}. {name} ({fmt_size(size)})" for i, (name, size) in enumerate(files, 1))
    body = [
        "Уважаемые коллеги!",
        "",
        f"{_received(sent_at, subject, s)} получено и зарегистрировано {fmt_date(registered_at, s.tz)} "
        f"под № {reg_number}.",
        "",
        f"Вид документа: {LABELS_RU.get(kind, kind)}.",
        f"Получены файлы:\n{listing}" if files else "Вложений в письме нет.",
        "",
        _NEXT.get(kind, _NEXT_DEFAULT).format(council=s.council.name_genitive),
        "",
        f"При переписке по этому документу, пожалуйста, указывайте номер {reg_number} "
        "или отвечайте на это письмо.",
        "",
        _signature(s),
    ]
    return f"Документ зарегистрирован: № {reg_number}", "\n".join(body)


def unregistered_sender(s: Settings, *, address: str, subject: str, sent_at: datetime | None) -> tuple[str, str]:
    body = [
        "Уважаемый отправитель!",
        "",
        f"{_received(sent_at, subject, s)} поступило с адреса {address}, который не внесён в реестр "
        "адресов электронной почты образовательных организаций. Письмо не зарегистрировано; оно сохранено "
        "и передано специалисту комитета для проверки.",
        "",
        "Чтобы документы регистрировались автоматически, направляйте их с официального адреса электронной "
        "почты организации, указанного в реестре. Если адрес организации изменился, руководитель организации "
        f"может сообщить новый адрес письмом на {s.committee.email or s.mailboxes[0].address} "
        "с официального адреса или по телефону"
        + (f" {s.committee.phone}." if s.committee.phone else "."),
        "",
        _signature(s),
    ]
    return "Письмо не зарегистрировано: адрес отправителя не внесён в реестр", "\n".join(body)


def limit_exceeded(s: Settings, *, which: str, limit: str, actual: str, subject: str,
                   sent_at: datetime | None) -> tuple[str, str]:
    body = [
        "Уважаемые коллеги!",
        "",
        f"{_received(sent_at, subject, s)} не может быть зарегистрировано: превышен {which} "
        f"({limit}); в вашем письме — {actual}.",
        "",
        "Направьте, пожалуйста, документы повторно: разделите их на несколько писем или уменьшите размер "
        "файлов (например, сохраните сканы с меньшим разрешением, не вкладывайте один файл дважды). Письмо "
        "сохранено и передано специалисту комитета.",
        "",
        _signature(s),
    ]
    return "Письмо не зарегистрировано: превышен допустимый размер", "\n".join(body)
