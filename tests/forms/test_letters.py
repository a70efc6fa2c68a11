"""Letters as the schools' mail clients write them (tests/corpus/schools/letters.py): the form is
found wherever the letter carries it — attached, inline, forwarded, in a ZIP, typed into the text —
and read as the document type the letter's hand-written expectation names."""

from __future__ import annotations

import pytest

from docflow.forms.model import FormRow
from docflow.forms.reader import read_letter_text, read_submission
from docflow.intake.classify import classify
from docflow.mail.parse import parse_message
from tests.corpus.schools.documents import build
from tests.corpus.schools.letters import LETTERS

NAMES = [letter.name for letter, _ in LETTERS]


@pytest.mark.parametrize("name", NAMES)
def test_letter_carries_its_form(name, municipal, directions):
    letter, make = next((x, f) for x, f in LETTERS if x.name == name)
    parsed = parse_message(make())
    assert parsed.sender and parsed.sender.address == letter.sender
    files = [a for a in parsed.attachments if not a.inline]
    if letter.document:
        carried = [a for a in files if a.data == build(letter.document)]
        assert carried, f"the form is not among the files: {[a.filename for a in parsed.attachments]}"
        if letter.where == "forwarded":
            assert carried[0].forwarded
        if letter.where == "zip":
            assert carried[0].container
    cls = classify([(a.filename, a.detected_type, a.data) for a in files], parsed.subject, None,
                   forms=municipal, body=parsed.text)
    if letter.type is None:
        assert cls.kind in ("other", "reply"), cls
        return
    assert cls.kind == letter.type, cls
    if letter.where == "body":
        assert cls.evidence == "body"
        row = read_letter_text(parsed.text, municipal, directions=directions)
    else:
        assert cls.evidence == "form" and files[cls.form_attachment].data == build(letter.document)
        row = read_submission(files[cls.form_attachment].data, files[cls.form_attachment].filename,
                              forms=municipal, directions=directions, convert=False)
    assert isinstance(row, FormRow) and row.form_type == letter.type
