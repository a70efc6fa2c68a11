"""Development mail server: pymap IMAP (maildir) and aiosmtpd SMTP in one asyncio process.

Every address is a mailbox: login is the full address, one password for all (default ``demo``).
Mail sent over SMTP to any address lands in that address's INBOX through pymap's own session API,
so a connected IMAP client sees it. Users are created on first delivery or first login.

SMTP fault injection (tests): ``<data>/smtp-faults.json`` maps a recipient address to ``"421"``,
``"451"``, ``"550"`` or ``"drop"``; the server answers RCPT TO for that address accordingly.
``DevMailServer.fail(addr, code)`` writes that file; ``code=None`` clears the fault.

Run: ``python -m docflow.mail.devserver --data DIR --imap-port N --smtp-port M [--password demo]``.
Seed a letter without a running server: ``deliver(data_dir, address, raw, folder="INBOX")``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import sys
from argparse import Namespace
from contextlib import AsyncExitStack, suppress
from datetime import UTC, datetime
from pathlib import Path

from docflow.mail.pymap_patch import patch_pymap

os.environ.setdefault("FQDN", "localhost")  # pymap greeting; avoids a slow reverse DNS lookup

FAULTS_FILE = "smtp-faults.json"
FAULT_REPLIES = {
    "421": "421 4.3.2 Service not available, closing transmission channel",
    "451": "451 4.3.0 Temporary local problem, try again later",
    "550": "550 5.1.1 Mailbox unavailable",
}
DEFAULT_PASSWORD = "demo"  # noqa: S105 - the documented dev-server password


def _pymap_args(data_dir: str, host: str, port: int, cert: str | None = None,
                key: str | None = None) -> Namespace:
    return Namespace(
        base_dir=data_dir, concurrency=None, layout="++", colon=None, host=host, port=port,
        debug=False, cert=cert, key=key, tls=cert is not None, passlib_cfg=None, proxy_protocol=None,
        inherited_sockets=None, skip_services=[],
    )


class _Mailstore:
    """pymap maildir backend with one shared password and auto-created users."""

    def __init__(self, data_dir: str, password: str, host: str = "127.0.0.1", port: int = 0,
                 cert: str | None = None, key: str | None = None) -> None:
        from pymap.backend.maildir import Config, Login
        from pymap.config import BackendCapability

        class _Config(Config):
            @property
            def backend_capability(self) -> BackendCapability:
                return BackendCapability(idle=True, object_id=True, multi_append=True)

        store = self

        class _Login(Login):
            # The server's password, not the one stored per user, decides (users may have been
            # created offline with another password); the login name is case-insensitive.
            async def authenticate(self, credentials):  # type: ignore[override]
                from pymap.exceptions import InvalidAuth
                from pymap.user import UserMetadata

                name = await store.ensure_user(credentials.authcid)
                check = UserMetadata(store.config, credentials.authcid, password=await store.hashed())
                if not credentials.verify(check):
                    raise InvalidAuth()
                return store._identity(name)

        patch_pymap()
        Path(data_dir).mkdir(parents=True, exist_ok=True)
        self.data_dir = data_dir
        self.password = password
        self.config = _Config.from_args(_pymap_args(data_dir, host, port, cert, key),
                                        invalid_user_sleep=0.0)
        self.login = _Login(self.config)
        self._known: set[str] = set()
        self._hashed: str | None = None
        self._lock = asyncio.Lock()

    async def hashed(self) -> str:
        if self._hashed is None:
            from pymap.user import Passwords

            self._hashed = await Passwords(self.config).hash_password(self.password)
        return self._hashed

    def _identity(self, name: str):
        from pymap.backend.maildir import Identity

        return Identity(self.config, self.login.tokens, name, None, frozenset())

    async def ensure_user(self, address: str) -> str:
        from pymap.exceptions import UserNotFound
        from pymap.user import UserMetadata

        name = address.strip().lower()
        if name in self._known:
            return name
        async with self._lock:
            identity = self._identity(name)
            try:
                await identity.get()
            except UserNotFound:
                await identity.set(UserMetadata(self.config, name, password=await self.hashed()))
            self._known.add(name)
        return name

    async def append(self, address: str, raw: bytes, folder: str = "INBOX",
                     when: datetime | None = None) -> int:
        """Append ``raw`` to ``folder`` of ``address`` (created if missing); return the UID."""
        from pymap.exceptions import MailboxNotFound
        from pymap.parsing.message import AppendMessage

        name = await self.ensure_user(address)
        async with self._identity(name).new_session() as session:
            msg = AppendMessage(raw, when or datetime.now(UTC))
            try:
                append_uid, _ = await session.append_messages(folder, [msg])
            except MailboxNotFound:
                await session.create_mailbox(folder)
                append_uid, _ = await session.append_messages(folder, [msg])
        return next(iter(append_uid.uids))


class _SmtpHandler:
    def __init__(self, store: _Mailstore) -> None:
        self.store = store

    def _fault(self, address: str) -> str | None:
        path = Path(self.store.data_dir, FAULTS_FILE)
        try:
            faults = json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None
        return faults.get(address.lower())

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        fault = self._fault(address)
        if fault == "drop":
            server.transport.close()
            return "421 4.4.2 Connection dropped"
        if fault in FAULT_REPLIES:
            if fault == "421":
                server.transport.write(f"{FAULT_REPLIES[fault]}\r\n".encode())
                server.transport.close()
                return FAULT_REPLIES[fault]
            return FAULT_REPLIES[fault]
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        for rcpt in envelope.rcpt_tos:
            await self.store.append(rcpt, raw)
        return "250 2.0.0 Message accepted for delivery"


class _Authenticator:
    def __init__(self, password: str) -> None:
        self.password = password

    def __call__(self, server, session, envelope, mechanism, auth_data):
        from aiosmtpd.smtp import AuthResult, LoginPassword

        ok = isinstance(auth_data, LoginPassword) and auth_data.password.decode() == self.password
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


class DevMailServer:
    """IMAP + SMTP on loopback in the running event loop. Use ``async with`` or start()/stop()."""

    def __init__(self, data_dir: str | os.PathLike, *, host: str = "127.0.0.1", imap_port: int = 0,
                 smtp_port: int = 0, password: str = DEFAULT_PASSWORD, tls_cert: str | None = None,
                 tls_key: str | None = None) -> None:
        """``tls_cert``/``tls_key`` (PEM) enable STARTTLS on both IMAP and SMTP (optional there:
        pymap still accepts LOGIN without it)."""
        self.data_dir = str(data_dir)
        self.host = host
        self.imap_port = imap_port
        self.smtp_port = smtp_port
        self.password = password
        self.tls_cert, self.tls_key = tls_cert, tls_key
        self._stack: AsyncExitStack | None = None
        self._imap_writers: set[asyncio.StreamWriter] = set()
        self.store: _Mailstore | None = None

    async def start(self) -> None:
        from aiosmtpd.smtp import SMTP
        from proxyprotocol.reader import ProxyProtocolReader
        from pymap.imap import IMAPServer

        self.store = store = _Mailstore(self.data_dir, self.password, self.host, self.imap_port,
                                        self.tls_cert, self.tls_key)
        tls_context = None
        if self.tls_cert:
            import ssl

            tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            tls_context.load_cert_chain(self.tls_cert, self.tls_key)
        store.config.apply_context()
        stack = self._stack = AsyncExitStack()
        loop = asyncio.get_running_loop()
        imap_server = IMAPServer(store.login, store.config)

        async def on_imap(reader, writer, sock_info):
            self._imap_writers.add(writer)
            try:
                await imap_server(reader, writer, sock_info)
            finally:
                self._imap_writers.discard(writer)

        imap_cb = ProxyProtocolReader(store.config.proxy_protocol).get_callback(on_imap)
        imap = await asyncio.start_server(imap_cb, host=self.host, port=self.imap_port)
        stack.push_async_callback(imap.wait_closed)
        stack.callback(imap.close)
        self.imap_port = imap.sockets[0].getsockname()[1]
        handler = _SmtpHandler(store)
        auth = _Authenticator(self.password)

        def factory() -> SMTP:
            return SMTP(handler, hostname="localhost", decode_data=False, auth_required=False,
                        auth_require_tls=False, authenticator=auth, tls_context=tls_context,
                        data_size_limit=50 * 2**20)

        smtp = await loop.create_server(factory, host=self.host, port=self.smtp_port)
        stack.push_async_callback(smtp.wait_closed)
        stack.callback(smtp.close)
        self.smtp_port = smtp.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._stack is not None:
            await self._stack.aclose()
            self._stack = None

    async def __aenter__(self) -> DevMailServer:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def deliver(self, address: str, raw: bytes, folder: str = "INBOX") -> int:
        assert self.store is not None, "server not started"
        return await self.store.append(address, raw, folder)

    def drop_imap_connections(self) -> int:
        """Abort every open IMAP connection (tests of the client's reconnect); return the count."""
        writers = list(self._imap_writers)
        for writer in writers:
            writer.transport.abort()
        return len(writers)

    def fail(self, address: str, code: str | int | None) -> None:
        set_fault(self.data_dir, address, code)


def set_fault(data_dir: str | os.PathLike, address: str, code: str | int | None) -> None:
    """Make the SMTP server answer RCPT TO ``address`` with 421/451/550 or "drop"; None clears."""
    path = Path(data_dir, FAULTS_FILE)
    try:
        faults = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        faults = {}
    if code is None:
        faults.pop(address.lower(), None)
    else:
        code = str(code)
        if code not in FAULT_REPLIES and code != "drop":
            raise ValueError(f"unsupported fault {code!r}")
        faults[address.lower()] = code
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(faults), encoding="utf-8")
    tmp.replace(path)


def deliver(data_dir: str | os.PathLike, address: str, raw: bytes, folder: str = "INBOX") -> int:
    """Put ``raw`` into ``folder`` of ``address`` directly in the maildir (server need not run).

    Uses pymap's session API, so it is safe even while the server runs (pymap locks its files),
    though a running server is only notified on the client's next poll (NOOP/SELECT).
    """

    async def run() -> int:
        return await _Mailstore(str(data_dir), DEFAULT_PASSWORD).append(address, raw, folder)

    return asyncio.run(run())


async def _serve(args: Namespace) -> None:
    server = DevMailServer(args.data, host=args.host, imap_port=args.imap_port,
                           smtp_port=args.smtp_port, password=args.password, tls_cert=args.tls_cert,
                           tls_key=args.tls_key)
    await server.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    print(f"devmail ready imap={server.host}:{server.imap_port} smtp={server.host}:{server.smtp_port} "
          f"data={server.data_dir}", flush=True)
    await stop.wait()
    with suppress(Exception):
        await asyncio.wait_for(server.stop(), 5)
    print("devmail stopped", flush=True)


def _quiet_aiosmtpd() -> None:
    """aiosmtpd warns on every SMTP AUTH that its own legacy ``login_data`` is set: noise."""
    logging.getLogger("mail.log").addFilter(lambda record: "login_data" not in record.getMessage())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="docflow development mail server (IMAP + SMTP)")
    parser.add_argument("--data", required=True, help="data directory (maildirs, users)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--imap-port", type=int, default=1143)
    parser.add_argument("--smtp-port", type=int, default=1025)
    parser.add_argument("--password", default=DEFAULT_PASSWORD, help="password of every mailbox")
    parser.add_argument("--tls-cert", help="PEM certificate: enables STARTTLS on IMAP and SMTP")
    parser.add_argument("--tls-key", help="PEM private key for --tls-cert")
    args = parser.parse_args(argv)
    _quiet_aiosmtpd()
    asyncio.run(_serve(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
