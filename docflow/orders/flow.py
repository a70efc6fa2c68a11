"""The steps of the ``docflow_orders`` and ``docflow_distribution`` DAGs, without Airflow.

The DAG files are wiring only; these functions open their own units of work, so each step
commits on its own and a retried task repeats nothing (drafts, numbers and letters are idempotent).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

APPROVE, RETURN = "Утвердить", "Вернуть на доработку"
OPTIONS = [APPROVE, RETURN]


def meeting_ids_from(events: Mapping[Any, Iterable[Any]] | None, param: Any = None) -> list[int]:
    """Meeting ids from the triggering asset events' extra ``{meeting_id}`` and the run's param."""
    ids: list[int] = []
    for evs in (events or {}).values():
        for ev in evs:
            extra = getattr(ev, "extra", None) or (ev.get("extra") if isinstance(ev, Mapping) else None) or {}
            if extra.get("meeting_id") is not None:
                ids.append(int(extra["meeting_id"]))
    if param not in (None, ""):
        ids.append(int(param))
    return list(dict.fromkeys(ids))


class ReturnRefused(Exception):
    """«Вернуть на доработку» without a comment: the head is asked again (Russian message)."""


RETURN_NEEDS_COMMENT = ("Вернуть проект на доработку можно только с комментарием: укажите, что исправить. "
                        "Утвердить проект можно и без комментария.")


def draft_requests(meeting_ids: list[int], *, run_id: str = "", web_root: str = ""
                   ) -> tuple[list[int], list[dict[str, Any]]]:
    """Draft the meetings' documents; return their ids and one approval request (subject, body,
    document_id) each. ``web_root`` is where the staff app is mounted (links to the draft's files)."""
    from docflow.orders import drafts, review
    from docflow.store.db import unit_of_work
    ids: list[int] = []
    requests: list[dict[str, str]] = []
    for meeting_id in meeting_ids:
        with unit_of_work() as s:
            for doc in drafts.draft_for_meeting(s, meeting_id, actor="docflow_orders", run_id=run_id):
                if doc.status == "draft":
                    ids.append(doc.id)
                    requests.append({**review.approval_request(doc, web_root), "document_id": doc.id})
    return ids, requests


def _actor(response: Mapping[str, Any]) -> str:
    user = response.get("responded_by_user") or {}
    name = user.get("name") if isinstance(user, Mapping) else None
    return f"airflow:{name or 'unknown'}"


def apply_responses(document_ids: list[int], responses: Iterable[Mapping[str, Any]], *,
                    run_id: str = "") -> dict[str, Any]:
    """Apply the head's answers, in the order of the drafts: approve or return each document.

    The CLI is the other way to decide: a draft already approved or returned there is reported
    under ``conflicts`` (the earlier decision stands) instead of failing the task.
    """
    from docflow.orders import approval
    from docflow.store.db import unit_of_work
    done: dict[str, Any] = {"approved": [], "returned": [], "conflicts": {}}
    for document_id, response in zip(document_ids, list(responses), strict=True):
        chosen = response.get("chosen_options") or []
        comment = str((response.get("params_input") or {}).get("comment") or "").strip()
        try:
            with unit_of_work() as s:
                if APPROVE in chosen:
                    approval.approve(s, document_id, _actor(response), comment, run_id=run_id)
                    done["approved"].append(document_id)
                else:
                    approval.return_draft(s, document_id, _actor(response),
                                          comment or "Возвращено руководителем без комментария")
                    done["returned"].append(document_id)
        except approval.ApprovalError as exc:
            done["conflicts"][document_id] = str(exc)
    return done


def apply_one(document_id: int, response: Mapping[str, Any], *, run_id: str = "") -> dict[str, Any]:
    """Apply the head's answer to one draft at once: approve (numbered, final) or return with a comment.

    Returning without a comment raises ``ReturnRefused``; a decision already taken (e.g. in the CLI)
    is reported under ``conflict`` and stands.
    """
    from docflow.orders import approval
    from docflow.store.db import unit_of_work
    chosen = response.get("chosen_options") or []
    comment = str((response.get("params_input") or {}).get("comment") or "").strip()
    if APPROVE not in chosen and not comment:
        raise ReturnRefused(RETURN_NEEDS_COMMENT)
    done: dict[str, Any] = {"document_id": document_id, "approved": False, "returned": False, "conflict": ""}
    try:
        with unit_of_work() as s:
            if APPROVE in chosen:
                approval.approve(s, document_id, _actor(response), comment, run_id=run_id)
                done["approved"] = True
            else:
                approval.return_draft(s, document_id, _actor(response), comment)
                done["returned"] = True
    except approval.ApprovalError as exc:
        done["conflict"] = str(exc)
    return done


def distribute_and_report() -> dict[str, Any]:
    from docflow.orders.distribution import distribute_pending
    done = distribute_pending()
    return {"documents": [d.document_id for d in done], "letters": sum(len(d.queued) for d in done),
            "incomplete": {d.document_id: d.missing for d in done if d.missing}}
