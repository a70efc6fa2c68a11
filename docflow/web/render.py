"""Templates and the filters staff see: Russian labels, dates as ДД.ММ.ГГГГ in the committee's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from docflow.actions.base import label
from docflow.web.auth import CSRF_FIELD, csrf_token

TEMPLATES = Path(__file__).parent / "templates"


def _tz():
    from docflow.config import get_settings
    return get_settings().tz


def _parse(v: Any) -> date | datetime | None:
    if v in (None, ""):
        return None
    if isinstance(v, datetime | date):
        return v
    s = str(v)
    return datetime.fromisoformat(s) if len(s) > 10 else date.fromisoformat(s)


def _local(v: datetime) -> datetime:
    return (v if v.tzinfo else v.replace(tzinfo=UTC)).astimezone(_tz())


def ru_date(v: Any) -> str:
    d = _parse(v)
    if d is None:
        return ""
    return (_local(d) if isinstance(d, datetime) else d).strftime("%d.%m.%Y")


def ru_datetime(v: Any) -> str:
    d = _parse(v)
    if d is None:
        return ""
    return _local(d).strftime("%d.%m.%Y %H:%M") if isinstance(d, datetime) else d.strftime("%d.%m.%Y")


def ru_size(n: Any) -> str:
    n = int(n or 0)
    for unit in ("байт", "КБ", "МБ"):
        if n < 1024 or unit == "МБ":
            return f"{n} {unit}" if unit == "байт" else f"{n:.1f} {unit}".replace(".", ",")
        n /= 1024
    return str(n)


def plural(n: int, one: str, few: str, many: str) -> str:
    n10, n100 = n % 10, n % 100
    word = one if n10 == 1 and n100 != 11 else few if 2 <= n10 <= 4 and not 12 <= n100 <= 14 else many
    return f"{n} {word}"


# A decision shown as its result («одобрено»), not as the option the secretary picked («одобрить»).
DECISION_RESULTS = {"approve": "одобрено", "reject": "отклонено", "return": "возвращено на доработку",
                    "note": "принято к сведению", "withdraw": "снято с рассмотрения"}
SEVERITY = {"error": "ошибка", "warning": "предупреждение", "staff": "для специалиста"}


def ru_label(code: Any, kind: str = "") -> str:
    if kind == "decision" and code in DECISION_RESULTS:
        return DECISION_RESULTS[code]
    if kind == "severity":
        return SEVERITY.get(code, SEVERITY["error"])
    return label(code, kind)


def actor(name: Any) -> str:
    """Who did it, as staff read it: an Airflow user's name, «система» for docflow itself."""
    text = str(name or "").strip()
    if text in ("", "system") or text.startswith("docflow"):
        return "система" if text else "—"
    return text.removeprefix("airflow:").removeprefix("cli:")


_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)
_env.filters.update(ru_date=ru_date, ru_datetime=ru_datetime, label=ru_label, ru_size=ru_size, actor=actor)
_env.globals.update(plural=plural)


def base_path(request: Request) -> str:
    return request.scope.get("root_path", "").rstrip("/")


def run_url(request: Request, run_id: str | None) -> str | None:
    """Link to the Airflow run stored as "dag_id/run_id" (the UI route /dags/<dag_id>/runs/<run_id>)."""
    if not run_id or "/" not in run_id:
        return None
    dag_id, run = run_id.split("/", 1)
    root = request.app.state.airflow_root
    return f"{root}/dags/{quote(dag_id, safe='')}/runs/{quote(run, safe='')}"


def query(request: Request, **changes: Any) -> str:
    """The current query string with ``changes`` applied (None removes a key); page resets unless given."""
    params = dict(request.query_params)
    params.pop("done", None)
    if "page" not in changes:
        params.pop("page", None)
    for k, v in changes.items():
        if v is None or v == "":
            params.pop(k, None)
        else:
            params[k] = str(v)
    return "?" + urlencode(params) if params else "?"


def render(request: Request, template: str, status_code: int = 200, **ctx: Any) -> HTMLResponse:
    user = getattr(request.state, "staff_user", None)
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "done"]
    request.state.here = request.url.path + ("?" + urlencode(params) if params else "")
    html = _env.get_template(template).render(
        request=request, base=base_path(request), user=user, csrf_field=CSRF_FIELD,
        csrf=csrf_token(request) if user else "", run_url=lambda r: run_url(request, r),
        query=lambda **kw: query(request, **kw), done=request.query_params.get("done"), **ctx)
    return HTMLResponse(html, status_code=status_code)
