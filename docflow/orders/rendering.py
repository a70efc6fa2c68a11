"""Rendering drafts and final documents, and where their files are kept.

The archive (by SHA-256) is the record; copies under ``<data>/documents/`` carry readable names
for staff and for the approval task's link (drafts/…, then <register>/<year>/…).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from docflow.config import data_dir
from docflow.store import archive
from docflow.store.models import Document

DRAFT_NUMBER = "____"
DRAFT_DATE = "«___» ____________ 20___"


def template_path(name: str) -> Path:
    from docflow.documents import TEMPLATES_DIR
    return Path(TEMPLATES_DIR) / name


def render(template: str, ctx: Any) -> bytes:
    from docflow.documents.render import render as render_docx
    return render_docx(template_path(template), ctx)


def render_draft(template: str, ctx: Any) -> bytes:
    """A draft reads like the document, with blanks where the number and the date will go."""
    return render(template, replace(ctx, number=DRAFT_NUMBER, date=DRAFT_DATE))


def documents_dir() -> Path:
    d = data_dir() / "documents"
    d.mkdir(parents=True, exist_ok=True)
    return d


def draft_path(doc: Document) -> Path:
    return documents_dir() / "drafts" / f"{doc.id}-{doc.kind}.docx"


def safe_name(text: str) -> str:
    return re.sub(r"[^\w.-]+", "_", text).strip("_") or "document"


def final_path(doc: Document, suffix: str = ".docx") -> Path:
    return documents_dir() / doc.register / str(doc.reg_year) / f"{safe_name(doc.number or '')}-{doc.kind}{suffix}"


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


def store_draft_file(doc: Document, docx: bytes) -> str:
    digest = archive.put(docx)
    _write(draft_path(doc), docx)
    return digest


def store_final_files(doc: Document, docx: bytes, pdf: bytes | None) -> tuple[str, str]:
    digest = archive.put(docx)
    _write(final_path(doc), docx)
    pdf_digest = ""
    if pdf:
        pdf_digest = archive.put(pdf)
        _write(final_path(doc, ".pdf"), pdf)
    return digest, pdf_digest


def attachment_name(doc: Document, suffix: str) -> str:
    """«Приказ от 16.11.2026 № 364.docx» — what a school sees in its mailbox."""
    kind = {"order": "Приказ", "directive": "Распоряжение"}.get(doc.register, "Документ")
    date = f" от {doc.doc_date:%d.%m.%Y}" if doc.doc_date else ""
    number = f" № {doc.number}" if doc.number else ""
    return f"{kind}{date}{number}{suffix}".replace("/", "-")


def to_pdf(docx: bytes) -> tuple[bytes | None, str]:
    """PDF by LibreOffice when installed; (None, why) otherwise. Missing fonts are reported."""
    from docflow.documents.pdf import docx_to_pdf, find_soffice
    if find_soffice() is None:
        return None, "LibreOffice не установлен: PDF не сформирован"
    result = docx_to_pdf(docx)
    note = ""
    if result.missing_fonts:
        note = "Не найдены шрифты: " + ", ".join(result.missing_fonts)
    if not result.ok:
        return None, (result.error or "PDF не сформирован") + (f"; {note}" if note else "")
    return result.pdf, note
