"""Intake → completeness check → letters, with real filled forms, a real store and a real mail server."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from docflow.forms.fill import fill, to_bytes
from docflow.intake.run import poll_mailbox
from docflow.store.db import unit_of_work
from docflow.store.models import OutboxLetter, Submission, SubmissionEvent
from docflow.validation.run import validate_pending
from tests.forms.builders import APPLICATION_TABLES, APPLICATION_VALUES, REPORT_TABLES, REPORT_VALUES
from tests.intake.letters import letter

SCHOOL7 = "school7@edu.example.ru"
TODAY = date(2026, 11, 25)  # a Wednesday; 10 working days later is 09.12.2026


def app_docx(**changes) -> bytes:
    values = {**APPLICATION_VALUES, **changes}
    return to_bytes(fill("application", {k: v for k, v in values.items() if v is not None}, APPLICATION_TABLES))


def intake(official):
    with official.reader() as r:
        return poll_mailbox(official.settings, "official", r)


def notices(kind_key: str) -> list[OutboxLetter]:
    with unit_of_work() as s:
        return list(s.scalars(select(OutboxLetter).where(OutboxLetter.dedup_key.like(f"validation:%:{kind_key}"))))


def test_complete_application_goes_to_the_council(official):
    official.deliver(letter(SCHOOL7, official.address, files=[("Заявка.docx", app_docx())]))
    intake(official)
    report = validate_pending(official.settings, today=TODAY)
    assert len(report.complete) == 1 and not report.incomplete
    with unit_of_work() as s:
        sub = s.scalar(select(Submission))
        assert sub.status == "complete" and sub.findings == []
        assert sub.fields["fields"]["goal"].startswith("Создание модели")
        assert sub.form_type == "application"
    (n,) = notices("complete")
    assert n.to_addrs == [SCHOOL7] and "будет рассмотрен на ближайшем заседании муниципального методического" in \
        n.body_text


def test_incomplete_application_gets_the_list_of_problems_and_a_deadline(official):
    official.deliver(letter(SCHOOL7, official.address, files=[("Заявка.docx", app_docx(goal=None, email="нет"))]))
    intake(official)
    report = validate_pending(official.settings, today=TODAY)
    assert len(report.incomplete) == 1
    (n,) = notices("incomplete")
    assert "«Цель проекта» — не заполнено" in n.body_text
    assert "e-mail" in n.body_text.lower() or "электронн" in n.body_text.lower()
    assert "в срок до 09.12.2026" in n.body_text
    with unit_of_work() as s:
        sub = s.scalar(select(Submission))
        assert sub.status == "incomplete"
        assert {f["field"] for f in sub.findings} >= {"goal", "email"}


def test_resubmission_in_reply_supersedes_and_history_keeps_both(official):
    official.deliver(letter(SCHOOL7, official.address, files=[("Заявка.docx", app_docx(goal=None))]))
    intake(official)
    validate_pending(official.settings, today=TODAY)
    (n,) = notices("incomplete")
    official.deliver(letter(SCHOOL7, official.address, "RE: " + n.subject, files=[("Заявка испр.docx", app_docx())],
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
        assert [e.to_status for e in s.scalars(select(SubmissionEvent).where(
            SubmissionEvent.submission_id == second.id).order_by(SubmissionEvent.id))] == ["resubmitted", "complete"]


def test_macro_file_is_refused_and_pdf_goes_to_a_person(official):
    docm = app_docx()
    official.deliver(letter(SCHOOL7, official.address, "Заявка", files=[("Заявка.docm", docm)]))
    official.deliver(letter("school12@edu.example.ru", official.address, "Отчёт",
                            files=[("Отчёт.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")]))
    intake(official)
    report = validate_pending(official.settings, today=TODAY)
    assert len(report.refused) == 1 and len(report.needs_person) == 1
    (refused,) = notices("refused")
    assert "макрос" in refused.body_text.lower()
    with unit_of_work() as s:
        statuses = {x.school.code: x.status for x in s.scalars(select(Submission))}
    assert statuses == {"sch-07": "incomplete", "sch-12": "needs_review"}


def test_report_for_another_academic_year_is_incomplete(official):
    values = {**REPORT_VALUES, "academic_year": "2019/2020", "org_full_name": APPLICATION_VALUES["org_full_name"]}
    official.deliver(letter(SCHOOL7, official.address, "Промежуточный отчёт",
                            files=[("Отчёт.docx", to_bytes(fill("interim_report", values, REPORT_TABLES)))]))
    intake(official)
    report = validate_pending(official.settings, today=TODAY)
    assert len(report.incomplete) == 1
    with unit_of_work() as s:
        assert "academic_year" in {f["field"] for f in s.scalar(select(Submission)).findings}
