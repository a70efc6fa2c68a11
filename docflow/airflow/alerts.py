"""Failure alerts: staff hear, in Russian, when a docflow task has failed for good.

Every docflow DAG sets ``on_failure_callback=task_failed`` in its default arguments. Airflow calls
it once a task's retries are spent (a retry calls ``on_retry_callback`` instead), so one broken
mailbox password makes one letter, not one per attempt. The letter goes through the smtp
provider's ``SmtpNotifier`` on the committee's SMTP connection to ``alerts.to`` of the settings
(or ``reporting.escalate_to``) and names the DAG, the task, the time in the committee's time zone,
the error and a link to the task's log.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

SUBJECT = "docflow: сбой задачи «{{ ti.task_id }}» процесса «{{ ti.dag_id }}»"
HTML = """<p>Задача <b>{{ ti.task_id }}</b> процесса <b>{{ ti.dag_id }}</b> завершилась ошибкой
и больше не будет повторяться автоматически (попытка {{ ti.try_number }}).</p>
<p>Запуск: {{ run_id }}<br>Время: {{ docflow_failed_at }}</p>
<p>Ошибка: {{ docflow_error }}</p>
<p><a href="{{ ti.log_url }}">Журнал задачи в Airflow</a></p>
<p>Что сделать: откройте журнал, устраните причину (например, пароль почтового ящика в подключении
Airflow) и перезапустите задачу («Clear») — повторный запуск безопасен.</p>"""


def recipients(settings) -> list[str]:
    return list(settings.alerts.to or settings.reporting.escalate_to)


def task_failed(context) -> None:
    """``on_failure_callback`` of every docflow task; an alert that cannot be sent is logged, never raised
    (the task's own failure stays what Airflow reports)."""
    try:
        _send(context)
    except Exception:
        log.exception("failure alert not sent")


def _send(context) -> None:
    from datetime import datetime

    from airflow.providers.smtp.notifications.smtp import SmtpNotifier

    from docflow.config import get_settings

    settings = get_settings()
    to = recipients(settings)
    ti = context.get("ti") or context.get("task_instance")
    if not to:
        log.error("task %s failed; no alert sent: alerts.to and reporting.escalate_to are empty",
                  getattr(ti, "task_id", "?"))
        return
    mailbox = settings.mailboxes[0]
    error = context.get("exception")
    context["docflow_error"] = f"{type(error).__name__}: {error}"[:2000] if error else "—"
    context["docflow_failed_at"] = datetime.now(settings.tz).strftime("%d.%m.%Y %H:%M")
    SmtpNotifier(to=to, from_email=mailbox.address, subject=SUBJECT, html_content=HTML,
                 smtp_conn_id=mailbox.smtp_conn_id, mime_charset="utf-8")(context)
