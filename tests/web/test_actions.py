"""Staff actions on a real store: state changes, history, audit, and refusals in Russian."""

import json
import os
import subprocess
import sys
from datetime import date

import pytest
from sqlalchemy import select

from docflow.actions import (
    ActionRefused,
    close_deadline,
    extend_deadline,
    override_submission,
    reject_message,
    release_message,
    resend_letter,
)
from docflow.store.db import unit_of_work
from docflow.store.models import AuditEntry, Deadline, DeadlineEvent, Message, OutboxLetter, Submission


def audit_actions():
    with unit_of_work() as s:
        return [(a.actor, a.action, a.object_id) for a in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_release_assigns_school_and_is_audited(seeded):
    with unit_of_work() as s:
        out = release_message(s, actor="metodist", message_id=seeded.quarantined, school_id=seeded.school12,
                              note="письмо с личного адреса директора")
    assert out["status"] == "released"
    with unit_of_work() as s:
        m = s.get(Message, seeded.quarantined)
        assert (m.status, m.school_id) == ("released", seeded.school12)
        assert m.details["released"]["by"] == "metodist"
    assert audit_actions() == [("metodist", "message.release", seeded.quarantined)]


def test_release_of_a_message_not_in_quarantine_is_refused(seeded):
    with pytest.raises(ActionRefused, match=r"не на карантине.*«зарегистрировано»"), unit_of_work() as s:
        release_message(s, actor="metodist", message_id=seeded.message)
    with pytest.raises(ActionRefused, match="Письмо № 999 не найдено"), unit_of_work() as s:
        release_message(s, actor="metodist", message_id=999)
    with pytest.raises(ActionRefused, match="Организация № 999"), unit_of_work() as s:
        release_message(s, actor="metodist", message_id=seeded.quarantined, school_id=999)
    assert audit_actions() == []


def test_reject_needs_a_reason_and_cannot_repeat(seeded):
    with pytest.raises(ActionRefused, match="Укажите причину отклонения"), unit_of_work() as s:
        reject_message(s, actor="metodist", message_id=seeded.quarantined, reason="  ")
    with unit_of_work() as s:
        reject_message(s, actor="metodist", message_id=seeded.quarantined, reason="Рассылка, не обращение")
    with pytest.raises(ActionRefused, match="«отклонено специалистом»"), unit_of_work() as s:
        reject_message(s, actor="metodist", message_id=seeded.quarantined, reason="ещё раз")
    with unit_of_work() as s:
        assert s.get(Message, seeded.quarantined).details["rejected"]["reason"] == "Рассылка, не обращение"


def test_override_writes_event_with_actor(seeded):
    with unit_of_work() as s:
        override_submission(s, actor="head", submission_id=seeded.submission, complete=True,
                            reason="Тема указана в сопроводительном письме")
    with unit_of_work() as s:
        sub = s.get(Submission, seeded.submission)
        assert sub.status == "complete"
        ev = sub.events[-1]
        assert (ev.from_status, ev.to_status, ev.actor) == ("needs_review", "complete", "head")
        assert "сопроводительном" in ev.cause
    with pytest.raises(ActionRefused, match="«включено в повестку»"), unit_of_work() as s:
        override_submission(s, actor="head", submission_id=seeded.incomplete, complete=False, reason="x")


def test_resend_resets_attempts_only_for_failed(seeded):
    with unit_of_work() as s:
        resend_letter(s, actor="metodist", letter_id=seeded.failed_letter)
    with unit_of_work() as s:
        letter = s.get(OutboxLetter, seeded.failed_letter)
        assert (letter.status, letter.attempts) == ("pending", 0)
        entry = s.scalar(select(AuditEntry).where(AuditEntry.action == "outbox.resend"))
        assert entry.details["last_error"] == "550 mailbox unavailable"  # the history is in the audit log
    with pytest.raises(ActionRefused, match="«отправлено»"), unit_of_work() as s:
        resend_letter(s, actor="metodist", letter_id=seeded.sent_letter)


def test_extend_records_old_and_new_dates_and_who_granted(seeded):
    with pytest.raises(ActionRefused, match="раньше действующего"), unit_of_work() as s:
        extend_deadline(s, actor="head", deadline_id=seeded.overdue, new_due_on=date(2026, 10, 1), reason="x")
    with unit_of_work() as s:
        extend_deadline(s, actor="head", deadline_id=seeded.overdue, new_due_on=date(2026, 12, 15),
                        reason="Письмо школы № 7 о продлении")
    with unit_of_work() as s:
        ev = s.scalars(select(DeadlineEvent).where(DeadlineEvent.deadline_id == seeded.overdue)).one()
        assert (ev.event, ev.actor, ev.old_due_on, ev.new_due_on) == ("extended", "head", date(2026, 11, 2),
                                                                       date(2026, 12, 15))
        assert s.get(Deadline, seeded.overdue).due_on == date(2026, 12, 15)


def test_close_then_no_more_changes(seeded):
    with unit_of_work() as s:
        close_deadline(s, actor="metodist", deadline_id=seeded.future, note="Отчёт получен, ВХ-2026/0005")
    with unit_of_work() as s:
        d = s.get(Deadline, seeded.future)
        assert (d.status, d.closed_by, d.close_note) == ("done", "metodist", "Отчёт получен, ВХ-2026/0005")
    with pytest.raises(ActionRefused, match="уже закрыт"), unit_of_work() as s:
        extend_deadline(s, actor="head", deadline_id=seeded.future, new_due_on=date(2028, 1, 1), reason="x")


def test_cli_runs_the_same_actions_with_the_cli_actor(seeded):
    env = {**os.environ, "DOCFLOW_ACTOR": "cli:orlova"}

    def docflow(*args):
        return subprocess.run([sys.executable, "-m", "docflow.cli", *args], capture_output=True, text=True,
                              env=env, timeout=60)

    ok = docflow("deadlines", "extend", str(seeded.overdue), "--to", "20.12.2026", "--reason", "по письму", "--json")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["due_on"] == "2026-12-20"
    refused = docflow("messages", "release", str(seeded.message))
    assert refused.returncode == 1
    assert "не на карантине" in refused.stderr and "Traceback" not in refused.stderr
    assert docflow("outbox", "resend", str(seeded.failed_letter)).returncode == 0
    assert docflow("messages", "reject", str(seeded.quarantined), "--reason", "спам").returncode == 0
    assert docflow("submissions", "override", str(seeded.submission), "--incomplete", "--reason", "нет подписи"
                   ).returncode == 0
    assert docflow("deadlines", "close", str(seeded.future), "--note", "исполнено").returncode == 0
    assert {a for a, *_ in audit_actions()} == {"cli:orlova"}
    assert [x for _, x, _ in audit_actions()] == ["deadline.extend", "outbox.resend", "message.reject",
                                                 "submission.override", "deadline.close"]
