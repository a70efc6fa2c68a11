"""The daily digest of quarantined letters: one letter a day, listing each letter with its reason."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from docflow.config import EXAMPLE_SETTINGS, load_settings
from docflow.intake.digest import quarantine_digest
from docflow.store.db import unit_of_work
from docflow.store.models import Mailbox, Message, OutboxLetter, utcnow

TODAY = dt.date(2026, 12, 2)


def _letter(s, box, uid: int, status: str, sender: str, subject: str, error: str) -> None:
    s.add(Message(mailbox_id=box.id, folder="INBOX", uidvalidity=1, uid=uid, raw_sha256="0" * 64, size=100,
                  from_addr=sender, subject=subject, status=status, error=error, created_at=utcnow()))


def test_one_digest_a_day_names_every_letter_held_for_a_person(sqlite_store, tmp_path):
    path = tmp_path / "committee.yaml"
    path.write_text(EXAMPLE_SETTINGS.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    settings = load_settings(path)
    with unit_of_work() as s:
        assert quarantine_digest(s, settings, TODAY) is None  # nothing waits: no letter
        box = Mailbox(name="official", address="mip@komitet.example.ru", conn_id="docflow_imap")
        s.add(box)
        s.flush()
        _letter(s, box, 1, "quarantined", "director@unknown.example", "Заявка МИП",
                "Адрес director@unknown.example не внесён в реестр образовательных организаций")
        _letter(s, box, 2, "quarantined", "school7@edu.example.ru", "Отчёт",
                "Подлинность отправителя не подтверждена: DMARC fail")
        _letter(s, box, 3, "registered", "school12@edu.example.ru", "Заявка", "")
        s.flush()
        first = quarantine_digest(s, settings, TODAY)
        again = quarantine_digest(s, settings, TODAY)
    assert first is not None and again == first  # once a day, however many runs
    with unit_of_work() as s:
        (row,) = s.scalars(select(OutboxLetter).where(OutboxLetter.kind == "digest"))
        assert row.to_addrs == list(settings.reporting.escalate_to)
        assert row.subject == "Карантин входящей почты на 02.12.2026"
        assert "ожидают решения специалиста писем: 2" in row.body_text
        assert "director@unknown.example — «Заявка МИП»: Адрес director@unknown.example не внесён" in row.body_text
        assert "DMARC fail" in row.body_text and "school12" not in row.body_text
