"""The submission's page shows how its document was read, and staff can have it read again."""

from __future__ import annotations

from docflow.config import get_settings
from docflow.forms.model import SchoolRef, ValidationContext
from docflow.forms.reader import read_form
from docflow.forms.spec import forms_of
from docflow.forms.validate import validate_batch
from docflow.store.db import unit_of_work
from docflow.store.models import Submission
from tests.corpus.schools.documents import build
from tests.web.conftest import csrf_of


def test_the_reading_is_shown_section_by_section_and_can_be_redone(client_for, seeded):
    settings = get_settings()
    forms = forms_of(settings)
    row = read_form(build("a06_sosh9_own_words"), forms, directions=list(settings.site.directions),
                    submission_id=str(seeded.submission))
    row.source = "Заявка СОШ 9.docx"
    ctx = ValidationContext(list(settings.site.directions), None,
                            {str(seeded.submission): SchoolRef("МБОУ «СОШ № 7»", "", "Орлова Наталья Петровна")})
    findings = validate_batch([row], ctx, forms)[str(seeded.submission)]
    with unit_of_work() as s:
        sub = s.get(Submission, seeded.submission)
        sub.fields, sub.findings, sub.status = row.to_dict(), [f.to_dict() for f in findings], "incomplete"
    page = client_for("metodist").get(f"/incoming/{seeded.submission}").text
    assert "Как прочитан документ" in page and "Заявка СОШ 9.docx" in page
    assert "Обоснование актуальности. Описание проблемы" in page  # the school's own heading
    assert "Ответственный за проект" in page and "заголовок" in page
    assert "для специалиста" in page or "не совпадает с реестром" in page  # the registry note
    admin = client_for("admin")
    token = csrf_of(admin, f"/incoming/{seeded.submission}")
    done = admin.post(f"/incoming/{seeded.submission}/recheck", data={"csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303
    with unit_of_work() as s:
        sub = s.get(Submission, seeded.submission)
        assert sub.status == "registered"
        assert sub.events[-1].cause.startswith("повторная проверка") and sub.events[-1].actor == "admin"
    viewer = client_for("viewer").get(f"/incoming/{seeded.submission}").text
    assert "Проверить повторно" not in viewer
