"""PDF and DOCX conversion through a real LibreOffice; font check against fc-list."""

from __future__ import annotations

import io
import subprocess
import time

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from docflow.documents import TEMPLATES_DIR
from docflow.documents.contexts import sample_context
from docflow.documents.docx_text import docx_to_text
from docflow.documents.pdf import (
    UNAVAILABLE,
    check_fonts,
    convert_batch,
    convert_to_docx,
    docx_fonts,
    docx_to_pdf,
    docx_to_pdf_many,
    find_soffice,
    installed_families,
)
from docflow.documents.render import render
from docflow.documents.samples import SAMPLES

needs_lo = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) is not installed")
needs_fc = pytest.mark.skipif(installed_families() is None, reason="fontconfig (fc-list) is not installed")
NO_SUCH_FONT = "Docflow Nonexistent Serif"


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def docx_with_font(font: str, text: str = "Проверка шрифта: Северореченск") -> bytes:
    doc = Document()
    run = doc.add_paragraph().add_run(text)
    run.font.name = font  # sets w:ascii and w:hAnsi
    run._r.rPr.rFonts.set(qn("w:cs"), font)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def rendered():
    return {name: render(TEMPLATES_DIR / name, sample_context(name)) for name in sorted(SAMPLES)}


@needs_fc
def test_templates_name_only_times_new_roman_which_has_a_substitute(rendered):
    for data in rendered.values():
        assert docx_fonts(data) == {"Times New Roman"}
        missing, substituted = check_fonts(data)
        assert missing == []
        assert set(substituted) <= {"Times New Roman"}


@needs_fc
def test_a_font_that_does_not_exist_is_reported():
    missing, _ = check_fonts(docx_with_font(NO_SUCH_FONT))
    assert NO_SUCH_FONT in missing
    missing, substituted = check_fonts(docx_with_font("Times New Roman"))
    assert "Times New Roman" not in missing
    assert "Times New Roman" in installed_families() or substituted["Times New Roman"] == "Liberation Serif"


def test_without_libreoffice_the_result_says_so(monkeypatch, rendered):
    monkeypatch.setenv("DOCFLOW_SOFFICE", "")
    result = docx_to_pdf(rendered["order_site_status.docx"])
    assert result.pdf is None and result.error == UNAVAILABLE and not result.ok
    assert convert_to_docx(TEMPLATES_DIR / "agenda.docx").error == UNAVAILABLE


@pytest.mark.libreoffice
@needs_lo
def test_all_templates_convert_in_one_batch_with_cyrillic_text(rendered):
    results = docx_to_pdf_many(list(rendered.values()))
    assert all(r.ok and r.error is None for r in results), [r.error for r in results]
    texts = dict(zip(rendered, (pdf_text(r.pdf) for r in results), strict=True))
    assert "ПРИКАЗЫВАЮ:" in texts["order_site_status.docx"]
    assert "М.В. Соколова" in texts["order_site_status.docx"]
    assert "Приложение 3" in texts["directive_interim_results.docx"]
    assert "Выписка верна" in texts["protocol_extract.docx"]
    for text in texts.values():
        assert "Северореченского муниципального округа" in text
    assert len(PdfReader(io.BytesIO(results[1].pdf)).pages) >= 4  # directive: body + 3 appendices


@pytest.mark.libreoffice
@needs_lo
@needs_fc
def test_missing_font_is_listed_and_the_pdf_is_still_made():
    result = docx_to_pdf(docx_with_font(NO_SUCH_FONT))
    assert result.ok and NO_SUCH_FONT in result.missing_fonts
    assert "Северореченск" in pdf_text(result.pdf)


@pytest.mark.libreoffice
@needs_lo
def test_timeout_kills_the_process_group(tmp_path, rendered):
    src = tmp_path / "a.docx"
    src.write_bytes(rendered["agenda.docx"])
    started = time.monotonic()
    outputs, error = convert_batch([src], tmp_path / "out", timeout=0.3)
    assert time.monotonic() - started < 10
    assert outputs == {src: None} and "не ответил" in error
    time.sleep(0.5)
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=True).stdout
    assert str(tmp_path) not in ps  # no soffice left running for this batch


@pytest.mark.libreoffice
@needs_lo
def test_odt_and_rtf_become_docx(tmp_path, rendered):
    src = tmp_path / "protocol.docx"
    src.write_bytes(rendered["protocol.docx"])
    outputs, error = convert_batch([src], tmp_path / "odt", target="odt")
    assert error is None
    odt = outputs[src]
    rtf = tmp_path / "letter.rtf"
    rtf.write_text(
        r"{\rtf1\ansi\ansicpg1251 {\fonttbl{\f0 Times New Roman;}}\f0 "
        r"\u1047?\u1072?\u1103?\u1074?\u1082?\u1072? \u8470? 7\par}",
        encoding="ascii",
    )
    from_odt, from_rtf = convert_to_docx(odt), convert_to_docx(rtf)
    assert from_odt.error is None and "Голосование списком" in docx_to_text(from_odt.docx)
    assert from_rtf.error is None and "Заявка № 7" in docx_to_text(from_rtf.docx)
    assert convert_to_docx(tmp_path / "absent.doc").error.startswith("Файл «absent.doc» не найден")


@pytest.mark.libreoffice
@needs_lo
def test_a_damaged_document_does_not_stop_the_batch(rendered):
    good = rendered["agenda.docx"]
    results = docx_to_pdf_many([good, good[:3000], b"not a zip at all", rendered["protocol.docx"]])
    assert [r.ok for r in results] == [True, False, False, True]
    assert results[1].error and results[2].error.startswith("Файл не является документом DOCX")
    assert "ПОВЕСТКА" in pdf_text(results[0].pdf).replace(" ", "")


@pytest.mark.libreoffice
@needs_lo
def test_templates_resaved_by_libreoffice_still_render_the_same(tmp_path, rendered):
    """Staff may edit the templates in LibreOffice Writer: its re-saved DOCX splits runs differently."""
    sources = []
    for name in sorted(SAMPLES):
        path = tmp_path / "in" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes((TEMPLATES_DIR / name).read_bytes())
        sources.append(path)
    outputs, error = convert_batch(sources, tmp_path / "resaved", target="docx:MS Word 2007 XML")
    assert error is None
    for src in sources:
        resaved = outputs[src]
        assert resaved.read_bytes() != src.read_bytes()
        again = render(resaved, sample_context(src.name))
        assert docx_to_text(again) == docx_to_text(rendered[src.name]), src.name


@pytest.mark.libreoffice
@needs_lo
def test_parallel_batches_use_separate_profiles(rendered):
    from concurrent.futures import ThreadPoolExecutor

    docs = [rendered["agenda.docx"], rendered["order_site_status.docx"]]
    with ThreadPoolExecutor(max_workers=3) as pool:
        batches = list(pool.map(docx_to_pdf_many, [docs] * 3))
    assert all(r.ok for batch in batches for r in batch), [r.error for b in batches for r in b]
