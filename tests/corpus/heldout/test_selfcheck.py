"""The held-out set checks itself: documents open in python-docx and rebuild to the same bytes,
expectations are well formed, the layouts are new, the Word features each layout claims are in
the XML, and the facts the expectations rest on hold."""

from __future__ import annotations

import ast
import io
import pathlib
import zipfile
from collections import Counter

import docx
import pytest
from lxml import etree

from tests.corpus.heldout import documents as D
from tests.corpus.schools import documents as first

NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
NAMES = [e.name for e, _ in D.DOCUMENTS]
HERE = pathlib.Path(__file__).parent


def member(name: str, part: str = "word/document.xml") -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(D.build(name))).read(part))


def text(el: etree._Element) -> str:
    return "".join(el.xpath(".//w:t/text()", namespaces=NS))


def paragraphs(name: str) -> list[str]:
    """Top-level paragraph texts in body order."""
    return [text(p) for p in member(name).xpath("/w:document/w:body/w:p", namespaces=NS)]


def after(name: str, heading: str) -> str:
    """The first non-empty top-level paragraph after the one whose text is heading."""
    ps = paragraphs(name)
    i = ps.index(heading)
    return next(p for p in ps[i + 1:] if p.strip())


def row(name: str, label: str) -> list[str]:
    for tr in member(name).xpath("//w:tr", namespaces=NS):
        cells = [text(tc) for tc in tr.xpath("./w:tc", namespaces=NS)]
        if label in cells:
            return cells
    raise AssertionError(f"{name}: no row {label!r}")


@pytest.mark.parametrize("name", NAMES)
def test_document_opens_and_is_reproducible(name: str) -> None:
    data = D.build(name)
    assert D.BY_NAME[name][1]() == data
    d = docx.Document(io.BytesIO(data))
    assert sum(len(p.text) for p in d.paragraphs) + sum(
        len(c.text) for t in d.tables for r in t.rows for c in r.cells) > 400


@pytest.mark.parametrize("name", NAMES)
def test_expectation_is_disjoint_and_complete(name: str) -> None:
    e = D.expectation(name)
    assert not e.present & e.missing
    assert e.present | e.missing == frozenset(first.KEYS[e.type])
    assert e.notes


def test_size_mix_and_new_layouts() -> None:
    assert len(NAMES) == len(set(NAMES)) >= 20
    types = Counter(e.type for e, _ in D.DOCUMENTS)
    assert types["application"] >= 9 and types["interim_report"] >= 6
    assert types["final_report"] >= 2 and types[None] >= 1
    layouts = [e.layout for e, _ in D.DOCUMENTS]
    assert len(set(layouts)) == len(layouts)
    assert not set(layouts) & {e.layout for e, _ in first.DOCUMENTS}
    assert sum(1 for e, _ in D.DOCUMENTS if e.missing) >= 6


def test_nothing_from_the_reader_is_imported() -> None:
    for path in HERE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            mods = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                    [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for mod in mods:
                assert not mod.startswith(("docflow", "include", "bench")), (path, mod)


# --- layout features ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["h05_sosh6_title_toc", "h09_ds29_heading3_footnotes",
                                  "h16_dyuc_title_toc"])
def test_footnotes(name: str) -> None:
    refs = member(name).xpath("//w:footnoteReference/@w:id", namespaces=NS)
    notes = member(name, "word/footnotes.xml").xpath(
        "//w:footnote[not(@w:type)]/@w:id", namespaces=NS)
    assert refs and sorted(refs) == sorted(notes)


@pytest.mark.parametrize("name", ["h05_sosh6_title_toc", "h16_dyuc_title_toc"])
def test_title_page_and_toc(name: str) -> None:
    x = member(name)
    assert " TOC " in "".join(x.xpath("//w:instrText/text()", namespaces=NS))
    anchors = x.xpath("//w:hyperlink/@w:anchor", namespaces=NS)
    marks = x.xpath("//w:bookmarkStart/@w:name", namespaces=NS)
    assert len(anchors) >= 6 and set(anchors) <= set(marks)
    ps = paragraphs(name)
    assert "Светлоозёрск" in ps and "2026" in ps
    assert "СОГЛАСОВАНО" in text(x) and "УТВЕРЖДАЮ" in text(x)


def test_links_are_hyperlinks() -> None:
    x = member("h12_sosh12_razdel_links")
    assert len(x.xpath("//w:p[w:pPr/w:numPr]/w:hyperlink[@r:id]", namespaces={
        **NS, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"})) == 2


@pytest.mark.parametrize("name", ["h03_lyc2_passport3", "h19_gym8_final_3col"])
def test_three_column_tables_are_merged(name: str) -> None:
    x = member(name)
    assert x.xpath("//w:tc/w:tcPr/w:gridSpan", namespaces=NS)
    assert x.xpath("//w:tc/w:tcPr/w:vMerge", namespaces=NS)
    assert all(len(tr.xpath("./w:tc", namespaces=NS)) in (1, 3)
               for tr in x.xpath("/w:document/w:body/w:tbl[1]/w:tr", namespaces=NS))


@pytest.mark.parametrize("name", ["h04_ds17_list_labels", "h13_lyc2_list_labels"])
def test_sections_are_list_items_with_bold_labels(name: str) -> None:
    items = member(name).xpath("/w:document/w:body/w:p[w:pPr/w:numPr]", namespaces=NS)
    assert len(items) >= 8
    for p in items:
        first_run = p.xpath("./w:r", namespaces=NS)[0]
        assert first_run.xpath("./w:rPr/w:b", namespaces=NS) and text(first_run).endswith(":")


def test_typos_and_period_headings() -> None:
    assert any(p.startswith("Актуальнасть:") for p in paragraphs("h04_ds17_list_labels"))
    assert any(p.startswith("Задачии:") for p in paragraphs("h04_ds17_list_labels"))
    assert "Диссиминация опыта." in paragraphs("h14_ds29_reordered")
    heads = [p for p in member("h06_dyuc_reordered").xpath(
        "//w:p[w:pPr/w:pStyle/@w:val='Heading2']", namespaces=NS)]
    assert len(heads) == 11 and all(text(h).endswith(".") for h in heads)


def test_signature_as_two_cells() -> None:
    for name in ("h01_sosh31_razdel", "h08_krp_caps_unchecked", "h15_co5_spravka"):
        school = {"h01": "sosh31", "h08": "krp", "h15": "co5"}[name[:3]]
        s = D.S[school]
        assert row(name, s.head_title) == [s.head_title, s.head_short]


# --- facts the expectations rest on ------------------------------------------------------------

def test_missing_sections_are_really_empty() -> None:
    assert row("h03_lyc2_passport3", "Ресурсное обеспечение")[2] == ""
    assert "з) этапы реализации –" in paragraphs("h07_oosh40_lettered")
    assert paragraphs("h07_oosh40_lettered")[-1].startswith("л) контактное лицо")
    assert after("h08_krp_caps_unchecked", "8) ЭТАПЫ РЕАЛИЗАЦИИ.") == "9) РЕСУРСНОЕ ОБЕСПЕЧЕНИЕ."
    assert after("h08_krp_caps_unchecked", "9) РЕСУРСНОЕ ОБЕСПЕЧЕНИЕ.") == "нет"
    assert "☒" not in text(member("h08_krp_caps_unchecked"))
    assert after("h14_ds29_reordered", "Задачи на следующий период.") == "Отчётный период."
    assert after("h15_co5_spravka", "III. Распространение опыта") == "—"
    assert row("h19_gym8_final_3col", "Продукты")[2] == "—"
    assert "Проблемы: нет" in paragraphs("h13_lyc2_list_labels")


def test_present_answers_that_look_thin() -> None:
    assert row("h11_sosh33_indicator_table", "Проблемы, возникшие при реализации")[2] == \
        "Проблем не выявлено."
    ticked = [p for p in text(member("h10_co5_borderless")).split("☐") if "☒" in p]
    assert ticked and D.P["co5"].direction in ticked[0]


def test_unsigned_report_has_no_head() -> None:
    body = text(member("h17_sosh19_no_signature"))
    assert D.S["sosh19"].head_short not in body and "Директор" not in body
    assert paragraphs("h17_sosh19_no_signature")[-1].startswith("Исп. ")
