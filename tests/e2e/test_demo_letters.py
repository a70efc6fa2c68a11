"""The demo's letters through intake, validation and the sender, read back from the schools' mailboxes."""

from __future__ import annotations

import smtplib

from docflow.demo.seed import demo_letters
from docflow.intake.run import poll_mailbox
from docflow.mail.imap import ImapReader
from docflow.mail.parse import parse_message
from docflow.outbox import drain_all
from docflow.validation.run import validate_pending
from tests.intake.conftest import make_official


def subjects(devmail, address: str) -> list[str]:
    with ImapReader(devmail.imap_params(address)) as r:
        r.select("INBOX")
        return sorted(parse_message(m.raw).subject for b in r.fetch(r.uids()) for m in b)


SCHOOLS = ["school7@edu.example.ru", "school12@edu.example.ru", "lyceum1@edu.example.ru",
           "ivanov.teacher@mail.example.com"]


def test_demo_letters_reach_every_school_with_the_right_answer(devmail, demo_schools, tmp_path, monkeypatch):
    official = make_official(devmail, tmp_path, monkeypatch)
    before = {a: subjects(devmail, a) for a in SCHOOLS}  # the session's server may hold earlier runs' mail
    with smtplib.SMTP(devmail.host, devmail.smtp_port, timeout=30) as smtp:
        for sender, raw in demo_letters(official.address):
            smtp.sendmail(sender, [official.address], raw)
    with official.reader() as r:
        report = poll_mailbox(official.settings, "official", r)
    assert (report.registered, report.quarantined, report.duplicates) == (3, 1, 1)
    checked = validate_pending(official.settings)
    assert (len(checked.complete), len(checked.incomplete)) == (2, 1)
    sent = drain_all(official.settings, smtp_for=lambda m: devmail.smtp_params(),
                     imap_for=lambda m: devmail.imap_params(official.address))
    assert sent["sent"] == 7 and sent["failed"] == 0

    def new(address: str) -> list[str]:
        got = subjects(devmail, address)
        for x in before[address]:
            got.remove(x)
        return got

    s7 = new("school7@edu.example.ru")
    assert len(s7) == 2 and any("зарегистрирован" in x for x in s7) and any("комплект полный" in x for x in s7)
    s12 = new("school12@edu.example.ru")
    assert len(s12) == 2 and any("требуется доработка" in x for x in s12)
    assert len(new("lyceum1@edu.example.ru")) == 2
    assert new("ivanov.teacher@mail.example.com") == [
        "Письмо не зарегистрировано: адрес отправителя не внесён в реестр"]
