"""What a letter is: an application, a report, a corrected programme, a reply, or something else.

Evidence in order of strength: the form found in an attachment (its document properties, then
its title), the thread (a reply to one of our letters), the subject. Only the ZIP directory and
two small XML parts are read here — the full form is read later by the validation step.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from docflow.store.enums import SubmissionKind as K

FORM_KINDS = {K.APPLICATION, K.INTERIM_REPORT, K.FINAL_REPORT, K.CORRECTED_PROGRAMME}
DOCX_TYPES = {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
_MARKER = re.compile(r"docflow-form:\s*([a-z_]+)")
_MAX_PART = 2 * 1024 * 1024

# Normalised (lower case, ё→е) phrases → kind; the first match wins, so specific phrases go first.
_PHRASES: list[tuple[str, K]] = [
    ("скорректированн", K.CORRECTED_PROGRAMME),
    ("итоговый отчет", K.FINAL_REPORT),
    ("итоговом отчете", K.FINAL_REPORT),
    ("промежуточный отчет", K.INTERIM_REPORT),
    ("промежуточном отчете", K.INTERIM_REPORT),
    ("отчет", K.INTERIM_REPORT),
    ("заявк", K.APPLICATION),
]


@dataclass(frozen=True)
class Classification:
    kind: K
    evidence: str                 # "form", "thread", "subject", "none"
    form_attachment: int | None   # index into the attachment list of the form file


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace("ё", "е"))


def kind_from_text(text: str) -> K | None:
    t = _norm(text)
    for phrase, kind in _PHRASES:
        if phrase in t:
            return kind
    return None


def _read_part(z: zipfile.ZipFile, name: str) -> str:
    try:
        info = z.getinfo(name)
    except KeyError:
        return ""
    if info.file_size > _MAX_PART or (info.compress_size and info.file_size / info.compress_size > 200):
        return ""
    return z.read(info).decode("utf-8", "replace")


_PARA = re.compile(r"<w:p[ >].*?</w:p>", re.DOTALL)
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")


def _first_paragraphs(body: str, n: int = 40) -> list[str]:
    out = []
    for m in _PARA.finditer(body):
        text = "".join(_TEXT.findall(m.group(0))).strip()
        if text:
            out.append(text)
            if len(out) >= n:
                break
    return out


def form_kind(data: bytes, forms) -> K | None:
    """The type of a DOCX: our marker in its properties, else its title read by meaning."""
    from docflow.forms.doctype import title_type

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for part in ("docProps/custom.xml", "docProps/core.xml"):
                m = _MARKER.search(_read_part(z, part))
                if m and m.group(1) in forms:
                    return _workflow_kind(forms, m.group(1))
            body = _read_part(z, "word/document.xml")
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    ftype, _score, _i = title_type(forms, _first_paragraphs(body))
    return _workflow_kind(forms, ftype)  # FOREIGN («Приказ», «Положение») is none of the forms


def _workflow_kind(forms, ftype: str | None) -> K | None:
    if not ftype or ftype not in forms:
        return None
    return K(forms[ftype].workflow_type)


def body_kind(text: str, forms) -> K | None:
    """A form typed into the letter itself: a title and at least three of its sections."""
    from docflow.forms.reader import read_letter_text

    if not text or len(text) > 200_000:
        return None
    row = read_letter_text(text, forms)
    if row.form_type and len(row.fields) >= 3:
        return _workflow_kind(forms, row.form_type)
    return None


def classify(attachments: list[tuple[str, str, bytes]], subject: str, replied_kind: K | None, *,
             forms, body: str = "") -> Classification:
    """``attachments``: (filename, detected MIME type, bytes); ``replied_kind``: the kind of our
    submission that the letter answers (from In-Reply-To / References), if any; ``forms``: the
    committee's forms; ``body``: the letter's text (a form may be typed into it)."""
    for i, (name, mime, data) in enumerate(attachments):
        if mime in DOCX_TYPES or name.lower().endswith(".docx"):
            kind = form_kind(data, forms)
            if kind in FORM_KINDS:
                return Classification(kind, "form", i)
    if replied_kind in FORM_KINDS and attachments:
        return Classification(replied_kind, "thread", None)
    # A document kind named in the subject counts only when something is attached:
    # «Вопрос по заявке» without files is correspondence, not an application.
    by_subject = kind_from_text(subject) if attachments else None
    if by_subject:
        return Classification(by_subject, "subject", None)
    for name, _mime, _data in attachments:
        by_name = kind_from_text(name.rsplit(".", 1)[0].replace("_", " "))
        if by_name:
            return Classification(by_name, "subject", None)
    if not attachments and (typed := body_kind(body, forms)) in FORM_KINDS:
        return Classification(typed, "body", None)
    if replied_kind is not None:
        return Classification(K.REPLY, "thread", None)
    return Classification(K.OTHER, "none", None)
