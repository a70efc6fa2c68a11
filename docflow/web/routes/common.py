"""Shared bits of the route modules: the session, paging, filter values."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi import Request
from sqlalchemy.orm import Session

from docflow.web.auth import Refusal


def db() -> Iterator[Session]:
    """FastAPI dependency: one unit of work per request (commits when the handler succeeds)."""
    from docflow.store.db import unit_of_work
    with unit_of_work() as s:
        yield s


def paging(request: Request, page: int) -> tuple[int, int]:
    size = request.app.state.page_size
    page = max(1, page)
    return size, (page - 1) * size


def pager(total: int, limit: int, offset: int) -> dict[str, Any]:
    page = offset // limit + 1
    pages = max(1, -(-total // limit))
    return {"page": page, "pages": pages, "total": total, "first": offset + 1 if total else 0,
            "last": min(offset + limit, total)}


def clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value[:200] or None


def listing(fn, session: Session, **kwargs):
    """Call a registers function; a bad sort key becomes a 400 page instead of a traceback."""
    try:
        return fn(session, **kwargs)
    except ValueError as exc:
        raise Refusal(400, str(exc), "Неверный запрос") from exc
