"""The head approves a draft in a real browser: opens the draft's DOCX from the form, presses
«Утвердить» without typing a comment; the document is final at once."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select

from tests.e2e.test_browser import ARTIFACTS, CHROMIUM, serve_api
from tests.orders.conftest import make_meeting
from tests.orders.test_dags import DAG_ID, DAGS
from tests.web.conftest import auth_manager  # noqa: F401 - the demo users

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (/usr/bin/chromium)")]


@pytest.fixture
def ui(demo_schools, auth_manager, tmp_path):  # noqa: F811
    with serve_api(tmp_path) as base:
        yield base


def _waiting_form(api, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r = api.get("/dags/~/dagRuns/~/hitlDetails", params={"dag_id_pattern": DAG_ID})
        for d in r.json().get("hitl_details", []) if r.status_code == 200 else []:
            if d["task_instance"]["task_id"] == "approve" and not d["response_received"] \
                    and d["task_instance"]["state"] == "awaiting_input":
                return d
        time.sleep(0.3)
    raise TimeoutError("the approval form did not appear")


class Head(threading.Thread):
    def __init__(self, base: str):
        super().__init__(daemon=True)
        self.base, self.error, self.docx = base, None, b""

    def run(self):
        from airflow.api_fastapi.app import create_app, get_auth_manager
        from airflow.api_fastapi.auth.managers.simple.user import SimpleAuthManagerUser
        from fastapi.testclient import TestClient
        from playwright.sync_api import expect, sync_playwright
        expect.set_options(timeout=30_000)  # the default 5 s is too short on a loaded 2-core machine
        token = get_auth_manager().generate_jwt(SimpleAuthManagerUser(username="head", role="op"))
        api = TestClient(create_app("core"), base_url="http://testserver/api/v2",
                         headers={"Authorization": f"Bearer {token}"})
        try:
            form = _waiting_form(api)
            run_id = form["task_instance"]["dag_run_id"]
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                            args=["--no-sandbox", "--disable-dev-shm-usage"])
                page = browser.new_page(locale="ru-RU", viewport={"width": 1440, "height": 1400})
                page.set_default_timeout(30_000)
                try:
                    page.goto(self.base + "/")
                    page.locator("input[name=username]").fill("head")
                    page.locator("input[name=password]").fill("head")
                    page.locator("button[type=submit]").click()
                    page.wait_for_load_state("networkidle")
                    page.goto(f"{self.base}/dags/{DAG_ID}/runs/{run_id}/tasks/approve/mapped/0/required_actions")
                    link = page.get_by_role("link", name="DOCX")
                    expect(link).to_be_visible()
                    href = link.get_attribute("href")
                    self.docx = page.request.get(self.base + href).body()  # with the head's session
                    page.screenshot(path=ARTIFACTS / "approval-form.png", full_page=True)
                    button = page.get_by_role("button", name="Утвердить")
                    expect(button).to_be_enabled()  # no comment typed
                    button.click()
                    expect(page.get_by_text("успешен").first).to_be_visible()
                    page.screenshot(path=ARTIFACTS / "approval-sent.png", full_page=True)
                finally:
                    browser.close()
        except BaseException as exc:
            import traceback
            traceback.print_exc()
            self.error = exc
            for run in api.get(f"/dags/{DAG_ID}/dagRuns").json().get("dag_runs", []):
                api.patch(f"/dags/{DAG_ID}/dagRuns/{run['dag_run_id']}", json={"state": "failed"})


def test_head_approves_without_a_comment_in_the_browser(ui):
    import io

    import docx
    from airflow.dag_processing.dagbag import DagBag
    from airflow.models import import_all_models
    from sqlalchemy.orm import configure_mappers

    from docflow.store.db import unit_of_work
    from docflow.store.models import Document
    m = make_meeting(applications=("sch-07",), reports_ok=(), reports_returned=(), rejected=())
    import_all_models()
    configure_mappers()
    dag = DagBag(dag_folder=str(DAGS / "docflow_orders.py")).dags[DAG_ID]
    head = Head(ui)
    head.start()
    dr = dag.test(run_conf={"meeting_id": m.meeting_id})
    head.join(10)
    assert head.error is None, head.error
    assert str(dr.state) == "success"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(head.docx)).paragraphs)
    assert "ПРИКАЗ" in text and "О присвоении статуса" in text  # the draft opened from the form
    with unit_of_work() as s:
        doc = s.scalar(select(Document))
        assert (doc.status, doc.approved_by) == ("final", "airflow:head")
        assert doc.events[1].event == "approved" and doc.events[1].note == ""
