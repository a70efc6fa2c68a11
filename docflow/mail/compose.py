"""Build outgoing letters from plain data, with header values that cannot inject headers.

    msg = compose(OutgoingLetter(
        sender="Комитет образования <mip@komitet.example>", to=["school7@example.ru"],
        subject="Регистрация заявки", text="...", attachments=[("Приказ.docx", data, None)],
        message_id=make_message_id("komitet.example"), in_reply_to="<a@b>"))
"""

from __future__ import annotations

import mimetypes
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, getaddresses, localtime

# Python's folding of long encoded-word headers can drop the space at a fold («не внесён» →
# «невнесён» at the reader). Headers are therefore not folded: one line of up to 998 characters is
# valid RFC 5322, and every mail client decodes an encoded word longer than RFC 2047's 75.
_POLICY = SMTP.clone(max_line_length=998)
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")
_MSGID = re.compile(r"^<[^<>\s@]+@[^<>\s@]+>$")


class ComposeError(ValueError):
    """Invalid data for an outgoing letter (bad address, bad Message-ID); ``reason`` is for staff."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or "Письмо не удалось составить: неверные данные письма"


@dataclass
class OutgoingLetter:
    sender: str
    to: Sequence[str]
    subject: str
    text: str
    cc: Sequence[str] = ()
    html: str | None = None
    attachments: Sequence[tuple[str, bytes, str | None]] = ()
    message_id: str | None = None
    in_reply_to: str | None = None
    references: Sequence[str] = ()
    reply_to: str | None = None
    auto_replied: bool = False
    extra_headers: dict[str, str] = field(default_factory=dict)


def clean_header(value: str, *, limit: int = 900) -> str:
    """One line of text: control characters (CR, LF, TAB, NUL...) become single spaces."""
    return " ".join(_CONTROL.sub(" ", str(value)).split())[:limit]


def parse_address(value: str, *, role: str = "получателя") -> Address:
    """``"Name <a@b>"`` or ``"a@b"`` → Address; raises ComposeError for anything else."""
    text = clean_header(value)
    bad = ComposeError(f"invalid address: {text!r}", f"Адрес {role} «{text[:200]}» записан неверно")
    pairs = getaddresses([text])
    if len(pairs) != 1 or not pairs[0][1] or pairs[0][1].count("@") != 1:
        raise bad
    name, addr = pairs[0]
    local, domain = addr.rsplit("@", 1)
    if not local or not domain or any(c in addr for c in ' <>,;"\\'):
        raise bad
    try:
        return Address(display_name=clean_header(name), username=local, domain=domain)
    except (ValueError, IndexError) as exc:
        raise bad from exc


def clean_msgid(value: str, *, role: str = "письма") -> str:
    text = clean_header(value)
    if not text.startswith("<"):
        text = f"<{text}>"
    if not _MSGID.match(text):
        raise ComposeError(f"invalid Message-ID: {value!r}",
                           f"Идентификатор {role} (Message-ID) «{clean_header(value)[:200]}» записан неверно")
    return text


def make_message_id(domain: str) -> str:
    """A Message-ID nobody can guess (128 random bits); the outbox stores it before sending,
    so a retry after a crash is recognisable by it."""
    domain = re.sub(r"[^A-Za-z0-9.-]", "", domain).strip(".-") or "docflow.invalid"
    return clean_msgid(f"<docflow.{secrets.token_hex(16)}@{domain}>")


def compose(letter: OutgoingLetter) -> EmailMessage:
    msg = EmailMessage(policy=_POLICY)
    msg["From"] = parse_address(letter.sender, role="отправителя")
    if not letter.to:
        raise ComposeError("no recipients", "У письма нет получателя")
    msg["To"] = [parse_address(a) for a in letter.to]
    if letter.cc:
        msg["Cc"] = [parse_address(a) for a in letter.cc]
    if letter.reply_to:
        msg["Reply-To"] = parse_address(letter.reply_to, role="для ответа")
    msg["Subject"] = clean_header(letter.subject)
    msg["Date"] = format_datetime(localtime())
    if letter.message_id:
        msg["Message-ID"] = clean_msgid(letter.message_id)
    if letter.in_reply_to:
        msg["In-Reply-To"] = clean_msgid(letter.in_reply_to, role="письма, на которое дан ответ")
    refs = [clean_msgid(r, role="письма в цепочке") for r in letter.references]
    if letter.in_reply_to and clean_msgid(letter.in_reply_to) not in refs:
        refs.append(clean_msgid(letter.in_reply_to))
    if refs:
        msg["References"] = " ".join(refs)
    if letter.auto_replied:
        msg["Auto-Submitted"] = "auto-replied"
    for name, value in letter.extra_headers.items():
        if not re.fullmatch(r"X-[A-Za-z0-9-]{1,60}", name):
            raise ComposeError(f"only X- headers may be added: {name!r}", f"Недопустимый заголовок письма «{name}»")
        msg[name] = clean_header(value)
    msg.set_content(letter.text.replace("\r\n", "\n"), charset="utf-8", cte="base64")
    if letter.html is not None:
        msg.add_alternative(letter.html, subtype="html", charset="utf-8", cte="base64")
    for filename, data, mime in letter.attachments:
        name = clean_header(filename, limit=200).replace("/", "_").replace("\\", "_") or "file"
        mime = mime or mimetypes.guess_type(name)[0] or "application/octet-stream"
        maintype, _, subtype = mime.partition("/")
        msg.add_attachment(data, maintype=maintype, subtype=subtype or "octet-stream", filename=name)
    return msg
