"""The council DAG end to end with ``dag.test()``; the secretary answers through Airflow's REST API.

``dag.test()`` runs in this thread and parks each form in AWAITING_INPUT; a second thread plays
the secretary: it reads the form from ``GET …/hitlDetails`` and answers with ``PATCH …/hitlDetails``
on Airflow's own FastAPI app (the route the UI's Required actions page uses), authenticated
with a JWT of a Simple auth manager user. One answer is wrong on purpose: the form must come
back (as the next attempt, ``results_form_2``) with the refusal on top and the previous answer
pre-filled.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from docflow.documents.docx_text import docx_to_text
from docflow.store import archive
from docflow.store.db import unit_of_work
from docflow.store.models import Document, Meeting, OutboxLetter, Submission

ROOT = Path(__file__).resolve().parents[2]
DAG_ID = "docflow_council"


@pytest.fixture
def api(airflow_db):
    from airflow.api_fastapi.app import create_app
    from airflow.api_fastapi.auth.managers.simple.user import SimpleAuthManagerUser
    from fastapi.testclient import TestClient

    app = create_app("core")
    from airflow.api_fastapi.app import get_auth_manager
    token = get_auth_manager().generate_jwt(SimpleAuthManagerUser(username="mironova", role="admin"))
    with TestClient(app, base_url="http://testserver/api/v2",
                    headers={"Authorization": f"Bearer {token}"}) as client:
        yield client


class Secretary(threading.Thread):
    """Answers the forms of one run in order; records what the forms showed."""

    def __init__(self, api, answers):
        super().__init__(daemon=True)
        self.api, self.answers, self.seen, self.error = api, answers, [], None

    def _wait_form(self, task_id: str, timeout: float = 90) -> tuple[str, dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            r = self.api.get("/dags/~/dagRuns/~/hitlDetails", params={"dag_id_pattern": DAG_ID})
            for d in r.json().get("hitl_details", []) if r.status_code == 200 else []:
                ti = d["task_instance"]
                if ti["task_id"] == task_id and not d["response_received"] and ti["state"] == "awaiting_input":
                    return ti["dag_run_id"], d
            time.sleep(0.3)
        raise TimeoutError(f"form {task_id} did not appear")

    def run(self):
        try:
            for task_id, make in self.answers:
                run_id, form = self._wait_form(task_id)
                self.seen.append((task_id, form))
                option, params_input = make(form)
                r = self.api.patch(f"/dags/{DAG_ID}/dagRuns/{run_id}/taskInstances/{task_id}/-1/hitlDetails",
                                   json={"chosen_options": [option], "params_input": params_input})
                assert r.status_code == 200, r.text
        except BaseException as exc:  # reported by the test; end the run so dag.test() returns
            import traceback
            traceback.print_exc()
            self.error = exc
            for run in self.api.get(f"/dags/{DAG_ID}/dagRuns").json().get("dag_runs", []):
                self.api.patch(f"/dags/{DAG_ID}/dagRuns/{run['dag_run_id']}", json={"state": "failed"})


def _defaults(form: dict) -> dict:
    return {k: v["value"] for k, v in form["params"].items()}


def agenda_answer(form):
    p = _defaults(form)
    assert "1. Утверждение состава муниципального методического совета на 2026/2027 учебный год" in form["body"]
    p["exclude"] = ["4. МБОУ «СОШ № 12»: промежуточный отчёт (Вх-2026-00001)"]
    p["time"] = "15:00"
    return "Утвердить повестку", p


def _member(form: dict, name: str) -> str:
    return next(k for k, v in form["params"].items() if k.startswith("present_") and v["schema"]["title"] == name)


def wrong_results(form):
    params = form["params"]
    # typed fields, no JSON: a choice of the item's decisions, whole numbers, check boxes, optional texts
    assert not any(v["schema"].get("type") == "object" for v in params.values())
    assert params["item_1_decision"]["schema"]["enum"] == ["approve", "reject"]
    assert params["item_3_decision"]["schema"]["values_display"] == {
        "approve": "Одобрить", "return": "Вернуть на доработку", "reject": "Отклонить"}
    assert params["item_3_votes_for"]["schema"]["type"] == "integer"
    assert params["item_3_questions"]["schema"]["type"] == ["null", "string"]  # optional: no asterisk
    assert params[_member(form, "Карпов Денис Олегович")]["schema"]["type"] == ["boolean", "null"]
    assert params["item_2_votes_for"]["schema"]["section"].startswith("Вопрос 2. Рассмотрение заявки")
    p = _defaults(form)
    p[_member(form, "Карпов Денис Олегович")] = False
    for n in (1, 2, 3, 4):
        p[f"item_{n}_decision"], p[f"item_{n}_votes_for"] = "approve", 8
    p["item_3_votes_against"] = 1  # 9 votes, 8 present
    return "Записать итоги заседания", p


def right_results(form):
    p = _defaults(form)  # pre-filled with the refused answer
    assert p["item_3_votes_against"] == 1 and p[_member(form, "Карпов Денис Олегович")] is False
    p.update(item_3_votes_for=1, item_3_votes_against=7, item_3_decision="return",
             item_3_reasons="уточнить план-график и ожидаемые результаты")
    return "Записать итоги заседания", p


def test_dag_structure_parses_without_services():
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(ROOT / "dags" / "docflow_council.py"))
    assert not bag.import_errors
    dag = bag.dags[DAG_ID]
    assert type(dag.timetable).__name__ == "CouncilMeetingTimetable" and "2-й вторник" in dag.timetable.summary
    assert dag.task_dict["prepare_meeting"].downstream_task_ids >= {"agenda_form", "results_form"}
    assert next(t for t in dag.topological_sort() if "form" in t.task_id).task_id == "agenda_form"
    assert dag.task_dict["results_form_3"].downstream_task_ids == {"store_results"}
    assert dag.task_dict["store_results"].trigger_rule.value == "none_failed_min_one_success"
    assert dag.task_dict["send_agenda"].downstream_task_ids >= {"send_agenda_letters"}
    assert dag.task_dict["issue_protocol"].downstream_task_ids == {"send_outcome_letters"}
    assert [a.uri for a in dag.task_dict["issue_protocol"].outlets] == ["docflow://council/decisions"]
    assert dag.params["meeting_date"] is None


def test_council_dag_end_to_end(api, waiting):
    from airflow.dag_processing.dagbag import DagBag
    from airflow.models.asset import AssetEvent
    from airflow.utils.session import create_session
    from airflow.utils.state import DagRunState

    bag = DagBag(dag_folder=str(ROOT / "dags" / "docflow_council.py"))
    assert not bag.import_errors
    dag = bag.dags[DAG_ID]
    secretary = Secretary(api, [("agenda_form", agenda_answer), ("results_form", wrong_results),
                                ("results_form_2", right_results)])
    secretary.start()
    dr = dag.test(run_conf={"meeting_date": "2026-11-10"})
    secretary.join(5)
    assert secretary.error is None, secretary.error
    assert dr.state == DagRunState.SUCCESS

    refused = secretary.seen[2][1]
    assert "Предыдущий ответ не принят" in refused["body"]
    assert ("Вопрос 3 (МБОУ «СОШ № 12»): голосов «за», «против» и «воздержались» (9) больше, "
            "чем присутствующих (8)") in refused["body"]

    with unit_of_work() as s:
        meeting = s.query(Meeting).one()
        assert meeting.status == "protocol_issued" and meeting.number == 1
        protocol = s.get(Document, meeting.protocol_document_id)
        text = docx_to_text(archive.get(protocol.docx_sha256))
        assert s.get(Submission, waiting["app07"]).status == "approved"
        assert s.get(Submission, waiting["app12"]).status == "returned"
        assert s.get(Submission, waiting["report12"]).status == "complete"  # taken off the agenda
        assert s.query(Document).filter_by(register="extract").count() == 3
        assert s.query(OutboxLetter).filter_by(kind="notice").count() == 1
        assert meeting.items[2].vote.recorded_by == "mironova"
    for line in ["ПРОТОКОЛ № 1", "от 10.11.2026", "Присутствовало – 8 человек", "Председатель – Белов А.Н.",
                 "Голосование: «за» – 1, «против» – 7, «воздержались» – 0.",
                 "Вернуть заявку МБОУ «СОШ № 12» на доработку: уточнить план-график и ожидаемые результаты."]:
        assert line in text, line
    with create_session() as session:
        from airflow.models.taskinstance import TaskInstance
        states = {ti.task_id: ti.state for ti in session.query(TaskInstance).filter_by(dag_id=DAG_ID,
                                                                                       run_id=dr.run_id)}
        assert {k: states[k] for k in ("agenda_form", "agenda_form_2", "results_form", "results_form_2",
                                       "results_form_3")} == {
            "agenda_form": "success", "agenda_form_2": "skipped", "results_form": "success",
            "results_form_2": "success", "results_form_3": "skipped"}
        # the letters leave at once: a drain right after the agenda and after the protocol
        assert states["send_agenda_letters"] == "success" and states["send_outcome_letters"] == "success"
        events = session.query(AssetEvent).filter(AssetEvent.source_dag_id == DAG_ID,
                                                  AssetEvent.source_run_id == dr.run_id).all()
        assert [e.extra.get("meeting_id") for e in events] == [meeting.id]
