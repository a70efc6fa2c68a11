"""«Повторить отправку»: the letter goes back to the queue and the same drain sends it once."""

from __future__ import annotations

from sqlalchemy import select

from docflow.actions.outbox import resend_letter
from docflow.outbox.sender import drain_mailbox
from docflow.store.db import unit_of_work
from docflow.store.models import AuditEntry, OutboxLetter
from tests.outbox.conftest import MAILBOX, SENDER, inbox, row


def _resend(rid: int) -> dict:
    with unit_of_work() as s:
        return resend_letter(s, actor="metodist", letter_id=rid)


def _drain(devmail):
    return drain_mailbox(MAILBOX, SENDER, devmail.smtp_params())


def test_resend_after_a_permanent_failure_sends_once(devmail, queue):
    school = devmail.new_address("sosh9")
    devmail.fail(school, "550")
    rid = queue(school)
    assert _drain(devmail).failed == 1
    devmail.fail(school, None)  # staff corrected the school's mailbox
    assert _resend(rid)["status"] == "pending"
    assert all(isinstance(v, dict) for v in row(rid).delivery.values())
    report = _drain(devmail)
    assert report.sent == 1 and row(rid).status == "sent"
    assert len(inbox(devmail, school)) == 1
    assert _drain(devmail).sent == 0
    with unit_of_work() as s:
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "outbox.resend"))
        assert entry.actor == "metodist" and entry.details["status"] == "failed"


def test_resend_of_a_bounced_letter_reaches_only_who_has_not_got_it(devmail, queue):
    """A delivery report bounced one of two recipients; the re-send reaches only that one."""
    got, bounced = devmail.new_address("sosh3"), devmail.new_address("sosh3.director")
    rid = queue([got, bounced])
    assert _drain(devmail).sent == 1
    with unit_of_work() as s:  # as intake records a delivery report (RFC 3464) about our letter
        r = s.get(OutboxLetter, rid)
        r.status, r.last_error = "bounced", f"{bounced}: 5.2.2 mailbox full"
        r.delivery = {**r.delivery, bounced: {"action": "failed", "status": "5.2.2", "diagnostic": "mailbox full"}}
    _resend(rid)
    assert _drain(devmail).sent == 1
    assert [len(inbox(devmail, a)) for a in (got, bounced)] == [1, 2]
    assert row(rid).status == "sent"


def test_a_row_resent_by_the_old_action_does_not_stall_the_drain(devmail, queue):
    """Rows the previous «Повторить отправку» wrote (strings in ``delivery``) are sent, not stuck."""
    school, other = devmail.new_address("sosh11"), devmail.new_address("sosh12")
    rid, later = queue(school), queue(other)
    with unit_of_work() as s:
        s.get(OutboxLetter, rid).delivery = {"resent_by": "metodist",
                                             "previous": {"status": "failed", "attempts": 7, "last_error": "x"}}
    assert _drain(devmail).sent == 2
    assert row(rid).status == row(later).status == "sent"
    assert [len(inbox(devmail, a)) for a in (school, other)] == [1, 1]
