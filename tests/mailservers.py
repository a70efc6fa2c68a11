"""pytest plugin: real mail servers on loopback free ports.

Fixtures
- ``devmail`` (session): docflow's dev server (pymap IMAP + aiosmtpd SMTP) in a background
  thread. Every address is a mailbox, one password for all.
- ``dovecot`` (session): Dovecot with a throw-away config, only when DOCFLOW_TEST_DOVECOT=1.
- ``imap_server``: parametrized over both (dovecot skipped unless enabled).
- ``mailbox``: a fresh unique address on ``imap_server`` (tests share a session server).

Common interface (``MailServer``): host, imap_port, smtp_port (None for Dovecot), password,
``deliver(addr, raw, folder="INBOX") -> uid``, ``fail(addr, code)`` (SMTP faults, devmail only),
``drop_imap_connections()``, ``imap_params(addr)``, ``smtp_params()``, ``new_address(prefix)``.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import shutil
import socket
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest

from docflow.mail.devserver import DevMailServer
from docflow.mail.imap import ImapParams
from docflow.mail.smtp import SmtpParams

PASSWORD = "demo"
_counter = itertools.count(1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(host: str, port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"{host}:{port} did not open")


def make_cert(directory: Path) -> tuple[str, str]:
    """Self-signed certificate for localhost / 127.0.0.1; returns (cert_pem, key_pem) paths."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                        x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    directory.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    os.chmod(key_path, 0o600)
    return str(cert_path), str(key_path)


class MailServer:
    name = "abstract"
    host = "127.0.0.1"
    imap_port: int
    smtp_port: int | None = None
    password = PASSWORD

    def new_address(self, prefix: str = "box") -> str:
        return f"{prefix}-{next(_counter)}-{uuid.uuid4().hex[:6]}@komitet.test"

    def imap_params(self, address: str, **kw) -> ImapParams:
        return ImapParams(host=self.host, port=self.imap_port, username=address,
                          password=self.password, security="plain", timeout=kw.pop("timeout", 10), **kw)

    def smtp_params(self, **kw) -> SmtpParams:
        assert self.smtp_port, f"{self.name} has no SMTP"
        return SmtpParams(host=self.host, port=self.smtp_port, security="plain",
                          timeout=kw.pop("timeout", 10), **kw)

    def deliver(self, address: str, raw: bytes, folder: str = "INBOX") -> int:
        """Append ``raw`` to ``folder`` over IMAP (folder created if missing); return its UID."""
        from imapclient import IMAPClient

        with IMAPClient(self.host, port=self.imap_port, ssl=False, timeout=10) as c:
            c.login(address, self.password)
            if not c.folder_exists(folder):
                c.create_folder(folder)
            resp = c.append(folder, raw)
        # "[APPENDUID <validity> <uid>] ..." (UIDPLUS, both servers announce it)
        text = resp.decode() if isinstance(resp, bytes) else str(resp)
        return int(text.split("APPENDUID", 1)[1].split()[1].rstrip("]"))

    def fail(self, address: str, code) -> None:
        raise NotImplementedError(f"{self.name}: no SMTP fault injection")

    def drop_imap_connections(self) -> int:
        raise NotImplementedError


class DevMail(MailServer):
    name = "devmail"

    def __init__(self, data_dir: Path, *, tls: bool = False) -> None:
        self.data_dir = data_dir
        self.loop = asyncio.new_event_loop()
        self.ca_file = None
        cert = key = None
        if tls:
            cert, key = make_cert(data_dir / "tls")
            self.ca_file = cert
        self.server = DevMailServer(data_dir / "mail", password=PASSWORD, tls_cert=cert, tls_key=key)
        self.thread = threading.Thread(target=self.loop.run_forever, name="devmail", daemon=True)

    def start(self) -> DevMail:
        self.thread.start()
        self._call(self.server.start())
        self.imap_port, self.smtp_port = self.server.imap_port, self.server.smtp_port
        return self

    def stop(self) -> None:
        self._call(self.server.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)

    def _call(self, coro, timeout: float = 30):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def deliver(self, address: str, raw: bytes, folder: str = "INBOX") -> int:
        return self._call(self.server.deliver(address, raw, folder))

    def fail(self, address: str, code) -> None:
        self.server.fail(address, code)

    def drop_imap_connections(self) -> int:
        async def drop() -> int:
            return self.server.drop_imap_connections()

        return self._call(drop())


DOVECOT_CONF = """\
base_dir = {tmp}/run
state_dir = {tmp}/state
log_path = {tmp}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{cert}
ssl_key = <{key}
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = dovecot
default_internal_group = dovecot
default_login_user = dovenull
first_valid_uid = 0
first_valid_gid = 0
mail_location = maildir:{tmp}/mail/%u
mail_uid = {uid}
mail_gid = {gid}
namespace inbox {{
  inbox = yes
  separator = /
}}
protocol imap {{
  mail_max_userip_connections = 100
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
  }}
}}
passdb {{
  driver = static
  args = password={password}
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={tmp}/home/%u
}}
"""


class Dovecot(MailServer):
    name = "dovecot"
    binary = "/usr/sbin/dovecot"

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.imap_port = free_port()
        self.imaps_port = free_port()
        self.conf = tmp / "dovecot.conf"
        self.proc: subprocess.Popen | None = None

    def start(self) -> Dovecot:
        # Dovecot never runs mail processes as root: mail belongs to an unprivileged user
        # ("nobody" when we are root), in a directory that user can reach.
        import pwd

        user = pwd.getpwnam("nobody") if os.getuid() == 0 else pwd.getpwuid(os.getuid())
        for sub in ("run", "state", "mail", "home"):
            (self.tmp / sub).mkdir(parents=True, exist_ok=True)
        os.chmod(self.tmp, 0o755)
        for sub in ("mail", "home"):
            os.chown(self.tmp / sub, user.pw_uid, user.pw_gid)
        cert, key = make_cert(self.tmp / "tls")
        self.ca_file = cert
        self.conf.write_text(DOVECOT_CONF.format(
            tmp=self.tmp, port=self.imap_port, imaps_port=self.imaps_port, password=PASSWORD,
            uid=user.pw_uid, gid=user.pw_gid, cert=cert, key=key))
        self.proc = subprocess.Popen([self.binary, "-F", "-c", str(self.conf)],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            wait_port(self.host, self.imap_port)
        except TimeoutError:
            self.proc.kill()
            out = self.proc.communicate()[0].decode(errors="replace")
            log = (self.tmp / "dovecot.log").read_text(errors="replace") if (
                self.tmp / "dovecot.log").exists() else ""
            raise RuntimeError(f"dovecot did not start:\n{out}\n{log}") from None
        return self

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def drop_imap_connections(self) -> int:
        doveadm = shutil.which("doveadm") or "/usr/bin/doveadm"
        out = subprocess.run([doveadm, "-c", str(self.conf), "kick", "*"],
                             capture_output=True, text=True, timeout=10)
        return out.stdout.count("\n")


@pytest.fixture(scope="session")
def devmail(tmp_path_factory):
    server = DevMail(tmp_path_factory.mktemp("devmail")).start()
    yield server
    server.stop()


def dovecot_enabled() -> bool:
    return os.environ.get("DOCFLOW_TEST_DOVECOT") == "1"


@pytest.fixture
def devmail_tls(tmp_path):
    """A dev server with STARTTLS on IMAP and SMTP (self-signed cert in ``.ca_file``)."""
    server = DevMail(tmp_path, tls=True).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def dovecot(tmp_path_factory):
    if not dovecot_enabled():
        pytest.skip("Dovecot tests are off (set DOCFLOW_TEST_DOVECOT=1)")
    if not Path(Dovecot.binary).exists():
        pytest.skip("Dovecot is not installed")
    import tempfile

    tmp = Path(tempfile.mkdtemp(prefix="docflow-dovecot-"))  # outside pytest's 0700 tree
    server = Dovecot(tmp).start()
    yield server
    server.stop()
    shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(params=["devmail", pytest.param("dovecot", marks=pytest.mark.dovecot)])
def imap_server(request) -> MailServer:
    return request.getfixturevalue(request.param)


@pytest.fixture
def mailbox(imap_server) -> str:
    return imap_server.new_address()
