"""Who is asking, and may they act: the app's only gate, plus CSRF protection for its POST forms.

The app never trusts the request by itself: an injected *authenticator* (an async callable taking the
request) returns a :class:`StaffUser` or ``None``. Without an authenticator every request is refused.
Reading needs ``can_read``; every action needs ``can_act`` and a valid CSRF token: the double-submit
pattern (a random value in a cookie scoped to the app that the form echoes back) plus a same-origin check.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import Request

CSRF_COOKIE = "docflow_csrf"
CSRF_FIELD = "csrf_token"


@dataclass(frozen=True)
class StaffUser:
    name: str
    can_read: bool = True
    can_act: bool = False
    role: str = ""


Authenticator = Callable[[Request], Awaitable[StaffUser | None]]


class Refusal(Exception):
    """An HTTP refusal with a Russian message for the page."""

    def __init__(self, status: int, message: str, title: str = "") -> None:
        super().__init__(message)
        self.status, self.message, self.title = status, message, title


async def current_user(request: Request) -> StaffUser:
    """FastAPI dependency: the authenticated reader, or 401 / 403."""
    authenticate: Authenticator | None = request.app.state.authenticate
    user = await authenticate(request) if authenticate else None
    if user is None:
        raise Refusal(401, "Войдите в Airflow под своей учётной записью, затем откройте страницу снова.",
                      "Требуется вход")
    if not user.can_read:
        raise Refusal(403, f"У пользователя «{user.name}» нет доступа к реестрам документооборота.", "Доступ закрыт")
    request.state.staff_user = user
    return user


def csrf_token(request: Request) -> str:
    """The token for this browser: the cookie's value, or a new one (set on the response by middleware)."""
    token = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf", None)
    if not token:
        token = secrets.token_urlsafe(32)
        request.state.new_csrf = token
    return token


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin or origin == "null":
        return origin != "null"
    from urllib.parse import urlsplit
    o = urlsplit(origin)
    host = request.headers.get("x-forwarded-host") or request.headers.get("host", "")
    return o.netloc == host


async def actor(request: Request) -> StaffUser:
    """FastAPI dependency for POST actions: an authenticated user allowed to act, with a valid form token."""
    user = await current_user(request)
    if not user.can_act:
        raise Refusal(403, f"У пользователя «{user.name}» только просмотр: действия доступны ролям "
                           f"«оператор» и «администратор».", "Действие запрещено")
    form = await request.form()
    sent = str(form.get(CSRF_FIELD) or "")
    cookie = request.cookies.get(CSRF_COOKIE) or ""
    if not (sent and cookie and hmac.compare_digest(sent, cookie)) or not _same_origin(request):
        raise Refusal(403, "Форма устарела или отправлена не со страницы реестра. Обновите страницу и повторите.",
                      "Действие не выполнено")
    return user
