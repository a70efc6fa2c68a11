"""A tiny DOCX writer over python-docx and lxml for what Word itself puts into school documents.

Independent of docflow: nothing here knows how documents are read, only how Word writes them.
Bytes are reproducible (fixed zip timestamps and core properties), so a letter that carries a
document carries exactly the corpus bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

# A run part: plain text, or (text, fmt) where fmt holds any of "b" bold, "i" italic, "u" underline.
Part = str | tuple[str, str]

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}

_FIXED_ZIP_TIME = (2026, 2, 10, 9, 30, 0)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {
    "w": _W,
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "w10": "urn:schemas-microsoft-com:office:word",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
}


def _decls(*prefixes: str) -> str:
    return " ".join(f'xmlns:{p}="{_NS[p]}"' for p in prefixes)


def _fmt_run(run, fmt: str) -> None:
    if "b" in fmt:
        run.bold = True
    if "i" in fmt:
        run.italic = True
    if "u" in fmt:
        run.underline = True


class Doc:
    """One Word document being written, paragraph by paragraph, as a secretary would type it."""

    def __init__(self, *, author: str = "Учитель", font: str = "Times New Roman", size: float = 12,
                 created: dt.datetime | None = None, landscape: bool = False,
                 nbsp: bool = False) -> None:
        self.d = docx.Document()
        self.nbsp = nbsp  # Word's autocorrect habit: «№ 14», «2026 г.» with a no-break space
        self._rev = 0
        self._shape = 0
        style = self.d.styles["Normal"]
        style.font.name = font
        style.font.size = Pt(size)
        rpr = style.element.get_or_add_rPr()
        rfonts = rpr.find(qn("w:rFonts"))
        if rfonts is None:
            rfonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(rfonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rfonts.set(qn(attr), font)
        for name in ("Heading 1", "Heading 2", "Heading 3", "Title"):
            st = self.d.styles[name]
            st.font.name = font
        sec = self.d.sections[0]
        sec.page_width, sec.page_height = Cm(21), Cm(29.7)
        if landscape:
            sec.orientation = WD_ORIENT.LANDSCAPE
            sec.page_width, sec.page_height = Cm(29.7), Cm(21)
        sec.left_margin, sec.right_margin = Cm(3), Cm(1.5)
        sec.top_margin, sec.bottom_margin = Cm(2), Cm(2)
        cp = self.d.core_properties
        cp.author = author
        cp.last_modified_by = author
        cp.created = created or dt.datetime(2026, 2, 9, 8, 15)
        cp.modified = (created or dt.datetime(2026, 2, 9, 8, 15)) + dt.timedelta(hours=3)
        cp.revision = 3
        cp.title = ""

    # -- paragraphs ---------------------------------------------------------------------------
    def p(self, *parts: Part, style: str | None = None, align: str | None = None,
          indent: float | None = 1.25, bold: bool = False, italic: bool = False,
          size: float | None = None) -> Paragraph:
        """A paragraph of runs; "\t" in text becomes w:tab, "\n" becomes w:br."""
        para = self.d.add_paragraph(style=style)
        if align:
            para.alignment = ALIGN[align]
        if indent:
            para.paragraph_format.first_line_indent = Cm(indent)
        for part in parts:
            text, fmt = (part, "") if isinstance(part, str) else part
            run = para.add_run(self._nb(text))
            _fmt_run(run, fmt + ("b" if bold else "") + ("i" if italic else ""))
            if size:
                run.font.size = Pt(size)
        return para

    def _nb(self, text: str) -> str:
        if not self.nbsp:
            return text
        return text.replace("№ ", "№\u00a0").replace(" г.", "\u00a0г.").replace(" %", "\u00a0%")

    def empty(self, n: int = 1) -> None:
        for _ in range(n):
            self.d.add_paragraph()

    def title(self, text: str) -> Paragraph:
        return self.d.add_paragraph(text, style="Title")

    def heading(self, text: str | Sequence[str], level: int = 1) -> Paragraph:
        """A built-in Heading n; a sequence of fragments is written as several runs (Word splits
        a heading into runs wherever the author edited or spell-checked it)."""
        para = self.d.add_paragraph(style=f"Heading {level}")
        for frag in [text] if isinstance(text, str) else text:
            para.add_run(frag)
        return para

    def label(self, label: str, text: str, *, fmt: str = "b", sep: str = " ",
              indent: float | None = 1.25) -> Paragraph:
        """A formatted inline label and its text in the same paragraph («Цель: формирование…»)."""
        return self.p((label, fmt), sep + text if text else "", indent=indent, align="justify")

    def center(self, *parts: Part, bold: bool = True, size: float | None = None) -> Paragraph:
        return self.p(*parts, align="center", indent=None, bold=bold, size=size)

    def right(self, *parts: Part) -> Paragraph:
        return self.p(*parts, align="right", indent=None)

    def justify(self, *parts: Part) -> Paragraph:
        return self.p(*parts, align="justify")

    def texts(self, texts: Iterable[str]) -> None:
        for t in texts:
            self.justify(t)

    def page_break(self) -> None:
        self.d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # -- Word auto-numbered lists (w:numPr) ---------------------------------------------------
    def _new_num(self, fmt: str, lvl_text: str) -> int:
        numbering = self.d.part.numbering_part.element
        abstract_ids = [int(a.get(qn("w:abstractNumId")))
                        for a in numbering.findall(qn("w:abstractNum"))]
        num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
        aid = max(abstract_ids, default=0) + 1
        nid = max(num_ids, default=0) + 1
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{aid}">'
            f'<w:multiLevelType w:val="hybridMultilevel"/>'
            f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{lvl_text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr>'
            + ('<w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol" w:hint="default"/></w:rPr>'
               if fmt == "bullet" else "")
            + '</w:lvl></w:abstractNum>')
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        numbering.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{nid}"><w:abstractNumId w:val="{aid}"/></w:num>'))
        return nid

    def new_list(self, fmt: str = "decimal", lvl_text: str = "%1.") -> int:
        """A new Word list (w:num); add items to it with list_item."""
        return self._new_num(fmt, "\uf0b7" if fmt == "bullet" else lvl_text)

    def list_item(self, num_id: int, *parts: Part, bold: bool = False) -> Paragraph:
        para = self.p(*parts, style="List Paragraph", indent=None, bold=bold)
        para._p.get_or_add_pPr().insert(1, parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))
        return para

    def numbered(self, items: Iterable[str | Sequence[Part]], *, fmt: str = "decimal",
                 lvl_text: str = "%1.", bold: bool = False, style: str = "List Paragraph") -> int:
        """Items Word numbers itself (the number is not in the text). fmt: decimal, bullet,
        russianLower, upperRoman…; returns the w:numId."""
        nid = self._new_num(fmt, "\uf0b7" if fmt == "bullet" else lvl_text)
        for item in items:
            para = self.p(*([item] if isinstance(item, str) else item), style=style,
                          indent=None, bold=bold, align="justify")
            ppr = para._p.get_or_add_pPr()
            ppr.insert(1, parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{nid}"/></w:numPr>'))
        return nid

    def bullets(self, items: Iterable[str | Sequence[Part]]) -> int:
        return self.numbered(items, fmt="bullet")

    def dashes(self, items: Iterable[str]) -> None:
        """A list typed by hand with dashes, as many teachers do."""
        for item in items:
            self.p("– " + item, indent=1.25, align="justify")

    # -- tables -------------------------------------------------------------------------------
    def table(self, rows: Sequence[Sequence[str | Sequence[Part] | None]], *,
              widths: Sequence[float] | None = None, header: bool = False,
              merges: Sequence[tuple[tuple[int, int], tuple[int, int]]] = (),
              style: str | None = "Table Grid", bold_first_col: bool = False) -> Table:
        """A table; merges are ((r1, c1), (r2, c2)) ranges Word merges (gridSpan / vMerge).
        A None cell stays empty (it is covered by a merge, or left blank by the school)."""
        ncols = max(len(r) for r in rows)
        tbl = self.d.add_table(rows=len(rows), cols=ncols)
        if style:
            tbl.style = self.d.styles[style] if style in [s.name for s in self.d.styles] else None
            if style == "Table Grid" and tbl.style is None:
                self._grid_borders(tbl)
        for ri, row in enumerate(rows):
            for ci, value in enumerate(row):
                cell = tbl.cell(ri, ci)
                if value is None:
                    continue
                # a str or a (text, fmt) tuple is one run; a list holds several
                parts = [value] if isinstance(value, str | tuple) else list(value)
                paras = []
                cur: list[Part] = []
                for part in parts:  # a "\n\n" splits a cell into paragraphs
                    text, fmt = (part, "") if isinstance(part, str) else part
                    chunks = text.split("\n\n")
                    for k, chunk in enumerate(chunks):
                        if k:
                            paras.append(cur)
                            cur = []
                        cur.append((chunk, fmt))
                paras.append(cur)
                for k, para_parts in enumerate(paras):
                    para = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                    for text, fmt in para_parts:
                        run = para.add_run(self._nb(text))
                        _fmt_run(run, fmt + ("b" if (header and ri == 0) or
                                             (bold_first_col and ci == 0) else ""))
        for (r1, c1), (r2, c2) in merges:
            a, b = tbl.cell(r1, c1), tbl.cell(r2, c2)
            keep = [p for p in a.paragraphs]
            a.merge(b)
            # python-docx concatenates the covered cells' (empty) paragraphs; drop blanks it added
            merged = tbl.cell(r1, c1)
            for para in merged.paragraphs[len(keep):]:
                if not para.text.strip() and len(merged.paragraphs) > 1:
                    para._p.getparent().remove(para._p)
        if widths:
            tbl.autofit = False
            for ci, col in enumerate(tbl.columns):
                if ci < len(widths):
                    col.width = Cm(widths[ci])  # w:gridCol, which LibreOffice follows
            for row in tbl.rows:
                for ci, cell in enumerate(row.cells):
                    if ci < len(widths):
                        cell.width = Cm(widths[ci])
        return tbl

    @staticmethod
    def _grid_borders(tbl: Table) -> None:
        tblpr = tbl._tbl.tblPr
        tblpr.append(parse_xml(
            f'<w:tblBorders {nsdecls("w")}>' + "".join(
                f'<w:{e} w:val="single" w:sz="4" w:space="0" w:color="auto"/>'
                for e in ("top", "left", "bottom", "right", "insideH", "insideV"))
            + '</w:tblBorders>'))

    # -- tracked changes ----------------------------------------------------------------------
    def track_revisions(self) -> None:
        """Review → Track Changes switched on (Word keeps it in settings.xml)."""
        settings = self.d.settings.element
        if settings.find(qn("w:trackRevisions")) is None:  # schema order: after w:proofState
            settings.find(qn("w:defaultTabStop")).addprevious(
                parse_xml(f'<w:trackRevisions {nsdecls("w")}/>'))

    def _rev_attrs(self, author: str, date: str) -> str:
        self._rev += 1
        return f'w:id="{self._rev}" w:author="{author}" w:date="{date}"'

    def tracked(self, para: Paragraph, parts: Sequence[tuple[str, str]], *,
                author: str = "Завуч", date: str = "2026-02-06T14:12:00Z") -> Paragraph:
        """Append to a paragraph runs that are ("", text) plain, ("ins", text) inserted or
        ("del", text) deleted with change tracking on."""
        for kind, text in parts:
            run_xml = (f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{_x(text)}</w:t></w:r>')
            if kind == "":
                para._p.append(parse_xml(run_xml))
            elif kind == "ins":
                para._p.append(parse_xml(
                    f'<w:ins {nsdecls("w")} {self._rev_attrs(author, date)}>'
                    f'<w:r><w:t xml:space="preserve">{_x(text)}</w:t></w:r></w:ins>'))
            elif kind == "del":
                para._p.append(parse_xml(
                    f'<w:del {nsdecls("w")} {self._rev_attrs(author, date)}>'
                    f'<w:r><w:delText xml:space="preserve">{_x(text)}</w:delText></w:r></w:del>'))
            else:
                raise ValueError(kind)
        return para

    def inserted_paragraph(self, text: str, *, author: str = "Завуч",
                           date: str = "2026-02-06T14:12:00Z", bold: bool = False) -> Paragraph:
        """A whole paragraph typed with tracking on: its runs and its mark are w:ins."""
        para = self.p(indent=1.25, align="justify")
        ppr = para._p.get_or_add_pPr()
        rpr = ppr.find(qn("w:rPr"))
        if rpr is None:
            rpr = parse_xml(f'<w:rPr {nsdecls("w")}/>')
            ppr.append(rpr)
        rpr.append(parse_xml(f'<w:ins {nsdecls("w")} {self._rev_attrs(author, date)}/>'))
        b = "<w:rPr><w:b/></w:rPr>" if bold else ""
        para._p.append(parse_xml(
            f'<w:ins {nsdecls("w")} {self._rev_attrs(author, date)}>'
            f'<w:r>{b}<w:t xml:space="preserve">{_x(text)}</w:t></w:r></w:ins>'))
        return para

    def deleted_paragraph(self, text: str, *, author: str = "Завуч",
                          date: str = "2026-02-06T14:12:00Z") -> Paragraph:
        """A whole paragraph deleted with tracking on: only w:delText is left of it."""
        para = self.p(indent=1.25, align="justify")
        ppr = para._p.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:rPr {nsdecls("w")}><w:del {self._rev_attrs(author, date)}/>'
                             f'</w:rPr>'))
        para._p.append(parse_xml(
            f'<w:del {nsdecls("w")} {self._rev_attrs(author, date)}>'
            f'<w:r><w:delText xml:space="preserve">{_x(text)}</w:delText></w:r></w:del>'))
        return para

    # -- text box -----------------------------------------------------------------------------
    def textbox(self, paragraphs: Sequence[Sequence[Part]], *, vml_only: bool = False,
                height_cm: float = 6.0) -> Paragraph:
        """A text box anchored to a new paragraph, as Word 2016 saves it: mc:AlternateContent
        with a DrawingML shape (wps) and a VML fallback, each holding w:txbxContent. With
        vml_only, only the w:pict of an old .doc converted by Word 2003/2007."""
        self._shape += 1
        sid = self._shape
        inner = "".join(_para_xml(parts) for parts in paragraphs)
        cx, cy = int(16.5 * 360000), int(height_cm * 360000)
        vml = (
            f'<w:pict><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" '
            f'path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/>'
            f'<v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
            f'<v:shape id="Надпись {sid}" o:spid="_x0000_s10{25 + sid}" type="#_x0000_t202" '
            f'style="position:absolute;margin-left:0;margin-top:0;width:467.75pt;'
            f'height:{height_cm * 28.35:.1f}pt;z-index:25165926{sid};visibility:visible;'
            f'mso-wrap-style:square;mso-position-horizontal:absolute;'
            f'mso-position-vertical:absolute" fillcolor="white [3201]" strokeweight=".5pt">'
            f'<v:textbox><w:txbxContent>{inner}</w:txbxContent></v:textbox>'
            f'<w10:wrap type="topAndBottom"/></v:shape></w:pict>')
        if vml_only:
            run = f'<w:r {_decls("w", "v", "o", "w10")}>{vml}</w:r>'
        else:
            run = (
                f'<w:r {_decls("w", "v", "o", "w10", "mc", "wp", "a", "wps")}>'
                f'<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
                f'<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" '
                f'relativeHeight="25165926{sid}" behindDoc="0" locked="0" layoutInCell="1" '
                f'allowOverlap="1"><wp:simplePos x="0" y="0"/>'
                f'<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
                f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset>'
                f'</wp:positionV><wp:extent cx="{cx}" cy="{cy}"/>'
                f'<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/>'
                f'<wp:docPr id="{sid}" name="Надпись {sid}"/><wp:cNvGraphicFramePr/>'
                f'<a:graphic><a:graphicData '
                f'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
                f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
                f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
                f'</a:prstGeom><a:solidFill><a:schemeClr val="lt1"/></a:solidFill>'
                f'<a:ln w="6350"><a:solidFill><a:prstClr val="black"/></a:solidFill></a:ln>'
                f'</wps:spPr><wps:txbx><w:txbxContent>{inner}</w:txbxContent></wps:txbx>'
                f'<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" '
                f'rIns="91440" bIns="45720" anchor="t" anchorCtr="0"><a:noAutofit/>'
                f'</wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>'
                f'</mc:Choice><mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent></w:r>')
        para = self.d.add_paragraph()
        para._p.append(parse_xml(run))
        return para

    # -- header / footer ----------------------------------------------------------------------
    def header(self, text: str, *, align: str = "right") -> None:
        para = self.d.sections[0].header.paragraphs[0]
        para.text = text
        para.alignment = ALIGN[align]
        for run in para.runs:
            run.font.size = Pt(9)

    def footer(self, text: str = "", *, page_number: bool = True) -> None:
        para = self.d.sections[0].footer.paragraphs[0]
        para.alignment = ALIGN["center"]
        if text:
            run = para.add_run(text + ("\t" if page_number else ""))
            run.font.size = Pt(9)
        if page_number:
            para._p.append(parse_xml(
                f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE   \\* MERGEFORMAT ">'
                f'<w:r><w:t>1</w:t></w:r></w:fldSimple>'))

    # -- comments (Word's review pane) --------------------------------------------------------
    def comment(self, para: Paragraph, text: str, author: str = "Методист",
                date: str = "2026-02-11T16:05:00Z") -> None:
        c = self.d.add_comment(para.runs or [para.add_run("")], text=text, author=author,
                               initials="".join(w[0] for w in author.split())[:2])
        c._comment_elm.set(qn("w:date"), date)  # python-docx stamps the current time

    # -- output -------------------------------------------------------------------------------
    def bytes(self) -> bytes:
        raw = io.BytesIO()
        self.d.save(raw)
        return repack(raw.getvalue())


def repack(data: bytes) -> bytes:
    """The same package with fixed member timestamps, so equal documents are equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


def _x(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _para_xml(parts: Sequence[Part]) -> str:
    runs = []
    for part in parts:
        text, fmt = (part, "") if isinstance(part, str) else part
        rpr = "".join(tag for flag, tag in (("b", "<w:b/>"), ("i", "<w:i/>"),
                                            ("u", '<w:u w:val="single"/>')) if flag in fmt)
        runs.append(f'<w:r>{"<w:rPr>" + rpr + "</w:rPr>" if rpr else ""}'
                    f'<w:t xml:space="preserve">{_x(text)}</w:t></w:r>')
    return f'<w:p><w:pPr><w:jc w:val="both"/></w:pPr>{"".join(runs)}</w:p>'


def xml_of(data: bytes, member: str = "word/document.xml") -> etree._Element:
    """The parsed XML of one package member (for the self-check)."""
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read(member))


W_NS = _W
