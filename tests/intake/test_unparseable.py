"""A letter whose structure cannot be parsed is kept for staff with who sent it and why — never
«Не удалось определить отправителя», never answered."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from docflow.intake.run import poll_mailbox
from docflow.mail.parse import parse_headers_only, parse_message
from docflow.store.db import unit_of_work
from docflow.store.models import Message, OutboxLetter

SENDER = "school7@edu.example.ru"


def nested(depth: int) -> bytes:
    """MIME nested ``depth`` levels deep, each part opening the next (what no mail client writes)."""
    head = (f"From: =?utf-8?B?0KjQutC+0LvQsCDihJYgNw==?= <{SENDER}>\r\nTo: mip@komitet.example.ru\r\n"
            "Subject: =?utf-8?B?0JfQsNGP0LLQutCw?=\r\nMessage-ID: <deep-1@edu.example.ru>\r\n"
            "Date: Tue, 1 Dec 2026 10:00:00 +0300\r\nMIME-Version: 1.0\r\n")
    parts = [head + 'Content-Type: multipart/mixed; boundary="b0"\r\n\r\n']
    for i in range(1, depth):
        parts.append(f'--b{i - 1}\r\nContent-Type: multipart/mixed; boundary="b{i}"\r\n\r\n')
    parts.append(f"--b{depth - 1}\r\nContent-Type: text/plain\r\n\r\nend\r\n")
    parts += [f"--b{i}--\r\n" for i in reversed(range(depth))]
    return "".join(parts).encode()


def test_headers_alone_name_the_sender_whatever_the_body():
    head = parse_headers_only(nested(5) + b"\x00garbage")
    assert head.sender.address == SENDER and head.subject == "Заявка" and head.message_id == "<deep-1@edu.example.ru>"


def test_a_letter_nested_thousands_of_levels_is_quarantined_with_its_sender(official):
    if official.server.name == "devmail":
        pytest.skip("the dev server (pymap) cannot store a letter nested this deep; Dovecot can")
    raw = nested(3000)
    assert any(p.startswith("unparseable message") for p in parse_message(raw).problems)
    official.deliver(raw)
    with official.reader() as r:
        report = poll_mailbox(official.settings, "official", r)
    assert report.quarantined == 1
    with unit_of_work() as s:
        msg = s.scalar(select(Message))
        assert msg.from_addr == SENDER and msg.subject == "Заявка"
        assert msg.error.startswith("Структуру письма не удалось разобрать (RecursionError)")
        assert s.scalar(select(func.count(OutboxLetter.id))) == 0  # nobody is answered
