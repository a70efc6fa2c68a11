"""The timetables through Airflow's own DAG serializer, registered by a real plugin.

Runs in a subprocess with its own AIRFLOW_HOME and plugins folder, so the plugin manager's
caches and configuration of this test process are left alone.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PLUGIN = """
from airflow.plugins_manager import AirflowPlugin

from docflow.airflow.timetables import TIMETABLES


class DocflowTimetablesTestPlugin(AirflowPlugin):
    name = "docflow_timetables_test"
    timetables = TIMETABLES
"""

SCRIPT = """
import json
import sys

import pendulum
from airflow.sdk import DAG
from airflow.serialization.serialized_objects import DagSerialization

from docflow.airflow.timetables import AcademicYearTimetable, CouncilMeetingTimetable

MSK = "Europe/Moscow"
rule = {"weekday": "tuesday", "nth": 2, "months": [9, 10, 11, 12, 1, 2, 3, 4, 5, 6]}
cycle = {"name": "annual_report", "call": "05-04", "deadline": "06-15", "reminders": [14, 3]}
out = {}
for dag_id, timetable in [
    ("council", CouncilMeetingTimetable(rule, tz=MSK)),
    ("reporting", AcademicYearTimetable(cycle, tz=MSK)),
]:
    start = pendulum.datetime(2024, 9, 1, tz=MSK)
    with DAG(dag_id, schedule=timetable, start_date=start, catchup=True) as dag:
        pass
    blob = json.dumps(DagSerialization.to_dict(dag))
    restored = DagSerialization.from_dict(json.loads(blob))
    runs = restored.iter_dagrun_infos_between(
        pendulum.datetime(2024, 9, 1, tz=MSK), pendulum.datetime(2026, 8, 31, tz=MSK)
    )
    first = restored.next_dagrun_info(last_automated_run_info=None)
    out[dag_id] = {
        "encoded": json.loads(blob)["dag"]["timetable"],
        "equal": restored.timetable == timetable,
        "type": type(restored.timetable).__qualname__,
        "summary": restored.timetable.summary,
        "runs": [i.run_after.in_timezone(MSK).isoformat() for i in runs],
        "first": first.run_after.in_timezone(MSK).isoformat(),
    }
with open(sys.argv[1], "w", encoding="utf-8") as f:
    json.dump(out, f, ensure_ascii=False)
"""


@pytest.fixture(scope="module")
def airflow_result(tmp_path_factory):
    home = tmp_path_factory.mktemp("airflow_home")
    (home / "plugins").mkdir()
    (home / "plugins" / "docflow_timetables_test.py").write_text(textwrap.dedent(PLUGIN))
    (home / "dags").mkdir()
    env = {
        **os.environ,
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(home / "plugins"),
        "AIRFLOW__CORE__DAGS_FOLDER": str(home / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(home / "result.json")],
        env=env,
        cwd=home,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads((home / "result.json").read_text(encoding="utf-8"))


def test_council_timetable_survives_dag_serialization(airflow_result):
    r = airflow_result["council"]
    assert r["encoded"] == {
        "__type": "docflow.airflow.timetables.CouncilMeetingTimetable",
        "__var": {
            "rule": {"weekday": "tuesday", "nth": 2, "months": [9, 10, 11, 12, 1, 2, 3, 4, 5, 6]},
            "tz": "Europe/Moscow",
            "at": "10:00",
        },
    }
    assert r["equal"] is True
    assert r["type"] == "CouncilMeetingTimetable"
    assert r["summary"] == "ММС: 2-й вторник месяца (сен–июн), 10:00"


def test_council_runs_from_the_deserialized_dag(airflow_result):
    r = airflow_result["council"]
    assert r["first"] == "2024-09-10T10:00:00+03:00"
    assert [run[:10] for run in r["runs"]] == [
        "2024-09-10", "2024-10-08", "2024-11-12", "2024-12-10",
        "2025-01-14", "2025-02-11", "2025-03-11", "2025-04-08", "2025-05-13", "2025-06-10",
        "2025-09-09", "2025-10-14", "2025-11-11", "2025-12-09",
        "2026-01-13", "2026-02-10", "2026-03-10", "2026-04-14", "2026-05-12", "2026-06-09",
    ]  # fmt: skip


def test_reporting_runs_from_the_deserialized_dag(airflow_result):
    r = airflow_result["reporting"]
    assert r["equal"] is True
    assert r["encoded"]["__type"] == "docflow.airflow.timetables.AcademicYearTimetable"
    assert r["first"] == "2025-05-05T09:00:00+03:00"
    assert [run[:10] for run in r["runs"]] == [
        "2025-05-05", "2025-05-23", "2025-06-09", "2025-06-16", "2025-06-17",
        "2026-05-04", "2026-05-25", "2026-06-09", "2026-06-15", "2026-06-16",
    ]  # fmt: skip
