"""Raw e-mail letters from schools to the committee, headers and MIME structure written by hand
the way each mail client writes them (CRLF line ends). Attachments are corpus documents, byte for
byte; each letter has a hand-written expectation."""

from __future__ import annotations

import base64
import functools
import io
import quopri
import urllib.parse
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from tests.corpus.schools.content import P, S
from tests.corpus.schools.documents import build

COMMITTEE = "mip@komitet.example"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Letter:
    name: str
    sender: str  # the From address of the outer letter
    type: str | None  # what the form it carries is: application / interim_report / final_report
    where: str  # attachment | inline | forwarded | body | zip
    document: str | None  # the corpus document that is the form, when it is a file
    files: tuple[str, ...] = ()  # every corpus document the letter carries (the form first)
    notes: str = ""


# ---------------------------------------------------------------------------------------------
# Encoding helpers (what the clients do to the text; the structure is written out below)
# ---------------------------------------------------------------------------------------------

def crlf(text: str, charset: str = "ascii") -> bytes:
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode(charset)


def b64(data: bytes, width: int = 76) -> str:
    s = base64.b64encode(data).decode()
    return "\n".join(s[i:i + width] for i in range(0, len(s), width)) + "\n"


def b64t(text: str, charset: str = "utf-8") -> str:
    """A text body in base64, with the CRLF line ends clients encode."""
    return b64(text.replace("\r\n", "\n").replace("\n", "\r\n").encode(charset))


def qp(text: str, charset: str) -> str:
    raw = text.replace("\r\n", "\n").encode(charset)
    return quopri.encodestring(raw).decode("ascii")


def ew(text: str, charset: str = "UTF-8", *, fold: str = "\n ", max_bytes: int = 45) -> str:
    """RFC 2047 B-encoded words, split on character boundaries, folded with `fold`."""
    words, cur = [], b""
    for ch in text:
        b = ch.encode(charset)
        if len(cur) + len(b) > max_bytes:
            words.append(cur)
            cur = b""
        cur += b
    words.append(cur)
    return fold.join(f"=?{charset}?B?{base64.b64encode(w).decode()}?=" for w in words)


def rfc2231(param: str, value: str, charset: str = "UTF-8", chunk: int = 54) -> str:
    """A parameter in RFC 2231 continuations: name*0*=UTF-8''%D0%9E…; name*1*=…"""
    units = [urllib.parse.quote(ch.encode(charset), safe="") for ch in value]
    parts, cur = [], ""
    for u in units:
        if cur and len(cur) + len(u) > chunk:
            parts.append(cur)
            cur = ""
        cur += u
    parts.append(cur)
    if len(parts) == 1:
        return f"{param}*={charset}''{parts[0]}"
    return ";\n ".join(f"{param}*{k}*={charset}''{p}" if k == 0 else f"{param}*{k}*={p}"
                       for k, p in enumerate(parts))


# ---------------------------------------------------------------------------------------------
# The letters
# ---------------------------------------------------------------------------------------------

def l01_thunderbird_attachment() -> bytes:
    doc, cover = build("a01_sosh14_word_headings"), build("n01_sosh14_covering_letter")
    fn1 = "Заявка МИП СОШ 14 Школа реальных задач.docx"
    fn2 = "Сопроводительное письмо.docx"
    head = f"""\
Message-ID: <5f0c2a7e-93b1-4c1e-a8d2-1f6b7e0d9a41@school14.example>
Date: Mon, 9 Feb 2026 10:14:33 +0500
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: ru
To: mip@komitet.example
From: =?UTF-8?B?0KHQvtC60L7Qu9C+0LLQsCDQldC70LXQvdCwINCS0LjQutGC0L7RgNC+0LLQvdCw?=
 <sokolova.ev@school14.example>
Subject: {ew("Заявка на присвоение статуса МИП — МБОУ «СОШ № 14»")}
Content-Type: multipart/mixed; boundary="------------8Yq0bJ2sXvTn4Wc7dHk3fRzA"

This is a multi-part message in MIME format.
--------------8Yq0bJ2sXvTn4Wc7dHk3fRzA
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

"""
    body = """\
Добрый день!

Направляем заявку МБОУ «СОШ № 14» на присвоение статуса муниципальной\x20
инновационной площадки и сопроводительное письмо.

--\x20
С уважением,
Соколова Елена Викторовна,
заместитель директора по УВР МБОУ «СОШ № 14»
тел. +7 912 604-18-33

"""
    tail = f"""\
--------------8Yq0bJ2sXvTn4Wc7dHk3fRzA
Content-Type: {DOCX};
 name="{ew(fn1, fold=" ")}"
Content-Disposition: attachment;
 {rfc2231("filename", fn1)}
Content-Transfer-Encoding: base64

{b64(doc, 72)}
--------------8Yq0bJ2sXvTn4Wc7dHk3fRzA
Content-Type: {DOCX};
 name="{ew(fn2, fold=" ")}"
Content-Disposition: attachment;
 {rfc2231("filename", fn2)}
Content-Transfer-Encoding: base64

{b64(cover, 72)}
--------------8Yq0bJ2sXvTn4Wc7dHk3fRzA--
"""
    return crlf(head) + crlf(body, "utf-8") + crlf(tail)


def l02_iphone_inline() -> bytes:
    doc = build("r01_sosh27_headings")
    fn = "Отчёт МИП 2025-2026 СОШ 27.docx"
    return crlf(f"""\
Content-Type: multipart/mixed;
\tboundary="Apple-Mail-3F2A9C1E-7B4D-4E0A-9C61-2D8E5F7A0B13"
Content-Transfer-Encoding: 7bit
From: {ew("Шестакова Анна Владимировна")} <director@sosh27.example>
Mime-Version: 1.0 (1.0)
Date: Fri, 29 May 2026 18:02:11 +0500
Subject: {ew("Отчёт МИП за 2025/2026 учебный год")}
Message-Id: <8E41B7C2-5D0A-4F3E-B9A6-71C2D4E8F093@sosh27.example>
To: mip@komitet.example
X-Mailer: iPhone Mail (22E240)


--Apple-Mail-3F2A9C1E-7B4D-4E0A-9C61-2D8E5F7A0B13
Content-Type: text/plain;
\tcharset=utf-8
Content-Transfer-Encoding: base64

{b64t("Добрый вечер! Направляю промежуточный отчёт школы. ")}
--Apple-Mail-3F2A9C1E-7B4D-4E0A-9C61-2D8E5F7A0B13
Content-Type: {DOCX};
\tname="{ew(fn, "utf-8", fold=" ")}";
\tx-apple-part-url=6B1F0E44-2C7D-4A85-9E13-0F5B7D2A9C68
Content-Disposition: inline;
\t{rfc2231("filename", fn, "utf-8").replace(chr(10) + " ", chr(10) + chr(9))}
Content-Transfer-Encoding: base64

{b64(doc)}
--Apple-Mail-3F2A9C1E-7B4D-4E0A-9C61-2D8E5F7A0B13
Content-Type: text/plain;
\tcharset=utf-8
Content-Transfer-Encoding: base64

{b64t(chr(10).join(["", "", "Отправлено с iPhone"]))}
--Apple-Mail-3F2A9C1E-7B4D-4E0A-9C61-2D8E5F7A0B13--
""")


def _inner_cdt() -> bytes:
    """The original letter the CDT methodist sent to her director."""
    doc = build("a04_cdt_passport")
    fn = "Заявка ЦДТ волонтёрский центр.docx"
    return crlf(f"""\
From: =?utf-8?B?0JPRgNC40YjQuNC90LAg0JLQsNC70LXQvdGC0LjQvdCwINCf0LXRgtGA0L7QstC90LA=?=
 <grishina@cdt.example>
To: =?utf-8?B?0JzQsNGA0YLRi9C90L7QstCwINCY0YDQuNC90LA=?= <director@cdt.example>
Subject: {ew("Заявка на МИП, окончательный вариант")}
Date: Tue, 10 Feb 2026 08:47:05 +0500
Message-ID: <000001dc9a21$4f3e8b10$edbba130$@cdt.example>
MIME-Version: 1.0
Content-Type: multipart/mixed;
\tboundary="----=_NextPart_000_0001_01DC9A4B.0B9F5A20"
X-Mailer: Microsoft Outlook 16.0
Thread-Index: AdyaIU8+pXq1m0bGRdS0P4yR7cN2Qw==
Content-Language: ru

This is a multipart message in MIME format.

------=_NextPart_000_0001_01DC9A4B.0B9F5A20
Content-Type: text/plain;
\tcharset="utf-8"
Content-Transfer-Encoding: base64

{b64t("Ирина Анатольевна, добрый день! Заявка исправлена по замечаниям, можно "
      "отправлять в Комитет.")}
------=_NextPart_000_0001_01DC9A4B.0B9F5A20
Content-Type: {DOCX};
\tname="{ew(fn, "utf-8", fold=" ")}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
\tfilename="{ew(fn, "utf-8", fold=" ")}"

{b64(doc)}
------=_NextPart_000_0001_01DC9A4B.0B9F5A20--
""")


def l03_outlook_forward_attached() -> bytes:
    inner = _inner_cdt()
    return crlf(f"""\
From: =?utf-8?B?0JzQsNGA0YLRi9C90L7QstCwINCY0YDQuNC90LAg0JDQvdCw0YLQvtC70YzQtdCy0L3Q?=
 =?utf-8?B?sA==?= <director@cdt.example>
To: <mip@komitet.example>
Subject: {ew("FW: Заявка на МИП, окончательный вариант")}
Date: Tue, 10 Feb 2026 09:20:41 +0500
Message-ID: <000a01dc9a25$e1c07a30$a5416e90$@cdt.example>
MIME-Version: 1.0
Content-Type: multipart/mixed;
\tboundary="----=_NextPart_000_000B_01DC9A4F.9E2B2A30"
X-Mailer: Microsoft Outlook 16.0
Thread-Index: AdyaJeGgR2wK7s1fQ0mB1y9Zt3vLmg==
Content-Language: ru

This is a multipart message in MIME format.

------=_NextPart_000_000B_01DC9A4F.9E2B2A30
Content-Type: text/plain;
\tcharset="utf-8"
Content-Transfer-Encoding: base64

{b64t(chr(10).join(["Добрый день!", "", "Пересылаю заявку МБУ ДО «ЦДТ» на присвоение статуса "
                   "МИП.", "", "Директор МБУ ДО «ЦДТ»", "И.А. Мартынова", ""]))}
------=_NextPart_000_000B_01DC9A4F.9E2B2A30
Content-Type: message/rfc822
Content-Disposition: attachment

""") + inner + crlf("""
------=_NextPart_000_000B_01DC9A4F.9E2B2A30--
""")


def l04_thunderbird_forward_attached() -> bytes:
    doc = build("r04_ds3_form_table")
    fn = "Отчёт МИП д.с. Теремок 2025-2026.docx"
    inner = crlf(f"""\
Message-ID: <b71d0c3e-0a4f-4d59-8e2a-7c3f51e9d204@ds3.example>
Date: Thu, 28 May 2026 15:40:12 +0500
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: ru
To: {ew("Фролова Светлана Ивановна")} <zav@ds3.example>
From: {ew("Белкина Елена Николаевна")} <metod@ds3.example>
Subject: {ew("Отчёт по МИП на подпись")}
Content-Type: multipart/mixed; boundary="------------0rTqYc3m5Kx1Vb8Lp2Ng6HsD"

This is a multi-part message in MIME format.
--------------0rTqYc3m5Kx1Vb8Lp2Ng6HsD
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: base64

{b64t("Светлана Ивановна, отчёт готов, посмотрите, пожалуйста.")}
--------------0rTqYc3m5Kx1Vb8Lp2Ng6HsD
Content-Type: {DOCX};
 name="{ew(fn, fold=" ")}"
Content-Disposition: attachment;
 {rfc2231("filename", fn)}
Content-Transfer-Encoding: base64

{b64(doc, 72)}
--------------0rTqYc3m5Kx1Vb8Lp2Ng6HsD--
""")
    fwd = "Отчёт по МИП на подпись.eml"
    return crlf(f"""\
Message-ID: <3c9e8f10-6d2b-4b7a-91f5-0e4d2a8c7b36@ds3.example>
Date: Fri, 29 May 2026 09:05:55 +0500
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: ru
To: mip@komitet.example
From: {ew("Фролова Светлана Ивановна")} <zav@ds3.example>
Subject: {ew("Fwd: Отчёт по МИП на подпись")}
Content-Type: multipart/mixed; boundary="------------Hq7Zx2Wm9Ct4Rb1Nf6Jk0LpS"

This is a multi-part message in MIME format.
--------------Hq7Zx2Wm9Ct4Rb1Nf6Jk0LpS
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: base64

{b64t(chr(10).join(["Отчёт МБДОУ «Детский сад № 3 «Теремок» о деятельности МИП во вложении.",
                   "", "Заведующий С.И. Фролова", ""]))}
--------------Hq7Zx2Wm9Ct4Rb1Nf6Jk0LpS
Content-Type: message/rfc822; charset=UTF-8;
 name="{ew(fwd, fold=" ")}"
Content-Disposition: attachment;
 {rfc2231("filename", fwd)}

""") + inner + crlf("""
--------------Hq7Zx2Wm9Ct4Rb1Nf6Jk0LpS--
""")


def l05_forward_inline_reattached() -> bytes:
    doc = build("a13_sosh9_auto_numbered")
    fn = "Заявка_МИП_СОШ9_исправленная.docx"
    text = """\
Добрый день! Пересылаю исправленную заявку, файл во вложении.

Нестерова Е.А.

-------- Пересылаемое сообщение --------
Тема: 	Заявка на МИП (исправленная)
Дата: 	Tue, 17 Feb 2026 11:32:08 +0500
От: 	Ильина Марина Олеговна <ilina@sosh9.example>
Кому: 	Нестерова Елена Александровна <director@sosh9.example>



Елена Александровна, заявку исправила: переписала актуальность и добавила
этапы. Можно отправлять.

--
Ильина М.О., заместитель директора по УВР
"""
    return crlf(f"""\
Message-ID: <d2a61f7c-9e04-4b3d-8a15-6c0f27e4b9d8@sosh9.example>
Date: Tue, 17 Feb 2026 12:01:44 +0500
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: ru
To: mip@komitet.example
From: {ew("Нестерова Елена Александровна")} <director@sosh9.example>
Subject: {ew("Fwd: Заявка на МИП (исправленная)")}
Content-Type: multipart/mixed; boundary="------------m3Jq8Vx0Lc5Tn2Rz7Kb4WfYe"

This is a multi-part message in MIME format.
--------------m3Jq8Vx0Lc5Tn2Rz7Kb4WfYe
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: 8bit

""") + crlf(text, "utf-8") + crlf(f"""
--------------m3Jq8Vx0Lc5Tn2Rz7Kb4WfYe
Content-Type: {DOCX};
 name="{ew(fn, fold=" ")}"
Content-Disposition: attachment;
 {rfc2231("filename", fn)}
Content-Transfer-Encoding: base64

{b64(doc, 72)}
--------------m3Jq8Vx0Lc5Tn2Rz7Kb4WfYe--
""")


def body_form_text() -> str:
    """The application the rural school typed straight into the letter."""
    p, s = P["vkl"], S["vkl"]
    tasks = "\n".join(f"{i}. {t}" for i, t in enumerate(p.tasks, 1))
    outcomes = "\n".join(f"- {t}" for t in p.outcomes)
    stages = "\n".join(f"{e}: {d} - {w} Результат: {r}" for e, d, w, r in p.stages)
    return f"""\
Здравствуйте!
Отправляем заявку на МИП текстом в письме, так как не открывается форма.

ЗАЯВКА на присвоение статуса муниципальной инновационной площадки

Наименование ОО: {s.full}
Тема проекта: {p.topic}
Направление: {p.direction}
Актуальность: {" ".join(p.relevance)}
Цель: {p.goal}
Задачи:
{tasks}
Ожидаемые результаты:
{outcomes}
Этапы реализации:
{stages}
Ресурсное обеспечение: кадровые - {p.resources["Кадровые"]} Материально-технические - \
{p.resources["Материально-технические"]} Финансовые - {p.resources["Финансовые"]}
Руководитель проекта: {p.lead.name}, {p.lead.post}
Контакты: {p.contact.name}, {p.contact.phone}, {p.contact.email}

Директор МБОУ «Верхнеключевская СОШ»  В.Г. Сафонов
13.02.2026
"""


def l06_body_form() -> bytes:
    return crlf(f"""\
Message-ID: <1771234567.123456.41@vklyuchi.example>
Date: Fri, 13 Feb 2026 14:22:10 +0500
From: {ew("Верхнеключевская СОШ")} <info@vklyuchi.example>
To: mip@komitet.example
Subject: {ew("Заявка МИП Верхнеключевская школа")}
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

{b64t(body_form_text())}""")


def l07_outlook_cp1251() -> bytes:
    doc = build("f01_co2_headings_final")
    fn = "Итоговый отчёт МИП ЦО №2.docx"
    plain = ("Добрый день!\n\nНаправляем итоговый отчёт о реализации инновационного проекта "
             "«Индивидуальный проект в 10–11 классах как средство профессионального "
             "самоопределения обучающихся» (2023–2026 гг.).\n\nС уважением,\nСорокина Алла "
             "Викторовна\nзаместитель директора МБОУ «ЦО № 2»\n8 (34356) 3-20-02\n")
    html = ("<html xmlns:o=\"urn:schemas-microsoft-com:office:office\">\n<head>\n"
            "<meta http-equiv=Content-Type content=\"text/html; charset=windows-1251\">\n"
            "</head>\n<body lang=RU link=\"#0563C1\">\n<div class=WordSection1>\n"
            + "".join(f"<p class=MsoNormal>{line or '<o:p>&nbsp;</o:p>'}</p>\n"
                      for line in plain.replace("«", "&laquo;").replace("»", "&raquo;")
                      .split("\n"))
            + "</div>\n</body>\n</html>\n")
    return crlf(f"""\
From: {ew("Сорокина Алла", "windows-1251")} <sorokina@co2.example>
To: <mip@komitet.example>
Subject: {ew("Итоговый отчёт МИП МБОУ «ЦО № 2»", "windows-1251")}
Date: Mon, 1 Jun 2026 11:03:27 +0500
Message-ID: <001b01dcd2f1$7a4c9e20$6ee5da60$@co2.example>
MIME-Version: 1.0
Content-Type: multipart/mixed;
\tboundary="----=_NextPart_000_001C_01DCD31B.36E7B620"
X-Mailer: Microsoft Outlook 16.0
Thread-Index: AdzS8Xe7n0mJ4qXZT8uR5vK2w1bD9g==
Content-Language: ru

This is a multipart message in MIME format.

------=_NextPart_000_001C_01DCD31B.36E7B620
Content-Type: multipart/alternative;
\tboundary="----=_NextPart_001_001D_01DCD31B.36E7B620"


------=_NextPart_001_001D_01DCD31B.36E7B620
Content-Type: text/plain;
\tcharset="windows-1251"
Content-Transfer-Encoding: quoted-printable

{qp(plain, "windows-1251")}
------=_NextPart_001_001D_01DCD31B.36E7B620
Content-Type: text/html;
\tcharset="windows-1251"
Content-Transfer-Encoding: quoted-printable

{qp(html, "windows-1251")}
------=_NextPart_001_001D_01DCD31B.36E7B620--

------=_NextPart_000_001C_01DCD31B.36E7B620
Content-Type: {DOCX};
\tname="{ew(fn, "windows-1251", fold=" ")}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
\tfilename="{ew(fn, "windows-1251", fold=" ")}"

{b64(doc)}
------=_NextPart_000_001C_01DCD31B.36E7B620--
""")


def l08_thebat_koi8() -> bytes:
    doc = build("r05_lesn_inline_thin")
    fn = "Отчет Лесновская ООШ.docx"
    body = ("Здравствуйте, уважаемые коллеги!\n\nВысылаем отчёт о работе инновационной площадки "
            "за 2025-2026 учебный год.\n\n--\nС уважением,\n Климов Николай Петрович\n "
            "директор МБОУ «Лесновская ООШ»\n").replace("«", '"').replace("»", '"')
    return crlf(f"""\
Date: Wed, 3 Jun 2026 16:45:02 +0500
From: {ew("Климов Николай", "koi8-r")} <lesnovo@lesnovo.example>
Reply-To: {ew("Климов Николай", "koi8-r")} <lesnovo@lesnovo.example>
X-Mailer: The Bat! (v9.5.2) Professional
Message-ID: <1847305921.20260603164502@lesnovo.example>
To: mip@komitet.example
Subject: {ew("Отчет МИП Лесновская школа", "koi8-r")}
MIME-Version: 1.0
Content-Type: multipart/mixed;
 boundary="----------0A1B9C3D2E4F5A6B"

------------0A1B9C3D2E4F5A6B
Content-Type: text/plain; charset=koi8-r
Content-Transfer-Encoding: 8bit

""") + crlf(body, "koi8-r") + crlf(f"""
------------0A1B9C3D2E4F5A6B
Content-Type: {DOCX};
 name="{ew(fn, "koi8-r", fold=" ")}"
Content-transfer-encoding: base64
Content-Disposition: attachment;
 filename="{ew(fn, "koi8-r", fold=" ")}"

{b64(doc)}
------------0A1B9C3D2E4F5A6B--

""")


def l09_yandex_html() -> bytes:
    doc = build("a03_ds45_inline")
    fn = "заявка МИП Солнышко.docx"
    html = ("<div>Добрый день!</div><div> </div><div>Направляем заявку МБДОУ «Детский сад № 45 "
            "«Солнышко» на присвоение статуса муниципальной инновационной площадки.</div>"
            "<div> </div><div>-- </div><div>С уважением,<br />старший воспитатель "
            "Жукова Анастасия Игоревна</div><div>8 (34356) 5-45-46</div>")
    return crlf(f"""\
Received: from mail.example ([127.0.0.1])
\tby mx.example with LMTP id 7Qx3Hs0mLeA1-2bH4cYqP
\tfor <mip@komitet.example>; Wed, 11 Feb 2026 13:08:55 +0300
From: {ew("Детский сад 45")} <metod@ds45.example>
To: mip@komitet.example
Subject: {ew("заявка на МИП")}
MIME-Version: 1.0
X-Mailer: Yamail [ http://yandex.ru ] 5.0
Date: Wed, 11 Feb 2026 15:08:54 +0500
Message-Id: <2180341770797334@mail.ds45.example>
Content-Type: multipart/mixed;
\tboundary="----==--bound.218035.mail.ds45.example"


------==--bound.218035.mail.ds45.example
Content-Transfer-Encoding: 8bit
Content-Type: text/html; charset=utf-8

""") + crlf(html, "utf-8") + crlf(f"""
------==--bound.218035.mail.ds45.example
Content-Disposition: attachment;
\tfilename="{ew(fn, fold=" ")}"
Content-Transfer-Encoding: base64
Content-Type: {DOCX};
\tname="{ew(fn, fold=" ")}"

{b64(doc)}
------==--bound.218035.mail.ds45.example--
""")


def l10_mailru_html() -> bytes:
    doc = build("r09_gym1_form_empty_cells")
    fn = "Отчет МИП Гимназия 1.docx"
    html = ("\n<HTML><BODY><div>Здравствуйте!</div><div>Отчёт гимназии о деятельности МИП "
            "во вложении.</div><div>&nbsp;</div><div>С уважением, Миронова Е.С.</div>"
            "</BODY></HTML>\n")
    return crlf(f"""\
From: =?UTF-8?B?0JzQuNGA0L7QvdC+0LLQsCDQldC60LDRgtC10YDQuNC90LA=?= <mironova.es@gym1.example>
To: mip@komitet.example
Subject: =?UTF-8?B?0J7RgtGH0LXRgiDQnNCY0J8=?=
MIME-Version: 1.0
X-Mailer: Mail.Ru Mailer 1.0
Date: Thu, 28 May 2026 20:31:17 +0300
Reply-To: =?UTF-8?B?0JzQuNGA0L7QvdC+0LLQsCDQldC60LDRgtC10YDQuNC90LA=?= <mironova.es@gym1.example>
X-Priority: 3 (Normal)
Message-ID: <1780000277.451233906@f512.i.gym1.example>
Content-Type: multipart/mixed;
\tboundary="----BKE2vKXl2ZJ5UqHOz5Sd4ogTmTSpwqRg-Ayh2Ehqn1e4K-1780000277"


------BKE2vKXl2ZJ5UqHOz5Sd4ogTmTSpwqRg-Ayh2Ehqn1e4K-1780000277
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: base64

{b64t(html)}
------BKE2vKXl2ZJ5UqHOz5Sd4ogTmTSpwqRg-Ayh2Ehqn1e4K-1780000277
Content-Type: application/octet-stream; name="{ew(fn, fold=" ")}"
Content-Disposition: attachment
Content-Transfer-Encoding: base64

{b64(doc)}
------BKE2vKXl2ZJ5UqHOz5Sd4ogTmTSpwqRg-Ayh2Ehqn1e4K-1780000277--
""")


class _Cp866Name(zipfile.ZipInfo):
    """Windows Explorer's «Send to → Compressed folder» stores names in cp866, no UTF-8 flag."""

    def _encodeFilenameFlags(self):
        return self.filename.encode("cp866"), self.flag_bits & ~0x800


def zip_of(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            zi = _Cp866Name(name, date_time=(2026, 6, 2, 10, 11, 12))
            if not name.endswith("/"):
                zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)
    return out.getvalue()


@functools.cache
def zip_payload() -> bytes:
    return zip_of({"Итоговый отчёт ООШ 22/": b"",
                   "Итоговый отчёт ООШ 22/Итоговый отчёт МИП 2023-2026.docx":
                   build("f02_oosh22_form_final")})


ZIP_TEXT = "Добрый день! Итоговый отчёт во вложении (архив).\n\nДиректор Ефимова Л.Н.\n"
GYM3_TEXT = ("Добрый день!\n\nНаправляем заявку гимназии и приказ о рабочей группе.\n\n"
             "Кравцова Ю.А.\n")


def l11_zip() -> bytes:
    fn = "Итоговый отчёт ООШ 22.zip"
    return crlf(f"""\
From: {ew("Ефимова Людмила Николаевна", "windows-1251")} <director@oosh22.example>
To: <mip@komitet.example>
Subject: {ew("Итоговый отчёт МИП ООШ № 22 (архив)", "windows-1251")}
Date: Tue, 2 Jun 2026 10:15:40 +0500
Message-ID: <002a01dcd3b2$9c5e1f40$d51a5dc0$@oosh22.example>
MIME-Version: 1.0
Content-Type: multipart/mixed;
\tboundary="----=_NextPart_000_002B_01DCD3DC.58F91F40"
X-Mailer: Microsoft Outlook 16.0
Content-Language: ru

This is a multipart message in MIME format.

------=_NextPart_000_002B_01DCD3DC.58F91F40
Content-Type: text/plain;
\tcharset="windows-1251"
Content-Transfer-Encoding: quoted-printable

{qp(ZIP_TEXT, "windows-1251")}
------=_NextPart_000_002B_01DCD3DC.58F91F40
Content-Type: application/x-zip-compressed;
\tname="{ew(fn, "windows-1251", fold=" ")}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
\tfilename="{ew(fn, "windows-1251", fold=" ")}"

{b64(zip_payload())}
------=_NextPart_000_002B_01DCD3DC.58F91F40--
""")


def l12_invitation_only() -> bytes:
    doc = build("n02_sosh27_seminar_invitation")
    fn = "Информационное письмо семинар 18.02.docx"
    return crlf(f"""\
Message-ID: <0e6f3a2b-8c1d-4f7e-a9b5-2d4c6e8f0a13@sosh27.example>
Date: Thu, 5 Feb 2026 09:12:00 +0500
MIME-Version: 1.0
User-Agent: Mozilla Thunderbird
Content-Language: ru
To: mip@komitet.example
From: {ew("МБОУ СОШ № 27")} <metod@sosh27.example>
Subject: {ew("Информационное письмо о семинаре 18 февраля")}
Content-Type: multipart/mixed; boundary="------------Tz5Nq1Kx8Wc3Vb0Rm6Lp2HyA"

This is a multi-part message in MIME format.
--------------Tz5Nq1Kx8Wc3Vb0Rm6Lp2HyA
Content-Type: text/plain; charset=UTF-8; format=flowed
Content-Transfer-Encoding: base64

{b64t("Добрый день! Просим разместить информацию о семинаре на сайте Комитета.")}
--------------Tz5Nq1Kx8Wc3Vb0Rm6Lp2HyA
Content-Type: {DOCX};
 name="{ew(fn, fold=" ")}"
Content-Disposition: attachment;
 {rfc2231("filename", fn)}
Content-Transfer-Encoding: base64

{b64(doc, 72)}
--------------Tz5Nq1Kx8Wc3Vb0Rm6Lp2HyA--
""")


def l13_order_and_application() -> bytes:
    """Outlook: the school's order and its application, the order first."""
    order, doc = build("n03_gym3_order"), build("a23_gym3_tracked_complete")
    fn1, fn2 = "Приказ 47-о рабочая группа.docx", "Заявка МИП Гимназия 3.docx"
    parts = "".join(f"""\
------=_NextPart_000_0031_01DC9B12.4A7E3C50
Content-Type: {DOCX};
\tname="{ew(fn, "windows-1251", fold=" ")}"
Content-Transfer-Encoding: base64
Content-Disposition: attachment;
\tfilename="{ew(fn, "windows-1251", fold=" ")}"

{b64(data)}
""" for fn, data in ((fn1, order), (fn2, doc)))
    return crlf(f"""\
From: {ew("Кравцова Юлия", "windows-1251")} <kravtsova@gym3.example>
To: <mip@komitet.example>
Cc: <director@gym3.example>
Subject: {ew("Заявка МИП МАОУ «Гимназия № 3»", "windows-1251")}
Date: Wed, 11 Feb 2026 16:40:03 +0500
Message-ID: <003001dc9ae8$8e2f5b70$aa8e1250$@gym3.example>
MIME-Version: 1.0
Content-Type: multipart/mixed;
\tboundary="----=_NextPart_000_0031_01DC9B12.4A7E3C50"
X-Mailer: Microsoft Outlook 16.0
Content-Language: ru

This is a multipart message in MIME format.

------=_NextPart_000_0031_01DC9B12.4A7E3C50
Content-Type: text/plain;
\tcharset="windows-1251"
Content-Transfer-Encoding: quoted-printable

{qp(GYM3_TEXT, "windows-1251")}
{parts}------=_NextPart_000_0031_01DC9B12.4A7E3C50--
""")


def l14_msword_label() -> bytes:
    """An Android mail app: the DOCX labelled application/msword, plain text only."""
    doc = build("r19_sosh5_form_absent")
    fn = "Отчёт МИП СОШ5.docx"
    return crlf(f"""\
MIME-Version: 1.0
Date: Mon, 1 Jun 2026 07:55:31 +0500
Message-ID: <CAF3x9kq7+Zr1vDm0Yc2WnB8tQ4pL6sH5jE@mail.sosh5.example>
Subject: {ew("Отчёт МИП")}
From: {ew("Гусев Павел")} <gusev.po@sosh5.example>
To: mip@komitet.example
Content-Type: multipart/mixed; boundary="000000000000a1b2c3d4e5f60718"

--000000000000a1b2c3d4e5f60718
Content-Type: text/plain; charset="UTF-8"
Content-Transfer-Encoding: base64

{b64t("Отчёт СОШ № 5 во вложении." + chr(10) + chr(10) + "Отправлено из мобильной почты")}
--000000000000a1b2c3d4e5f60718
Content-Type: application/msword; name="{ew(fn, fold=" ")}"
Content-Disposition: attachment; filename="{ew(fn, fold=" ")}"
Content-Transfer-Encoding: base64

{b64(doc)}
--000000000000a1b2c3d4e5f60718--
""")


LETTERS: list[tuple[Letter, Callable[[], bytes]]] = [
    (Letter("l01_thunderbird_attachment", "sokolova.ev@school14.example", "application",
            "attachment", "a01_sosh14_word_headings",
            ("a01_sosh14_word_headings", "n01_sosh14_covering_letter"),
            "Thunderbird: RFC 2047 name=, RFC 2231 filename*0*= continuations; the covering "
            "letter is a second attachment."),
     l01_thunderbird_attachment),
    (Letter("l02_iphone_inline", "director@sosh27.example", "interim_report", "inline",
            "r01_sosh27_headings", ("r01_sosh27_headings",),
            "iPhone Mail: the DOCX is Content-Disposition: inline with filename*=utf-8''…, "
            "between two text/plain parts."),
     l02_iphone_inline),
    (Letter("l03_outlook_forward_attached", "director@cdt.example", "application", "forwarded",
            "a04_cdt_passport", ("a04_cdt_passport",),
            "Outlook «Forward as attachment»: message/rfc822 holding the methodist's letter "
            "with the DOCX (filename as RFC 2047 in quotes); the outer From display name is "
            "split inside a UTF-8 character across two encoded words, as Outlook does."),
     l03_outlook_forward_attached),
    (Letter("l04_thunderbird_forward_attached", "zav@ds3.example", "interim_report",
            "forwarded", "r04_ds3_form_table", ("r04_ds3_form_table",),
            "Thunderbird forward as attachment: message/rfc822 part named «….eml»."),
     l04_thunderbird_forward_attached),
    (Letter("l05_forward_inline_reattached", "director@sosh9.example", "application",
            "attachment", "a13_sosh9_auto_numbered", ("a13_sosh9_auto_numbered",),
            "Inline forward: the original letter is quoted in the text («-------- Пересылаемое "
            "сообщение --------»), the DOCX re-attached to the forward."),
     l05_forward_inline_reattached),
    (Letter("l06_body_form", "info@vklyuchi.example", "application", "body", None, (),
            "No attachment: the application typed into a plain-text body («Тема проекта: …», "
            "«Цель: …»), ending with the director's name and the date."),
     l06_body_form),
    (Letter("l07_outlook_cp1251", "sorokina@co2.example", "final_report", "attachment",
            "f01_co2_headings_final", ("f01_co2_headings_final",),
            "Outlook: windows-1251 quoted-printable text and HTML, RFC 2047 windows-1251 "
            "subject and quoted filename."),
     l07_outlook_cp1251),
    (Letter("l08_thebat_koi8", "lesnovo@lesnovo.example", "interim_report", "attachment",
            "r05_lesn_inline_thin", ("r05_lesn_inline_thin",),
            "The Bat!: koi8-r 8bit body, koi8-r RFC 2047 subject and filename."),
     l08_thebat_koi8),
    (Letter("l09_yandex_html", "metod@ds45.example", "application", "attachment",
            "a03_ds45_inline", ("a03_ds45_inline",),
            "Yandex web mail: HTML-only 8bit body, RFC 2047 filename in quotes."),
     l09_yandex_html),
    (Letter("l10_mailru_html", "mironova.es@gym1.example", "interim_report", "attachment",
            "r09_gym1_form_empty_cells", ("r09_gym1_form_empty_cells",),
            "Mail.ru: HTML-only base64 body; the DOCX as application/octet-stream with the "
            "name only in Content-Type."),
     l10_mailru_html),
    (Letter("l11_zip", "director@oosh22.example", "final_report", "zip",
            "f02_oosh22_form_final", ("f02_oosh22_form_final",),
            "Outlook with an application/x-zip-compressed attachment; inside, a folder and the "
            "DOCX, names in cp866 without the UTF-8 flag (Windows «Compressed folder»)."),
     l11_zip),
    (Letter("l12_invitation_only", "metod@sosh27.example", None, "attachment",
            "n02_sosh27_seminar_invitation", ("n02_sosh27_seminar_invitation",),
            "A seminar invitation: the attachment is no form."),
     l12_invitation_only),
    (Letter("l13_order_and_application", "kravtsova@gym3.example", "application",
            "attachment", "a23_gym3_tracked_complete",
            ("a23_gym3_tracked_complete", "n03_gym3_order"),
            "Outlook, two DOCX: the school's order first, the application (with unaccepted "
            "tracked changes) second; Cc to the director."),
     l13_order_and_application),
    (Letter("l14_msword_label", "gusev.po@sosh5.example", "interim_report", "attachment",
            "r19_sosh5_form_absent", ("r19_sosh5_form_absent",),
            "Mobile mail: the .docx is labelled application/msword; filename RFC 2047."),
     l14_msword_label),
]

LETTERS_BY_NAME = {letter.name: (letter, f) for letter, f in LETTERS}


@functools.cache
def letter_bytes(name: str) -> bytes:
    return LETTERS_BY_NAME[name][1]()
