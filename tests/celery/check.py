"""The exactly-once invariants, read from the store and from the recipients' real mailboxes.

Run against any docflow deployment (the compose stack, a test run):

    python -m tests.celery.check --db postgresql+psycopg2://… --imap-host 127.0.0.1 --imap-port 1143 \
        --password … [--expect 300]

prints the report as JSON and exits 1 when an invariant is broken.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter, defaultdict

from sqlalchemy import create_engine, text

VALIDATED = ("complete", "incomplete", "needs_review", "on_agenda", "approved", "rejected", "returned",
             "order_issued", "delivered")


def _addrs(value) -> list[str]:
    """A JSON list column as read by a plain query: a list on PostgreSQL, text on SQLite."""
    return json.loads(value) if isinstance(value, str) else list(value or [])


def _norm(msgid: str) -> str:
    return msgid.strip().strip("<>").strip().lower()


def mailbox_ids(host: str, port: int, address: str, password: str, *, ssl: bool = False, starttls: bool = False,
                ca_file: str | None = None) -> Counter:
    """Message-IDs in the INBOX of ``address`` (each counted as often as it is there)."""
    import ssl as tls

    from imapclient import IMAPClient
    ids: Counter = Counter()
    context = tls.create_default_context(cafile=ca_file) if (ssl or starttls) else None
    with IMAPClient(host, port=port, ssl=ssl, ssl_context=context, timeout=30) as c:
        if starttls:
            c.starttls(context)
        c.login(address, password)
        c.select_folder("INBOX")  # SELECT, not EXAMINE (the dev server fails on EXAMINE); fetches PEEK
        uids = c.search("ALL")
        for i in range(0, len(uids), 500):
            for data in c.fetch(uids[i:i + 500], ["BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"]).values():
                raw = data[b"BODY[HEADER.FIELDS (MESSAGE-ID)]"].decode("ascii", "replace")
                ids[_norm(raw.partition(":")[2])] += 1
    return ids


def check(db_url: str, imap: dict, *, expect: int | None = None) -> dict:
    """Every letter registered once, numbers without gaps, every outgoing letter (acknowledgement,
    verdict) in each recipient's INBOX exactly once, each submission acknowledged and judged once."""
    eng = create_engine(db_url)
    try:
        with eng.connect() as c:
            messages = c.execute(text("SELECT id, message_id_header, status FROM messages")).all()
            subs = c.execute(text("SELECT id, reg_year, reg_seq, status, message_id FROM submissions")).all()
            rows = c.execute(text("SELECT id, kind, status, to_addrs, cc_addrs, message_id_header, "
                                  "submission_id FROM outbox")).all()
    finally:
        eng.dispose()
    problems: list[str] = []
    by_msgid = Counter(_norm(m.message_id_header) for m in messages)
    twice = sorted(k for k, n in by_msgid.items() if n > 1 and k)  # a letter may come without Message-ID
    if twice:
        problems.append(f"letters stored more than once: {twice[:5]}")
    registered = [m for m in messages if m.status == "registered"]
    if expect is not None and (len(messages) != expect or len(registered) != expect):
        problems.append(f"expected {expect} letters registered; stored {len(messages)}, "
                        f"registered {len(registered)}: {dict(Counter(m.status for m in messages))}")
    per_message = Counter(s.message_id for s in subs)
    if any(n > 1 for n in per_message.values()):
        problems.append("a letter has more than one submission")
    for year in sorted({s.reg_year for s in subs}):
        seqs = sorted(s.reg_seq for s in subs if s.reg_year == year)
        if seqs != list(range(1, len(seqs) + 1)):
            missing = sorted(set(range(1, max(seqs) + 1)) - set(seqs))
            problems.append(f"incoming numbers of {year} have gaps or repeats: missing {missing[:10]}, "
                            f"repeated {[k for k, n in Counter(seqs).items() if n > 1][:10]}")
    unsent = Counter(r.status for r in rows if r.status != "sent")
    if unsent:
        problems.append(f"outbox letters not sent: {dict(unsent)}")
    kinds: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        if r.submission_id is not None:
            kinds[r.kind][r.submission_id] += 1
    no_ack = [s.id for s in subs if kinds["ack"][s.id] != 1]
    if no_ack:
        problems.append(f"submissions without exactly one acknowledgement: {len(no_ack)}")
    verdicts = kinds["notice"]
    pending = [s.id for s in subs if s.status in ("registered", "resubmitted")]
    if pending:
        problems.append(f"submissions never validated: {len(pending)}")
    bad_verdict = [s.id for s in subs if verdicts[s.id] > 1 or (s.status in VALIDATED and verdicts[s.id] != 1)]
    if bad_verdict:
        problems.append(f"submissions whose verdict is not exactly one: {len(bad_verdict)}")
    expected: dict[str, Counter] = defaultdict(Counter)
    for r in rows:
        for addr in {a.lower() for a in [*_addrs(r.to_addrs), *_addrs(r.cc_addrs)]}:
            expected[addr][_norm(r.message_id_header)] += 1
    received = {addr: mailbox_ids(imap["host"], imap["port"], addr, imap["password"], ssl=imap.get("ssl", False),
                                  starttls=imap.get("starttls", False), ca_file=imap.get("ca_file"))
                for addr in expected}
    per_box = {}
    for addr, want in expected.items():
        got = received[addr]
        missing = [k for k in want if got[k] == 0]
        doubled = [k for k, n in got.items() if n > 1]
        strays = [k for k in got if k not in want]
        per_box[addr] = {"expected": sum(want.values()), "received": sum(got.values())}
        if missing or doubled or strays:
            problems.append(f"{addr}: missing {len(missing)}, received twice {len(doubled)}, "
                            f"not from the outbox {len(strays)}")
    return {"letters": len(messages), "registered": len(registered), "submissions": len(subs),
            "outbox": dict(Counter(r.kind for r in rows)), "verdicts": sum(verdicts.values()),
            "statuses": dict(Counter(s.status for s in subs)), "mailboxes": per_box, "problems": problems}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", default=os.environ.get("DOCFLOW_DATABASE_URL"),
                   help="docflow's store (SQLAlchemy URL; default: DOCFLOW_DATABASE_URL)")
    p.add_argument("--imap-host", default="127.0.0.1")
    p.add_argument("--imap-port", type=int, default=1143)
    p.add_argument("--imap-ssl", action="store_true", help="IMAP over TLS (port 993)")
    p.add_argument("--starttls", action="store_true", help="STARTTLS before login")
    p.add_argument("--ca-file", help="CA bundle for a private certificate (the dev server's)")
    p.add_argument("--password", required=True, help="the recipients' mailbox password (dev server: one)")
    p.add_argument("--expect", type=int, help="how many letters were sent in")
    a = p.parse_args(argv)
    if not a.db:
        p.error("--db or DOCFLOW_DATABASE_URL is required")
    imap = {"host": a.imap_host, "port": a.imap_port, "password": a.password, "ssl": a.imap_ssl,
            "starttls": a.starttls, "ca_file": a.ca_file}
    report = check(a.db, imap,
                   expect=a.expect)
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 1 if report["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
