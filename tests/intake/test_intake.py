"""Intake against real IMAP servers and a real store: exactly once, whatever fails in between."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from sqlalchemy import func, select

from docflow.intake.register import process_message
from docflow.intake.run import poll_mailbox
from docflow.mail.imap import ImapReader
from docflow.store.db import unit_of_work
from docflow.store.models import Attachment, Message, OutboxLetter, Submission, SubmissionEvent
from tests.intake.letters import application, letter

SCHOOL7 = "school7@edu.example.ru"
LYCEUM = "lyceum1@edu.example.ru"


def counts() -> dict[str, int]:
    with unit_of_work() as s:
        return {
            "messages": s.scalar(select(func.count(Message.id))),
            "submissions": s.scalar(select(func.count(Submission.id))),
            "acks": s.scalar(select(func.count(OutboxLetter.id)).where(OutboxLetter.kind == "ack")),
        }


def run(official, **kw):
    with official.reader(batch_size=kw.pop("batch_size", 50)) as reader:
        return poll_mailbox(official.settings, "official", reader, **kw)


def test_registers_acknowledges_and_moves(official):
    official.deliver(application(SCHOOL7, official.address))
    official.deliver(letter(LYCEUM, official.address, "Промежуточный отчёт о реализации проекта",
                            files=[("Отчёт.docx", b"PK\x03\x04 not really a docx")]))
    report = run(official, run_id="docflow_intake/manual__1")
    assert (report.fetched, report.registered, report.quarantined) == (2, 2, 0)
    year = datetime.now(official.settings.tz).year
    assert report.reg_numbers == [f"Вх-{year}-00001", f"Вх-{year}-00002"]
    with unit_of_work() as s:
        subs = s.scalars(select(Submission).order_by(Submission.id)).all()
        assert [x.kind for x in subs] == ["application", "interim_report"]
        assert subs[0].form_type == "application" and subs[0].attachment_id is not None
        assert subs[0].school.short_name == "МБОУ «СОШ № 7»"
        assert subs[0].reg_number.startswith("Вх-") and subs[0].reg_number.endswith("-00001")
        ev = s.scalar(select(SubmissionEvent).where(SubmissionEvent.submission_id == subs[0].id))
        assert ev.to_status == "registered" and ev.run_id == "docflow_intake/manual__1"
        acks = s.scalars(select(OutboxLetter).where(OutboxLetter.kind == "ack").order_by(OutboxLetter.id)).all()
        assert [a.to_addrs for a in acks] == [[SCHOOL7], [LYCEUM]]
        assert subs[0].reg_number in acks[0].subject and "Заявка МИП.docx" in acks[0].body_text
        assert acks[0].in_reply_to == subs[0].message.message_id_header
        att = s.scalar(select(Attachment).where(Attachment.id == subs[0].attachment_id))
        assert att.detected_type.endswith("wordprocessingml.document")
    assert official.folder_uids("INBOX") == []
    assert len(official.folder_uids("docflow/processed")) == 2
    assert run(official).fetched == 0
    assert counts() == {"messages": 2, "submissions": 2, "acks": 2}


def test_unregistered_sender_is_quarantined_and_told_once_a_day(official):
    for _ in range(2):
        official.deliver(letter("stranger@mail.example.com", official.address))
    report = run(official)
    assert (report.registered, report.quarantined) == (0, 2)
    with unit_of_work() as s:
        msgs = s.scalars(select(Message)).all()
        assert {m.status for m in msgs} == {"quarantined"}
        assert "не внесён в реестр" in msgs[0].error
        replies = s.scalars(select(OutboxLetter).where(OutboxLetter.kind == "unregistered")).all()
    assert len(replies) == 1
    assert replies[0].to_addrs == ["stranger@mail.example.com"]
    assert "не внесён в реестр" in replies[0].body_text
    assert len(official.folder_uids("docflow/quarantine")) == 2


def test_same_letter_twice_is_registered_once(official):
    raw = application(SCHOOL7, official.address, msgid="<same-1@edu.example.ru>")
    official.deliver(raw)
    official.deliver(b"Received: from relay2.example.net by mx.example.ru; Tue, 24 Nov 2026 10:31:00 +0300\r\n" + raw)
    report = run(official)
    assert (report.registered, report.duplicates) == (1, 1)
    assert counts() == {"messages": 2, "submissions": 1, "acks": 1}


def test_automatic_mail_is_never_answered(official):
    official.deliver(letter(SCHOOL7, official.address, "Автоответ: Заявка", headers={"Auto-Submitted": "auto-replied"}))
    official.deliver(letter(SCHOOL7, official.address, "Рассылка", headers={"Precedence": "bulk",
                                                                           "List-Id": "<news.example.ru>"}))
    report = run(official)
    assert report.ignored == 2
    assert counts()["acks"] == 0
    with unit_of_work() as s:
        assert s.scalar(select(func.count(OutboxLetter.id))) == 0


def test_failed_dkim_is_quarantined_without_reply(official):
    s = official.settings
    official.settings = s.model_copy(update={"intake": s.intake.model_copy(update={
        "trust": s.intake.trust.model_copy(update={"authserv_ids": ["mx.komitet.example.ru"]})})})
    official.deliver(application(SCHOOL7, official.address,
                                 headers={"Authentication-Results": "mx.komitet.example.ru; dkim=fail; spf=pass"}))
    report = run(official)
    assert report.quarantined == 1
    with unit_of_work() as s:
        assert "DKIM" in s.scalar(select(Message.error))
        assert s.scalar(select(func.count(OutboxLetter.id))) == 0


def test_over_the_size_limit_is_quarantined_with_reply(official, monkeypatch):
    official.settings = official.settings.model_copy(update={"intake": official.settings.intake.model_copy(
        update={"limits": official.settings.intake.limits.model_copy(update={"max_attachments": 1})})})
    official.deliver(letter(SCHOOL7, official.address, files=[("a.docx", b"a" * 10), ("b.docx", b"b" * 10)]))
    assert run(official).quarantined == 1
    with unit_of_work() as s:
        reply = s.scalar(select(OutboxLetter).where(OutboxLetter.kind == "limits"))
        reason = s.scalar(select(Message.error))
    assert "допустимое число вложений (1); в вашем письме — 2" in reply.body_text
    assert reason == "Число вложений (2) превышает допустимое (1)"  # what staff read, in agreed Russian


class Crash(BaseException):
    """The process dies (not an exception any code path would handle)."""


def test_death_after_commit_before_move_is_repaired_without_doubles(official, monkeypatch):
    for i in range(3):
        official.deliver(application(SCHOOL7, official.address, msgid=f"<crash-{i}@edu.example.ru>"))
    original = ImapReader.move

    def die(self, uids, folder):
        raise Crash

    monkeypatch.setattr(ImapReader, "move", die)
    with pytest.raises(Crash):
        run(official, batch_size=2)
    with unit_of_work() as s:
        assert s.scalar(select(func.count(Message.id)).where(Message.imap_state == "pending")) == 2
    assert len(official.folder_uids("INBOX")) == 3  # nothing moved, nothing lost
    monkeypatch.setattr(ImapReader, "move", original)
    report = run(official)
    assert report.repaired_moves == 2 and report.registered == 1
    assert counts() == {"messages": 3, "submissions": 3, "acks": 3}
    assert official.folder_uids("INBOX") == []


def test_death_before_commit_loses_nothing(official, monkeypatch):
    official.deliver(application(SCHOOL7, official.address))
    import docflow.intake.run as run_mod

    def die(*a, **k):
        raise Crash

    monkeypatch.setattr(run_mod, "process_message", die)
    with pytest.raises(Crash):
        run(official)
    assert counts()["messages"] == 0
    assert len(official.folder_uids("INBOX")) == 1
    monkeypatch.setattr(run_mod, "process_message", process_message)
    assert run(official).registered == 1
    assert counts() == {"messages": 1, "submissions": 1, "acks": 1}


def test_connection_dropped_mid_batch_is_resumed(official):
    """The server cuts the connection (pymap closes it; Dovecot's ``doveadm kick``)."""
    for i in range(5):
        official.deliver(application(SCHOOL7, official.address, msgid=f"<drop-{i}@edu.example.ru>"))
    dropped = []
    original = ImapReader.fetch

    def fetch(self, uids, **kw):
        for n, batch in enumerate(original(self, uids, **kw)):
            yield batch
            if n == 0:
                dropped.append(official.server.drop_imap_connections())

    ImapReader.fetch = fetch
    try:
        report = run(official, batch_size=2)
    finally:
        ImapReader.fetch = original
    assert dropped and dropped[0] >= 1
    assert report.registered == 5
    assert counts() == {"messages": 5, "submissions": 5, "acks": 5}


def test_overlapping_runs_register_each_letter_once(official):
    for i in range(8):
        official.deliver(application(SCHOOL7, official.address, msgid=f"<overlap-{i}@edu.example.ru>"))
    reports, errors = [], []

    def worker():
        try:
            reports.append(run(official, batch_size=3))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sum(r.registered for r in reports) == 8
    assert counts() == {"messages": 8, "submissions": 8, "acks": 8}
    with unit_of_work() as s:
        numbers = sorted(s.scalars(select(Submission.reg_seq)))
    assert numbers == list(range(1, 9))


def test_uidvalidity_change_rescans_and_recognises_registered(official):
    raw = application(SCHOOL7, official.address, msgid="<uv-1@edu.example.ru>")
    official.deliver(raw)
    assert run(official).registered == 1
    with unit_of_work() as s:
        box = s.scalar(select(Message)).mailbox_id
        from docflow.store.models import Mailbox
        s.get(Mailbox, box).uidvalidity = 1  # the server's folder was recreated meanwhile
    official.deliver(raw)
    report = run(official)
    assert report.rescan and report.duplicates == 1 and report.registered == 0
    assert counts()["submissions"] == 1


def test_reprocess_after_the_registry_learns_the_address(official):
    official.deliver(application("new-address@edu.example.ru", official.address))
    assert run(official).quarantined == 1
    from docflow.actions.base import ActionRefused
    from docflow.intake.service import reprocess_message
    from docflow.store.models import AuditEntry, School, SchoolAddress
    with unit_of_work() as s:
        mid = s.scalar(select(Message.id))
        school = s.scalar(select(School).where(School.code == "sch-07"))
        s.add(SchoolAddress(school_id=school.id, email="new-address@edu.example.ru"))
    result = reprocess_message(official.settings, mid, actor="cli:metodist")
    assert result["status"] == "registered" and result["reg_number"]
    with unit_of_work() as s:
        assert s.scalar(select(Submission.school_id)) is not None
        assert s.scalar(select(AuditEntry.actor).where(AuditEntry.action == "message.reprocess")) == "cli:metodist"
    with pytest.raises(ActionRefused, match="уже обработано"):
        reprocess_message(official.settings, mid, actor="cli:metodist")
    assert counts() == {"messages": 1, "submissions": 1, "acks": 1}


def test_delivery_report_not_vouched_for_by_our_server_is_held_for_staff(official):
    """The trusted path (our MAILER-DAEMON, our Authentication-Results) is in test_trust.py."""
    from docflow import outbox
    from tests.corpus.build import OUR_MSGID, case
    with unit_of_work() as s:
        row = outbox.enqueue(s, dedup_key="t:bounce", kind="distribution", sender=official.address,
                             to=["gone@edu.example.ru"], subject="Приказ", body="Текст",
                             mailbox=official.settings.mailboxes[0].name)
        row.message_id_header, row.status = OUR_MSGID, "sent"
        rid = row.id
    official.deliver(case("dsn_bounce").raw)
    assert run(official).quarantined == 1
    with unit_of_work() as s:
        row = s.get(OutboxLetter, rid)
        assert row.status == "sent"
        assert s.scalar(select(func.count(OutboxLetter.id))) == 1  # a bounce is never answered


def test_one_bad_letter_is_quarantined_with_its_error_and_the_rest_go_on(official, monkeypatch):
    import docflow.intake.run as run_mod
    for i in range(3):
        official.deliver(application(SCHOOL7, official.address, msgid=f"<bad-{i}@edu.example.ru>"))

    def flaky(s, where, uid, raw, settings):
        if b"<bad-1@" in raw:
            raise ValueError("форма повреждена неожиданным образом")
        return process_message(s, where, uid, raw, settings)

    monkeypatch.setattr(run_mod, "process_message", flaky)
    report = run(official)
    assert (report.registered, report.failed, report.quarantined) == (2, 1, 1)
    with unit_of_work() as s:
        bad = s.scalar(select(Message).where(Message.status == "quarantined"))
        assert "ValueError: форма повреждена" in bad.error and bad.raw_sha256
        numbers = sorted(s.scalars(select(Submission.reg_seq)))
    assert numbers == [1, 2]  # the failed letter's number was rolled back with it: no gap
    assert len(official.folder_uids("docflow/quarantine")) == 1
