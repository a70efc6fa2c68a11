"""Registers page in the database: at 20 000 submissions a page reads one LIMITed slice, not the table."""

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import event, insert, select

from docflow.store.db import session_factory, unit_of_work
from docflow.store.models import Deadline, School, Submission

N = 20_000


def _seed(n: int) -> None:
    with unit_of_work() as s:
        schools = s.scalars(select(School.id)).all()
        t0 = datetime(2026, 1, 1, tzinfo=UTC)
        s.execute(insert(Submission), [
            {"reg_number": f"ВХ-2026/{i:05d}", "reg_year": 2026, "reg_seq": i, "school_id": schools[i % len(schools)],
             "kind": "interim_report" if i % 3 else "application", "status": "complete" if i % 2 else "registered",
             "registered_at": t0 + timedelta(minutes=i), "academic_year": "2025/2026"} for i in range(1, n + 1)])
        s.execute(insert(Deadline), [
            {"text": f"Пункт {i}", "due_on": (t0 + timedelta(days=i % 400)).date(), "responsible_kind": "school",
             "school_id": schools[i % len(schools)], "status": "open"} for i in range(1, n + 1)])


class SQLLog:
    def __init__(self):
        self.statements: list[str] = []
        self.engine = session_factory().kw["bind"]

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._log)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._log)

    def _log(self, conn, cursor, statement, params, context, executemany):
        self.statements.append(" ".join(statement.split()))


def _reads_of(table: str, statements: list[str]) -> list[str]:
    return [st for st in statements if st.startswith("SELECT") and re.search(rf"\bFROM {table}\b", st)]


def test_incoming_page_at_twenty_thousand_rows_is_one_limited_query(demo_schools, client_for):
    _seed(N)
    c = client_for("viewer")
    with SQLLog() as log:
        r = c.get("/incoming", params={"page": 7, "sort": "-reg_number", "status": "complete"})
    assert r.status_code == 200
    assert r.text.count('<a href="/incoming/') == 50  # one page, not the table
    assert f"Записи 301–350 из {N // 2}" in r.text
    assert "ВХ-2026/19399" in r.text  # 10000 odd numbers descending: the 301st is 19399
    reads = _reads_of("submissions", log.statements)
    paged = [st for st in reads if "LIMIT" in st]
    counted = [st for st in reads if "count(*)" in st]
    assert len(paged) == 1 and "ORDER BY submissions.reg_number DESC" in paged[0] and "OFFSET" in paged[0]
    assert len(reads) == len(paged) + len(counted)  # nothing else reads the whole table
    assert len(log.statements) < 20  # no query per row


def test_deadlines_page_at_twenty_thousand_rows_is_limited_too(demo_schools, client_for):
    _seed(N)
    with SQLLog() as log:
        r = client_for("viewer").get("/deadlines", params={"page": 3})
    assert r.status_code == 200
    assert r.text.count('<a href="/deadlines/') == 50
    reads = _reads_of("deadlines", log.statements)
    assert [st for st in reads if "LIMIT" in st] and all("LIMIT" in st or "count(*)" in st for st in reads)
