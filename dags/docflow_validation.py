"""
### Проверка комплектности — `docflow_validation`

Запускается, как только приём почты зарегистрировал новые документы (Asset
`docflow://intake/registered`), и вручную. Читает форму из вложения (DOCX; .doc, .odt и .rtf
преобразуются LibreOffice), проверяет её набором правил Great Expectations для своего вида формы
(одна проверка на все ожидающие документы) и сообщает школе результат: «комплект полный — документ
будет рассмотрен советом» либо перечень недостатков по названиям полей формы со сроком исправления.
Скан или PDF передаётся специалисту; файл с макросами, повреждённый или слишком большой — не
принимается, и школе объясняют почему.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import dag, task

from docflow.airflow.alerts import task_failed
from docflow.airflow.assets import CHECKED, REGISTERED


@dag(
    dag_id="docflow_validation",
    schedule=[REGISTERED],
    start_date=pendulum.datetime(2026, 1, 1, tz="Europe/Moscow"),
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["docflow", "проверка"],
    default_args={"owner": "docflow", "on_failure_callback": task_failed,
                  "retries": 2, "retry_delay": timedelta(minutes=2)},
)
def docflow_validation():
    @task
    def validate(**context) -> dict:
        import os
        from dataclasses import asdict
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
        from docflow.config import get_settings
        from docflow.validation.run import validate_pending
        report = validate_pending(get_settings(), run_id=f"{context['dag'].dag_id}/{context['run_id']}")
        return asdict(report)

    @task(outlets=[CHECKED])
    def send(report: dict) -> dict:
        from docflow.config import get_settings
        from docflow.outbox import drain_all
        return {"checked": report, "sent": drain_all(get_settings())}

    send(validate())


docflow_validation()
