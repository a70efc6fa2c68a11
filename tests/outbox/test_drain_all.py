"""One drain over every mailbox the settings name, whatever they are called."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes, policy

import pytest
from sqlalchemy import select

from docflow import outbox
from docflow.config import load_settings
from docflow.store.db import unit_of_work
from docflow.store.models import OutboxLetter
from tests.council.conftest import waiting  # noqa: F401 - the council's fixture
from tests.intake.conftest import settings_for
from tests.outbox.conftest import inbox

SECOND = """
  - name: obshchiy
    address: {address}
    imap_conn_id: docflow_imap_obshchiy
    smtp_conn_id: docflow_smtp_obshchiy
"""


@pytest.fixture
def priem(devmail, tmp_path, monkeypatch):
    """Settings whose mailboxes are «priem» and «obshchiy» (no «official» anywhere)."""
    first, second = devmail.new_address("priem"), devmail.new_address("obshchiy")
    path = settings_for(first, tmp_path, **{"  - name: official": "  - name: priem"})
    text = path.read_text(encoding="utf-8").replace("\nintake:", SECOND.format(address=second) + "\nintake:", 1)
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("DOCFLOW_SETTINGS", str(path))
    settings = load_settings(path)
    assert [m.name for m in settings.mailboxes] == ["priem", "obshchiy"]
    return settings


def devmail_reader(devmail, address):
    from docflow.mail.imap import ImapReader
    return ImapReader(devmail.imap_params(address))


def _drain(devmail, settings) -> dict:
    return outbox.drain_all(settings, smtp_for=lambda m: devmail.smtp_params(),
                            imap_for=lambda m: devmail.imap_params(m.address))


def test_every_mailbox_is_drained_with_its_own_sender_and_sent_folder(devmail, store, priem):
    schools = [devmail.new_address("sosh1"), devmail.new_address("sosh2")]
    with unit_of_work() as s:
        for m, school in zip(priem.mailboxes, schools, strict=True):
            outbox.enqueue(s, dedup_key=f"t:{m.name}", kind="notice", sender=m.address, mailbox=m.name,
                           to=[school], subject="Уведомление о сроках представления отчётов", body="Текст.")
    report = _drain(devmail, priem)
    assert report["sent"] == 2
    assert [(r["mailbox"], r["sent"]) for r in report["mailboxes"]] == [("priem", 1), ("obshchiy", 1)]
    for m, school in zip(priem.mailboxes, schools, strict=True):
        (raw,) = inbox(devmail, school)
        assert message_from_bytes(raw, policy=policy.default)["From"].addresses[0].addr_spec == m.address
        with devmail_reader(devmail, m.address) as r:  # each mailbox keeps its own copy in Sent
            r.select("Sent", readonly=True)
            assert len(r.uids()) == 1


def test_agenda_and_invitations_of_a_committee_whose_mailbox_is_priem_are_sent(devmail, priem, waiting):  # noqa: F811
    from docflow.council import steps
    mid = steps.prepare(dt.date(2026, 11, 2), "2026-11-10", run_id="test/run")["meeting_id"]
    steps.confirm_agenda(mid, {"exclude": [], "extra": [], "time": "15:00",
                               "place": "г. Северореченск, ул. Школьная, д. 1"})
    ids = steps.send_agenda(mid, "15:00")
    assert ids
    with unit_of_work() as s:
        assert set(s.scalars(select(OutboxLetter.mailbox))) == {"priem"}
    report = _drain(devmail, priem)
    assert report["sent"] == len(ids) and report["failed"] == report["retry"] == 0


def test_a_letter_names_its_mailbox():
    with pytest.raises(TypeError, match="mailbox"):
        outbox.queue._row(dedup_key="t", kind="notice", sender="mip@komitet.example.ru", to=["a@b.ru"],
                          subject="Тема", body="Текст")


def test_every_dag_and_the_cli_send_through_the_one_drain():
    from tests.conftest import PROJECT_ROOT
    senders = ["docflow_intake", "docflow_distribution", "docflow_validation", "docflow_execution_control",
               "docflow_reporting_cycle"]
    for name in senders:
        text = (PROJECT_ROOT / "dags" / f"{name}.py").read_text(encoding="utf-8")
        assert "drain_all(get_settings())" in text, name
    assert "drain_all(get_settings())" in (PROJECT_ROOT / "docflow/cli/mail.py").read_text(encoding="utf-8")
    for path in [*PROJECT_ROOT.glob("dags/*.py"), *PROJECT_ROOT.glob("docflow/**/*.py")]:
        text = path.read_text(encoding="utf-8")
        assert "send_pending" not in text and "def send_outbox" not in text, path  # no second drain
