"""Suite: заявка на присвоение статуса муниципальной инновационной площадки."""

from __future__ import annotations

from docflow.forms.definitions import APPLICATION as FORM
from docflow.forms.model import ValidationContext
from docflow.forms.suites import common


def expectations(ctx: ValidationContext) -> list:
    return [
        *common.field_expectations(FORM, ctx),
        *common.term_expectations(FORM),
        *common.school_expectations(FORM),
    ]
