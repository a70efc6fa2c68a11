"""docflow_intake on a real Airflow: api-server, scheduler (LocalExecutor), DAG processor and,
unless told otherwise, the triggerer, as subprocesses against fresh PostgreSQL databases and
Dovecot; outgoing mail through an SMTP relay into Dovecot (``dovecot-lda``), so acknowledgements
land in the school's own INBOX. Used by tests/airflow/test_watcher_stack.py and bench/latency.py;
the building blocks are tests.celery.stack's."""

from __future__ import annotations

import os
import time
from pathlib import Path

from tests.celery.stack import Api, Databases, LdaRelay, Processes, airflow_environment
from tests.conftest import DEMO_SCHOOLS
from tests.intake.conftest import settings_for

PG_URL = os.environ.get("DOCFLOW_TEST_DATABASE_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/test")
DAG_ID = "docflow_intake"


def environment(tmp: Path, *, af_db: str, store_db: str, settings: Path, imap_port: int, smtp_port: int,
                official: str, api_port: int) -> dict[str, str]:
    return airflow_environment(tmp, af_db=af_db, store_db=store_db, settings=settings, imap_port=imap_port,
                               smtp_port=smtp_port, official=official, api_port=api_port,
                               executor={"AIRFLOW__CORE__EXECUTOR": "LocalExecutor", "AIRFLOW__CORE__PARALLELISM": "4"})


class IntakeStack:
    """Start with ``start()``, stop with ``stop()`` (also on failure); ``api`` is the REST client."""

    def __init__(self, tmp: Path, dovecot, *, poll_minutes: int, triggerer: bool = True) -> None:
        self.tmp, self.dovecot, self.poll_minutes, self.triggerer = tmp, dovecot, poll_minutes, triggerer
        self.official = dovecot.new_address("mip")
        self.dbs = Databases(PG_URL)
        self.relay: LdaRelay | None = None
        self.procs: Processes | None = None
        self.api: Api | None = None

    def start(self) -> IntakeStack:
        from docflow.schools import import_registry
        from docflow.store import migrate
        from docflow.store.db import unit_of_work
        from tests.mailservers import free_port

        self.tmp.mkdir(parents=True, exist_ok=True)
        settings = settings_for(self.official, self.tmp, **{
            "poll_minutes: 5": f"poll_minutes: {self.poll_minutes}",
            "max_per_address: 10": "max_per_address: 1000"})
        af_db, self.store_db = self.dbs.create("docflow_af"), self.dbs.create("docflow_store")
        migrate.upgrade(self.store_db)
        saved = {k: os.environ.get(k) for k in ("DOCFLOW_DATABASE_URL", "DOCFLOW_SETTINGS")}
        os.environ.update(DOCFLOW_DATABASE_URL=self.store_db, DOCFLOW_SETTINGS=str(settings))
        try:
            with unit_of_work() as s:
                assert not import_registry(s, DEMO_SCHOOLS).errors
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        self.relay = LdaRelay(self.dovecot.conf).start()
        api_port = free_port()
        env = environment(self.tmp, af_db=af_db, store_db=self.store_db, settings=settings,
                          imap_port=self.dovecot.imap_port, smtp_port=self.relay.port, official=self.official,
                          api_port=api_port)
        self.procs = Processes(self.tmp / "logs", env)
        self.procs.run("db", "migrate")
        self.procs.start("api-server", "api-server", "--port", str(api_port), "--workers", "1")
        self.procs.start("dag-processor", "dag-processor")
        self.procs.start("scheduler", "scheduler")
        if self.triggerer:
            self.procs.start("triggerer", "triggerer")
        self.api = Api(f"http://127.0.0.1:{api_port}")
        self.api.login()
        self.api.wait_dag(DAG_ID)
        self.api.unpause(DAG_ID)
        # Airflow registers an asset's watchers only for an unpaused DAG, at its next parse: ask now
        token = self.api.s.get(f"{self.api.base}/api/v2/dags/{DAG_ID}/details", timeout=10).json()["file_token"]
        self.api.s.put(f"{self.api.base}/api/v2/parseDagFile/{token}", timeout=10).raise_for_status()
        return self

    def watching(self, timeout: float = 120) -> None:
        """Wait until the triggerer holds IDLE on the official mailbox (its log says so)."""
        log = self.tmp / "logs" / "triggerer.log"
        deadline = time.monotonic() + timeout
        while "connected, idle mode" not in (log.read_text(errors="replace") if log.exists() else ""):
            assert not self.procs.dead(), f"stopped: {self.procs.dead()}"
            if time.monotonic() > deadline:
                raise TimeoutError("the triggerer never connected to the official mailbox")
            time.sleep(1)

    def upstream_events(self, run_id: str) -> list[dict]:
        r = self.api.s.get(f"{self.api.base}/api/v2/dags/{DAG_ID}/dagRuns/{run_id}/upstreamAssetEvents",
                           timeout=10)
        r.raise_for_status()
        return r.json()["asset_events"]

    def stop(self) -> None:
        if self.procs is not None:
            self.procs.stop()
        if self.relay is not None:
            self.relay.stop()
        self.dbs.drop_all()

    def dump(self) -> str:
        return self.procs.dump() if self.procs is not None else ""
