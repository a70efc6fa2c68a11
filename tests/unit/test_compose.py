"""docker-compose.yml: parsed (no Docker engine here) and checked for what production needs."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_services_and_executor():
    c = compose()
    assert {"postgres", "redis", "airflow-init", "api-server", "scheduler", "dag-processor", "triggerer",
            "worker-1", "worker-2", "mail"} <= set(c["services"])
    env = c["services"]["scheduler"]["environment"]
    assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://")
    assert "docflow db upgrade" in " ".join(c["services"]["airflow-init"]["command"])
    for n in (1, 2):  # two Celery workers, each with its own hostname
        assert c["services"][f"worker-{n}"]["command"] == f"celery worker --celery-hostname worker-{n}@%h"
    assert env["AIRFLOW__CELERY__WORKER_CONCURRENCY"] == "${WORKER_CONCURRENCY:-2}"


def test_image_is_built_from_requirements_and_the_package():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "FROM apache/airflow:3.3.2" in dockerfile
    assert "requirements.txt" in dockerfile and "pip install" in dockerfile and "/opt/docflow" in dockerfile
    assert compose()["services"]["scheduler"]["build"] == "."


def test_every_credential_comes_from_the_environment():
    c = compose()
    secretish = re.compile(r"(PASSWORD|SECRET|FERNET|_CONN$|SQL_ALCHEMY_CONN|BROKER_URL|RESULT_BACKEND|DATABASE_URL)")
    for name, svc in c["services"].items():
        for key, value in (svc.get("environment") or {}).items():
            if secretish.search(key):
                assert "${" in str(value), f"{name}.{key} must come from the environment"
                for cred in re.findall(r"://([^@/]*)@", str(value)):
                    for part in cred.split(":"):
                        assert part == "" or re.fullmatch(r"\$\{[A-Z_]+\}", part), f"{name}.{key}: literal {part}"
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert not re.search(r"password\s*[:=]\s*[^$\s{]", text, re.IGNORECASE), "a literal password"


def test_env_example_lists_every_variable_compose_uses():
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    used = set(re.findall(r"\$\{([A-Z_]+)", text))
    example = {line.split("=", 1)[0] for line in (ROOT / ".env.example").read_text().splitlines()
               if "=" in line and not line.startswith("#")}
    assert used - {"AIRFLOW_USERS", "AIRFLOW_PORT"} <= example
