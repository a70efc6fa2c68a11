"""The outbox drain against the dev mail server: delivery, retries, permanent failures, recovery."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from sqlalchemy import select

from docflow import outbox
from docflow.mail.imap import ImapReader
from docflow.outbox.sender import drain_mailbox
from docflow.store.db import unit_of_work
from docflow.store.models import OutboxLetter, utcnow

SENDER = "mip@komitet.example.ru"


def drain(smtp, sender, *, sent_copy=None):
    return drain_mailbox("official", sender, smtp, imap=sent_copy)


@pytest.fixture
def queue(devmail, sqlite_store):
    def add(key: str, to: str, **kw) -> int:
        with unit_of_work() as s:
            row = outbox.enqueue(s, dedup_key=key, kind=kw.pop("kind", "distribution"), sender=SENDER, to=[to],
                                 mailbox="official", subject=kw.pop("subject", "Приказ № 12"), body="Текст письма.",
                                 attachments=[outbox.Attachment("Приказ № 12.docx", b"PK docx", "application/"
                                              "vnd.openxmlformats-officedocument.wordprocessingml.document")], **kw)
            return row.id
    return add


def inbox(devmail, address: str) -> list[bytes]:
    with ImapReader(devmail.imap_params(address)) as r:
        r.select("INBOX")
        return [m.raw for batch in r.fetch(r.uids()) for m in batch]


def row(row_id: int) -> OutboxLetter:
    with unit_of_work() as s:
        return s.get(OutboxLetter, row_id)


def test_letter_is_delivered_once_with_its_message_id_and_attachment(devmail, queue):
    to = devmail.new_address("school")
    rid = queue("t:1", to, in_reply_to="<orig-1@edu.example.ru>")
    assert queue("t:1", to) == rid  # the same key is the same letter
    report = drain(devmail.smtp_params(), SENDER)
    assert report.sent == 1
    got = inbox(devmail, to)
    assert len(got) == 1
    msg = message_from_bytes(got[0], policy=policy.default)
    assert msg["Message-ID"] == row(rid).message_id_header
    assert msg["In-Reply-To"] == "<orig-1@edu.example.ru>"
    assert msg["Subject"] == "Приказ № 12"
    assert [p.get_filename() for p in msg.iter_attachments()] == ["Приказ № 12.docx"]
    assert drain(devmail.smtp_params(), SENDER).sent == 0
    assert len(inbox(devmail, to)) == 1


@pytest.mark.parametrize("code", ["421", "451"])
def test_temporary_failure_is_retried_with_backoff(devmail, queue, code):
    to = devmail.new_address("busy")
    devmail.fail(to, code)
    rid = queue(f"t:{code}", to)
    report = drain(devmail.smtp_params(), SENDER)
    r = row(rid)
    assert report.retry == 1 and r.status == "retry" and r.attempts == 1
    assert r.next_attempt_at > utcnow() + timedelta(seconds=30)
    assert code in r.last_error
    assert drain(devmail.smtp_params(), SENDER).retry == 0  # not due yet
    devmail.fail(to, None)
    with unit_of_work() as s:
        s.get(OutboxLetter, rid).next_attempt_at = utcnow() - timedelta(seconds=1)
    assert drain(devmail.smtp_params(), SENDER).sent == 1
    assert row(rid).status == "sent" and len(inbox(devmail, to)) == 1


def test_permanent_failure_is_marked_failed_for_staff(devmail, queue):
    to = devmail.new_address("gone")
    devmail.fail(to, "550")
    rid = queue("t:550", to)
    assert drain(devmail.smtp_params(), SENDER).failed == 1
    r = row(rid)
    assert r.status == "failed" and "550" in r.last_error
    assert r.delivery[to]["status"] == "permanent"


def test_crash_between_send_and_mark_is_recovered_from_sent_folder(devmail, queue, monkeypatch):
    to = devmail.new_address("crash")
    rid = queue("t:crash", to)
    official = devmail.imap_params(devmail.new_address("mip"))
    import docflow.outbox.sender as sender_mod

    class Crash(BaseException):
        pass

    def die(_row_id):
        raise Crash  # the server accepted, the Sent copy is filed, the row is not marked

    real = sender_mod.after_send
    monkeypatch.setattr(sender_mod, "after_send", die)
    with pytest.raises(Crash):
        drain(devmail.smtp_params(), SENDER, sent_copy=official)
    monkeypatch.setattr(sender_mod, "after_send", real)
    assert row(rid).status == "sending" and len(inbox(devmail, to)) == 1
    assert drain(devmail.smtp_params(), SENDER, sent_copy=official).sent == 0  # the claim holds
    with unit_of_work() as s:  # the next run comes after the lease
        s.get(OutboxLetter, rid).claimed_until = utcnow() - timedelta(seconds=1)
    report = drain(devmail.smtp_params(), SENDER, sent_copy=official)
    assert report.recovered == 1 and report.sent == 0
    assert row(rid).status == "sent"
    assert len(inbox(devmail, to)) == 1  # not sent twice


def test_header_injection_through_subject_is_impossible(devmail, queue):
    to = devmail.new_address("inj")
    queue("t:inj", to, subject="Приказ\r\nBcc: victim@example.com\r\nX-Evil: 1")
    drain(devmail.smtp_params(), SENDER)
    msg = message_from_bytes(inbox(devmail, to)[0], policy=policy.default)
    assert msg["Bcc"] is None and msg["X-Evil"] is None
    assert "Bcc: victim@example.com" in msg["Subject"]
    with unit_of_work() as s:
        assert s.scalar(select(OutboxLetter.subject)).count("\n") == 0
