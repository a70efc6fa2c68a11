"""
### docflow_orders — приказ и распоряжение по решениям совета

Runs when the council publishes decisions (`docflow://council/decisions`, extra `{meeting_id}`),
or by hand with the `meeting_id` param.

1. **draft** — an order granting the status for approved applications and a directive on reports
   (with appendices), rendered from `include/templates/`; one document each, idempotent.
2. **approve** — one human-in-the-loop task per draft for the head: title, summary and the path
   of the draft DOCX; «Утвердить» or «Вернуть на доработку» with a comment.
3. **finalize** — number from the register, date, final DOCX (+PDF), SHA-256, deadlines;
   emits `docflow://documents/final` for `docflow_distribution`.
"""

from __future__ import annotations

import pendulum
from airflow.providers.standard.operators.hitl import HITLOperator
from airflow.sdk import Asset, Param, dag, task
from airflow.sdk.exceptions import AirflowSkipException

DECISIONS = Asset("docflow://council/decisions")
FINAL = Asset("docflow://documents/final")
APPROVE, RETURN = "Утвердить", "Вернуть на доработку"  # = docflow.orders.flow.OPTIONS


@dag(
    dag_id="docflow_orders",
    schedule=[DECISIONS],
    start_date=pendulum.datetime(2026, 1, 1, tz="Europe/Moscow"),
    catchup=False,
    doc_md=__doc__,
    tags=["docflow", "orders"],
    default_args={"owner": "docflow", "retries": 2, "retry_delay": pendulum.duration(minutes=1)},
    params={"meeting_id": Param(None, type=["null", "integer"], title="Заседание (id), если запуск вручную")},
    max_active_runs=4,
)
def docflow_orders():
    @task
    def draft(**context) -> list[dict]:
        from docflow.orders.flow import draft_requests, meeting_ids_from
        meetings = meeting_ids_from(context.get("triggering_asset_events"), context["params"].get("meeting_id"))
        ids, requests = draft_requests(meetings, run_id=f"{context['dag'].dag_id}/{context['run_id']}")
        context["ti"].xcom_push(key="document_ids", value=ids)
        return requests

    approve = HITLOperator.partial(
        task_id="approve",
        options=[APPROVE, RETURN],
        params={"comment": Param("", type="string", title="Комментарий (обязателен при возврате)")},
    ).expand_kwargs(draft())

    @task(outlets=[FINAL])
    def finalize(responses, **context) -> dict:
        from docflow.orders.flow import apply_responses
        ids = context["ti"].xcom_pull(task_ids="draft", key="document_ids") or []
        done = apply_responses(ids, responses, run_id=f"{context['dag'].dag_id}/{context['run_id']}")
        if not done["approved"]:
            raise AirflowSkipException("Ни один проект не утверждён: рассылать нечего")
        context["outlet_events"][FINAL].extra = {"document_ids": done["approved"]}
        return done

    finalize(approve.output)


docflow_orders()
