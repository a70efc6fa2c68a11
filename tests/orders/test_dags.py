"""The two DAGs: structure (parsed like the DAG processor does) and full runs of docflow_orders
with dag.test(); the head answers the human-in-the-loop task from another thread through Airflow's
own REST API (PATCH …/hitlDetails on the core FastAPI app, a JWT of a Simple auth manager user)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.conftest import PROJECT_ROOT
from tests.orders.conftest import make_meeting

DAGS = PROJECT_ROOT / "dags"
DAG_ID = "docflow_orders"


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
    assert {t.task_id for t in dag.tasks} == {"draft", "approve", "summary"}
    assert dag.get_task("approve").upstream_task_ids == {"draft"}
    assert dag.get_task("summary").upstream_task_ids == {"approve"}
    # each approval task announces its own final document
    assert [o.uri for o in dag.get_task("approve").partial_kwargs["outlets"]] == ["docflow://documents/final"]
    assert "docflow://council/decisions" in str(dag.timetable.asset_condition)
    assert dag.default_args["retries"] == 2 and dag.catchup is False and dag.doc_md
    assert dag.get_task("approve").partial_kwargs["options"] == ["Утвердить", "Вернуть на доработку"]


def test_distribution_dag_structure(bag):
    dag = bag.dags["docflow_distribution"]
    assert [t.task_id for t in dag.topological_sort()] == ["queue", "send"]
    assert "docflow://documents/final" in str(dag.timetable.asset_condition)
    assert dag.timetable.timetable.expression == "*/15 * * * *"  # the safety net
    assert dag.max_active_runs == 1


@pytest.fixture
def api(airflow_db):
    """Airflow's own REST API (the route the UI's Required actions page uses), as user «voroncova»."""
    from airflow.api_fastapi.app import create_app, get_auth_manager
    from airflow.api_fastapi.auth.managers.simple.user import SimpleAuthManagerUser
    from fastapi.testclient import TestClient

    app = create_app("core")
    token = get_auth_manager().generate_jwt(SimpleAuthManagerUser(username="voroncova", role="admin"))
    with TestClient(app, base_url="http://testserver/api/v2", headers={"Authorization": f"Bearer {token}"}) as c:
        yield c


class Head(threading.Thread):
    """Waits for the approval tasks of the run and answers each through PATCH …/hitlDetails."""

    def __init__(self, api, option: str, comment: str, timeout: float = 90):
        super().__init__(daemon=True)
        self.api, self.option, self.comment, self.timeout = api, option, comment, timeout
        self.seen: list[dict] = []
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            deadline = time.monotonic() + self.timeout
            while time.monotonic() < deadline and not self.seen:
                r = self.api.get("/dags/~/dagRuns/~/hitlDetails", params={"dag_id_pattern": DAG_ID})
                for d in r.json().get("hitl_details", []) if r.status_code == 200 else []:
                    ti = d["task_instance"]
                    if ti["task_id"] != "approve" or d["response_received"] or ti["state"] != "awaiting_input":
                        continue
                    self.seen.append(d)
                    r = self.api.patch(
                        f"/dags/{DAG_ID}/dagRuns/{ti['dag_run_id']}/taskInstances/approve/{ti['map_index']}"
                        "/hitlDetails", json={"chosen_options": [self.option],
                                              "params_input": {"comment": self.comment}})
                    assert r.status_code == 200, r.text
                time.sleep(0.3)
            if not self.seen:
                raise TimeoutError("the approval task never waited for input")
        except BaseException as exc:  # reported by the test; end the run so dag.test() returns
            self.error = exc
            for run in self.api.get(f"/dags/{DAG_ID}/dagRuns").json().get("dag_runs", []):
                self.api.patch(f"/dags/{DAG_ID}/dagRuns/{run['dag_run_id']}", json={"state": "failed"})


def _run_with_head(api, meeting_id: int, option: str, comment: str = ""):
    from airflow.dag_processing.dagbag import DagBag
    from airflow.models import import_all_models
    from sqlalchemy.orm import configure_mappers

    # Import and configure every Airflow model in this thread first: a first import racing between
    # the answering thread and dag.test() deadlocks on the import lock and SQLAlchemy's mapper lock.
    import_all_models()
    configure_mappers()
    dag = DagBag(dag_folder=str(DAGS / "docflow_orders.py")).dags[DAG_ID]
    head = Head(api, option, comment)
    head.start()
    dr = dag.test(run_conf={"meeting_id": meeting_id})
    head.join(10)
    assert head.error is None, head.error
    return dr, [{"subject": d["subject"], "body": d["body"], "options": d["options"]} for d in head.seen]


def _only_document_id() -> int:
    from docflow.store.db import unit_of_work
    from docflow.store.models import Document
    with unit_of_work() as s:
        return s.scalar(select(Document.id))


def test_orders_run_waits_for_the_head_then_finalizes(api, demo_schools):
    from docflow.store.db import unit_of_work
    from docflow.store.models import Document
    m = make_meeting(applications=("sch-07",), reports_ok=(), reports_returned=(), rejected=())
    dr, answers = _run_with_head(api, m.meeting_id, "Утвердить", "Согласовано")
    assert str(dr.state) == "success"
    assert len(answers) == 1
    assert answers[0]["subject"].startswith("Утверждение проекта приказа «О присвоении статуса")
    doc_id = _only_document_id()
    assert "МБОУ «СОШ № 7»" in answers[0]["body"]
    assert f"[DOCX](/docflow/documents/{doc_id}/docx)" in answers[0]["body"]
    assert "/data/" not in answers[0]["body"] and "file://" not in answers[0]["body"]  # no server path
    assert answers[0]["options"] == ["Утвердить", "Вернуть на доработку"]
    with unit_of_work() as s:
        doc = s.scalar(select(Document))
        assert (doc.status, doc.number, doc.approved_by) == ("final", "1", "airflow:voroncova")
        assert [e.event for e in doc.events] == ["drafted", "approved", "numbered", "pdf_failed"]
        assert doc.events[1].note == "Согласовано"


def test_orders_run_returned_by_the_head(api, demo_schools):
    from docflow.store.db import unit_of_work
    from docflow.store.models import Document
    m = make_meeting(applications=("lyc-01",), reports_ok=(), reports_returned=(), rejected=())
    dr, answers = _run_with_head(api, m.meeting_id, "Вернуть на доработку", "Исправить направление")
    assert str(dr.state) == "success" and len(answers) == 1
    with unit_of_work() as s:
        doc = s.scalar(select(Document))
        assert (doc.status, doc.number) == ("returned", None)
        assert doc.events[-1].note == "Исправить направление"


class Steps(threading.Thread):
    """The head's answers one by one: (map_index, option, comment, check before answering)."""

    def __init__(self, api, steps, timeout: float = 120):
        super().__init__(daemon=True)
        self.api, self.steps, self.timeout = api, steps, timeout
        self.seen: list[dict] = []
        self.error: BaseException | None = None

    def _form(self, map_index: int, deadline: float) -> dict:
        while time.monotonic() < deadline:
            r = self.api.get("/dags/~/dagRuns/~/hitlDetails", params={"dag_id_pattern": DAG_ID})
            for d in r.json().get("hitl_details", []) if r.status_code == 200 else []:
                ti = d["task_instance"]
                if (ti["task_id"], ti["map_index"]) == ("approve", map_index) and not d["response_received"] \
                        and ti["state"] == "awaiting_input":
                    return d
            time.sleep(0.3)
        raise TimeoutError(f"approve[{map_index}] never waited for input")

    def run(self) -> None:
        try:
            deadline = time.monotonic() + self.timeout
            for map_index, option, comment, check in self.steps:
                d = self._form(map_index, deadline)
                self.seen.append(d)
                if check:
                    check(d)
                ti = d["task_instance"]
                r = self.api.patch(f"/dags/{DAG_ID}/dagRuns/{ti['dag_run_id']}/taskInstances/approve/{map_index}"
                                   "/hitlDetails",
                                   json={"chosen_options": [option], "params_input": {"comment": comment}})
                assert r.status_code == 200, r.text
        except BaseException as exc:
            self.error = exc
            for run in self.api.get(f"/dags/{DAG_ID}/dagRuns").json().get("dag_runs", []):
                self.api.patch(f"/dags/{DAG_ID}/dagRuns/{run['dag_run_id']}", json={"state": "failed"})


def _statuses() -> dict[str, str]:
    from docflow.store.db import unit_of_work
    from docflow.store.models import Document
    with unit_of_work() as s:
        return {d.register: d.status for d in s.scalars(select(Document))}


def test_each_draft_is_final_on_its_own_approval_comment_only_to_return(api, demo_schools):
    from airflow.dag_processing.dagbag import DagBag
    from airflow.models import import_all_models
    from sqlalchemy.orm import configure_mappers
    m = make_meeting(applications=("sch-07",), reports_ok=("sch-12",), reports_returned=(), rejected=())
    import_all_models()
    configure_mappers()
    dag = DagBag(dag_folder=str(DAGS / "docflow_orders.py")).dags[DAG_ID]

    def order_final_directive_waiting(_form):
        deadline = time.monotonic() + 60
        while _statuses()["order"] != "final" and time.monotonic() < deadline:
            time.sleep(0.3)  # the answered task resumes in dag.test()'s thread
        assert _statuses() == {"order": "final", "directive": "draft"}

    def asked_again(form):
        assert form["task_instance"]["try_number"] == 2  # the refused answer's retry asks again
        assert "«Вернуть на доработку» — только с комментарием: укажите, что исправить." in form["body"]
        assert _statuses()["directive"] == "draft"

    head = Steps(api, [(0, "Утвердить", None, None),  # no comment needed to approve
                       (1, "Вернуть на доработку", None, order_final_directive_waiting),  # refused
                       (1, "Вернуть на доработку", "Уточнить сроки", asked_again)])
    head.start()
    dr = dag.test(run_conf={"meeting_id": m.meeting_id})
    head.join(10)
    assert head.error is None, head.error
    assert str(dr.state) == "success"
    assert _statuses() == {"order": "final", "directive": "returned"}
    comment = head.seen[0]["params"]["comment"]
    assert comment["schema"]["type"] == ["null", "string"]  # optional: «Утвердить» is not disabled


def test_only_the_assigned_head_may_answer(api, demo_schools, monkeypatch):
    from airflow.api_fastapi.app import get_auth_manager
    from airflow.api_fastapi.auth.managers.simple.user import SimpleAuthManagerUser
    from airflow.dag_processing.dagbag import DagBag
    from airflow.models import import_all_models
    from sqlalchemy.orm import configure_mappers
    monkeypatch.setenv("DOCFLOW_HEAD_LOGINS", "voroncova")
    m = make_meeting(applications=("sch-07",), reports_ok=(), reports_returned=(), rejected=())
    import_all_models()
    configure_mappers()
    dag = DagBag(dag_folder=str(DAGS / "docflow_orders.py")).dags[DAG_ID]
    secretary = "Bearer " + get_auth_manager().generate_jwt(SimpleAuthManagerUser(username="mironova", role="admin"))

    def secretary_is_refused(form):
        assert form["assigned_users"] == [{"id": "voroncova", "name": "voroncova"}]
        ti = form["task_instance"]
        r = api.patch(f"/dags/{DAG_ID}/dagRuns/{ti['dag_run_id']}/taskInstances/approve/0/hitlDetails",
                      json={"chosen_options": ["Утвердить"], "params_input": {"comment": None}},
                      headers={"Authorization": secretary})
        assert r.status_code == 403, r.text

    head = Steps(api, [(0, "Утвердить", "", secretary_is_refused)])
    head.start()
    dr = dag.test(run_conf={"meeting_id": m.meeting_id})
    head.join(10)
    assert head.error is None, head.error
    assert str(dr.state) == "success" and _statuses() == {"order": "final"}
