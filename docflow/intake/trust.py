"""Is the sender who the From address says? Judged only from what the committee's server wrote.

``verify_sender(parsed, trust) -> Verdict``: ``pass``, ``fail`` (quarantined, no reply) or
``unverified`` (the committee's server wrote no results: the ``unauthenticated`` setting decides).
Authentication-Results headers by any other authserv-id are ignored: the sender, or any relay,
can write them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docflow.config import Trust
from docflow.mail.parse import AuthResult, ParsedMessage

UNVERIFIED_RU = "подлинность отправителя не проверена"


@dataclass(frozen=True)
class Verdict:
    status: str  # pass | fail | unverified
    reason: str = ""  # Russian, for staff
    details: dict = field(default_factory=dict)

    def as_details(self) -> dict:
        return {"verdict": self.status, **({"reason": self.reason} if self.reason else {}), **self.details}


def trusted_results(parsed: ParsedMessage, trust: Trust) -> list[AuthResult] | None:
    """Results by the committee's servers, topmost first; None when they wrote no header at all.

    Only the topmost group of them counts: the headers our server wrote on receipt, with no
    Received header between them. One with our authserv-id further down came inside the letter
    (RFC 8601 §5 asks the server to remove such headers; not every milter does by default).
    """
    ids = set(trust.authserv_ids)
    headers = [h for h in parsed.auth_results if h.authserv_id in ids]
    if not headers:
        return None
    ours = [h for h in headers if h.received_above == headers[0].received_above]
    return [res for h in ours for res in h.results]


def _domain(value: str) -> str:
    return value.rpartition("@")[2].strip().strip(".").lower()


def aligned(a: str, b: str) -> bool:
    """Relaxed alignment (RFC 7489 §3.1.1) approximated without the public-suffix list: equal
    domains, or one a subdomain of the other."""
    a, b = _domain(a), _domain(b)
    return bool(a and b) and (a == b or a.endswith("." + b) or b.endswith("." + a))


def verify_sender(parsed: ParsedMessage, trust: Trust) -> Verdict:
    results = trusted_results(parsed, trust)
    if not results:
        return Verdict("unverified", "Сервер комитета не проверял подлинность отправителя: "
                       + UNVERIFIED_RU)
    from_domain = _domain(parsed.sender.address if parsed.sender else "")
    first: dict[str, AuthResult] = {}
    for res in results:
        first.setdefault(res.method, res)  # the topmost verdict per method
    seen = {m: r.result for m, r in first.items() if m in ("dmarc", "dkim", "spf")}
    dmarc = first.get("dmarc")
    if dmarc is not None and dmarc.result == "pass":
        dmarc_from = dmarc.properties.get("header.from", "")
        if not dmarc_from or aligned(dmarc_from, from_domain):
            return Verdict("pass", details={"by": "dmarc", "results": seen})
    if trust.policy == "dkim_aligned" and (dmarc is None or dmarc.result != "fail"):
        for res in results:
            d = res.properties.get("header.d") or res.properties.get("header.i", "")
            if res.method == "dkim" and res.result == "pass" and aligned(d, from_domain):
                return Verdict("pass", details={"by": "dkim", "dkim_domain": _domain(d), "results": seen})
    shown = ", ".join(f"{m.upper()}={r}" for m, r in seen.items()) or "нет результатов DMARC и DKIM"
    need = "DMARC" if trust.policy == "dmarc" else "DMARC или подписи DKIM домена отправителя"
    return Verdict("fail", f"Проверка подлинности отправителя не пройдена: нет подтверждения {need} "
                   f"для домена {from_domain or '(не указан)'} ({shown})", {"results": seen})
