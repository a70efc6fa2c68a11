"""Airflow connections → docflow's mail parameters. Credentials live only in connections.

Extras understood on both ``docflow_imap`` and ``docflow_smtp``:
``security`` ("ssl" | "starttls" | "plain"; plain is refused for non-loopback hosts),
``timeout`` (seconds), ``ca_file`` (a CA bundle for a private certificate authority).
The SMTP connection also honours the smtp provider's ``disable_tls`` / ``disable_ssl`` flags.
"""

from __future__ import annotations

from typing import Any

from docflow.mail.imap import ImapParams
from docflow.mail.smtp import SmtpParams


def _get(conn_id: str):
    from airflow.sdk import BaseHook
    return BaseHook.get_connection(conn_id)


def _security(extra: dict[str, Any], port: int, *, tls_port: int, starttls_port: int) -> str:
    if extra.get("security"):
        return str(extra["security"])
    if extra.get("disable_ssl") and extra.get("disable_tls"):
        return "plain"
    if extra.get("disable_ssl") or port == starttls_port:
        return "starttls"
    return "ssl" if port == tls_port else "starttls"


def imap_params(conn_id: str) -> ImapParams:
    c = _get(conn_id)
    extra = c.extra_dejson or {}
    port = int(c.port or 993)
    return ImapParams(host=c.host or "localhost", port=port, username=c.login or "", password=c.password or "",
                      security=_security(extra, port, tls_port=993, starttls_port=143),
                      timeout=float(extra.get("timeout", 30)), ca_file=extra.get("ca_file"))


def smtp_params(conn_id: str) -> SmtpParams:
    c = _get(conn_id)
    extra = c.extra_dejson or {}
    port = int(c.port or 587)
    return SmtpParams(host=c.host or "localhost", port=port, username=c.login or None, password=c.password or None,
                      security=_security(extra, port, tls_port=465, starttls_port=587),
                      timeout=float(extra.get("timeout", 30)), ca_file=extra.get("ca_file"))
