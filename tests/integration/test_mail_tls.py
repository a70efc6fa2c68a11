"""TLS paths of the adapters: STARTTLS (dev server, Dovecot) and implicit TLS (Dovecot), cert checks on."""

from dataclasses import replace
from email import message_from_bytes, policy

import pytest

from docflow.mail.imap import ImapError, ImapReader
from docflow.mail.smtp import send_message
from tests.corpus.build import case


def test_imap_starttls_with_ca_file(devmail_tls):
    address = devmail_tls.new_address()
    uid = devmail_tls.deliver(address, case("koi8r_plain").raw)
    params = replace(devmail_tls.imap_params(address), security="starttls", ca_file=devmail_tls.ca_file)
    with ImapReader(params) as imap:
        imap.select("INBOX")
        assert imap.uids() == [uid]


def test_imap_starttls_rejects_unknown_certificate(devmail_tls):
    params = replace(devmail_tls.imap_params(devmail_tls.new_address()), security="starttls")
    with pytest.raises(ImapError, match=r"(?i)certificate"):
        ImapReader(params).connect()


def test_smtp_starttls(devmail_tls):
    to = devmail_tls.new_address()
    message = message_from_bytes(case("no_attachment").raw, policy=policy.default)
    ok = replace(devmail_tls.smtp_params(), security="starttls", ca_file=devmail_tls.ca_file)
    assert send_message(ok, message, recipients=[to]).status == "sent"
    unknown = replace(devmail_tls.smtp_params(), security="starttls")
    result = send_message(unknown, message, recipients=[to])
    assert result.status == "temporary"
    assert "certificate" in result.recipients[to].text.lower()


@pytest.mark.dovecot
@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_dovecot_tls(dovecot, security):
    address = dovecot.new_address()
    uid = dovecot.deliver(address, case("html_only").raw)
    port = dovecot.imaps_port if security == "ssl" else dovecot.imap_port
    params = replace(dovecot.imap_params(address), security=security, port=port, ca_file=dovecot.ca_file)
    with ImapReader(params) as imap:
        imap.select("INBOX")
        assert imap.uids() == [uid]
    with pytest.raises(ImapError, match=r"(?i)certificate"):
        ImapReader(replace(params, ca_file=None)).connect()
