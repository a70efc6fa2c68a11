"""Parse raw message bytes into plain data: parties, threading, automatic-mail signs, text, files.

``parse_message(raw) -> ParsedMessage`` never raises for a malformed message: every part that
cannot be read becomes an entry in ``problems`` and the rest is still returned.
"""

from __future__ import annotations

import email
import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.utils import getaddresses, parsedate_to_datetime
from functools import lru_cache

from docflow.mail.filetypes import ARCHIVES, DOCUMENTS, ZipBomb, detect, unpack
from docflow.mail.htmltext import html_to_text

_MSGID = re.compile(r"<[^<>\s]+>")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Bounds applied before any header is decoded: RFC 5322 allows 998 characters a line; folded
# headers of real letters (long To lists, long encoded subjects) stay well under these.
MAX_HEADER_CHARS = 16_384
MAX_AUTH_HEADERS = 20
MAX_AUTH_CHARS = 4096  # one Authentication-Results; real ones are under 2 KB
_AUTO_SUBJECT = re.compile(
    r"^\s*(автоответ|автоматический ответ|out of office|automatic reply|auto(matic)?[- ]?reply"
    r"|undeliverable|недоставленное сообщение|не доставлено|delivery status notification)",
    re.IGNORECASE)


class _CachedPolicy(policy.EmailPolicy):
    """policy.default that parses each distinct header value once.

    The standard policy parses a header anew on every access, and walking a letter reads each
    part's Content-Type and Content-Disposition many times; attachments of the same kind share
    the same values across letters too. Header objects are immutable, so sharing them is safe.
    """

    def header_fetch_parse(self, name, value):
        if hasattr(value, "name"):
            return value
        return _parse_header(name, value[:MAX_HEADER_CHARS])


@lru_cache(maxsize=256)  # a letter's parts fit; memory stays flat
def _parse_header(name: str, value: str):
    return policy.default.header_fetch_parse(name, value)


_POLICY = _CachedPolicy()


@dataclass(frozen=True)
class Party:
    address: str
    name: str = ""


@dataclass
class Attachment:
    filename: str
    declared_type: str
    detected_type: str
    kind: str
    size: int
    sha256: str
    data: bytes = field(repr=False)
    inline: bool = False
    content_id: str | None = None
    forwarded: bool = False
    container: str | None = None  # name of the zip / winmail.dat it was unpacked from


@dataclass(frozen=True)
class AuthResult:
    method: str  # dkim, spf, dmarc, arc, iprev...
    result: str  # pass, fail, none, softfail...
    properties: dict[str, str] = field(default_factory=dict)  # "header.d" -> "school.ru"


@dataclass(frozen=True)
class AuthResults:
    """One Authentication-Results header (RFC 8601), in the order the letter carries them."""
    authserv_id: str
    results: tuple[AuthResult, ...] = ()
    received_above: int = 0  # Received headers above it: those below our server's hop were sent to us


@dataclass(frozen=True)
class DsnRecipient:
    address: str
    action: str
    status: str
    diagnostic: str = ""


@dataclass
class DsnReport:
    original_message_id: str | None
    recipients: list[DsnRecipient] = field(default_factory=list)


@dataclass
class ParsedMessage:
    message_id: str | None = None
    sender: Party | None = None
    to: list[Party] = field(default_factory=list)
    cc: list[Party] = field(default_factory=list)
    reply_to: list[Party] = field(default_factory=list)
    subject: str = ""
    date: datetime | None = None
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    is_automatic: bool = False
    automatic_reason: str | None = None
    auth: dict[str, str] = field(default_factory=dict)  # topmost header, informational only
    auth_results: list[AuthResults] = field(default_factory=list)  # who wrote what: see intake.trust
    return_path: str | None = None  # "" for the null sender <>
    text: str = ""
    html: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    forwarded: list[dict[str, str]] = field(default_factory=list)
    dsn: DsnReport | None = None
    size: int = 0
    sha256: str = ""
    problems: list[str] = field(default_factory=list)


def parse_message(raw: bytes) -> ParsedMessage:
    result = ParsedMessage(size=len(raw), sha256=hashlib.sha256(raw).hexdigest())
    try:
        msg = email.message_from_bytes(raw, policy=_POLICY)
    except Exception as exc:  # RecursionError on MIME nested thousands of levels deep, and the like
        result.problems.append(f"{UNPARSEABLE}: {type(exc).__name__}")
        parse_headers_only(raw, result)
        return result
    for step in (_bound_headers, _headers, _automatic, _auth_results, _body_and_files, _dsn):
        try:
            step(msg, result)
        except Exception as exc:
            result.problems.append(f"{step.__name__.strip('_')}: {type(exc).__name__}: {exc}")
    for defect in getattr(msg, "defects", []):
        result.problems.append(f"defect: {type(defect).__name__}")
    return result


UNPARSEABLE = "unparseable message"


def parse_headers_only(raw: bytes, into: ParsedMessage | None = None) -> ParsedMessage:
    """Sender, subject and Message-ID from the header block alone (the body is never parsed):
    for a letter whose body cannot be parsed or that failed to process, so staff still see who sent it."""
    from email.parser import BytesHeaderParser

    result = into or ParsedMessage(size=len(raw), sha256=hashlib.sha256(raw).hexdigest())
    end = raw.find(b"\r\n\r\n")
    head = raw[: end if 0 <= end < 256 * 1024 else 256 * 1024]
    try:
        msg = BytesHeaderParser(policy=_POLICY).parsebytes(head)
        for step in (_bound_headers, _headers):
            step(msg, result)
    except Exception as exc:
        result.problems.append(f"headers: {type(exc).__name__}")
    return result


# -- headers -------------------------------------------------------------------------------
def _bound(msg: Message, r: ParsedMessage) -> None:
    """Cut header values longer than MAX_HEADER_CHARS before anything decodes them."""
    headers = getattr(msg, "_headers", None)
    if not headers:
        return
    for i, (name, value) in enumerate(headers):
        if isinstance(value, str) and len(value) > MAX_HEADER_CHARS:
            headers[i] = (name, value[:MAX_HEADER_CHARS])
            r.problems.append(f"header {name[:40]} cut from {len(value)} to {MAX_HEADER_CHARS} characters")


def _bound_headers(msg: Message, r: ParsedMessage) -> None:
    _bound(msg, r)


def _raw(msg: Message, name: str) -> str | None:
    """The header as received, when it holds raw 8-bit bytes (which the policy would mangle)."""
    for key, value in msg.raw_items():
        if key.lower() == name.lower() and isinstance(value, str) and _has_surrogates(value):
            return value
    return None


def _has_surrogates(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def _raw_map(msg: Message) -> dict[str, list[str]]:
    """Header values as received, by lower-case name; built once per message.

    Reading them raw and decoding RFC 2047 ourselves avoids the policy's structured header
    parsing, which costs more than the rest of the parse for the headers we only need as text.
    """
    cached = getattr(msg, "_docflow_raw", None)
    if cached is None:
        cached = {}
        for key, value in msg.raw_items():
            cached.setdefault(key.lower(), []).append(value if isinstance(value, str) else str(value))
        msg._docflow_raw = cached  # type: ignore[attr-defined]
    return cached


def _header(msg: Message, name: str) -> str:
    values = _raw_map(msg).get(name.lower())
    return _header_text(values[0]) if values else ""


def _parties(msg: Message, name: str) -> list[Party]:
    # Split into addresses first and decode each display name after: a decoded name may hold a comma.
    values = [" ".join(_unsurrogate(v).split()) for v in _raw_map(msg).get(name.lower(), [])]
    return [Party(addr.strip().lower(), _header_text(nm))
            for nm, addr in getaddresses(values) if addr and "@" in addr]


def _unsurrogate(text: str) -> str:
    """Raw 8-bit header bytes (old mailers send cp1251 unencoded) arrive as surrogates."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "surrogateescape")
        for cs in ("utf-8", "windows-1251"):
            try:
                return raw.decode(cs)
            except UnicodeDecodeError:
                continue
        return raw.decode("utf-8", "replace")


def _header_text(value) -> str:
    """A header's text: decoded, unfolded, without control characters (RFC 2047 ``=00`` and
    RFC 2231 ``%00`` decode to them; PostgreSQL refuses a NUL in text)."""
    text = _unsurrogate(str(value))
    if "=?" in text:
        try:
            text = str(make_header(decode_header(text)))
        except Exception:  # noqa: S110 - keep the undecoded text
            pass
    return _CONTROL.sub("", " ".join(text.split()))


def _msgids(text: str) -> list[str]:
    return _MSGID.findall(text or "")


def _headers(msg: Message, r: ParsedMessage) -> None:
    ids = _msgids(_header(msg, "Message-ID"))
    r.message_id = ids[0] if ids else None
    senders = _parties(msg, "From")
    r.sender = senders[0] if senders else None
    r.to, r.cc, r.reply_to = _parties(msg, "To"), _parties(msg, "Cc"), _parties(msg, "Reply-To")
    r.subject = _header(msg, "Subject")
    irt = _msgids(_header(msg, "In-Reply-To"))
    r.in_reply_to = irt[0] if irt else None
    r.references = _msgids(_header(msg, "References"))
    date = _header(msg, "Date")
    if date:
        try:
            r.date = parsedate_to_datetime(date)
        except (TypeError, ValueError, IndexError):
            r.problems.append(f"bad Date header: {date!r}")


def _automatic(msg: Message, r: ParsedMessage) -> None:
    auto = _header(msg, "Auto-Submitted").lower()
    prec = _header(msg, "Precedence").lower()
    ctype = msg.get_content_type()
    sender = r.sender.address if r.sender else ""
    reasons = [
        (auto and auto != "no", f"auto-submitted: {auto}"),
        (ctype == "multipart/report" and "delivery-status" in str(msg.get("Content-Type", "")).lower(),
         "dsn"),
        (sender.split("@")[0] in ("mailer-daemon", "postmaster"), "mailer-daemon"),
        (prec in ("bulk", "junk", "list", "auto_reply"), f"precedence: {prec}"),
        (bool(_header(msg, "List-Id") or _header(msg, "List-Unsubscribe")), "mailing-list"),
        (bool(_header(msg, "X-Autoreply") or _header(msg, "X-Autorespond")), "x-autoreply"),
        (bool(_AUTO_SUBJECT.match(r.subject)), "subject"),
    ]
    for hit, reason in reasons:
        if hit:
            r.is_automatic, r.automatic_reason = True, reason
            return


def _auth_results(msg: Message, r: ParsedMessage) -> None:
    """Every Authentication-Results header, parsed per RFC 8601 with ``authres``.

    Which of them count is decided later (intake.trust) by their authserv-id: anyone on the way,
    the sender included, can write such a header.
    """
    import authres

    raw = _raw_map(msg)
    rp = raw.get("return-path")
    if rp:
        addrs = getaddresses([_unsurrogate(rp[0])])
        r.return_path = (addrs[0][1] if addrs else "").strip().lower()
    received, found = 0, []
    for key, value in msg.raw_items():
        name = key.lower()
        if name == "received":
            received += 1
        elif name == "authentication-results" and len(found) < MAX_AUTH_HEADERS:
            found.append((received, value if isinstance(value, str) else str(value)))
    for received_above, value in found:
        text = " ".join(_unsurrogate(value).split())
        if len(text) > MAX_AUTH_CHARS:
            r.problems.append(f"Authentication-Results of {len(text)} characters not read")
            continue
        try:
            header = authres.AuthenticationResultsHeader.parse_value(text)
        except Exception as exc:  # authres raises its own SyntaxError and friends
            r.problems.append(f"unreadable Authentication-Results: {type(exc).__name__}")
            continue
        results = tuple(
            AuthResult(str(x.method).lower(), str(x.result).lower(),
                       {f"{p.type}.{p.name}".lower(): str(p.value) for p in (x.properties or [])})
            for x in header.results)
        r.auth_results.append(AuthResults(str(header.authserv_id or "").lower(), results, received_above))
    if r.auth_results:
        for res in r.auth_results[0].results:
            r.auth.setdefault(res.method, res.result)


# -- body and attachments ----------------------------------------------------------------
def _decode_text(part: Message) -> str:
    payload = part.get_payload(decode=True) or b""
    charset = (part.get_content_charset() or "").lower()
    for cs in [c for c in (charset, "utf-8", "windows-1251", "koi8-r") if c]:
        try:
            return payload.decode(cs)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("utf-8", "replace")


def _filename(part: Message) -> str | None:
    name = None
    for header, param in (("Content-Disposition", "filename"), ("Content-Type", "name")):
        raw = _raw(part, header)
        m = re.search(rf'\b{param}\s*=\s*"([^"]*)"', raw or "", re.IGNORECASE)
        if m:
            name = m.group(1)
            break
    try:
        name = name or part.get_filename()
    except Exception:
        name = None
    if not name:
        ctype_name = part.get_param("name")
        if isinstance(ctype_name, tuple):
            ctype_name = email.utils.collapse_rfc2231_value(ctype_name)
        name = ctype_name
    if not name:
        return None
    name = _header_text(name).replace("\\", "/").rsplit("/", 1)[-1]  # no client paths
    return name.strip(" .") or None


def _is_attachment(part: Message) -> bool:
    disp = (part.get_content_disposition() or "").lower()
    if disp == "attachment":
        return True
    ctype = part.get_content_type()
    if ctype in ("text/plain", "text/html") and not _filename(part):
        return False
    return True


def _walk(msg: Message, r: ParsedMessage, forwarded: bool, bodies: dict) -> None:
    for part in msg.iter_parts() if isinstance(msg, EmailMessage) else msg.get_payload():
        try:
            _bound(part, r)
            ctype = part.get_content_type()
            if ctype == "message/rfc822":
                inner = part.get_payload()
                inner = inner[0] if isinstance(inner, list) else inner
                _bound(inner, r)
                r.forwarded.append({"subject": _header(inner, "Subject"),
                                    "from": _header(inner, "From"),
                                    "message_id": (_msgids(_header(inner, "Message-ID")) or [""])[0]})
                if inner.is_multipart():
                    _walk(inner, r, True, bodies)
                elif _is_attachment(inner):
                    _add_attachment(inner, r, True)
                continue
            if ctype in ("message/delivery-status", "text/rfc822-headers"):
                continue
            if part.is_multipart():
                _walk(part, r, forwarded, bodies)
                continue
            if not _is_attachment(part):
                key = ("fwd-" if forwarded else "") + ctype
                bodies.setdefault(key, _decode_text(part))
                continue
            _add_attachment(part, r, forwarded)
        except Exception as exc:
            r.problems.append(f"part {part.get_content_type()}: {type(exc).__name__}: {exc}")


def _make(name: str, declared: str, data: bytes, **kw) -> Attachment:
    kind = detect(data)
    return Attachment(filename=name, declared_type=declared, detected_type=kind.mime, kind=kind.kind,
                      size=len(data), sha256=hashlib.sha256(data).hexdigest(), data=data, **kw)


def _add_attachment(part: Message, r: ParsedMessage, forwarded: bool) -> None:
    data = part.get_payload(decode=True)
    for defect in part.defects:
        r.problems.append(f"{_filename(part) or part.get_content_type()}: {type(defect).__name__}")
    if data is None:
        r.problems.append(f"empty or undecodable part {part.get_content_type()}")
        return
    name = _filename(part) or f"attachment-{len(r.attachments) + 1}"
    cid = part.get("Content-ID")
    disp = (part.get_content_disposition() or "").lower()
    inline = disp == "inline" or (disp == "" and cid is not None)
    att = _make(name, part.get_content_type(), data, inline=inline,
                content_id=str(cid).strip("<> ") if cid else None, forwarded=forwarded)
    if att.inline and att.kind in DOCUMENTS | ARCHIVES | {"tnef"}:
        # Apple Mail and the iPhone send every file «inline» (with a filename); only pictures shown
        # in the letter's body are decoration. A document is always a file the school sent.
        att.inline = False
    r.attachments.append(att)
    if att.kind == "zipbomb":
        r.problems.append(f"{name}: zip member beyond the size or ratio bounds; not opened")
    if att.kind in ("zip", "tnef"):
        try:
            for inner_name, inner in unpack(data, att.kind):
                r.attachments.append(_make(inner_name, "application/octet-stream", inner,
                                           forwarded=forwarded, container=name))
        except ZipBomb as exc:
            att.kind = "zipbomb"
            r.problems.append(f"{name}: {exc}")
        except ValueError as exc:
            r.problems.append(f"{name}: {exc}")


def _body_and_files(msg: Message, r: ParsedMessage) -> None:
    bodies: dict[str, str] = {}
    if msg.is_multipart():
        _walk(msg, r, False, bodies)
    elif _is_attachment(msg):
        _add_attachment(msg, r, False)
    else:
        bodies[msg.get_content_type()] = _decode_text(msg)
    r.html = bodies.get("text/html")
    text = bodies.get("text/plain")
    if text is None and r.html is not None:
        text = html_to_text(r.html)
    if text is None:
        tnef_text = [a for a in r.attachments if a.kind == "tnef"]
        text = "" if not tnef_text else _tnef_body(tnef_text[0].data)
    r.text = text.replace("\r\n", "\n").strip()


def _tnef_body(data: bytes) -> str:
    try:
        from tnefparse import TNEF

        body = TNEF(data, do_checksum=False).body
        return body.decode("cp1251", "replace") if isinstance(body, bytes) else (body or "")
    except Exception:
        return ""


def _dsn(msg: Message, r: ParsedMessage) -> None:
    if msg.get_content_type() != "multipart/report":
        return
    report = DsnReport(original_message_id=None)
    for part in msg.walk():
        ctype = part.get_content_type()
        if ctype == "message/delivery-status":
            blocks = part.get_payload()
            for block in blocks[1:] if isinstance(blocks, list) else []:
                rcpt = str(block.get("Final-Recipient") or block.get("Original-Recipient") or "")
                report.recipients.append(DsnRecipient(
                    address=rcpt.split(";", 1)[-1].strip().lower(),
                    action=str(block.get("Action", "")).strip().lower(),
                    status=str(block.get("Status", "")).strip(),
                    diagnostic=" ".join(str(block.get("Diagnostic-Code", "")).split())))
        elif ctype in ("message/rfc822", "text/rfc822-headers") and report.original_message_id is None:
            if ctype == "text/rfc822-headers":
                headers = email.message_from_bytes(part.get_payload(decode=True) or b"",
                                                   policy=policy.default)
            else:
                inner = part.get_payload()
                headers = inner[0] if isinstance(inner, list) else inner
            ids = _msgids(_header(headers, "Message-ID"))
            report.original_message_id = ids[0] if ids else None
    r.dsn = report
