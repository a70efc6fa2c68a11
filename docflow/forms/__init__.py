"""Submission forms: definitions, blank DOCX, safe reading, completeness checks.

Nothing heavy is imported here; python-docx, pandas and Great Expectations are imported inside
the functions that need them.

    from docflow.forms.reader import read_submission      # bytes → FormRow | Refusal | NeedsPerson
    from docflow.forms.validate import validate_batch, render_findings_ru, is_complete
    from docflow.forms.model import ValidationContext, SchoolRef
"""
