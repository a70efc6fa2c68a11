"""
### docflow_orders — приказ и распоряжение по решениям совета

Runs when the council publishes decisions (`docflow://council/decisions`, extra `{meeting_id}`),
or by hand with the `meeting_id` param.

1. **draft** — an order granting the status for approved applications and a directive on reports
   (with appendices), rendered from `include/templates/`; one document each, idempotent.
2. **approve** — one human-in-the-loop task per draft for the head (only the users in
   `DOCFLOW_HEAD_LOGINS` when set): title, summary, links to the draft's DOCX and PDF;
   «Утвердить» (comment optional) or «Вернуть на доработку» (comment required). Each answer is
   applied at once: the approved document is numbered, dated, rendered to DOCX and PDF, stored
   with its SHA-256, its deadlines become controlled items, and `docflow://documents/final`
   announces it to `docflow_distribution` — without waiting for the other drafts.
3. **summary** — what the run approved and returned.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Param, dag, task

from docflow.airflow.alerts import task_failed
from docflow.airflow.approval import DocumentApprovalOperator, comment_param
from docflow.airflow.assets import DECISIONS, FINAL

APPROVE, RETURN = "Утвердить", "Вернуть на доработку"  # = docflow.orders.flow.OPTIONS


def _web_root() -> str:
    """Where the staff app is mounted in the API server (links in the form), e.g. "/docflow"."""
    from urllib.parse import urlsplit

    from airflow.configuration import conf
    return urlsplit(conf.get("api", "base_url", fallback="") or "").path.rstrip("/") + "/docflow"


@dag(
    dag_id="docflow_orders",
    schedule=[DECISIONS],
    start_date=pendulum.datetime(2026, 1, 1, tz="Europe/Moscow"),
    catchup=False,
    doc_md=__doc__,
    tags=["docflow", "orders"],
    default_args={"owner": "docflow", "on_failure_callback": task_failed,
                  "retries": 2, "retry_delay": pendulum.duration(minutes=1)},
    params={"meeting_id": Param(None, type=["null", "integer"], title="Заседание (id), если запуск вручную")},
    max_active_runs=4,
)
def docflow_orders():
    @task
    def draft(**context) -> list[dict]:
        from docflow.orders.flow import draft_requests, meeting_ids_from
        meetings = meeting_ids_from(context.get("triggering_asset_events"), context["params"].get("meeting_id"))
        ids, requests = draft_requests(meetings, run_id=f"{context['dag'].dag_id}/{context['run_id']}",
                                       web_root=_web_root())
        context["ti"].xcom_push(key="document_ids", value=ids)
        return requests

    # a return without a comment fails the answer; the retry shows the form again with the reason
    approve = DocumentApprovalOperator.partial(
        task_id="approve", options=[APPROVE, RETURN], params=comment_param(), outlets=[FINAL], retries=10,
        retry_delay=pendulum.duration(seconds=5),
    ).expand_kwargs(draft())

    @task(trigger_rule="all_done")
    def summary(results) -> dict:
        done = [r for r in results if r]
        return {"approved": [r["document_id"] for r in done if r.get("approved")],
                "returned": [r["document_id"] for r in done if r.get("returned")],
                "conflicts": {r["document_id"]: r["conflict"] for r in done if r.get("conflict")}}

    summary(approve.output)


docflow_orders()
