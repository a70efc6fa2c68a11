"""IMAP reader adapter on imapclient: PEEK fetches by UID, folders, move, reconnect on drop.

    params = ImapParams(host="127.0.0.1", port=1143, username="mip@komitet.ru", password="demo",
                        security="plain")
    with ImapReader(params) as imap:
        box = imap.select("INBOX")            # box.uidvalidity, box.uidnext, box.exists
        for batch in imap.fetch(imap.uids(after=last_uid)):
            for msg in batch: ...             # msg.uid, msg.raw, msg.size, msg.internaldate
        imap.ensure_folder("Processed")
        imap.move([uid], "Processed")
"""

from __future__ import annotations

import imaplib
import ipaddress
import socket
import ssl
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, TypeVar

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError

Security = Literal["ssl", "starttls", "plain"]
T = TypeVar("T")

# Errors after which the connection is unusable and a reconnect may help.
CONNECTION_ERRORS = (OSError, EOFError, imaplib.IMAP4.abort, ssl.SSLError)


class ImapError(Exception):
    """An IMAP operation failed (after one reconnect where the operation was idempotent)."""


class InsecureConnectionError(ImapError):
    """Plain (unencrypted) IMAP was requested for a host that is not loopback."""


@dataclass(frozen=True)
class ImapParams:
    """Connection parameters; maps one-to-one onto an Airflow connection plus extras."""

    host: str
    port: int
    username: str
    password: str
    security: Security = "ssl"
    timeout: float = 30.0
    ca_file: str | None = None

    def __repr__(self) -> str:  # never print the password
        return (f"ImapParams(host={self.host!r}, port={self.port}, username={self.username!r}, "
                f"security={self.security!r}, timeout={self.timeout})")


@dataclass(frozen=True)
class FolderState:
    name: str
    uidvalidity: int
    uidnext: int | None
    exists: int


@dataclass(frozen=True)
class FetchedMessage:
    uid: int
    raw: bytes
    size: int
    internaldate: datetime | None
    flags: tuple[str, ...] = ()
    partial: bool = False  # only the headers: RFC822.SIZE was over the caller's limit


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def ssl_context(ca_file: str | None) -> ssl.SSLContext:
    """Verifying TLS context (system CAs, or ``ca_file`` when given)."""
    return ssl.create_default_context(cafile=ca_file)


def check_security(host: str, security: str) -> None:
    if security not in ("ssl", "starttls", "plain"):
        raise ValueError(f"unknown security mode {security!r}: use ssl, starttls or plain")
    if security == "plain" and not is_loopback(host):
        raise InsecureConnectionError(
            f"Refusing unencrypted connection to {host}: plain is allowed only for loopback; "
            "use security='ssl' or 'starttls'.")


class ImapReader:
    """One IMAP connection with a selected folder; reconnects once on a dropped connection."""

    def __init__(self, params: ImapParams, *, batch_size: int = 50) -> None:
        check_security(params.host, params.security)
        self.params = params
        self.batch_size = batch_size
        self._client: IMAPClient | None = None
        self._folder: str | None = None
        self._readonly = False
        self.reconnects = 0

    # -- connection -------------------------------------------------------------------------
    def connect(self) -> ImapReader:
        p = self.params
        try:
            client = IMAPClient(p.host, port=p.port, ssl=p.security == "ssl",
                                ssl_context=ssl_context(p.ca_file) if p.security != "plain" else None,
                                timeout=p.timeout)
            # No Nagle: an APPEND sends its literal and the closing CRLF in two writes, and the
            # CRLF would wait for the server's delayed ACK (40 ms a letter on Linux).
            client.socket().setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if p.security == "starttls":
                client.starttls(ssl_context(p.ca_file))
            client.login(p.username, p.password)
        except IMAPClientError as exc:
            raise ImapError(f"IMAP login to {p.host}:{p.port} as {p.username} failed: {exc}") from exc
        except (TimeoutError, *CONNECTION_ERRORS) as exc:
            raise ImapError(f"IMAP connection to {p.host}:{p.port} failed: {exc}") from exc
        self._client = client
        if self._folder is not None:
            client.select_folder(self._folder, readonly=self._readonly)
        return self

    def close(self) -> None:
        client, self._client = self._client, None
        if client is None:
            return
        try:
            client.logout()
        except Exception:
            try:
                client.shutdown()
            except Exception:  # noqa: S110
                pass

    def __enter__(self) -> ImapReader:
        return self.connect()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def client(self) -> IMAPClient:
        if self._client is None:
            self.connect()
        assert self._client is not None
        return self._client

    @property
    def capabilities(self) -> frozenset[str]:
        return frozenset(c.decode().upper() for c in self.client.capabilities())

    def _retry(self, op: Callable[[IMAPClient], T]) -> T:
        """Run an idempotent operation; on a dropped connection reconnect and retry once."""
        try:
            return op(self.client)
        except CONNECTION_ERRORS:
            self._drop()
            self.reconnects += 1
            try:
                return op(self.client)
            except CONNECTION_ERRORS as exc:
                self._drop()
                raise ImapError(f"IMAP connection lost twice: {exc}") from exc

    def _drop(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            try:
                client.shutdown()
            except Exception:  # noqa: S110
                pass

    # -- operations -------------------------------------------------------------------------
    def select(self, folder: str = "INBOX", *, readonly: bool = False) -> FolderState:
        def op(c: IMAPClient) -> dict:
            return c.select_folder(folder, readonly=readonly)

        info = self._retry(op)
        self._folder, self._readonly = folder, readonly
        return FolderState(name=folder, uidvalidity=int(info[b"UIDVALIDITY"]),
                           uidnext=int(info[b"UIDNEXT"]) if b"UIDNEXT" in info else None,
                           exists=int(info.get(b"EXISTS", 0)))

    def uids(self, *, after: int = 0) -> list[int]:
        """UIDs in the selected folder, ascending; only those greater than ``after`` when set."""
        criteria = ["UID", f"{after + 1}:*"] if after else ["ALL"]
        found = self._retry(lambda c: c.search(criteria))
        return sorted(u for u in found if u > after)  # "N:*" always matches the last message

    def search(self, criteria: list | str, *, charset: str | None = "UTF-8") -> list[int]:
        return sorted(self._retry(lambda c: c.search(criteria, charset=charset)))

    def fetch(self, uids: Iterable[int], *, max_size: int | None = None) -> Iterator[list[FetchedMessage]]:
        """Yield batches of messages with BODY.PEEK[] (never sets \\Seen).

        With ``max_size``, sizes are asked first (RFC822.SIZE) and a letter over it is fetched
        with its headers only (``partial``): nothing that large is ever read into memory.
        """
        uids = list(uids)
        for start in range(0, len(uids), self.batch_size):
            chunk = uids[start:start + self.batch_size]
            big: set[int] = set()
            if max_size is not None:
                sizes = self._retry(lambda c, chunk=chunk: c.fetch(chunk, ["RFC822.SIZE"]))
                big = {u for u, item in sizes.items() if int(item.get(b"RFC822.SIZE", 0)) > max_size}
            data = {}
            small = [u for u in chunk if u not in big]
            if small:
                data.update(self._retry(lambda c, small=small: c.fetch(
                    small, ["BODY.PEEK[]", "RFC822.SIZE", "INTERNALDATE", "FLAGS"])))
            if big:
                ordered = sorted(big)
                heads = self._retry(lambda c, ordered=ordered: c.fetch(
                    ordered, ["BODY.PEEK[HEADER]", "RFC822.SIZE", "INTERNALDATE", "FLAGS"]))
                for uid, item in heads.items():
                    if item.get(b"BODY[HEADER]") is not None:
                        data[uid] = {**item, b"BODY[]": item[b"BODY[HEADER]"], b"PARTIAL": True}
            batch = []
            for uid in chunk:
                item = data.get(uid)
                if item is None or item.get(b"BODY[]") is None:
                    continue  # expunged meanwhile (Dovecot answers NIL for a message moved by another client)
                raw = bytes(item[b"BODY[]"])
                batch.append(FetchedMessage(
                    uid=uid, raw=raw, size=int(item.get(b"RFC822.SIZE", len(raw))),
                    internaldate=item.get(b"INTERNALDATE"),
                    flags=tuple(_s(f) for f in item.get(b"FLAGS", ())), partial=bool(item.get(b"PARTIAL"))))
            yield batch

    def folders(self) -> list[str]:
        return [name for _flags, _delim, name in self._retry(lambda c: c.list_folders())]

    def ensure_folder(self, name: str) -> None:
        if self._retry(lambda c: c.folder_exists(name)):
            return
        try:
            self.client.create_folder(name)
        except (IMAPClientError, *CONNECTION_ERRORS):
            # Created concurrently by another client is fine; pymap even drops the connection
            # instead of answering NO [ALREADYEXISTS], so look again on a fresh one if need be.
            if not self._retry(lambda c: c.folder_exists(name)):
                raise

    def move(self, uids: Iterable[int], folder: str) -> None:
        """Move ``uids`` of the selected folder to ``folder``.

        MOVE when the server has it; else COPY, \\Deleted and UID EXPUNGE of exactly these UIDs
        (UIDPLUS). Without UIDPLUS the letters are copied and flagged \\Deleted but never expunged:
        a plain EXPUNGE would also remove every letter staff flagged \\Deleted themselves. Intake
        then skips them by their stored key, and staff's client expunges them with its own.
        """
        uids = list(uids)
        if not uids:
            return
        caps = self.capabilities
        if "MOVE" in caps:
            self._retry(lambda c: c.move(uids, folder))  # moving twice is a no-op: idempotent
            return
        c = self.client
        c.copy(uids, folder)
        c.add_flags(uids, [b"\\Deleted"])
        if "UIDPLUS" in caps:
            c.uid_expunge(uids)

    def flags(self, uids: Iterable[int]) -> dict[int, tuple[str, ...]]:
        data = self._retry(lambda c: c.get_flags(list(uids)))
        return {uid: tuple(_s(f) for f in fl) for uid, fl in data.items()}

    def append(self, folder: str, raw: bytes, *, flags: Iterable[str] = ()) -> None:
        self.client.append(folder, raw, flags=tuple(flags))


def _s(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
