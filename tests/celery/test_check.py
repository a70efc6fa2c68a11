"""The invariant check itself: it passes on a clean intake and catches a letter delivered twice,
a stray letter and a gap in the incoming numbers (so the Celery test cannot pass vacuously)."""

from __future__ import annotations

from sqlalchemy import create_engine, text

from docflow.intake.service import intake_mailbox
from docflow.outbox import drain_all
from docflow.validation.run import validate_pending
from tests.celery import letters
from tests.celery.check import check
from tests.conftest import DEMO_SCHOOLS
from tests.intake.conftest import make_official


def _empty_inbox(server, address: str) -> None:
    from docflow.mail.imap import ImapReader

    with ImapReader(server.imap_params(address)) as r:
        r.select("INBOX")
        if uids := r.uids():
            r.client.delete_messages(uids)
            r.client.expunge()


def _imap(server) -> dict:
    return {"host": server.host, "port": server.imap_port, "password": server.password}


def test_check_passes_on_a_clean_run_and_catches_doubles_strays_and_gaps(devmail, demo_schools, tmp_path,
                                                                          monkeypatch):
    import smtplib
    official = make_official(devmail, tmp_path, monkeypatch)
    schools = letters.schools(DEMO_SCHOOLS)
    for school in schools:  # the session's dev server holds earlier tests' letters to the demo schools
        _empty_inbox(devmail, school["addresses"][0])
    raws = [letters.letter(schools[n], schools[n]["addresses"][0], official.address, n) for n in range(3)]
    for raw in raws:
        official.deliver(raw)
    intake_mailbox(official.settings, "official", devmail.imap_params(official.address))
    validate_pending(official.settings)
    drain_all(official.settings, smtp_for=lambda m: devmail.smtp_params(), imap_for=lambda m: None)

    clean = check(demo_schools, _imap(devmail), expect=3)
    assert clean["problems"] == []
    assert clean["outbox"] == {"ack": 3, "notice": 3}
    assert check(demo_schools, _imap(devmail), expect=4)["problems"]  # one letter short

    eng = create_engine(demo_schools)
    with eng.connect() as c:
        ack_id = c.execute(text("SELECT message_id_header FROM outbox ORDER BY id LIMIT 1")).scalar_one()
    school7 = schools[0]["addresses"][0]
    with smtplib.SMTP(devmail.host, devmail.smtp_port) as smtp:  # the same acknowledgement again
        smtp.sendmail(official.address, [school7],
                      f"From: {official.address}\r\nTo: {school7}\r\nSubject: =?utf-8?b?0J/QvtCy0YLQvtGA?=\r\n"
                      f"Message-ID: {ack_id}\r\n\r\nagain\r\n".encode())
    doubled = check(demo_schools, _imap(devmail), expect=3)["problems"]
    assert any("received twice 1" in p for p in doubled), doubled

    with eng.begin() as c:
        c.execute(text("UPDATE submissions SET reg_seq = 7 WHERE reg_seq = 2"))
    eng.dispose()
    gaps = check(demo_schools, _imap(devmail), expect=3)["problems"]
    assert any("gaps" in p and "missing [2" in p for p in gaps), gaps
