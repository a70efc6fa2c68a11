"""Letters of the council's paperwork, all through the outbox (idempotent by dedup key)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from docflow.config import Settings
from docflow.council import wording
from docflow.outbox import Attachment, enqueue
from docflow.store import archive
from docflow.store.enums import Decision
from docflow.store.models import Document, Meeting, School

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def _sender(settings: Settings) -> str:
    return settings.mailboxes[0].address


def _school_to(school: School | None) -> list[str]:
    if school is None or not school.addresses:
        return []
    primary = [a.email for a in school.addresses if a.is_primary]
    return primary or [school.addresses[0].email]


def _signature(settings: Settings) -> str:
    return (f"\n\nС уважением,\nсекретарь {wording.genitive_phrase(settings.council.name)}\n"
            f"{settings.committee.short_name}\n{settings.committee.phone}").rstrip()


def agenda_recipients(settings: Settings, academic_year: str) -> list[str]:
    """Members with an address in the settings, and the operator (who supports the council)."""
    members = [getattr(m, "email", "") for m in settings.council.members_for(academic_year)]
    return list(dict.fromkeys(a.lower() for a in [*members, settings.operator.email] if a))


def send_agenda(session: Session, settings: Settings, meeting: Meeting, docx: bytes, time: str,
                pdf: bytes | None = None) -> list[int]:
    """The agenda to the members, an invitation to each school whose matter is heard; letter ids."""
    date, abbr = wording.ru_date(meeting.held_on), settings.council.short_name
    time = time or settings.council.meeting_rule.time
    ids = []
    to = agenda_recipients(settings, meeting.council.academic_year)
    items = "\n".join(f"{i.position_no}. {i.title}" for i in meeting.items)
    if to:
        ids.append(enqueue(
            session, dedup_key=f"council:agenda:{meeting.id}", kind="agenda", sender=_sender(settings),
            mailbox=settings.mailboxes[0].name, to=to,
            subject=f"Повестка заседания {abbr} {date}",
            body=(f"Уважаемые члены совета!\n\nЗаседание {wording.genitive_phrase(settings.council.name)} "
                  f"состоится {date} в {time} по адресу: {meeting.place}.\n\nПовестка дня:\n{items}\n\n"
                  "Повестка прилагается." + _signature(settings)),
            attachments=[Attachment(f"Повестка {abbr} {date}.docx", docx, DOCX),
                         *([Attachment(f"Повестка {abbr} {date}.pdf", pdf, PDF)] if pdf else [])]).id)
    for item in meeting.items:
        sub = item.submission
        to = _school_to(sub.school if sub else None)
        if not to:
            continue
        director = sub.school.director
        ids.append(enqueue(
            session, dedup_key=f"council:invite:{meeting.id}:{sub.id}", kind="invitation",
            sender=_sender(settings),
            mailbox=settings.mailboxes[0].name, to=to, school_id=sub.school_id, submission_id=sub.id,
            in_reply_to=sub.message.message_id_header if sub.message else "",
            subject=f"Приглашение на заседание {abbr} {date} (рег. № {sub.reg_number})",
            body=(f"{wording.salutation(director)}\n\n"
                  f"Ваше обращение (рег. № {sub.reg_number}) включено в повестку заседания "
                  f"{wording.genitive_phrase(settings.council.name)}, которое состоится {date} в {time} "
                  f"по адресу: {meeting.place}.\n\nВопрос {item.position_no}: {item.title}.\n\n"
                  "Приглашаем Вас выступить по этому вопросу (до 7 минут) и ответить на вопросы членов совета."
                  + _signature(settings))).id)
    return ids


def send_outcomes(session: Session, settings: Settings, meeting: Meeting, extracts: list[Document]) -> list[int]:
    """Each school gets its extract; a returned matter also says what to revise and by when."""
    date, abbr = wording.ru_date(meeting.held_on), settings.council.short_name
    by_school = {d.school_id: d for d in extracts}
    ids = []
    for item in meeting.items:
        sub = item.submission
        to = _school_to(sub.school if sub else None)
        if not to or item.decision != Decision.RETURN:
            continue
        ids.append(enqueue(
            session, dedup_key=f"council:return:{item.id}", kind="notice", sender=_sender(settings),
            mailbox=settings.mailboxes[0].name, to=to,
            school_id=sub.school_id, submission_id=sub.id,
            in_reply_to=sub.message.message_id_header if sub.message else "",
            subject=f"Решение {abbr} {date}: {wording.KIND_SHORT.get(sub.kind, 'материалы')} "
                    f"(рег. № {sub.reg_number}) — на доработку",
            body=(f"{wording.salutation(sub.school.director)}\n\n"
                  f"{settings.council.name[:1].upper()}{settings.council.name[1:]} на заседании {date} "
                  f"рассмотрел {wording.KIND_ACCUSATIVE.get(sub.kind, 'материалы')} {sub.school.short_name} "
                  f"(рег. № {sub.reg_number}) и вернул на доработку.\n\n"
                  f"Что нужно доработать: {item.reasons.rstrip('.')}.\n\n"
                  f"Доработанные материалы направьте ответным письмом на этот адрес в срок до "
                  f"{wording.ru_date(item.due_date)}." + _signature(settings))).id)
    for school_id, doc in by_school.items():
        school = session.get(School, school_id)
        to = _school_to(school)
        if not to:
            continue
        ids.append(enqueue(
            session, dedup_key=f"council:extract:{doc.id}", kind="distribution", sender=_sender(settings),
            mailbox=settings.mailboxes[0].name, to=to,
            school_id=school_id, document_id=doc.id,
            subject=f"Выписка из протокола № {doc.number} заседания {abbr} от {date}",
            body=(f"{wording.salutation(school.director)}\n\nНаправляем выписку из протокола "
                  f"№ {doc.number} заседания {wording.genitive_phrase(settings.council.name)} от {date} "
                  f"по вопросам {school.short_name}." + _signature(settings)),
            attachments=[Attachment(f"Выписка из протокола № {doc.number} от {date}.docx",
                                    archive.get(doc.docx_sha256), DOCX),
                         *([Attachment(f"Выписка из протокола № {doc.number} от {date}.pdf",
                                       archive.get(doc.pdf_sha256), PDF)] if doc.pdf_sha256 else [])]).id)
    return ids
