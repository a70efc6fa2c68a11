"""PDF copies of the documents docflow issues, or the reason (in Russian) why there is none.

One LibreOffice start per batch (``docflow.documents.pdf.docx_to_pdf_many``). ``DOCFLOW_PDF=0``
switches conversion off (tests that are not about PDF); the reason then says so. The reason is
kept as a document event ``pdf_failed`` and shown in the documents register.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

PDF_FAILED = "pdf_failed"
OFF = "PDF не сформирован: преобразование отключено настройкой DOCFLOW_PDF=0"
NO_LIBREOFFICE = "PDF не сформирован: LibreOffice не установлен"


def wanted() -> bool:
    return os.environ.get("DOCFLOW_PDF", "1") != "0"


def pdf_copies(documents: Sequence[bytes], *, enabled: bool | None = None) -> list[tuple[bytes | None, str]]:
    """(pdf, note) per DOCX: the note names missing fonts, or says why no PDF was made."""
    from docflow.documents.pdf import docx_to_pdf_many, find_soffice
    if not documents:
        return []
    if not (wanted() if enabled is None else enabled):
        return [(None, OFF)] * len(documents)
    if find_soffice() is None:
        return [(None, NO_LIBREOFFICE)] * len(documents)
    out: list[tuple[bytes | None, str]] = []
    for r in docx_to_pdf_many(list(documents)):
        fonts = ("не найдены шрифты: " + ", ".join(r.missing_fonts)) if r.missing_fonts else ""
        if r.ok:
            out.append((r.pdf, fonts[:1].upper() + fonts[1:]))
        else:
            out.append((None, "PDF не сформирован: " + (r.error or "ошибка преобразования").rstrip(".")
                        + (f"; {fonts}" if fonts else "")))
    return out
