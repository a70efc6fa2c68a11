"""
### Приём почты — `docflow_intake`

Как только в официальный ящик приходит письмо (triggerer держит IMAP IDLE на каждом ящике —
Asset `docflow://mail/incoming`), а также каждые несколько минут для надёжности (интервал —
`intake.poll_minutes` в настройках) и по ручному запуску: читает официальные ящики, регистрирует
каждое письмо ровно один раз (номер «Вх-ГГГГ-NNNNN»),
отвечает школе подтверждением с номером, а письма с незарегистрированных адресов, с превышением
лимитов или непрочитанные — помещает в карантин (см. реестр «Карантин»).

Порядок: `mailboxes` → `poll` (по каждому ящику) → `released` (письма, выпущенные из карантина)
→ `send` (отправка подтверждений из исходящих) → `announce` (сообщает проверке комплектности,
что есть новые документы, через Asset `docflow://intake/registered`).
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import AssetOrTimeSchedule, DeltaTriggerTimetable, dag, task
from airflow.sdk.exceptions import AirflowSkipException
from pydantic import ValidationError

from docflow.airflow.alerts import task_failed
from docflow.airflow.assets import INCOMING_MAIL, REGISTERED


def _poll_interval() -> timedelta:
    from docflow.config import get_settings
    try:
        return timedelta(minutes=get_settings().intake.poll_minutes)
    except (OSError, ValueError, ValidationError):  # unreadable settings: the DAG still parses
        return timedelta(minutes=5)


def _run_id(context) -> str:
    return f"{context['dag'].dag_id}/{context['run_id']}"


@dag(
    dag_id="docflow_intake",
    schedule=AssetOrTimeSchedule(timetable=DeltaTriggerTimetable(_poll_interval()), assets=[INCOMING_MAIL]),
    start_date=pendulum.datetime(2026, 1, 1, tz="Europe/Moscow"),
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["docflow", "почта"],
    default_args={"owner": "docflow", "on_failure_callback": task_failed,
                  "retries": 3, "retry_delay": timedelta(minutes=1),
                  "retry_exponential_backoff": True},
)
def docflow_intake():
    @task
    def mailboxes() -> list[str]:
        from docflow.config import get_settings
        return [m.name for m in get_settings().mailboxes]

    @task(max_active_tis_per_dagrun=4)
    def poll(name: str, **context) -> dict:
        from docflow.airflow.connections import imap_params
        from docflow.config import get_settings
        from docflow.intake.service import intake_mailbox
        s = get_settings()
        return intake_mailbox(s, name, imap_params(s.mailbox(name).imap_conn_id), run_id=_run_id(context))

    @task
    def released(reports: list[dict], **context) -> int:
        from docflow.config import get_settings
        from docflow.intake.service import process_released
        return sum(r["registered"] for r in reports) + len(process_released(get_settings(), run_id=_run_id(context)))

    @task
    def send(registered: int) -> dict:
        from docflow.config import get_settings
        from docflow.outbox import drain_all
        return drain_all(get_settings())

    @task(outlets=[REGISTERED])
    def announce(registered: int, _sent: dict) -> None:
        if not registered:
            raise AirflowSkipException("Новых зарегистрированных документов нет")

    count = released(poll.expand(name=mailboxes()))
    announce(count, send(count))


docflow_intake()
