"""The specialist's trigger form: a real dag.test() run of docflow_submission_override."""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import select

from docflow.store.db import unit_of_work
from docflow.store.models import AuditEntry, School, Submission, SubmissionEvent
from tests.conftest import PROJECT_ROOT

RUN = """
import json, sys
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder="dags")
run = bag.dags["docflow_submission_override"].test(run_conf=json.loads(sys.argv[1]))
print("STATE", run.state)
"""


def run_form(conf: str) -> str:
    out = subprocess.run([sys.executable, "-c", RUN, conf], cwd=PROJECT_ROOT, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}, timeout=300)
    return out.stdout + out.stderr


def test_a_scan_is_marked_complete_through_the_trigger_form(demo_schools, airflow_db):
    with unit_of_work() as s:
        school = s.scalar(select(School).where(School.code == "sch-07"))
        s.add(Submission(reg_number="Вх-2026-00042", reg_year=2026, reg_seq=42, school_id=school.id,
                         kind="application", status="needs_review", academic_year="2026/2027"))
    log = run_form('{"reg_number": "Вх-2026-00042", "decision": "complete", '
                   '"reason": "Скан заявки проверен, подписи на месте"}')
    assert "STATE success" in log, log[-3000:]
    with unit_of_work() as s:
        sub = s.scalar(select(Submission))
        assert sub.status == "complete"
        event = s.scalars(select(SubmissionEvent).order_by(SubmissionEvent.id.desc())).first()
        assert "Скан заявки проверен" in event.cause and event.actor
        assert s.scalar(select(AuditEntry.action)) == "submission.override"
    failed = run_form('{"reg_number": "Вх-2026-99999", "decision": "incomplete", "reason": "нет такого документа"}')
    assert "STATE failed" in failed and "не найден в журнале входящих" in failed
