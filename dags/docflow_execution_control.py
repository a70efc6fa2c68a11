"""
### Контроль исполнения — `docflow_execution_control`

Ежедневно в 08:30: по каждому открытому контрольному сроку (пункты приказов и распоряжений,
отчёты площадок) закрывает исполненные (поступил полный комплект документа), направляет
напоминания до срока, уведомления о просрочке ответственным и один доклад в день о
просроченных поручениях (`reporting.escalate_to`), уведомление об итоговом отчёте за
`final_report_notice_months` месяцев до окончания статуса площадки, и список писем на
карантине, ожидающих решения специалиста (`alerts.to`, иначе `reporting.escalate_to`).

Закрыть срок вручную или продлить его: `docflow deadlines close N --note …`,
`docflow deadlines extend N --to ГГГГ-ММ-ДД --reason …`. Ручной запуск с параметром `today`
выполняет проверку за указанный день.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import Param, dag, task

from docflow.airflow.alerts import task_failed


@dag(
    dag_id="docflow_execution_control",
    schedule="30 8 * * *",
    start_date=pendulum.datetime(2026, 9, 1, tz="Europe/Moscow"),
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["docflow", "контроль исполнения"],
    params={"today": Param(None, type=["null", "string"], format="date",
                           description="Дата, за которую выполнить проверку (по умолчанию — дата запуска)")},
    default_args={"owner": "docflow", "on_failure_callback": task_failed,
                  "retries": 2, "retry_delay": timedelta(minutes=5)},
)
def docflow_execution_control():
    @task
    def today(**context) -> str:
        from docflow.reporting.schedule import run_date
        return run_date(context).isoformat()

    @task
    def control(day: str) -> dict:
        from datetime import date

        from docflow.config import get_settings
        from docflow.reporting.cycle import control_day
        from docflow.store.db import unit_of_work
        with unit_of_work() as s:
            return control_day(s, get_settings(), date.fromisoformat(day)).as_dict()

    @task
    def quarantine(day: str) -> int | None:
        from datetime import date

        from docflow.config import get_settings
        from docflow.intake.digest import quarantine_digest
        from docflow.store.db import unit_of_work
        with unit_of_work() as s:
            return quarantine_digest(s, get_settings(), date.fromisoformat(day))

    @task
    def send(report: dict, digest: int | None) -> dict:
        from docflow.config import get_settings
        from docflow.outbox import drain_all
        return drain_all(get_settings())

    day = today()
    send(control(day), quarantine(day))


docflow_execution_control()
