"""The FastAPI app factory: registers, downloads and actions behind an injected authenticator."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from docflow.actions.base import ActionRefused
from docflow.web.auth import CSRF_COOKIE, Authenticator, Refusal
from docflow.web.render import base_path, render

STATIC = Path(__file__).parent / "static"


def _today() -> date:
    from docflow.config import get_settings
    return datetime.now(get_settings().tz).date()


def create_app(authenticate: Authenticator | None = None, *, airflow_root: str = "",
               today: Callable[[], date] = _today, page_size: int = 50) -> FastAPI:
    """The staff app. ``authenticate`` decides who the user is (None: everyone is refused);
    ``airflow_root`` prefixes links to Airflow's UI (its base path, "" at the server root)."""
    from docflow.web.routes import actions, files, pages

    app = FastAPI(title="docflow", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.authenticate = authenticate
    app.state.airflow_root = airflow_root.rstrip("/")
    app.state.today = today
    app.state.page_size = page_size
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.include_router(pages.router)
    app.include_router(files.router)
    app.include_router(actions.router)

    @app.middleware("http")
    async def _headers(request: Request, call_next):
        response = await call_next(request)
        token = getattr(request.state, "new_csrf", None)
        if token:
            response.set_cookie(CSRF_COOKIE, token, path=base_path(request) or "/", httponly=True, samesite="strict",
                                secure=request.url.scheme == "https")
        response.headers.setdefault("Content-Security-Policy", "frame-ancestors 'self'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if response.headers.get("content-type", "").startswith("text/html"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(Refusal)
    async def _refusal(request: Request, exc: Refusal):
        return render(request, "message.html", exc.status, title=exc.title or "Ошибка", text=exc.message,
                      login=exc.status == 401)

    @app.exception_handler(ActionRefused)
    async def _refused(request: Request, exc: ActionRefused):
        return render(request, "message.html", 409, title="Действие не выполнено", text=str(exc), back=True)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        fields = ", ".join(str(e["loc"][-1]) for e in exc.errors())
        return render(request, "message.html", 400, title="Неверный запрос",
                      text=f"Проверьте заполнение полей: {fields}.", back=True)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        text = {404: "Страница не найдена.", 405: "Этот адрес принимает только отправку формы."}.get(
            exc.status_code, str(exc.detail))
        return render(request, "message.html", exc.status_code, title="Ошибка", text=text, back=True)

    return app
