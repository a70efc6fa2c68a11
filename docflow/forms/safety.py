"""The safety gate in front of the reader: detect the real file type, refuse what must not be
opened (macros, broken or encrypted files, zip bombs), convert legacy formats with LibreOffice
when it is installed, and route scans and PDFs to a person.

Zip sizes are checked from the central directory before anything is decompressed; zipfile (used
by python-docx) never inflates a member beyond the size the directory declares.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import zipfile
from io import BytesIO
from pathlib import Path

from docflow.forms.model import NeedsPerson, Opened, Refusal

MAX_INPUT_BYTES = 20 * 1024 * 1024
MAX_TOTAL_UNCOMPRESSED = 150 * 1024 * 1024
MAX_MEMBER_RATIO = 100  # uncompressed / compressed, for members larger than RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
MAX_MEMBERS = 2000
CONVERT_TIMEOUT = 90

DOCX, DOCM, DOC, ODT, RTF, PDF, IMAGE, ENCRYPTED, UNKNOWN, ZIP = (
    "docx",
    "docm",
    "doc",
    "odt",
    "rtf",
    "pdf",
    "image",
    "encrypted",
    "unknown",
    "zip",
)
CONVERTIBLE = frozenset({DOC, ODT, RTF})

ASK_DOCX = (
    " Пожалуйста, направьте документ в формате DOCX (Документ Word), заполнив форму, размещённую на сайте."
)
MESSAGES = {
    "macro": "Файл содержит макросы (формат DOCM) и не может быть принят из соображений безопасности."
    " Сохраните документ как «Документ Word (*.docx)» без макросов и направьте его повторно.",
    "corrupted": "Файл повреждён и не может быть открыт." + ASK_DOCX,
    "zip_bomb": "Файл имеет недопустимую структуру (слишком большой объём после распаковки) и не может"
    " быть открыт." + ASK_DOCX,
    "too_large": "Размер файла превышает допустимый ({limit} МБ). Уменьшите размер документа (например,"
    " сожмите рисунки) и направьте его повторно.",
    "encrypted": "Файл защищён паролем и не может быть прочитан. Снимите защиту паролем и направьте"
    " документ повторно.",
    "unsupported": "Формат файла не поддерживается." + ASK_DOCX,
    "conversion_failed": "Не удалось преобразовать файл формата {fmt} в DOCX." + ASK_DOCX,
    "needs_docx": "Файл формата {fmt} не может быть обработан автоматически." + ASK_DOCX,
}
NEEDS_PERSON_RU = (
    "Документ получен в виде {what}. Такие документы проверяет специалист управления образования; "
    "срок рассмотрения может увеличиться. Для автоматической проверки направьте, пожалуйста, также "
    "заполненную форму в формате DOCX."
)
_WHAT = {PDF: "файла PDF", IMAGE: "изображения (скана)"}

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*", b"BM")
_MACRO_CT = ("macroEnabled", "vbaProject", "ms-office.activeX")


def _refuse(code: str, detected: str | None, **fmt: object) -> Refusal:
    return Refusal(code, MESSAGES[code].format(**fmt), detected)


def detect_type(data: bytes) -> str:
    """The real type by content (magic bytes; for zips, the content types), never by file name."""
    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as zf:
                names = {i.filename: i.file_size for i in zf.infolist()}
                if names.get("[Content_Types].xml", 1 << 30) < 1_000_000:
                    ct = zf.read("[Content_Types].xml").decode("utf-8", "replace")
                    if any(m in ct for m in _MACRO_CT) or any(
                        n.lower().endswith("vbaproject.bin") for n in names
                    ):
                        return DOCM
                    if "wordprocessingml.document.main+xml" in ct:
                        return DOCX
                    return ZIP
                if names.get("mimetype", 1 << 30) < 200:
                    mime = zf.read("mimetype")
                    return ODT if mime.startswith(b"application/vnd.oasis.opendocument.text") else ZIP
        except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError, NotImplementedError):
            return ZIP
        return ZIP
    if head.startswith(_OLE):
        return ENCRYPTED if "EncryptedPackage".encode("utf-16-le") in data else DOC
    if data[:5] == b"%PDF-":
        return PDF
    if data[:5] == b"{\\rtf":
        return RTF
    if any(data.startswith(m) for m in _IMAGES) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP"):
        return IMAGE
    return UNKNOWN


def check_zip(data: bytes, detected: str = DOCX) -> Refusal | None:
    """Central-directory checks before any decompression: integrity, encryption, bomb bounds."""
    try:
        zf = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return _refuse("corrupted", DOCX)
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            return _refuse("zip_bomb", DOCX)
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                return _refuse("encrypted", DOCX)
            total += info.file_size
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_MEMBER_RATIO * max(
                info.compress_size, 1
            ):
                return _refuse("zip_bomb", DOCX)
        if total > MAX_TOTAL_UNCOMPRESSED:
            return _refuse("zip_bomb", DOCX)
        names = {i.filename for i in infos}
        if detected == DOCX and ("[Content_Types].xml" not in names or "word/document.xml" not in names):
            return _refuse("corrupted", DOCX)
    return None


def needs_conversion(detected_type: str) -> bool:
    return detected_type in CONVERTIBLE


def soffice_path() -> str | None:
    return os.environ.get("DOCFLOW_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_docx(data: bytes, detected_type: str, *, timeout: float = CONVERT_TIMEOUT) -> bytes | None:
    """Convert .doc/.odt/.rtf to DOCX with LibreOffice headless in an isolated profile.

    Returns None when LibreOffice is not installed or the conversion fails or times out.
    """
    soffice = soffice_path()
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory(prefix="docflow-lo-") as tmp:
        tmpdir = Path(tmp)
        src = tmpdir / f"input.{detected_type}"
        src.write_bytes(data)
        outdir = tmpdir / "out"
        profile = (tmpdir / "profile").as_uri()
        cmd = [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx",
            "--outdir",
            str(outdir),
            str(src),
        ]
        try:
            subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except (subprocess.TimeoutExpired, OSError):
            return None
        out = outdir / "input.docx"
        return out.read_bytes() if out.exists() else None


def open_safely(data: bytes, filename: str = "", *, convert: bool = True) -> Opened | Refusal | NeedsPerson:
    """Decide what to do with an attached file before anyone parses it."""
    if len(data) > MAX_INPUT_BYTES:
        return _refuse("too_large", None, limit=MAX_INPUT_BYTES // (1024 * 1024))
    if data[:2] == b"PK" and (refusal := check_zip(data, ZIP)) is not None:
        return refusal  # bounds first: nothing is inflated before the directory is checked
    kind = detect_type(data)
    if kind == DOCM or filename.lower().endswith((".docm", ".dotm")):
        return _refuse("macro", DOCM)
    if kind == ENCRYPTED:
        return _refuse("encrypted", ENCRYPTED)
    if kind in (PDF, IMAGE):
        return NeedsPerson(kind, NEEDS_PERSON_RU.format(what=_WHAT[kind]))
    if kind == ZIP:
        return _refuse("unsupported", ZIP)
    if kind == DOCX:
        return check_zip(data) or Opened(data, DOCX)
    if needs_conversion(kind):
        fmt = {DOC: "DOC", ODT: "ODT", RTF: "RTF"}[kind]
        if not convert or soffice_path() is None:
            return _refuse("needs_docx", kind, fmt=fmt)
        converted = convert_to_docx(data, kind)
        if converted is None or detect_type(converted) != DOCX:
            return _refuse("conversion_failed", kind, fmt=fmt)
        return check_zip(converted) or Opened(converted, DOCX, converted_from=kind)
    return _refuse("unsupported", kind)
