"""Suite: промежуточный отчёт о реализации инновационного проекта."""

from __future__ import annotations

from docflow.forms.definitions import INTERIM_REPORT as FORM
from docflow.forms.model import ValidationContext
from docflow.forms.suites import common


def expectations(ctx: ValidationContext) -> list:
    return [
        *common.field_expectations(FORM, ctx),
        *common.academic_year_expectations(FORM, ctx),
        *common.dissemination_expectations(FORM),
        *common.school_expectations(FORM),
    ]
