"""The council CLI as staff run it (a real process) and the demo hook without Airflow."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from docflow.council.demo import demo_meeting_date, prepare_demo_meeting
from docflow.store.db import unit_of_work
from docflow.store.models import Meeting


def docflow(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docflow.cli", *args], capture_output=True, text=True,
                          env=dict(os.environ), timeout=60)


def test_cli_prepare_meetings_show(waiting):
    out = docflow("council", "prepare", "--date", "2026-11-10", "--json")
    assert out.returncode == 0, out.stderr
    info = json.loads(out.stdout)
    assert info["items"] == 5 and info["kind"] == "regular"
    rows = json.loads(docflow("council", "meetings", "--json").stdout)
    assert rows == [{"id": info["meeting_id"], "дата": "2026-11-10", "вид": "regular", "статус": "scheduled",
                     "протокол": "", "вопросов": 5}]
    shown = json.loads(docflow("council", "show", str(info["meeting_id"]), "--json").stdout)
    assert shown[0]["вопрос"].startswith("Утверждение состава")
    bad = docflow("council", "prepare", "--date", "10.11.2026")
    assert bad.returncode == 1 and "ГГГГ-ММ-ДД" in bad.stderr


def test_demo_meeting_without_airflow(waiting):
    import datetime as dt
    assert demo_meeting_date(dt.date(2026, 12, 30)) == dt.date(2026, 12, 30)
    assert demo_meeting_date(dt.date(2027, 1, 5)) == dt.date(2026, 12, 30)  # New Year holidays, 31.12 off
    info = prepare_demo_meeting("2026-11-20", trigger=False)
    assert info["triggered"] is False and info["kind"] == "extraordinary" and info["items"] == 5
    with unit_of_work() as s:
        m = s.get(Meeting, info["meeting_id"])
        assert [i.submission_id for i in m.items[1:3]] == [waiting["app07"], waiting["app12"]]


def test_demo_hook_triggers_the_council_dag(airflow_db, waiting):
    """The launcher's call: the DAG is unpaused and a run with the meeting date is queued."""
    from pathlib import Path

    from airflow.dag_processing.bundles.manager import DagBundlesManager
    from airflow.dag_processing.dagbag import BundleDagBag, sync_bag_to_db
    from airflow.models.dag import DagModel
    from airflow.models.dagrun import DagRun
    from airflow.utils.session import create_session

    DagBundlesManager().sync_bundles_to_db()
    dags = Path(__file__).resolve().parents[2] / "dags"
    bag = BundleDagBag(dag_folder=str(dags / "docflow_council.py"), bundle_path=str(dags), bundle_name="dags-folder")
    sync_bag_to_db(bag, "dags-folder", None)
    info = prepare_demo_meeting("2026-11-20")
    assert info == {"meeting_date": "2026-11-20", "triggered": True, "run_id": "demo__2026-11-20"}
    assert prepare_demo_meeting("2026-11-20")["triggered"]  # a second call is harmless
    with create_session() as session:
        run = session.query(DagRun).filter_by(dag_id="docflow_council", run_id="demo__2026-11-20").one()
        assert run.conf == {"meeting_date": "2026-11-20"}
        assert session.get(DagModel, "docflow_council").is_paused is False
