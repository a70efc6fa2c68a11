"""The secretary's human-in-the-loop forms for the council DAG.

``CouncilFormOperator`` is a ``HITLOperator`` whose form (subject, body, fields) is built when the
task runs, from the meeting in the store. The submitted answer is checked at once
(``docflow.council.steps.check``). A form is a short chain of attempts (``form_chain``):
``results_form`` → ``results_form_2`` → ``results_form_3``. An accepted answer ends the chain
(the later attempts skip themselves); a refused one is returned with its refusals, and the next
attempt shows a fresh form with the refusals on top and the previous answer pre-filled. (A new
task is needed for a new form: Airflow keeps one form per task instance, even across retries —
a retry after an infrastructure failure shows the same form again, empty.)
Nothing is stored by these tasks; ``accepted_answer`` gives the downstream task the answer.
"""

from __future__ import annotations

from typing import Any

from airflow.providers.standard.operators.hitl import HITLOperator
from airflow.sdk import Param
from airflow.sdk.definitions.param import ParamsDict
from airflow.sdk.exceptions import AirflowException, AirflowSkipException

FORMS = ("agenda", "results")
ATTEMPTS = 3


class CouncilFormRefused(AirflowException):
    """Every attempt was refused; the message lists the last refusals (Russian)."""


def _responder(event: dict[str, Any]) -> str:
    user = event.get("responded_by_user") or {}
    return str(user.get("name") or user.get("id") or "") if isinstance(user, dict) else str(user)


def _meeting_id(value: Any) -> int:
    return int(value["meeting_id"] if isinstance(value, dict) else value)


class CouncilFormOperator(HITLOperator):
    template_fields = (*HITLOperator.template_fields, "meeting_id")

    def __init__(self, *, form: str, meeting_id: Any, previous: list[str] | None = None, **kwargs: Any) -> None:
        if form not in FORMS:
            raise ValueError(f"form must be one of {FORMS}")
        from docflow.council.forms import AGENDA_OPTION, RESULTS_OPTION
        kwargs.setdefault("subject", "Заседание совета")
        if previous:
            kwargs.setdefault("trigger_rule", "none_failed_min_one_success")
        if kwargs.get("assigned_users") is None:  # only the secretary answers (DOCFLOW_SECRETARY_LOGINS)
            from docflow.airflow.approval import respondents
            kwargs["assigned_users"] = respondents("DOCFLOW_SECRETARY_LOGINS")
        super().__init__(options=[AGENDA_OPTION if form == "agenda" else RESULTS_OPTION], **kwargs)
        self.form, self.meeting_id, self.previous = form, meeting_id, list(previous or [])

    def _last(self, context: Any) -> dict[str, Any] | None:
        if not self.previous:
            return None
        return context["ti"].xcom_pull(task_ids=self.previous[-1])

    def _load_form(self, last: dict[str, Any] | None) -> None:
        from docflow.council import steps
        spec = steps.form_spec(self.form, _meeting_id(self.meeting_id), last["refusals"] if last else None,
                               last["params_input"] if last else None)
        self.subject, self.body = spec["subject"], spec["body"]
        self.params = ParamsDict({k: Param(v.pop("default"), **v) for k, v in spec["params"].items()})

    def execute(self, context: Any):
        last = self._last(context)
        if self.previous and (last is None or last.get("accepted")):
            raise AirflowSkipException("ответ уже принят на предыдущем шаге")
        self._load_form(last)
        return super().execute(context)

    def execute_complete(self, context: Any, event: dict[str, Any]) -> Any:
        from docflow.council import steps
        self._load_form(self._last(context))
        params_input = dict(event.get("params_input") or {})
        responder = _responder(event)
        try:
            super().execute_complete(context, event)
            refusals = steps.check(self.form, _meeting_id(self.meeting_id), params_input, responder)
        except (ValueError, AirflowException) as exc:  # the answer does not fit the form's fields
            refusals = [f"Ответ не соответствует полям формы: {exc}"]
        if refusals:
            steps.remember_refusal(_meeting_id(self.meeting_id), self.form, context["ti"].try_number,
                                   refusals, params_input, responder)
            self.log.warning("Ответ не принят:\n%s", "\n".join(refusals))
        return {"accepted": not refusals, "refusals": refusals, "params_input": params_input,
                "responded_by": responder}


def form_chain(form: str, meeting_id: Any, attempts: int = ATTEMPTS
               ) -> tuple[CouncilFormOperator, CouncilFormOperator, list[str]]:
    """Chain the attempts of a form; return the first and the last task and all task ids."""
    ids: list[str] = []
    first = last = None
    for n in range(1, attempts + 1):
        task_id = f"{form}_form" if n == 1 else f"{form}_form_{n}"
        op = CouncilFormOperator(task_id=task_id, form=form, meeting_id=meeting_id, previous=list(ids))
        if last is not None:
            last >> op
        first, last = first or op, op
        ids.append(task_id)
    return first, last, ids


def accepted_answer(context: Any, task_ids: list[str]) -> dict[str, Any]:
    """The accepted answer among a form's attempts, or fail with the last refusals."""
    last = None
    for task_id in task_ids:
        value = context["ti"].xcom_pull(task_ids=task_id)
        if value:
            last = value
            if value.get("accepted"):
                return value
    raise CouncilFormRefused("Ответ секретаря не принят ни с одной попытки:\n"
                             + "\n".join((last or {}).get("refusals") or ["ответа нет"]))
