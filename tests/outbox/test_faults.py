"""SMTP faults in a drain: what fails one letter, what only waits, and one alert per incident."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from docflow.outbox.sender import drain_mailbox, open_incidents
from docflow.registers import list_outbox
from docflow.store.db import unit_of_work
from docflow.store.models import OutboxIncident, OutboxLetter, utcnow
from tests.mailservers import free_port
from tests.outbox.conftest import MAILBOX, SENDER, inbox, row


def _all_due_now() -> None:
    with unit_of_work() as s:
        s.execute(update(OutboxLetter).values(next_attempt_at=utcnow() - timedelta(seconds=1)))


def _alerts(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("ALERT")]


def _statuses(ids) -> list[tuple[str, int]]:
    return [(row(i).status, row(i).attempts) for i in ids]


@pytest.mark.parametrize("fault", ["auth", "connection"])
def test_login_refused_or_server_down_leaves_every_letter_retryable_and_alerts_once(devmail, queue, caplog,
                                                                                      fault):
    official = devmail.new_address("mip")
    schools = [devmail.new_address(f"sosh{n}") for n in range(5)]
    ids = [queue(a) for a in schools]
    broken = (devmail.smtp_params(username=official, password="not-the-password") if fault == "auth"
              else devmail.smtp_params().__class__(host="127.0.0.1", port=free_port(), security="plain",
                                                   timeout=5))
    caplog.set_level(logging.WARNING, logger="docflow.outbox.sender")
    for _ in range(3):  # three drains (five DAGs drain every few minutes) during one outage
        report = drain_mailbox(MAILBOX, SENDER, broken)
        assert report.unavailable == fault and report.failed == 0 and report.sent == 0
        _all_due_now()
    assert all(status in ("pending", "retry") and attempts == 0 for status, attempts in _statuses(ids))
    assert ("(код 535)" in row(ids[0]).last_error) == (fault == "auth")
    assert row(ids[0]).last_error.startswith("Отправка отложена: почтовый сервер")
    assert len(_alerts(caplog)) == 1  # once per incident, not per letter nor per drain
    with unit_of_work() as s:
        (incident,) = open_incidents(s)
        assert incident["mailbox"] == MAILBOX and incident["occurrences"] == 3
        assert incident["text"] == ("почтовый сервер отклонил вход (неверное имя пользователя или пароль)"
                                    if fault == "auth" else "почтовый сервер недоступен")
    fixed = devmail.smtp_params(username=official, password=devmail.password)
    assert drain_mailbox(MAILBOX, SENDER, fixed).sent == 5
    assert [len(inbox(devmail, a)) for a in schools] == [1] * 5
    with unit_of_work() as s:
        assert open_incidents(s) == []
        assert s.scalar(select(OutboxIncident.closed_at)) is not None


def test_550_fails_only_that_letter_421_and_451_wait_and_the_drain_goes_on(devmail, queue):
    gone, closing, busy, ok1, ok2 = (devmail.new_address(p) for p in ("gone", "closing", "busy", "ok", "ok"))
    devmail.fail(gone, "550")
    devmail.fail(closing, "421")  # the server closes the channel after answering
    devmail.fail(busy, "451")
    ids = {a: queue(a) for a in (gone, ok1, closing, busy, ok2)}
    report = drain_mailbox(MAILBOX, SENDER, devmail.smtp_params())
    assert (report.sent, report.failed, report.retry) == (2, 1, 2)
    assert row(ids[gone]).status == "failed" and "550" in row(ids[gone]).last_error
    for addr, code in ((closing, "421"), (busy, "451")):
        r = row(ids[addr])
        assert r.status == "retry" and code in r.last_error and r.next_attempt_at > utcnow()
    assert [len(inbox(devmail, a)) for a in (ok1, ok2)] == [1, 1]
    devmail.fail(closing, None)
    devmail.fail(busy, None)
    _all_due_now()
    assert drain_mailbox(MAILBOX, SENDER, devmail.smtp_params()).sent == 2
    assert [len(inbox(devmail, a)) for a in (closing, busy, ok1, ok2)] == [1, 1, 1, 1]
    assert row(ids[gone]).status == "failed"


@pytest.mark.parametrize(("bad", "reason"), [
    # two addresses typed into one cell of the school registry
    ({"to": "sosh7@edu.example.ru; director.sosh7@edu.example.ru"},
     "Адрес получателя «sosh7@edu.example.ru; director.sosh7@edu.example.ru» записан неверно"),
    # a school's mail client that writes a Message-ID without a domain
    ({"in_reply_to": "<20261120093015.4F2A@>"},
     "Идентификатор письма, на которое дан ответ (Message-ID) «<20261120093015.4F2A@>» записан неверно"),
])
def test_a_letter_that_cannot_be_composed_fails_alone_with_its_reason_for_staff(devmail, queue, bad, reason):
    before, after = devmail.new_address("sosh1"), devmail.new_address("sosh2")
    first = queue(before)
    kw = dict(bad)
    broken = queue(kw.pop("to", devmail.new_address("sosh7")), **kw)
    last = queue(after)
    report = drain_mailbox(MAILBOX, SENDER, devmail.smtp_params())
    assert (report.sent, report.failed) == (2, 1)
    assert row(broken).status == "failed" and row(broken).last_error == reason
    assert row(first).status == row(last).status == "sent"
    assert [len(inbox(devmail, a)) for a in (before, after)] == [1, 1]
    with unit_of_work() as s:  # the outbox register staff read
        shown = {r["id"]: r for r in list_outbox(s, status="failed").rows}
    assert shown[broken]["last_error"] == reason
    assert drain_mailbox(MAILBOX, SENDER, devmail.smtp_params()).failed == 0  # not retried every run


@pytest.fixture
def busy_server():
    """A server that greets every connection with 421 (too many connections), as a loaded relay
    does; the dev server can only refuse at RCPT, so this one fault is played by a bare socket."""
    import socket
    import threading
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    stop = threading.Event()

    def serve():
        sock.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = sock.accept()
            except TimeoutError:
                continue
            with conn:
                conn.sendall(b"421 4.7.0 mx.komitet.example.ru Too many concurrent SMTP connections\r\n")
    t = threading.Thread(target=serve, daemon=True)
    t.start()
    yield sock.getsockname()[1]
    stop.set()
    t.join(2)
    sock.close()


def test_421_at_the_greeting_is_the_server_s_state_not_the_letter_s(devmail, queue, busy_server, caplog):
    """A letter on its last attempt is not failed for good because the relay was busy."""
    from docflow.outbox.sender import MAX_ATTEMPTS
    school = devmail.new_address("sosh21")
    rid = queue(school)
    with unit_of_work() as s:
        r = s.get(OutboxLetter, rid)
        r.status, r.attempts, r.next_attempt_at = "retry", MAX_ATTEMPTS - 1, utcnow() - timedelta(seconds=1)
    busy = devmail.smtp_params().__class__(host="127.0.0.1", port=busy_server, security="plain", timeout=5)
    caplog.set_level(logging.WARNING, logger="docflow.outbox.sender")
    report = drain_mailbox(MAILBOX, SENDER, busy)
    assert report.unavailable == "connection" and report.failed == 0
    assert (row(rid).status, row(rid).attempts) == ("retry", MAX_ATTEMPTS - 1)
    assert "(код 421)" in row(rid).last_error and len(_alerts(caplog)) == 1
    _all_due_now()
    assert drain_mailbox(MAILBOX, SENDER, devmail.smtp_params()).sent == 1
    assert len(inbox(devmail, school)) == 1
