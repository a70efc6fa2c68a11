"""Read a DOCX back to plain text: body paragraphs and table rows in document order."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path


def _open(source: bytes | str | Path):
    from docx import Document

    return Document(io.BytesIO(source) if isinstance(source, bytes) else str(source))


def iter_blocks(source: bytes | str | Path) -> Iterator[str | list[list[str]]]:
    """Yield each paragraph's text, or a table as rows of cell texts (merged cells once)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = _open(source)
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block.text
        elif isinstance(block, Table):
            rows = []
            for row in block.rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append(cell.text)
                rows.append(cells)
            yield rows


def tables(source: bytes | str | Path) -> list[list[list[str]]]:
    return [b for b in iter_blocks(source) if isinstance(b, list)]


def docx_to_text(source: bytes | str | Path) -> str:
    """Paragraphs one per line; table rows as cells joined by « | »."""
    lines: list[str] = []
    for block in iter_blocks(source):
        if isinstance(block, str):
            lines.append(block)
        else:
            lines.extend(" | ".join(cells) for cells in block)
    return "\n".join(lines)
