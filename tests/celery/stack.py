"""The scale-out stack on this machine: fresh PostgreSQL databases, a Redis db, an SMTP relay into
Dovecot, and Airflow's components (api-server, scheduler, dag-processor, two Celery workers) as
subprocesses with their logs in one folder."""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import requests

from tests.conftest import PROJECT_ROOT

BIN = Path(sys.executable).parent
LDA = "/usr/lib/dovecot/dovecot-lda"


def port_open(url: str, default_port: int) -> bool:
    u = urlsplit(url)
    try:
        with socket.create_connection((u.hostname or "127.0.0.1", u.port or default_port), timeout=1):
            return True
    except OSError:
        return False


class Databases:
    """Uniquely named databases on the server of ``base`` (a psycopg2 URL), dropped at close."""

    def __init__(self, base: str) -> None:
        self.base = base.replace("postgresql+psycopg2://", "postgresql://")
        self.names: list[str] = []
        self.queue = ""

    def _admin(self):
        import psycopg2
        conn = psycopg2.connect(self.base)
        conn.autocommit = True
        return conn

    def create(self, prefix: str) -> str:
        name = f"{prefix}_{uuid.uuid4().hex[:10]}"
        conn = self._admin()  # not ``with conn``: that opens a transaction, CREATE DATABASE refuses one
        try:
            with conn.cursor() as cur:
                cur.execute(f'CREATE DATABASE "{name}"')
        finally:
            conn.close()
        self.names.append(name)
        u = urlsplit(self.base)
        return f"postgresql+psycopg2://{u.netloc}/{name}"

    def drop_all(self) -> None:
        conn = self._admin()
        try:
            with conn.cursor() as cur:
                for name in self.names:
                    cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            conn.close()


class LdaRelay:
    """The committee's MTA in miniature: SMTP in, each recipient delivered by dovecot-lda (as
    Postfix's ``mailbox_command`` does) into that user's Dovecot INBOX."""

    def __init__(self, dovecot_conf: Path) -> None:
        self.conf = dovecot_conf
        self.delivered = 0
        self.controller = None
        self.port = 0

    async def handle_DATA(self, server, session, envelope):
        for rcpt in envelope.rcpt_tos:
            r = subprocess.run([LDA, "-c", str(self.conf), "-d", rcpt.lower(), "-f", envelope.mail_from or ""],
                               input=envelope.original_content, capture_output=True, timeout=30)
            if r.returncode:
                return f"451 4.3.0 dovecot-lda failed for {rcpt}: {r.stderr.decode(errors='replace')[:200]}"
            self.delivered += 1
        return "250 2.0.0 delivered"

    def start(self) -> LdaRelay:
        from aiosmtpd.controller import Controller

        from tests.mailservers import free_port
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()


class Processes:
    """Subprocesses in their own process groups, each logging to ``logs/<name>.log``."""

    def __init__(self, logs: Path, env: dict[str, str]) -> None:
        self.logs, self.env = logs, env
        logs.mkdir(parents=True, exist_ok=True)
        self.procs: dict[str, subprocess.Popen] = {}

    def start(self, name: str, *args: str) -> None:
        with open(self.logs / f"{name}.log", "ab") as log:
            self.procs[name] = subprocess.Popen([str(BIN / "airflow"), *args], env=self.env, stdout=log,
                                                stderr=subprocess.STDOUT, start_new_session=True,
                                                cwd=self.logs)

    def run(self, *args: str, timeout: float = 300) -> None:
        r = subprocess.run([str(BIN / "airflow"), *args], env=self.env, capture_output=True, text=True,
                           timeout=timeout)
        if r.returncode:
            raise RuntimeError(f"airflow {' '.join(args)} failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")

    def dead(self) -> list[str]:
        return [n for n, p in self.procs.items() if p.poll() is not None]

    def stop(self) -> None:
        for p in self.procs.values():
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + 30
        for p in self.procs.values():
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()

    def dump(self, tail: int = 6000) -> str:
        out = []
        for f in sorted(self.logs.rglob("*.log")):
            text = f.read_text(errors="replace")
            out.append(f"===== {f.relative_to(self.logs)} ({len(text)} chars) =====\n{text[-tail:]}")
        return "\n".join(out)


class Api:
    """Airflow's REST API (v2) with a token from the simple auth manager."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.s = requests.Session()
        self.s.trust_env = False

    def login(self, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                r = self.s.get(f"{self.base}/auth/token", timeout=5)
                if r.status_code == 201:
                    self.s.headers["Authorization"] = f"Bearer {r.json()['access_token']}"
                    return
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError("api-server did not answer /auth/token")
            time.sleep(1)

    def wait_dag(self, dag_id: str, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while self.s.get(f"{self.base}/api/v2/dags/{dag_id}", timeout=10).status_code != 200:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{dag_id} was not parsed")
            time.sleep(1)

    def unpause(self, dag_id: str) -> None:
        self.s.patch(f"{self.base}/api/v2/dags/{dag_id}", json={"is_paused": False},
                     timeout=10).raise_for_status()

    def trigger(self, dag_id: str) -> str:
        r = self.s.post(f"{self.base}/api/v2/dags/{dag_id}/dagRuns", json={"logical_date": None}, timeout=10)
        r.raise_for_status()
        return r.json()["dag_run_id"]

    def runs(self, dag_id: str) -> list[dict]:
        r = self.s.get(f"{self.base}/api/v2/dags/{dag_id}/dagRuns", params={"limit": 100}, timeout=10)
        r.raise_for_status()
        return r.json()["dag_runs"]



def connection(conn_type: str, port: int, login: str = "", password: str = "", **extra) -> str:
    return json.dumps({"conn_type": conn_type, "host": "127.0.0.1", "port": port, "login": login,
                       "password": password, "extra": extra})


def airflow_environment(tmp: Path, *, af_db: str, store_db: str, settings: Path, imap_port: int, smtp_port: int,
                        official: str, api_port: int, executor: dict[str, str]) -> dict[str, str]:
    """The environment of every Airflow process of a test stack; ``executor``: its executor's settings."""
    home = tmp / "airflow"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "DOCFLOW_"))}
    bin_dir = Path(os.sys.executable).parent
    env.update({
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT_ROOT / "dags"),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(PROJECT_ROOT / "plugins"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "True",
        "AIRFLOW__CORE__DEFAULT_TIMEZONE": "Europe/Moscow",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "True",
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{api_port}/execution/",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": af_db,
        "AIRFLOW__API__PORT": str(api_port),
        "AIRFLOW__API__WORKERS": "1",
        "AIRFLOW__API__BASE_URL": f"http://127.0.0.1:{api_port}",
        "AIRFLOW__API__SECRET_KEY": secrets.token_hex(16),
        "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_hex(32),
        "AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK": "False",
        "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "2",
        "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "600",
        "AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL": "600",
        "AIRFLOW__DAG_PROCESSOR__PARSING_PROCESSES": "1",
        "AIRFLOW__LOGGING__LOGGING_LEVEL": "INFO",
        "AIRFLOW_CONN_DOCFLOW_IMAP": connection("imap", imap_port, official, "demo", security="plain"),
        "AIRFLOW_CONN_DOCFLOW_SMTP": connection("smtp", smtp_port, security="plain", from_email=official,
                                                disable_tls=True, disable_ssl=True),
        "DOCFLOW_DATABASE_URL": store_db,
        "DOCFLOW_SETTINGS": str(settings),
        "DOCFLOW_DATA_DIR": str(tmp / "data"),
        "GX_ANALYTICS_ENABLED": "False",
        "NO_PROXY": "*",
        "no_proxy": "*",
    })
    env.update(executor)
    return env
