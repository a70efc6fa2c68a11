"""Generate the blank forms (DOCX) from the committee's forms file: official look, marked with its type."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from docflow.forms.docx_xml import write_custom_properties
from docflow.forms.spec import FormDef

FONT = "Times New Roman"


def form_marker(form: FormDef) -> str:
    return f"docflow-form: {form.type}; docflow-form-version: {form.version}"


def _set_font(style, size_pt: float, *, bold: bool | None = None, italic: bool | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    style.font.name = FONT
    style.font.size = Pt(size_pt)
    style.font.color.rgb = RGBColor(0, 0, 0)
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _setup_styles(doc) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Cm, Pt

    normal = doc.styles["Normal"]
    _set_font(normal, 14)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    heading = doc.styles["Heading 2"]
    _set_font(heading, 14, bold=True, italic=False)
    heading.paragraph_format.space_before = Pt(12)
    heading.paragraph_format.space_after = Pt(6)
    instr = doc.styles.add_style("Form Instruction", WD_STYLE_TYPE.PARAGRAPH)
    instr.base_style = normal
    _set_font(instr, 12, italic=True)
    instr.paragraph_format.space_after = Pt(3)
    cell = doc.styles.add_style("Form Cell", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    _set_font(cell, 12)
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.left_margin, sec.right_margin = Cm(3.0), Cm(1.5)
    sec.top_margin = sec.bottom_margin = Cm(2.0)


def _table(doc, rows: Sequence[Sequence[str]], widths_cm: Sequence[float], *, header: bool = False):
    from docx.shared import Cm

    table = doc.add_table(rows=len(rows), cols=len(widths_cm))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            cell = table.cell(r, c)
            cell.width = Cm(widths_cm[c])
            p = cell.paragraphs[0]
            p.style = doc.styles["Form Cell"]
            if text:
                run = p.add_run(text)
                run.bold = header and r == 0
    return table


SIGNATURE_LINE = (
    "Руководитель образовательной организации  ____________ / ____________________ /"
    "     «___» ____________ 20___ г."
)


def build_blank(form: FormDef, directions: Sequence[str] = ()):
    """A python-docx Document of the blank form: a passport table, then a heading per section."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()
    _setup_styles(doc)
    if form.annex:
        annex = doc.add_paragraph(style=doc.styles["Form Cell"])
        annex.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        lines = form.annex.split("\n")
        for i, line in enumerate(lines):
            run = annex.add_run(line)
            if i < len(lines) - 1:
                run.add_break()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(form.title).bold = True
    if form.subtitle:
        sub = doc.add_paragraph()
        sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
        sub.add_run(form.subtitle).bold = True
    doc.add_paragraph()
    for text in form.spec.instructions:
        doc.add_paragraph(text, style="Form Instruction")
    sections = list(form.sections.values())
    cells = [s for s in sections if s.on_blank == "cell" and s.kind != "signature"]
    if cells:
        _table(doc, [(s.label, "") for s in cells], (6.5, 10.0))
        doc.add_paragraph()
    n = 0
    for s in sections:
        if s in cells or s.kind == "signature":
            continue
        n += 1
        doc.add_paragraph(f"{n}. {s.label}", style="Heading 2")
        if s.instruction:
            doc.add_paragraph(s.instruction, style="Form Instruction")
        if s.kind == "direction" and directions:
            doc.add_paragraph("Выберите одно направление: " + "; ".join(f"«{d}»" for d in directions) + ".",
                              style="Form Instruction")
        if s.kind == "table":
            width = 16.5 / len(s.columns)
            _table(doc, [[c.label for c in s.columns], [""] * len(s.columns)], [width] * len(s.columns),
                   header=True)
        doc.add_paragraph()
    if any(s.kind == "signature" for s in sections):
        doc.add_paragraph()
        doc.add_paragraph(SIGNATURE_LINE)
    # Word always ends a document with a paragraph; without one, a final table does not survive
    # a round trip through the .doc format (LibreOffice flattens it into one paragraph).
    doc.add_paragraph()
    props = doc.core_properties
    props.title = form.full_title.capitalize()
    props.subject = "Муниципальные инновационные площадки"
    props.category = f"docflow-form: {form.type}"
    props.keywords = form_marker(form)
    props.author = "Комитет образования"
    props.comments = "Бланк формы. Разделы можно оформить по-своему: документ проверяется по содержанию."
    write_custom_properties(doc, {"docflow-form": form.type, "docflow-form-version": str(form.version)})
    return doc


def blank_bytes(form: FormDef, directions: Sequence[str] = ()) -> bytes:
    buf = BytesIO()
    build_blank(form, directions).save(buf)
    return buf.getvalue()
