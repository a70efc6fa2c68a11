"""The corpus checks itself: the documents open in python-docx, the Word features each layout
claims are really in the XML, the expectations are well formed, and every letter parses and
carries the corpus bytes."""

from __future__ import annotations

import email
import email.policy
import io
import itertools
import re
import zipfile
from collections import Counter
from email.message import EmailMessage

import docx
import pytest
from lxml import etree

from tests.corpus.schools import documents as D
from tests.corpus.schools.letters import COMMITTEE, LETTERS, letter_bytes

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
}
NAMES = [e.name for e, _ in D.DOCUMENTS]


def body(name: str) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(D.build(name))).read("word/document.xml"))


def text(el: etree._Element) -> str:
    return "".join(el.xpath(".//w:t/text()", namespaces=NS))


def top_paragraphs(name: str) -> list[etree._Element]:
    return body(name).xpath("/w:document/w:body/w:p", namespaces=NS)


def style(p: etree._Element) -> str:
    return "".join(p.xpath("./w:pPr/w:pStyle/@w:val", namespaces=NS))


def runs(p: etree._Element, fmt: str) -> list[etree._Element]:
    return p.xpath(f"./w:r[w:rPr/w:{fmt}]", namespaces=NS)


# --- layout features -------------------------------------------------------------------------

def has_headings(name: str) -> bool:
    return any(style(p).startswith("Heading") for p in top_paragraphs(name))


def has_typed_numbers(name: str) -> bool:
    bold = [text(p) for p in top_paragraphs(name) if runs(p, "b")]
    return (any(re.match(r"\d+\. \S", t) for t in bold)
            and any(re.match(r"\d+\.\d+\. \S", t) for t in bold))


def has_roman_caps(name: str) -> bool:
    bold = [text(p) for p in top_paragraphs(name) if runs(p, "b")]
    return ({"I.", "II.", "III."} <= {t.split(" ")[0] for t in bold}
            and any(t.endswith(":") and t == t.upper() and len(t) > 10 for t in bold))


def has_inline_labels(name: str) -> bool:
    n = 0
    for p in top_paragraphs(name):
        rs = p.xpath("./w:r", namespaces=NS)
        if len(rs) >= 2 and rs[0].xpath("./w:rPr/w:b|./w:rPr/w:u", namespaces=NS) \
                and text(rs[0]).endswith(":") and len(text(rs[1]).strip()) > 10:
            n += 1
    return n >= 5


def has_label_then_paragraph(name: str) -> bool:
    ps = top_paragraphs(name)
    n = sum(1 for a, b in itertools.pairwise(ps)
            if runs(a, "b") and text(a).endswith(":") and len(text(b)) > 10)
    return n >= 5


def has_merge(name: str, *kinds: str) -> bool:
    x = body(name)
    return all(x.xpath(f"//w:tc/w:tcPr/w:{k}", namespaces=NS) for k in kinds)


def has_grid_and_vmerge(name: str) -> bool:
    return has_merge(name, "gridSpan", "vMerge")


def has_gridspan(name: str) -> bool:
    return has_merge(name, "gridSpan")


def has_heading2_own_words(name: str) -> bool:
    h2 = [text(p) for p in top_paragraphs(name) if style(p) == "Heading2"]
    return len(h2) >= 8 and not set(h2) & set(D.STD.values())


def has_numpr_headings(name: str) -> bool:
    return len([p for p in top_paragraphs(name)
                if p.xpath("./w:pPr/w:numPr", namespaces=NS) and runs(p, "b")]) >= 8


def has_hints(name: str) -> bool:
    hints = [text(p) for p in top_paragraphs(name) if runs(p, "i")]
    return len([t for t in hints if t.startswith("(") or t.startswith("Заполните")]) >= 8


def has_drawing_textbox(name: str) -> bool:
    x = body(name)
    return bool(x.xpath("//mc:AlternateContent/mc:Choice//wps:txbx/w:txbxContent",
                        namespaces=NS)
                and x.xpath("//mc:AlternateContent/mc:Fallback//v:textbox/w:txbxContent",
                            namespaces=NS))


def has_vml_textbox(name: str) -> bool:
    x = body(name)
    return bool(x.xpath("//w:pict//v:textbox/w:txbxContent", namespaces=NS)
                and not x.xpath("//mc:AlternateContent", namespaces=NS))


def has_tracked_changes(name: str) -> bool:
    x = body(name)
    return bool(x.xpath("//w:ins/w:r/w:t", namespaces=NS)
                and x.xpath("//w:del/w:r/w:delText", namespaces=NS))


def has_activity_table(name: str) -> bool:
    x = body(name)
    heads = [[text(c) for c in r.xpath("./w:tc", namespaces=NS)]
             for r in x.xpath("//w:tbl/w:tr[1]", namespaces=NS)]
    landscape = x.xpath("//w:sectPr/w:pgSz/@w:orient", namespaces=NS) == ["landscape"]
    return landscape and any(
        {"Мероприятие", "Сроки", "Результат", "Ответственный"} <= set(h) for h in heads)


def has_report_form(name: str) -> bool:
    rows = [[text(c) for c in r.xpath("./w:tc", namespaces=NS)]
            for r in body(name).xpath("//w:tbl/w:tr", namespaces=NS)]
    return (["Раздел отчёта", "Содержание"] in rows
            and "Отчётный период" in [r[0] for r in rows if len(r) == 2])


def has_analytic_subsections(name: str) -> bool:
    t = [text(p) for p in top_paragraphs(name)]
    return "АНАЛИТИЧЕСКАЯ СПРАВКА" in t and any(s.startswith("1.1.") for s in t)


def _plain_with(*phrases: str):
    def check(name: str) -> bool:
        t = "\n".join(text(p) for p in body(name).xpath("//w:p", namespaces=NS))
        return not has_headings(name) and all(ph in t for ph in phrases)
    return check


FEATURES = {
    "word_headings": has_headings,
    "numbered_headings": has_typed_numbers,
    "roman_caps": has_roman_caps,
    "inline_labels": has_inline_labels,
    "label_next_paragraph": has_label_then_paragraph,
    "passport_table": has_gridspan,
    "three_col_form": has_grid_and_vmerge,
    "own_words": has_heading2_own_words,
    "auto_numbered_headings": has_numpr_headings,
    "hint_template": has_hints,
    "empty_template": has_hints,
    "textbox": has_drawing_textbox,
    "textbox_vml": has_vml_textbox,
    "tracked_changes": has_tracked_changes,
    "report_headings": has_headings,
    "report_activity_table": has_activity_table,
    "analytic_note": has_analytic_subsections,
    "report_form_table": has_report_form,
    "report_inline_labels": has_inline_labels,
    "covering_letter": _plain_with("Уважаемая", "прилагается", "Приложение:"),
    "information_letter": _plain_with("ИНФОРМАЦИОННОЕ ПИСЬМО", "приглашает"),
    "school_order": _plain_with("ПРИКАЗ", "ПРИКАЗЫВАЮ:"),
}


@pytest.mark.parametrize("name", NAMES)
def test_document_opens_and_is_reproducible(name: str) -> None:
    data = D.build(name)
    d = docx.Document(io.BytesIO(data))
    assert d.paragraphs and d.core_properties.author
    assert len(text(body(name))) > 300
    assert D.BY_NAME[name][1]() == data  # built again: the same bytes


@pytest.mark.parametrize("name", NAMES)
def test_layout_feature_is_in_the_xml(name: str) -> None:
    layout = D.expectation(name).layout
    assert FEATURES[layout](name), f"{name}: no {layout} feature in document.xml"


def test_size_and_mix() -> None:
    assert len(NAMES) == len(set(NAMES)) >= 48
    assert len({e.layout for e, _ in D.DOCUMENTS}) >= 10
    mix = Counter(e.type for e, _ in D.DOCUMENTS)
    assert mix["application"] >= 22 and mix["interim_report"] >= 16
    assert mix["final_report"] >= 3 and mix[None] >= 2
    assert set(FEATURES) == {e.layout for e, _ in D.DOCUMENTS}


@pytest.mark.parametrize("name", NAMES)
def test_expectation_is_complete_for_its_type(name: str) -> None:
    e = D.expectation(name)
    assert not e.present & e.missing
    assert e.present | e.missing == set(D.KEYS[e.type])
    assert e.notes


# --- facts a few expectations rest on ----------------------------------------------------------

def _after_heading(name: str, heading: str) -> list[etree._Element]:
    ps = body(name).xpath("/w:document/w:body/*", namespaces=NS)
    i = next(k for k, p in enumerate(ps) if text(p) == heading)
    out = []
    for p in ps[i + 1:]:
        if style(p).startswith("Heading"):
            break
        out.append(p)
    return out


def test_empty_section_is_really_empty() -> None:
    assert _after_heading("a14_ds45_empty_stages", "ЭТАПЫ РЕАЛИЗАЦИИ ПРОЕКТА") == []
    assert _after_heading("r08_sosh18_empty_problems", "7. Проблемы и трудности") == []


def test_deleted_section_has_only_deleted_text() -> None:
    under = _after_heading("a09_syut_tracked", "Ожидаемые результаты")
    assert under and all(text(p) == "" and p.xpath(".//w:delText", namespaces=NS)
                         for p in under)
    goal = _after_heading("a09_syut_tracked", "Цель проекта")
    assert goal and all(p.xpath("./w:ins/w:r/w:t", namespaces=NS) for p in goal)


def test_boxed_sections_are_only_in_the_box() -> None:
    x = body("a08_int2_textbox")
    outside = "".join(x.xpath("//w:t[not(ancestor::w:txbxContent)]/text()", namespaces=NS))
    inside = "".join(x.xpath("//mc:Choice//w:txbxContent//w:t/text()", namespaces=NS))
    assert "trofimov@internat2.example" in inside and "trofimov@" not in outside
    x = body("a21_cadet4_textbox_vml")
    outside = "".join(x.xpath("//w:t[not(ancestor::w:txbxContent)]/text()", namespaces=NS))
    assert "Цель проекта" not in outside and "Задачи проекта" not in outside


def test_problems_answer_and_hints() -> None:
    assert "Проблем не выявлено." in [text(p) for p in top_paragraphs(
        "r02_sosh18_activity_table")]
    cells = {text(r.xpath("./w:tc", namespaces=NS)[1]): text(r.xpath("./w:tc", namespaces=NS)[2])
             for r in body("a18_int2_three_col_hints").xpath("//w:tr[count(w:tc)=3]",
                                                              namespaces=NS)}
    assert cells["Ожидаемые результаты"] == "(указать планируемые результаты)"
    assert set(cells["Этапы реализации"]) == {"_"}


# --- letters ---------------------------------------------------------------------------------

def _parse(name: str) -> EmailMessage:
    raw = letter_bytes(name)
    assert b"\n" not in raw.replace(b"\r\n", b""), "bare LF"
    return email.message_from_bytes(raw, policy=email.policy.default)


def _carried(msg: EmailMessage, *, nested: bool = False) -> list[tuple[str, str, bytes, bool]]:
    """(disposition, filename, payload, inside a forwarded message) of every file part."""
    out = []
    for part in msg.iter_parts() if msg.is_multipart() else []:
        if part.get_content_type() == "message/rfc822":
            out += _carried(part.get_payload()[0], nested=True)
        elif part.is_multipart():
            out += _carried(part, nested=nested)
        elif part.get_filename() or part.get_content_maintype() == "application":
            out.append((part.get_content_disposition(), part.get_filename(),
                        part.get_payload(decode=True), nested))
    return out


def test_letters_count() -> None:
    assert len(LETTERS) >= 12
    assert {lt.where for lt, _ in LETTERS} == {"attachment", "inline", "forwarded", "body", "zip"}


@pytest.mark.parametrize("letter", [lt for lt, _ in LETTERS], ids=lambda lt: lt.name)
def test_letter(letter) -> None:
    msg = _parse(letter.name)
    for part in msg.walk():
        assert not part.defects, (letter.name, part.defects)
    assert msg["From"].addresses[0].addr_spec == letter.sender
    assert letter.sender.endswith(".example")
    assert COMMITTEE in [a.addr_spec for a in msg["To"].addresses]
    assert msg["Subject"] and msg["Date"] and msg["Message-ID"]
    files = _carried(msg)
    if letter.document:
        assert D.expectation(letter.document).type == letter.type
    if letter.where == "body":
        assert files == [] and letter.files == ()
        text_ = msg.get_body(("plain",)).get_content()
        assert "Тема проекта:" in text_ and "Цель:" in text_ and "Директор" in text_
        return
    payloads = [f[2] for f in files]
    if letter.where == "zip":
        (zdata,) = payloads
        z = zipfile.ZipFile(io.BytesIO(zdata))
        payloads = [z.read(i) for i in z.infolist() if not i.is_dir()]
        assert all(not i.flag_bits & 0x800 for i in z.infolist())  # cp866 names, no UTF-8 flag
    for name in letter.files:
        assert D.build(name) in payloads, f"{letter.name}: {name} not carried byte for byte"
    form = D.build(letter.document)
    (where,) = [f for f in files if f[2] == form] if letter.where != "zip" else [files[0]]
    disposition, filename, _, nested = where
    assert filename
    if letter.where == "inline":
        assert disposition == "inline" and filename.endswith(".docx")
    if letter.where == "forwarded":
        assert nested
    elif letter.where in ("attachment", "inline"):
        assert not nested


def test_plan_with_merged_stage_cells() -> None:
    x = body("a19_syut_own_words")
    (tbl,) = x.xpath("//w:tbl", namespaces=NS)
    starts = tbl.xpath(".//w:vMerge[@w:val='restart']", namespaces=NS)
    continued = tbl.xpath(".//w:vMerge[not(@w:val) or @w:val='continue']", namespaces=NS)
    assert len(starts) == 9 and len(continued) == 21  # 3 stages × 3 merged columns


def test_tracked_documents_have_tracking_on() -> None:
    for name in NAMES:
        settings = etree.fromstring(zipfile.ZipFile(io.BytesIO(D.build(name)))
                                    .read("word/settings.xml"))
        on = bool(settings.xpath("w:trackRevisions", namespaces=NS))
        assert on == (D.expectation(name).layout == "tracked_changes"), name
