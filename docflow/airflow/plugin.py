"""The docflow Airflow plugin: the staff web app in the API server and its entries in the UI's navigation.

Mounted at ``/docflow`` (``fastapi_apps``). ``external_views`` put "Документооборот" at the top level of
the UI's navigation and each register under Plugins → «Реестры docflow»; the UI shows them in a frame
at ``/plugin/<url_route>``. The app checks the Airflow user on every route (``docflow.airflow.web_auth``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from airflow.plugins_manager import AirflowPlugin

from docflow.airflow.web_auth import authenticate
from docflow.web import create_app

URL_PREFIX = "/docflow"
REGISTERS = [("incoming", "Входящие документы"), ("quarantine", "Карантин писем"), ("sites", "Площадки МИП"),
             ("meetings", "Заседания ММС"), ("documents", "Реестр документов"), ("outbox", "Исходящие письма"),
             ("deadlines", "Контроль исполнения")]


def _airflow_root() -> str:
    """The UI's base path from ``[api] base_url`` (as Airflow computes its API_ROOT_PATH), "" at the root."""
    from urllib.parse import urlsplit

    from airflow.configuration import conf
    return urlsplit(conf.get("api", "base_url", fallback="") or "").path.rstrip("/")


def _timetables() -> list:
    try:
        from docflow.airflow.timetables import TIMETABLES
    except ImportError:  # the calendar's timetables are not installed yet
        return []
    return list(TIMETABLES)


def nav_views(root: str = "") -> list[dict]:
    icon = f"{root}{URL_PREFIX}/static/icon.svg"
    views = [{"name": "Документооборот", "href": f"{root}{URL_PREFIX}/incoming", "url_route": "docflow",
              "destination": "nav", "nav_top_level": True, "icon": icon}]
    views += [{"name": name, "href": f"{root}{URL_PREFIX}/{key}", "url_route": f"docflow-{key}",
               "destination": "nav", "category": "Реестры docflow", "icon": icon} for key, name in REGISTERS]
    return views


class DocflowPlugin(AirflowPlugin):
    name = "docflow"
    fastapi_apps: ClassVar[list[Any]] = [{"app": create_app(authenticate, airflow_root=_airflow_root()),
                                          "url_prefix": URL_PREFIX, "name": "docflow"}]
    external_views: ClassVar[list[Any]] = nav_views(_airflow_root())
    timetables: ClassVar[list[Any]] = _timetables()
