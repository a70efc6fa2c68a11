"""Control characters encoded into headers (RFC 2047 ``=00``, RFC 2231 ``%00``) never reach the store.

Found by the fault campaign (bench/faults.py): PostgreSQL refuses a NUL in a text value, so a letter
whose subject, sender name or file name decodes to one failed as a whole («Ошибка обработки:
ValueError: A string literal cannot contain NUL») and was never acknowledged; on SQLite the NUL, BEL
and CR LF were stored and shown to staff as they came.
"""

from __future__ import annotations

import base64
import re

import pytest
from sqlalchemy import select

from docflow.intake.run import poll_mailbox
from docflow.store.db import unit_of_work
from docflow.store.models import Attachment, Message, OutboxLetter
from tests.intake.conftest import make_official
from tests.intake.letters import form_docx

CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _letter(to: str, *, subject: str, sender_name: str, filename_param: str) -> bytes:
    data = base64.encodebytes(form_docx()).decode().replace("\n", "\r\n")
    return (f"From: {sender_name} <school7@edu.example.ru>\r\nTo: {to}\r\nSubject: {subject}\r\n"
            "Date: Tue, 24 Nov 2026 11:05:00 +0300\r\nMessage-ID: <nul-test.7f3a@edu.example.ru>\r\n"
            "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"=_b1\"\r\n\r\n"
            "--=_b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nНаправляем заявку.\r\n"
            "--=_b1\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\n"
            f"Content-Disposition: attachment; {filename_param}\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            f"{data}\r\n--=_b1--\r\n").encode()


@pytest.mark.parametrize(("subject", "sender_name", "filename_param"), [
    ("=?UTF-8?Q?=D0=97=D0=B0=D1=8F=D0=B2=D0=BA=D0=B0=00_=D0=9C=D0=98=D0=9F?=", "=?UTF-8?Q?=D0=A1=D0=9E=D0=A8_7?=",
     "filename*=utf-8''zayavka%00.docx"),
    ("=?UTF-8?Q?=D0=97=D0=B0=D1=8F=D0=B2=D0=BA=D0=B0_=D0=9C=D0=98=D0=9F?=", "=?UTF-8?Q?=D0=A1=D0=9E=D0=A8=00_7?=",
     'filename="=?UTF-8?Q?zayavka=00.exe.docx?="'),
    ("=?UTF-8?Q?Zayavka=0D=0ABcc:_victim@evil.example.com?=", "=?UTF-8?Q?=D0=A1=D0=9E=D0=A8_7?=",
     "filename*=utf-8''zay%0D%0Avka%07.docx"),
], ids=["nul-subject-2231-name", "nul-sender-2047-name", "crlf-bel"])
def test_a_letter_with_encoded_control_characters_is_registered_without_them(
        imap_server, demo_schools, tmp_path, monkeypatch, subject, sender_name, filename_param):
    official = make_official(imap_server, tmp_path, monkeypatch)
    official.deliver(_letter(official.address, subject=subject, sender_name=sender_name,
                             filename_param=filename_param))
    with official.reader() as reader:
        report = poll_mailbox(official.settings, "official", reader)
    assert (report.registered, report.failed) == (1, 0)
    with unit_of_work() as s:
        msg = s.scalars(select(Message)).one()
        names = list(s.scalars(select(Attachment.filename).where(Attachment.message_id == msg.id)))
        ack = s.scalars(select(OutboxLetter).where(OutboxLetter.message_id == msg.id)).one()
        stored = [msg.subject, msg.from_name, *names, ack.subject]
    assert msg.status == "registered" and ack.kind == "ack"
    assert [v for v in stored if CONTROL.search(v)] == []
    assert any(n.startswith("zay") and n.endswith(".docx") for n in names)
