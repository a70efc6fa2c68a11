"""A docflow task that fails for good tells staff once, in Russian, through the smtp provider's
SmtpNotifier on the committee's SMTP connection (a real run with dag.test against the dev server)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from docflow.config import EXAMPLE_SETTINGS
from docflow.mail.imap import ImapReader
from docflow.mail.parse import parse_message

ROOT = Path(__file__).resolve().parents[2]

DAG = '''
import pendulum
from airflow.sdk import dag, task

from docflow.airflow.alerts import task_failed


@dag(dag_id="docflow_alert_probe", schedule=None, start_date=pendulum.datetime(2026, 1, 1), catchup=False,
     default_args={"retries": 1, "retry_delay": pendulum.duration(seconds=0), "on_failure_callback": task_failed})
def probe():
    @task
    def poll():
        raise ConnectionRefusedError("IMAP login failed: [AUTHENTICATIONFAILED] Invalid credentials")

    poll()


probe()
'''
RUN = """
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder=__import__("sys").argv[1])
print("STATE", bag.dags["docflow_alert_probe"].test().state)
"""


def test_a_task_failing_for_good_sends_one_alert(devmail, airflow_db, tmp_path):
    official, staff = devmail.new_address("mip"), devmail.new_address("metodist")
    settings = tmp_path / "committee.yaml"
    text = EXAMPLE_SETTINGS.read_text(encoding="utf-8").replace("address: mip@komitet.example.ru",
                                                                f"address: {official}")
    settings.write_text(text + f"\nalerts:\n  to: [{staff}]\n", encoding="utf-8")
    dags = tmp_path / "dags"
    dags.mkdir()
    (dags / "probe.py").write_text(DAG, encoding="utf-8")
    smtp = {"conn_type": "smtp", "host": devmail.host, "port": devmail.smtp_port, "login": official,
            "password": devmail.password, "extra": {"disable_tls": True, "disable_ssl": True}}
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DOCFLOW_SETTINGS": str(settings),
           "AIRFLOW_CONN_DOCFLOW_SMTP": json.dumps(smtp), "AIRFLOW__CORE__DAGS_FOLDER": str(dags)}
    res = subprocess.run([sys.executable, "-c", RUN, str(dags)], cwd=ROOT, capture_output=True, text=True,
                         timeout=300, env=env)
    assert "STATE failed" in res.stdout, (res.stdout + res.stderr)[-3000:]
    with ImapReader(devmail.imap_params(staff)) as r:
        r.select("INBOX")
        letters = [parse_message(m.raw) for b in r.fetch(r.uids()) for m in b]
    assert len(letters) == 1, [x.subject for x in letters]  # not one per attempt
    (alert,) = letters
    assert alert.subject == "docflow: сбой задачи «poll» процесса «docflow_alert_probe»"
    body = alert.html or alert.text
    assert "больше не будет повторяться" in body and "AUTHENTICATIONFAILED" in body
    assert "/dags/docflow_alert_probe/runs/" in body and "/tasks/poll" in body  # the log link


EVERY = """
import json
from airflow.dag_processing.dagbag import DagBag
from docflow.airflow.alerts import task_failed
bag = DagBag(dag_folder="dags")
out = {}
for dag_id, d in bag.dags.items():
    cbs = [t.on_failure_callback for t in d.tasks]
    out[dag_id] = all(cb is task_failed or (isinstance(cb, list) and task_failed in cb) for cb in cbs)
print(json.dumps({"errors": list(bag.import_errors), "dags": out}))
"""


def test_every_docflow_task_alerts_staff_when_it_fails():
    res = subprocess.run([sys.executable, "-c", EVERY], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert res.returncode == 0, res.stderr[-2000:]
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert out["errors"] == [] and len(out["dags"]) >= 8
    assert all(out["dags"].values()), out["dags"]
