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
    if info.file_size > _MAX_PART:
        return ""
    return z.read(info).decode("utf-8", "replace")


def form_kind(data: bytes) -> K | None:
    """The form type of a DOCX: our marker in its properties, else the words of its title."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for part in ("docProps/custom.xml", "docProps/core.xml"):
                m = _MARKER.search(_read_part(z, part))
                if m and m.group(1) in K.__members__.values():
                    return K(m.group(1))
            body = _read_part(z, "word/document.xml")
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    # The title is among the first paragraphs; strip tags and look at the beginning only.
    text = re.sub(r"<[^>]+>", " ", body[:60000])
    return kind_from_text(text[:3000])


def classify(attachments: list[tuple[str, str, bytes]], subject: str, replied_kind: K | None) -> Classification:
    """``attachments``: (filename, detected MIME type, bytes); ``replied_kind``: the kind of our
    submission that the letter answers (from In-Reply-To / References), if any."""
    for i, (name, mime, data) in enumerate(attachments):
        if mime in DOCX_TYPES or name.lower().endswith(".docx"):
            kind = form_kind(data)
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
    if replied_kind is not None:
        return Classification(K.REPLY, "thread", None)
    return Classification(K.OTHER, "none", None)
