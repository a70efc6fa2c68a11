"""Small but real attachment files for the mail corpus (DOCX via python-docx, ODT, PDF, PNG...)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from functools import lru_cache

from docflow.mail.filetypes import OLE_MAGIC


@lru_cache
def docx(title: str = "Заявка на присвоение статуса МИП") -> bytes:
    from docx import Document

    doc = Document()
    doc.add_heading(title, level=1)
    doc.add_paragraph("МБОУ «Средняя общеобразовательная школа № 7» г. Северореченска")
    doc.add_paragraph("Директор: Орлова Н.П.")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


@lru_cache
def docm() -> bytes:
    """A DOCX turned into a macro-enabled document (content type + vbaProject.bin)."""
    src = zipfile.ZipFile(io.BytesIO(docx("Отчёт (с макросами)")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                    b"application/vnd.ms-word.document.macroEnabled.main+xml")
            zf.writestr(item, data)
        zf.writestr("word/vbaProject.bin", OLE_MAGIC + b"\0" * 504)
    return out.getvalue()


@lru_cache
def odt() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
                    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
                    '<office:text><text:p>Программа инновационного проекта</text:p></office:text>'
                    '</office:body></office:document-content>', zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
    return out.getvalue()


def pdf(text: str = "Scan 2026-11-20", pad: int = 0) -> bytes:
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    if pad:  # a scanner's image stream, roughly
        out += b"%" + bytes((i * 7919) % 251 for i in range(pad)).replace(b"\n", b" ") + b"\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def png(width: int = 4, height: int = 2) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\0" + b"\x20\x60\xa0" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def jpeg() -> bytes:
    return (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
            + b"\xff\xdb\x00\x43\x00" + bytes(range(64)) + b"\xff\xd9")


def ole_doc() -> bytes:
    """An old Word 97-2003 file as far as detection goes: OLE header and a WordDocument stream."""
    return OLE_MAGIC + b"\0" * 120 + "WordDocument".encode("utf-16-le") + b"\0" * 1900


def rtf() -> bytes:
    return rb"{\rtf1\ansi\ansicpg1251\deff0{\fonttbl{\f0 Times New Roman;}}\f0 \'c7\'e0\'ff\'e2\'ea\'e0\par}"


def rar() -> bytes:
    return b"Rar!\x1a\x07\x01\x00" + b"\x00" * 64


def zip_of(files: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files:
            zf.writestr(name, data)  # non-ASCII names get the UTF-8 flag
    return out.getvalue()


def tnef(files: list[tuple[str, bytes]], body: str = "") -> bytes:
    """A minimal winmail.dat (TNEF) as Outlook writes it: rendering data, title, data per file."""
    def attr(level: int, name: int, typ: int, data: bytes) -> bytes:
        return (struct.pack("<BHHI", level, name, typ, len(data)) + data
                + struct.pack("<H", sum(data) & 0xFFFF))

    out = struct.pack("<IH", 0x223E9F78, 0x1234)
    out += attr(1, 0x9006, 0x0009, struct.pack("<I", 0x00010000))  # attTnefVersion
    out += attr(1, 0x9007, 0x0006, struct.pack("<II", 1251, 0))  # attOemCodepage
    if body:
        out += attr(1, 0x800C, 0x0002, body.encode("cp1251") + b"\0")  # attBody
    for name, data in files:
        out += attr(2, 0x9002, 0x0006, b"\x01\x00\xff\xff\xff\xff" + b"\0" * 8)  # attAttachRendData
        out += attr(2, 0x8010, 0x0001, name.encode("ascii") + b"\0")  # attAttachTitle
        out += attr(2, 0x800F, 0x0006, data)  # attAttachData
    return out
