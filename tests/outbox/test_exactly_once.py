"""Each letter leaves once: concurrent drains (threads, processes) and a drain killed mid-letter.

Counted in the recipients' real mailboxes on the dev mail server, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from sqlalchemy import func, select

from docflow.outbox.sender import drain_mailbox
from docflow.store.db import unit_of_work
from docflow.store.models import OutboxLetter, utcnow
from tests.conftest import PROJECT_ROOT
from tests.outbox.conftest import MAILBOX, SENDER, inbox, row

LETTERS = 20


def _queue_twenty(devmail, queue) -> dict[int, str]:
    to = {}
    for n in range(LETTERS):
        addr = devmail.new_address(f"sosh{n + 1}")
        to[queue(addr)] = addr
    return to


def _each_received_once(devmail, to: dict[int, str]) -> None:
    counts = {addr: len(inbox(devmail, addr)) for addr in to.values()}
    assert counts == dict.fromkeys(to.values(), 1)
    with unit_of_work() as s:
        assert s.scalar(select(func.count()).where(OutboxLetter.status == "sent")) == LETTERS


def test_two_drains_in_threads_send_each_of_20_letters_once(devmail, queue):
    to = _queue_twenty(devmail, queue)
    start = threading.Barrier(2)
    reports = []

    def drain():
        start.wait()
        reports.append(drain_mailbox(MAILBOX, SENDER, devmail.smtp_params()))

    threads = [threading.Thread(target=drain) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sum(r.sent for r in reports) == LETTERS
    _each_received_once(devmail, to)


def _child(devmail, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.outbox.drain_child", MAILBOX, SENDER,
                             str(devmail.smtp_port), *args], cwd=PROJECT_ROOT, env=os.environ.copy(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_drain_processes_send_each_of_20_letters_once(devmail, queue):
    to = _queue_twenty(devmail, queue)
    start_at = time.time() + 4  # both processes are up (imports done) before either sends
    procs = [_child(devmail, "--start-at", str(start_at)) for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outs]
    sent = [json.loads(out)["sent"] for out, _ in outs]
    assert sum(sent) == LETTERS
    _each_received_once(devmail, to)


def test_drain_killed_after_the_server_accepted_does_not_send_again(devmail, imap_server, queue):
    """SIGKILL after the SMTP server accepted the letter and its copy reached Sent, before the
    row was marked: the claim holds until its lease ends, then the Sent folder proves delivery.
    (The committee's Sent folder on the dev server, and on Dovecot when enabled.)"""
    school = devmail.new_address("gymn3")
    official = imap_server.new_address("mip")
    rid = queue(school)
    child = _child(devmail, "--imap-user", official, "--imap-port", str(imap_server.imap_port), "--die-after-send")
    child.communicate(timeout=60)
    assert child.returncode == -9
    assert row(rid).status == "sending" and len(inbox(devmail, school)) == 1
    imap = imap_server.imap_params(official)
    assert drain_mailbox(MAILBOX, SENDER, devmail.smtp_params(), imap=imap).sent == 0  # lease still held
    with unit_of_work() as s:  # the lease (10 minutes) has passed
        s.get(OutboxLetter, rid).claimed_until = utcnow() - timedelta(seconds=1)
    report = drain_mailbox(MAILBOX, SENDER, devmail.smtp_params(), imap=imap)
    assert (report.recovered, report.sent) == (1, 0)
    assert row(rid).status == "sent" and row(rid).claim_token is None
    assert len(inbox(devmail, school)) == 1


def test_without_a_sent_folder_a_killed_drain_s_letter_is_sent_again_with_the_same_message_id(devmail, queue):
    """The documented limit: with no Sent copy nothing proves the delivery, so it is re-sent —
    once, with the same Message-ID, which mail clients and our intake recognise."""
    school = devmail.new_address("sosh44")
    rid = queue(school)
    child = _child(devmail, "--die-after-send")
    child.communicate(timeout=60)
    assert child.returncode == -9
    with unit_of_work() as s:
        s.get(OutboxLetter, rid).claimed_until = utcnow() - timedelta(seconds=1)
    assert drain_mailbox(MAILBOX, SENDER, devmail.smtp_params()).sent == 1
    ids = {message_from_bytes(raw, policy=policy.default)["Message-ID"] for raw in inbox(devmail, school)}
    assert ids == {row(rid).message_id_header}
    assert drain_mailbox(MAILBOX, SENDER, devmail.smtp_params()).sent == 0


@pytest.mark.parametrize("status", ["pending", "retry"])
def test_a_claimed_row_is_nobody_else_s_until_its_lease_ends(devmail, queue, status):
    from docflow.outbox.sender import LEASE, SendReport, _Drain
    rid = queue(devmail.new_address("sosh5"))
    with unit_of_work() as s:
        r = s.get(OutboxLetter, rid)
        r.status, r.next_attempt_at = status, utcnow() - timedelta(seconds=1)
    first = _Drain(MAILBOX, SENDER, None, None, "Sent", "a" * 32, LEASE, SendReport())
    second = _Drain(MAILBOX, SENDER, None, None, "Sent", "b" * 32, LEASE, SendReport())
    assert [(c.id, c.stale) for c in first._claim(16, True)] == [(rid, False)]
    assert second._claim(16, True) == []
    assert row(rid).claim_token == "a" * 32
    with unit_of_work() as s:  # the first drain died; its lease ends
        s.get(OutboxLetter, rid).claimed_until = utcnow() - timedelta(seconds=1)
    assert second._claim(16, False) == []  # a drain that cannot check Sent leaves stale claims alone
    assert [(c.id, c.stale) for c in second._claim(16, True)] == [(rid, True)]
    assert row(rid).claim_token == "b" * 32


def test_a_drain_whose_lease_ran_out_before_sending_leaves_the_letter_to_the_drain_that_took_it(devmail, queue):
    """A slow batch: the lease of a letter still waiting in it ran out and another drain sent it;
    the first drain must not send it as well."""
    from docflow.mail.smtp import SmtpSession
    from docflow.outbox.sender import SendReport, _Drain
    school = devmail.new_address("sosh30")
    rid = queue(school)
    with SmtpSession(devmail.smtp_params()) as smtp:
        slow = _Drain(MAILBOX, SENDER, smtp, None, "Sent", "c" * 32, timedelta(milliseconds=300), SendReport())
        (claim,) = slow._claim(16, True)
        time.sleep(0.4)
        assert drain_mailbox(MAILBOX, SENDER, devmail.smtp_params()).sent == 1  # recovered the stale claim
        assert slow._process(claim) is True
    assert slow.report.sent == 0
    assert len(inbox(devmail, school)) == 1
    assert row(rid).status == "sent"
