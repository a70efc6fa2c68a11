"""The demo's environment: paths, ports, users. Shared by the launcher and its tests."""

from __future__ import annotations

import json
import os
from pathlib import Path

from docflow.config import EXAMPLE_SETTINGS, PROJECT_ROOT

DEMO_USERS = {"admin": "admin", "metodist": "op", "secretary": "op", "head": "op", "viewer": "viewer"}
DEV_PASSWORD = "demo"  # noqa: S105 - the dev mail server's shared demo password


def data_root() -> Path:
    return Path(os.environ.get("DOCFLOW_DATA_DIR") or PROJECT_ROOT / "data")


def ports() -> dict[str, int]:
    return {"ui": int(os.environ.get("DOCFLOW_DEMO_PORT", "8080")),
            "imap": int(os.environ.get("DOCFLOW_DEMO_IMAP_PORT", "1143")),
            "smtp": int(os.environ.get("DOCFLOW_DEMO_SMTP_PORT", "1025"))}


def demo_environ(root: Path | None = None) -> dict[str, str]:
    """Environment for every process the demo starts (Airflow reads its settings from here)."""
    root = root or data_root()
    airflow_home = root / "airflow"
    p = ports()
    return {
        "DOCFLOW_DATA_DIR": str(root),
        "DOCFLOW_SETTINGS": os.environ.get("DOCFLOW_SETTINGS", str(EXAMPLE_SETTINGS)),
        "AIRFLOW_HOME": str(airflow_home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT_ROOT / "dags"),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(PROJECT_ROOT / "plugins"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
        "AIRFLOW__CORE__DEFAULT_TIMEZONE": "Europe/Moscow",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": ",".join(f"{u}:{r}" for u, r in DEMO_USERS.items()),
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(airflow_home / "passwords.json"),
        "AIRFLOW__API__PORT": str(p["ui"]),
        "AIRFLOW__API__BASE_URL": f"http://localhost:{p['ui']}",
        "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "30",
        "AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK": "False",
        "GX_ANALYTICS_ENABLED": "False",
        # who answers which human-in-the-loop form (docflow.airflow.approval / council)
        "DOCFLOW_HEAD_LOGINS": "head,admin",
        "DOCFLOW_SECRETARY_LOGINS": "secretary,admin",
        "NO_PROXY": "*",
    }


def write_passwords(airflow_home: Path) -> Path:
    """Demo logins: the password equals the login (never do this outside the demo)."""
    airflow_home.mkdir(parents=True, exist_ok=True)
    path = airflow_home / "passwords.json"
    path.write_text(json.dumps({u: u for u in DEMO_USERS}), encoding="utf-8")
    return path


def connections(host: str = "127.0.0.1") -> dict[str, dict]:
    """Airflow connections for the dev mail server; the committee replaces them with real ones."""
    p = ports()
    from docflow.config import load_settings
    address = load_settings().mailboxes[0].address
    return {
        "docflow_imap": {"conn_type": "imap", "host": host, "port": p["imap"], "login": address,
                         "password": DEV_PASSWORD, "extra": json.dumps({"security": "plain"})},
        "docflow_smtp": {"conn_type": "smtp", "host": host, "port": p["smtp"], "login": address,
                         "password": DEV_PASSWORD,
                         "extra": json.dumps({"disable_tls": True, "disable_ssl": True,
                                              "from_email": address, "security": "plain"})},
    }
