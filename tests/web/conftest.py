"""Fixtures for the web app: Airflow's SimpleAuthManager with the demo users, real JWTs, a seeded store."""

from __future__ import annotations

import json
import os
import re
from datetime import date

import pytest

from tests.conftest import _AIRFLOW_HOME
from tests.web.seed import Seeded, seed

USERS = {"admin": "admin", "metodist": "op", "secretary": "op", "head": "op", "viewer": "viewer"}
os.environ.update({
    "AIRFLOW__CORE__AUTH_MANAGER": "airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager",
    "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": ",".join(f"{u}:{r}" for u, r in USERS.items()),
    "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(_AIRFLOW_HOME / "passwords.json"),
    "AIRFLOW__API_AUTH__JWT_SECRET": "docflow-test-secret-not-for-production-" + "x" * 40,
})
(_AIRFLOW_HOME / "passwords.json").write_text(json.dumps({u: u for u in USERS}), encoding="utf-8")
TODAY = date(2026, 11, 25)
CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')


@pytest.fixture
def seeded(demo_schools) -> Seeded:
    return seed()


@pytest.fixture(scope="session")
def auth_manager(airflow_db):
    from airflow.api_fastapi.app import init_auth_manager
    return init_auth_manager()


@pytest.fixture(scope="session")
def tokens(auth_manager) -> dict[str, str]:
    """A real JWT per demo user, signed by the auth manager (as the login page would issue it)."""
    from airflow.api_fastapi.auth.managers.simple.user import SimpleAuthManagerUser
    return {u: auth_manager.generate_jwt(SimpleAuthManagerUser(username=u, role=r)) for u, r in USERS.items()}


@pytest.fixture
def app(auth_manager):
    from docflow.airflow.web_auth import authenticate
    from docflow.web import create_app
    return create_app(authenticate, today=lambda: TODAY, page_size=50)


@pytest.fixture
def client_for(app, tokens):
    """A browser-like client logged in as ``user`` (cookie ``_token``), or anonymous for None."""
    from fastapi.testclient import TestClient
    clients = []

    def make(user: str | None) -> TestClient:
        c = TestClient(app, base_url="http://testserver", follow_redirects=False)
        if user:
            c.cookies.set("_token", tokens[user])
        clients.append(c)
        return c
    yield make
    for c in clients:
        c.close()


def csrf_of(client, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200, page.text
    m = CSRF.search(page.text)
    assert m, "no form with a CSRF token on " + path
    return m.group(1)
