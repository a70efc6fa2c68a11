"""Render a DOCX template with docxtpl, checking the context against the template first.

    render(template_path, context, *, required=None) -> bytes

- A variable the template uses but the context lacks → ``TemplateContextError`` (Russian message
  for staff, ``.variables`` holds the names) before anything is rendered.
- A key the caller declares required (``required=`` or a context dataclass's ``REQUIRED``) that
  the template never uses → ``TemplateContextError`` too: the template lost a requisite.
- A Jinja syntax error in a template staff edited → ``TemplateBrokenError`` naming the template,
  the paragraph (numbered in document order, table cells included), its text and the bad tag.
- Autoescape is on: user text such as «О'Нил & Ко <школа>» is XML-escaped.
- Deterministic bytes: ZIP entry timestamps are fixed in place, so the same template and context
  give the same bytes and the same SHA-256 (computed over the returned bytes).
- Compiled templates are cached per process (docxtpl alone recompiles on every render).
"""

from __future__ import annotations

import dataclasses
import io
import re
import struct
import threading
import zipfile
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from docflow.documents.contexts import Image
from docflow.documents.jinja import make_env

_TAG_PREFIX = re.compile(r"([{][%{])\s*(p|tr|tc|r)\s")


class _CachingEnvironment(jinja2.Environment):
    """docxtpl compiles the document XML with ``from_string`` on every render; the patched XML
    of one template is the same each time, so compiled templates are kept (LRU by source)."""

    cache_size = 32

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._compiled: dict[str, jinja2.Template] = {}
        self._lock = threading.Lock()

    def from_string(self, source, globals=None, template_class=None):
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        with self._lock:
            hit = self._compiled.pop(source, None)
        if hit is None:
            hit = super().from_string(source)
        with self._lock:
            self._compiled[source] = hit
            while len(self._compiled) > self.cache_size:
                self._compiled.pop(next(iter(self._compiled)))
        return hit


@lru_cache(maxsize=1)
def shared_env() -> jinja2.Environment:
    """The rendering environment: make_env()'s settings plus the compiled-template cache."""
    return make_env(_CachingEnvironment)


class TemplateError(Exception):
    """Base of the template errors; ``str()`` is the Russian message for staff."""

    def __init__(self, template: str, message: str):
        super().__init__(message)
        self.template = template


class TemplateNotFoundError(TemplateError, FileNotFoundError):
    pass


class TemplateContextError(TemplateError):
    def __init__(self, template: str, message: str, variables: Iterable[str]):
        super().__init__(template, message)
        self.variables = sorted(variables)


class TemplateBrokenError(TemplateError):
    def __init__(self, template: str, message: str, paragraph: int | None = None, text: str = ""):
        super().__init__(template, message)
        self.paragraph, self.text = paragraph, text


def context_dict(context: Any) -> dict[str, Any]:
    """Top-level keys of a mapping or a context dataclass (nested values stay objects)."""
    if dataclasses.is_dataclass(context) and not isinstance(context, type):
        return {f.name: getattr(context, f.name) for f in dataclasses.fields(context)}
    if isinstance(context, Mapping):
        return dict(context)
    raise TypeError(f"context must be a mapping or a dataclass, not {type(context).__name__}")


def _paragraph_texts(path: Path) -> list[str]:
    """Texts of all paragraphs (body, tables, headers, footers) in document order."""
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(str(path))
    parts = [doc.element.body]
    for section in doc.sections:
        for hf in (section.header, section.footer):
            if not hf.is_linked_to_previous:
                parts.append(hf._element)
    texts = []
    for part in parts:
        for p in part.iter(qn("w:p")):
            texts.append("".join(t.text or "" for t in p.iter(qn("w:t"))))
    return texts


def _bad_tag(text: str, env: jinja2.Environment) -> str:
    """The first ``{{ … }}`` fragment of a paragraph that does not parse on its own."""
    for m in re.finditer(r"\{\{.*?(?=\{\{|\{%|$)", text):
        fragment = m.group(0).strip()
        try:
            env.parse(fragment)
        except jinja2.TemplateSyntaxError:
            return fragment[:100]
    return ""


def _locate(path: Path, env: jinja2.Environment) -> tuple[int | None, str, str]:
    """Find the paragraph whose tag breaks Jinja: parse the paragraphs one per line."""
    texts = _paragraph_texts(path)
    source = "\n".join(_TAG_PREFIX.sub(r"\1 ", t) for t in texts)
    try:
        env.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        line = exc.lineno or 0
        if 1 <= line <= len(texts):
            return line, texts[line - 1], exc.message or str(exc)
        return None, "", exc.message or str(exc)
    return None, "", ""


@lru_cache(maxsize=64)
def _variables(path: str, mtime_ns: int, size: int) -> frozenset[str]:
    from docxtpl import DocxTemplate

    env = make_env()
    try:
        found = DocxTemplate(path).get_undeclared_template_variables(jinja_env=env)
    except jinja2.TemplateSyntaxError as exc:
        name = Path(path).name
        number, text, detail = _locate(Path(path), env)
        where = f" в абзаце {number} («{text.strip()[:120]}»)" if number else ""
        if number and (tag := _bad_tag(text, env)):
            where += f", тег «{tag}»"
        raise TemplateBrokenError(
            name,
            f"Шаблон «{name}» содержит ошибку в тегах{where}: {detail or exc.message}. "
            "Исправьте тег в Word и сохраните шаблон.",
            number,
            text,
        ) from exc
    return frozenset(found) - set(env.globals)


def template_variables(template_path: str | Path) -> frozenset[str]:
    """Top-level variables the template uses (cached by path, mtime and size)."""
    path = Path(template_path).resolve()
    if not path.is_file():
        raise TemplateNotFoundError(path.name, f"Шаблон «{path.name}» не найден ({path.parent}).")
    st = path.stat()
    return _variables(str(path), st.st_mtime_ns, st.st_size)


def check_context(template_path: str | Path, context: Any, required: Iterable[str] | None = None) -> None:
    """Raise TemplateContextError when the context and the template do not match."""
    name = Path(template_path).name
    keys = set(context_dict(context))
    if required is None:
        required = getattr(context, "REQUIRED", ())
    used = template_variables(template_path)
    missing = used - keys
    if missing:
        listed = ", ".join(sorted(missing))
        raise TemplateContextError(
            name, f"Для шаблона «{name}» не хватает данных: {listed}. Документ не сформирован.", missing
        )
    unused = set(required) - used
    if unused:
        listed = ", ".join(sorted(unused))
        raise TemplateContextError(
            name,
            f"В шаблоне «{name}» нет обязательных полей: {listed}. Вероятно, шаблон повреждён при "
            "редактировании; восстановите поля или возьмите шаблон из хранилища.",
            unused,
        )


def normalize_zip(data: bytes) -> bytes:
    """Set every ZIP entry's timestamp to 1980-01-01 in place (local and central headers).

    python-docx stamps entries with the current time; with fixed stamps equal content gives
    equal bytes. The compressed data is untouched, so this costs microseconds.
    """
    buf = bytearray(data)
    dos_time, dos_date = 0, (0 << 9) | (1 << 5) | 1
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        start = zf.start_dir
        infos = zf.infolist()
    for info in infos:
        off = info.header_offset
        if buf[off : off + 4] != b"PK\x03\x04":
            return data
        struct.pack_into("<HH", buf, off + 10, dos_time, dos_date)
    off = start
    for _ in infos:
        if buf[off : off + 4] != b"PK\x01\x02":
            return data
        struct.pack_into("<HH", buf, off + 12, dos_time, dos_date)
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", buf, off + 28)
        off += 46 + name_len + extra_len + comment_len
    return bytes(buf)


def resolve_template(template: str | Path) -> Path:
    """A path as given if it exists, else a file name looked up in TEMPLATES_DIR."""
    from docflow.documents import TEMPLATES_DIR

    path = Path(template)
    if not path.exists() and path.parent == Path() and (TEMPLATES_DIR / path.name).exists():
        return TEMPLATES_DIR / path.name
    return path


def render(template_path: str | Path, context: Any, *, required: Iterable[str] | None = None) -> bytes:
    """Render a template (a path, or a file name in TEMPLATES_DIR) to DOCX bytes.

    See the module docstring for the checks made before rendering.
    """
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    path = resolve_template(template_path)
    name = path.name
    check_context(path, context, required)
    values = context_dict(context)
    tpl = DocxTemplate(str(path))
    for key, value in values.items():
        if isinstance(value, Image):
            values[key] = InlineImage(tpl, io.BytesIO(value.data), width=Mm(value.width_mm))
    try:
        tpl.render(values, jinja_env=shared_env())
    except jinja2.UndefinedError as exc:
        raise TemplateContextError(
            name, f"Для шаблона «{name}» не хватает данных: {exc.message}. Документ не сформирован.", []
        ) from exc
    except (jinja2.TemplateError, TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
        raise TemplateBrokenError(name, f"Шаблон «{name}» не удалось заполнить: {exc}.") from exc
    buf = io.BytesIO()
    tpl.save(buf)
    return normalize_zip(buf.getvalue())
