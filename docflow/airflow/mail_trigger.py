"""Event trigger for the intake's AssetWatcher: new mail in an official mailbox, seconds after it lands.

One ``MailArrivalTrigger`` in the triggerer watches every official mailbox of the settings (or the
ones named), each on its own IMAP connection (credentials from its ``imap_conn_id`` connection):

- IMAP IDLE (RFC 2177) on the intake folder, examined read-only; an untagged ``EXISTS`` above the
  folder's count is new mail. IDLE is ended and issued again every ``renew_seconds`` (25 minutes by
  default: servers may drop an IDLE older than 30).
- A server without IDLE (or ``idle=False``) is polled: ``STATUS (UIDNEXT MESSAGES)`` every
  ``poll_seconds``; a grown UIDNEXT is new mail.
- A dropped connection or a failed login is retried with exponential backoff (1 s doubling up to
  ``max_backoff``); mail that came while it was down fires once on reconnect (UIDNEXT grew).

An event's payload names the mailbox: ``{"mailbox": "main", "mode": "idle", "uidnext": 42}``. Arrivals
within ``debounce`` seconds of each other make one event: a burst of letters is one intake run.
The trigger never ends and never raises: the watcher is for the life of the triggerer.
"""

from __future__ import annotations

import asyncio
import imaplib
import time
from collections.abc import AsyncIterator, Sequence
from typing import Any

from airflow.triggers.base import BaseEventTrigger, TriggerEvent

CLASSPATH = "docflow.airflow.mail_trigger.MailArrivalTrigger"


class MailboxWatch:
    """Blocking watch of one folder on one connection; used from a worker thread."""

    def __init__(self, params, folder: str, *, idle: bool = True, renew_seconds: float = 1500.0) -> None:
        self.params, self.folder = params, folder
        self.want_idle, self.renew_seconds = idle, renew_seconds
        self.reader = None
        self.mode = "idle"
        self.exists = 0
        self.uidnext: int | None = None
        self._idle_since: float | None = None

    def connect(self) -> None:
        from docflow.mail.imap import ImapReader
        self.close()
        self.reader = ImapReader(self.params).connect()
        self.mode = "idle" if self.want_idle and "IDLE" in self.reader.capabilities else "poll"
        if self.mode == "idle":
            state = self.reader.select(self.folder, readonly=True)
            self.exists, self.uidnext = state.exists, state.uidnext
        else:
            self.uidnext, self.exists = self._status()

    def _status(self) -> tuple[int | None, int]:
        st = self.reader.client.folder_status(self.folder, [b"UIDNEXT", b"MESSAGES"])
        return (int(st[b"UIDNEXT"]) if b"UIDNEXT" in st else None), int(st.get(b"MESSAGES", 0))

    def wait(self, timeout: float) -> bool:
        """Block up to ``timeout`` seconds; True when new mail arrived."""
        if self.mode == "poll":
            time.sleep(timeout)
            uidnext, self.exists = self._status()
            grown = uidnext is not None and self.uidnext is not None and uidnext > self.uidnext
            self.uidnext = uidnext
            return grown
        client = self.reader.client
        if self._idle_since is None:
            client.idle()
            self._idle_since = time.monotonic()
        started = time.monotonic()
        try:
            responses = client.idle_check(timeout=timeout)
        except imaplib.IMAP4.abort:
            # a response cut off mid-line («* 1 FETCH » and then the timeout): the connection's state is
            # unknown, so start over on a new one and tell by the message count whether mail came
            before = self.exists
            self._idle_since = None
            self.connect()
            return self.exists > before
        if any(item and item[0] == b"BYE" for item in responses):
            raise ConnectionError(f"the server ended the session: {responses}")
        if not responses and time.monotonic() - started < timeout * 0.9:
            # woken with nothing to read: imapclient reports EOF during IDLE that way. DONE asks
            # the server; a dead connection raises here, a live one is simply idled again.
            responses = self._idle_done()
        if self._idle_since is not None and time.monotonic() - self._idle_since >= self.renew_seconds:
            responses += self._idle_done()
        new = self._apply(responses)
        if new:
            # leave IDLE and examine the folder again: exact count and UIDNEXT, then a fresh IDLE
            if self._idle_since is not None:
                self._idle_done()
            state = self.reader.select(self.folder, readonly=True)
            self.exists, self.uidnext = state.exists, state.uidnext
        return new

    def _idle_done(self) -> list:
        self._idle_since = None
        _text, responses = self.reader.client.idle_done()
        return list(responses)

    def _apply(self, responses: list) -> bool:
        new = False
        for item in responses:
            if len(item) >= 2 and isinstance(item[0], int):
                if item[1] == b"EXISTS":
                    new |= item[0] > self.exists
                    self.exists = item[0]
                elif item[1] == b"EXPUNGE":
                    self.exists = max(0, self.exists - 1)
        return new

    def close(self) -> None:
        reader, self.reader, self._idle_since = self.reader, None, None
        if reader is not None:
            reader._drop()  # no LOGOUT: the connection may be mid-IDLE or already gone


class MailArrivalTrigger(BaseEventTrigger):
    """Fires when mail arrives in an official mailbox (IMAP IDLE, else polling)."""

    def __init__(self, *, mailboxes: Sequence[str] = (), poll_seconds: float = 30.0,
                 renew_seconds: float = 1500.0, max_backoff: float = 300.0, debounce: float = 1.0,
                 idle: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mailboxes = list(mailboxes)
        self.poll_seconds, self.renew_seconds = float(poll_seconds), float(renew_seconds)
        self.max_backoff, self.debounce, self.idle = float(max_backoff), float(debounce), bool(idle)

    def serialize(self) -> tuple[str, dict[str, Any]]:
        return CLASSPATH, {"mailboxes": self.mailboxes, "poll_seconds": self.poll_seconds,
                           "renew_seconds": self.renew_seconds, "max_backoff": self.max_backoff,
                           "debounce": self.debounce, "idle": self.idle}

    async def run(self) -> AsyncIterator[TriggerEvent]:
        from docflow.config import get_settings
        settings = await asyncio.to_thread(get_settings)
        boxes = [m for m in settings.mailboxes if not self.mailboxes or m.name in self.mailboxes]
        queue: asyncio.Queue[dict] = asyncio.Queue()
        tasks = [asyncio.create_task(self._watch(m.name, m.imap_conn_id, m.folder, queue)) for m in boxes]
        self.log.info("Watching %d mailbox(es) for new mail: %s", len(boxes), ", ".join(m.name for m in boxes))
        try:
            while True:
                payload = await queue.get()
                await asyncio.sleep(self.debounce)
                while not queue.empty():
                    payload = {**queue.get_nowait(), "coalesced": True}
                yield TriggerEvent(payload)
        finally:
            for t in tasks:
                t.cancel()

    async def _watch(self, name: str, conn_id: str, folder: str, queue: asyncio.Queue) -> None:
        from imapclient.exceptions import IMAPClientError

        from docflow.airflow.connections import imap_params
        from docflow.mail.imap import CONNECTION_ERRORS, ImapError

        failures = (ImapError, IMAPClientError, imaplib.IMAP4.error, TimeoutError, *CONNECTION_ERRORS)
        watch: MailboxWatch | None = None
        backoff, seen_uidnext, first = 1.0, None, True
        step = self.poll_seconds
        try:
            while True:
                try:
                    if watch is None:
                        params = await asyncio.to_thread(imap_params, conn_id)
                        watch = MailboxWatch(params, folder, idle=self.idle, renew_seconds=self.renew_seconds)
                        await asyncio.to_thread(watch.connect)
                        self.log.info("Mailbox %s: connected, %s mode, %d letter(s) in %s",
                                      name, watch.mode, watch.exists, folder)
                        backoff = 1.0
                        step = min(5.0, self.renew_seconds) if watch.mode == "idle" else self.poll_seconds
                        missed = (watch.exists > 0 if first else
                                  watch.uidnext is not None and seen_uidnext is not None
                                  and watch.uidnext > seen_uidnext)
                        first = False
                        if missed:
                            queue.put_nowait({"mailbox": name, "mode": watch.mode, "uidnext": watch.uidnext})
                    if await asyncio.to_thread(watch.wait, step):
                        queue.put_nowait({"mailbox": name, "mode": watch.mode, "uidnext": watch.uidnext})
                    seen_uidnext = watch.uidnext if watch.uidnext is not None else seen_uidnext
                except Exception as exc:  # the watcher outlives any one failure, e.g. a missing connection
                    if watch is not None:
                        seen_uidnext = watch.uidnext if watch.uidnext is not None else seen_uidnext
                        watch.close()
                        watch = None
                    self.log.warning("Mailbox %s: %s; reconnecting in %.0f s", name, exc, backoff,
                                     exc_info=not isinstance(exc, failures))
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, self.max_backoff)
        finally:
            if watch is not None:
                watch.close()
