"""The Assets docflow's DAGs share, declared once.

``INCOMING_MAIL`` carries the watcher: the triggerer holds IMAP IDLE on the official mailboxes
(``docflow.airflow.mail_trigger``) and each arrival is an event on it, which starts
``docflow_intake`` within seconds; the intake's poll schedule stays as the safety net.
"""

from __future__ import annotations

from airflow.sdk import Asset, AssetWatcher

from docflow.airflow.mail_trigger import MailArrivalTrigger

INCOMING_MAIL = Asset("docflow://mail/incoming", watchers=[
    AssetWatcher(name="docflow_mail_arrival", trigger=MailArrivalTrigger()),
])
REGISTERED = Asset("docflow://intake/registered")
CHECKED = Asset("docflow://validation/checked")
FINAL = Asset("docflow://documents/final")
DECISIONS = Asset("docflow://council/decisions")
