"""The committee staff's web app (registers and actions), mounted in Airflow's API server by the plugin.

Importable without Airflow: :func:`create_app` takes the authenticator as an argument; the Airflow glue
lives in ``docflow.airflow.web_auth``.
"""

from docflow.web.app import create_app
from docflow.web.auth import StaffUser

__all__ = ["StaffUser", "create_app"]
