"""The head's approval: one human-in-the-loop form per draft, applied as soon as it is answered.

Each draft is finalised by its own answer (numbered, rendered, archived, announced on
``docflow://documents/final``), whatever happens to the other drafts of the run. «Утвердить» needs
no comment; «Вернуть на доработку» without one is refused: the task fails with the reason and its
retry (seconds later) asks again. (Airflow keeps the first form's text across retries, so the body
states the rule from the start.) ``DOCFLOW_HEAD_LOGINS`` (Airflow user names, comma-separated)
makes the form answerable only by them.
"""

from __future__ import annotations

import os
from typing import Any

from airflow.providers.standard.operators.hitl import HITLOperator
from airflow.sdk import Param
from airflow.sdk.exceptions import AirflowException

from docflow.airflow.assets import FINAL


def respondents(env: str = "DOCFLOW_HEAD_LOGINS") -> list[dict[str, str]] | None:
    """The Airflow users who may answer (``HITLUser`` dicts), or None: anyone allowed to act."""
    logins = [x.strip() for x in os.environ.get(env, "").split(",") if x.strip()]
    return [{"id": x, "name": x} for x in logins] or None


def comment_param() -> dict[str, Param]:
    """The form's one field; pass it to ``partial(params=…)`` (params set later are filtered out)."""
    return {"comment": Param(None, type=["null", "string"], format="multiline", title="Комментарий", source="task",
                             description="При утверждении — по желанию; при возврате на доработку — "
                                         "обязательно: что исправить")}


class ApprovalRefused(AirflowException):
    """The answer cannot be applied (Russian message); the retry asks again."""


class DocumentApprovalOperator(HITLOperator):
    template_fields = (*HITLOperator.template_fields, "document_id")

    def __init__(self, *, document_id: Any = None, **kwargs: Any) -> None:
        if kwargs.get("assigned_users") is None:
            kwargs["assigned_users"] = respondents()
        super().__init__(**kwargs)
        self.document_id = document_id

    def execute_complete(self, context: Any, event: dict[str, Any]) -> Any:
        from docflow.orders.flow import ReturnRefused, apply_one
        result = dict(super().execute_complete(context, event))
        try:
            done = apply_one(int(self.document_id), result,
                             run_id=f"{context['dag'].dag_id}/{context['run_id']}")
        except ReturnRefused as exc:
            raise ApprovalRefused(str(exc)) from None
        if done["approved"]:
            context["outlet_events"][FINAL].extra = {"document_ids": [done["document_id"]]}
        return {**result, **done}
