"""Fault and hostile-input campaign (issue 17, point 9) against Dovecot, the dev SMTP server and PostgreSQL.

    python bench/faults.py [--quick] [--db postgresql+psycopg2://postgres@127.0.0.1:5432/test]

Intake reads Dovecot (real IMAP); the outbox sends through the dev SMTP server (fault injection:
421, 451, 550, a dropped connection; 535 is a wrong password) and files its Sent copies in
Dovecot. The store is a fresh PostgreSQL schema, dropped at the end. Every trial uses its own
mailboxes and letters, so its counts are its own:

- ``fetch_cut`` / ``append_cut``: a TCP proxy in front of Dovecot cuts the connection after N
  bytes of a FETCH BODY.PEEK[] answer (intake) or of an APPEND (the outbox's Sent copy);
- ``kill_after_commit`` / ``kill_before_commit``: an intake process SIGKILLed after the batch's
  commit and before the IMAP move, or while a letter is being processed;
- ``kill_poison``: a letter that kills the intake process every time it is processed;
- ``kill_after_accept``: a drain SIGKILLed after the SMTP server accepted a letter (and its Sent
  copy was filed), before the row is marked sent; the stale claim is then recovered;
- ``concurrent_drains`` / ``concurrent_intake``: 2–4 processes at the same instant;
- ``smtp_421`` / ``smtp_451`` / ``smtp_550`` / ``smtp_535`` / ``smtp_drop``;
- ``imap_restart``: Dovecot stopped and started while an intake run is going.

After each trial the settling runs a scheduler would make follow (fault cleared, leases expired),
then the letters are counted: in the store (registered once?) and in the recipients' real
mailboxes (delivered once?). ``sent_twice_documented`` is the window README names (a death
between the server's acceptance and the Sent copy), measured apart and not one of the targets.

Then 40+ hostile letters, written here as raw RFC 5322 bytes, are delivered to Dovecot one by one
and taken in by intake; each one's outcome (registered and acknowledged, quarantined with its
reason, filed) is printed, and the replies are really sent and counted.

Prints one JSON object: trials, letters_lost, registered_twice, sent_twice, crashes, per-kind
counts, every failed check, and each hostile letter's outcome.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import io
import json
import multiprocessing
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import uuid
import warnings
import zipfile
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
warnings.filterwarnings("ignore", category=DeprecationWarning)  # fork() with the proxy's threads

from tests.mailservers import free_port, wait_port  # noqa: E402 - after the path is set

DEFAULT_DB = "postgresql+psycopg2://postgres@127.0.0.1:5432/test"
OUR_MX = "mx.komitet.example.ru"
SCHOOL7, LYCEUM, SCHOOL12 = "school7@edu.example.ru", "lyceum1@edu.example.ru", "school12@edu.example.ru"
PASSWORD = "demo"


# == infrastructure ============================================================================

class CutProxy:
    """TCP proxy to an IMAP server that cuts a connection once it sees a command.

    ``arm(trigger, direction, after, times)``: when the client sends ``trigger`` (e.g.
    ``b"BODY.PEEK[]"``), the next ``after`` bytes in ``direction`` (``s2c``: the answer,
    ``c2s``: the client's own data, an APPEND literal) pass and then both sockets are closed —
    ``times`` connections in a row; then it is transparent again.
    """

    def __init__(self, target_port: int) -> None:
        self.target = target_port
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.lock = threading.Lock()
        self.rule: dict | None = None
        self.cuts = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def arm(self, trigger: bytes, direction: str, after: int, times: int = 1) -> None:
        with self.lock:
            self.rule = {"trigger": trigger, "direction": direction, "after": after, "times": times}
            self.cuts = 0

    def disarm(self) -> None:
        with self.lock:
            self.rule = None

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target), timeout=10)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            state = {"fired": False, "budget": None, "closed": False, "tail": b""}
            for src, dst, d in ((client, upstream, "c2s"), (upstream, client, "s2c")):
                threading.Thread(target=self._pump, args=(src, dst, d, state, client, upstream),
                                 daemon=True).start()

    def _close(self, state, *socks) -> None:
        state["closed"] = True
        for s in socks:
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                s.close()

    def _pump(self, src, dst, direction, state, client, upstream) -> None:
        while not state["closed"]:
            try:
                data = src.recv(65536)
            except OSError:
                data = b""
            if not data:
                self._close(state, client, upstream)
                return
            with self.lock:
                rule = self.rule
                if rule and direction == "c2s" and not state["fired"] and rule["times"] > self.cuts:
                    window = state["tail"] + data
                    at = window.find(rule["trigger"])
                    if at >= 0:
                        state["fired"], state["budget"] = True, rule["after"]
                        self.cuts += 1
                        if rule["direction"] == "c2s":  # count from the trigger on
                            offset = at - len(state["tail"])
                            keep = max(offset, 0) + rule["after"]
                            if keep < len(data):
                                data, state["budget"] = data[:keep], 0
                            else:
                                state["budget"] = keep - len(data)
                                data = data
                    state["tail"] = window[-64:]
                elif state["fired"] and rule and rule["direction"] == direction and state["budget"] is not None:
                    if len(data) >= state["budget"]:
                        data, state["budget"] = data[:state["budget"]], 0
                    else:
                        state["budget"] -= len(data)
                cut = state["fired"] and rule is not None and rule["direction"] == direction \
                    and state["budget"] == 0
            try:
                if data:
                    dst.sendall(data)
            except OSError:
                self._close(state, client, upstream)
                return
            if cut:
                self._close(state, client, upstream)
                return


class Env:
    """Servers, store and settings of one campaign run."""

    def __init__(self, work: Path, db_base: str) -> None:
        from tests import mailservers as ms
        self.work = work
        self.dovecot = ms.Dovecot(Path(tempfile.mkdtemp(prefix="docflow-faults-dovecot-"))).start()
        self.proxy = CutProxy(self.dovecot.imap_port)
        self.mail_dir = work / "devmail"
        self.dev_imap, self.dev_smtp = free_port(), free_port()
        self.devmail = subprocess.Popen(
            [sys.executable, "-m", "docflow.mail.devserver", "--data", str(self.mail_dir), "--imap-port",
             str(self.dev_imap), "--smtp-port", str(self.dev_smtp)], cwd=ROOT,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_port("127.0.0.1", self.dev_smtp, 20)
        wait_port("127.0.0.1", self.dev_imap, 20)
        from sqlalchemy import create_engine, text
        self.db_base = db_base
        self.schema = f"faults_{uuid.uuid4().hex[:10]}"
        admin = create_engine(db_base)
        with admin.begin() as c:
            c.execute(text(f'CREATE SCHEMA "{self.schema}"'))
        admin.dispose()
        sep = "&" if "?" in db_base else "?"
        self.db = f"{db_base}{sep}options=-csearch_path%3D{self.schema}"
        os.environ.update(DOCFLOW_DATABASE_URL=self.db, DOCFLOW_DATA_DIR=str(work / "data"))
        from docflow.config import Settings, load_settings
        from docflow.schools import import_registry
        from docflow.store import migrate
        from docflow.store.db import unit_of_work
        migrate.upgrade(self.db)
        with unit_of_work() as s:
            import_registry(s, ROOT / "include" / "config" / "schools.demo.csv")
        example = ROOT / "include" / "config" / "committee.example.yaml"
        text_ = example.read_text(encoding="utf-8")
        forms = (example.parent / Settings.model_fields["forms"].default).resolve()
        text_ = "\n".join(line for line in text_.splitlines() if not line.startswith("forms:"))
        (work / "committee.yaml").write_text(text_ + f"\nforms: {forms}\n", encoding="utf-8")
        os.environ["DOCFLOW_SETTINGS"] = str(work / "committee.yaml")
        self.base_settings = load_settings(work / "committee.yaml")
        self.n = 0

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.dovecot.stop()
        shutil.rmtree(self.dovecot.tmp, ignore_errors=True)
        self.devmail.terminate()
        with contextlib.suppress(Exception):
            self.devmail.wait(10)
        dispose_engines()
        from sqlalchemy import create_engine, text
        admin = create_engine(self.db_base)
        with admin.begin() as c:
            c.execute(text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))
        admin.dispose()

    # -- per trial --------------------------------------------------------------------------
    def tag(self) -> str:
        self.n += 1
        return f"t{self.n}"

    def settings(self, name: str, address: str, *, trust: dict | None = None, **intake):
        s = self.base_settings
        box = s.mailboxes[0].model_copy(update={"name": name, "address": address})
        changes = {"ack_rate_limit": s.intake.ack_rate_limit.model_copy(update={"max_per_address": 100_000}),
                   "trust": s.intake.trust.model_copy(update={"authserv_ids": [OUR_MX], **(trust or {})}),
                   **intake}
        return s.model_copy(update={"mailboxes": [box], "intake": s.intake.model_copy(update=changes)})

    def imap(self, address: str, *, proxied: bool = False, timeout: float = 10):
        from docflow.mail.imap import ImapParams
        return ImapParams(host="127.0.0.1", port=self.proxy.port if proxied else self.dovecot.imap_port,
                          username=address, password=PASSWORD, security="plain", timeout=timeout)

    def smtp(self, **kw):
        from docflow.mail.smtp import SmtpParams
        return SmtpParams(host="127.0.0.1", port=self.dev_smtp, security="plain", timeout=10, **kw)

    def deliver(self, address: str, raw: bytes) -> int:
        return self.dovecot.deliver(address, raw)

    def fail(self, address: str, code) -> None:
        from docflow.mail.devserver import set_fault
        set_fault(self.mail_dir, address, code)


def dispose_engines() -> None:
    """Close pooled connections before a fork, so no child shares the parent's sockets."""
    from docflow.store import db
    for url in {os.environ.get("DOCFLOW_DATABASE_URL", "")} - {""}:
        db.session_factory(url).kw["bind"].dispose()


_CTX = multiprocessing.get_context("fork")


def _child(conn, fn, args) -> None:
    try:
        out = fn(*args)
        conn.send(("ok", out))
        code = 0
    except BaseException as exc:
        conn.send(("error", f"{type(exc).__name__}: {exc}\n{traceback.format_exc()[-1500:]}"))
        code = 3
    conn.close()
    os._exit(code)


def forked(fn, *args, timeout: float = 120) -> _CTX.Process:
    """Start ``fn(*args)`` in a forked process (docflow already imported); ``.result()`` joins it."""
    dispose_engines()
    parent, child = _CTX.Pipe(duplex=False)
    p = _CTX.Process(target=_child, args=(child, fn, args))
    p.start()
    child.close()

    def result():
        p.join(timeout)
        if p.is_alive():
            p.kill()
            p.join()
        try:
            msg = parent.recv() if parent.poll() else ("killed", p.exitcode)
        except EOFError:  # killed before it could answer
            msg = ("killed", p.exitcode)
        return p.exitcode, msg

    p.result = result
    return p


def kill_self(*_a, **_k):
    os.kill(os.getpid(), signal.SIGKILL)


# == letters a school sends ====================================================================

def school_letter(sender: str, to: str, n: str, *, body: str = "Направляем заявку.", docx: bytes | None = None,
                  extra: str = "") -> bytes:
    """An application with a DOCX as Thunderbird writes it."""
    from tests.intake.letters import form_docx
    data = base64.encodebytes(docx or FORM_DOCX.get() or form_docx()).decode().replace("\n", "\r\n")
    return (f"From: =?UTF-8?B?{b64('МБОУ «СОШ № 7»')}?= <{sender}>\r\nTo: {to}\r\n"
            f"Subject: =?UTF-8?B?{b64(f'Заявка на присвоение статуса МИП ({n})')}?=\r\n"
            f"Date: Tue, 24 Nov 2026 10:30:00 +0300\r\nMessage-ID: <{n}.{uuid.uuid4().hex[:8]}@edu.example.ru>\r\n"
            f"{extra}MIME-Version: 1.0\r\nUser-Agent: Mozilla Thunderbird\r\n"
            f"Content-Type: multipart/mixed; boundary=\"------------b{n}\"\r\n\r\n"
            f"--------------b{n}\r\nContent-Type: text/plain; charset=UTF-8; format=flowed\r\n"
            f"Content-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n\r\n"
            f"--------------b{n}\r\nContent-Type: application/vnd.openxmlformats-officedocument."
            f"wordprocessingml.document; name=\"zayavka-{n}.docx\"\r\nContent-Disposition: attachment; "
            f"filename=\"zayavka-{n}.docx\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{data}\r\n"
            f"--------------b{n}--\r\n").encode()


class _Docx:
    value: bytes | None = None

    def get(self) -> bytes:
        if self.value is None:
            from tests.intake.letters import form_docx
            self.value = form_docx()
        return self.value


FORM_DOCX = _Docx()


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


# == counting ==================================================================================

def intake_counts(name: str, msgids: list[str], *, expect_quarantined: set[str] = frozenset()) -> dict:
    """Per letter: stored once, registered once (a submission), none left unsettled."""
    from sqlalchemy import func, select

    from docflow.store.db import unit_of_work
    from docflow.store.models import Mailbox, Message, Submission
    with unit_of_work() as s:
        box = s.scalar(select(Mailbox.id).where(Mailbox.name == name))
        rows = s.execute(select(Message.message_id_header, Message.status, Message.imap_state, Message.error)
                         .where(Message.mailbox_id == box)).all() if box else []
        subs = dict(s.execute(select(Message.message_id_header, func.count(Submission.id))
                              .join(Submission, Submission.message_id == Message.id)
                              .where(Message.mailbox_id == box).group_by(Message.message_id_header)).all()) \
            if box else {}
    by_id: dict[str, list] = {}
    for r in rows:
        by_id.setdefault(r.message_id_header, []).append(r)
    lost = twice = unsettled = 0
    problems = []
    for mid in msgids:
        got = by_id.get(mid, [])
        want = "quarantined" if mid in expect_quarantined else "registered"
        if not any(r.status == want for r in got):
            lost += 1
            problems.append(f"{mid}: not {want} ({[(r.status, r.error[:80]) for r in got]})")
        if subs.get(mid, 0) > 1 or sum(r.status == "registered" for r in got) > 1:
            twice += 1
            problems.append(f"{mid}: registered {subs.get(mid, 0)} times")
        if any(r.imap_state == "pending" for r in got):
            unsettled += 1
            problems.append(f"{mid}: still pending its IMAP move")
    return {"lost": lost, "twice": twice, "unsettled": unsettled, "problems": problems}


def inbox_left(env: Env, address: str) -> int:
    from imapclient import IMAPClient
    with IMAPClient("127.0.0.1", port=env.dovecot.imap_port, ssl=False, timeout=10) as c:
        c.login(address, PASSWORD)
        c.select_folder("INBOX", readonly=True)
        return len(c.search("ALL"))


def delivered(env: Env, addresses: list[str]) -> Counter:
    """Message-IDs in the recipients' INBOXes on the dev server."""
    from imapclient import IMAPClient
    seen: Counter = Counter()
    for addr in addresses:
        with IMAPClient("127.0.0.1", port=env.dev_imap, ssl=False, timeout=30) as c:
            c.login(addr, PASSWORD)
            c.select_folder("INBOX", readonly=True)
            uids = c.search("ALL")
            if uids:
                for data in c.fetch(uids, ["BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"]).values():
                    raw = data[b"BODY[HEADER.FIELDS (MESSAGE-ID)]"].decode()
                    seen[raw.partition(":")[2].strip()] += 1
    return seen


def poll(settings, name: str, params) -> dict:
    from dataclasses import asdict

    from docflow.intake.run import poll_mailbox
    from docflow.mail.imap import ImapReader
    with ImapReader(params, batch_size=settings.intake.batch_size) as reader:
        r = asdict(poll_mailbox(settings, name, reader))
    return {k: r[k] for k in ("registered", "quarantined", "failed", "given_up", "repaired_moves", "skipped_claimed")}


# == intake trials =============================================================================

class Trial:
    def __init__(self, kind: str, variant: str) -> None:
        self.kind, self.variant = kind, variant
        self.lost = self.twice = self.sent_twice = self.crashes = self.documented = 0
        self.problems: list[str] = []

    def absorb(self, counts: dict) -> None:
        self.lost += counts.get("lost", 0)
        self.twice += counts.get("twice", 0)
        self.lost += counts.get("unsettled", 0)
        self.problems += counts.get("problems", [])

    def crash(self, what: str) -> None:
        self.crashes += 1
        self.problems.append(f"crash: {what}"[:600])


def _intake_setup(env: Env, letters: int, *, batch: int = 50, **intake):
    tag = env.tag()
    address = f"mip-{tag}@komitet.example.ru"
    settings = env.settings(tag, address, batch_size=batch, **intake)
    raws = [school_letter(SCHOOL7, address, f"{tag}-{i}") for i in range(letters)]
    ids = []
    for raw in raws:
        env.deliver(address, raw)
        ids.append(raw.split(b"Message-ID: ", 1)[1].split(b"\r\n", 1)[0].decode())
    return tag, address, settings, ids


def _settle(env: Env, t: Trial, tag, address, settings, ids, *, runs: int = 2, pending_ok: bool = False,
            **counts_kw) -> None:
    for _ in range(runs):
        try:
            poll(settings, tag, env.imap(address))
        except Exception as exc:
            t.crash(f"settling intake run: {type(exc).__name__}: {exc}")
    counts = intake_counts(tag, ids, **counts_kw)
    if pending_ok:  # rows of the old UIDVALIDITY stay 'pending': their UIDs no longer exist
        counts["unsettled"] = 0
        counts["problems"] = [p for p in counts["problems"] if "still pending" not in p]
    t.absorb(counts)
    left = inbox_left(env, address)
    if left:  # registered, but a move that never happened: a failure of the trial
        t.problems.append(f"{left} letters left in INBOX after settling")


def trial_fetch_cut(env: Env, after: int, times: int) -> Trial:
    t = Trial("fetch_cut", f"after {after} B, {times}x")
    tag, address, settings, ids = _intake_setup(env, 5, batch=2)
    env.proxy.arm(b"BODY.PEEK[]", "s2c", after, times)
    try:
        poll(settings, tag, env.imap(address, proxied=True, timeout=5))
    except Exception as exc:  # a cut twice in a row may abort the run: the next run settles it
        t.problems.append(f"run aborted as expected: {type(exc).__name__}") if times > 1 else \
            t.crash(f"one cut aborted the run: {type(exc).__name__}: {exc}")
    cuts = env.proxy.cuts
    env.proxy.disarm()
    _settle(env, t, tag, address, settings, ids)
    t.problems = [p for p in t.problems if not p.startswith("run aborted")]
    if cuts != min(times, 2):  # the reader reconnects once; a second cut aborts the run
        t.problems.append(f"the proxy cut {cuts} connections, not {min(times, 2)}")
    return t


def _kill_move(settings, tag, params, at_call: int):
    import docflow.intake.run as run
    original, calls = run._move, [0]

    def move(reader, outcomes):
        calls[0] += 1
        if calls[0] == at_call:
            kill_self()
        original(reader, outcomes)
    run._move = move
    return poll(settings, tag, params)


def _kill_process(settings, tag, params, at_letter: int):
    import docflow.intake.run as run
    original, calls = run.process_message, [0]

    def process(*a, **k):
        calls[0] += 1
        if calls[0] == at_letter:
            kill_self()
        return original(*a, **k)
    run.process_message = process
    return poll(settings, tag, params)


def trial_kill_intake(env: Env, where: str, at: int) -> Trial:
    t = Trial("kill_after_commit" if where == "move" else "kill_before_commit", f"at {where} #{at}")
    tag, address, settings, ids = _intake_setup(env, 6, batch=2)
    fn = _kill_move if where == "move" else _kill_process
    code, msg = forked(fn, settings, tag, env.imap(address), at).result()
    if code != -signal.SIGKILL:
        t.problems.append(f"the injected kill did not happen (exit {code}: {msg})")
    _settle(env, t, tag, address, settings, ids)
    return t


def trial_uidvalidity(env: Env, at: int) -> Trial:
    """Killed after the commit, then the server renumbers the folder (a restored or rebuilt
    mailbox): the letters come back under a new UIDVALIDITY and must not be registered again."""
    t = Trial("uidvalidity_change", f"after kill at move #{at}")
    tag, address, settings, ids = _intake_setup(env, 6, batch=2)
    code, msg = forked(_kill_move, settings, tag, env.imap(address), at).result()
    if code != -signal.SIGKILL:
        t.problems.append(f"the injected kill did not happen (exit {code}: {msg})")
    env.dovecot.stop()
    home = env.dovecot.tmp / "mail" / address
    for f in [home / "dovecot-uidlist", *home.glob("dovecot.index*")]:
        f.unlink(missing_ok=True)
    time.sleep(1.1)  # Dovecot's UIDVALIDITY is a time in seconds
    env.dovecot.start()
    before = _uidvalidity(tag)
    _settle(env, t, tag, address, settings, ids, pending_ok=True)
    from sqlalchemy import func, select

    from docflow.store.db import unit_of_work
    from docflow.store.models import Mailbox, Message
    with unit_of_work() as s:
        dups = s.scalar(select(func.count(Message.id)).join(Mailbox, Mailbox.id == Message.mailbox_id)
                        .where(Mailbox.name == tag, Message.status == "duplicate"))
    if _uidvalidity(tag) == before or not dups:
        t.problems.append(f"UIDVALIDITY {before} → {_uidvalidity(tag)}, {dups} letters recognised again")
    return t


def _uidvalidity(name: str) -> int | None:
    from sqlalchemy import select

    from docflow.store.db import unit_of_work
    from docflow.store.models import Mailbox
    with unit_of_work() as s:
        return s.scalar(select(Mailbox.uidvalidity).where(Mailbox.name == name))


def _poison(settings, tag, params, marker: bytes):
    import docflow.intake.run as run
    original = run.process_message

    def process(session, where, uid, raw, *a, **k):
        if marker in raw:
            kill_self()
        return original(session, where, uid, raw, *a, **k)
    run.process_message = process
    return poll(settings, tag, params)


def trial_poison(env: Env, batch: int) -> Trial:
    """A letter that kills the intake process whenever it is processed (a crash in a C library)."""
    t = Trial("kill_poison", f"batch {batch}")
    tag, address, settings, ids = _intake_setup(env, 5, batch=batch)
    marker = f"poison-{tag}".encode()
    raw = school_letter(SCHOOL7, address, f"{tag}-poison", body=marker.decode())
    env.deliver(address, raw)
    poison_id = raw.split(b"Message-ID: ", 1)[1].split(b"\r\n", 1)[0].decode()
    for _ in range(settings.intake.max_attempts + 3):
        code, msg = forked(_poison, settings, tag, env.imap(address), marker).result()
        if code == 0:
            break
        if code != -signal.SIGKILL:
            t.crash(f"intake run exit {code}: {msg}")
            break
    else:
        t.problems.append("the poison letter still kills intake after max_attempts")
        t.lost += 1
    t.absorb(intake_counts(tag, ids))
    # The letter given up on is stored from its bytes alone (never parsed again): found by its error.
    from sqlalchemy import func, select

    from docflow.store.db import unit_of_work
    from docflow.store.models import Mailbox, Message
    with unit_of_work() as s:
        held = s.scalar(select(func.count(Message.id)).join(Mailbox, Mailbox.id == Message.mailbox_id).where(
            Mailbox.name == tag, Message.status == "quarantined", Message.error.like("%попыток%")))
    if held != 1:
        t.lost += 1
        t.problems.append(f"{poison_id}: {held} quarantined rows after max_attempts (want 1)")
    return t


def _restart(env: Env, delay: float) -> None:
    env.dovecot.stop()
    if delay:
        threading.Timer(delay, env.dovecot.start).start()
    else:
        env.dovecot.start()


def trial_imap_restart(env: Env, moment: str, delay: float) -> Trial:
    t = Trial("imap_restart", f"{moment}, down {delay:g} s")
    tag, address, settings, ids = _intake_setup(env, 6, batch=2)
    import docflow.intake.run as run
    name = "_move" if moment == "before move" else "_run_batch"
    original, calls = getattr(run, name), [0]

    def hooked(*a, **k):
        calls[0] += 1
        if calls[0] == 1:
            _restart(env, delay)
        return original(*a, **k)
    setattr(run, name, hooked)
    try:
        poll(settings, tag, env.imap(address, timeout=5))
    except Exception as exc:
        if not delay:
            t.crash(f"a restart without downtime aborted the run: {type(exc).__name__}: {exc}")
    finally:
        setattr(run, name, original)
    if not calls[0]:
        t.problems.append("Dovecot was not restarted (the hook was never reached)")
    if delay:
        time.sleep(delay + 0.5)
        wait_port("127.0.0.1", env.dovecot.imap_port, 20)
    _settle(env, t, tag, address, settings, ids)
    return t


def trial_concurrent_intake(env: Env, k: int) -> Trial:
    t = Trial("concurrent_intake", f"{k} processes")
    tag, address, settings, ids = _intake_setup(env, 12, batch=4)
    start = time.time() + 0.5

    def run_at():
        time.sleep(max(0, start - time.time()))
        return poll(settings, tag, env.imap(address))
    procs = [forked(run_at) for _ in range(k)]
    for p in procs:
        code, msg = p.result()
        if code != 0:
            t.crash(f"concurrent intake exit {code}: {msg}")
    _settle(env, t, tag, address, settings, ids, runs=1)
    return t


# == outbox trials =============================================================================

def _outbox_setup(env: Env, letters: int, faults: dict[int, str] | None = None):
    from docflow import outbox
    from docflow.store.db import unit_of_work
    tag = env.tag()
    name, official = f"o{tag}", f"mip-o{tag}@komitet.example.ru"
    to = [f"sosh{i + 1}-{tag}@edu.example.ru" for i in range(letters)]
    with unit_of_work() as s:
        ids = [outbox.enqueue(
            s, dedup_key=f"faults:{tag}:{i}", kind="distribution", sender=f"Комитет по образованию <{official}>",
            mailbox=name, to=[addr], subject=f"Приказ от 20.11.2026 № {i + 1} «О проведении мониторинга»",
            body="Уважаемый руководитель!\n\nНаправляем приказ комитета по образованию.\n",
            attachments=[outbox.Attachment(f"Приказ № {i + 1}.docx", FORM_DOCX.get(),
                                           "application/vnd.openxmlformats-officedocument."
                                           "wordprocessingml.document")]).id
            for i, addr in enumerate(to)]
    for i, code in (faults or {}).items():
        env.fail(to[i], code)
    return name, official, to, ids


def _drain(env: Env, name: str, official: str, *, proxied: bool = False, sent: bool = True, **smtp):
    from docflow.outbox.sender import drain_mailbox
    return drain_mailbox(name, f"Комитет по образованию <{official}>", env.smtp(**smtp),
                         imap=env.imap(official, proxied=proxied) if sent else None)


def _all_due(ids: list[int], *, leases: bool = False) -> None:
    from sqlalchemy import update

    from docflow.store.db import unit_of_work
    from docflow.store.models import OutboxLetter, utcnow
    past = utcnow() - timedelta(seconds=1)
    values = {"next_attempt_at": past, **({"claimed_until": past} if leases else {})}
    with unit_of_work() as s:
        s.execute(update(OutboxLetter).where(OutboxLetter.id.in_(ids)).values(**values))


def outbox_counts(env: Env, ids: list[int], to: list[str], *, refused: set[int] = frozenset()) -> dict:
    """Each letter delivered once and marked sent; a refused (550) one failed with its reason."""
    from sqlalchemy import select

    from docflow.store.db import unit_of_work
    from docflow.store.models import OutboxLetter
    with unit_of_work() as s:
        rows = {r.id: r for r in s.scalars(select(OutboxLetter).where(OutboxLetter.id.in_(ids)))}
        for r in rows.values():
            s.expunge(r)
    seen = delivered(env, to)
    out = {"lost": 0, "sent_twice": 0, "problems": []}
    for i in ids:
        r = rows[i]
        n = seen.get(r.message_id_header, 0)
        if i in refused:
            if r.status != "failed" or not r.last_error or n:
                out["lost"] += 1
                out["problems"].append(f"outbox {i}: refused letter is {r.status}, delivered {n}")
            continue
        if n > 1:
            out["sent_twice"] += 1
            out["problems"].append(f"outbox {i}: delivered {n} times")
        if n == 0 or r.status != "sent":
            out["lost"] += 1
            out["problems"].append(f"outbox {i}: {r.status} ({r.last_error[:100]}), delivered {n}")
    return out


def _settle_outbox(env: Env, t: Trial, name, official, to, ids, *, refused=frozenset(), runs: int = 2) -> dict:
    for _ in range(runs):
        _all_due(ids, leases=True)
        try:
            _drain(env, name, official)
        except Exception as exc:
            t.crash(f"settling drain: {type(exc).__name__}: {exc}")
    c = outbox_counts(env, ids, to, refused=refused)
    t.lost += c["lost"]
    t.sent_twice += c["sent_twice"]
    t.problems += c["problems"]
    return c


def _kill_drain(env_params, name, official, hook: str):
    from docflow.mail import imap
    from docflow.outbox import sender
    if hook == "after_send":
        sender.after_send = kill_self
    else:  # between the server's acceptance and the Sent copy
        imap.ImapReader.append = kill_self
    smtp, params = env_params
    return sender.drain_mailbox(name, f"Комитет по образованию <{official}>", smtp, imap=params).sent


def trial_kill_drain(env: Env, hook: str, letters: int) -> Trial:
    t = Trial("kill_after_accept" if hook == "after_send" else "kill_before_sent_copy", f"{letters} letters")
    name, official, to, ids = _outbox_setup(env, letters)
    code, msg = forked(_kill_drain, (env.smtp(), env.imap(official)), name, official, hook).result()
    if code != -signal.SIGKILL:
        t.problems.append(f"the injected kill did not happen (exit {code}: {msg})")
    c = _settle_outbox(env, t, name, official, to, ids)
    if hook != "after_send":  # README's documented window: counted apart
        t.documented, t.sent_twice = c["sent_twice"], 0
        t.problems = [p for p in t.problems if "delivered 2 times" not in p]
    return t


def trial_concurrent_drains(env: Env, k: int, letters: int) -> Trial:
    t = Trial("concurrent_drains", f"{k} processes, {letters} letters")
    name, official, to, ids = _outbox_setup(env, letters)
    start = time.time() + 0.5

    def run_at():
        time.sleep(max(0, start - time.time()))
        return _drain(env, name, official).sent
    procs = [forked(run_at) for _ in range(k)]
    for p in procs:
        code, msg = p.result()
        if code != 0:
            t.crash(f"drain exit {code}: {msg}")
    _settle_outbox(env, t, name, official, to, ids, runs=1)
    return t


def trial_smtp(env: Env, code: str) -> Trial:
    t = Trial(f"smtp_{code}", "")
    faults = {} if code == "535" else {1: code, 3: code}
    name, official, to, ids = _outbox_setup(env, 5, faults)
    try:
        kw = {"username": official, "password": "not-the-password"} if code == "535" else {}
        report = _drain(env, name, official, **kw)
        if code == "535" and (report.unavailable != "auth" or report.failed):
            t.problems.append(f"535: unavailable={report.unavailable!r}, failed={report.failed}")
            t.lost += report.failed
    except Exception as exc:
        t.crash(f"drain under {code}: {type(exc).__name__}: {exc}")
    if code == "550":
        refused = {ids[1], ids[3]}
    else:
        refused = set()
        for i in faults:
            env.fail(to[i], None)
    _settle_outbox(env, t, name, official, to, ids, refused=refused)
    return t


def trial_append_cut(env: Env, after: int) -> Trial:
    """The Sent copy's APPEND is cut: the letter was sent, it must be marked sent and not re-sent."""
    t = Trial("append_cut", f"after {after} B")
    name, official, to, ids = _outbox_setup(env, 3)
    env.proxy.arm(b"APPEND", "c2s", after, 1)
    try:
        _drain(env, name, official, proxied=True)
    except Exception as exc:
        t.crash(f"drain with a cut APPEND: {type(exc).__name__}: {exc}")
    if env.proxy.cuts != 1:
        t.problems.append("the proxy cut no APPEND")
    env.proxy.disarm()
    _settle_outbox(env, t, name, official, to, ids)
    return t


# == hostile letters ===========================================================================

def zip_bytes(members: list[tuple[str, bytes]], *, big: tuple[str, int] | None = None) -> bytes:
    """A zip of ``members``; ``big`` = (name, size): a real deflate bomb member of ``size`` zero bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for n, data in members:
            z.writestr(n, data)
        if big:
            chunk = b"\0" * (4 << 20)
            with z.open(big[0], "w", force_zip64=True) as fh:
                for _ in range(big[1] // len(chunk)):
                    fh.write(chunk)
    return buf.getvalue()


def docx_parts() -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(FORM_DOCX.get())) as z:
        return [(n, z.read(n)) for n in z.namelist()]


def mime(sender: str, to: str, subject: str, parts: str = "", *, head: str = "", msgid: str | None = None,
         body: str = "Направляем документы.", boundary: str = "=_b1") -> bytes:
    """A multipart letter written by hand; ``parts`` are ready MIME parts (without boundaries)."""
    mid = msgid or f"<{uuid.uuid4().hex}@edu.example.ru>"
    top = (f"{head}From: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\nDate: Tue, 24 Nov 2026 11:05:00 +0300\r\n"
           f"Message-ID: {mid}\r\nMIME-Version: 1.0\r\n")
    if not parts:
        return (top + f"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                f"{body}\r\n").encode()
    return (top + f"Content-Type: multipart/mixed; boundary=\"{boundary}\"\r\n\r\n--{boundary}\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n"
            f"{parts}--{boundary}--\r\n").encode()


def part(data: bytes, filename_header: str, ctype: str = "application/vnd.openxmlformats-officedocument."
         "wordprocessingml.document", boundary: str = "=_b1") -> str:
    enc = base64.encodebytes(data).decode().replace("\n", "\r\n")
    return (f"--{boundary}\r\nContent-Type: {ctype}\r\nContent-Disposition: attachment; {filename_header}\r\n"
            f"Content-Transfer-Encoding: base64\r\n\r\n{enc}\r\n")


def ar(body: str) -> str:
    return f"Authentication-Results: {OUR_MX};\r\n\t{body}\r\n"


def received(host: str = "mail.edu.example.ru [198.51.100.7]") -> str:
    return (f"Received: from {host}\r\n\tby {OUR_MX} (Postfix) with ESMTPS id 4Bv1fN2xKz;\r\n"
            "\tTue, 24 Nov 2026 11:05:03 +0300\r\n")


PASS = ar("dkim=pass header.d=edu.example.ru header.s=mail;\r\n\tdmarc=pass (p=quarantine) header.from=edu.example.ru")


def trusted(raw: bytes) -> bytes:
    """As the committee's server stores a genuine school letter: its results on top."""
    return (PASS + received()).encode() + raw


def hostile_cases(to: str, ctx: dict, bomb_size: int) -> list[tuple[str, bytes, str]]:
    """(case, raw bytes, what issue 17 expects) — every letter written by hand."""
    docx = FORM_DOCX.get()
    d = part(docx, 'filename="zayavka.docx"')
    school = f"=?UTF-8?B?{b64('МБОУ «СОШ № 7»')}?= <{SCHOOL7}>"
    subj = f"=?UTF-8?B?{b64('Заявка на присвоение статуса МИП')}?="
    cases: list[tuple[str, bytes, str]] = []

    def add(case, raw, expect):
        cases.append((case, raw, expect))

    # -- sender authentication -----------------------------------------------------------------
    add("forged AR: Yandex's authserv-id, not ours", (
        "Authentication-Results: mxfront1o.mail.yandex.net; spf=pass smtp.mail=school7@edu.example.ru;"
        " dkim=pass header.i=@edu.example.ru; dmarc=pass\r\n" + received("vps.fake-edu.example.com [203.0.113.45]")
    ).encode() + mime(school, to, subj, d), "unverified: registered with the mark (default policy)")
    add("forged AR with our authserv-id inside the letter, ours on top says dmarc=fail", (
        ar("dmarc=fail (p=reject) header.from=edu.example.ru") + received("vps.fake-edu.example.com [203.0.113.45]")
        + ar("dkim=pass header.d=edu.example.ru; dmarc=pass header.from=edu.example.ru")
    ).encode() + mime(school, to, subj, d), "quarantined, no reply")
    add("our AR written below another Received (our server wrote none on top)", (
        received("vps.fake-edu.example.com [203.0.113.45]") + received("relay.fake-edu.example.com [203.0.113.46]")
        + ar("dmarc=pass header.from=edu.example.ru")).encode() + mime(school, to, subj, d),
        "quarantined or unverified (forged header inside the letter)")
    add("missing AR (committee's server wrote none)", mime(school, to, subj, d),
        "unverified: registered with the mark (default policy)")
    add("missing AR, unauthenticated: quarantine", mime(school, to, subj, d), "quarantined, no reply")
    add("Microsoft 365 AR without authserv-id", (
        b"Authentication-Results: spf=pass (sender IP is 40.107.22.51) smtp.mailfrom=edu.example.ru; dkim=pass"
        b" header.d=edu.example.ru;dmarc=pass action=none header.from=edu.example.ru\r\n")
        + mime(school, to, subj, d), "unverified: registered with the mark")
    add("DMARC fail with attacker-aligned DKIM (Exim)", (
        ar("iprev=pass (vps.fake-edu.example.com) smtp.remote-ip=203.0.113.45;\r\n\tspf=pass "
           "smtp.mailfrom=fake-edu.example.com;\r\n\tdkim=pass header.d=fake-edu.example.com header.s=default;"
           "\r\n\tdmarc=fail header.from=edu.example.ru") + received()).encode() + mime(school, to, subj, d),
        "quarantined, no reply")
    add("DMARC pass for the attacker's domain, From a school's", (
        ar("dkim=pass header.d=fake-edu.example.com; dmarc=pass header.from=fake-edu.example.com")
        + received()).encode() + mime(school, to, subj, d), "quarantined, no reply")
    add("SPF pass only, no DMARC or DKIM", (ar("spf=pass smtp.mailfrom=edu.example.ru") + received()).encode()
        + mime(school, to, subj, d), "quarantined, no reply")
    add("DMARC pass, display name of a school, address of an outsider", trusted(mime(
        f"=?UTF-8?B?{b64('МБОУ «СОШ № 7» (директор)')}?= <director.sosh7@mail.example.com>", to, subj, d)),
        "quarantined (DMARC not aligned with the From domain)")
    add("From parsed differently by us and the server (CVE-2023-27043 style)", (
        ar("dkim=pass header.d=evil.example.com; dmarc=pass header.from=evil.example.com") + received()).encode()
        + mime(f"{SCHOOL7})<attacker@evil.example.com>", to, subj, d), "quarantined (not aligned), no reply")
    add("two From header lines, the server judged the second", (
        ar("dkim=pass header.d=evil.example.com; dmarc=pass header.from=evil.example.com") + received()).encode()
        + mime(school, to, subj, d).replace(b"To: ", b"From: <attacker@evil.example.com>\r\nTo: ", 1),
        "quarantined, no reply")
    add("two From addresses (school and attacker)", trusted(mime(
        f"{school}, attacker@evil.example.com", to, subj, d)), "registered as the school, or quarantined")
    # -- threads across schools ----------------------------------------------------------------
    add("cross-school reply to another school's acknowledgement, with a new form", trusted(mime(
        school, to, "Re: " + subj, d, head=f"In-Reply-To: {ctx['lyceum_ack']}\r\nReferences: {ctx['lyceum_ack']}\r\n")),
        "registered for school 7; the lyceum's submission untouched")
    add("cross-school reply to another school's acknowledgement, no file", trusted(mime(
        school, to, "Re: " + subj, head=f"In-Reply-To: {ctx['lyceum_ack']}\r\n", body="Спасибо, получили.")),
        "registered or filed for school 7, nothing of the lyceum touched")
    add("reply with a guessed Message-ID of ours", trusted(mime(
        school, to, "Re: " + subj, d, head=f"In-Reply-To: <ack.{uuid.uuid4().hex[:12]}@komitet.example.ru>\r\n")),
        "registered as a new letter")
    # -- delivery reports -----------------------------------------------------------------------
    dsn = ("--=_r\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nDelivery failed.\r\n--=_r\r\n"
           "Content-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mail.edu.example.ru\r\n\r\n"
           f"Final-Recipient: rfc822; {LYCEUM}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
           "Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n\r\n--=_r\r\nContent-Type: text/rfc822-headers\r\n\r\n"
           f"Message-ID: {ctx['lyceum_ack']}\r\nTo: {LYCEUM}\r\n\r\n--=_r--\r\n")

    def report(sender: str, head: str = "") -> bytes:
        return (f"{head}From: {sender}\r\nTo: {to}\r\nSubject: Undelivered Mail Returned to Sender\r\n"
                f"Date: Tue, 24 Nov 2026 11:06:00 +0300\r\nMessage-ID: <{uuid.uuid4().hex}@edu.example.ru>\r\n"
                "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; "
                f"boundary=\"=_r\"\r\n\r\n{dsn}").encode()
    add("DSN from a school address about another school's letter", trusted(report(school)),
        "quarantined; our letter not marked bounced")
    add("DSN from a null sender without our AR", b"Return-Path: <>\r\n" + report(
        "MAILER-DAEMON@mail.edu.example.ru (Mail Delivery System)"), "quarantined; not marked bounced")
    add("DSN from MAILER-DAEMON of a foreign server, with our AR", trusted(report(
        "MAILER-DAEMON@fake-edu.example.com")), "quarantined; not marked bounced")
    # -- loops ----------------------------------------------------------------------------------
    add("auto-responder reply without attachment (no Auto-Submitted)", trusted(mime(
        school, to, "Re: " + subj, head=f"In-Reply-To: {ctx['school7_ack']}\r\nReferences: {ctx['school7_ack']}\r\n",
        body="Здравствуйте! Я в отпуске до 30 ноября. По срочным вопросам звоните секретарю.")),
        "filed to its thread, not acknowledged")
    add("out-of-office with Auto-Submitted", trusted(mime(
        school, to, "=?UTF-8?B?" + b64("Автоответ: Заявка") + "?=", head="Auto-Submitted: auto-replied\r\n"
        f"In-Reply-To: {ctx['school7_ack']}\r\n", body="Я в отпуске.")), "ignored, not acknowledged")
    add("letter from our own address", trusted(mime(f"<{to}>", to, subj, d)), "ignored (own address)")
    # -- poison and size ------------------------------------------------------------------------
    words = "".join(f" =?UTF-8?B?{b64('Заявка на присвоение статуса')}?=\r\n" for _ in range(28_000))
    add("huge RFC 2047 subject (1.4 MB)", trusted(mime(school, to, words.strip(), d)),
        "registered in milliseconds, subject cut")
    add("huge header line (2 MB X-Mailer)", trusted(mime(school, to, subj, d, head="X-Mailer: " + "A" * 2_000_000
                                                         + "\r\n")), "registered, header cut")
    add("20,000 Received headers", trusted(mime(school, to, subj, d, head=received() * 20_000)),
        "registered or refused, quickly")
    add("To with 30,000 addresses", trusted(mime(school, ", ".join(
        f"x{i}@komitet.example.ru" for i in range(30_000)), subj, d)), "registered, header cut")
    parts_ = docx_parts()
    bomb_ct = zip_bytes([p for p in parts_ if p[0] != "[Content_Types].xml"],
                        big=("[Content_Types].xml", bomb_size))
    add(f"zip bomb DOCX: [Content_Types].xml inflating to {bomb_size >> 30} GiB", trusted(mime(
        school, to, subj, part(bomb_ct, 'filename="zayavka.docx"'))), "quarantined with a reply, nothing inflated")
    bomb_doc = zip_bytes([p for p in parts_ if p[0] != "word/document.xml"], big=("word/document.xml", bomb_size))
    add(f"zip bomb DOCX: word/document.xml inflating to {bomb_size >> 30} GiB", trusted(mime(
        school, to, subj, part(bomb_doc, 'filename="zayavka.docx"'))), "quarantined with a reply")
    add("zip bomb inside a ZIP", trusted(mime(school, to, subj, part(
        zip_bytes([("zayavka.docx", bomb_ct)]), 'filename="documents.zip"', "application/zip"))),
        "quarantined with a reply")
    add("ZIP with 5,000 members", trusted(mime(school, to, subj, part(zip_bytes(
        [(f"f{i}.txt", b"x") for i in range(5000)]), 'filename="arhiv.zip"', "application/zip"))),
        "refused or registered, quickly")
    add("500 attachments", trusted(mime(school, to, subj, "".join(
        part(b"%PDF-1.4 small " + str(i).encode(), f'filename="skan-{i}.pdf"', "application/pdf")
        for i in range(500)))), "quarantined with a reply (max 20)")
    add("letter over 25 MB", trusted(mime(school, to, subj, part(b"\x89PNG\r\n\x1a\n" + os.urandom(20 << 20),
                                                                  'filename="foto.png"', "image/png"))),
        "judged by its headers, quarantined with a reply")
    inner = part(docx, 'filename="zayavka.docx"', boundary="n199")
    body = inner + "--n199--\r\n"
    for i in range(198, -1, -1):
        body = (f"--n{i}\r\nContent-Type: multipart/mixed; boundary=\"n{i + 1}\"\r\n\r\n{body}--n{i}--\r\n")
    add("MIME nested 200 levels deep", trusted((
        f"From: {school}\r\nTo: {to}\r\nSubject: {subj}\r\nDate: Tue, 24 Nov 2026 11:05:00 +0300\r\n"
        f"Message-ID: <{uuid.uuid4().hex}@edu.example.ru>\r\nMIME-Version: 1.0\r\n"
        f"Content-Type: multipart/mixed; boundary=\"n0\"\r\n\r\n{body}").encode()), "registered or quarantined")
    body = "--m2999\r\nContent-Type: text/plain\r\n\r\nглубоко\r\n--m2999--\r\n"
    for i in range(2998, -1, -1):
        body = f"--m{i}\r\nContent-Type: multipart/mixed; boundary=\"m{i + 1}\"\r\n\r\n{body}--m{i}--\r\n"
    add("MIME nested 3,000 levels deep", trusted((
        f"From: {school}\r\nTo: {to}\r\nSubject: {subj}\r\nDate: Tue, 24 Nov 2026 11:05:00 +0300\r\n"
        f"Message-ID: <{uuid.uuid4().hex}@edu.example.ru>\r\nMIME-Version: 1.0\r\n"
        f"Content-Type: multipart/mixed; boundary=\"m0\"\r\n\r\n{body}").encode()), "registered or quarantined")
    # -- file names ---------------------------------------------------------------------------
    for case, header in [
        ("path traversal file name ../../", 'filename="../../../../etc/cron.d/zayavka.docx"'),
        ("path traversal, Windows separators", 'filename="..\\\\..\\\\Windows\\\\System32\\\\zayavka.docx"'),
        ("path traversal in RFC 2231", "filename*=utf-8''..%2F..%2F..%2Fvar%2Flib%2Fzayavka.docx"),
        ("absolute path file name", 'filename="/var/lib/docflow/archive/zayavka.docx"'),
        ("NUL in an RFC 2047 file name", 'filename="=?UTF-8?Q?zayavka=00.exe.docx?="'),
        ("NUL in an RFC 2231 file name", "filename*=utf-8''zayavka%00.docx"),
        ("control characters and CR LF in the file name", "filename*=utf-8''zay%0D%0Avka%07.docx"),
        ("reserved name CON.docx", 'filename="CON.docx"'),
        ("reserved name NUL", 'filename="NUL"'),
        ("reserved name LPT1.docx", 'filename="LPT1.docx"'),
        ("file name of 5,000 characters", 'filename="' + "з" * 5000 + '.docx"'),
    ]:
        add(case, trusted(mime(school, to, subj, part(docx, header))), "registered, the name made harmless")
    # -- malformed content -----------------------------------------------------------------------
    add("malformed base64 attachment", trusted(mime(school, to, subj, (
        "--=_b1\r\nContent-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\n"
        "Content-Disposition: attachment; filename=\"zayavka.docx\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        "UEsDBBQ!!!@@@###AAAAgAAAAhA===broken===\r\n%%%%\r\n"))), "registered or quarantined with a reason")
    add("truncated DOCX (cut in the middle)", trusted(mime(school, to, subj, part(docx[:len(docx) // 2],
                                                                                  'filename="zayavka.docx"'))),
        "registered, the document unreadable")
    add("multipart without a boundary", trusted((
        f"From: {school}\r\nTo: {to}\r\nSubject: {subj}\r\nMessage-ID: <{uuid.uuid4().hex}@edu.example.ru>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed\r\n\r\n--x\r\nContent-Type: text/plain\r\n\r\nтекст\r\n"
        "--x--\r\n").encode()), "registered or quarantined with a reason")
    add("unknown charset and transfer encoding", trusted(mime(school, to, subj, (
        "--=_b1\r\nContent-Type: text/plain; charset=\"x-unknown-8bit\"\r\nContent-Transfer-Encoding: x-uuencode\r\n"
        "Content-Disposition: attachment; filename=\"z.txt\"\r\n\r\nbegin 644 z.txt\r\n!!!garbage\r\nend\r\n"))),
        "registered or quarantined with a reason")
    add("invalid Date (year 99999, hour 25)", trusted(mime(school, to, subj, d).replace(
        b"Date: Tue, 24 Nov 2026 11:05:00 +0300", b"Date: Tue, 31 Feb 99999 25:61:61 +9999")),
        "registered, date ignored")
    add("broken RFC 2047 in From", trusted(mime(f"=?utf-8?b?0JzQkdCe0KM===?= =?koi8-r?q?=FF=?= <{SCHOOL7}>",
                                                to, subj, d)), "registered")
    add("raw 8-bit and NUL bytes in the subject", trusted(mime(school, to, "Заявка\x00 МИП \udcff".encode(
        "utf-8", "surrogateescape").decode("latin-1"), d).replace(b"\xc3\xbf", b"\xff")),
        "registered, the subject cleaned")
    add("NUL in an RFC 2047 subject", trusted(mime(school, to, "=?UTF-8?Q?=D0=97=D0=B0=D1=8F=D0=B2=D0=BA=D0=B0=00?=",
                                                   d)), "registered, the subject cleaned")
    add("NUL in the sender's display name", trusted(mime(f"=?UTF-8?Q?=D0=A1=D0=9E=D0=A8=00_7?= <{SCHOOL7}>", to,
                                                         subj, d)), "registered, the name cleaned")
    add("raw NUL byte in the Message-ID", trusted(mime(school, to, subj, d, msgid="<a\x00b.77@edu.example.ru>")),
        "registered or quarantined with a reason")
    add("raw NUL byte in References", trusted(mime(school, to, "Re: " + subj, d,
                                                   head="References: <x\x00y@komitet.example.ru>\r\n")),
        "registered")
    add("raw NUL byte in a header name", trusted(mime(school, to, subj, d, head="X-Ev\x00il: 1\r\n")),
        "registered")
    add("header injection in the subject (CR LF Bcc)", trusted(mime(
        school, to, "=?UTF-8?Q?Zayavka=0D=0ABcc:_victim@evil.example.com?=", d)),
        "registered; the acknowledgement's Subject carries no new header")
    add("message/rfc822 with an empty payload", trusted(mime(school, to, subj, (
        "--=_b1\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n\r\n"))),
        "registered or quarantined with a reason")
    add("no From header", trusted(mime(school, to, subj, d).replace(f"From: {school}\r\n".encode(), b"")),
        "quarantined: no sender")
    return cases


def outcome_of(msg_id: int) -> dict:
    from sqlalchemy import select

    from docflow.store.db import unit_of_work
    from docflow.store.models import Attachment, Message, OutboxLetter, Submission
    with unit_of_work() as s:
        m = s.get(Message, msg_id)
        replies = s.execute(select(OutboxLetter.id, OutboxLetter.kind, OutboxLetter.subject, OutboxLetter.status,
                                   OutboxLetter.to_addrs).where(OutboxLetter.message_id == m.id)).all()
        sub = s.scalar(select(Submission).where(Submission.message_id == m.id))
        names = list(s.scalars(select(Attachment.filename).where(Attachment.message_id == m.id)))
        out = {"status": str(m.status), "reason": m.error, "school_id": m.school_id,
               "auth": (m.details or {}).get("auth", {}).get("verdict"),
               "answered": [{"kind": r.kind, "subject": r.subject[:160], "status": r.status, "to": r.to_addrs}
                            for r in replies],
               "reg_number": sub.reg_number if sub else None}
        if names:
            out["files"] = [n[:80] for n in names[:5]] + (["…"] if len(names) > 5 else [])
    return out


def run_hostile(env: Env, bomb_size: int) -> tuple[list[dict], int, dict]:
    from sqlalchemy import select

    from docflow.store.db import unit_of_work
    from docflow.store.models import Mailbox, Message, OutboxLetter, Submission
    tag = env.tag()
    address = f"mip-{tag}@komitet.example.ru"
    settings = env.settings(tag, address)
    strict = env.settings(f"{tag}s", address, trust={"unauthenticated": "quarantine"})
    crashes = 0

    def one(raw: bytes, s=settings, name=tag) -> tuple[int | None, float, str]:
        env.deliver(address, raw)
        t0 = time.perf_counter()
        try:
            poll(s, name, env.imap(address, timeout=60))
        except Exception as exc:
            return None, time.perf_counter() - t0, f"{type(exc).__name__}: {exc}"
        with unit_of_work() as ss:
            box = ss.scalar(select(Mailbox.id).where(Mailbox.name == name))
            mid = ss.scalar(select(Message.id).where(Message.mailbox_id == box).order_by(Message.id.desc()).limit(1))
        return mid, time.perf_counter() - t0, ""

    # context: genuine letters from the lyceum and school 7, acknowledged (their Message-IDs are what
    # a hostile reply refers to)
    ctx = {}
    for key, sender in (("lyceum_ack", LYCEUM), ("school7_ack", SCHOOL7)):
        mid, _, err = one(trusted(school_letter(sender, address, f"{tag}-{key}")))
        with unit_of_work() as ss:
            ctx[key] = ss.scalar(select(OutboxLetter.message_id_header).where(OutboxLetter.message_id == mid))
            if key == "lyceum_ack":
                ctx["lyceum_sub"] = ss.scalar(select(Submission.id).where(Submission.message_id == mid))
    out = []
    for case, raw, expect in hostile_cases(address, ctx, bomb_size):
        s, name = (strict, f"{tag}s") if "unauthenticated: quarantine" in case else (settings, tag)
        if name != tag:  # the strict mailbox reads the same INBOX: keep the keys apart
            s = s.model_copy(update={"mailboxes": [s.mailboxes[0].model_copy(update={"folder": "strict"})]})
            env.dovecot.deliver(address, raw, folder="strict")
            t0 = time.perf_counter()
            try:
                poll(s, name, env.imap(address))
                err = ""
            except Exception as exc:
                err = f"{type(exc).__name__}: {exc}"
            secs = time.perf_counter() - t0
            with unit_of_work() as ss:
                box = ss.scalar(select(Mailbox.id).where(Mailbox.name == name))
                mid = ss.scalar(select(Message.id).where(Message.mailbox_id == box).order_by(Message.id.desc())
                                .limit(1))
        else:
            mid, secs, err = one(raw)
        row = {"case": case, "bytes": len(raw), "expected": expect, "seconds": round(secs, 2)}
        if err or mid is None:
            crashes += 1
            row.update(status="crash", reason=err or "no row stored")
        else:
            row["message_row"] = mid  # its outcome is read after the replies were sent
        out.append(row)
    # what must not have happened to the lyceum's records
    with unit_of_work() as ss:
        lyc = ss.get(Submission, ctx["lyceum_sub"])
        ack = ss.scalar(select(OutboxLetter).where(OutboxLetter.message_id_header == ctx["lyceum_ack"]))
        side = {"lyceum_submission_status": str(lyc.status), "lyceum_ack_status": str(ack.status)}
    # answer: the replies really leave (composed from hostile input) and reach only their addressees
    from docflow.outbox.sender import drain_mailbox
    sent = {}
    for nm in (tag, f"{tag}s"):
        r = drain_mailbox(nm, f"Комитет по образованию <{address}>", env.smtp(), imap=None, limit=1000)
        sent[nm] = {"sent": r.sent, "failed": r.failed, "retry": r.retry}
    side["replies_drained"] = sent
    side["victim_mailbox"] = sum(delivered(env, ["victim@evil.example.com"]).values())
    with unit_of_work() as ss:
        final = dict(ss.execute(select(OutboxLetter.id, OutboxLetter.status).where(
            OutboxLetter.mailbox.in_([tag, f"{tag}s"]))).all())
    side["replies_by_status"] = dict(Counter(final.values()))
    for row in out:
        if "message_row" in row:
            row.update(outcome_of(row.pop("message_row")))
    return out, crashes, side


def number_check() -> dict:
    """Incoming numbers over the whole campaign: one sequence a year, no gap, no number twice."""
    from sqlalchemy import select

    from docflow.store.db import unit_of_work
    from docflow.store.models import Submission
    with unit_of_work() as s:
        rows = s.execute(select(Submission.reg_year, Submission.reg_seq)).all()
    out = {"numbers": len(rows), "gaps": 0, "duplicates": 0}
    for year in {y for y, _ in rows}:
        seqs = sorted(q for y, q in rows if y == year)
        out["duplicates"] += len(seqs) - len(set(seqs))
        out["gaps"] += (max(seqs) - min(seqs) + 1) - len(set(seqs)) + (min(seqs) - 1)
    return out


def judge(row: dict) -> str:
    """Whether a hostile letter got a proper outcome: answered, quarantined with a reason, or filed."""
    st = row.get("status")
    if st == "crash":
        return "crash"
    if st == "quarantined":
        if (row.get("reason") or "").startswith("Ошибка обработки"):
            return "crash"  # the code failed on the letter: rolled back, kept for staff, never answered
        return "ok" if row.get("reason") else "quarantined without a reason"
    if st == "registered":
        return "ok" if any(a["kind"] == "ack" for a in row.get("answered", [])) else "registered, not answered"
    if st in ("reply", "ignored", "duplicate"):
        return "ok"  # filed to its thread / automatic mail: answering would loop
    return f"unexpected status {st}"


# == the campaign ==============================================================================

def plan(quick: bool) -> list[tuple]:
    if quick:
        return [("fetch_cut", 200, 1), ("fetch_cut", 3000, 2), ("append_cut", 300), ("kill", "move", 1),
                ("kill", "move", 2), ("kill", "process", 3), ("poison", 2), ("uidvalidity", 2),
                ("kill_drain", "after_send", 3),
                ("kill_drain", "sent_copy", 1), ("concurrent_drains", 3, 12), ("concurrent_intake", 2),
                ("smtp", "421"), ("smtp", "451"), ("smtp", "535"), ("smtp", "550"), ("smtp", "drop"),
                ("restart", "before move", 0), ("restart", "between batches", 2.0)]
    p: list[tuple] = []
    for after in (1, 60, 200, 700, 1500, 3000, 6000, 9000, 15000, 30000):
        p.append(("fetch_cut", after, 1))
    p += [("fetch_cut", 500, 2), ("fetch_cut", 8000, 3)]
    p += [("append_cut", a) for a in (10, 40, 120, 400, 2000, 8000, 20000, 45000)]
    p += [("kill", "move", k) for k in (1, 2, 3)] * 4
    p += [("kill", "process", k) for k in (1, 2, 3, 4, 5, 6)]
    p += [("poison", b) for b in (1, 2, 50)]
    p += [("uidvalidity", k) for k in (1, 2, 3)]
    p += [("kill_drain", "after_send", n) for n in (1, 2, 3, 4, 5, 6)] * 2
    p += [("kill_drain", "sent_copy", 1)] * 3
    p += [("concurrent_drains", k, 20) for k in (2, 3, 4)] * 4
    p += [("concurrent_intake", k) for k in (2, 3)] * 3
    p += [("smtp", c) for c in ("421", "451", "535", "550")] * 6 + [("smtp", "drop")] * 3
    p += [("restart", m, d) for m in ("before move", "between batches") for d in (0, 0, 2.0, 4.0)]
    return p


def run_trial(env: Env, spec: tuple) -> Trial:
    kind, *a = spec
    fn = {"fetch_cut": trial_fetch_cut, "append_cut": trial_append_cut, "kill": trial_kill_intake,
          "poison": trial_poison, "uidvalidity": trial_uidvalidity,
          "kill_drain": trial_kill_drain, "concurrent_drains": trial_concurrent_drains,
          "concurrent_intake": trial_concurrent_intake, "smtp": trial_smtp, "restart": trial_imap_restart}[kind]
    return fn(env, *a)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="a smaller run (about 20 trials, all hostile letters)")
    ap.add_argument("--db", default=os.environ.get("DOCFLOW_TEST_DATABASE_URL") or DEFAULT_DB)
    ap.add_argument("--only", help="comma-separated trial kinds of the plan (fetch_cut, kill, smtp, …) "
                                   "and/or 'hostile'; default everything")
    a = ap.parse_args()
    import logging
    logging.basicConfig(level=logging.CRITICAL)  # the campaign's own faults would flood the log
    work = Path(tempfile.mkdtemp(prefix="docflow-faults-"))
    t0 = time.perf_counter()
    env = Env(work, a.db)
    trials: list[Trial] = []
    try:
        only = set(a.only.split(",")) if a.only else None
        for spec in plan(a.quick):
            if only is not None and spec[0] not in only:
                continue
            try:
                trials.append(run_trial(env, spec))
            except Exception as exc:
                t = Trial(str(spec[0]), str(spec[1:]))
                t.crash(f"trial itself failed: {type(exc).__name__}: {exc} {traceback.format_exc()[-800:]}")
                trials.append(t)
            print(f"{trials[-1].kind} {trials[-1].variant}: lost {trials[-1].lost} twice {trials[-1].twice} "
                  f"sent twice {trials[-1].sent_twice} crashes {trials[-1].crashes}", file=sys.stderr, flush=True)
        hostile, hostile_crashes, side = ([], 0, {}) if only is not None and "hostile" not in only else \
            run_hostile(env, (1 << 30) if a.quick else (2 << 30))
        numbers = number_check()
    finally:
        env.close()
        shutil.rmtree(work, ignore_errors=True)
    by_kind: dict[str, dict] = {}
    for t in trials:
        k = by_kind.setdefault(t.kind, {"trials": 0, "lost": 0, "registered_twice": 0, "sent_twice": 0, "crashes": 0})
        k["trials"] += 1
        k["lost"] += t.lost
        k["registered_twice"] += t.twice
        k["sent_twice"] += t.sent_twice
        k["crashes"] += t.crashes
    for row in hostile:
        row["verdict"] = judge(row)
    out = {
        "benchmark": "faults", "quick": a.quick,
        "servers": {"imap": "dovecot", "smtp": "devmail", "store": "postgresql"},
        "seconds": round(time.perf_counter() - t0, 1),
        "trials": len(trials),
        "letters_lost": sum(t.lost for t in trials),
        "registered_twice": sum(t.twice for t in trials),
        "letters_sent_twice": sum(t.sent_twice for t in trials),
        "crashes": sum(t.crashes for t in trials) + sum(r["verdict"] == "crash" for r in hostile),
        "hostile_runs_failed": hostile_crashes,
        "sent_twice_documented": sum(t.documented for t in trials),
        "incoming_numbers": numbers,
        "by_kind": by_kind,
        "failures": [{"trial": f"{t.kind} {t.variant}", "problems": t.problems[:8]} for t in trials if t.problems],
        "hostile_letters": len(hostile),
        "hostile_without_outcome": sum(r["verdict"] != "ok" for r in hostile),
        "hostile_side_effects": side,
        "hostile": hostile,
    }
    print(json.dumps(out, ensure_ascii=False, indent=1, default=str))


if __name__ == "__main__":
    main()
