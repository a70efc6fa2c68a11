"""
### docflow_distribution — рассылка приказов и распоряжений в школы

Runs on `docflow://documents/final` and every 15 minutes as a safety net.

1. **queue** — for every final order/directive not yet distributed, one outbox letter per school
   (registered primary address, copies from `distribution.copies`, DOCX and PDF attached,
   In-Reply-To the school's own letter); the document becomes «sent» once all are queued.
2. **send** — drains the outbox of every mailbox over SMTP (`docflow.outbox.drain_all`, the same
   step as in every DAG and `docflow mail send`: claims, retries, backoff, Sent-folder recovery).
"""

from __future__ import annotations

import pendulum
from airflow.sdk import AssetOrTimeSchedule, CronTriggerTimetable, dag, task

from docflow.airflow.alerts import task_failed
from docflow.airflow.assets import FINAL


@dag(
    dag_id="docflow_distribution",
    schedule=AssetOrTimeSchedule(timetable=CronTriggerTimetable("*/15 * * * *", timezone="Europe/Moscow"),
                                 assets=[FINAL]),
    start_date=pendulum.datetime(2026, 1, 1, tz="Europe/Moscow"),
    catchup=False,
    doc_md=__doc__,
    tags=["docflow", "orders", "outbox"],
    default_args={"owner": "docflow", "on_failure_callback": task_failed,
                  "retries": 2, "retry_delay": pendulum.duration(minutes=1)},
    max_active_runs=1,
)
def docflow_distribution():
    @task
    def queue() -> dict:
        from docflow.orders.flow import distribute_and_report
        return distribute_and_report()

    @task
    def send(_queued: dict) -> dict:
        from docflow.config import get_settings
        from docflow.outbox import drain_all
        return drain_all(get_settings())

    send(queue())


docflow_distribution()
