"""
### Решение специалиста о комплектности — `docflow_submission_override`

Форма для специалиста: признать документ полным или неполным вручную (например, после проверки
скана), с обязательным обоснованием. Запустите DAG кнопкой «Trigger» и заполните поля. Решение и
имя специалиста записываются в историю документа.
"""

from __future__ import annotations

import pendulum
from airflow.sdk import Param, dag, task

from docflow.airflow.alerts import task_failed


@dag(
    dag_id="docflow_submission_override",
    schedule=None,
    start_date=pendulum.datetime(2026, 1, 1, tz="Europe/Moscow"),
    catchup=False,
    doc_md=__doc__,
    tags=["docflow", "проверка"],
    default_args={"owner": "docflow", "on_failure_callback": task_failed, "retries": 1},
    params={
        "reg_number": Param("", type="string", minLength=3, title="Регистрационный номер",
                            description="Номер документа в журнале входящих, например Вх-2026-00042"),
        "decision": Param("complete", enum=["complete", "incomplete"], title="Решение",
                          values_display={"complete": "Комплект полный", "incomplete": "Комплект неполный"}),
        "reason": Param("", type="string", minLength=5, title="Обоснование",
                        description="Обязательно: почему принято такое решение"),
    },
)
def docflow_submission_override():
    @task
    def override(params: dict, **context) -> dict:
        from airflow.sdk.exceptions import AirflowFailException
        from sqlalchemy import select

        from docflow.actions import ActionRefused
        from docflow.actions.submissions import override_submission
        from docflow.store.db import unit_of_work
        from docflow.store.models import Submission
        actor = getattr(context["dag_run"], "triggering_user_name", None) or "airflow"
        with unit_of_work() as s:
            sub_id = s.scalar(select(Submission.id).where(Submission.reg_number == params["reg_number"].strip()))
            if sub_id is None:  # a wrong number is not retried: the specialist corrects the form
                raise AirflowFailException(f"Документ № {params['reg_number']} не найден в журнале входящих")
            try:
                return override_submission(s, actor=actor, submission_id=sub_id,
                                           complete=params["decision"] == "complete", reason=params["reason"])
            except ActionRefused as exc:
                raise AirflowFailException(str(exc)) from None

    override()


docflow_submission_override()
