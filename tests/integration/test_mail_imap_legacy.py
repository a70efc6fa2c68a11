"""An IMAP server without MOVE and UIDPLUS (Dovecot told so with ``imap_capability``): moving our
letter must never expunge a letter staff flagged \\Deleted themselves (issue 17, point 7)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from docflow.mail.imap import ImapReader
from tests.integration.test_mail_imap import letter
from tests.mailservers import DOVECOT_CONF, Dovecot, dovecot_enabled

BASE_CAPS = "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE SORT UNSELECT CHILDREN NAMESPACE LITERAL+"


class LegacyDovecot(Dovecot):
    """Dovecot announcing only ``caps`` after login, as an old server would."""

    def __init__(self, tmp: Path, caps: str) -> None:
        super().__init__(tmp)
        self.caps = caps

    def start(self) -> LegacyDovecot:
        import tests.mailservers as ms
        original = ms.DOVECOT_CONF
        ms.DOVECOT_CONF = DOVECOT_CONF.replace("protocol imap {{\n",
                                               f"protocol imap {{{{\n  imap_capability = {self.caps}\n")
        try:
            super().start()
        finally:
            ms.DOVECOT_CONF = original
        return self


@pytest.fixture(scope="module", params=["no-move-no-uidplus", "no-move"])
def legacy(request):
    if not dovecot_enabled():
        pytest.skip("Dovecot tests are off (set DOCFLOW_TEST_DOVECOT=1)")
    if not Path(Dovecot.binary).exists():
        pytest.skip("Dovecot is not installed")
    caps = BASE_CAPS if request.param == "no-move-no-uidplus" else f"{BASE_CAPS} UIDPLUS"
    tmp = Path(tempfile.mkdtemp(prefix="docflow-dovecot-legacy-"))
    server = LegacyDovecot(tmp, caps).start()
    yield server
    server.stop()
    shutil.rmtree(tmp, ignore_errors=True)


def test_move_on_a_server_without_move_keeps_staffs_deleted_letter(legacy):
    box = legacy.new_address()
    uids = [legacy.deliver(box, letter(i)) for i in range(3)]
    with ImapReader(legacy.imap_params(box)) as staff:  # staff's client: deleted, not yet expunged
        staff.select("INBOX")
        staff.client.add_flags([uids[0]], [b"\\Deleted"])
    with ImapReader(legacy.imap_params(box)) as imap:
        assert "MOVE" not in imap.capabilities
        imap.ensure_folder("Processed")
        imap.select("INBOX")
        imap.move([uids[1]], "Processed")
        left = imap.uids()
        assert uids[0] in left and "\\Deleted" in imap.flags([uids[0]])[uids[0]]  # staff's letter survives
        if "UIDPLUS" in imap.capabilities:
            assert left == [uids[0], uids[2]]
        else:  # ours copied and flagged, never expunged
            assert left == uids and "\\Deleted" in imap.flags([uids[1]])[uids[1]]
        imap.select("Processed")
        assert [m.raw for b in imap.fetch(imap.uids()) for m in b] == [letter(1)]


def test_intake_on_a_server_without_move_registers_once(legacy, demo_schools, tmp_path, monkeypatch):
    from sqlalchemy import func, select

    from docflow.intake.run import poll_mailbox
    from docflow.store.db import unit_of_work
    from docflow.store.models import Submission
    from tests.intake.conftest import make_official
    from tests.intake.letters import application

    official = make_official(legacy, tmp_path, monkeypatch)
    for i in range(2):
        official.deliver(application("school7@edu.example.ru", official.address, msgid=f"<legacy-{i}@edu.example.ru>"))
    for _ in range(2):
        with official.reader() as reader:
            poll_mailbox(official.settings, "official", reader)
    with unit_of_work() as s:
        assert s.scalar(select(func.count(Submission.id))) == 2
    assert len(official.folder_uids("docflow/processed")) == 2
