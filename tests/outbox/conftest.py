"""Outbox fixtures: letters queued the way docflow queues them, counted in real mailboxes."""

from __future__ import annotations

import pytest

from docflow import outbox
from docflow.mail.imap import ImapReader
from docflow.store.db import unit_of_work
from docflow.store.models import OutboxLetter

MAILBOX = "official"
SENDER = "Комитет по образованию <mip@komitet.example.ru>"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture
def queue(store):
    """Queue one letter like the committee's acknowledgements and orders; returns the row id."""
    counter = iter(range(1, 10_000))

    def add(to: str | list[str], *, mailbox: str = MAILBOX, sender: str = SENDER, **kw) -> int:
        n = next(counter)
        with unit_of_work() as s:
            return outbox.enqueue(
                s, dedup_key=kw.pop("dedup_key", f"test:{n}:{to}"), kind=kw.pop("kind", "distribution"),
                sender=sender, mailbox=mailbox, to=[to] if isinstance(to, str) else to,
                subject=kw.pop("subject", f"Приказ от 20.11.2026 № {100 + n} «О проведении мониторинга»"),
                body=kw.pop("body", "Уважаемый руководитель!\n\nНаправляем приказ комитета по образованию. "
                                    "Просим ознакомить педагогический коллектив.\n\nС уважением,\nкомитет"),
                attachments=[outbox.Attachment(f"Приказ № {100 + n}.docx", b"PK\x03\x04 order " + bytes([n % 256]),
                                               DOCX)], **kw).id
    return add


def inbox(server, address: str) -> list[bytes]:
    """The letters really delivered to ``address`` (its INBOX on the dev server)."""
    with ImapReader(server.imap_params(address)) as r:
        r.select("INBOX", readonly=True)
        return [m.raw for batch in r.fetch(r.uids()) for m in batch]


def row(row_id: int) -> OutboxLetter:
    with unit_of_work() as s:
        return s.get(OutboxLetter, row_id)
