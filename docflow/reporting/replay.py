"""Replay a stretch of the calendar with a controlled clock: the demo and the year-long test.

    replay(settings, start, end, *, smtp=None, on_day=None, echo=print) -> list[DayReport]

For each working day (or every day) in [start, end]: ``on_day(day)`` (the test injects the
schools' submissions there), then the reporting cycle and execution control for that day in one
transaction, then the outbox is drained through ``smtp`` (the dev mail server in the demo). Runs
in-process, not through the Airflow scheduler; a compact log line per day goes to ``echo``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from docflow.calendar.workdays import is_working_day
from docflow.config import Settings
from docflow.reporting.cycle import DayReport, cycle_day
from docflow.store.db import unit_of_work

SIMULATION = "simulation"


def simulation_store() -> Path:
    """Copy the store into ``<data>/simulation/`` and point this process at the copy.

    A replay writes future-dated records (incoming numbers, sites, obligations, letters); they go
    to the copy, never to the real registers. ``rm -r data/simulation`` removes it. SQLite only:
    with PostgreSQL the replay is refused rather than run against the real database.
    """
    import os
    import sqlite3

    from docflow.config import data_dir
    from docflow.store.db import database_url
    url = database_url()
    if not url.startswith("sqlite:///"):
        raise RuntimeError("Прокрутка календаря выполняется только на копии хранилища SQLite; для PostgreSQL "
                           "укажите отдельную базу в DOCFLOW_DATABASE_URL")
    src = Path(url.removeprefix("sqlite:///"))
    folder = data_dir() / SIMULATION
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / "docflow-replay.db"
    dest.unlink(missing_ok=True)
    with sqlite3.connect(src) as a, sqlite3.connect(dest) as b:
        a.backup(b)  # a consistent copy even while the demo writes
    os.environ["DOCFLOW_DATABASE_URL"] = f"sqlite:///{dest}"
    return dest


def days(start: dt.date, end: dt.date, *, working_only: bool = True) -> list[dt.date]:
    out, d = [], start
    while d <= end:
        if not working_only or is_working_day(d):
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def replay(settings: Settings, start: dt.date, end: dt.date, *, smtp=None, on_day: Callable | None = None,
           echo: Callable[[str], None] | None = print, working_only: bool = True,
           verbose: bool = False) -> list[DayReport]:
    from docflow.outbox import drain_all

    reports = []
    for day in days(start, end, working_only=working_only):
        if on_day is not None:
            on_day(day)
        with unit_of_work() as session:
            report = cycle_day(session, settings, day)
        if smtp is not None and report.letters:
            sent = drain_all(settings, smtp_for=lambda _m: smtp, imap_for=lambda _m: None)
            if sent["failed"] or sent["retry"]:
                report.events.append(f"не отправлено: {sent['failed'] + sent['retry']}")
        reports.append(report)
        if echo is not None and (verbose or not report.quiet):
            echo(report.line())
    return reports
