"""The dev mail server: SMTP in, IMAP out, byte for byte; CLI entry point; offline seeding."""

import os
import signal
import smtplib
import subprocess
import sys
import time

import pytest
from imapclient import IMAPClient

from docflow.mail import devserver
from docflow.mail.imap import ImapReader
from docflow.mail.parse import parse_message
from tests.corpus.build import cases
from tests.mailservers import free_port


def smtp_send(host, port, rcpt, raw):
    with smtplib.SMTP(host, port, timeout=30) as s:
        s.sendmail("school7@sevrech-edu.example", [rcpt], raw)


def test_corpus_round_trip_is_byte_identical(devmail):
    address = devmail.new_address("roundtrip")
    corpus = cases()
    for case in corpus:
        smtp_send(devmail.host, devmail.smtp_port, address, case.raw)
    with ImapReader(devmail.imap_params(address), batch_size=10) as imap:
        imap.select("INBOX")
        got = [m for batch in imap.fetch(imap.uids()) for m in batch]
    assert len(got) == len(corpus)
    for case, m in zip(corpus, got, strict=True):
        sent = case.raw if case.raw.endswith(b"\r\n") else case.raw + b"\r\n"  # SMTP ends DATA with CRLF
        assert m.raw == sent, case.name
        assert m.size == len(sent)
        assert parse_message(m.raw).attachments == parse_message(case.raw).attachments


def test_delivery_to_several_mailboxes_and_case_insensitive_login(devmail):
    a, b = devmail.new_address("a"), devmail.new_address("b")
    raw = cases()[0].raw
    with smtplib.SMTP(devmail.host, devmail.smtp_port, timeout=10) as s:
        s.sendmail("x@sevrech-edu.example", [a.upper(), b], raw)
    for address in (a, b):
        with ImapReader(devmail.imap_params(address)) as imap:
            imap.select("INBOX")
            assert [m.raw for bt in imap.fetch(imap.uids()) for m in bt] == [raw]


def test_connected_client_sees_new_mail(devmail):
    address = devmail.new_address("live")
    with IMAPClient(devmail.host, port=devmail.imap_port, ssl=False, timeout=10) as c:
        c.login(address, devmail.password)
        c.select_folder("INBOX")
        assert c.search("ALL") == []
        smtp_send(devmail.host, devmail.smtp_port, address, cases()[1].raw)
        c.noop()
        assert len(c.search("ALL")) == 1
        assert c.search("UNSEEN") == c.search("ALL")


def test_deliver_into_folder(devmail):
    address = devmail.new_address("seed")
    uid = devmail.deliver(address, cases()[2].raw, folder="Архив")
    with ImapReader(devmail.imap_params(address)) as imap:
        assert "Архив" in imap.folders()
        imap.select("Архив")
        assert imap.uids() == [uid]


def test_capabilities_after_login(devmail):
    with ImapReader(devmail.imap_params(devmail.new_address())) as imap:
        assert {"UIDPLUS", "MOVE", "IDLE"} <= imap.capabilities


def test_cli_entry_point_offline_seed_and_clean_exit(tmp_path):
    raw = cases()[3].raw
    uid = devserver.deliver(tmp_path, "Seed@Komitet.Example", raw, folder="INBOX")
    imap_port, smtp_port = free_port(), free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "docflow.mail.devserver",
            "--data",
            str(tmp_path),
            "--imap-port",
            str(imap_port),
            "--smtp-port",
            str(smtp_port),
            "--password",
            "s3cret",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=os.getcwd(),
    )
    try:
        line = proc.stdout.readline()
        assert line.startswith("devmail ready"), line + proc.stderr.read()
        assert f"imap=127.0.0.1:{imap_port}" in line and f"smtp=127.0.0.1:{smtp_port}" in line
        with IMAPClient("127.0.0.1", port=imap_port, ssl=False, timeout=10) as c:
            c.login("seed@komitet.example", "s3cret")
            c.select_folder("INBOX", readonly=True)
            assert c.search("ALL") == [uid]
            assert c.fetch([uid], ["BODY.PEEK[]"])[uid][b"BODY[]"] == raw
        with (
            pytest.raises(Exception, match=r"(?i)auth|invalid"),
            IMAPClient("127.0.0.1", port=imap_port, ssl=False, timeout=10) as c,
        ):
            c.login("seed@komitet.example", "demo")
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=10)
        assert proc.returncode == 0, err
        assert "devmail stopped" in out
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    time.sleep(0)


def test_fault_file_round_trip(tmp_path):
    devserver.set_fault(tmp_path, "A@B.example", 451)
    devserver.set_fault(tmp_path, "c@d.example", "drop")
    devserver.set_fault(tmp_path, "a@b.example", None)
    assert (tmp_path / devserver.FAULTS_FILE).read_text() == '{"c@d.example": "drop"}'
    with pytest.raises(ValueError):
        devserver.set_fault(tmp_path, "a@b.example", 250)


def test_moved_and_externally_delivered_letters_are_seen_at_once(devmail):
    """The dev server's caches (folder listing, UID list) never hide a change: a letter moved
    out disappears, one written into the maildir by another program appears with a new UID."""
    address = devmail.new_address("cache")
    raws = [c.raw for c in cases()[:4]]
    uids = [devmail.deliver(address, raw) for raw in raws]
    with ImapReader(devmail.imap_params(address)) as imap:
        imap.ensure_folder("docflow/processed")
        imap.select("INBOX")
        imap.move(uids[:2], "docflow/processed")
        assert imap.uids() == uids[2:]
        assert [m.raw for b in imap.fetch(uids[2:]) for m in b] == raws[2:]
        outside = cases()[4].raw
        (devmail.data_dir / "mail" / address / "new" / "1700000000.outside.host").write_bytes(outside)
        imap.select("INBOX")
        new = [u for u in imap.uids() if u not in uids]
        assert len(new) == 1 and new[0] > uids[-1]
        assert [m.raw for b in imap.fetch(new) for m in b] == [outside]
        imap.select("docflow/processed")
        assert [m.raw for b in imap.fetch(imap.uids()) for m in b] == raws[:2]
