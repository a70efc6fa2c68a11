"""The two DAGs: they parse with no service reachable, and a real run (dag.test) does a day's work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from docflow.config import get_settings
from docflow.reporting.obligations import ensure_obligations
from docflow.store.db import unit_of_work

ROOT = Path(__file__).resolve().parents[2]

PARSE = """
import json, time
from airflow.dag_processing.dagbag import DagBag
t = time.perf_counter()
bag = DagBag(dag_folder="dags")
out = {"errors": {k: v[-300:] for k, v in bag.import_errors.items()}, "dags": {}}
for dag_id in ("docflow_reporting_cycle", "docflow_execution_control"):
    d = bag.dags.get(dag_id)
    if d is None:
        continue
    tt = d.timetable
    info = {"timetable": type(tt).__name__, "tasks": sorted(t.task_id for t in d.tasks), "tags": sorted(d.tags),
            "doc": bool(d.doc_md), "params": sorted(d.params.keys()), "catchup": d.catchup}
    if hasattr(tt, "dates_from"):
        import datetime as dt
        info["dates"] = [x.isoformat() for x in tt._dates_between(dt.date(2026, 9, 1), dt.date(2027, 8, 31))]
    out["dags"][dag_id] = info
print(json.dumps(out))
"""

PLUGIN = """
from airflow.plugins_manager import AirflowPlugin

from docflow.airflow.timetables import TIMETABLES


class DocflowReportingTestPlugin(AirflowPlugin):
    name = "docflow_reporting_test"
    timetables = TIMETABLES
"""

RUN = """
import sys
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder="dags")
for dag_id in sys.argv[2:]:
    run = bag.dags[dag_id].test(run_conf={"today": sys.argv[1]})
    print("STATE", dag_id, run.state)
"""


def _env(**extra) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **extra}
    return env


def test_dags_parse_with_the_academic_year_timetable(tmp_path):
    res = subprocess.run([sys.executable, "-c", PARSE], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env=_env(DOCFLOW_DATABASE_URL="postgresql://nowhere.invalid/x"))
    assert res.returncode == 0, res.stderr[-2000:]
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert out["errors"] == {}
    cycle, control = out["dags"]["docflow_reporting_cycle"], out["dags"]["docflow_execution_control"]
    assert cycle["timetable"] == "AcademicYearTimetable"
    assert cycle["dates"] == ["2027-04-15", "2027-05-25", "2027-06-09", "2027-06-15", "2027-06-16", "2027-06-30"]
    assert cycle["tasks"] == ["cycle", "send", "today"]
    assert control["tasks"] == ["control", "quarantine", "send", "today"]
    assert cycle["params"] == control["params"] == ["today"]
    assert cycle["doc"] and control["doc"] and not cycle["catchup"]


def test_reporting_cycle_run_sends_the_call(committee, airflow_db, tmp_path):
    if os.environ["DOCFLOW_DATABASE_URL"].startswith("postgresql"):
        pytest.skip("the store's backends are covered by the year test; this one is about Airflow")
    c = committee
    plugins = tmp_path / "plugins"  # the project's plugin file is not ours; register the timetables here
    plugins.mkdir()
    (plugins / "docflow_reporting_test_plugin.py").write_text(PLUGIN, encoding="utf-8")
    c.site("sch-07")
    c.site("lyc-01")
    official = c.server.new_address("mip")
    settings_file = Path(os.environ["DOCFLOW_SETTINGS"])
    settings_file.write_text(settings_file.read_text(encoding="utf-8").replace(
        "address: mip@komitet.example.ru", f"address: {official}"), encoding="utf-8")
    conn = {"conn_type": "smtp", "host": c.server.host, "port": c.server.smtp_port, "login": official,
            "password": c.server.password, "extra": {"security": "plain"}}
    imap = {**conn, "conn_type": "imap", "port": c.server.imap_port}
    env = _env(AIRFLOW_CONN_DOCFLOW_SMTP=json.dumps(conn), AIRFLOW_CONN_DOCFLOW_IMAP=json.dumps(imap),
               AIRFLOW__CORE__PLUGINS_FOLDER=str(plugins))
    with unit_of_work() as s:
        ensure_obligations(s, get_settings(), "2026/2027")
    dags = ("docflow_reporting_cycle", "docflow_execution_control")
    res = subprocess.run([sys.executable, "-c", RUN, "2027-04-15", *dags], cwd=ROOT, capture_output=True,
                         text=True, timeout=300, env=env)
    for dag_id in dags:
        assert f"STATE {dag_id} success" in res.stdout, (res.stdout + res.stderr)[-3000:]
    for code in ("sch-07", "lyc-01"):
        subjects = [m["Subject"] for m in c.inbox(c.address[code])]
        assert subjects == ["О представлении отчётов муниципальных инновационных площадок за 2026/2027 учебный год"]
    assert c.inbox(c.address["sch-12"]) == []
    sent = [m["Subject"] for m in c.inbox_folder(official, "Sent")]
    assert len(sent) == 2
