"""Engine, sessions and the unit of work for the business store (not Airflow's metadata DB)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from docflow.config import data_dir


def database_url() -> str:
    return os.environ.get("DOCFLOW_DATABASE_URL") or f"sqlite:///{data_dir() / 'docflow.db'}"


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite"):
        from sqlalchemy.engine import make_url
        db_file = make_url(url).database
        if db_file and db_file != ":memory:":
            Path(db_file).parent.mkdir(parents=True, exist_ok=True)
        # The driver's own transaction handling breaks savepoints; take it over (SQLAlchemy's
        # documented recipe) and begin IMMEDIATE so concurrent writers queue on busy_timeout
        # instead of failing when a read transaction tries to upgrade to a write.
        engine = create_engine(url, connect_args={"timeout": 30, "isolation_level": None})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        return engine
    return create_engine(url, pool_pre_ping=True)


@lru_cache(maxsize=8)
def _factory(url: str) -> sessionmaker[Session]:
    return sessionmaker(make_engine(url), expire_on_commit=False)


def session_factory(url: str | None = None) -> sessionmaker[Session]:
    return _factory(url or database_url())


@contextmanager
def unit_of_work(url: str | None = None) -> Iterator[Session]:
    """A transaction that commits only when the block ends normally; otherwise it rolls back."""
    session = session_factory(url)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
