"""The school corpora read by content: tests/corpus/schools (the reader was developed on it) and
tests/corpus/heldout (written blind, in other layouts and wordings, measured before any tuning).

Each document's expected present/missing sections were written by hand from its text; here the
reader and the generated checks must agree with them, document by document.
"""

from __future__ import annotations

import pytest

from docflow.forms.model import FormRow, ValidationContext
from docflow.forms.reader import read_submission
from docflow.forms.validate import is_complete, render_findings_ru, validate_batch
from tests.corpus.heldout.documents import DOCUMENTS as HELDOUT
from tests.corpus.schools.documents import DOCUMENTS as SCHOOLS

DOCUMENTS = SCHOOLS + HELDOUT
NAMES = [e.name for e, _ in DOCUMENTS]


@pytest.fixture(scope="module")
def readings(municipal, directions):
    out = {}
    for exp, build in DOCUMENTS:
        row = read_submission(build(), f"{exp.name}.docx", forms=municipal, directions=directions,
                              submission_id=exp.name, convert=False)
        out[exp.name] = (exp, row)
    return out


@pytest.fixture(scope="module")
def verdicts(readings, municipal, directions):
    rows = [row for _exp, row in readings.values() if isinstance(row, FormRow) and row.form_type]
    return validate_batch(rows, ValidationContext(directions, "2025/2026"), municipal)


def test_the_corpus_is_large_and_varied():
    assert len(SCHOOLS) >= 40 and len(HELDOUT) >= 20
    assert len({e.layout for e, _ in DOCUMENTS}) >= 8


@pytest.mark.parametrize("name", NAMES)
def test_type_and_sections_as_a_specialist_reads_them(readings, name):
    exp, row = readings[name]
    assert isinstance(row, FormRow)
    assert row.form_type == exp.type, row.warnings
    if exp.type is None:
        return
    found = {k for k, v in row.fields.items() if v} | {k for k, v in row.tables.items() if v}
    assert exp.present - found == set(), "present sections not found"
    assert exp.missing & found == set(), "missing sections reported as found"


def test_no_complete_document_is_told_it_is_incomplete(readings, verdicts, municipal):
    checked = 0
    for exp, _row in readings.values():
        if exp.type is None:
            continue
        required = {k for k, s in municipal[exp.type].sections.items() if s.required}
        findings = verdicts[exp.name]
        if exp.missing & required:
            assert not is_complete(findings), exp.name
            notice = render_findings_ru(findings)
            for key in exp.missing & required:
                assert f"«{municipal[exp.type].sections[key].label}» — не заполнено" in notice, (exp.name, key)
        else:
            assert is_complete(findings), (exp.name, [f.to_dict() for f in findings if f.severity == "error"])
            checked += 1
    assert checked >= 20


@pytest.mark.parametrize("corpus", ["schools", "heldout"])
def test_precision_and_recall_reach_the_target(corpus):
    from bench.forms_accuracy import evaluate

    result = evaluate(corpus=corpus, details=True)
    for metric in ("found_precision", "found_recall", "missing_precision", "missing_recall"):
        assert result[metric] >= 0.98, (metric, result["errors"] if "errors" in result else result)
    assert result["type_correct"] == result["documents"]
    assert result["complete_told_incomplete"] == 0
