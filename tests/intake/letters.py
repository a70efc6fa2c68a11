"""Small builders for letters from the demo schools (the mail corpus covers client quirks)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import docx

DOCX_MIME = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")


def form_docx(kind: str = "application", title: str = "Заявка на присвоение статуса МИП") -> bytes:
    d = docx.Document()
    d.core_properties.category = f"docflow-form: {kind}"
    d.add_heading(title, 1)
    d.add_paragraph("Полное наименование ОО: МБОУ «СОШ № 7»")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def letter(sender: str, to: str, subject: str = "Заявка на присвоение статуса МИП", *,
           body: str = "Направляем заявку.", files: list[tuple[str, bytes]] | None = None,
           msgid: str | None = None, headers: dict[str, str] | None = None) -> bytes:
    m = EmailMessage()
    m["From"] = f"Школа <{sender}>"
    m["To"] = to
    m["Subject"] = subject
    m["Date"] = format_datetime(datetime(2026, 11, 24, 10, 30, tzinfo=UTC))
    m["Message-ID"] = msgid or make_msgid(domain="edu.example.ru")
    for k, v in (headers or {}).items():
        m[k] = v
    m.set_content(body)
    for name, data in files or []:
        m.add_attachment(data, maintype=DOCX_MIME[0], subtype=DOCX_MIME[1], filename=name)
    return m.as_bytes(policy=m.policy.clone(linesep="\r\n"))


def application(sender: str, to: str, **kw) -> bytes:
    return letter(sender, to, files=[("Заявка МИП.docx", form_docx())], **kw)
