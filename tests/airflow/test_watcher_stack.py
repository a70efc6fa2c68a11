"""A letter appended to the committee's Dovecot mailbox starts docflow_intake through the
AssetWatcher, long before its poll schedule (an hour here) would: scheduler, triggerer, DAG
processor and api-server run as subprocesses (tests.airflow.stack), and the run is checked to be
asset-triggered by an event the triggerer made (``from_trigger``), answered with an
acknowledgement in the school's INBOX."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from tests.airflow.stack import DAG_ID, PG_URL, IntakeStack
from tests.celery.stack import LDA, port_open

pytestmark = [pytest.mark.slow, pytest.mark.dovecot, pytest.mark.postgres]

SCHOOL = "school7@edu.example.ru"  # registered in the demo registry


def _letter(to: str, msgid: str) -> bytes:
    return (f"From: =?utf-8?b?0JzQkdCe0KMgwqvQodCe0Kgg4oSWIDfCuw==?= <{SCHOOL}>\r\n"
            f"To: {to}\r\n"
            "Subject: =?utf-8?b?0JfQsNGP0LLQutCwINC90LAg0YPRh9Cw0YHRgtC40LUg0LIg0LrQvtC90LrRg9GA0YHQtQ==?=\r\n"
            "Date: Tue, 01 Dec 2026 11:05:00 +0300\r\n"
            f"Message-ID: <{msgid}>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n\r\n"
            "Добрый день! Направляем заявку на участие в конкурсе.\r\n"
            "С уважением, директор МБОУ «СОШ № 7» Н. П. Орлова\r\n").encode()


def _acknowledged(dovecot, msgid: str) -> bool:
    from imapclient import IMAPClient
    with IMAPClient(dovecot.host, port=dovecot.imap_port, ssl=False, timeout=10) as c:
        c.login(SCHOOL, dovecot.password)
        c.select_folder("INBOX", readonly=True)
        return bool(c.search(["HEADER", "In-Reply-To", msgid]))


@pytest.fixture
def stack(dovecot, tmp_path, request):
    if not port_open(PG_URL, 5432):
        pytest.skip(f"needs PostgreSQL for Airflow's metadata (DOCFLOW_TEST_DATABASE_URL, {PG_URL})")
    if not Path(LDA).exists():
        pytest.skip("needs dovecot-lda to deliver the acknowledgement into Dovecot")
    st = IntakeStack(tmp_path / "stack", dovecot, poll_minutes=60)
    try:
        st.start()
        yield st
    finally:
        st.stop()
        print(st.dump())  # shown by pytest only when the test fails
        shutil.rmtree(tmp_path / "stack" / "data", ignore_errors=True)


def test_letter_in_dovecot_triggers_intake_through_the_watcher(stack, dovecot):
    stack.watching()
    # the poll schedule's own first run (at unpause) is not what this test is about: let it end
    deadline = time.monotonic() + 180
    while any(r["state"] in ("queued", "running") for r in stack.api.runs(DAG_ID)):
        assert time.monotonic() < deadline, "the first scheduled run did not end"
        time.sleep(2)
    before = {r["dag_run_id"] for r in stack.api.runs(DAG_ID)}

    msgid = f"{time.time_ns()}.school7@edu.example.ru"
    t0 = time.monotonic()
    dovecot.deliver(stack.official, _letter(stack.official, msgid))
    run = None
    while run is None:
        assert time.monotonic() - t0 < 90, f"no run within 90 s of the letter: {stack.api.runs(DAG_ID)}"
        new = [r for r in stack.api.runs(DAG_ID) if r["dag_run_id"] not in before]
        run = new[0] if new else None
        time.sleep(1)
    started_after = time.monotonic() - t0
    assert run["run_type"] == "asset_triggered", run
    events = stack.upstream_events(run["dag_run_id"])
    assert events and all(e["extra"].get("from_trigger") for e in events), events
    assert events[0]["uri"] == "docflow://mail/incoming"
    assert events[0]["extra"]["payload"]["mailbox"] == "official"

    while not _acknowledged(dovecot, msgid):
        assert time.monotonic() - t0 < 180, "no acknowledgement in the school's INBOX"
        time.sleep(1)
    print({"run_created_s": round(started_after, 1), "acknowledged_s": round(time.monotonic() - t0, 1)})
