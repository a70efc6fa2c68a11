"""Demo hook: a council meeting with the demo applications on its agenda, its forms waiting.

``prepare_demo_meeting()`` is what the demo launcher calls once Airflow runs and the demo
applications are registered and complete. By default it triggers a run of ``docflow_council``
for a meeting today (or on the last working day, so the results can be entered at once):
``airflow dags unpause`` + ``airflow dags trigger --conf '{"meeting_date": …}'``, the same CLI
the launcher already uses. The run draws up the agenda and the secretary's agenda form waits
under Browse → Required actions. After the secretary answers both forms, the protocol and the
extracts exist (``docflow council show``, the staff registers).

With ``trigger=False`` only the meeting and its agenda are created in the store (no Airflow).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

DAG_ID = "docflow_council"


def demo_meeting_date(today: dt.date | None = None) -> dt.date:
    """Today, or the last working day before it: a meeting whose results can be entered at once."""
    from docflow.calendar.workdays import previous_working_day
    from docflow.council.steps import today as local_today
    return previous_working_day(today or local_today())


def prepare_demo_meeting(meeting_date: dt.date | str | None = None, *, trigger: bool = True,
                         env: dict[str, str] | None = None) -> dict[str, Any]:
    """Trigger the council DAG for a demo meeting (or, without Airflow, prepare it in the store).

    Returns ``{"meeting_date", "triggered", "run_id"?, "meeting_id"?, "items"?}``.
    """
    day = dt.date.fromisoformat(str(meeting_date)) if meeting_date else demo_meeting_date()
    if not trigger:
        from docflow.council import steps
        info = steps.prepare(day, day.isoformat(), run_id="demo", now=day)
        return {"meeting_date": day.isoformat(), "triggered": False, **(info or {})}
    airflow = str(Path(sys.executable).parent / "airflow")
    run_env = {**os.environ, **(env or {})}
    subprocess.run([airflow, "dags", "unpause", DAG_ID], env=run_env, check=True, capture_output=True, timeout=120)
    run_id = f"demo__{day.isoformat()}"
    proc = subprocess.run([airflow, "dags", "trigger", DAG_ID, "--run-id", run_id,
                           "--conf", json.dumps({"meeting_date": day.isoformat()})],
                          env=run_env, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0 and "already exists" not in (proc.stderr + proc.stdout):
        raise RuntimeError(f"Не удалось запустить {DAG_ID}: {proc.stderr.strip() or proc.stdout.strip()}")
    return {"meeting_date": day.isoformat(), "triggered": True, "run_id": run_id}
