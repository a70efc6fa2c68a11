"""Detect a file's real type by content and unpack containers (zip, winmail.dat).

``detect(data) -> FileKind`` with a short ``kind`` ("docx", "doc", "pdf", "zip", "tnef"...) and
a MIME type; ``unpack(data, kind) -> [(name, bytes)]`` for zip and TNEF, bounded in size.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
TNEF_MAGIC = bytes.fromhex("789F3E22")

MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "docm": "application/vnd.ms-word.document.macroEnabled.12",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ole": "application/x-ole-storage",
    "rtf": "application/rtf",
    "pdf": "application/pdf",
    "zip": "application/zip",
    "rar": "application/vnd.rar",
    "7z": "application/x-7z-compressed",
    "tnef": "application/ms-tnef",
    "text": "text/plain",
    "empty": "application/x-empty",
    "unknown": "application/octet-stream",
    "zipbomb": "application/zip",  # a zip whose members inflate beyond the bounds: never opened
}
ARCHIVES = frozenset({"zip", "rar", "7z"})
DOCUMENTS = frozenset({"docx", "docm", "doc", "odt", "rtf", "pdf", "xlsx", "xlsm", "xls", "ods"})

MAX_MEMBERS = 100
MAX_UNPACKED = 100 * 2**20
MAX_PROBE = 2**20  # a member type detection reads ([Content_Types].xml, mimetype)
MAX_RATIO = 100  # declared size / compressed size; DOCX XML compresses ~10:1, text archives ~30:1
RATIO_FLOOR = 2**20  # members smaller than this may have any ratio


class ZipBomb(ValueError):
    """A zip member declares a size or a compression ratio beyond the bounds."""


def check_member(info: zipfile.ZipInfo, limit: int) -> None:
    """Refuse a member from its central-directory entry, before a byte of it is inflated.

    zipfile never returns more than the declared ``file_size`` (a member that inflates further
    fails its CRC), so bounding the declared size bounds what is read.
    """
    if info.file_size > limit:
        raise ZipBomb(f"archive member {info.filename[:100]!r} declares {info.file_size} bytes "
                      f"(at most {limit} allowed)")
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise ZipBomb(f"archive member {info.filename[:100]!r} compresses {info.file_size} bytes "
                      f"into {info.compress_size} (ratio over {MAX_RATIO})")


def read_member(zf: zipfile.ZipFile, name: str, limit: int = MAX_PROBE) -> bytes:
    info = zf.getinfo(name)
    check_member(info, limit)
    with zf.open(info) as fh:
        return fh.read(limit + 1)[:limit]


@dataclass(frozen=True)
class FileKind:
    kind: str
    mime: str

    @property
    def is_image(self) -> bool:
        return self.mime.startswith("image/")


def _kind(kind: str) -> FileKind:
    return FileKind(kind, MIME[kind])


def _ooxml_or_odf(data: bytes) -> FileKind | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "mimetype" in names:
                mt = read_member(zf, "mimetype").decode("ascii", "replace").strip()
                for kind in ("odt", "ods"):
                    if mt == MIME[kind]:
                        return _kind(kind)
            if "[Content_Types].xml" in names:
                ct = read_member(zf, "[Content_Types].xml").decode("utf-8", "replace")
                if "word/document.xml" in names or "wordprocessingml" in ct:
                    macro = "word/vbaProject.bin" in names or "macroEnabled" in ct
                    return _kind("docm" if macro else "docx")
                if "xl/workbook.xml" in names or "spreadsheetml" in ct:
                    return _kind("xlsm" if "macroEnabled" in ct else "xlsx")
                if "ppt/presentation.xml" in names:
                    return _kind("pptx")
    except ZipBomb:
        return _kind("zipbomb")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError, NotImplementedError):
        return None
    return None


def detect(data: bytes) -> FileKind:
    """The real type of ``data`` judged by its bytes, never by its name."""
    if not data:
        return _kind("empty")
    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _ooxml_or_odf(data) or _kind("zip")
    if head == OLE_MAGIC:
        probe = data[:2**20]
        if "WordDocument".encode("utf-16-le") in probe:
            return _kind("doc")
        if "Workbook".encode("utf-16-le") in probe or "Book".encode("utf-16-le") in probe:
            return _kind("xls")
        return _kind("ole")
    if data[:5] == b"{\\rtf":
        return _kind("rtf")
    if data[:5] == b"%PDF-" or b"%PDF-" in data[:1024]:
        return _kind("pdf")
    if data[:4] == TNEF_MAGIC:
        return _kind("tnef")
    import filetype

    guess = filetype.guess(data[:8192])
    if guess is not None:
        if guess.extension == "rar":
            return _kind("rar")
        if guess.extension == "7z":
            return _kind("7z")
        if guess.mime.startswith("image/"):
            return FileKind(guess.extension, guess.mime)
        return FileKind(guess.extension, guess.mime)
    try:
        data[:4096].decode("utf-8")
        return _kind("text")
    except UnicodeDecodeError:
        return _kind("unknown")


def unpack(data: bytes, kind: str, *, max_members: int = MAX_MEMBERS,
           max_bytes: int = MAX_UNPACKED) -> list[tuple[str, bytes]]:
    """Files inside a zip archive or a winmail.dat; raises ValueError for a bad container."""
    if kind == "tnef":
        return _unpack_tnef(data)
    if kind == "zip":
        return _unpack_zip(data, max_members, max_bytes)
    return []


def _zip_name(info: zipfile.ZipInfo) -> str:
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437", "replace")  # Windows archivers write cp866 names
    try:
        raw.decode("utf-8")
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp866", "replace")


def _unpack_zip(data: bytes, max_members: int, max_bytes: int) -> list[tuple[str, bytes]]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            if len(infos) > max_members:
                raise ValueError(f"too many files in the archive ({len(infos)})")
            if sum(i.file_size for i in infos) > max_bytes:
                raise ValueError("archive too large when unpacked")
            for info in infos:
                check_member(info, max_bytes)
            out = []
            for info in infos:
                with zf.open(info) as fh:  # declared sizes can lie: read no more than allowed
                    blob = fh.read(max_bytes + 1)
                max_bytes -= len(blob)
                if max_bytes < 0:
                    raise ValueError("archive too large when unpacked")
                out.append((_zip_name(info).rsplit("/", 1)[-1], blob))
            return out
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError) as exc:
        raise ValueError(f"unreadable zip archive: {exc}") from exc


def _unpack_tnef(data: bytes) -> list[tuple[str, bytes]]:
    from tnefparse import TNEF

    try:
        tnef = TNEF(data, do_checksum=False)
    except Exception as exc:
        raise ValueError(f"unreadable winmail.dat: {exc}") from exc
    out = []
    for att in tnef.attachments:
        name = att.long_filename() or att.name or "attachment"
        if isinstance(name, bytes):
            name = name.decode("utf-8", "replace")
        out.append((name.strip("\x00"), bytes(att.data)))
    return out
