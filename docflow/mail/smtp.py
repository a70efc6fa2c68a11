"""SMTP sender adapter on smtplib with a typed outcome per recipient.

    params = SmtpParams(host="127.0.0.1", port=1025, security="plain")
    result = send_message(params, message, recipients=["school7@example.ru"])
    result.status            # "sent" | "temporary" | "permanent" (worst over recipients)
    result.recipients[addr]  # RecipientOutcome(status, code, text)
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
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


def send_message(params: SmtpParams, message: EmailMessage, *, recipients: list[str],
                 sender: str | None = None) -> SendResult:
    """Send ``message`` to explicit envelope ``recipients``; never raises for delivery errors.

    The envelope sender is ``sender`` or the address in the From header. Bcc headers are
    not transmitted. Configuration errors (plain to a remote host) do raise.
    """
    check_security(params.host, params.security)
    recipients = list(dict.fromkeys(recipients))
    if not recipients:
        raise ValueError("no envelope recipients")
    if sender is None:
        from email.utils import getaddresses

        found = getaddresses([str(message.get("From", ""))])
        sender = found[0][1] if found else ""
    msg = message
    if "Bcc" in message:
        msg = _copy_without_bcc(message)
    data = msg.as_bytes(policy=msg.policy.clone(linesep="\r\n"))
    result = SendResult()
    smtp: smtplib.SMTP | None = None
    try:
        if params.security == "ssl":
            smtp = smtplib.SMTP_SSL(params.host, params.port, timeout=params.timeout,
                                    local_hostname=params.local_hostname,
                                    context=ssl_context(params.ca_file))
        else:
            smtp = smtplib.SMTP(params.host, params.port, timeout=params.timeout,
                                local_hostname=params.local_hostname)
        smtp.ehlo()
        if params.security == "starttls":
            smtp.starttls(context=ssl_context(params.ca_file))
            smtp.ehlo()
        if params.username:
            smtp.login(params.username, params.password or "")
        options = []
        if not data.isascii() and smtp.has_extn("8bitmime"):
            options.append("BODY=8BITMIME")
        if smtp.has_extn("smtputf8") and not (sender.isascii() and all(r.isascii() for r in recipients)):
            options.append("SMTPUTF8")
        code, resp = smtp.mail(sender, options)
        if code != 250:
            smtp.rset()
            return _all(recipients, classify(code), code, _text(resp))
        accepted = []
        for rcpt in recipients:
            code, resp = smtp.rcpt(rcpt)
            if code in (250, 251):
                accepted.append(rcpt)
            else:
                result.recipients[rcpt] = RecipientOutcome(classify(code), code, _text(resp))
            if code == 421:  # server is closing the channel: the rest are not tried
                for rest in recipients[recipients.index(rcpt) + 1:]:
                    result.recipients[rest] = RecipientOutcome("temporary", code, _text(resp))
                smtp.close()
                smtp = None
                return result
        if not accepted:
            smtp.rset()
            return result
        code, resp = smtp.data(data)
        for rcpt in accepted:
            result.recipients[rcpt] = RecipientOutcome(classify(code), code, _text(resp))
        return result
    except smtplib.SMTPAuthenticationError as exc:
        return _merge(result, recipients, classify(exc.smtp_code), exc.smtp_code, _text(exc.smtp_error))
    except smtplib.SMTPResponseException as exc:
        return _merge(result, recipients, classify(exc.smtp_code), exc.smtp_code, _text(exc.smtp_error))
    except (smtplib.SMTPServerDisconnected, TimeoutError) as exc:
        return _merge(result, recipients, "temporary", None, f"connection lost: {exc}")
    except (OSError, ssl.SSLError, smtplib.SMTPException) as exc:
        return _merge(result, recipients, "temporary", None, f"{type(exc).__name__}: {exc}")
    finally:
        if smtp is not None:
            try:
                smtp.quit()
            except Exception:
                smtp.close()


def _merge(result: SendResult, recipients: list[str], status: Status, code: int | None,
           text: str) -> SendResult:
    for rcpt in recipients:
        if rcpt not in result.recipients or result.recipients[rcpt].status == "sent":
            result.recipients[rcpt] = RecipientOutcome(status, code, text)
    return result


def _copy_without_bcc(message: EmailMessage) -> EmailMessage:
    import copy

    clone = copy.deepcopy(message)
    del clone["Bcc"]
    return clone
