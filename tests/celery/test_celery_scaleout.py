"""docflow's DAGs on the CeleryExecutor: two workers, PostgreSQL, Redis, Dovecot — exactly once.

Stack (all on this machine, no Docker): a fresh PostgreSQL database for Airflow's metadata (and
Celery's result backend) and another for docflow's store, created per run and dropped after; Redis
as the broker (a queue of the run's own, so runs sharing the db never meet); Dovecot holding every mailbox;
``airflow api-server`` (the execution API the workers report to, and the REST API the test
triggers runs with), ``scheduler``, ``dag-processor``, ``triggerer`` (docflow_intake's mail-arrival
watcher) and two ``airflow celery worker`` processes (concurrency 2 each); their logs are kept in
the test's tmp folder and printed when it fails.

Mail: Dovecot here speaks IMAP only. Outgoing mail goes, as in a real committee, to an SMTP
server (the ``docflow_smtp`` connection) that hands each recipient to ``dovecot-lda`` — what
Postfix's ``mailbox_command`` does — so acknowledgements and verdicts land in the INBOX of the
school's own Dovecot user, where the test counts them over IMAP. The schools' letters arrive the
same way, addressed to the committee's mailbox (``docflow_imap``).

300 letters from the demo schools' registered addresses, each with a DOCX in the school's own
layout, arrive over about a minute while runs of docflow_intake, docflow_validation and
docflow_distribution (each drains the outbox) are triggered again and again; then the
invariants of ``tests.celery.check`` must hold. Each school sends ~50 letters, so most supersede
the school's previous one of the same kind before validation reaches it: every letter is
acknowledged, every submission validation judged has exactly one verdict (24–38 in a run), a
superseded one at most one.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.celery import letters
from tests.celery.check import check
from tests.celery.stack import LDA, Api, Databases, LdaRelay, Processes, airflow_environment, port_open
from tests.conftest import DEMO_SCHOOLS
from tests.intake.conftest import settings_for

pytestmark = [pytest.mark.celery, pytest.mark.slow, pytest.mark.dovecot, pytest.mark.postgres]

LETTERS = int(os.environ.get("DOCFLOW_CELERY_LETTERS", "300"))
DAGS = ("docflow_intake", "docflow_validation", "docflow_distribution")
PG_URL = os.environ.get("DOCFLOW_TEST_DATABASE_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("DOCFLOW_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


@pytest.fixture
def backends(dovecot):
    """Fresh databases and a broker queue of this run; skipped (before touching either) when absent."""
    if not port_open(PG_URL, 5432):
        pytest.skip(f"the Celery test needs PostgreSQL (DOCFLOW_TEST_DATABASE_URL, {PG_URL.rsplit('@', 1)[-1]})")
    if not port_open(REDIS_URL, 6379):
        pytest.skip(f"the Celery test needs Redis as the broker (DOCFLOW_TEST_REDIS_URL, {REDIS_URL})")
    if not Path(LDA).exists():
        pytest.skip("the Celery test needs dovecot-lda to deliver outgoing mail into Dovecot")
    import redis
    dbs = Databases(PG_URL)
    dbs.queue = f"docflow-test-{uuid.uuid4().hex[:10]}"  # runs sharing the Redis db never meet
    yield dbs
    dbs.drop_all()
    broker = redis.Redis.from_url(REDIS_URL)
    broker.delete(dbs.queue)
    broker.close()


def _settings(tmp: Path, official: str) -> Path:
    # 50 letters per school within minutes: the per-address acknowledgement limit is for loops,
    # not for this; a small batch keeps several intake runs busy while letters keep arriving.
    return settings_for(official, tmp, **{"max_per_address: 10": "max_per_address: 1000",
                                          "batch_size: 50": "batch_size: 25"})


def _environment(tmp: Path, *, af_db: str, store_db: str, settings: Path, imap_port: int, smtp_port: int,
                 official: str, api_port: int, queue: str) -> dict[str, str]:
    return airflow_environment(tmp, af_db=af_db, store_db=store_db, settings=settings, imap_port=imap_port,
                               smtp_port=smtp_port, official=official, api_port=api_port, executor={
        "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
        "AIRFLOW__CELERY__BROKER_URL": REDIS_URL,
        # SQLAlchemy 2.1 reads a bare postgresql:// as psycopg 3: the result backend keeps +psycopg2
        "AIRFLOW__CELERY__RESULT_BACKEND": "db+" + af_db,
        "AIRFLOW__CELERY__WORKER_CONCURRENCY": "2",
        "AIRFLOW__OPERATORS__DEFAULT_QUEUE": queue,  # tasks and workers (``-q`` defaults to it)
    })


def _own_registry(tmp_path) -> Path:
    """The demo registry with addresses of this run's own («school7.1a2b3c@…»): the session's Dovecot is
    shared with tests running at the same time that write to the demo schools' real addresses."""
    import re
    import uuid

    token = uuid.uuid4().hex[:6]
    text = DEMO_SCHOOLS.read_text(encoding="utf-8")
    path = tmp_path / "schools.csv"
    path.write_text(re.sub(r"([A-Za-z0-9._+-]+)@", lambda m: f"{m.group(1)}.{token}@", text), encoding="utf-8")
    return path


def _send_letters(smtp_port: int, official: str, done: threading.Event, errors: list, seconds: float,
                  registry: Path) -> None:
    try:
        letters.send(to=official, count=LETTERS, host="127.0.0.1", port=smtp_port, seconds=seconds,
                     csv_path=registry)
    except Exception as exc:  # reported by the test
        errors.append(exc)
    finally:
        done.set()


def _task_durations(af_db: str) -> dict:
    """Mean and max seconds per task (from Airflow's metadata): the per-run cost docs/scaling.md uses."""
    from sqlalchemy import create_engine, text
    eng = create_engine(af_db)
    try:
        with eng.connect() as c:
            rows = c.execute(text("SELECT dag_id, task_id, count(*), avg(duration), max(duration) FROM task_instance "
                                  "WHERE state = 'success' GROUP BY dag_id, task_id ORDER BY 1, 2")).all()
    finally:
        eng.dispose()
    return {f"{d.removeprefix('docflow_')}.{t}": [n, round(float(a or 0), 2), round(float(m or 0), 2)]
            for d, t, n, a, m in rows}


def _idle(api: Api) -> bool:
    return all(r["state"] in ("success", "failed") for d in DAGS for r in api.runs(d))


def test_dags_on_two_celery_workers_register_and_answer_each_letter_once(
        dovecot, backends, tmp_path, monkeypatch, request):
    from docflow.schools import import_registry
    from docflow.store import migrate
    from docflow.store.db import unit_of_work
    from docflow.store.models import Message, OutboxLetter, Submission
    from tests.mailservers import free_port

    t0 = time.monotonic()
    official = dovecot.new_address("mip")
    settings = _settings(tmp_path, official)
    af_db, store_db = backends.create("docflow_af"), backends.create("docflow_store")
    migrate.upgrade(store_db)
    monkeypatch.setenv("DOCFLOW_DATABASE_URL", store_db)
    monkeypatch.setenv("DOCFLOW_SETTINGS", str(settings))
    registry = _own_registry(tmp_path)
    with unit_of_work() as s:
        assert not import_registry(s, registry).errors
    relay = LdaRelay(dovecot.conf).start()
    api_port = free_port()
    env = _environment(tmp_path, af_db=af_db, store_db=store_db, settings=settings, imap_port=dovecot.imap_port,
                       smtp_port=relay.port, official=official, api_port=api_port, queue=backends.queue)
    procs = Processes(tmp_path / "logs", env)
    failed = True
    try:
        procs.run("db", "migrate")
        timings = {"setup_s": round(time.monotonic() - t0, 1)}
        procs.start("api-server", "api-server", "--port", str(api_port), "--workers", "1")
        procs.start("dag-processor", "dag-processor")
        procs.start("scheduler", "scheduler")
        procs.start("triggerer", "triggerer")  # mail arrival (IMAP IDLE) starts intake runs too
        for i in (1, 2):
            procs.start(f"worker{i}", "celery", "worker", "--concurrency", "2", "--celery-hostname",
                        f"docflow{i}@%h", "--skip-serve-logs", "--pid", str(tmp_path / f"worker{i}.pid"),
                        "--without-mingle", "--without-gossip")
        api = Api(f"http://127.0.0.1:{api_port}")
        api.login()
        for dag_id in DAGS:
            api.wait_dag(dag_id)
            api.unpause(dag_id)
        timings["stack_up_s"] = round(time.monotonic() - t0, 1)

        done, errors = threading.Event(), []
        sender = threading.Thread(target=_send_letters, args=(relay.port, official, done, errors, 60.0, registry),
                                  daemon=True)
        sender.start()
        triggered = dict.fromkeys(DAGS, 0)
        deadline = time.monotonic() + 540
        overlapped = False
        while time.monotonic() < deadline:
            assert not procs.dead(), f"stopped: {procs.dead()}"
            runs = {d: api.runs(d) for d in DAGS}
            active = {d for d, rs in runs.items() if any(r["state"] in ("queued", "running") for r in rs)}
            overlapped |= len(active) >= 2
            if done.is_set():
                with unit_of_work() as s:
                    stored = s.scalar(select(func.count()).select_from(Message))
                    pending = s.scalar(select(func.count()).select_from(Submission)
                                       .where(Submission.status.in_(("registered", "resubmitted"))))
                    unsent = s.scalar(select(func.count()).select_from(OutboxLetter)
                                      .where(OutboxLetter.status != "sent"))
                if stored >= LETTERS and not pending and not unsent and not active:
                    break
            for d in DAGS:
                if d not in active:  # max_active_runs=1: a new run as soon as the last one ends
                    api.trigger(d)
                    triggered[d] += 1
            time.sleep(3)
        timings["converged_s"] = round(time.monotonic() - t0, 1)
        settle = time.monotonic() + 120  # runs the scheduler or the mail watcher started meanwhile end
        while not _idle(api) and time.monotonic() < settle:
            time.sleep(2)
        assert not errors, f"letters could not be sent in: {errors}"
        failed_runs = {d: [r["dag_run_id"] for r in api.runs(d) if r["state"] == "failed"] for d in DAGS}
        per_worker = {i: (tmp_path / "logs" / f"worker{i}.log").read_text(errors="replace").count(" succeeded in ")
                      for i in (1, 2)}

        durations = _task_durations(af_db)
        report = check(store_db, {"host": dovecot.host, "port": dovecot.imap_port, "password": dovecot.password},
                       expect=LETTERS)
        print({"timings": timings, "triggered": triggered, "tasks_per_worker": per_worker, "task_seconds": durations,
               **{k: v for k, v in report.items() if k != "mailboxes"}})
        assert report["problems"] == []
        assert _idle(api), "runs still queued or running two minutes after the letters were settled"
        assert not any(failed_runs.values()), f"failed runs: {failed_runs}"
        assert overlapped, "intake, validation and distribution runs never overlapped"
        assert all(n >= 3 for n in triggered.values()), triggered
        assert all(per_worker.values()), f"a worker ran no task: {per_worker}"
        failed = False
    finally:
        procs.stop()
        relay.stop()
        if failed or request.config.getoption("verbose") > 1:
            print(procs.dump())
        shutil.rmtree(tmp_path / "data", ignore_errors=True)
