"""The one module that knows WordprocessingML: body walking, content controls, merged cells,
custom document properties. Everything else works on the plain blocks yielded here.

python-docx hides content controls (w:sdt) and repeats merged cells; reading the XML directly
shows sdt content in document order and returns each merged cell once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CP = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
RT_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
CT_CUSTOM = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


P, TBL, TR, TC, SDT, SDT_CONTENT = _q("p"), _q("tbl"), _q("tr"), _q("tc"), _q("sdt"), _q("sdtContent")
T, TAB, BR, CR, R = _q("t"), _q("tab"), _q("br"), _q("cr"), _q("r")
TXBX = _q("txbxContent")
FALLBACK = f"{{{MC}}}Fallback"
_TRANSPARENT = {SDT, SDT_CONTENT, _q("customXml"), _q("smartTag"), _q("ins"), _q("hyperlink")}
_SKIP = {_q("del"), _q("moveFrom"), TXBX, FALLBACK, _q("instrText"), _q("delText")}


@dataclass
class Para:
    text: str
    style: str = ""  # style id as stored (e.g. "Heading2", "2" after some re-saves)
    outline: int | None = None  # heading outline level when the paragraph or its style says so
    bold: bool = False  # every run with text is bold (or underlined)
    lead: str = ""  # the leading bold or underlined runs when the rest is not: an inline label
    italic: bool = False  # every run with text is italic (an instruction left in)
    numbered: bool = False  # Word's automatic numbering (w:numPr)
    where: str = "paragraph"  # paragraph | text box | letter body


@dataclass
class Table:
    rows: list[list[str]]  # each merged cell once; vertically merged continuation → text above


def _text_of(el: etree._Element, parts: list[str]) -> None:
    """Text in document order, without deleted text, text boxes (read separately) or field codes."""
    for child in el:
        tag = child.tag
        if tag in _SKIP:
            continue
        if tag == T:
            parts.append(child.text or "")
        elif tag == TAB:
            parts.append("\t")
        elif tag in (BR, CR):
            parts.append("\n")
        else:
            _text_of(child, parts)


def paragraph_text(p: etree._Element) -> str:
    parts: list[str] = []
    _text_of(p, parts)
    return "".join(parts)


def _children(el: etree._Element) -> Iterator[etree._Element]:
    """Children with content-control and similar wrappers made transparent."""
    for child in el:
        if child.tag in _TRANSPARENT:
            yield from _children(child)
        else:
            yield child


def _runs(p: etree._Element) -> Iterator[etree._Element]:
    """Runs with text, in order, outside deleted text and text boxes."""
    for child in p:
        if child.tag in _SKIP:
            continue
        if child.tag == R:
            yield child
        elif child.tag != _q("pPr"):
            yield from _runs(child)


def _flag(run: etree._Element, name: str, style_flags: dict[str, set[str]]) -> bool:
    rpr = run.find(_q("rPr"))
    if rpr is not None:
        el = rpr.find(_q(name))
        if el is not None:
            return el.get(_q("val"), "true") not in ("0", "false", "none")
        rstyle = rpr.find(_q("rStyle"))
        if rstyle is not None and name in style_flags.get(rstyle.get(_q("val")) or "", set()):
            return True
    return False


def _para(p: etree._Element, styles: StyleInfo, where: str = "paragraph") -> Para:
    ppr = p.find(_q("pPr"))
    style_el = ppr.find(_q("pStyle")) if ppr is not None else None
    style = style_el.get(_q("val")) if style_el is not None else ""
    lvl_el = ppr.find(_q("outlineLvl")) if ppr is not None else None
    outline = int(lvl_el.get(_q("val"))) if lvl_el is not None else styles.headings.get(style)
    if outline is not None and outline > 8:  # level 9 is «body text»
        outline = None
    numbered = ppr is not None and ppr.find(_q("numPr")) is not None
    pieces: list[tuple[str, bool, bool]] = []  # (text, bold or underlined, italic)
    para_bold = "b" in styles.para_flags.get(style, set())
    para_italic = "i" in styles.para_flags.get(style, set())
    for r in _runs(p):
        parts: list[str] = []
        _text_of(r, parts)
        text = "".join(parts)
        if not text:
            continue
        strong = para_bold or _flag(r, "b", styles.char_flags) or _flag(r, "u", styles.char_flags)
        pieces.append((text, strong, para_italic or _flag(r, "i", styles.char_flags)))
    visible = [x for x in pieces if x[0].strip()]
    bold = bool(visible) and all(x[1] for x in visible)
    italic = bool(visible) and all(x[2] for x in visible)
    lead = ""
    if visible and not bold and visible[0][1]:
        for text, strong, _i in pieces:
            if not strong and text.strip():
                break
            lead += text
    return Para(paragraph_text(p), style, outline, bold, lead.strip(), italic, numbered, where)


def _cell_text(tc: etree._Element) -> str:
    return "\n".join(paragraph_text(p) for p in tc.iter(P)).strip()


def _table(tbl: etree._Element) -> Table:
    rows: list[list[str]] = []
    above: dict[int, str] = {}  # grid column → text of the cell that starts a vertical merge
    for tr in _children(tbl):
        if tr.tag != TR:
            continue
        row: list[str] = []
        col = 0
        for tc in _children(tr):
            if tc.tag != TC:
                continue
            props = tc.find(_q("tcPr"))
            span = 1
            vmerge = hmerge = None
            if props is not None:
                gs = props.find(_q("gridSpan"))
                span = int(gs.get(_q("val"), "1")) if gs is not None else 1
                vm = props.find(_q("vMerge"))
                vmerge = (vm.get(_q("val")) or "continue") if vm is not None else None
                hm = props.find(_q("hMerge"))
                hmerge = (hm.get(_q("val")) or "continue") if hm is not None else None
            if hmerge == "continue":
                col += span
                continue
            if vmerge == "continue":
                text = above.get(col, "")
            else:
                text = _cell_text(tc)
                if vmerge == "restart":
                    above[col] = text
                else:
                    above.pop(col, None)
            row.append(text)
            col += span
        rows.append(row)
    return Table(rows)


@dataclass
class StyleInfo:
    headings: dict[str, int]  # paragraph style id → outline level
    para_flags: dict[str, set[str]]  # paragraph style id → {"b", "i"} its runs inherit
    char_flags: dict[str, set[str]]  # character style id → {"b", "u", "i"}


_STYLE_LEVELS = etree.XPath(
    "w:style[@w:type='paragraph' and (w:pPr/w:outlineLvl or starts-with(w:name/@w:val, 'heading')"
    " or starts-with(w:name/@w:val, 'Heading') or starts-with(w:name/@w:val, 'Заголовок')"
    " or w:name/@w:val = 'Title')]",
    namespaces={"w": W},
)
_OUTLINE = f"{_q('pPr')}/{_q('outlineLvl')}"


def style_info(styles_root: etree._Element | None) -> StyleInfo:
    """Headings by outline level or name; bold/italic/underline that styles give their runs."""
    info = StyleInfo({}, {}, {})
    if styles_root is None:
        return info
    for st in _STYLE_LEVELS(styles_root):
        lvl = st.find(_OUTLINE)
        info.headings[st.get(_q("styleId")) or ""] = int(lvl.get(_q("val"))) if lvl is not None else 0
    for st in styles_root.iter(_q("style")):
        rpr = st.find(_q("rPr"))
        if rpr is None:
            continue
        flags = {
            n
            for n in ("b", "i", "u")
            if (el := rpr.find(_q(n))) is not None and el.get(_q("val"), "true") not in ("0", "false", "none")
        }
        if flags:
            target = info.para_flags if st.get(_q("type")) == "paragraph" else info.char_flags
            target[st.get(_q("styleId")) or ""] = flags
    return info




def iter_blocks(
    body: etree._Element, styles: StyleInfo | None = None, where: str = "paragraph"
) -> Iterator[Para | Table]:
    """Paragraphs and tables of the body in document order, content controls and text boxes included."""
    info = styles or StyleInfo({}, {}, {})
    for el in _children(body):
        if el.tag == P:
            yield _para(el, info, where)
            for box in _text_boxes(el):
                yield from iter_blocks(box, info, "text box")
        elif el.tag == TBL:
            yield _table(el)


def _text_boxes(p: etree._Element) -> Iterator[etree._Element]:
    """Text boxes anchored in a paragraph, once each (Word saves a VML copy as mc:Fallback)."""
    stack = list(p)
    while stack:
        el = stack.pop(0)
        if el.tag == FALLBACK:
            continue
        if el.tag == TXBX:
            yield el
            continue
        stack[0:0] = list(el)


# ---- custom document properties (docProps/custom.xml) ----------------------------------------


def read_custom_properties(package) -> dict[str, str]:
    """Custom properties of a python-docx package, name → text value."""
    for rel in package.rels.values():
        if rel.reltype == RT_CUSTOM and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob)
            out = {}
            for prop in root:
                name = prop.get("name")
                if name and len(prop):
                    out[name] = (prop[0].text or "").strip()
            return out
    return {}


def write_custom_properties(document, props: dict[str, str]) -> None:
    """Attach docProps/custom.xml with string properties to a python-docx Document."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    root = etree.Element(f"{{{CP}}}Properties", nsmap={None: CP, "vt": VT})
    for pid, (name, value) in enumerate(props.items(), start=2):
        prop = etree.SubElement(root, f"{{{CP}}}property", fmtid=FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{VT}}}lpwstr").text = value
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    package = document.part.package
    part = Part(PackURI("/docProps/custom.xml"), CT_CUSTOM, blob, package)
    package.relate_to(part, RT_CUSTOM)
