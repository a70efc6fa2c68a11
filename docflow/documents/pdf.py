"""PDF (and DOCX) conversion with LibreOffice headless, plus a check of the fonts a DOCX names.

- ``find_soffice()`` → path or None; without LibreOffice every conversion returns a result whose
  ``error`` says so — callers never get an exception in their normal flow.
- One isolated LibreOffice profile per batch (``-env:UserInstallation=file:///tmp/…``), so
  parallel workers never share a profile lock; the profile is deleted afterwards.
- A timeout kills the whole process group (soffice.bin included).
- Many files per LibreOffice start: ``--convert-to pdf --outdir D f1 f2 …``.
- Fonts: the families named in styles, runs and (when referenced) the theme, compared with
  ``fc-list : family``. Metric-compatible substitutes that LibreOffice applies itself
  (Times New Roman → Liberation Serif, Calibri → Carlito, …) are reported as substituted,
  not missing.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
# LibreOffice's own metric-compatible replacement table (VCL.xcu), the ones that matter here.
SUBSTITUTES = {
    "times new roman": "Liberation Serif",
    "times": "Liberation Serif",
    "arial": "Liberation Sans",
    "helvetica": "Liberation Sans",
    "arial narrow": "Liberation Sans Narrow",
    "courier new": "Liberation Mono",
    "calibri": "Carlito",
    "cambria": "Caladea",
}
BASE_TIMEOUT = 60.0  # LibreOffice start with a fresh profile
PER_FILE_TIMEOUT = 10.0


@dataclass
class PdfResult:
    pdf: bytes | None
    missing_fonts: list[str] = field(default_factory=list)
    substituted_fonts: dict[str, str] = field(default_factory=dict)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.pdf is not None


@dataclass
class DocxResult:
    docx: bytes | None
    error: str | None = None


def find_soffice() -> str | None:
    """``DOCFLOW_SOFFICE`` if set (empty → disabled), else soffice / libreoffice on PATH."""
    if "DOCFLOW_SOFFICE" in os.environ:
        return os.environ["DOCFLOW_SOFFICE"] or None
    return shutil.which("soffice") or shutil.which("libreoffice")


UNAVAILABLE = "Формирование PDF недоступно: LibreOffice (soffice) не установлен на сервере."


# --- fonts --------------------------------------------------------------------------------------


def _collect(el, fonts: set[str], theme_refs: set[str]) -> None:
    for rf in el.iter(f"{{{W}}}rFonts"):
        for attr in ("ascii", "hAnsi", "cs"):
            if value := rf.get(f"{{{W}}}{attr}"):
                fonts.add(value)
            if value := rf.get(f"{{{W}}}{attr}Theme"):
                theme_refs.add(value)


def docx_fonts(source: bytes | str | Path) -> set[str]:
    """Font families the DOCX uses for Latin/Cyrillic and complex scripts.

    Counted: docDefaults, the default styles and every style the body, headers and footers
    refer to (with their ``basedOn`` chain), direct run formatting, and the theme fonts those
    refer to (``asciiTheme="minorHAnsi"`` …). Styles nobody uses and eastAsia fonts are ignored.
    """
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    zf = zipfile.ZipFile(io.BytesIO(data))
    names = set(zf.namelist())
    fonts: set[str] = set()
    theme_refs: set[str] = set()
    used: set[str] = set()
    for part in sorted(names):
        if part == "word/document.xml" or (
            part.startswith(("word/header", "word/footer")) and part.endswith(".xml")
        ):
            root = etree.fromstring(zf.read(part))
            _collect(root, fonts, theme_refs)
            for tag in ("pStyle", "rStyle", "tblStyle"):
                used.update(el.get(f"{{{W}}}val") for el in root.iter(f"{{{W}}}{tag}"))
    if "word/styles.xml" in names:
        styles = etree.fromstring(zf.read("word/styles.xml"))
        defaults = styles.find(f"{{{W}}}docDefaults")
        if defaults is not None:
            _collect(defaults, fonts, theme_refs)
        by_id = {st.get(f"{{{W}}}styleId"): st for st in styles.iter(f"{{{W}}}style")}
        used.update(i for i, st in by_id.items() if st.get(f"{{{W}}}default") == "1")
        seen: set[str] = set()
        todo = [u for u in used if u]
        while todo:
            style_id = todo.pop()
            if style_id in seen or style_id not in by_id:
                continue
            seen.add(style_id)
            style = by_id[style_id]
            _collect(style, fonts, theme_refs)
            for link in ("basedOn", "link"):
                ref = style.find(f"{{{W}}}{link}")
                if ref is not None:
                    todo.append(ref.get(f"{{{W}}}val"))
    theme = next((n for n in sorted(names) if n.startswith("word/theme/") and n.endswith(".xml")), None)
    if theme and theme_refs:
        root = etree.fromstring(zf.read(theme))
        for ref in theme_refs:
            group = "majorFont" if ref.startswith("major") else "minorFont"
            script = "cs" if ref.endswith("Bidi") else "latin"
            node = root.find(f".//{{{A}}}{group}/{{{A}}}{script}")
            if node is not None and node.get("typeface"):
                fonts.add(node.get("typeface"))
    return {f for f in fonts if f and not f.startswith("+")}


@lru_cache(maxsize=1)
def installed_families() -> frozenset[str] | None:
    """Lower-cased families from ``fc-list : family``; None when fontconfig is absent."""
    fc = shutil.which("fc-list")
    if not fc:
        return None
    out = subprocess.run([fc, ":", "family"], capture_output=True, text=True, timeout=30, check=False).stdout
    return frozenset(
        name.strip().lower() for line in out.splitlines() for name in line.split(",") if name.strip()
    )


def check_fonts(source: bytes | str | Path) -> tuple[list[str], dict[str, str]]:
    """(missing, substituted) for the fonts the DOCX names."""
    installed = installed_families()
    if installed is None:
        return [], {}
    missing, substituted = [], {}
    for font in sorted(docx_fonts(source)):
        key = font.lower()
        if key in installed:
            continue
        sub = SUBSTITUTES.get(key)
        if sub and sub.lower() in installed:
            substituted[font] = sub
        else:
            missing.append(font)
    return missing, substituted


# --- LibreOffice --------------------------------------------------------------------------------


def _run(cmd: list[str], timeout: float) -> str | None:
    """Run soffice in its own process group; return an error text or None."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.communicate()
        return f"LibreOffice не ответил за {timeout:.0f} с; процесс остановлен."
    if proc.returncode != 0:
        return (
            f"LibreOffice завершился с кодом {proc.returncode}: {err.decode(errors='replace').strip()[:300]}"
        )
    return None


def batch_timeout(n: int) -> float:
    """Default time limit for a batch: LibreOffice start plus a few seconds per file."""
    return BASE_TIMEOUT + PER_FILE_TIMEOUT * n


def convert_batch(
    paths: Sequence[Path], outdir: Path, *, target: str = "pdf", timeout: float | None = None
) -> tuple[dict[Path, Path | None], str | None]:
    """Convert many files with ONE LibreOffice start. Input stems must be unique.

    Returns ({input: output or None}, error); ``error`` is about the LibreOffice run as a whole
    (absent, timed out, crashed). A file LibreOffice cannot open just gets None — the others
    are still converted. ``target`` is a --convert-to filter spec (``pdf``, ``odt``,
    ``docx:MS Word 2007 XML``; no shell quoting).
    """
    soffice = find_soffice()
    if not soffice:
        return dict.fromkeys(paths), UNAVAILABLE
    if len({p.stem for p in paths}) != len(paths):
        raise ValueError("input file names must have unique stems")
    if not paths:
        return {}, None
    outdir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="docflow-lo-profile-"))
    try:
        cmd = [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            *map(str, paths),
        ]
        error = _run(cmd, batch_timeout(len(paths)) if timeout is None else timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    ext = target.split(":", 1)[0]
    results: dict[Path, Path | None] = {}
    for p in paths:
        out = outdir / f"{p.stem}.{ext}"
        results[p] = out if out.exists() and out.stat().st_size > 0 else None
    return results, error


NOT_CONVERTED = "LibreOffice не смог преобразовать документ в PDF."
NOT_DOCX = "Файл не является документом DOCX (повреждён или другого формата)."


def docx_to_pdf_many(documents: Sequence[bytes], *, timeout: float | None = None) -> list[PdfResult]:
    """Convert several DOCX documents with one LibreOffice start; one result per document.

    A damaged document gets its own error; the rest of the batch is converted.
    """
    results: list[PdfResult] = []
    with tempfile.TemporaryDirectory(prefix="docflow-pdf-") as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        paths: list[Path | None] = []
        for i, data in enumerate(documents):
            try:
                missing, subs = check_fonts(data)
            except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError):
                results.append(PdfResult(None, error=NOT_DOCX))
                paths.append(None)
                continue
            results.append(PdfResult(None, missing, subs))
            path = src / f"doc{i:05d}.docx"
            path.write_bytes(data)
            paths.append(path)
        outputs, error = convert_batch([p for p in paths if p], Path(tmp) / "out", timeout=timeout)
        for result, path in zip(results, paths, strict=True):
            if path is None:
                continue
            out = outputs.get(path)
            if out is not None:
                result.pdf = out.read_bytes()
            else:
                result.error = error or NOT_CONVERTED
    return results


def docx_to_pdf(document: bytes | str | Path, *, timeout: float | None = None) -> PdfResult:
    data = document if isinstance(document, bytes) else Path(document).read_bytes()
    return docx_to_pdf_many([data], timeout=timeout)[0]


def convert_to_docx(path: str | Path, *, timeout: float | None = None) -> DocxResult:
    """.doc / .odt / .rtf → .docx bytes (for form validation); same isolation and timeout."""
    source = Path(path)
    if not source.is_file():
        return DocxResult(None, f"Файл «{source.name}» не найден.")
    with tempfile.TemporaryDirectory(prefix="docflow-docx-") as tmp:
        copy = Path(tmp) / "in" / f"source{source.suffix.lower()}"
        copy.parent.mkdir()
        shutil.copyfile(source, copy)
        outputs, error = convert_batch(
            [copy], Path(tmp) / "out", target="docx:MS Word 2007 XML", timeout=timeout
        )
        out = outputs.get(copy)
        if out is None:
            return DocxResult(None, error or f"Не удалось преобразовать «{source.name}» в DOCX.")
        return DocxResult(out.read_bytes(), None)
