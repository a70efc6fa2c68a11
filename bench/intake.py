"""Intake throughput against a real IMAP server, with a bare-library floor measured in the same run.

    python bench/intake.py --messages 2000 [--server devmail|dovecot] [--batch 50] [--repeat 3]

Fills a mailbox with N letters carrying a DOCX attachment, then, each in a fresh process:
- floor: imapclient FETCH BODY.PEEK[] in batches + email parsing + SHA-256 + one INSERT per letter
  into SQLite in WAL mode, one commit per batch (what any intake must do at least, with the
  store's journal mode and the intake's transaction size);
- intake: docflow's code path (parse, archive, classify, register with numbering, queue the
  acknowledgement, move to the processed folder) on a SQLite store.
Prints one JSON object: messages, seconds, messages/s, peak RSS and RSS samples for each, and
the ratio intake/floor. Each round fills a fresh mailbox, which the floor reads (without moving
anything) and the intake then processes. Floor and intake alternate ``--repeat`` times and the best
run of each is compared, so that a stall of a shared machine does not decide the ratio; every
run's rate is printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def peak_mb() -> float:
    """This process's own high-water mark (VmHWM is reset by exec, unlike ru_maxrss)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def make_letters(n: int, to: str) -> list[bytes]:
    from tests.intake.letters import form_docx, letter
    docx = form_docx()
    return [letter("school7@edu.example.ru", to, f"Заявка на присвоение статуса МИП № {i}",
                   files=[(f"Заявка {i}.docx", docx)], msgid=f"<bench-{i}@edu.example.ru>") for i in range(n)]


def floor(params: dict, batch: int) -> dict:
    import email
    import hashlib
    import sqlite3
    from email import policy

    from imapclient import IMAPClient
    db = sqlite3.connect(params["db"])
    db.execute("PRAGMA journal_mode=WAL")  # as the store has it
    db.execute("CREATE TABLE m (uid INTEGER, msgid TEXT, sha TEXT, subject TEXT)")
    samples = []
    t0 = time.perf_counter()
    with IMAPClient(params["host"], port=params["port"], ssl=False, timeout=30) as c:
        c.login(params["user"], params["password"])
        c.select_folder("INBOX", readonly=True)
        uids = c.search("ALL")
        for i in range(0, len(uids), batch):
            for uid, data in c.fetch(uids[i:i + batch], ["BODY.PEEK[]"]).items():
                raw = data[b"BODY[]"]
                msg = email.message_from_bytes(raw, policy=policy.default)
                list(msg.iter_attachments())
                db.execute("INSERT INTO m VALUES (?,?,?,?)", (uid, msg["Message-ID"], hashlib.sha256(raw).hexdigest(),
                                                              str(msg["Subject"])))
            db.commit()  # one transaction per fetched batch, as intake commits
            samples.append(round(rss_mb(), 1))
    secs = time.perf_counter() - t0
    return {"messages": len(uids), "seconds": round(secs, 3), "per_second": round(len(uids) / secs, 1),
            "peak_rss_mb": round(peak_mb(), 1), "rss_samples_mb": samples[:: max(1, len(samples) // 8)]}


def intake(params: dict, batch: int) -> dict:
    os.environ["DOCFLOW_DATA_DIR"] = params["data"]
    os.environ["DOCFLOW_DATABASE_URL"] = f"sqlite:///{params['data']}/docflow.db"
    os.environ["DOCFLOW_SETTINGS"] = params["settings"]
    from docflow.config import load_settings
    from docflow.intake.run import poll_mailbox
    from docflow.mail.imap import ImapParams, ImapReader
    from docflow.schools import import_registry
    from docflow.store import migrate
    from docflow.store.db import unit_of_work
    migrate.upgrade()
    with unit_of_work() as s:
        import_registry(s, ROOT / "include" / "config" / "schools.demo.csv")
    settings = load_settings(params["settings"])
    samples = []

    import docflow.intake.run as run_mod
    original = run_mod._move

    def move_and_sample(reader, outcomes):
        original(reader, outcomes)
        samples.append(round(rss_mb(), 1))

    run_mod._move = move_and_sample
    t0 = time.perf_counter()
    with ImapReader(ImapParams(host=params["host"], port=params["port"], username=params["user"],
                               password=params["password"], security="plain"), batch_size=batch) as reader:
        report = poll_mailbox(settings, "official", reader)
    secs = time.perf_counter() - t0
    return {"messages": report.registered, "seconds": round(secs, 3), "per_second": round(report.registered / secs, 1),
            "peak_rss_mb": round(peak_mb(), 1), "rss_samples_mb": samples[:: max(1, len(samples) // 8)]}


def fill(params: dict, letters: list[bytes]) -> None:
    """Append the letters over one IMAP connection."""
    from docflow.mail.imap import ImapParams, ImapReader
    with ImapReader(ImapParams(host=params["host"], port=params["port"], username=params["user"],
                               password=params["password"], security="plain", timeout=60)) as reader:
        for raw in letters:
            reader.append("INBOX", raw)


def child(kind: str, params: dict, batch: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, "--params", json.dumps(params),
                          "--batch", str(batch)], capture_output=True, text=True, check=False)
    if out.returncode:
        raise SystemExit(f"{kind} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=200)
    ap.add_argument("--server", choices=["devmail", "dovecot"], default="devmail")
    ap.add_argument("--batch", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--child")
    ap.add_argument("--params")
    a = ap.parse_args()
    if a.child:
        print(json.dumps((floor if a.child == "floor" else intake)(json.loads(a.params), a.batch)))
        return
    tmp = Path(tempfile.mkdtemp(prefix="docflow-bench-"))
    from tests import mailservers as ms
    server = (ms.DevMail(tmp / "mail").start() if a.server == "devmail"
              else ms.Dovecot(Path(tempfile.mkdtemp(prefix="docflow-dovecot-"))).start())
    floors, intakes, fills = [], [], []
    settings = (ROOT / "include" / "config" / "committee.example.yaml").read_text(encoding="utf-8")
    try:
        for n in range(a.repeat):
            address = f"mip-bench{n}@komitet.example.ru"
            params = {"host": server.host, "port": server.imap_port, "user": address, "password": server.password}
            letters = make_letters(a.messages, address)
            t0 = time.perf_counter()
            server.deliver(address, letters[0])  # the dev server creates the account on its first letter
            fill(params, letters[1:])
            fills.append(round(time.perf_counter() - t0, 1))
            del letters
            (tmp / f"committee{n}.yaml").write_text(settings.replace("address: mip@komitet.example.ru",
                                                                     f"address: {address}"), encoding="utf-8")
            run = {**params, "db": str(tmp / f"floor{n}.db"), "data": str(tmp / f"data{n}"),
                   "settings": str(tmp / f"committee{n}.yaml")}
            floors.append(child("floor", run, a.batch))
            intakes.append(child("intake", run, a.batch))
            print(f"round {n + 1}/{a.repeat}: fill {fills[-1]} s, floor {floors[-1]['per_second']}/s, "
                  f"intake {intakes[-1]['per_second']}/s", file=sys.stderr, flush=True)
    finally:
        server.stop()
    f = max(floors, key=lambda r: r["per_second"])
    i = max(intakes, key=lambda r: r["per_second"])
    print(json.dumps({"benchmark": "intake", "server": a.server, "messages": a.messages, "batch": a.batch,
                      "repeat": a.repeat, "fill_seconds": fills, "intake": i, "floor": f,
                      "intake_runs_per_second": [r["per_second"] for r in intakes],
                      "floor_runs_per_second": [r["per_second"] for r in floors],
                      "throughput_ratio": round(i["per_second"] / f["per_second"], 3)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
