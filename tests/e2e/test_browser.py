"""A real browser against a real Airflow API server: log in, open every register through the UI, act once.

Headless Debian Chromium (``/usr/bin/chromium``) driven by Playwright's Python package (its own browser
downloads are never used). Screenshots go to ``test-artifacts/browser/``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT
from tests.web.conftest import auth_manager, seeded  # noqa: F401 - fixtures shared with the web tests

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "browser"
REGISTERS = [("Входящие", "Журнал входящих документов"), ("Карантин", "Карантин входящих писем"),
             ("Площадки", "Муниципальные инновационные площадки"), ("Заседания ММС", "Заседания методического совета"),
             ("Документы", "Реестр документов"), ("Исходящие", "Исходящие письма"),
             ("Контроль исполнения", "Контроль исполнения")]

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (/usr/bin/chromium)")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve_api(tmp_path: Path):
    """``airflow api-server`` with the docflow plugin on a free port; yields its base URL."""
    port = _free_port()
    env = {**os.environ, "AIRFLOW__API__PORT": str(port), "AIRFLOW__API__BASE_URL": f"http://127.0.0.1:{port}",
           "AIRFLOW__API__WORKERS": "1", "AIRFLOW__CORE__UNIT_TEST_MODE": "False", "NO_PROXY": "*",
           # this checkout's docflow, whichever one the virtualenv has installed
           "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))}
    log = (tmp_path / "api-server.log").open("w")
    proc = subprocess.Popen([str(Path(sys.executable).parent / "airflow"), "api-server", "-H", "127.0.0.1", "-p",
                             str(port), "-w", "1"], env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail("api-server exited:\n" + (tmp_path / "api-server.log").read_text()[-3000:])
            try:
                with urllib.request.urlopen(f"{base}/api/v2/monitor/health", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("api-server did not answer:\n" + (tmp_path / "api-server.log").read_text()[-3000:])
                time.sleep(0.5)
        yield base
    finally:
        os.killpg(proc.pid, 15)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()
        log.close()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(tmp_path / "api-server.log", ARTIFACTS / "api-server.log")


@pytest.fixture
def api_server(seeded, auth_manager, tmp_path):  # noqa: F811 - fixtures imported above
    """``airflow api-server`` with the docflow plugin, the demo users and the seeded store."""
    with serve_api(tmp_path) as base:
        yield base


def test_staff_use_the_registers_inside_airflow(api_server, seeded):  # noqa: F811
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=["--no-sandbox", "--disable-dev-shm-usage"])
        page = browser.new_page(locale="ru-RU", viewport={"width": 1440, "height": 900})
        page.set_default_timeout(30_000)
        try:
            page.goto(api_server + "/")
            page.locator("input[name=username]").fill("metodist")
            page.locator("input[name=password]").fill("metodist")
            page.locator("button[type=submit]").click()
            nav = page.get_by_role("link", name="Документооборот")
            nav.first.click()
            page.wait_for_url("**/plugin/docflow**")
            frame = page.frame_locator("iframe[title='Документооборот']")
            for i, (tab, heading) in enumerate(REGISTERS, 1):
                frame.get_by_role("link", name=tab, exact=True).click()
                expect(frame.get_by_role("heading", level=1)).to_have_text(heading)
                page.screenshot(path=ARTIFACTS / f"{i:02d}-{tab}.png")
            frame.get_by_role("link", name="Входящие", exact=True).click()
            # A run link opens the run in Airflow's own page, not inside the frame.
            frame.get_by_role("link", name="запуск DAG").click()
            page.wait_for_url("**/dags/docflow_intake/runs/scheduled__2026-11-20T07*")
            expect(page.locator("iframe")).to_have_count(0)
            page.go_back()
            page.wait_for_url("**/plugin/docflow/**")
            frame.get_by_role("link", name="ВХ-2026/0001").click()
            expect(frame.get_by_text("Не заполнена тема проекта")).to_be_visible()
            page.screenshot(path=ARTIFACTS / "10-карточка-документа.png")
            frame.get_by_role("link", name="Заседания ММС", exact=True).click()
            frame.get_by_role("link", name="10.11.2026").click()
            expect(frame.get_by_text("«за» — 2, «против» — 0")).to_be_visible()
            page.screenshot(path=ARTIFACTS / "11-заседание.png")

            # One action: close the overdue item with a note.
            frame.get_by_role("link", name="Контроль исполнения", exact=True).click()
            row = frame.locator("tr.overdue")
            row.locator("summary").click()
            page.screenshot(path=ARTIFACTS / "07b-просрочено-форма.png")
            row.locator("input[name=note]").fill("Отчёт получен, рег. № ВХ-2026/0003")
            row.get_by_role("button", name="Исполнено").click()
            expect(frame.locator(".flash.ok")).to_contain_text("снят с контроля как исполненный")
            page.screenshot(path=ARTIFACTS / "08-действие-выполнено.png")

            # A register straight from the Plugins menu entry's route.
            page.goto(api_server + "/plugin/docflow-outbox")
            outbox = page.frame_locator("iframe[title='Исходящие письма']")
            expect(outbox.get_by_role("heading", level=1)).to_have_text("Исходящие письма")
            page.screenshot(path=ARTIFACTS / "09-меню-плагинов-исходящие.png")
        except Exception:
            page.screenshot(path=ARTIFACTS / "failure.png")
            raise
        finally:
            browser.close()

    from docflow.store.db import unit_of_work
    from docflow.store.models import AuditEntry, Deadline
    with unit_of_work() as s:
        d = s.get(Deadline, seeded.overdue)
        assert (d.status, d.closed_by) == ("done", "metodist")
        assert [(a.actor, a.action) for a in s.query(AuditEntry)] == [("metodist", "deadline.close")]
