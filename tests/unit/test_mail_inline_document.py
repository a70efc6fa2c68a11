"""A document sent «inline» (Apple Mail, the iPhone) is a file the school sent, not decoration."""

from __future__ import annotations

import base64
from io import BytesIO

from docx import Document

from docflow.mail.parse import parse_message


def _docx() -> bytes:
    doc = Document()
    doc.add_paragraph("Заявка на присвоение статуса муниципальной инновационной площадки")
    buf = BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _iphone_letter(doc: bytes) -> bytes:
    # As the iPhone's Mail writes it: multipart/mixed, the text, the file «inline» with a name.
    b64 = base64.encodebytes(doc).decode().replace("\n", "\r\n")
    return (
        "From: =?utf-8?B?0KjQutC+0LvQsCDihJYgMTI=?= <school12@example-edu.example>\r\n"
        "Content-Type: multipart/mixed; boundary=Apple-Mail-4F0B1C2D\r\n"
        "Mime-Version: 1.0 (1.0)\r\n"
        "Subject: =?utf-8?B?0JfQsNGP0LLQutCw?=\r\n"
        "Date: Mon, 9 Feb 2026 11:02:17 +0300\r\n"
        "Message-Id: <8A1C5E22-77B3-4F61-9E0A-3C1D2E4F5A6B@example-edu.example>\r\n"
        "To: mip@komitet.example\r\n"
        "X-Mailer: iPhone Mail (21D61)\r\n\r\n"
        "--Apple-Mail-4F0B1C2D\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
        "=D0=97=D0=B0=D1=8F=D0=B2=D0=BA=D0=B0 =D0=B2=D0=BE =D0=B2=D0=BB=D0=BE=D0=B6=D0=B5=D0=BD=D0=B8=D0=B8\r\n\r\n"
        "=D0=9E=D1=82=D0=BF=D1=80=D0=B0=D0=B2=D0=BB=D0=B5=D0=BD=D0=BE =D1=81 iPhone\r\n\r\n"
        "--Apple-Mail-4F0B1C2D\r\n"
        "Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document;\r\n"
        "\tname*=utf-8''%D0%97%D0%B0%D1%8F%D0%B2%D0%BA%D0%B0.docx\r\n"
        "Content-Disposition: inline;\r\n"
        "\tfilename*=utf-8''%D0%97%D0%B0%D1%8F%D0%B2%D0%BA%D0%B0.docx\r\n"
        "Content-Transfer-Encoding: base64\r\n\r\n"
        f"{b64}\r\n"
        "--Apple-Mail-4F0B1C2D--\r\n"
    ).encode()


def test_inline_docx_from_an_iphone_is_an_attachment():
    p = parse_message(_iphone_letter(_docx()))
    assert [(a.filename, a.kind, a.inline) for a in p.attachments] == [("Заявка.docx", "docx", False)]


def test_inline_picture_stays_decoration():
    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
    raw = _iphone_letter(_docx()).replace(b"--Apple-Mail-4F0B1C2D--\r\n", (
        "--Apple-Mail-4F0B1C2D\r\nContent-Type: image/png; name=IMG_0042.png\r\n"
        "Content-Disposition: inline; filename=IMG_0042.png\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.b64encode(png).decode() + "\r\n--Apple-Mail-4F0B1C2D--\r\n").encode())
    p = parse_message(raw)
    assert [(a.filename, a.inline) for a in p.attachments] == [("Заявка.docx", False), ("IMG_0042.png", True)]
