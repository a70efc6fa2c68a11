"""Distribution: one outbox letter per school, with copies, threading and the document attached;
then the mail area's sender delivers them to a real SMTP server and we read them back over IMAP."""

from __future__ import annotations

import email
import email.policy

from sqlalchemy import select

from tests.orders.conftest import ORDER_DAY, make_meeting


def _issue(meeting_id: int, *, pdf: bool = False) -> list[int]:
    from docflow.orders import approval, drafts
    from docflow.store.db import unit_of_work
    with unit_of_work() as s:
        ids = [d.id for d in drafts.draft_for_meeting(s, meeting_id)]
    for i in ids:
        with unit_of_work() as s:
            approval.approve(s, i, "head", today=ORDER_DAY, pdf=pdf)
    return ids


def test_one_letter_per_school_with_copy_and_threading(decided):
    from docflow.orders.distribution import distribute_pending, pending
    from docflow.store import archive
    from docflow.store.db import unit_of_work
    from docflow.store.models import Document, OutboxLetter
    order_id, directive_id = _issue(decided.meeting_id)
    done = distribute_pending()
    assert [(d.document_id, len(d.queued), d.sent) for d in done] == [(order_id, 2, True), (directive_id, 2, True)]
    assert distribute_pending() == []  # nothing pending any more
    with unit_of_work() as s:
        assert pending(s) == []
        letters = s.scalars(select(OutboxLetter).order_by(OutboxLetter.id)).all()
        sid, msg = decided.schools, decided.message_ids
        assert [(x.dedup_key, x.to_addrs, x.cc_addrs, x.in_reply_to, x.references, x.kind) for x in letters] == [
            (f"distribution:{order_id}:{sid['sch-07']}", ["school7@edu.example.ru"], ["imc@komitet.example.ru"],
             msg["sch-07"], [msg["sch-07"]], "distribution"),
            (f"distribution:{order_id}:{sid['lyc-01']}", ["lyceum1@edu.example.ru"], ["imc@komitet.example.ru"],
             msg["lyc-01"], [msg["lyc-01"]], "distribution"),
            (f"distribution:{directive_id}:{sid['sch-12']}", ["school12@edu.example.ru"],
             ["imc@komitet.example.ru"], msg["sch-12"], [msg["sch-12"]], "distribution"),
            (f"distribution:{directive_id}:{sid['sch-brz']}", ["berezovka@edu.example.ru"],
             ["imc@komitet.example.ru"], msg["sch-brz"], [msg["sch-brz"]], "distribution"),
        ]
        first = letters[0]
        assert first.subject == ("Приказ комитета по образованию от 16.11.2026 № 1 «О присвоении статуса "
                                 "муниципальной инновационной площадки» — МБОУ «СОШ № 7»")
        assert first.body_text.startswith("Уважаемые коллеги!\n\nНаправляем приказ комитета по образованию от "
                                          "16.11.2026 № 1")
        assert "— до 15.06.2027 (пункт 3): представить в МБУ «ИМЦ» отчёт" in first.body_text
        assert first.submission_id == decided.submissions["sch-07"] and first.document_id == order_id
        doc = s.get(Document, order_id)
        assert first.attachments == [{"filename": "Приказ от 16.11.2026 № 1.docx", "sha256": doc.docx_sha256,
                                      "mime": "application/vnd.openxmlformats-officedocument.wordprocessingml"
                                              ".document", "size": len(archive.get(doc.docx_sha256))}]
        assert doc.status == "sent" and doc.events[-1].event == "queued"
        assert "Берёзовская" in letters[3].subject and "1.2" in letters[3].body_text  # corrected programme due


def test_school_without_address_keeps_the_document_final(demo_schools):
    from docflow.orders.distribution import distribute_pending
    from docflow.store.db import unit_of_work
    from docflow.store.models import Document, OutboxLetter, School, SchoolAddress
    m = make_meeting(applications=("sch-07", "lyc-01"), reports_ok=(), reports_returned=(), rejected=())
    with unit_of_work() as s:
        lyc = s.scalar(select(School).where(School.code == "lyc-01"))
        for a in s.scalars(select(SchoolAddress).where(SchoolAddress.school_id == lyc.id)):
            s.delete(a)
    (order_id,) = _issue(m.meeting_id)
    assert [d.missing for d in distribute_pending()] == [["МБОУ «Лицей № 1»"]]
    distribute_pending()  # the next run tries again, without a second letter or a second event
    with unit_of_work() as s:
        doc = s.get(Document, order_id)
        assert doc.status == "final"
        assert [e.event for e in doc.events].count("distribution_incomplete") == 1
        assert len(s.scalars(select(OutboxLetter)).all()) == 1


def test_letters_reach_schools_over_smtp_and_names_cannot_inject_headers(demo_schools, devmail, monkeypatch):
    """The real path: outbox → the mail area's sender → SMTP → the school's IMAP mailbox."""
    from docflow.config import get_settings
    from docflow.mail.imap import ImapReader
    from docflow.orders.distribution import distribute_pending
    from docflow.outbox import drain_all
    from docflow.store.db import unit_of_work
    from docflow.store.models import Document, OutboxLetter, School
    school_box = devmail.new_address("school7")
    with unit_of_work() as s:
        school = s.scalar(select(School).where(School.code == "sch-07"))
        school.addresses[0].email = school_box
        school.short_name = "МБОУ «СОШ № 7»\r\nBcc: evil@attacker.example\r\nX-Injected: yes"
    m = make_meeting(applications=("sch-07",), reports_ok=(), reports_returned=(), rejected=())
    _issue(m.meeting_id)
    distribute_pending()
    with unit_of_work() as s:
        letter = s.scalar(select(OutboxLetter))
        assert "\r" not in letter.subject and "\n" not in letter.subject  # the outbox sanitised it
        message_id = letter.message_id_header
    report = drain_all(get_settings(), smtp_for=lambda m: devmail.smtp_params(), imap_for=lambda m: None)
    assert report["sent"] == 1
    with ImapReader(devmail.imap_params(school_box)) as r:
        r.select("INBOX", readonly=True)
        raws = [m.raw for batch in r.fetch(r.uids()) for m in batch]
    assert len(raws) == 1
    got = email.message_from_bytes(raws[0], policy=email.policy.default)
    assert got["Message-ID"] == message_id
    assert got["In-Reply-To"] == m.message_ids["sch-07"]
    assert got["Cc"] == "imc@komitet.example.ru"
    assert got["Bcc"] is None and got["X-Injected"] is None
    assert str(got["Subject"]).startswith("Приказ комитета по образованию от 16.11.2026 № 1 «О присвоении")
    names = [p.get_filename() for p in got.iter_attachments()]
    assert names == ["Приказ от 16.11.2026 № 1.docx"]
    with unit_of_work() as s:
        sent = s.scalar(select(OutboxLetter))
        assert sent.status == "sent"
        assert set(sent.delivery) == {school_box, "imc@komitet.example.ru"}  # no smuggled recipient
        doc = s.get(Document, sent.document_id)
        assert doc.status == "delivered"
        assert [e.event for e in doc.events] == ["drafted", "approved", "numbered", "pdf_failed", "queued",
                                                  "sent"]
