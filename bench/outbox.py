"""Outbox drain throughput against the dev SMTP server, with a bare smtplib floor from the same run.

    python bench/outbox.py --letters 400 [--drains 1,2,3,4] [--repeat 3] [--db URL] [--sent-copy]

The dev mail server runs in its own process. Each round queues N letters (an order of the
committee with a 20 KB DOCX, to 20 schools) into a fresh store (SQLite in WAL mode unless --db
names a PostgreSQL database), then K drain processes (``docflow.outbox.sender.drain_mailbox``,
as K Airflow workers would) start at the same instant; the time is from that instant until the
last one is done (``--sent-copy``: each drain also files every letter in the mailbox's Sent
folder over IMAP, as a mailbox with IMAP does in production). The floor: one process, one
smtplib connection, ``sendmail`` of the same N letters pre-built (the SMTP cost alone: no store,
no claims, no composing). After every round the
schools' mailboxes are read over IMAP and every Message-ID counted: letters sent twice and letters
missing are reported (both must be 0). Floor and drains alternate ``--repeat`` times; the best
run of each is compared and every run's rate is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.mailservers import free_port, wait_port  # noqa: E402 - after the path is set

MAILBOX = "official"
SENDER = "mip@komitet.example.ru"
SCHOOLS = 20
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def attachment() -> bytes:
    return b"PK\x03\x04" + os.urandom(20 * 1024)  # an order's DOCX is ~20 KB


def schools(tag: str) -> list[str]:
    return [f"sosh{i + 1}-{tag}@edu.example.ru" for i in range(SCHOOLS)]


def queue(db: str, data: Path, n: int, tag: str) -> None:
    os.environ.update(DOCFLOW_DATABASE_URL=db, DOCFLOW_DATA_DIR=str(data))
    from docflow import outbox
    from docflow.store import migrate
    from docflow.store.db import unit_of_work
    migrate.upgrade(db)
    to, blob = schools(tag), attachment()
    with unit_of_work() as s:
        for i in range(n):
            outbox.enqueue(s, flush=False, dedup_key=f"bench:{tag}:{i}", kind="distribution", sender=SENDER,
                           mailbox=MAILBOX, to=[to[i % SCHOOLS]],
                           subject=f"Приказ от 20.11.2026 № {i + 1} «О проведении мониторинга»",
                           body="Уважаемый руководитель!\n\nНаправляем приказ комитета по образованию.\n",
                           attachments=[outbox.Attachment(f"Приказ № {i + 1}.docx", blob, DOCX)])


def child_drain(params: dict) -> dict:
    os.environ.update(DOCFLOW_DATABASE_URL=params["db"], DOCFLOW_DATA_DIR=params["data"])
    from docflow.mail.imap import ImapParams
    from docflow.mail.smtp import SmtpParams
    from docflow.outbox.sender import drain_mailbox
    smtp = SmtpParams(host="127.0.0.1", port=params["smtp_port"], security="plain", timeout=30)
    imap = (ImapParams(host="127.0.0.1", port=params["imap_port"], username=f"mip-{params['tag']}@komitet.example.ru",
                       password="demo", security="plain", timeout=30) if params["sent_copy"] else None)
    time.sleep(max(0.0, params["start_at"] - time.time()))
    report = drain_mailbox(MAILBOX, SENDER, smtp, imap=imap, limit=10**6)
    return {"sent": report.sent, "retry": report.retry, "failed": report.failed, "end": time.time()}


def child_floor(params: dict) -> dict:
    import smtplib
    from email.message import EmailMessage
    to, blob, msgs = schools(params["tag"]), attachment(), []
    for i in range(params["letters"]):
        m = EmailMessage()
        m["From"], m["To"] = SENDER, to[i % SCHOOLS]
        m["Subject"] = f"Приказ от 20.11.2026 № {i + 1} «О проведении мониторинга»"
        m["Message-ID"] = f"<floor.{uuid.uuid4().hex}@komitet.example.ru>"
        m.set_content("Уважаемый руководитель!\n\nНаправляем приказ комитета по образованию.\n")
        m.add_attachment(blob, maintype="application", subtype="octet-stream", filename=f"Приказ № {i + 1}.docx")
        msgs.append((m["To"], m.as_bytes(policy=m.policy.clone(linesep="\r\n"))))
    t0 = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", params["smtp_port"], timeout=30) as smtp:
        for rcpt, raw in msgs:
            smtp.sendmail(SENDER, [rcpt], raw)
    return {"sent": len(msgs), "seconds": time.perf_counter() - t0}


def run_child(kind: str, params: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, __file__, "--child", kind, "--params", json.dumps(params)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)


def result(proc: subprocess.Popen) -> dict:
    out, err = proc.communicate(timeout=1800)
    if proc.returncode != 0:
        raise RuntimeError(f"child failed: {err[-2000:]}")
    return json.loads(out.strip().splitlines()[-1])


def delivered(imap_port: int, tag: str) -> Counter:
    """Message-IDs found in the schools' mailboxes."""
    from imapclient import IMAPClient
    seen: Counter = Counter()
    for addr in schools(tag):
        with IMAPClient("127.0.0.1", port=imap_port, ssl=False, timeout=30) as c:
            c.login(addr, "demo")
            c.select_folder("INBOX", readonly=True)
            uids = c.search("ALL")
            for i in range(0, len(uids), 500):
                for data in c.fetch(uids[i:i + 500], ["BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"]).values():
                    raw = data[b"BODY[HEADER.FIELDS (MESSAGE-ID)]"].decode()
                    seen[raw.partition(":")[2].strip()] += 1
    return seen


def expected_ids(db: str, tag: str) -> set[str]:
    from sqlalchemy import create_engine, text
    engine = create_engine(db)
    with engine.connect() as c:
        ids = {r[0] for r in c.execute(text("SELECT message_id_header FROM outbox WHERE dedup_key LIKE :k"),
                                       {"k": f"bench:{tag}:%"})}
    engine.dispose()
    return ids


TAGS: list[str] = []


def fresh_db(base: str | None, work: Path, tag: str) -> str:
    TAGS.append(tag)
    if not base:
        return f"sqlite:///{work / f'store-{tag}.db'}"
    from sqlalchemy import create_engine, text
    engine = create_engine(base)
    with engine.begin() as c:
        c.execute(text(f'CREATE SCHEMA "b_{tag}"'))
    engine.dispose()
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3Db_{tag}"


def drop_schemas(base: str | None) -> None:
    if not base:
        return
    from sqlalchemy import create_engine, text
    engine = create_engine(base)
    with engine.begin() as c:
        for (name,) in c.execute(text("SELECT nspname FROM pg_namespace WHERE nspname = ANY(:n)"),
                                 {"n": [f"b_{t}" for t in TAGS]}):
            c.execute(text(f'DROP SCHEMA "{name}" CASCADE'))
    engine.dispose()


def drain_round(k: int, n: int, a, work: Path, ports: tuple[int, int]) -> dict:
    tag = uuid.uuid4().hex[:8]
    db, data = fresh_db(a.db, work, tag), work / f"data-{tag}"
    queue(db, data, n, tag)
    if a.sent_copy:  # the mailbox and its Sent folder exist before the drains log in at once
        from imapclient import IMAPClient
        with IMAPClient("127.0.0.1", port=ports[0], ssl=False, timeout=30) as c:
            c.login(f"mip-{tag}@komitet.example.ru", "demo")
            c.create_folder("Sent")
    start_at = time.time() + 3  # every process is up and imported before the clock starts
    procs = [run_child("drain", {"db": db, "data": str(data), "smtp_port": ports[1], "imap_port": ports[0],
                                 "start_at": start_at, "tag": tag, "sent_copy": a.sent_copy})
             for _ in range(k)]
    outs = [result(p) for p in procs]
    seconds = max(o["end"] for o in outs) - start_at
    seen, want = delivered(ports[0], tag), expected_ids(db, tag)
    return {"drains": k, "seconds": round(seconds, 3), "letters_per_s": round(n / seconds, 1),
            "sent_by_drain": [o["sent"] for o in outs], "sent_twice": sum(1 for c in seen.values() if c > 1),
            "missing": len(want - set(seen)), "not_ours": len(set(seen) - want)}


def floor_round(n: int, ports: tuple[int, int]) -> dict:
    tag = uuid.uuid4().hex[:8]
    out = result(run_child("floor", {"letters": n, "smtp_port": ports[1], "tag": tag}))
    seen = delivered(ports[0], tag)
    return {"seconds": round(out["seconds"], 3), "letters_per_s": round(n / out["seconds"], 1),
            "sent_twice": sum(1 for c in seen.values() if c > 1), "missing": n - len(seen)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--letters", type=int, default=400)
    ap.add_argument("--drains", default="1,2,3,4")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--db", help="PostgreSQL URL (a throw-away schema per round); default SQLite")
    ap.add_argument("--sent-copy", action="store_true",
                    help="drains also file each letter in the mailbox's Sent folder over IMAP, as in production")
    ap.add_argument("--child")
    ap.add_argument("--params")
    a = ap.parse_args()
    if a.child:
        print(json.dumps((child_drain if a.child == "drain" else child_floor)(json.loads(a.params))))
        return
    work = Path(tempfile.mkdtemp(prefix="docflow-bench-outbox-"))
    ports = (free_port(), free_port())
    server = subprocess.Popen([sys.executable, "-m", "docflow.mail.devserver", "--data", str(work / "mail"),
                               "--imap-port", str(ports[0]), "--smtp-port", str(ports[1])],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_port("127.0.0.1", ports[1], 20)
        counts = [int(x) for x in a.drains.split(",")]
        floors, drains = [], {k: [] for k in counts}
        for _ in range(a.repeat):
            floors.append(floor_round(a.letters, ports))
            for k in counts:
                drains[k].append(drain_round(k, a.letters, a, work, ports))
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()
        drop_schemas(a.db)
        shutil.rmtree(work, ignore_errors=True)
    best_floor = max(floors, key=lambda r: r["letters_per_s"])
    out = {"benchmark": "outbox", "server": "devmail", "store": "postgresql" if a.db else "sqlite",
           "sent_copy": a.sent_copy,
           "letters": a.letters, "schools": SCHOOLS, "repeat": a.repeat,
           "floor": {**best_floor, "runs": [r["letters_per_s"] for r in floors]}, "drains": {}}
    for k, runs in drains.items():
        best = max(runs, key=lambda r: r["letters_per_s"])
        ratio = round(best["letters_per_s"] / best_floor["letters_per_s"], 2)
        out["drains"][str(k)] = {**best, "ratio_to_floor": ratio,
                                 "runs": [r["letters_per_s"] for r in runs],
                                 "sent_twice_all_runs": sum(r["sent_twice"] for r in runs),
                                 "missing_all_runs": sum(r["missing"] for r in runs)}
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
