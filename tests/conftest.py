"""Shared fixtures: an isolated data folder, the settings, and the store on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# Airflow reads its configuration when first imported: point it at a throwaway home now, so no
# test ever touches a real Airflow installation.
_AIRFLOW_HOME = Path(tempfile.mkdtemp(prefix="docflow-airflow-"))
os.environ.update({
    "AIRFLOW_HOME": str(_AIRFLOW_HOME),
    "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT_ROOT / "dags"),
    "AIRFLOW__CORE__PLUGINS_FOLDER": str(PROJECT_ROOT / "plugins"),
    "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
    "AIRFLOW__CORE__UNIT_TEST_MODE": "True",
    # one key for every Airflow process of the session: trigger kwargs (the mail watcher's) are stored encrypted
    "AIRFLOW__CORE__FERNET_KEY": "3QnQiHwCJ3wFp61tjv1DeDwINxIHkyALvfJSs7pkqsY=",
    "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{_AIRFLOW_HOME / 'airflow.db'}",
})
EXAMPLE_SETTINGS = PROJECT_ROOT / "include" / "config" / "committee.example.yaml"
DEMO_SCHOOLS = PROJECT_ROOT / "include" / "config" / "schools.demo.csv"


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder; the example settings unless it says otherwise."""
    data = tmp_path / "data"
    monkeypatch.setenv("DOCFLOW_DATA_DIR", str(data))
    monkeypatch.setenv("DOCFLOW_SETTINGS", str(EXAMPLE_SETTINGS))
    monkeypatch.delenv("DOCFLOW_DATABASE_URL", raising=False)
    return data


def _pg_schema_url(base: str) -> Iterator[str]:
    """A throwaway schema in the given PostgreSQL database, dropped afterwards."""
    from sqlalchemy import create_engine, text
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


_BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("DOCFLOW_TEST_DATABASE_URL") else [])


@pytest.fixture(params=_BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: SQLite always, PostgreSQL too when DOCFLOW_TEST_DATABASE_URL is set."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
    else:
        yield from _pg_schema_url(os.environ["DOCFLOW_TEST_DATABASE_URL"])


@pytest.fixture
def pg_url() -> Iterator[str]:
    if not os.environ.get("DOCFLOW_TEST_DATABASE_URL"):
        pytest.skip("PostgreSQL tests need DOCFLOW_TEST_DATABASE_URL")
    yield from _pg_schema_url(os.environ["DOCFLOW_TEST_DATABASE_URL"])


@pytest.fixture
def store(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A migrated store that docflow code uses by default (DOCFLOW_DATABASE_URL)."""
    from docflow.store import migrate
    migrate.upgrade(db_url)
    monkeypatch.setenv("DOCFLOW_DATABASE_URL", db_url)
    return db_url


@pytest.fixture
def sqlite_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A migrated SQLite store, for tests whose subject is not the database."""
    from docflow.store import migrate
    url = f"sqlite:///{tmp_path / 'store.db'}"
    migrate.upgrade(url)
    monkeypatch.setenv("DOCFLOW_DATABASE_URL", url)
    return url


@pytest.fixture
def demo_schools(store: str) -> str:
    from docflow.schools import import_registry
    from docflow.store.db import unit_of_work
    with unit_of_work() as s:
        report = import_registry(s, DEMO_SCHOOLS)
    assert not report.errors
    return store


@pytest.fixture(scope="session")
def airflow_db() -> Path:
    """Airflow's metadata DB (SQLite in a temp home), migrated once per test session."""
    if not (_AIRFLOW_HOME / ".migrated").exists():
        subprocess.run([str(Path(sys.executable).parent / "airflow"), "db", "migrate"], check=True,
                       capture_output=True, env=os.environ.copy(), timeout=300)
        (_AIRFLOW_HOME / ".migrated").touch()
    return _AIRFLOW_HOME
