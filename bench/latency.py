"""Arrival → acknowledgement latency of docflow_intake: IMAP IDLE (the AssetWatcher) vs poll only.

For each mode a fresh stack (tests.airflow.stack: api-server, scheduler on the LocalExecutor, DAG
processor, and the triggerer only in the IDLE mode; fresh PostgreSQL databases) runs against one
Dovecot. N letters from the demo schools (DOCX in each school's layout, tests.celery.letters) are
sent at random intervals to the committee's SMTP relay, which delivers them into the official
Dovecot mailbox with dovecot-lda; the clock starts when the relay has delivered a letter and
stops when the acknowledgement (In-Reply-To: the letter) is in the school's own Dovecot INBOX.

    .venv/bin/python bench/latency.py --letters 12 --max-gap 30
    {"idle": {"n": 12, "p50_s": …, "p95_s": …, "max_s": …}, "poll": {…}, …}

Needs Dovecot, dovecot-lda and PostgreSQL (DOCFLOW_TEST_DATABASE_URL).
"""

from __future__ import annotations

import argparse
import email
import json
import math
import os
import random
import shutil
import smtplib
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

DAG_ID = "docflow_intake"


def nearest_rank(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[max(0, math.ceil(q * len(s)) - 1)]


def summary(latencies: list[float], missing: int) -> dict:
    if not latencies:
        return {"n": 0, "missing": missing}
    return {"n": len(latencies), "missing": missing, "p50_s": round(nearest_rank(latencies, 0.5), 1),
            "p95_s": round(nearest_rank(latencies, 0.95), 1), "max_s": round(max(latencies), 1),
            "latencies_s": [round(x, 1) for x in latencies]}


class AckWatch:
    """Polls the schools' Dovecot INBOXes for acknowledgements of the letters sent (every 0.5 s)."""

    def __init__(self, dovecot) -> None:
        self.dovecot = dovecot
        self.pending: dict[str, tuple[str, float]] = {}  # Message-ID → (school address, sent at)
        self.latency: dict[str, float] = {}
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def add(self, msgid: str, school: str, t0: float) -> None:
        with self.lock:
            self.pending[msgid] = (school, t0)

    def _run(self) -> None:
        from imapclient import IMAPClient
        clients: dict[str, IMAPClient] = {}
        while not self.stop.is_set():
            with self.lock:
                pending = dict(self.pending)
            for msgid, (school, t0) in pending.items():
                c = clients.get(school)
                if c is None:
                    c = clients[school] = IMAPClient(self.dovecot.host, port=self.dovecot.imap_port, ssl=False,
                                                     timeout=10)
                    c.login(school, self.dovecot.password)
                c.select_folder("INBOX", readonly=True)
                if c.search(["HEADER", "In-Reply-To", msgid]):
                    with self.lock:
                        self.latency[msgid] = time.monotonic() - t0
                        self.pending.pop(msgid, None)
            time.sleep(0.5)
        for c in clients.values():
            c.logout()


def run_mode(dovecot, tmp: Path, *, idle: bool, letters: int, max_gap: float, poll_minutes: int,
             seed: int) -> dict:
    from tests.airflow.stack import IntakeStack
    from tests.celery import letters as corpus
    from tests.conftest import DEMO_SCHOOLS

    rng = random.Random(seed)
    stack = IntakeStack(tmp, dovecot, poll_minutes=poll_minutes, triggerer=idle)
    watch = AckWatch(dovecot)
    t_start = time.monotonic()
    try:
        stack.start()
        if idle:
            stack.watching()
        deadline = time.monotonic() + 300  # the schedule's first run at unpause ends before letters go
        while not stack.api.runs(DAG_ID) or any(r["state"] in ("queued", "running")
                                                for r in stack.api.runs(DAG_ID)):
            if time.monotonic() > deadline:
                raise TimeoutError("the first run of docflow_intake did not end")
            time.sleep(2)
        stack_up = time.monotonic() - t_start
        watch.thread.start()
        schools = corpus.schools(DEMO_SCHOOLS)
        with smtplib.SMTP("127.0.0.1", stack.relay.port, timeout=60) as smtp:
            for n in range(letters):
                time.sleep(rng.uniform(1.0, max_gap))
                school = schools[n % len(schools)]
                sender = school["addresses"][0]
                raw = corpus.letter(school, sender, stack.official, n)
                msgid = email.message_from_bytes(raw)["Message-ID"].strip()
                smtp.sendmail(sender, [stack.official], raw)  # returns once dovecot-lda has delivered
                watch.add(msgid, sender, time.monotonic())
        give_up = time.monotonic() + poll_minutes * 60 + 240
        while watch.pending and time.monotonic() < give_up:
            assert not stack.procs.dead(), f"stopped: {stack.procs.dead()}"
            time.sleep(1)
        runs = stack.api.runs(DAG_ID)
        out = summary(list(watch.latency.values()), len(watch.pending))
        out.update({"stack_up_s": round(stack_up, 1),
                    "runs": {t: sum(r["run_type"] == t for r in runs) for t in sorted({r["run_type"] for r in runs})},
                    "failed_runs": sum(r["state"] == "failed" for r in runs)})
        return out
    finally:
        watch.stop.set()
        stack.stop()
        shutil.rmtree(tmp / "data", ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--letters", type=int, default=12, help="letters per mode")
    p.add_argument("--max-gap", type=float, default=30.0, help="letters arrive 1..max-gap seconds apart")
    p.add_argument("--poll-minutes", type=int, default=5, help="intake.poll_minutes (both modes)")
    p.add_argument("--modes", default="idle,poll")
    p.add_argument("--seed", type=int, default=14)
    a = p.parse_args(argv)

    from tests.mailservers import Dovecot
    tmp = Path(tempfile.mkdtemp(prefix="docflow-latency-"))
    dovecot = Dovecot(Path(tempfile.mkdtemp(prefix="docflow-latency-dovecot-"))).start()
    result: dict = {"letters": a.letters, "max_gap_s": a.max_gap, "poll_minutes": a.poll_minutes,
                    "cpus": os.cpu_count()}
    try:
        for mode in a.modes.split(","):
            result[mode] = run_mode(dovecot, tmp / mode, idle=mode == "idle", letters=a.letters,
                                    max_gap=a.max_gap, poll_minutes=a.poll_minutes, seed=a.seed)
            print(json.dumps({mode: result[mode]}, ensure_ascii=False), file=sys.stderr)
    finally:
        dovecot.stop()
        shutil.rmtree(dovecot.tmp, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
