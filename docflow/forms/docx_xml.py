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


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


P, TBL, TR, TC, SDT, SDT_CONTENT = _q("p"), _q("tbl"), _q("tr"), _q("tc"), _q("sdt"), _q("sdtContent")
T, TAB, BR, CR = _q("t"), _q("tab"), _q("br"), _q("cr")
_TRANSPARENT = {SDT, SDT_CONTENT, _q("customXml"), _q("smartTag"), _q("ins")}


@dataclass
class Para:
    text: str
    style: str  # style id as stored (e.g. "Heading2", "2" after some re-saves)
    outline: int | None  # heading outline level when the paragraph or its style says so
    bold: bool


@dataclass
class Table:
    rows: list[list[str]]  # each merged cell once; vertically merged continuation → text above


def paragraph_text(p: etree._Element) -> str:
    parts: list[str] = []
    for el in p.iter(T, TAB, BR, CR):
        if el.tag == T:
            parts.append(el.text or "")
        elif el.tag == TAB:
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _children(el: etree._Element) -> Iterator[etree._Element]:
    """Children with content-control and similar wrappers made transparent."""
    for child in el:
        if child.tag in _TRANSPARENT:
            yield from _children(child)
        else:
            yield child


def _para(p: etree._Element, heading_styles: dict[str, int]) -> Para:
    style_el = p.find(f"{_q('pPr')}/{_q('pStyle')}")
    style = style_el.get(_q("val")) if style_el is not None else ""
    lvl_el = p.find(f"{_q('pPr')}/{_q('outlineLvl')}")
    outline = int(lvl_el.get(_q("val"))) if lvl_el is not None else heading_styles.get(style)
    runs = [r for r in p.iter(_q("r")) if r.find(T) is not None and (r.find(T).text or "").strip()]
    bold = bool(runs) and all(r.find(f"{_q('rPr')}/{_q('b')}") is not None for r in runs)
    return Para(paragraph_text(p), style, outline, bold)


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


_STYLE_LEVELS = etree.XPath(
    "w:style[@w:type='paragraph' and (w:pPr/w:outlineLvl or starts-with(w:name/@w:val, 'heading')"
    " or starts-with(w:name/@w:val, 'Heading') or starts-with(w:name/@w:val, 'Заголовок')"
    " or w:name/@w:val = 'Title')]",
    namespaces={"w": W},
)
_OUTLINE = f"{_q('pPr')}/{_q('outlineLvl')}"


def heading_style_levels(styles_root: etree._Element | None) -> dict[str, int]:
    """Style id → outline level for paragraph styles that are headings (by outlineLvl or name)."""
    levels: dict[str, int] = {}
    if styles_root is None:
        return levels
    for st in _STYLE_LEVELS(styles_root):
        lvl = st.find(_OUTLINE)
        levels[st.get(_q("styleId")) or ""] = int(lvl.get(_q("val"))) if lvl is not None else 0
    return levels


def iter_blocks(body: etree._Element, heading_styles: dict[str, int] | None = None) -> Iterator[Para | Table]:
    """Paragraphs and tables of the body in document order, content controls included."""
    hs = heading_styles or {}
    for el in _children(body):
        if el.tag == P:
            yield _para(el, hs)
        elif el.tag == TBL:
            yield _table(el)


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


# ---- content controls (used by the test builders to produce what Word produces) --------------


def wrap_in_content_control(element: etree._Element, tag: str) -> etree._Element:
    """Wrap a block element (w:p or w:tbl) or a cell's paragraph in a block-level w:sdt."""
    sdt = etree.Element(SDT)
    pr = etree.SubElement(sdt, _q("sdtPr"))
    etree.SubElement(pr, _q("tag")).set(_q("val"), tag)
    etree.SubElement(pr, _q("alias")).set(_q("val"), tag)
    content = etree.SubElement(sdt, SDT_CONTENT)
    element.addprevious(sdt)
    content.append(element)
    return sdt


def wrap_runs_in_content_control(p: etree._Element, tag: str) -> etree._Element:
    """Wrap all runs of a paragraph in an inline (run-level) w:sdt."""
    sdt = etree.Element(SDT)
    pr = etree.SubElement(sdt, _q("sdtPr"))
    etree.SubElement(pr, _q("tag")).set(_q("val"), tag)
    content = etree.SubElement(sdt, SDT_CONTENT)
    runs = p.findall(_q("r"))
    if runs:
        runs[0].addprevious(sdt)
    else:
        p.append(sdt)
    for r in runs:
        content.append(r)
    return sdt


def mark_as_tracked_change(p: etree._Element, deleted_text: str, author: str = "Школа") -> None:
    """Make a paragraph look edited with track changes on: its runs inserted, old text deleted."""
    attrs = {_q("id"): "901", _q("author"): author, _q("date"): "2025-10-01T10:00:00Z"}
    deletion = etree.Element(_q("del"), attrs)
    run = etree.SubElement(deletion, _q("r"))
    etree.SubElement(run, _q("delText")).text = deleted_text
    insertion = etree.Element(_q("ins"), {**attrs, _q("id"): "902"})
    runs = p.findall(_q("r"))
    if runs:
        runs[0].addprevious(deletion)
    else:
        p.append(deletion)
    deletion.addnext(insertion)
    for r in runs:
        insertion.append(r)
