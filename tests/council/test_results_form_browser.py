"""The secretary fills the council results form in a real browser (Airflow's Required actions page).

``dag.test()`` runs the council DAG in this thread; another thread answers the agenda form through
the REST API, then drives headless Chromium: logs in as «secretary», opens the results form, unticks
an absent member, picks each item's decision from its list, types the votes and the reasons, and
presses «Записать итоги заседания». The protocol must record what was typed.
"""

from __future__ import annotations

import threading
import time

import pytest

from tests.council.test_dag import DAG_ID, ROOT, agenda_answer
from tests.e2e.test_browser import ARTIFACTS, CHROMIUM, serve_api
from tests.web.conftest import auth_manager  # noqa: F401 - the demo users

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (/usr/bin/chromium)")]


@pytest.fixture
def ui(waiting, auth_manager, tmp_path):  # noqa: F811
    with serve_api(tmp_path) as base:
        yield base


def _api():
    from airflow.api_fastapi.app import create_app, get_auth_manager
    from airflow.api_fastapi.auth.managers.simple.user import SimpleAuthManagerUser
    from fastapi.testclient import TestClient
    token = get_auth_manager().generate_jwt(SimpleAuthManagerUser(username="secretary", role="op"))
    return TestClient(create_app("core"), base_url="http://testserver/api/v2",
                      headers={"Authorization": f"Bearer {token}"})


def _wait_form(api, task_id: str, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r = api.get("/dags/~/dagRuns/~/hitlDetails", params={"dag_id_pattern": DAG_ID})
        for d in r.json().get("hitl_details", []) if r.status_code == 200 else []:
            ti = d["task_instance"]
            if ti["task_id"] == task_id and not d["response_received"] and ti["state"] == "awaiting_input":
                return d
        time.sleep(0.3)
    raise TimeoutError(f"form {task_id} did not appear")


def number(page, key: str):
    return page.locator(f"[id='number-input:element_{key}'] input")


class Secretary(threading.Thread):
    def __init__(self, base: str):
        super().__init__(daemon=True)
        self.base, self.error, self.form = base, None, None

    def run(self):
        from playwright.sync_api import sync_playwright
        api = _api()
        try:
            agenda = _wait_form(api, "agenda_form")
            option, params = agenda_answer(agenda)
            run_id = agenda["task_instance"]["dag_run_id"]
            r = api.patch(f"/dags/{DAG_ID}/dagRuns/{run_id}/taskInstances/agenda_form/-1/hitlDetails",
                          json={"chosen_options": [option], "params_input": params})
            assert r.status_code == 200, r.text
            self.form = _wait_form(api, "results_form")
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                            args=["--no-sandbox", "--disable-dev-shm-usage"])
                page = browser.new_page(locale="ru-RU", viewport={"width": 1440, "height": 2400})
                page.set_default_timeout(30_000)
                try:
                    self.fill(page, run_id)
                finally:
                    browser.close()
        except BaseException as exc:
            import traceback
            traceback.print_exc()
            self.error = exc
            for run in api.get(f"/dags/{DAG_ID}/dagRuns").json().get("dag_runs", []):
                api.patch(f"/dags/{DAG_ID}/dagRuns/{run['dag_run_id']}", json={"state": "failed"})

    def fill(self, page, run_id):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.goto(self.base + "/")
        page.locator("input[name=username]").fill("secretary")
        page.locator("input[name=password]").fill("secretary")
        page.locator("button[type=submit]").click()
        page.wait_for_load_state("networkidle")
        page.goto(f"{self.base}/dags/{DAG_ID}/runs/{run_id}/tasks/results_form/required_actions?map_index=-1")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=ARTIFACTS / "council-results-form.png", full_page=True)
        absent = next(k for k, v in self.form["params"].items()
                      if k.startswith("present_") and v["schema"]["title"] == "Карпов Денис Олегович")
        page.locator(f"[id='switch:element_{absent}']").click()  # the member's switch
        assert not page.locator(f"input[name=element_{absent}]").is_checked()
        for n in (1, 2, 3, 4):
            decision = "Вернуть на доработку" if n == 3 else "Одобрить"
            page.locator(f"#element_item_{n}_decision").click()
            page.get_by_role("option", name=decision, exact=True).click()
            number(page, f"item_{n}_votes_for").fill("1" if n == 3 else "8")
        number(page, "item_3_votes_against").fill("7")
        page.locator("#element_item_3_reasons").fill("уточнить план-график и ожидаемые результаты")
        page.locator("#element_item_2_questions").fill("О составе проектной команды")
        page.locator("#element_item_2_discussion").fill("Климова И.В., заведующий МБУ «ИМЦ», — о сопровождении")
        page.screenshot(path=ARTIFACTS / "council-results-filled.png", full_page=True)
        page.get_by_role("button", name="Записать итоги заседания").click()
        page.wait_for_load_state("networkidle")
        time.sleep(1)
        page.screenshot(path=ARTIFACTS / "council-results-sent.png", full_page=True)


def test_secretary_fills_the_results_form_in_the_browser(ui, waiting):
    from airflow.dag_processing.dagbag import DagBag
    dag = DagBag(dag_folder=str(ROOT / "dags" / "docflow_council.py")).dags[DAG_ID]
    secretary = Secretary(ui)
    secretary.start()
    dr = dag.test(run_conf={"meeting_date": "2026-11-10"})
    secretary.join(10)
    assert secretary.error is None, secretary.error
    assert str(dr.state) == "success"
    from docflow.documents.docx_text import docx_to_text
    from docflow.store import archive
    from docflow.store.db import unit_of_work
    from docflow.store.models import Document, Meeting
    with unit_of_work() as s:
        meeting = s.query(Meeting).one()
        assert meeting.items[2].vote.recorded_by == "secretary"
        text = docx_to_text(archive.get(s.get(Document, meeting.protocol_document_id).docx_sha256))
    for line in ["Присутствовало – 8 человек", "Голосование: «за» – 1, «против» – 7, «воздержались» – 0.",
                 "Вопросы: О составе проектной команды.",
                 "Выступили: Климова И.В., заведующий МБУ «ИМЦ», — о сопровождении.",
                 "Вернуть заявку МБОУ «СОШ № 12» на доработку: уточнить план-график и ожидаемые результаты."]:
        assert line in text, line
