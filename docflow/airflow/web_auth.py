"""Airflow's login for the docflow web app: the same JWT the Airflow UI uses, checked the same way.

The UI keeps the auth manager's JWT in the ``_token`` cookie (API clients send ``Authorization: Bearer``).
We resolve the user exactly as Airflow's own routes do, with ``airflow.api_fastapi.core_api.security.get_user``
(which validates the token with the auth manager and honours the refresh middleware), then decide:

* read: ``auth_manager.is_authorized_custom_view(method="GET", resource_name="Docflow")``;
* act: SimpleAuthManager roles OP and ADMIN; any other auth manager decides through
  ``is_authorized_custom_view(method="POST", resource_name="Docflow")`` (e.g. a FAB permission).
"""

from __future__ import annotations

import logging

from fastapi import HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials

from docflow.web.auth import StaffUser

log = logging.getLogger(__name__)
RESOURCE = "Docflow"
ACTING_ROLES = {"OP", "ADMIN"}


def _bearer(request: Request) -> HTTPAuthorizationCredentials | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return HTTPAuthorizationCredentials(scheme="Bearer", credentials=token.strip())
    return None


def permissions(user) -> tuple[bool, bool]:
    """(can_read, can_act) for an Airflow user, by the auth manager in use."""
    from airflow.api_fastapi.app import get_auth_manager
    am = get_auth_manager()
    can_read = bool(am.is_authorized_custom_view(method="GET", resource_name=RESOURCE, user=user))
    role = getattr(user, "role", None)
    if type(am).__name__ == "SimpleAuthManager":
        can_act = bool(role) and role.upper() in ACTING_ROLES
    else:
        can_act = bool(am.is_authorized_custom_view(method="POST", resource_name=RESOURCE, user=user))
    return can_read, can_read and can_act


async def authenticate(request: Request) -> StaffUser | None:
    """The docflow app's authenticator inside Airflow's API server."""
    from airflow.api_fastapi.core_api.security import get_user
    try:
        user = await get_user(request, None, _bearer(request))
    except HTTPException as exc:
        log.debug("docflow web: request not authenticated (%s)", exc.detail)
        return None
    can_read, can_act = permissions(user)
    return StaffUser(name=user.get_name(), can_read=can_read, can_act=can_act, role=getattr(user, "role", "") or "")
