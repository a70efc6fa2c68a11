"""Mail trust on intake (issue 17): only the committee's server vouches for a sender, threads stay
within a school, delivery reports count only from our own side, no loop with auto-responders,
acknowledgements rate-limited, a letter that kills the process is quarantined after N attempts.

Against the real dev IMAP server (and Dovecot when enabled) and a real store. The
Authentication-Results lines are written as the named servers write them.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from docflow.intake.register import process_message
from docflow.intake.run import poll_mailbox
from docflow.store.db import unit_of_work
from docflow.store.models import Message, OutboxLetter, Submission
from tests.intake.letters import application, letter

SCHOOL7 = "school7@edu.example.ru"
LYCEUM = "lyceum1@edu.example.ru"
OUR_MX = "mx.komitet.example.ru"

# Postfix with OpenDKIM and OpenDMARC on the committee's server: one header per milter, on top.
OPENDKIM_PASS = (f"Authentication-Results: {OUR_MX};\r\n\tdkim=pass (2048-bit key; unprotected)"
                 " header.d=edu.example.ru header.i=@edu.example.ru header.a=rsa-sha256 header.s=mail"
                 " header.b=Qm9vZ3Vz")
OPENDMARC_PASS = f"Authentication-Results: {OUR_MX}; dmarc=pass (p=quarantine dis=none) header.from=edu.example.ru"
OPENDMARC_FAIL = f"Authentication-Results: {OUR_MX}; dmarc=fail (p=reject dis=none) header.from=edu.example.ru"
# Exim with its DMARC module: DKIM passes for the attacker's own domain, DMARC for the From fails.
EXIM_FOREIGN_DKIM = (f"Authentication-Results: {OUR_MX};\r\n\tiprev=pass (vps.fake-edu.example.com)"
                     " smtp.remote-ip=203.0.113.45;\r\n\tspf=pass smtp.mailfrom=fake-edu.example.com;\r\n"
                     "\tdkim=pass header.d=fake-edu.example.com header.s=default header.a=rsa-sha256;\r\n"
                     "\tdmarc=fail header.from=edu.example.ru;\r\n\tarc=none")
# What an attacker (or any relay) writes: Yandex's format, Yandex's authserv-id, not ours.
YANDEX_FORGED = ("Authentication-Results: mxfront1o.mail.yandex.net; spf=pass (mxfront1o.mail.yandex.net: "
                 "domain of edu.example.ru designates 203.0.113.45 as permitted sender, rule=[ip4:203.0.113.45])"
                 " smtp.mail=school7@edu.example.ru; dkim=pass header.i=@edu.example.ru; dmarc=pass")
# Microsoft 365 writes no authserv-id at all: never anyone's word.
M365_NO_ID = ("Authentication-Results: spf=pass (sender IP is 40.107.22.51) smtp.mailfrom=edu.example.ru;"
              " dkim=pass (signature was verified) header.d=edu.example.ru;dmarc=pass action=none"
              " header.from=edu.example.ru;compauth=pass reason=100")
RECEIVED = (f"Received: from mail.edu.example.ru (mail.edu.example.ru [198.51.100.7])\r\n"
            f"\tby {OUR_MX} (Postfix) with ESMTPS id 4Bv1fN2xKz;\r\n\tTue, 24 Nov 2026 10:30:05 +0300")


def arrived(raw: bytes, *trace: str) -> bytes:
    """The letter as the committee's server stores it: its trace headers prepended, topmost first."""
    return "".join(f"{h}\r\n" for h in trace).encode() + raw


def configure(official, *, trust: dict | None = None, **intake) -> None:
    s = official.settings
    changes = dict(intake)
    if trust is not None:
        changes["trust"] = s.intake.trust.model_copy(update=trust)
    if "ack_rate_limit" in changes:
        changes["ack_rate_limit"] = s.intake.ack_rate_limit.model_copy(update=changes["ack_rate_limit"])
    official.settings = s.model_copy(update={"intake": s.intake.model_copy(update=changes)})


def run(official, **kw):
    with official.reader(batch_size=kw.pop("batch_size", 50)) as reader:
        return poll_mailbox(official.settings, "official", reader, **kw)


def outbox_count() -> int:
    with unit_of_work() as s:
        return s.scalar(select(func.count(OutboxLetter.id)))


def only_message() -> Message:
    with unit_of_work() as s:
        msg = s.scalars(select(Message)).one()
        s.expunge(msg)
        return msg


# -- 1. sender authentication ------------------------------------------------------------------
@pytest.mark.parametrize("trace", [[YANDEX_FORGED], [M365_NO_ID], []], ids=["forged-id", "no-id", "missing"])
def test_no_result_by_our_server_is_quarantined_when_policy_says_so(official, trace):
    configure(official, trust={"authserv_ids": [OUR_MX], "unauthenticated": "quarantine"})
    official.deliver(arrived(application(SCHOOL7, official.address), *trace, RECEIVED))
    report = run(official)
    assert (report.registered, report.quarantined) == (0, 1)
    msg = only_message()
    assert msg.status == "quarantined" and "не проверял подлинность" in msg.error
    assert msg.details["auth"]["verdict"] == "unverified"
    assert outbox_count() == 0  # no reply to an address that may be forged


@pytest.mark.parametrize("trace", [[YANDEX_FORGED], []], ids=["forged-id", "missing"])
def test_no_result_by_our_server_is_registered_marked_unverified_by_default(official, trace):
    configure(official, trust={"authserv_ids": [OUR_MX]})
    official.deliver(arrived(application(SCHOOL7, official.address), *trace, RECEIVED))
    assert run(official).registered == 1
    msg = only_message()
    assert msg.details["auth"]["verdict"] == "unverified"
    assert "подлинность отправителя не проверена" in msg.details["auth"]["reason"]


@pytest.mark.parametrize("policy", ["dmarc", "dkim_aligned"])
def test_dmarc_failure_is_quarantined_without_reply(official, policy):
    configure(official, trust={"authserv_ids": [OUR_MX], "policy": policy})
    official.deliver(arrived(application(SCHOOL7, official.address), OPENDMARC_FAIL, OPENDKIM_PASS.replace(
        "dkim=pass", "dkim=fail"), RECEIVED))
    report = run(official)
    assert (report.registered, report.quarantined) == (0, 1)
    msg = only_message()
    assert "DMARC=fail" in msg.error and msg.details["auth"]["verdict"] == "fail"
    assert outbox_count() == 0


@pytest.mark.parametrize("policy", ["dmarc", "dkim_aligned"])
def test_dkim_pass_for_the_attackers_own_domain_is_not_enough(official, policy):
    configure(official, trust={"authserv_ids": [OUR_MX], "policy": policy})
    official.deliver(arrived(application(SCHOOL7, official.address), EXIM_FOREIGN_DKIM, RECEIVED))
    assert run(official).quarantined == 1
    assert outbox_count() == 0


def test_forged_pass_below_our_fail_does_not_count(official):
    configure(official, trust={"authserv_ids": [OUR_MX]})
    official.deliver(arrived(application(SCHOOL7, official.address, headers={
        "Authentication-Results": YANDEX_FORGED.split(": ", 1)[1]}), OPENDMARC_FAIL, RECEIVED))
    assert run(official).quarantined == 1


def test_our_dmarc_pass_registers(official):
    configure(official, trust={"authserv_ids": [OUR_MX]})
    official.deliver(arrived(application(SCHOOL7, official.address), OPENDMARC_PASS, OPENDKIM_PASS, RECEIVED))
    assert run(official).registered == 1
    assert only_message().details["auth"]["verdict"] == "pass"


def test_dkim_aligned_policy_accepts_our_dkim_pass_without_dmarc(official):
    configure(official, trust={"authserv_ids": [OUR_MX], "policy": "dkim_aligned"})
    official.deliver(arrived(application(SCHOOL7, official.address), OPENDKIM_PASS, RECEIVED))
    assert run(official).registered == 1
    auth = only_message().details["auth"]
    assert (auth["verdict"], auth["by"]) == ("pass", "dkim")


# -- 2. threads stay within a school -------------------------------------------------------
def _ack_of(school_addr: str) -> OutboxLetter:
    with unit_of_work() as s:
        row = s.scalars(select(OutboxLetter).where(OutboxLetter.kind == "ack").order_by(OutboxLetter.id.desc())).first()
        assert row.to_addrs == [school_addr]
        s.expunge(row)
        return row


def test_reply_from_another_school_supersedes_nothing(official):
    official.deliver(application(SCHOOL7, official.address))
    run(official)
    ack = _ack_of(SCHOOL7)
    # The lyceum answers the school's acknowledgement (its Message-ID leaked or was guessed).
    official.deliver(application(LYCEUM, official.address, subject=f"Re: {ack.subject}",
                                 headers={"In-Reply-To": ack.message_id_header,
                                          "References": ack.message_id_header}))
    assert run(official).registered == 1
    with unit_of_work() as s:
        subs = s.scalars(select(Submission).order_by(Submission.id)).all()
        assert [x.status for x in subs] == ["registered", "registered"]
        assert subs[1].supersedes_id is None and subs[1].replies_to_letter_id is None
        assert subs[1].school_id != subs[0].school_id


def test_reply_from_the_same_school_still_supersedes(official):
    official.deliver(application(SCHOOL7, official.address))
    run(official)
    ack = _ack_of(SCHOOL7)
    official.deliver(application(SCHOOL7, official.address, subject=f"Re: {ack.subject}",
                                 headers={"In-Reply-To": ack.message_id_header}))
    run(official)
    with unit_of_work() as s:
        subs = s.scalars(select(Submission).order_by(Submission.id)).all()
        assert [x.status for x in subs] == ["superseded", "resubmitted"]


# -- 3. delivery reports from our own side only ---------------------------------------------
def _our_letter(official) -> tuple[int, str]:
    from docflow import outbox
    with unit_of_work() as s:
        row = outbox.enqueue(s, dedup_key="t:trust-bounce", kind="distribution", sender=official.address,
                             to=["school12@edu.example.ru"], subject="Приказ № 41", body="Текст",
                             mailbox=official.settings.mailboxes[0].name)
        row.status = "sent"
        return row.id, row.message_id_header


def postfix_bounce(official, msgid: str, *, sender: str, rcpt: str, return_path: str = "<>") -> bytes:
    """A bounce as Postfix writes it (multipart/report, RFC 3464)."""
    return (
        f"Return-Path: {return_path}\r\n"
        f"Received: by {OUR_MX} (Postfix) id 4Bv2aZ0QxQz; Tue, 24 Nov 2026 10:40:12 +0300\r\n"
        f"Date: Tue, 24 Nov 2026 10:40:12 +0300 (MSK)\r\n"
        f"From: MAILER-DAEMON (Mail Delivery System) <{sender}>\r\n"
        f"Subject: Undelivered Mail Returned to Sender\r\n"
        f"To: {official.address}\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary="4Bv2aZ0QxQz.1764319212/mx"\r\n'
        "Message-Id: <20261124074012.4Bv2aZ0QxQz@mx.komitet.example.ru>\r\n"
        "\r\n"
        "This is a MIME-encapsulated message.\r\n"
        "\r\n"
        "--4Bv2aZ0QxQz.1764319212/mx\r\n"
        "Content-Description: Notification\r\n"
        "Content-Type: text/plain; charset=us-ascii\r\n"
        "\r\n"
        f"This is the mail system at host {OUR_MX}.\r\n"
        "\r\n"
        "I'm sorry to have to inform you that your message could not\r\n"
        "be delivered to one or more recipients.\r\n"
        "\r\n"
        f"<{rcpt}>: host mx.edu.example.ru[198.51.100.8] said: 550 5.1.1\r\n"
        "    User unknown (in reply to RCPT TO command)\r\n"
        "\r\n"
        "--4Bv2aZ0QxQz.1764319212/mx\r\n"
        "Content-Description: Delivery report\r\n"
        "Content-Type: message/delivery-status\r\n"
        "\r\n"
        f"Reporting-MTA: dns; {OUR_MX}\r\n"
        "X-Postfix-Queue-ID: 4Bv1zT3cQkz\r\n"
        "Arrival-Date: Tue, 24 Nov 2026 10:40:10 +0300 (MSK)\r\n"
        "\r\n"
        f"Final-Recipient: rfc822; {rcpt}\r\n"
        f"Original-Recipient: rfc822;{rcpt}\r\n"
        "Action: failed\r\n"
        "Status: 5.1.1\r\n"
        "Remote-MTA: dns; mx.edu.example.ru\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n"
        "\r\n"
        "--4Bv2aZ0QxQz.1764319212/mx\r\n"
        "Content-Description: Undelivered Message Headers\r\n"
        "Content-Type: text/rfc822-headers\r\n"
        "\r\n"
        f"From: {official.address}\r\n"
        f"To: {rcpt}\r\n"
        "Subject: =?utf-8?b?0J/RgNC40LrQsNC3IOKEliA0MQ==?=\r\n"
        f"Message-ID: {msgid}\r\n"
        "\r\n"
        "--4Bv2aZ0QxQz.1764319212/mx--\r\n"
    ).encode()


def test_delivery_report_from_a_school_address_is_not_trusted(official):
    configure(official, trust={"authserv_ids": [OUR_MX]})
    rid, msgid = _our_letter(official)
    # A school (or anyone) writes a report naming our letter, even with A-R of its own server.
    official.deliver(arrived(postfix_bounce(official, msgid, sender=SCHOOL7, rcpt="school12@edu.example.ru",
                                            return_path=f"<{SCHOOL7}>"), YANDEX_FORGED))
    assert run(official).quarantined == 1
    with unit_of_work() as s:
        assert s.get(OutboxLetter, rid).status == "sent"
        assert "не подтверждён сервером комитета" in s.scalar(select(Message.error))
    assert outbox_count() == 1  # never answered


def test_delivery_report_passed_by_our_server_but_written_by_a_school_is_not_trusted(official):
    configure(official, trust={"authserv_ids": [OUR_MX]})
    rid, msgid = _our_letter(official)
    official.deliver(arrived(postfix_bounce(official, msgid, sender=SCHOOL7, rcpt="school12@edu.example.ru",
                                            return_path=f"<{SCHOOL7}>"), OPENDMARC_PASS))
    assert run(official).quarantined == 1
    with unit_of_work() as s:
        assert s.get(OutboxLetter, rid).status == "sent"


def test_delivery_report_for_another_recipient_is_quarantined(official):
    configure(official, trust={"authserv_ids": [OUR_MX]})
    rid, msgid = _our_letter(official)
    official.deliver(arrived(postfix_bounce(official, msgid, sender=f"MAILER-DAEMON@{OUR_MX}",
                                            rcpt="lyceum1@edu.example.ru"), f"Authentication-Results: {OUR_MX}; none"))
    assert run(official).quarantined == 1
    with unit_of_work() as s:
        assert s.get(OutboxLetter, rid).status == "sent"


def test_our_own_mailer_daemon_marks_the_letter_bounced(official):
    configure(official, trust={"authserv_ids": [OUR_MX]})
    rid, msgid = _our_letter(official)
    official.deliver(arrived(postfix_bounce(official, msgid, sender=f"MAILER-DAEMON@{OUR_MX}",
                                            rcpt="school12@edu.example.ru"), f"Authentication-Results: {OUR_MX}; none"))
    assert run(official).ignored == 1
    with unit_of_work() as s:
        row = s.get(OutboxLetter, rid)
        assert row.status == "bounced" and "5.1.1" in row.last_error


# -- 6. no loops ---------------------------------------------------------------------------
def test_auto_responder_reply_without_files_is_filed_not_acknowledged(official):
    official.deliver(application(SCHOOL7, official.address))
    run(official)
    ack = _ack_of(SCHOOL7)
    # A school's mail server answering for an absent director, without Auto-Submitted/Precedence.
    official.deliver(letter(SCHOOL7, official.address, f"Re: {ack.subject}",
                            body="Здравствуйте! Я в отпуске до 30 ноября. По срочным вопросам звоните секретарю.",
                            headers={"In-Reply-To": ack.message_id_header, "References": ack.message_id_header}))
    report = run(official)
    assert report.registered == 0
    with unit_of_work() as s:
        assert s.scalar(select(func.count(OutboxLetter.id)).where(OutboxLetter.kind == "ack")) == 1
        assert s.scalar(select(func.count(Submission.id))) == 1
        reply = s.scalars(select(Message).order_by(Message.id.desc())).first()
        assert reply.status == "reply" and reply.details["thread"]["outbox_id"] == ack.id
        sub = s.scalars(select(Submission)).one()
        assert sub.status == "registered" and "без новых файлов" in sub.events[-1].cause


def test_acknowledgements_to_one_address_are_rate_limited_and_held_for_staff(official):
    configure(official, ack_rate_limit={"max_per_address": 2, "hours": 1})
    for i in range(3):
        official.deliver(application(SCHOOL7, official.address, msgid=f"<rate-{i}@edu.example.ru>"))
    official.deliver(application(LYCEUM, official.address))
    assert run(official).registered == 4
    with unit_of_work() as s:
        acks = s.execute(select(OutboxLetter.to_addrs, OutboxLetter.status, OutboxLetter.last_error)
                         .where(OutboxLetter.kind == "ack").order_by(OutboxLetter.id)).all()
    assert [(a.to_addrs[0], a.status) for a in acks] == [
        (SCHOOL7, "pending"), (SCHOOL7, "pending"), (SCHOOL7, "withheld"), (LYCEUM, "pending")]
    assert "Подтверждение задержано" in acks[2].last_error
    from docflow.actions.outbox import resend_letter
    with unit_of_work() as s:  # staff decide it is a real letter and send the acknowledgement
        held = s.scalar(select(OutboxLetter).where(OutboxLetter.status == "withheld"))
        resend_letter(s, actor="web:metodist", letter_id=held.id)
        assert held.status == "pending"


# -- 5. a letter that kills the process ----------------------------------------------------
class Killed(BaseException):
    """What the process dying looks like from inside: nothing after it runs."""


def test_letter_that_kills_intake_is_quarantined_after_three_attempts(official, monkeypatch):
    import docflow.intake.run as run_mod
    for i in range(4):
        official.deliver(application(SCHOOL7, official.address, msgid=f"<poison-{i}@edu.example.ru>"))

    def dies_on_one(s, where, uid, raw, settings, **kw):
        if b"<poison-1@" in raw:
            raise Killed("out of memory")
        return process_message(s, where, uid, raw, settings, **kw)

    monkeypatch.setattr(run_mod, "process_message", dies_on_one)
    for _ in range(3):
        with pytest.raises(Killed):
            run(official, batch_size=50)
    with unit_of_work() as s:  # the others were registered on the second run, one at a time
        assert s.scalar(select(func.count(Submission.id))) == 3
    report = run(official)
    assert (report.given_up, report.quarantined) == (1, 1)
    with unit_of_work() as s:
        bad = s.scalar(select(Message).where(Message.status == "quarantined"))
        assert "(попыток: 3)" in bad.error and "Killed: out of memory" in bad.error
        assert s.scalar(select(func.count(Submission.id))) == 3
    assert len(official.folder_uids("docflow/quarantine")) == 1
    assert official.folder_uids("INBOX") == []
    assert run(official).fetched == 0


def test_registers_show_staff_what_was_not_verified_and_what_was_held(official):
    from docflow import registers as reg
    configure(official, ack_rate_limit={"max_per_address": 1, "hours": 1})
    for i in range(2):
        official.deliver(application(SCHOOL7, official.address, msgid=f"<shown-{i}@edu.example.ru>"))
    assert run(official).registered == 2
    with unit_of_work() as s:
        subs = reg.list_submissions(s).rows
        assert {r["authenticity"] for r in subs} == {"подлинность отправителя не проверена"}
        msgs = reg.list_messages(s).rows
        assert msgs[0]["authenticity"] == "подлинность отправителя не проверена"
        assert reg.message_detail(s, msgs[0]["id"])["authenticity"]
        held = reg.list_outbox(s, status="withheld").rows
    assert len(held) == 1 and "Подтверждение задержано" in held[0]["last_error"]


def test_a_batch_lost_outside_any_letter_is_retried_one_by_one_and_the_run_goes_on(official, monkeypatch):
    """The disk fails while the batch's files are synced (before the commit): the run goes on."""
    import os
    for i in range(3):
        official.deliver(application(SCHOOL7, official.address, msgid=f"<sync-{i}@edu.example.ru>"))
    real_sync, calls = os.sync, []

    def failing_sync():
        calls.append(1)
        if len(calls) == 1:
            raise OSError(5, "Input/output error")
        real_sync()

    monkeypatch.setattr(os, "sync", failing_sync)
    report = run(official)
    assert (report.failed, report.registered) == (1, 0)
    report = run(official)
    assert report.registered == 3
    with unit_of_work() as s:
        assert s.scalar(select(func.count(Submission.id))) == 3
    assert official.folder_uids("INBOX") == []


def test_a_header_with_our_authserv_id_inside_the_letter_does_not_count(official):
    """Our server (OpenDKIM only, no DMARC milter) does not remove the sender's forged header."""
    configure(official, trust={"authserv_ids": [OUR_MX]})
    forged = OPENDMARC_PASS.split(": ", 1)[1]
    official.deliver(arrived(application(SCHOOL7, official.address, headers={"Authentication-Results": forged}),
                             OPENDKIM_PASS, RECEIVED))
    assert run(official).quarantined == 1
    msg = only_message()
    assert msg.details["auth"]["verdict"] == "fail" and "dmarc" not in msg.details["auth"]["results"]


def test_a_letter_over_the_size_limit_is_judged_by_rfc822_size_without_fetching_its_body(official):
    from docflow.store import archive
    s = official.settings
    official.settings = s.model_copy(update={"intake": s.intake.model_copy(update={
        "limits": s.intake.limits.model_copy(update={"max_message_mb": 0.5})})})
    scan = bytes(range(256)) * 4096  # a 1 MB «scan»
    official.deliver(letter(SCHOOL7, official.address, files=[("Скан заявки.docx", scan)]))
    assert run(official).quarantined == 1
    with unit_of_work() as s:
        msg = s.scalar(select(Message))
        reply = s.scalar(select(OutboxLetter).where(OutboxLetter.kind == "limits"))
        stored = archive.get(msg.raw_sha256)
    assert msg.details["headers_only"] and msg.size > 1_000_000
    assert len(stored) < 4096 and b"Subject:" in stored  # only the headers were ever read
    assert "превышен предельный размер письма (0,5 МБ); в вашем письме — 1,4 МБ" in reply.body_text, reply.body_text


def test_letter_whose_fetch_kills_intake_is_given_up_with_its_headers_only(official, monkeypatch):
    from docflow.actions.base import ActionRefused
    from docflow.intake.service import reprocess_message
    from docflow.mail.imap import ImapReader
    uids = [official.deliver(application(SCHOOL7, official.address, msgid=f"<fetch-{i}@edu.example.ru>"))
            for i in range(3)]
    poison = uids[1]
    original = ImapReader.fetch

    def fetch(self, wanted, **kw):  # the client dies on this letter's body (as on a server's bad literal)
        if poison in wanted and kw.get("max_size") != 0:
            raise Killed("imapclient: memory exhausted parsing the response")
        yield from original(self, wanted, **kw)

    monkeypatch.setattr(ImapReader, "fetch", fetch)
    for _ in range(3):
        with pytest.raises(Killed):
            run(official)
    report = run(official)
    assert (report.given_up, report.registered) == (1, 0)
    with unit_of_work() as s:
        assert s.scalar(select(func.count(Submission.id))) == 2
        bad = s.scalar(select(Message).where(Message.status == "quarantined"))
        assert bad.uid == poison and bad.details["headers_only"] and "memory exhausted" in bad.error
    with pytest.raises(ActionRefused, match="переместите письмо из папки карантина"):
        reprocess_message(official.settings, bad.id, actor="web:metodist")
    assert official.folder_uids("INBOX") == []
