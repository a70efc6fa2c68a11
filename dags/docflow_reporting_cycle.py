"""
### Отчётный цикл учебного года — `docflow_reporting_cycle`

Запускается в даты отчётного цикла из настроек (`reporting`): объявление о сдаче отчётов,
напоминания за `reminders_working_days` рабочих дней до срока, срок, уведомление о просрочке
на следующий рабочий день и дата ежегодного мониторинга (через 15 дней после срока).

Порядок: `today` (дата запуска по календарю комитета или параметр `today`) → `cycle`
(обязательства площадок на учебный год, объявление, напоминания, просрочки, доклад о просрочке,
сводка мониторинга — всё через исходящие, без повторов) → `send` (отправка исходящих).
Ручной запуск с параметром `today` (ГГГГ-ММ-ДД) выполняет работу за указанный день.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import Param, dag, task

from docflow.airflow.alerts import task_failed


def _timetable():
    from docflow.airflow.timetables import AcademicYearTimetable
    from docflow.config import EXAMPLE_SETTINGS, SettingsError, get_settings, load_settings
    from docflow.reporting.schedule import RUN_AT, timetable_cycles
    try:
        s = get_settings()
    except SettingsError:  # the tasks report the broken file; the DAG still shows up
        s = load_settings(EXAMPLE_SETTINGS)
    return AcademicYearTimetable(timetable_cycles(s), tz=s.committee.timezone, at=RUN_AT)


@dag(
    dag_id="docflow_reporting_cycle",
    schedule=_timetable(),
    start_date=pendulum.datetime(2026, 9, 1, tz="Europe/Moscow"),
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["docflow", "отчётность"],
    params={"today": Param(None, type=["null", "string"], format="date",
                           description="Дата, за которую выполнить работу (по умолчанию — дата запуска)")},
    default_args={"owner": "docflow", "on_failure_callback": task_failed,
                  "retries": 2, "retry_delay": timedelta(minutes=5)},
)
def docflow_reporting_cycle():
    @task
    def today(**context) -> str:
        from docflow.reporting.schedule import run_date
        return run_date(context).isoformat()

    @task
    def cycle(day: str, **context) -> dict:
        from datetime import date

        from docflow.config import get_settings
        from docflow.reporting.cycle import cycle_day
        from docflow.store.db import unit_of_work
        run = f"{context['dag'].dag_id}/{context['run_id']}"
        with unit_of_work() as s:
            return cycle_day(s, get_settings(), date.fromisoformat(day), run_id=run).as_dict()

    @task
    def send(report: dict) -> dict:
        from docflow.config import get_settings
        from docflow.outbox import drain_all
        return drain_all(get_settings())

    send(cycle(today()))


docflow_reporting_cycle()
