"""Realistic inbound letters, built the way the real clients build them, with expected parse facts.

``cases() -> list[Case]``; ``case(name) -> Case``. ``Case.raw`` is CRLF bytes, ``Case.expect`` the
facts ``tests/unit/test_mail_corpus.py`` checks (see ``check`` there for the keys).
All schools and people are fictional.
"""

from __future__ import annotations

import base64
import quopri
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote

from tests.corpus import files

KOMITET = "mip@komitet.example"
OUR_MSGID = "<docflow.outbox-17@komitet.example>"
SCHOOL7 = "school7@sevrech-edu.example"
DATE = "Tue, 24 Nov 2026 10:15:03 +0300"


@dataclass(frozen=True)
class Case:
    name: str
    raw: bytes
    expect: dict = field(default_factory=dict)


def b64(data: bytes) -> str:
    enc = base64.b64encode(data).decode()
    return "\r\n".join(enc[i : i + 76] for i in range(0, len(enc), 76))


def qp(text: str, charset: str) -> str:
    return quopri.encodestring(text.replace("\n", "\r\n").encode(charset)).decode("ascii")


def word(text: str, charset: str = "UTF-8", enc: str = "B") -> str:
    data = text.encode(charset)
    if enc == "B":
        return f"=?{charset}?B?{base64.b64encode(data).decode()}?="
    q = "".join(chr(b) if (48 <= b <= 57 or 65 <= b <= 90 or 97 <= b <= 122) else f"={b:02X}" for b in data)
    return f"=?{charset}?Q?{q}?="


def rfc2231(name: str, chunk: int = 0) -> str:
    """filename*=UTF-8''... as Thunderbird writes it, split into continuations when ``chunk``."""
    enc = quote(name.encode("utf-8"), safe="")
    if not chunk:
        return f"filename*=UTF-8''{enc}"
    parts, i = [], 0
    while enc:
        cut = chunk
        while "%" in enc[max(0, cut - 2) : cut] and cut < len(enc):  # never split an escape
            cut += 1
        head, enc = enc[:cut], enc[cut:]
        parts.append(f"filename*{i}*={'UTF-8' + chr(39) * 2 if i == 0 else ''}{head}")
        i += 1
    return ";\r\n ".join(parts)


def msg(headers: list[str], body: str) -> bytes:
    sep = "\r\n" if body.startswith("Content-Type:") else "\r\n\r\n"  # a multipart() carries its header
    text = "\r\n".join(headers) + sep + body
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


def part_file(ctype: str, data: bytes, disposition: str) -> str:
    return (
        f"Content-Type: {ctype}\r\nContent-Transfer-Encoding: base64\r\n{disposition}\r\n\r\n{b64(data)}\r\n"
    )


def multipart(boundary: str, parts: list[str], ctype: str = "multipart/mixed", extra: str = "") -> str:
    body = "".join(f"--{boundary}\r\n{p}\r\n" for p in parts)
    return f'Content-Type: {ctype}; boundary="{boundary}"{extra}\r\n\r\n{body}--{boundary}--\r\n'


def received(host: str = "mx.komitet.example") -> str:
    return (
        f"Received: from mail.sevrech-edu.example (mail.sevrech-edu.example [198.51.100.7])\r\n"
        f"\tby {host} with ESMTPS id 4R7xQk2Lz0z1; {DATE}"
    )


ZAYAVKA_TEXT = (
    "Добрый день!\n\nНаправляем заявку на присвоение статуса муниципальной инновационной "
    "площадки.\n\nС уважением,\nдиректор МБОУ «СОШ № 7» Орлова Н.П.\n"
)
DOCX_NAME = "Заявка МИП СОШ №7.docx"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _outlook_cp1251() -> Case:
    top = multipart(
        "----=_NextPart_000_0012_01DB3E5A.5C2B1F70",
        [
            'Content-Type: text/plain;\r\n\tcharset="windows-1251"'
            '\r\nContent-Transfer-Encoding: quoted-printable'
            f"\r\n\r\n{qp(ZAYAVKA_TEXT, 'cp1251')}",
            part_file(
                f'{DOCX_MIME};\r\n\tname="{word(DOCX_NAME, "windows-1251")}"',
                files.docx(),
                f'Content-Disposition: attachment;\r\n\tfilename="{word(DOCX_NAME, "windows-1251")}"',
            ),
        ],
    )
    raw = msg(
        [
            received(),
            f"From: {word('Орлова Наталья Петровна', 'windows-1251')} <{SCHOOL7}>",
            f"To: <{KOMITET}>",
            f"Subject: {word('Заявка на статус МИП', 'windows-1251')}",
            f"Date: {DATE}",
            "Message-ID: <000a01db3e5a$5c2b1f70$14815e50$@sevrech-edu.example>",
            "MIME-Version: 1.0",
            "X-Mailer: Microsoft Outlook 16.0",
            "Thread-Index: AdtFWlwrH3AUgV5QTjl0YWNrc2NvcmU=",
            "Content-Language: ru",
        ],
        top,
    )
    return Case(
        "outlook_cp1251_qp",
        raw,
        {
            "sender": (SCHOOL7, "Орлова Наталья Петровна"),
            "subject": "Заявка на статус МИП",
            "text_contains": "муниципальной инновационной площадки",
            "attachments": [(DOCX_NAME, "docx", False, False, None)],
        },
    )


def _outlook_winmail() -> Case:
    tnef = files.tnef(
        [("Zayavka_MIP.docx", files.docx()), ("Programma.pdf", files.pdf())],
        body="Направляем заявку в формате Outlook.",
    )
    top = multipart(
        "----=_NextPart_000_0001_01DB3E5B.00000000",
        [
            'Content-Type: text/plain; charset="windows-1251"\r\nContent-Transfer-Encoding: quoted-printable'
            f"\r\n\r\n{qp('Направляем заявку в формате Outlook.', 'cp1251')}",
            part_file(
                'application/ms-tnef; name="winmail.dat"',
                tnef,
                'Content-Disposition: attachment; filename="winmail.dat"',
            ),
        ],
    )
    raw = msg(
        [
            received(),
            f"From: {SCHOOL7}",
            f"To: {KOMITET}",
            f"Subject: {word('Заявка (Outlook RTF)', 'windows-1251')}",
            f"Date: {DATE}",
            "Message-ID: <000b01db3e5b$00000000$00000000@sevrech-edu.example>",
            "MIME-Version: 1.0",
            "X-Mailer: Microsoft Outlook 14.0",
            "X-MS-TNEF-Correlator: 0000000012345",
        ],
        top,
    )
    return Case(
        "outlook_winmail",
        raw,
        {
            "text_contains": "формате Outlook",
            "attachments": [
                ("winmail.dat", "tnef", False, False, None),
                ("Zayavka_MIP.docx", "docx", False, False, "winmail.dat"),
                ("Programma.pdf", "pdf", False, False, "winmail.dat"),
            ],
        },
    )


def _thunderbird() -> Case:
    name = "Программа инновационного проекта СОШ №7 (итоговая редакция).docx"
    text = (
        "Добрый день, коллеги! \nВ приложении программа проекта в итоговой редакции, \n"
        "с учётом замечаний методического совета.\n\n-- \nСеменова И.А., заместитель директора\n"
    )
    top = multipart(
        "------------8Jk2Hc0bFQ2Qx9Qy7dTz1mWn",
        [
            "Content-Type: text/plain; charset=UTF-8; format=flowed\r\nContent-Transfer-Encoding: 8bit"
            f"\r\n\r\n{text}",
            part_file(
                f'{DOCX_MIME};\r\n name="{word(name)}"',
                files.docx("Программа"),
                f"Content-Disposition: attachment;\r\n {rfc2231(name, 40)}",
            ),
        ],
        extra="",
    )
    raw = msg(
        [
            received(),
            "Message-ID: <5d2f9c1e-7b3a-4f0e-9c1d-2a8e6f4b7c11@sevrech-edu.example>",
            f"Date: {DATE}",
            "MIME-Version: 1.0",
            "User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Thunderbird/128.5.0",
            "Content-Language: ru",
            f"To: {word('Комитет образования')} <{KOMITET}>",
            f"From: {word('Семенова Ирина')} <semenova@sevrech-edu.example>",
            f"Subject: {word('Программа проекта (итоговая редакция)')}",
        ],
        top,
    )
    return Case(
        "thunderbird_flowed_rfc2231",
        raw,
        {
            "sender": ("semenova@sevrech-edu.example", "Семенова Ирина"),
            "to": [(KOMITET, "Комитет образования")],
            "text_contains": "с учётом замечаний",
            "attachments": [(name, "docx", False, False, None)],
        },
    )


def _webmail(
    name: str, boundary: str, headers: list[str], fname: str, data: bytes, ctype: str, kind: str, enc: str
) -> Case:
    text = "Здравствуйте! Отчёт школы № 12 во вложении.\n"
    html = "<div>Здравствуйте! Отчёт школы&nbsp;№&nbsp;12 во вложении.</div>"
    alt = multipart(
        boundary + "_alt",
        [
            f"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            f"{b64(text.encode())}",
            f"Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            f"{b64(html.encode())}",
        ],
        ctype="multipart/alternative",
    )
    top = multipart(
        boundary,
        [
            alt,
            part_file(
                f'{ctype}; name="{word(fname, "UTF-8", enc)}"',
                data,
                f'Content-Disposition: attachment; filename="{word(fname, "UTF-8", enc)}"',
            ),
        ],
    )
    raw = msg(
        [
            received(),
            *headers,
            f"To: {KOMITET}",
            f"Subject: {word('Отчёт СОШ № 12 за 2025/2026 уч. год')}",
            f"Date: {DATE}",
            "MIME-Version: 1.0",
        ],
        top,
    )
    return Case(
        name,
        raw,
        {
            "subject": "Отчёт СОШ № 12 за 2025/2026 уч. год",
            "text_contains": "Отчёт школы",
            "html": True,
            "attachments": [(fname, kind, False, False, None)],
        },
    )


def _mailru() -> Case:
    return _webmail(
        "mailru_base64",
        "--ALT--0aFf2b9c1700000000",
        [
            f"From: {word('Школа 12')} <school12@mail.example>",
            "Message-ID: <1732431303.123456789@f512.i.mail.example>",
            "X-Mailer: Mail.Ru Mailer 1.0",
            "X-Priority: 3 (Normal)",
        ],
        "Отчёт о реализации проекта 2026.docx",
        files.docx("Отчёт"),
        DOCX_MIME,
        "docx",
        "B",
    )


def _yandex() -> Case:
    return _webmail(
        "yandex_web",
        "----==--bound.1234567.myt5-1.yandex.example",
        [
            f"From: {word('Кузнецова Е.В.')} <school12@yandex.example>",
            "Message-Id: <2213741732431303@mail.yandex.example>",
            "X-Yandex-Spam: 1",
        ],
        "Скан приказа школы.pdf",
        files.pdf(),
        "application/pdf",
        "pdf",
        "Q",
    )


def _iphone() -> Case:
    body = "Направляю заявку, сейчас в отъезде.\n\nОтправлено с iPhone\n"
    name = "Заявка.docx"
    top = multipart(
        "Apple-Mail-4F3A2B1C-9D8E-4A7B-B6C5-D4E3F2A1B0C9",
        [
            f"Content-Type: text/plain;\r\n\tcharset=utf-8\r\nContent-Transfer-Encoding: quoted-printable"
            f"\r\n\r\n{qp(body, 'utf-8')}",
            part_file(
                f"{DOCX_MIME};\r\n\tname*=utf-8''{quote(name)}",
                files.docx(),
                f"Content-Disposition: attachment;\r\n\tfilename*=utf-8''{quote(name)}",
            ),
        ],
    )
    raw = msg(
        [
            received(),
            f"From: {word('Орлова Н.П.', 'utf-8')} <{SCHOOL7}>",
            "Mime-Version: 1.0 (1.0)",
            f"Date: {DATE}",
            f"Subject: {word('Заявка', 'utf-8')}",
            "Message-Id: <A1B2C3D4-E5F6-4789-ABCD-EF0123456789@sevrech-edu.example>",
            f"To: {KOMITET}",
            "X-Mailer: iPhone Mail (22B83)",
        ],
        top,
    )
    return Case(
        "iphone",
        raw,
        {"text_contains": "Отправлено с iPhone", "attachments": [(name, "docx", False, False, None)]},
    )


def _koi8r() -> Case:
    text = "Уважаемые коллеги!\nПросим включить нашу школу в повестку совета.\nДиректор Лебедев А.С.\n"
    raw = (
        f"From: Lebedev <lebedev@school3.example>\r\nTo: {KOMITET}\r\n"
        f"Subject: {word('Просьба', 'KOI8-R')}\r\n"
        f"Date: {DATE}\r\nMessage-ID: <koi8.1@school3.example>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=koi8-r\r\nContent-Transfer-Encoding: 8bit\r\n"
        "X-Mailer: The Bat! (v3.99.3) Professional\r\n\r\n"
    ).encode() + text.replace("\n", "\r\n").encode("koi8-r")
    return Case(
        "koi8r_plain", raw, {"subject": "Просьба", "text_contains": "повестку совета", "attachments": []}
    )


def _html_only() -> Case:
    html = (
        "<html><head><style>p{color:red}</style></head><body><p>Добрый день!</p>"
        "<p>Сообщаем, что отчёт будет направлен до&nbsp;15&nbsp;июня.</p><br>"
        "<table><tr><td>Школа</td><td>№ 5</td></tr></table></body></html>"
    )
    raw = msg(
        [
            "From: school5@example.org",
            f"To: {KOMITET}",
            f"Subject: {word('Об отчёте')}",
            f"Date: {DATE}",
            "Message-ID: <html.only.5@example.org>",
            "MIME-Version: 1.0",
            "Content-Type: text/html; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
        ],
        b64(html.encode()),
    )
    return Case(
        "html_only",
        raw,
        {"text_contains": "до 15 июня", "text_excludes": "color:red", "html": True, "attachments": []},
    )


def _forwarded() -> Case:
    inner_top = multipart(
        "inner-b1",
        [
            "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit"
            "\r\n\r\nЗаявка во вложении.",
            part_file(
                f'{DOCX_MIME}; name="{word(DOCX_NAME)}"',
                files.docx(),
                f'Content-Disposition: attachment; filename="{word(DOCX_NAME)}"',
            ),
        ],
    )
    inner = (
        "\r\n".join(
            [
                f"From: {SCHOOL7}",
                "To: secretary@sevrech-edu.example",
                f"Subject: {word('Заявка МИП')}",
                f"Date: {DATE}",
                "Message-ID: <orig.inner.1@sevrech-edu.example>",
                "MIME-Version: 1.0",
            ]
        )
        + "\r\n"
        + inner_top
    )
    top = multipart(
        "outer-b0",
        [
            "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            "Пересылаю письмо школы, у них не работает почта.",
            f'Content-Type: message/rfc822; name="{word("Заявка МИП.eml")}"\r\n'
            f'Content-Disposition: attachment; filename="{word("Заявка МИП.eml")}"\r\n\r\n{inner}',
        ],
    )
    raw = msg(
        [
            received(),
            "From: secretary@sevrech-edu.example",
            f"To: {KOMITET}",
            f"Subject: {word('Fwd: Заявка МИП')}",
            f"Date: {DATE}",
            "Message-ID: <fwd.2@sevrech-edu.example>",
            "MIME-Version: 1.0",
            "User-Agent: Mozilla Thunderbird",
        ],
        top,
    )
    return Case(
        "forwarded_rfc822",
        raw,
        {
            "text_contains": "Пересылаю",
            "forwarded_subjects": ["Заявка МИП"],
            "attachments": [(DOCX_NAME, "docx", False, True, None)],
        },
    )


def _inline_image() -> Case:
    related = multipart(
        "rel-b2",
        [
            "Content-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            '<p>Фото с мероприятия во вложении.</p><img src="cid:logo@school9">',
            'Content-Type: image/png; name="logo.png"\r\nContent-Transfer-Encoding: base64\r\n'
            f'Content-ID: <logo@school9>\r\n'
            f'Content-Disposition: inline; filename="logo.png"\r\n\r\n{b64(files.png())}',
        ],
        ctype="multipart/related",
    )
    alt = multipart(
        "alt-b1",
        ["Content-Type: text/plain; charset=UTF-8\r\n\r\nФото с мероприятия во вложении.", related],
        ctype="multipart/alternative",
    )
    top = multipart(
        "mix-b0",
        [
            alt,
            part_file(
                'image/jpeg; name="IMG_2041.JPG"',
                files.jpeg(),
                'Content-Disposition: attachment; filename="IMG_2041.JPG"',
            ),
        ],
    )
    raw = msg(
        [
            "From: school9@example.org",
            f"To: {KOMITET}",
            "Subject: Foto",
            f"Date: {DATE}",
            "Message-ID: <img.9@example.org>",
            "MIME-Version: 1.0",
        ],
        top,
    )
    return Case(
        "inline_vs_attachment",
        raw,
        {
            "text_contains": "Фото с мероприятия",
            "attachments": [
                ("logo.png", "png", True, False, None),
                ("IMG_2041.JPG", "jpg", False, False, None),
            ],
        },
    )


def _simple(
    name: str,
    subject: str,
    text: str,
    attachments: list[tuple[str, str, bytes]],
    headers: list[str] | None = None,
    sender: str = SCHOOL7,
    msgid: str | None = None,
) -> bytes:
    parts = [
        f"Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        f"{b64(text.encode())}"
    ]
    for fname, ctype, data in attachments:
        parts.append(
            part_file(
                f'{ctype}; name="{word(fname)}"',
                data,
                f'Content-Disposition: attachment; filename="{word(fname)}"',
            )
        )
    return msg(
        [
            received(),
            f"From: {sender}",
            f"To: {KOMITET}",
            f"Subject: {word(subject)}",
            f"Date: {DATE}",
            f"Message-ID: {msgid or f'<{name}@sevrech-edu.example>'}",
            "MIME-Version: 1.0",
            *(headers or []),
        ],
        multipart(f"b-{name}", parts),
    )


def _zip() -> Case:
    archive = files.zip_of([("Документы/Заявка.docx", files.docx()), ("Документы/Устав.pdf", files.pdf())])
    raw = _simple(
        "zip", "Заявка (архив)", "Документы в архиве.", [("Документы школы.zip", "application/zip", archive)]
    )
    return Case(
        "zip_with_docx",
        raw,
        {
            "attachments": [
                ("Документы школы.zip", "zip", False, False, None),
                ("Заявка.docx", "docx", False, False, "Документы школы.zip"),
                ("Устав.pdf", "pdf", False, False, "Документы школы.zip"),
            ]
        },
    )


def _pdf_scan() -> Case:
    raw = _simple(
        "scan",
        "Скан",
        "",
        [("SCAN_20261124_101503.pdf", "application/pdf", files.pdf(pad=40000))],
        headers=["X-Mailer: Canon MF Scan to E-mail"],
        sender="scanner@sevrech-edu.example",
    )
    return Case(
        "pdf_scan",
        raw,
        {"text": "", "attachments": [("SCAN_20261124_101503.pdf", "pdf", False, False, None)]},
    )


def _docm() -> Case:
    raw = _simple(
        "docm",
        "Отчёт",
        "Отчёт с макросами.",
        [("Отчёт.docm", "application/vnd.ms-word.document.macroEnabled.12", files.docm())],
    )
    return Case("docm", raw, {"attachments": [("Отчёт.docm", "docm", False, False, None)]})


def _old_formats() -> Case:
    raw = _simple(
        "old",
        "Старые форматы",
        "Файлы во вложении.",
        [
            ("Заявка.doc", "application/octet-stream", files.ole_doc()),
            ("Пояснительная.rtf", "application/msword", files.rtf()),
            ("Программа.odt", "application/octet-stream", files.odt()),
            ("Архив.rar", "application/octet-stream", files.rar()),
        ],
    )
    return Case(
        "old_formats_misdeclared",
        raw,
        {
            "attachments": [
                ("Заявка.doc", "doc", False, False, None),
                ("Пояснительная.rtf", "rtf", False, False, None),
                ("Программа.odt", "odt", False, False, None),
                ("Архив.rar", "rar", False, False, None),
            ]
        },
    )


def _docx_named_doc() -> Case:
    raw = _simple("misnamed", "Заявка", "Заявка.", [("заявка.doc", "application/msword", files.docx())])
    return Case(
        "docx_named_doc",
        raw,
        {"attachments": [("заявка.doc", "docx", False, False, None)], "declared": ["application/msword"]},
    )


def _ooo() -> Case:
    raw = msg(
        [
            f"From: {word('Орлова Наталья Петровна')} <{SCHOOL7}>",
            f"To: {KOMITET}",
            f"Subject: {word('Автоматический ответ: Уведомление о регистрации')}",
            f"Date: {DATE}",
            "Message-ID: <ooo.1@sevrech-edu.example>",
            f"In-Reply-To: {OUR_MSGID}",
            "Auto-Submitted: auto-replied",
            "X-Auto-Response-Suppress: All",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ],
        "Я в отпуске до 1 декабря.\r\n",
    )
    return Case("out_of_office", raw, {"automatic": "auto-submitted: auto-replied", "in_reply_to": OUR_MSGID})


def _list() -> Case:
    raw = msg(
        [
            "From: news@edu-portal.example",
            f"To: {KOMITET}",
            f"Subject: {word('Новости образования')}",
            f"Date: {DATE}",
            "Message-ID: <news.77@edu-portal.example>",
            "Precedence: bulk",
            "List-Id: Edu news <news.edu-portal.example>",
            "List-Unsubscribe: <mailto:unsub@edu-portal.example>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: 8bit",
        ],
        "Выпуск № 45.\r\n",
    )
    return Case("mailing_list", raw, {"automatic": "precedence: bulk"})


def _dsn() -> Case:
    status = (
        "Reporting-MTA: dns; mx.komitet.example\r\nArrival-Date: " + DATE + "\r\n\r\n"
        "Final-Recipient: rfc822; school99@nowhere.example\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 <school99@nowhere.example>: Recipient address rejected\r\n"
    )
    headers = (
        f"From: {KOMITET}\r\nTo: school99@nowhere.example\r\nSubject: {word('Уведомление')}\r\n"
        f"Message-ID: {OUR_MSGID}\r\nDate: {DATE}\r\n"
    )
    top = multipart(
        "dsn-b0",
        [
            "Content-Type: text/plain; charset=us-ascii\r\n\r\n"
            "This is the mail system at host mx.komitet.example.\r\n"
            "I'm sorry to have to inform you that your message could not be delivered.",
            f"Content-Description: Delivery report\r\nContent-Type: message/delivery-status\r\n\r\n{status}",
            f"Content-Description: Undelivered Message Headers\r\n"
            f"Content-Type: text/rfc822-headers\r\n\r\n{headers}",
        ],
        ctype="multipart/report",
        extra="; report-type=delivery-status",
    )
    raw = msg(
        [
            "From: MAILER-DAEMON@mx.komitet.example (Mail Delivery System)",
            f"To: {KOMITET}",
            "Subject: Undelivered Mail Returned to Sender",
            f"Date: {DATE}",
            "Message-Id: <20261124071503.AB12C3D4@mx.komitet.example>",
            "Auto-Submitted: auto-replied",
            "MIME-Version: 1.0",
        ],
        top,
    )
    return Case(
        "dsn_bounce",
        raw,
        {
            "automatic": "auto-submitted: auto-replied",
            "dsn": (OUR_MSGID, [("school99@nowhere.example", "failed", "5.1.1")]),
        },
    )


def _dkim_fail() -> Case:
    raw = _simple(
        "dkimfail",
        "Заявка",
        "Срочно оплатите счёт.",
        [],
        headers=[
            "Authentication-Results: mx.komitet.example;\r\n dkim=fail (signature did not verify)"
            " header.d=sevrech-edu.example;\r\n spf=softfail smtp.mailfrom=sevrech-edu.example;"
            "\r\n dmarc=fail header.from=sevrech-edu.example"
        ],
    )
    return Case("dkim_fail", raw, {"auth": {"dkim": "fail", "spf": "softfail", "dmarc": "fail"}})


def _reply() -> Case:
    raw = _simple(
        "reply",
        "RE: Уведомление о неполном комплекте документов",
        "Досылаем недостающую справку.\n\n> Не хватает справки о кадрах.",
        [("Справка о кадрах.pdf", "application/pdf", files.pdf("spravka"))],
        headers=[f"In-Reply-To: {OUR_MSGID}", f"References: <docflow.intake-5@komitet.example> {OUR_MSGID}"],
    )
    return Case(
        "reply_in_thread",
        raw,
        {
            "in_reply_to": OUR_MSGID,
            "references": ["<docflow.intake-5@komitet.example>", OUR_MSGID],
            "attachments": [("Справка о кадрах.pdf", "pdf", False, False, None)],
        },
    )


def _oversized() -> Case:
    raw = _simple(
        "big", "Видео с урока", "Большой файл.", [("Урок.pdf", "application/pdf", files.pdf(pad=11 * 2**20))]
    )
    return Case(
        "oversized", raw, {"min_size": 11 * 2**20, "attachments": [("Урок.pdf", "pdf", False, False, None)]}
    )


def _no_attachment() -> Case:
    raw = _simple("noatt", "Вопрос по заявке", "Подскажите, в каком формате подавать программу?", [])
    return Case("no_attachment", raw, {"text_contains": "в каком формате", "attachments": []})


def _malformed() -> Case:
    raw = msg(
        [
            f"From: {SCHOOL7}",
            f"To: {KOMITET}",
            "Subject: =?UTF-8?B?broken",
            "Date: not a date",
            "Message-ID: <broken.1@sevrech-edu.example>",
            "MIME-Version: 1.0",
            'Content-Type: multipart/mixed; boundary="bb"',
        ],
        "--bb\r\nContent-Type: text/plain; charset=x-unknown-charset\r\n\r\nТекст.\r\n"
        "--bb\r\nContent-Type: application/pdf; name=a.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        "JVBERi0xLjQK!!!not base64***\r\n",
    )  # no closing boundary
    return Case("malformed", raw, {"problems": True, "text_contains": "Текст"})


def _cc_many() -> Case:
    raw = msg(
        [
            f"From: {SCHOOL7}",
            f"To: {word('Комитет, отдел МИП')} <{KOMITET}>",
            f"Cc: {word('Иванова А.А.')} <Ivanova@Komitet.Example>, petrov@komitet.example",
            f"Subject: {word('Копия')}",
            f"Date: {DATE}",
            "Message-ID: <cc.1@sevrech-edu.example>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
        ],
        "Копия письма.\r\n",
    )
    return Case(
        "cc_display_names",
        raw,
        {
            "to": [(KOMITET, "Комитет, отдел МИП")],
            "cc": [("ivanova@komitet.example", "Иванова А.А."), ("petrov@komitet.example", "")],
        },
    )


def _legacy_8bit() -> Case:
    """An old accounting-system mailer: raw cp1251 in headers and a Windows path as file name."""
    head = (f"From: Бухгалтерия школы № 7 <{SCHOOL7}>\r\nTo: {KOMITET}\r\n"
            f"Subject: Заявка из 1С\r\nDate: {DATE}\r\n"
            "Message-ID: <1c.8bit.1@sevrech-edu.example>\r\nMIME-Version: 1.0\r\n"
            'Content-Type: multipart/mixed; boundary="1c-b"\r\nX-Mailer: 1C:Enterprise 8.3\r\n\r\n'
            "--1c-b\r\nContent-Type: text/plain; charset=windows-1251\r\nContent-Transfer-Encoding: 8bit"
            "\r\n\r\nЗаявка во вложении.\r\n--1c-b\r\n"
            f'Content-Type: {DOCX_MIME}; name="C:\\Документы\\Заявка 1С.docx"\r\n'
            'Content-Disposition: attachment; filename="C:\\Документы\\Заявка 1С.docx"\r\n'
            "Content-Transfer-Encoding: base64\r\n\r\n")
    raw = head.encode("cp1251") + b64(files.docx()).encode() + b"\r\n--1c-b--\r\n"
    return Case("legacy_8bit_headers", raw, {
        "subject": "Заявка из 1С", "sender": (SCHOOL7, "Бухгалтерия школы № 7"),
        "text_contains": "Заявка во вложении",
        "attachments": [("Заявка 1С.docx", "docx", False, False, None)]})


@lru_cache
def cases() -> tuple[Case, ...]:
    built = [
        _outlook_cp1251(),
        _outlook_winmail(),
        _thunderbird(),
        _mailru(),
        _yandex(),
        _iphone(),
        _koi8r(),
        _html_only(),
        _forwarded(),
        _inline_image(),
        _zip(),
        _pdf_scan(),
        _docm(),
        _old_formats(),
        _docx_named_doc(),
        _ooo(),
        _list(),
        _dsn(),
        _dkim_fail(),
        _reply(),
        _oversized(),
        _no_attachment(),
        _legacy_8bit(),
        _malformed(),
        _cc_many(),
    ]
    dup = _simple(
        "dup",
        "Заявка",
        "Повторная отправка.",
        [(DOCX_NAME, DOCX_MIME, files.docx())],
        msgid="<dup.1@sevrech-edu.example>",
    )
    built += [
        Case("duplicate_1", dup, {"attachments": [(DOCX_NAME, "docx", False, False, None)]}),
        Case("duplicate_2", dup, {"attachments": [(DOCX_NAME, "docx", False, False, None)]}),
    ]
    return tuple(built)


def case(name: str) -> Case:
    return next(c for c in cases() if c.name == name)
