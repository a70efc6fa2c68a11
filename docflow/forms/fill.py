"""Fill a blank form programmatically, the neat way a school does in Word (demo data, tests, benchmarks)."""

from __future__ import annotations

import copy
from io import BytesIO
from pathlib import Path

from docflow.forms.definitions import FORMS, GRID, SECTION

FORMS_DIR = Path(__file__).resolve().parents[2] / "include" / "forms"


def blank(form_type: str):
    from docx import Document
    return Document(str(FORMS_DIR / f"{form_type}.docx"))


def _heading_index(doc, text: str) -> int:
    for i, p in enumerate(doc.paragraphs):
        if p.text.strip() == text:
            return i
    raise KeyError(text)


def fill(form_type: str, values: dict[str, str], tables: dict[str, list[dict]], *, label_cells=False):
    """The neat way: values in the value cells, text under headings, rows in the tables."""
    form = FORMS[form_type]
    doc = blank(form_type)
    by_label = {f.label: f for f in form.fields.values()}
    for table in doc.tables:
        first = table.rows[0].cells[0].text.strip()
        grid = next(
            (b.fields[0] for b in form.blocks if b.kind == GRID and b.fields[0].columns[0].label == first),
            None,
        )
        if grid:
            items = tables.get(grid.key, [])
            for n, item in enumerate(items):
                row = table.rows[1] if n == 0 else table.add_row()
                for c, col in enumerate(grid.columns):
                    row.cells[c].text = item.get(col.key, "")
            continue
        for row in table.rows:
            fdef = by_label.get(row.cells[0].text.strip())
            if fdef and values.get(fdef.key):
                if label_cells:
                    row.cells[0].text = f"{fdef.label}: {values[fdef.key]}"
                else:
                    row.cells[1].text = values[fdef.key]
    for block in form.blocks:
        if block.kind != SECTION:
            continue
        fdef = block.fields[0]
        value = values.get(fdef.key)
        if not value:
            continue
        i = _heading_index(doc, block.numbered_heading)
        target = next(p for p in doc.paragraphs[i + 1 :] if not p.text.strip())
        lines = value.split("\n")
        target.text = lines[0]
        anchor = target
        for line in lines[1:]:
            new = copy.deepcopy(anchor._p)
            anchor._p.addnext(new)
            from docx.text.paragraph import Paragraph
            anchor = Paragraph(new, anchor._parent)
            anchor.text = line
    return doc


def to_bytes(doc) -> bytes:
    buf = BytesIO()
    doc.save(buf)
    return buf.getvalue()


# ---- the ways schools change forms -----------------------------------------------------------
