"""The safety gate: real bad files built in the test, refused with a Russian message."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document

from docflow.forms import safety
from docflow.forms.model import NeedsPerson, Opened, Refusal
from docflow.forms.reader import read_submission
from tests.corpus.schools.documents import build


@pytest.fixture(scope="module")
def good_docx() -> bytes:
    return build("a02_gym3_numbered")


def rezip(
    data: bytes,
    *,
    extra: dict[str, bytes] | None = None,
    ct_replace: tuple[bytes, bytes] | None = None,
    compression=zipfile.ZIP_DEFLATED,
) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", compression) as dst:
        for info in src.infolist():
            blob = src.read(info)
            if ct_replace and info.filename == "[Content_Types].xml":
                blob = blob.replace(*ct_replace)
            dst.writestr(info.filename, blob)
        for name, blob in (extra or {}).items():
            dst.writestr(name, blob)
    return out.getvalue()


def test_docx_passes(good_docx):
    opened = safety.open_safely(good_docx, "Заявка.docx")
    assert isinstance(opened, Opened)
    assert (opened.detected_type, opened.converted_from, opened.data) == ("docx", None, good_docx)


def test_docm_by_content_type_is_refused_even_when_named_docx(good_docx):
    docm = rezip(
        good_docx,
        ct_replace=(b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"),
    )
    result = safety.open_safely(docm, "Заявка.docx")
    assert isinstance(result, Refusal)
    assert result.code == "macro"
    assert "содержит макросы" in result.message_ru and "(*.docx)" in result.message_ru


def test_vba_project_part_is_refused(good_docx):
    data = rezip(good_docx, extra={"word/vbaProject.bin": b"\x00" * 64})
    result = safety.open_safely(data, "form.docx")
    assert isinstance(result, Refusal) and result.code == "macro"


def test_docm_file_name_is_refused(good_docx):
    result = safety.open_safely(good_docx, "Заявка.DOCM")
    assert isinstance(result, Refusal) and result.code == "macro"


def test_corrupted_zip(good_docx):
    broken = good_docx[: len(good_docx) // 2]
    result = safety.open_safely(broken, "form.docx")
    assert isinstance(result, Refusal) and result.code == "corrupted"
    assert result.message_ru.startswith("Файл повреждён")


def test_corrupted_member_is_refused_by_read_submission(good_docx):
    data = rezip(good_docx)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        offset = zf.getinfo("word/document.xml").header_offset
    damaged = bytearray(data)
    for i in range(offset + 100, offset + 400):
        damaged[i] ^= 0x5A
    from docflow.forms.spec import committee_forms

    result = read_submission(bytes(damaged), "form.docx", forms=committee_forms())
    assert isinstance(result, Refusal) and result.code == "corrupted"


def test_zip_bomb_ratio_is_refused_before_extraction(good_docx):
    bomb = rezip(good_docx, extra={"word/media/pad.bin": b"\x00" * (40 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024  # small on the wire
    result = safety.open_safely(bomb, "form.docx")
    assert isinstance(result, Refusal) and result.code == "zip_bomb"


def test_zip_bomb_total_size_is_refused(good_docx, monkeypatch):
    monkeypatch.setattr(safety, "MAX_TOTAL_UNCOMPRESSED", 50_000)
    result = safety.open_safely(good_docx, "form.docx")
    assert isinstance(result, Refusal) and result.code == "zip_bomb"


def test_input_size_limit(good_docx):
    result = safety.open_safely(good_docx + b"\x00" * safety.MAX_INPUT_BYTES, "form.docx")
    assert isinstance(result, Refusal) and result.code == "too_large"
    assert "(20 МБ)" in result.message_ru


def test_encrypted_office_file_is_refused():
    ole = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 500
        + "EncryptedPackage".encode("utf-16-le")
        + b"\x00" * 100
    )
    result = safety.open_safely(ole, "Заявка.docx")
    assert isinstance(result, Refusal) and result.code == "encrypted"
    assert "паролем" in result.message_ru


def test_encrypted_zip_member_is_refused(good_docx):
    data = bytearray(good_docx)
    # set the "encrypted" flag of the first member in its central directory entry
    cd = data.find(b"PK\x01\x02")
    data[cd + 8] |= 0x01
    result = safety.open_safely(bytes(data), "form.docx")
    assert isinstance(result, Refusal) and result.code == "encrypted"


@pytest.mark.parametrize(
    "blob,kind",
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "image"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 50, "image"),
    ],
)
def test_pdf_and_scans_need_a_person(blob, kind):
    result = safety.open_safely(blob, "scan")
    assert isinstance(result, NeedsPerson)
    assert result.detected_type == kind
    assert "проверяет специалист" in result.message_ru


def test_unknown_file_is_refused():
    result = safety.open_safely(b"just some text", "form.txt")
    assert isinstance(result, Refusal) and result.code == "unsupported"
    assert "DOCX" in result.message_ru


def test_plain_zip_is_unsupported():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("a.txt", "x")
    result = safety.open_safely(out.getvalue(), "form.zip")
    assert isinstance(result, Refusal) and result.code == "unsupported"


def test_legacy_formats_need_conversion():
    assert [safety.needs_conversion(t) for t in ("doc", "odt", "rtf", "docx", "pdf")] == [
        True,
        True,
        True,
        False,
        False,
    ]


def test_rtf_without_libreoffice_asks_for_docx(monkeypatch):
    monkeypatch.setattr(safety, "soffice_path", lambda: None)
    result = safety.open_safely(b"{\\rtf1\\ansi hello}", "form.rtf")
    assert isinstance(result, Refusal) and result.code == "needs_docx"
    assert "RTF" in result.message_ru and "DOCX" in result.message_ru


@pytest.mark.libreoffice
@pytest.mark.skipif(not safety.soffice_path(), reason="LibreOffice is not installed")
def test_rtf_is_converted_with_libreoffice():
    rtf = (
        rb"{\rtf1\ansi\ansicpg1251\deff0{\fonttbl{\f0 Times New Roman;}}"
        rb"\f0\fs28 \u1047?\u1040?\u1071?\u1042?\u1050?\u1040?\par}"
    )
    result = safety.open_safely(rtf, "Заявка.rtf")
    assert isinstance(result, Opened)
    assert (result.detected_type, result.converted_from) == ("docx", "rtf")
    assert Document(io.BytesIO(result.data)).paragraphs[0].text == "ЗАЯВКА"


def test_conversion_failure_is_a_refusal(monkeypatch):
    monkeypatch.setattr(safety, "soffice_path", lambda: "/bin/false")
    result = safety.open_safely(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.doc")
    assert isinstance(result, Refusal) and result.code == "conversion_failed"
    assert "DOC" in result.message_ru
