"""The plugin inside Airflow's real API server app: mounted, in the navigation, behind Airflow's login."""

import pytest


@pytest.fixture
def airflow_client(auth_manager, seeded):
    from airflow import plugins_manager
    from airflow.api_fastapi.app import create_app
    from fastapi.testclient import TestClient
    for fn in (plugins_manager.get_fastapi_plugins, plugins_manager._get_ui_plugins, plugins_manager._get_plugins):
        fn.cache_clear()
    with TestClient(create_app(), follow_redirects=False) as c:
        yield c


def login(client, user: str) -> str:
    r = client.post("/auth/token", json={"username": user, "password": user})
    assert r.status_code == 201, r.text
    return r.json()["access_token"]


def test_plugin_is_loaded_with_app_views_and_no_import_errors(airflow_client):
    token = login(airflow_client, "viewer")
    r = airflow_client.get("/api/v2/plugins", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text
    docflow = next(p for p in r.json()["plugins"] if p["name"] == "docflow")
    assert docflow["fastapi_apps"][0]["url_prefix"] == "/docflow"
    views = {v["url_route"]: v for v in docflow["external_views"]}
    assert views["docflow"]["nav_top_level"] is True and views["docflow"]["href"] == "/docflow/incoming"
    assert {f"docflow-{k}" for k in ("incoming", "quarantine", "sites", "meetings", "documents", "outbox",
                                     "deadlines")} <= set(views)
    errors = airflow_client.get("/api/v2/plugins/importErrors", headers={"Authorization": f"Bearer {token}"})
    assert errors.json()["total_entries"] == 0, errors.text


def test_login_cookie_opens_the_registers_and_roles_apply(airflow_client, seeded):
    assert airflow_client.get("/docflow/incoming").status_code == 401
    airflow_client.cookies.set("_token", login(airflow_client, "viewer"))
    page = airflow_client.get("/docflow/incoming")
    assert page.status_code == 200 and "ВХ-2026/0001" in page.text
    assert 'href="/docflow/static/docflow.css"' in page.text  # links carry the mount prefix
    assert airflow_client.get("/docflow/static/docflow.css").status_code == 200
    csrf = airflow_client.cookies.get("docflow_csrf")
    refused = airflow_client.post(f"/docflow/outbox/{seeded.failed_letter}/resend", data={"csrf_token": csrf})
    assert refused.status_code == 403
    airflow_client.cookies.set("_token", login(airflow_client, "metodist"))
    done = airflow_client.post(f"/docflow/outbox/{seeded.failed_letter}/resend",
                               data={"csrf_token": csrf, "next": "/docflow/outbox"})
    assert done.status_code == 303 and done.headers["location"].startswith("/docflow/outbox?done=")
    from docflow.store.db import unit_of_work
    from docflow.store.models import AuditEntry
    with unit_of_work() as s:
        assert [(a.actor, a.action) for a in s.query(AuditEntry)] == [("metodist", "outbox.resend")]
