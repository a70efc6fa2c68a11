"""The secretary's human-in-the-loop forms for the council DAG.

``CouncilFormOperator`` is a ``HITLOperator`` whose form (subject, body, fields) is built when the
task runs, from the meeting in the store. When the answer is submitted it is checked
(``docflow.council.steps.check``): if anything is wrong the task fails with the Russian refusals,
records them, and its retry shows a fresh form with the refusals on top and the previous answer
pre-filled, so the secretary corrects it and submits again. Nothing is stored until the answer
is accepted; the task returns ``{chosen_options, params_input, responded_by_user, …}``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from airflow.providers.standard.operators.hitl import HITLOperator
from airflow.sdk import Param
from airflow.sdk.definitions.param import ParamsDict
from airflow.sdk.exceptions import AirflowException

FORMS = ("agenda", "results")


class CouncilFormRefused(AirflowException):
    """The secretary's answer cannot be accepted; the message lists every reason (Russian)."""


def _responder(event_or_ret: dict[str, Any]) -> str:
    user = event_or_ret.get("responded_by_user") or {}
    return str(user.get("name") or user.get("id") or "") if isinstance(user, dict) else str(user)


class CouncilFormOperator(HITLOperator):
    template_fields = (*HITLOperator.template_fields, "meeting_id")

    def __init__(self, *, form: str, meeting_id: Any, retries: int = 50,
                 retry_delay: timedelta = timedelta(seconds=1), **kwargs: Any) -> None:
        if form not in FORMS:
            raise ValueError(f"form must be one of {FORMS}")
        from docflow.council.forms import AGENDA_OPTION, RESULTS_OPTION
        option = AGENDA_OPTION if form == "agenda" else RESULTS_OPTION
        kwargs.setdefault("subject", "Заседание совета")
        super().__init__(options=[option], retries=retries, retry_delay=retry_delay, **kwargs)
        self.form = form
        self.meeting_id = meeting_id

    def _meeting_id(self) -> int:
        mid = self.meeting_id
        if isinstance(mid, dict):
            mid = mid["meeting_id"]
        return int(mid)

    def _load_form(self, context: Any) -> None:
        from docflow.council import steps
        try_number = context["ti"].try_number
        last = steps.last_refusal(self._meeting_id(), self.form, try_number)
        spec = steps.form_spec(self.form, self._meeting_id(), last["refusals"] if last else None,
                               last["params_input"] if last else None)
        self.subject, self.body = spec["subject"], spec["body"]
        self.params = ParamsDict({k: Param(v.pop("default"), **v) for k, v in spec["params"].items()})

    def execute(self, context: Any):
        self._load_form(context)
        return super().execute(context)

    def execute_complete(self, context: Any, event: dict[str, Any]) -> Any:
        from docflow.council import steps
        self._load_form(context)
        params_input = dict(event.get("params_input") or {})
        try:
            ret = super().execute_complete(context, event)
            refusals = steps.check(self.form, self._meeting_id(), params_input, _responder(event))
        except CouncilFormRefused:
            raise
        except (ValueError, AirflowException) as exc:  # the answer does not fit the form's fields
            ret, refusals = None, [f"Ответ не соответствует полям формы: {exc}"]
        if refusals:
            steps.remember_refusal(self._meeting_id(), self.form, context["ti"].try_number, refusals,
                                   params_input, _responder(event))
            raise CouncilFormRefused("Ответ не принят:\n" + "\n".join(refusals))
        return {**ret, "responded_by": _responder(event)}
