"""The app factory on its own: no Airflow import, and no authenticator means no access."""

import subprocess
import sys

from fastapi.testclient import TestClient

from docflow.web import StaffUser, create_app


def test_web_and_actions_import_without_airflow():
    code = ("import sys, docflow.web, docflow.actions, docflow.cli.actions; "
            "bad = [m for m in sys.modules if m.split('.')[0] == 'airflow']; assert not bad, bad")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr


def test_without_an_authenticator_every_route_is_refused(seeded):
    with TestClient(create_app(None)) as c:
        assert c.get("/incoming").status_code == 401
        assert c.get(f"/messages/{seeded.message}/original.eml").status_code == 401
        assert c.post(f"/outbox/{seeded.failed_letter}/resend").status_code == 401


def test_a_user_without_read_permission_gets_403(seeded):
    async def no_read(request):
        return StaffUser(name="guest", can_read=False, can_act=False)
    with TestClient(create_app(no_read)) as c:
        r = c.get("/incoming")
        assert r.status_code == 403 and "нет доступа к реестрам" in r.text
