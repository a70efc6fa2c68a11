"""Suite: скорректированная программа (с учётом замечаний экспертов)."""

from __future__ import annotations

from docflow.forms.definitions import CORRECTED_PROGRAMME as FORM
from docflow.forms.model import ValidationContext
from docflow.forms.suites import common


def expectations(ctx: ValidationContext) -> list:
    return [
        *common.field_expectations(FORM, ctx),
        *common.term_expectations(FORM),
        *common.school_expectations(FORM),
    ]
