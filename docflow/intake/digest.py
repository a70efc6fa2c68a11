"""The daily digest of quarantined letters: one letter a day to staff, listing what waits for a person.

A letter is quarantined when nobody should answer it automatically (an unknown or unverified
sender, a forged delivery report, a letter that fails again and again, one over the limits). Staff
must not have to remember to look: every morning the execution-control run sends one list.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from docflow import outbox
from docflow.config import Settings
from docflow.store.enums import MessageStatus as MS
from docflow.store.models import Message
from docflow.textfmt import fmt_date, signature

LIMIT = 100  # letters named in one digest; the register shows the rest


def quarantine_digest(session: Session, settings: Settings, today: dt.date) -> int | None:
    """Queue today's digest (once a day); the outbox row id, or None when nothing waits or nobody is named."""
    to = list(settings.alerts.to or settings.reporting.escalate_to)
    waiting = list(session.scalars(select(Message).where(Message.status == MS.QUARANTINED)
                                   .order_by(Message.created_at, Message.id).limit(LIMIT + 1)))
    if not to or not waiting:
        return None
    since = dt.datetime.combine(today - dt.timedelta(days=1), dt.time(8, 30), settings.tz)
    fresh = sum(m.created_at >= since for m in waiting)
    lines = [f"На {fmt_date(today)} на карантине ожидают решения специалиста писем: "
             f"{len(waiting) if len(waiting) <= LIMIT else f'более {LIMIT}'} (поступило за сутки: {fresh}).", ""]
    for m in waiting[:LIMIT]:
        received = m.created_at.astimezone(settings.tz).strftime("%d.%m.%Y %H:%M")
        subject = (m.subject or "без темы")[:120]
        lines.append(f"№ {m.id} от {received}, {m.from_addr or 'отправитель не указан'} — «{subject}»: "
                     f"{(m.error or 'причина не указана').rstrip('.')}.")
    lines += ["", "Письма на карантине никому не отвечены. Разберите их в реестре «Карантин»: выпустить "
              "письмо (оно будет зарегистрировано) или отклонить его с указанием причины.", "", signature(settings)]
    mailbox = settings.mailboxes[0]
    row = outbox.enqueue(session, dedup_key=f"quarantine-digest:{today.isoformat()}", kind="digest",
                         sender=mailbox.address, to=to, subject=f"Карантин входящей почты на {fmt_date(today)}",
                         body="\n".join(lines), mailbox=mailbox.name)
    return row.id
