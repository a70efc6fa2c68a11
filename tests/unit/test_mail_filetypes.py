"""File type detection by content and bounded unpacking of containers."""

import pytest

from docflow.mail import filetypes
from docflow.mail.filetypes import detect, unpack
from tests.corpus import files


@pytest.mark.parametrize(("data", "kind"), [
    (files.docx(), "docx"), (files.docm(), "docm"), (files.odt(), "odt"), (files.pdf(), "pdf"),
    (files.ole_doc(), "doc"), (files.rtf(), "rtf"), (files.png(), "png"), (files.jpeg(), "jpg"),
    (files.rar(), "rar"), (files.zip_of([("a.txt", b"x")]), "zip"), (files.tnef([("a.txt", b"x")]), "tnef"),
    (b"", "empty"), ("Просто текст".encode(), "text"), (bytes(range(256)) * 4, "unknown")])
def test_detect(data, kind):
    assert detect(data).kind == kind


def test_unpack_zip_keeps_cyrillic_names():
    archive = files.zip_of([("Папка/Заявка.docx", files.docx()), ("Устав.pdf", files.pdf())])
    assert [(n, detect(d).kind) for n, d in unpack(archive, "zip")] == [("Заявка.docx", "docx"),
                                                                        ("Устав.pdf", "pdf")]


def test_unpack_tnef():
    assert unpack(files.tnef([("a.docx", files.docx())]), "tnef") == [("a.docx", files.docx())]


def test_unpack_refuses_too_many_members():
    with pytest.raises(ValueError, match="too many"):
        unpack(files.zip_of([(f"{i}.txt", b"x") for i in range(4)]), "zip", max_members=3)


def test_unpack_refuses_zip_bomb():
    with pytest.raises(ValueError, match="too large"):
        unpack(files.zip_of([("zeros.bin", b"\0" * 5000)]), "zip", max_bytes=1000)


@pytest.mark.parametrize("kind", ["zip", "tnef"])
def test_unpack_broken_container(kind):
    with pytest.raises(ValueError, match="unreadable"):
        unpack(b"PK\x03\x04broken" if kind == "zip" else filetypes.TNEF_MAGIC + b"\x01", kind)
