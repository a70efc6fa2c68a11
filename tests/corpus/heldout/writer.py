"""What the held-out layouts need beyond tests/corpus/schools/writer.py: footnotes, a Word table
of contents field with bookmarked headings, and a cell's paragraphs written one by one.

Independent of docflow: it only writes WordprocessingML the way Word saves it.
"""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from tests.corpus.schools.writer import Doc, _x

_FOOTNOTES_HEAD = (
    f'<w:footnotes {nsdecls("w")}>'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
    '</w:footnote>')


class HDoc(Doc):
    """Doc with footnotes and a table of contents."""

    def __init__(self, **kw) -> None:
        super().__init__(**kw)
        self._notes: list[str] = []
        self._marks = 0

    # -- footnotes ------------------------------------------------------------------------------
    def footnote(self, para: Paragraph, text: str) -> None:
        """A footnote reference at the end of the paragraph (References → Insert Footnote)."""
        self._notes.append(text)
        fid = len(self._notes)
        para._p.append(parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{fid}"/></w:r>'))

    def _attach_footnotes(self) -> None:
        if not self._notes:
            return
        notes = "".join(
            f'<w:footnote w:id="{i}"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
            f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:rPr><w:sz w:val="20"/></w:rPr><w:t xml:space="preserve"> {_x(t)}</w:t>'
            f'</w:r></w:p></w:footnote>' for i, t in enumerate(self._notes, 1))
        blob = (_FOOTNOTES_HEAD + notes + "</w:footnotes>").encode("utf-8")
        part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES,
                    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + blob,
                    self.d.part.package)
        self.d.part.relate_to(part, RT.FOOTNOTES)
        self._notes = []

    # -- table of contents ----------------------------------------------------------------------
    def bookmarked_heading(self, text: str, name: str, level: int = 1) -> Paragraph:
        """A Heading n wrapped in a _Toc bookmark, as Word leaves it after inserting a TOC."""
        self._marks += 1
        para = self.heading(text, level)
        run = para.runs[0]._r
        run.addprevious(parse_xml(
            f'<w:bookmarkStart {nsdecls("w")} w:id="{self._marks}" w:name="{name}"/>'))
        para._p.append(parse_xml(f'<w:bookmarkEnd {nsdecls("w")} w:id="{self._marks}"/>'))
        return para

    def toc(self, entries: list[tuple[str, str, int]]) -> None:
        """A TOC field (References → Table of Contents): one «toc 1» paragraph per entry
        (text, bookmark, page), each a hyperlink with a PAGEREF field; the field's begin in the
        first entry, its end in a paragraph of its own."""
        styles = self.d.styles
        if "toc 1" not in [s.name for s in styles]:
            st = styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)
            st.base_style = styles["Normal"]
            st.paragraph_format.space_after = Pt(5)
        for i, (text, mark, page) in enumerate(entries):
            para = self.d.add_paragraph(style="toc 1")
            para.paragraph_format.tab_stops.add_tab_stop(Cm(16.5), alignment=2, leader=1)
            if i == 0:
                para._p.append(parse_xml(
                    f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>'))
                para._p.append(parse_xml(
                    f'<w:r {nsdecls("w")}><w:instrText xml:space="preserve"> TOC \\o "1-3" '
                    f'\\h \\z \\u </w:instrText></w:r>'))
                para._p.append(parse_xml(
                    f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'))
            para._p.append(parse_xml(
                f'<w:hyperlink {nsdecls("w")} w:anchor="{mark}" w:history="1">'
                f'<w:r><w:t xml:space="preserve">{_x(text)}</w:t></w:r><w:r><w:tab/></w:r>'
                f'<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                f'<w:r><w:instrText xml:space="preserve"> PAGEREF {mark} \\h </w:instrText></w:r>'
                f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                f'<w:r><w:t>{page}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
                f'</w:hyperlink>'))
        end = self.d.add_paragraph()
        end._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))

    # -- hyperlinks -----------------------------------------------------------------------------
    def link(self, para: Paragraph, url: str, text: str | None = None) -> None:
        """A hyperlink as Word's AutoFormat makes it from a typed address (style Hyperlink)."""
        rid = self.d.part.relate_to(url, RT.HYPERLINK, is_external=True)
        para._p.append(parse_xml(
            f'<w:hyperlink {nsdecls("w", "r")} r:id="{rid}" w:history="1"><w:r><w:rPr>'
            f'<w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr>'
            f'<w:t xml:space="preserve">{_x(text or url)}</w:t></w:r></w:hyperlink>'))

    def bytes(self) -> bytes:
        self._attach_footnotes()
        return super().bytes()
