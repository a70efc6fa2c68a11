"""
### docflow_council — заседание муниципального методического совета

One run per meeting of the council (the meeting timetable from the settings: the run on a
meeting date prepares the **next** meeting), or a manual run with `meeting_date` for an
extraordinary meeting (or to prepare a regular one at once).

1. **prepare_meeting** — waits until the agenda is due (`agenda_lead_working_days` before the
   meeting), creates the meeting and draws up the agenda from complete submissions; a regular
   meeting with nothing to hear is skipped.
2. **agenda_form** (then `_2`, `_3` if an answer is refused) — the secretary confirms or edits
   the agenda (Airflow UI → Required actions).
3. **confirm_agenda**, **send_agenda** — agenda DOCX to the members, invitations to the schools.
4. **results_form** (then `_2`, `_3` if an answer is refused) — after the meeting the secretary
   records attendance, votes, questions, remarks and decisions; a wrong answer comes back with
   the reasons.
5. **store_results** → **issue_protocol** — decisions stored, protocol and extracts issued and
   sent; the Asset `docflow://council/decisions` tells the orders workflow.

**send_agenda_letters**, **send_outcome_letters** drain the outbox right after the letters are
queued (`docflow.outbox.drain_all`), so they leave within a minute, not at the next safety net.
"""

from __future__ import annotations

from datetime import timedelta

from airflow.sdk import Param, PokeReturnValue, dag, get_current_context, task
from airflow.sdk.exceptions import AirflowSkipException

from docflow.airflow.alerts import task_failed
from docflow.airflow.assets import DECISIONS
from docflow.airflow.council import accepted_answer, form_chain


def _schedule():
    from docflow.airflow.timetables import CouncilMeetingTimetable
    from docflow.config import get_settings

    s = get_settings()
    rule = s.council.meeting_rule
    return CouncilMeetingTimetable(rule.model_dump(include={"weekday", "nth", "months"}),
                                   tz=s.committee.timezone, at=rule.time)


@dag(
    dag_id="docflow_council",
    schedule=_schedule(),
    catchup=False,
    doc_md=__doc__,
    tags=["docflow", "council"],
    default_args={"owner": "docflow", "on_failure_callback": task_failed,
                  "retries": 2, "retry_delay": timedelta(minutes=1)},
    params={"meeting_date": Param(None, type=["null", "string"], format="date",
                                  title="Дата заседания (для внеочередного)",
                                  description="Пусто — следующее очередное заседание по календарю")},
    max_active_runs=3,
)
def docflow_council():
    @task.sensor(poke_interval=3600, timeout=int(timedelta(days=150).total_seconds()), mode="reschedule")
    def prepare_meeting(params=None, dag_run=None) -> PokeReturnValue:
        from docflow.council import steps

        when = dag_run.logical_date or dag_run.run_after
        run_date = when.astimezone(steps.get_settings().tz).date()
        info = steps.prepare(run_date, params.get("meeting_date"), run_id=f"{dag_run.dag_id}/{dag_run.run_id}")
        if info is not None and not info["items"] and info["kind"] == "regular":
            raise AirflowSkipException(f"Заседание {info['held_on']}: вопросов для рассмотрения нет")
        return PokeReturnValue(is_done=info is not None, xcom_value=info)

    @task(trigger_rule="none_failed_min_one_success")
    def confirm_agenda(prepared: dict) -> dict:
        from docflow.council import steps

        ctx = get_current_context()
        answer = accepted_answer(ctx, agenda_ids)
        return steps.confirm_agenda(prepared["meeting_id"], answer["params_input"],
                                    actor=answer.get("responded_by") or "secretary",
                                    run_id=f"{ctx['dag'].dag_id}/{ctx['run_id']}")

    @task
    def send_agenda(confirmed: dict) -> list[int]:
        from docflow.council import steps

        return steps.send_agenda(confirmed["meeting_id"], confirmed.get("time", ""))

    @task(trigger_rule="none_failed_min_one_success")
    def store_results(prepared: dict) -> dict:
        from docflow.council import steps

        ctx = get_current_context()
        answer = accepted_answer(ctx, results_ids)
        return steps.record_results(prepared["meeting_id"], answer["params_input"],
                                    actor=answer.get("responded_by") or "secretary",
                                    run_id=f"{ctx['dag'].dag_id}/{ctx['run_id']}")

    @task(outlets=[DECISIONS])
    def issue_protocol(stored: dict) -> dict:
        from docflow.council import steps

        ctx = get_current_context()
        out = steps.issue(stored["meeting_id"], run_id=f"{ctx['dag'].dag_id}/{ctx['run_id']}")
        ctx["outlet_events"][DECISIONS].extra = {"meeting_id": out["meeting_id"],
                                                 "protocol_document_id": out["protocol_document_id"]}
        return out

    @task
    def send_agenda_letters(_queued) -> dict:
        from docflow.config import get_settings
        from docflow.outbox import drain_all
        return drain_all(get_settings())

    @task
    def send_outcome_letters(_issued) -> dict:
        from docflow.config import get_settings
        from docflow.outbox import drain_all
        return drain_all(get_settings())

    prepared = prepare_meeting()
    _, agenda_last, agenda_ids = form_chain("agenda", prepared)
    confirmed = confirm_agenda(prepared)
    agenda_last >> confirmed
    sent = send_agenda(confirmed)
    send_agenda_letters(sent)
    results_first, results_last, results_ids = form_chain("results", prepared)
    sent >> results_first
    stored = store_results(prepared)
    results_last >> stored
    send_outcome_letters(issue_protocol(stored))


docflow_council()
