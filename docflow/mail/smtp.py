"""SMTP sender adapter on smtplib with a typed outcome per recipient.

    params = SmtpParams(host="127.0.0.1", port=1025, security="plain")
    result = send_message(params, message, recipients=["school7@example.ru"])
    result.status            # "sent" | "temporary" | "permanent" (worst over recipients)
    result.recipients[addr]  # RecipientOutcome(status, code, text)

Many letters over one connection: ``SmtpSession`` (raises ``SmtpUnavailable`` for faults of the
whole mailbox — connection, TLS, login, sender refused — that no single letter is to blame for).
"""

from __future__ import annotations

import contextlib
import copy
import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import getaddresses
from typing import Literal

from docflow.mail.imap import Security, check_security, ssl_context

Status = Literal["sent", "temporary", "permanent"]
_RANK = {"sent": 0, "temporary": 1, "permanent": 2}


@dataclass(frozen=True)
class SmtpParams:
    host: str
    port: int
    username: str | None = None
    password: str | None = None
    security: Security = "starttls"
    timeout: float = 30.0
    ca_file: str | None = None
    local_hostname: str | None = None

    def __repr__(self) -> str:
        return (f"SmtpParams(host={self.host!r}, port={self.port}, username={self.username!r}, "
                f"security={self.security!r}, timeout={self.timeout})")


@dataclass(frozen=True)
class RecipientOutcome:
    status: Status
    code: int | None
    text: str


@dataclass
class SendResult:
    recipients: dict[str, RecipientOutcome] = field(default_factory=dict)

    @property
    def status(self) -> Status:
        """The worst outcome: permanent if any recipient failed permanently, etc."""
        if not self.recipients:
            return "permanent"
        return max((o.status for o in self.recipients.values()), key=_RANK.__getitem__)

    def by_status(self, status: Status) -> list[str]:
        return [a for a, o in self.recipients.items() if o.status == status]


def classify(code: int | None) -> Status:
    if code is not None and 200 <= code < 300:
        return "sent"
    if code is not None and 500 <= code < 600:
        return "permanent"
    return "temporary"  # 4xx, no code (timeout, dropped connection)


def _text(resp: bytes | str) -> str:
    return resp.decode("utf-8", "replace") if isinstance(resp, bytes) else str(resp)


def _all(recipients: list[str], status: Status, code: int | None, text: str) -> SendResult:
    return SendResult({r: RecipientOutcome(status, code, text) for r in recipients})


class SmtpUnavailable(Exception):
    """The server takes no letter from this mailbox now: not reachable, TLS, login (535) or the
    envelope sender refused. Nothing is wrong with any one letter."""

    def __init__(self, kind: Literal["connection", "auth", "sender"], code: int | None, text: str) -> None:
        super().__init__(f"{kind}: {code or ''} {text}".strip())
        self.kind, self.code, self.text = kind, code, text


class _Lost(Exception):
    """The connection dropped before DATA on a connection that had already sent letters."""


class SmtpSession:
    """One SMTP connection for many letters, opened on first use and reopened after a drop.

        with SmtpSession(params) as smtp:
            result = smtp.send(message, recipients=[...], sender="mip@komitet.example.ru")

    ``send`` returns a per-recipient outcome, or raises SmtpUnavailable for mailbox-wide faults.
    """

    def __init__(self, params: SmtpParams) -> None:
        check_security(params.host, params.security)
        self.params = params
        self._smtp: smtplib.SMTP | None = None
        self._used = False

    def __enter__(self) -> SmtpSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except Exception:
                smtp.close()

    def _drop(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            smtp.close()

    def _connect(self) -> smtplib.SMTP:
        p = self.params
        smtp = None
        try:
            if p.security == "ssl":
                smtp = smtplib.SMTP_SSL(p.host, p.port, timeout=p.timeout, local_hostname=p.local_hostname,
                                        context=ssl_context(p.ca_file))
            else:
                smtp = smtplib.SMTP(p.host, p.port, timeout=p.timeout, local_hostname=p.local_hostname)
            smtp.ehlo()
            if p.security == "starttls":
                smtp.starttls(context=ssl_context(p.ca_file))
                smtp.ehlo()
            if p.username:
                smtp.login(p.username, p.password or "")
        except (smtplib.SMTPAuthenticationError, smtplib.SMTPNotSupportedError) as exc:
            _close_quietly(smtp)
            raise SmtpUnavailable("auth", getattr(exc, "smtp_code", None),
                                  _text(getattr(exc, "smtp_error", str(exc)))) from exc
        except smtplib.SMTPResponseException as exc:
            _close_quietly(smtp)
            raise SmtpUnavailable("connection", exc.smtp_code, _text(exc.smtp_error)) from exc
        except (OSError, ssl.SSLError, smtplib.SMTPException) as exc:
            _close_quietly(smtp)
            raise SmtpUnavailable("connection", None, f"{type(exc).__name__}: {exc}") from exc
        self._smtp, self._used = smtp, False
        return smtp

    def send(self, message: EmailMessage, *, recipients: list[str], sender: str | None = None,
             data: bytes | None = None) -> SendResult:
        """Send ``message`` to explicit envelope ``recipients`` (Bcc headers are not transmitted);
        ``data`` is the message already rendered with CRLF line ends, if the caller has it."""
        recipients = list(dict.fromkeys(recipients))
        if not recipients:
            raise ValueError("no envelope recipients")
        if sender is None:
            found = getaddresses([str(message.get("From", ""))])
            sender = found[0][1] if found else ""
        if data is None or "Bcc" in message:
            msg = _copy_without_bcc(message) if "Bcc" in message else message
            data = msg.as_bytes(policy=msg.policy.clone(linesep="\r\n"))
        for _ in range(2):
            smtp = self._smtp or self._connect()
            reused = self._used
            try:
                return self._transaction(smtp, data, sender, recipients, reused)
            except _Lost:
                self._drop()  # an idle connection the server closed: reconnect once
        raise AssertionError("unreachable")

    def _transaction(self, smtp: smtplib.SMTP, data: bytes, sender: str, recipients: list[str],
                     reused: bool) -> SendResult:
        result = SendResult()
        stage = "mail"
        try:
            options = []
            if not data.isascii() and smtp.has_extn("8bitmime"):
                options.append("BODY=8BITMIME")
            if smtp.has_extn("smtputf8") and not (sender.isascii() and all(r.isascii() for r in recipients)):
                options.append("SMTPUTF8")
            code, resp = smtp.mail(sender, options)
            if code == 421:
                self._drop()
                raise SmtpUnavailable("connection", code, _text(resp))
            if code != 250:
                self._reset()
                raise SmtpUnavailable("sender", code, _text(resp))
            stage = "rcpt"
            accepted = []
            for i, rcpt in enumerate(recipients):
                code, resp = smtp.rcpt(rcpt)
                if code in (250, 251):
                    accepted.append(rcpt)
                else:
                    result.recipients[rcpt] = RecipientOutcome(classify(code), code, _text(resp))
                if code == 421:  # the server is closing the channel: the rest are not tried
                    for rest in recipients[i + 1:]:
                        result.recipients[rest] = RecipientOutcome("temporary", code, _text(resp))
                    self._drop()
                    return result
            if not accepted:
                self._reset()
                return result
            stage = "data"
            code, resp = smtp.data(data)
            self._used = True
            for rcpt in accepted:
                result.recipients[rcpt] = RecipientOutcome(classify(code), code, _text(resp))
            return result
        except smtplib.SMTPServerDisconnected as exc:
            self._drop()
            if reused and stage == "mail":
                raise _Lost from exc
            return _merge(result, recipients, "temporary", None, f"connection lost: {exc}")
        except smtplib.SMTPResponseException as exc:
            self._drop()
            return _merge(result, recipients, classify(exc.smtp_code), exc.smtp_code, _text(exc.smtp_error))
        except (OSError, smtplib.SMTPException) as exc:  # timeouts included
            self._drop()
            if reused and stage == "mail":
                raise _Lost from exc
            return _merge(result, recipients, "temporary", None, f"{type(exc).__name__}: {exc}")

    def _reset(self) -> None:
        try:
            self._smtp.rset()
        except Exception:
            self._drop()


def _close_quietly(smtp: smtplib.SMTP | None) -> None:
    if smtp is not None:
        with contextlib.suppress(OSError):
            smtp.close()


def send_message(params: SmtpParams, message: EmailMessage, *, recipients: list[str],
                 sender: str | None = None) -> SendResult:
    """Send one letter over its own connection; never raises for delivery errors.

    The envelope sender is ``sender`` or the address in the From header. A mailbox-wide fault
    (login refused, nothing listening) is reported for every recipient. Configuration errors
    (plain to a remote host) do raise.
    """
    with SmtpSession(params) as session:
        try:
            return session.send(message, recipients=recipients, sender=sender)
        except SmtpUnavailable as exc:
            status = "temporary" if exc.code is None else classify(exc.code)
            return _all(list(dict.fromkeys(recipients)), status, exc.code, exc.text)


def _merge(result: SendResult, recipients: list[str], status: Status, code: int | None,
           text: str) -> SendResult:
    for rcpt in recipients:
        if rcpt not in result.recipients or result.recipients[rcpt].status == "sent":
            result.recipients[rcpt] = RecipientOutcome(status, code, text)
    return result


def _copy_without_bcc(message: EmailMessage) -> EmailMessage:
    clone = copy.deepcopy(message)
    del clone["Bcc"]
    return clone
