"""Submission forms: the committee's forms file, blank DOCX, safe reading by content, completeness checks.

Nothing heavy is imported here; python-docx, pymorphy3, pandas and Great Expectations are imported
inside the functions that need them.

    from docflow.forms.spec import forms_of                # the committee's forms (settings → YAML)
    from docflow.forms.reader import read_submission      # bytes → FormRow | Refusal | NeedsPerson
    from docflow.forms.validate import validate_batch, render_findings_ru, is_complete
    from docflow.forms.explain import explain             # how a document was read, section by section
"""
