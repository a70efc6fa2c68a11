"""The two DAGs: structure (parsed like the DAG processor does) and a full run of docflow_orders
with dag.test(), the head answering the human-in-the-loop task from another thread exactly as
Airflow's HITL REST endpoint does (response stored on the HITL row, task resumed)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import PROJECT_ROOT
from tests.orders.conftest import make_meeting

DAGS = PROJECT_ROOT / "dags"


@pytest.fixture(scope="module")
def bag():
    from airflow.dag_processing.dagbag import DagBag
    return DagBag(dag_folder=str(DAGS))


def test_dag_files_parse_without_touching_the_store(bag, tmp_path, monkeypatch):
    for name in ("docflow_orders.py", "docflow_distribution.py"):
        errors = {k: v for k, v in bag.import_errors.items() if Path(k).name == name}
        assert not errors, errors
    assert not (tmp_path / "data" / "docflow.db").exists()


def test_orders_dag_structure(bag):
    dag = bag.dags["docflow_orders"]
    assert {t.task_id for t in dag.tasks} == {"draft", "approve", "finalize"}
    assert dag.get_task("approve").upstream_task_ids == {"draft"}
    assert dag.get_task("finalize").upstream_task_ids == {"approve"}
    assert [o.uri for o in dag.get_task("finalize").outlets] == ["docflow://documents/final"]
    assert "docflow://council/decisions" in str(dag.timetable.asset_condition)
    assert dag.default_args["retries"] == 2 and dag.catchup is False and dag.doc_md
    assert dag.get_task("approve").partial_kwargs["options"] == ["Утвердить", "Вернуть на доработку"]


def test_distribution_dag_structure(bag):
    dag = bag.dags["docflow_distribution"]
    assert [t.task_id for t in dag.topological_sort()] == ["queue", "send"]
    assert "docflow://documents/final" in str(dag.timetable.asset_condition)
    assert dag.timetable.timetable.expression == "*/15 * * * *"  # the safety net
    assert dag.max_active_runs == 1


def _respond(dag_id: str, chosen: list[str], params_input: dict, *, timeout: float = 90) -> list[dict]:
    """Answer every HITL task of the run once it waits: what PATCH …/hitlDetails does."""
    from airflow.models.hitl import HITLDetail
    from airflow.models.taskinstance import TaskInstance
    from airflow.models.trigger import handle_event_submit
    from airflow.sdk import timezone
    from airflow.triggers.base import TriggerEvent
    from airflow.utils.session import create_session
    from airflow.utils.state import TaskInstanceState

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with create_session() as session:
            tis = session.scalars(select(TaskInstance).where(
                TaskInstance.dag_id == dag_id, TaskInstance.task_id == "approve",
                TaskInstance.state == TaskInstanceState.AWAITING_INPUT)).all()
            seen = []
            for ti in tis:
                detail = session.scalar(select(HITLDetail).where(HITLDetail.ti_id == ti.id))
                if detail is None or detail.response_received:
                    continue
                seen.append({"subject": detail.subject, "body": detail.body, "map_index": ti.map_index})
                detail.responded_by = {"id": "1", "name": "voroncova"}
                detail.responded_at = timezone.utcnow()
                detail.chosen_options = chosen
                detail.params_input = params_input
                handle_event_submit(TriggerEvent(detail.as_resume_event_payload()), task_instance=ti,
                                    session=session)
            if seen:
                return seen
        time.sleep(0.3)
    with create_session() as session:  # end the run, so dag.test() returns and the test fails
        for ti in session.scalars(select(TaskInstance).where(TaskInstance.dag_id == dag_id)):
            if ti.state not in (TaskInstanceState.SUCCESS, TaskInstanceState.FAILED, TaskInstanceState.SKIPPED):
                ti.state = TaskInstanceState.FAILED
    raise TimeoutError("the approval task never waited for input")


def _run_with_head(meeting_id: int, chosen: list[str], comment: str = ""):
    from airflow.dag_processing.dagbag import DagBag
    from airflow.models import import_all_models
    from airflow.models.hitl import HITLDetail  # noqa: F401 - imported here, not in the thread
    from airflow.models.trigger import handle_event_submit  # noqa: F401
    from airflow.providers.standard.operators import trigger_dagrun  # noqa: F401 - imported by serialisation
    from sqlalchemy.orm import configure_mappers

    # Import and configure every Airflow model in this thread first: a first import racing between
    # the responder thread and dag.test() deadlocks on the import lock and SQLAlchemy's mapper lock.
    import_all_models()
    configure_mappers()
    dag = DagBag(dag_folder=str(DAGS / "docflow_orders.py")).dags["docflow_orders"]
    answers: list = []
    t = threading.Thread(target=lambda: answers.extend(_respond("docflow_orders", chosen, {"comment": comment})),
                         daemon=True)
    t.start()
    dr = dag.test(run_conf={"meeting_id": meeting_id})
    t.join(5)
    return dr, answers


def test_orders_run_waits_for_the_head_then_finalizes(airflow_db, demo_schools):
    from docflow.store.db import unit_of_work
    from docflow.store.models import Document
    m = make_meeting(applications=("sch-07",), reports_ok=(), reports_returned=(), rejected=())
    dr, answers = _run_with_head(m.meeting_id, ["Утвердить"], "Согласовано")
    assert str(dr.state) == "success"
    assert len(answers) == 1
    assert answers[0]["subject"].startswith("Утверждение проекта приказа «О присвоении статуса")
    assert "МБОУ «СОШ № 7»" in answers[0]["body"] and "-order_site_status.docx" in answers[0]["body"]
    with unit_of_work() as s:
        doc = s.scalar(select(Document))
        assert (doc.status, doc.number, doc.approved_by) == ("final", "1", "airflow:voroncova")
        assert [e.event for e in doc.events] == ["drafted", "approved", "numbered"]
        assert doc.events[1].note == "Согласовано"


def test_orders_run_returned_by_the_head(airflow_db, demo_schools):
    from docflow.store.db import unit_of_work
    from docflow.store.models import Document
    m = make_meeting(applications=("lyc-01",), reports_ok=(), reports_returned=(), rejected=())
    dr, answers = _run_with_head(m.meeting_id, ["Вернуть на доработку"], "Исправить направление")
    assert str(dr.state) == "success" and len(answers) == 1
    with unit_of_work() as s:
        doc = s.scalar(select(Document))
        assert (doc.status, doc.number) == ("returned", None)
        assert doc.events[-1].note == "Исправить направление"
