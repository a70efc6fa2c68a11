"""A small, realistic store for the web and action tests: one of every record staff look at."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, date, datetime

from docflow.store import archive
from docflow.store.db import unit_of_work
from docflow.store.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Council,
    CouncilMember,
    Deadline,
    Document,
    DocumentEvent,
    Mailbox,
    Meeting,
    Message,
    OutboxLetter,
    School,
    Site,
    Submission,
    SubmissionEvent,
    Vote,
)

RAW_EML = ("From: =?utf-8?b?0KjQutC+0LvQsCDihJYgNw==?= <school7@edu.example.ru>\r\n"
           "To: mip@komitet.example.ru\r\nSubject: =?utf-8?b?0JfQsNGP0LLQutCw?=\r\n"
           "Message-ID: <a1@edu.example.ru>\r\n\r\nЗаявка во вложении.\r\n").encode()
UNKNOWN_EML = b"From: stranger@example.com\r\nSubject: hello\r\n\r\nhi\r\n"
RUN = "docflow_intake/scheduled__2026-11-20T07:00:00+00:00"


def docx_bytes(text: str) -> bytes:
    import docx
    d = docx.Document()
    d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@dataclass
class Seeded:
    school7: int
    school12: int
    message: int
    quarantined: int
    attachment: int
    submission: int
    incomplete: int
    site: int
    meeting: int
    protocol: int
    order: int
    failed_letter: int
    sent_letter: int
    overdue: int
    future: int
    docx: bytes
    form: bytes


def seed() -> Seeded:
    form = docx_bytes("Заявка на присвоение статуса муниципальной инновационной площадки")
    order_docx = docx_bytes("ПРИКАЗ о присвоении статуса муниципальной инновационной площадки")
    with unit_of_work() as s:
        sch7 = s.query(School).filter_by(code="sch-07").one()
        sch12 = s.query(School).filter_by(code="sch-12").one()
        mb = Mailbox(name="official", address="mip@komitet.example.ru", conn_id="docflow_imap")
        s.add(mb)
        s.flush()
        msg = Message(mailbox_id=mb.id, folder="INBOX", uidvalidity=1, uid=1, raw_sha256=archive.put(RAW_EML),
                      size=len(RAW_EML), from_addr="school7@edu.example.ru", from_name="Школа № 7",
                      subject="Заявка на статус МИП", status="registered", school_id=sch7.id,
                      message_id_header="<a1@edu.example.ru>", details={"run_id": RUN},
                      sent_at=datetime(2026, 11, 19, 21, 30, tzinfo=UTC))
        quar = Message(mailbox_id=mb.id, folder="INBOX", uidvalidity=1, uid=2, raw_sha256=archive.put(UNKNOWN_EML),
                       size=len(UNKNOWN_EML), from_addr="stranger@example.com", subject="Отчёт",
                       status="quarantined", error="Отправитель не найден в реестре организаций")
        s.add_all([msg, quar])
        s.flush()
        att = Attachment(message_id=msg.id, filename="Заявка СОШ 7.docx", size=len(form), sha256=archive.put(form),
                         declared_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        s.add(att)
        s.flush()
        sub = Submission(reg_number="ВХ-2026/0001", reg_year=2026, reg_seq=1, message_id=msg.id, school_id=sch7.id,
                         kind="application", status="needs_review", academic_year="2026/2027",
                         registered_at=datetime(2026, 11, 19, 21, 45, tzinfo=UTC), attachment_id=att.id,
                         findings=[{"field": "theme", "label": "Тема инновационного проекта",
                                   "problem": "Не заполнена тема проекта",
                                   "fix": "Впишите тему проекта в раздел 2 формы заявки.", "severity": "error"},
                                  {"field": "budget", "label": "Смета расходов", "problem": "не приложена",
                                   "fix": "Приложите смету отдельным файлом.", "severity": "warning"},
                                  {"field": "school", "label": "Наименование организации",
                                   "problem": "в форме указана МБОУ «СОШ № 12», а письмо пришло от МБОУ «СОШ № 7»",
                                   "fix": "Уточните у отправителя, от чьего имени подана заявка.",
                                   "severity": "staff"}])
        inc = Submission(reg_number="ВХ-2026/0002", reg_year=2026, reg_seq=2, school_id=sch12.id,
                         kind="interim_report", status="on_agenda", academic_year="2026/2027")
        s.add_all([sub, inc])
        s.flush()
        s.add(SubmissionEvent(submission_id=sub.id, to_status="registered", cause="зарегистрировано", run_id=RUN))
        council = Council(name="муниципальный методический совет", academic_year="2026/2027")
        s.add(council)
        s.flush()
        chair = CouncilMember(council_id=council.id, position_no=1, full_name="Белов Андрей Николаевич",
                              position="заместитель председателя комитета", role="chair")
        sec = CouncilMember(council_id=council.id, position_no=2, full_name="Миронова Алина Сергеевна",
                            position="методист МБУ «ИМЦ»", role="secretary")
        s.add_all([chair, sec])
        s.flush()
        order = Document(register="order", kind="order_site_status", title="О присвоении статуса МИП",
                         status="final", number="12-од", reg_year=2026, reg_seq=12, doc_date=date(2026, 11, 12),
                         docx_sha256=archive.put(order_docx), school_id=sch7.id,
                         run_id="manual__2026-11-12T10:00:00+00:00")  # as the orders DAG stored it before
        s.add(order)
        s.flush()
        meeting = Meeting(council_id=council.id, number=3, held_on=date(2026, 11, 10), status="protocol_issued",
                          place="зал заседаний", chair_id=chair.id, secretary_id=sec.id,
                          run_id="docflow_council/scheduled__2026-11-10T07:00:00+00:00")
        s.add(meeting)
        s.flush()
        protocol = Document(register="protocol", kind="protocol", title="Протокол заседания ММС № 3",
                            status="final", number="3", reg_year=2026, reg_seq=3, doc_date=date(2026, 11, 10),
                            docx_sha256=archive.put(docx_bytes("ПРОТОКОЛ № 3")), meeting_id=meeting.id)
        s.add(protocol)
        s.flush()
        meeting.protocol_document_id = protocol.id
        s.add(DocumentEvent(document_id=protocol.id, event="pdf_failed", actor="system",
                            note="PDF не сформирован: LibreOffice не установлен"))
        item = AgendaItem(meeting_id=meeting.id, position_no=1, kind="application", submission_id=sub.id,
                          title="О присвоении МБОУ «СОШ № 7» статуса МИП", decision="approve",
                          decision_text=["Присвоить статус муниципальной инновационной площадки."])
        s.add(item)
        s.flush()
        s.add_all([Vote(agenda_item_id=item.id, votes_for=2, votes_against=0, recorded_by="secretary"),
                   Attendance(meeting_id=meeting.id, member_id=chair.id, present=True),
                   Attendance(meeting_id=meeting.id, member_id=sec.id, present=True)])
        site = Site(school_id=sch7.id, status="active", theme="Цифровая школа",
                    direction="цифровая образовательная среда",
                    starts_on=date(2026, 11, 12), ends_on=date(2029, 11, 11), order_document_id=order.id)
        s.add(site)
        s.flush()
        failed = OutboxLetter(dedup_key="ack:submission:1", message_id_header="<docflow.x1@komitet.example.ru>",
                              kind="ack", to_addrs=["school7@edu.example.ru"], subject="Уведомление о регистрации",
                              body_text="…", status="failed", attempts=5, last_error="550 mailbox unavailable",
                              school_id=sch7.id)
        sent = OutboxLetter(dedup_key="order:1", message_id_header="<docflow.x2@komitet.example.ru>",
                            kind="distribution", to_addrs=["school7@edu.example.ru"], subject="Приказ № 12-од",
                            body_text="…", status="sent", attempts=1, document_id=order.id)
        stranger = OutboxLetter(dedup_key="reply:unregistered:x", message_id_header="<docflow.x3@komitet.example.ru>",
                                kind="unregistered", to_addrs=["stranger@example.com"],
                                subject="Ваше письмо не зарегистрировано", body_text="…", status="sent", attempts=1)
        s.add_all([failed, sent, stranger])
        overdue = Deadline(text="Представить промежуточный отчёт", due_on=date(2026, 11, 2), responsible_kind="school",
                           school_id=sch7.id, site_id=site.id, academic_year="2026/2027", document_id=order.id)
        future = Deadline(text="Представить итоговый отчёт", due_on=date(2027, 6, 15), responsible_kind="school",
                          school_id=sch7.id, site_id=site.id, academic_year="2026/2027")
        s.add_all([overdue, future])
        s.flush()
        return Seeded(sch7.id, sch12.id, msg.id, quar.id, att.id, sub.id, inc.id, site.id, meeting.id, protocol.id,
                      order.id, failed.id, sent.id, overdue.id, future.id, order_docx, form)
