"""The docflow command as staff run it: a real process, real store, JSON output."""

import json
import os
import subprocess
import sys

from tests.conftest import DEMO_SCHOOLS


def docflow(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "docflow.cli", *args], capture_output=True, text=True,
                          env=env, timeout=60)


def test_db_upgrade_import_and_list_json(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    env = {"DOCFLOW_DATABASE_URL": url}
    up = docflow("db", "upgrade", env_extra=env)
    assert up.returncode == 0, up.stderr
    from alembic.script import ScriptDirectory

    from docflow.store.migrate import alembic_config
    (head,) = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert f"ревизия {head}" in up.stdout
    imp = docflow("schools", "import", str(DEMO_SCHOOLS), "--json", env_extra=env)
    assert json.loads(imp.stdout)["created"] == 6
    out = docflow("schools", "list", "--json", env_extra=env)
    data = json.loads(out.stdout)
    assert data["total"] == 6
    assert {"МБОУ «СОШ № 7»", "МБОУ «Лицей № 1»"} <= {r["short_name"] for r in data["rows"]}
    for cmd in (["submissions", "list"], ["documents", "list"], ["outbox", "list"], ["deadlines", "list"],
                ["messages", "list"]):
        res = docflow(*cmd, "--json", env_extra=env)
        assert res.returncode == 0, res.stderr
        assert json.loads(res.stdout)["total"] == 0


def test_bad_settings_file_gives_message_not_traceback(tmp_path):
    bad = tmp_path / "c.yaml"
    bad.write_text("committee: {}\n", encoding="utf-8")
    res = docflow("--settings", str(bad), "settings", "check")
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    assert "поле «committee.name_lines» — обязательное поле не заполнено" in res.stderr


def test_settings_check_json():
    res = docflow("settings", "check", "--json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["operator"] == "МБУ «ИМЦ»"
