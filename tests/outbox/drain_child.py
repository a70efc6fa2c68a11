"""A drain in its own process, for the concurrency and crash tests.

    python -m tests.outbox.drain_child MAILBOX SENDER SMTP_PORT [--imap-user ADDR --imap-port N]
                                       [--start-at EPOCH] [--die-after-send]

The store and the archive come from DOCFLOW_DATABASE_URL / DOCFLOW_DATA_DIR. With
``--die-after-send`` the process kills itself (SIGKILL) once the SMTP server has accepted the first
letter and its copy is in Sent, before the row is marked: a crash at the worst moment.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import time

from docflow.mail.imap import ImapParams
from docflow.mail.smtp import SmtpParams
from docflow.outbox import sender


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("mailbox")
    ap.add_argument("sender")
    ap.add_argument("smtp_port", type=int)
    ap.add_argument("--imap-user")
    ap.add_argument("--imap-port", type=int)
    ap.add_argument("--start-at", type=float, default=0)
    ap.add_argument("--die-after-send", action="store_true")
    a = ap.parse_args()
    if a.die_after_send:
        sender.after_send = lambda _row_id: os.kill(os.getpid(), signal.SIGKILL)
    imap = (ImapParams(host="127.0.0.1", port=a.imap_port, username=a.imap_user, password="demo",
                       security="plain", timeout=10) if a.imap_user else None)
    smtp = SmtpParams(host="127.0.0.1", port=a.smtp_port, security="plain", timeout=10)
    time.sleep(max(0.0, a.start_at - time.time()))
    report = sender.drain_mailbox(a.mailbox, a.sender, smtp, imap=imap)
    print(json.dumps({"sent": report.sent, "recovered": report.recovered, "retry": report.retry,
                      "failed": report.failed}))


if __name__ == "__main__":
    main()
