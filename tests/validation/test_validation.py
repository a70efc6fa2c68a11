"""Intake → completeness check → letters, with the schools' own documents and letters (the hand-written
corpus), a real store and a real mail server."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from docflow.intake.run import poll_mailbox
from docflow.store.db import unit_of_work
from docflow.store.models import Deadline, OutboxLetter, School, Site, Submission, SubmissionEvent
from docflow.validation.run import validate_pending
from tests.corpus.schools.documents import build
from tests.corpus.schools.letters import letter_bytes
from tests.intake.letters import letter

SCHOOL7 = "school7@edu.example.ru"
LYCEUM = "lyceum1@edu.example.ru"
TODAY = date(2026, 11, 25)  # a Wednesday; 10 working days later is 09.12.2026


def intake(official):
    with official.reader() as r:
        return poll_mailbox(official.settings, "official", r)


def notices(kind_key: str) -> list[OutboxLetter]:
    with unit_of_work() as s:
        return list(s.scalars(select(OutboxLetter).where(OutboxLetter.dedup_key.like(f"validation:%:{kind_key}"))))


def as_sent_by(raw: bytes, corpus_sender: str, registered: str) -> bytes:
    """A corpus letter as if the registered school had sent it (the registry knows that address)."""
    return raw.replace(corpus_sender.encode(), registered.encode())


def test_complete_application_in_the_schools_layout_goes_to_the_council(official):
    official.deliver(letter(SCHOOL7, official.address, files=[("Заявка МИП.docx", build("a02_gym3_numbered"))]))
    intake(official)
    report = validate_pending(official.settings, today=TODAY)
    assert len(report.complete) == 1 and not report.incomplete, report
    with unit_of_work() as s:
        sub = s.scalar(select(Submission))
        assert sub.status == "complete" and sub.form_type == "application"
        assert sub.fields["fields"]["goal"]
        # another school's name in the form: a note for staff, never a demand to the school
        assert {f["severity"] for f in sub.findings} <= {"staff", "warning"}
        assert any(f["field"] == "org_name" and f["severity"] == "staff" for f in sub.findings)
    (n,) = notices("complete")
    assert n.to_addrs == [SCHOOL7] and "полностью соответствует требованиям" in n.body_text
    assert "реестр" not in n.body_text


def test_incomplete_application_lists_the_committees_labels_and_hints(official):
    official.deliver(letter(SCHOOL7, official.address, files=[("Заявка.docx", build("a07_vkl_label_next_incomplete"))]))
    intake(official)
    report = validate_pending(official.settings, today=TODAY)
    assert len(report.incomplete) == 1
    (n,) = notices("incomplete")
    assert "«Ресурсное обеспечение» — не заполнено. Опишите кадровые, материально-технические" in n.body_text
    assert "«Ожидаемые результаты» — не заполнено. Укажите ожидаемые результаты" in n.body_text
    assert "не соответствует ни одной из утверждённых форм" not in n.body_text
    assert "в срок до 09.12.2026" in n.body_text


@pytest.mark.parametrize(("name", "kind"), [
    ("l02_iphone_inline", "interim_report"),  # the DOCX «inline», as the iPhone sends it
    ("l03_outlook_forward_attached", "application"),  # inside a forwarded message/rfc822
    ("l06_body_form", "application"),  # typed into the letter, no file
    ("l07_outlook_cp1251", "final_report"),  # Outlook, windows-1251
    ("l08_thebat_koi8", "interim_report"),  # The Bat!, koi8-r
])
def test_every_way_a_school_sends_its_form(official, name, kind):
    from tests.corpus.schools.letters import LETTERS_BY_NAME

    meta, _ = LETTERS_BY_NAME[name]
    official.deliver(as_sent_by(letter_bytes(name), meta.sender, SCHOOL7))
    intake(official)
    report = validate_pending(official.settings, today=TODAY)
    with unit_of_work() as s:
        sub = s.scalar(select(Submission))
        assert sub.kind == kind and sub.form_type == kind
        assert sub.status in ("complete", "incomplete"), (sub.status, sub.findings)
    assert not report.refused and not report.needs_person
    assert all("не соответствует ни одной" not in n.body_text for n in notices("%"))


def test_a_report_from_a_school_that_is_no_site_is_registered_not_refused(official):
    official.deliver(letter(SCHOOL7, official.address, "Отчёт", files=[("Отчёт.docx", build("r01_sosh27_headings"))]))
    intake(official)
    report = validate_pending(official.settings, today=TODAY)
    assert report.complete and not report.refused
    with unit_of_work() as s:
        sub = s.scalar(select(Submission))
        assert (sub.kind, sub.status) == ("interim_report", "complete")


def test_a_complete_report_closes_the_schools_reporting_obligation(official):
    from docflow.reporting.obligations import ensure_obligations

    official.deliver(letter(LYCEUM, official.address, "Отчёт о ходе реализации проекта",
                            files=[("Отчёт Лицей.docx", build("r02_sosh18_activity_table"))]))
    intake(official)
    with unit_of_work() as s:
        sub = s.scalar(select(Submission))
        lyceum = s.scalar(select(School).where(School.code == "lyc-01"))
        s.add(Site(school_id=lyceum.id, status="active", theme="Инженерные классы", starts_on=date(2025, 9, 1),
                   ends_on=date(2028, 8, 31)))
        s.flush()
        (obligation,) = ensure_obligations(s, official.settings, sub.academic_year, today=date(2025, 9, 1))
        assert obligation.expects_kind == "interim_report"
        obligation_id = obligation.id
    today = date.today()
    report = validate_pending(official.settings, today=today)
    assert len(report.complete) == 1
    with unit_of_work() as s:
        d = s.get(Deadline, obligation_id)
        assert d.status == "done" and d.closed_by_submission_id == s.scalar(select(Submission.id))


def test_resubmission_in_reply_supersedes_and_history_keeps_both(official):
    official.deliver(letter(SCHOOL7, official.address, files=[("Заявка.docx", build("a07_vkl_label_next_incomplete"))]))
    intake(official)
    validate_pending(official.settings, today=TODAY)
    (n,) = notices("incomplete")
    official.deliver(letter(SCHOOL7, official.address, "RE: " + n.subject,
                            files=[("Заявка испр.docx", build("a17_vkl_numbered_complete"))],
                            headers={"In-Reply-To": n.message_id_header, "References": n.message_id_header}))
    intake(official)
    report = validate_pending(official.settings, today=TODAY)
    assert len(report.complete) == 1
    with unit_of_work() as s:
        first, second = s.scalars(select(Submission).order_by(Submission.id)).all()
        assert first.status == "superseded" and second.supersedes_id == first.id
        assert second.status == "complete" and second.kind == "application"
        history = [e.to_status for e in s.scalars(select(SubmissionEvent).where(
            SubmissionEvent.submission_id == first.id).order_by(SubmissionEvent.id))]
        assert history == ["registered", "incomplete", "superseded"]


def test_macro_file_is_refused_and_pdf_goes_to_a_person(official):
    official.deliver(letter(SCHOOL7, official.address, "Заявка", files=[("Заявка.docm", build("a02_gym3_numbered"))]))
    official.deliver(letter("school12@edu.example.ru", official.address, "Отчёт",
                            files=[("Отчёт.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")]))
    intake(official)
    report = validate_pending(official.settings, today=TODAY)
    assert len(report.refused) + len(report.complete) == 1 and len(report.needs_person) == 1
    with unit_of_work() as s:
        statuses = {x.school.code: x.status for x in s.scalars(select(Submission))}
    assert statuses["sch-12"] == "needs_review"


def test_a_paper_nobody_can_place_goes_to_a_specialist(official):
    official.deliver(letter(SCHOOL7, official.address, "Заявка",
                            files=[("Приказ.docx", build("n03_gym3_order"))]))
    intake(official)
    report = validate_pending(official.settings, today=TODAY)
    assert len(report.needs_person) == 1 and not report.incomplete
    (n,) = notices("needs_person")
    assert "передан специалисту" in n.body_text and "не соответствует" not in n.body_text
