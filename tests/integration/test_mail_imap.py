"""ImapReader against real servers (devmail always, Dovecot when DOCFLOW_TEST_DOVECOT=1)."""

from email.message import EmailMessage

import pytest

from docflow.mail.imap import ImapError, ImapParams, ImapReader, InsecureConnectionError


def letter(n: int, subject: str = "Заявка на статус МИП") -> bytes:
    m = EmailMessage()
    m["From"] = "Орлова Н.П. <school7@sevrech.test>"
    m["To"] = "mip@komitet.test"
    m["Subject"] = f"{subject} №{n}"
    m["Message-ID"] = f"<letter-{n}@sevrech.test>"
    m.set_content(f"Направляем заявку №{n}.")
    return m.as_bytes(policy=m.policy.clone(linesep="\r\n"))


def test_select_reports_uidvalidity_and_uids(imap_server, mailbox):
    uids = [imap_server.deliver(mailbox, letter(i)) for i in range(3)]
    with ImapReader(imap_server.imap_params(mailbox)) as imap:
        box = imap.select("INBOX")
        assert box.uidvalidity > 0
        assert box.exists == 3
        assert imap.uids() == uids
        assert imap.uids(after=uids[0]) == uids[1:]
        assert imap.uids(after=uids[-1]) == []


def test_fetch_peek_returns_exact_bytes_and_keeps_unseen(imap_server, mailbox):
    raws = [letter(i) for i in range(5)]
    for raw in raws:
        imap_server.deliver(mailbox, raw)
    with ImapReader(imap_server.imap_params(mailbox), batch_size=2) as imap:
        imap.select("INBOX")
        batches = list(imap.fetch(imap.uids()))
        assert [len(b) for b in batches] == [2, 2, 1]
        got = [m for b in batches for m in b]
        assert [m.raw for m in got] == raws
        assert all(m.size == len(m.raw) for m in got)
        assert all(m.internaldate is not None for m in got)
        assert all("\\Seen" not in fl for fl in imap.flags(imap.uids()).values())


def test_move_to_created_folder(imap_server, mailbox):
    uids = [imap_server.deliver(mailbox, letter(i)) for i in range(3)]
    with ImapReader(imap_server.imap_params(mailbox)) as imap:
        imap.ensure_folder("Обработано")
        imap.ensure_folder("Обработано")  # second call is a no-op
        assert "Обработано" in imap.folders()
        imap.select("INBOX")
        imap.move(uids[:2], "Обработано")
        assert imap.uids() == uids[2:]
        imap.select("Обработано")
        moved = [m.raw for b in imap.fetch(imap.uids()) for m in b]
        assert moved == [letter(0), letter(1)]


def test_cyrillic_search(imap_server, mailbox):
    imap_server.deliver(mailbox, letter(1, "Отчёт за год"))
    uid = imap_server.deliver(mailbox, letter(2, "Заявка на статус"))
    with ImapReader(imap_server.imap_params(mailbox)) as imap:
        imap.select("INBOX")
        assert imap.search(["SUBJECT", "Заявка"]) == [uid]


def test_reconnect_after_drop_mid_batch(imap_server, mailbox):
    uids = [imap_server.deliver(mailbox, letter(i)) for i in range(6)]
    with ImapReader(imap_server.imap_params(mailbox), batch_size=2) as imap:
        imap.select("INBOX")
        batches = imap.fetch(uids)
        first = next(batches)
        assert imap_server.drop_imap_connections() >= 1
        rest = [m for b in batches for m in b]
        assert [m.uid for m in first + rest] == uids
        assert imap.reconnects == 1
        assert imap.select("INBOX").exists == 6  # folder re-selected after reconnect


def test_wrong_password_is_a_clear_error(devmail):
    # devmail only: Dovecot then delays every login from 127.0.0.1 for seconds (auth penalty)
    params = devmail.imap_params(devmail.new_address())
    bad = ImapParams(**{**params.__dict__, "password": "wrong"})
    with pytest.raises(ImapError, match="login"):
        ImapReader(bad).connect()


def test_plain_refused_for_remote_host():
    with pytest.raises(InsecureConnectionError, match="loopback"):
        ImapReader(ImapParams(host="mail.example.org", port=143, username="u", password="p",
                              security="plain"))


class _NoMoveReader(ImapReader):
    """A client facing an older server: MOVE (and optionally UIDPLUS) not announced."""

    hide = frozenset({"MOVE"})

    @property
    def capabilities(self):
        return super().capabilities - self.hide


@pytest.mark.parametrize("hide", [{"MOVE"}, {"MOVE", "UIDPLUS"}], ids=["copy-uid-expunge", "copy-expunge"])
def test_move_without_move_capability(imap_server, mailbox, hide):
    uids = [imap_server.deliver(mailbox, letter(i)) for i in range(3)]
    reader = _NoMoveReader(imap_server.imap_params(mailbox))
    reader.hide = frozenset(hide)
    with reader as imap:
        imap.ensure_folder("Processed")
        imap.select("INBOX")
        imap.client.add_flags([uids[0]], [b"\\Deleted"])  # staff deleted one, their client not yet expunged
        imap.move([uids[1]], "Processed")
        if "UIDPLUS" in hide:  # copied and flagged, never expunged: staff's letter survives too
            assert imap.uids() == uids
            assert "\\Deleted" in imap.flags([uids[1]])[uids[1]]
        else:
            assert imap.uids() == [uids[0], uids[2]]
        assert "\\Deleted" in imap.flags([uids[0]])[uids[0]]
        imap.select("Processed")
        assert [m.raw for b in imap.fetch(imap.uids()) for m in b] == [letter(1)]
