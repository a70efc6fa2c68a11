"""SmtpSender outcomes against the dev server, faults injected per recipient."""

import socket

import pytest

from docflow.mail.compose import OutgoingLetter, compose
from docflow.mail.imap import ImapReader, InsecureConnectionError
from docflow.mail.smtp import SmtpParams, send_message


def make(to: str):
    return compose(OutgoingLetter(
        sender="Комитет образования <mip@komitet.test>", to=[to],
        subject="Уведомление о регистрации заявки", text="Ваша заявка зарегистрирована.",
        message_id="<out-1@komitet.test>"))


def inbox(devmail, address):
    with ImapReader(devmail.imap_params(address)) as imap:
        imap.select("INBOX")
        return [m.raw for b in imap.fetch(imap.uids()) for m in b]


def test_sent_lands_in_inbox(devmail):
    to = devmail.new_address("school")
    msg = make(to)
    result = send_message(devmail.smtp_params(), msg, recipients=[to])
    assert result.status == "sent"
    assert result.recipients[to].code == 250
    (raw,) = inbox(devmail, to)
    assert raw == msg.as_bytes(policy=msg.policy.clone(linesep="\r\n"))


def test_login_with_credentials(devmail):
    to = devmail.new_address("school")
    params = devmail.smtp_params(username="mip@komitet.test", password="demo")
    assert send_message(params, make(to), recipients=[to]).status == "sent"
    bad = devmail.smtp_params(username="mip@komitet.test", password="wrong")
    result = send_message(bad, make(to), recipients=[to])
    assert result.status == "permanent"
    assert result.recipients[to].code == 535


@pytest.mark.parametrize(("fault", "status", "code"), [
    ("421", "temporary", 421), ("451", "temporary", 451), ("550", "permanent", 550),
    ("drop", "temporary", None)])
def test_fault_outcomes(devmail, fault, status, code):
    to = devmail.new_address("school")
    devmail.fail(to, fault)
    result = send_message(devmail.smtp_params(), make(to), recipients=[to])
    assert result.status == status
    assert result.recipients[to].code == code
    assert result.recipients[to].text
    devmail.fail(to, None)
    assert send_message(devmail.smtp_params(), make(to), recipients=[to]).status == "sent"
    assert len(inbox(devmail, to)) == 1  # the failed attempt delivered nothing


def test_mixed_recipients(devmail):
    good, bad = devmail.new_address("good"), devmail.new_address("bad")
    devmail.fail(bad, 550)
    result = send_message(devmail.smtp_params(), make(good), recipients=[bad, good])
    assert result.by_status("sent") == [good]
    assert result.by_status("permanent") == [bad]
    assert result.status == "permanent"
    assert len(inbox(devmail, good)) == 1


def test_nothing_listening_is_temporary():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    params = SmtpParams(host="127.0.0.1", port=port, security="plain", timeout=2)
    result = send_message(params, make("x@komitet.test"), recipients=["x@komitet.test"])
    assert result.status == "temporary"
    assert result.recipients["x@komitet.test"].code is None


def test_plain_refused_for_remote_host():
    params = SmtpParams(host="smtp.example.org", port=25, security="plain")
    with pytest.raises(InsecureConnectionError):
        send_message(params, make("x@komitet.test"), recipients=["x@komitet.test"])
