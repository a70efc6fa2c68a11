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
    assert demo_meeting_date(dt.date(2026, 12, 30)) == dt.date(2027, 1, 11)  # after the New Year holidays
    info = prepare_demo_meeting("2026-11-20", trigger=False)
    assert info["triggered"] is False and info["kind"] == "extraordinary" and info["items"] == 5
    with unit_of_work() as s:
        m = s.get(Meeting, info["meeting_id"])
        assert [i.submission_id for i in m.items[1:3]] == [waiting["app07"], waiting["app12"]]
