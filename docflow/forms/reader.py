"""Read a filled form (DOCX) into a FormRow, tolerant of what schools do to forms."""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import cache
from io import BytesIO

from docflow.forms.definitions import CELLS, DIRECTION, FORM_NAMES_RU, FORMS, TABLE, FieldDef, FormDef
from docflow.forms.docx_xml import Para, Table, heading_style_levels, iter_blocks, read_custom_properties
from docflow.forms.model import FormRow, NeedsPerson, Refusal, Unmapped
from docflow.forms.normalize import LabelIndex, clean_value, norm, split_range
from docflow.forms.safety import MESSAGES, Opened, open_safely

_MARKER = re.compile(r"docflow-form:\s*([a-z_]+)", re.I)
_VERSION = re.compile(r"docflow-form-version:\s*(\d+)", re.I)
MAX_HEADING = 160
# One «Срок реализации» row or line instead of the form's two dates: split into start and end.
TERM_LABELS = ("Срок реализации проекта", "Сроки реализации проекта", "Срок реализации", "Сроки реализации")


class _Spec:
    """Per-form lookup tables, built once per process."""

    def __init__(self, form: FormDef):
        self.form = form
        pairs = []
        for f in form.fields.values():
            if f.kind != TABLE:
                pairs += [(f.label, f.key)] + [(a, f.key) for a in f.aliases]
        self.fields = LabelIndex(pairs)
        self.grids = {f.key: f for f in form.fields.values() if f.kind == TABLE}
        self.grid_titles = LabelIndex(
            [(lbl, f.key) for f in self.grids.values() for lbl in (f.label, *f.aliases)]
        )
        self.grid_columns = {
            k: LabelIndex(
                [(lbl, c.key) for c in (*f.columns, *f.extra_columns) for lbl in (c.label, *c.aliases)],
                cutoff=0.75,
            )
            for k, f in self.grids.items()
        }
        self.block_headings = {norm(b.heading) for b in form.blocks if b.kind == CELLS}
        has_term = {"start_date", "end_date"} <= set(form.fields)
        self.term_labels = {norm(t) for t in TERM_LABELS} if has_term else set()
        self.skip = {norm(t) for t in (*form.instructions, form.title, form.subtitle, form.full_title)}
        self.skip |= {norm(b.instruction) for b in form.blocks if b.instruction}
        self.skip |= {norm(line) for line in form.annex_mark.split("\n")}
        self.skip.discard("")
        self._seen: dict[str, bool] = {}

    def is_boilerplate(self, n: str) -> bool:
        """Instructions, title, annex mark — also slightly edited ones."""
        if n in self.skip or n.startswith("направление выбирается из перечня"):
            return True
        if len(n) <= 40:
            return False
        if n not in self._seen:
            if len(self._seen) > 20_000:
                self._seen.clear()
            self._seen[n] = any(
                abs(len(s) - len(n)) < 12
                and (m := SequenceMatcher(None, s, n)).quick_ratio() > 0.92
                and m.ratio() > 0.92
                for s in self.skip
            )
        return self._seen[n]


@cache
def _spec(form_type: str) -> _Spec:
    return _Spec(FORMS[form_type])


def _props(doc) -> tuple[str | None, int | None]:
    custom = read_custom_properties(doc.part.package)
    ftype = custom.get("docflow-form")
    version = custom.get("docflow-form-version")
    cp = doc.core_properties
    for text in (cp.keywords or "", cp.category or ""):
        if not ftype and (m := _MARKER.search(text)):
            ftype = m.group(1)
        if not version and (m := _VERSION.search(text)):
            version = m.group(1)
    if ftype not in FORMS:
        return None, None
    return ftype, int(version) if version and version.isdigit() else None


def _by_title(paras: list[str]) -> tuple[str | None, int]:
    """The form whose title the paragraphs carry: 3 title + subtitle, 2 title, 1 keywords."""
    best, best_score = None, 0
    for form in FORMS.values():
        title, subtitle = norm(form.title), norm(form.subtitle)
        score = 0
        for i, n in enumerate(paras):
            if n == title or n.startswith(title + " "):
                nxt = paras[i + 1] if i + 1 < len(paras) else ""
                score = max(score, 3 if subtitle[:30] in n + " " + nxt else 2)
            elif score < 1 and all(k in n for k in form.title_keywords):
                score = 1
        if score > best_score:
            best, best_score = form.type, score
    return best, best_score


def _by_headings(paras: list[str]) -> str | None:
    scores = {}
    for ftype in FORMS:
        spec = _spec(ftype)
        hits = {spec.fields.match(p) for p in paras if len(p) <= MAX_HEADING} - {None}
        scores[ftype] = len(hits)
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] >= 3 else None


class _Collector:
    def __init__(self, spec: _Spec, row: FormRow):
        self.spec, self.row = spec, row
        self.parts: dict[str, list[str]] = {}

    def add(self, key: str, value: str) -> None:
        value = clean_value(value)
        if value:
            self.parts.setdefault(key, [])
            if value not in self.parts[key]:
                self.parts[key].append(value)

    def finish(self) -> None:
        for key, values in self.parts.items():
            fdef: FieldDef = self.spec.form.fields[key]
            if len(values) > 1 and fdef.kind not in ("text", DIRECTION):
                self.row.warnings.append(
                    f"Поле «{fdef.label}» заполнено несколько раз; взято первое значение."
                )
                values = values[:1]
            self.row.fields[key] = "\n".join(values)


def _read_grid(spec: _Spec, table: Table, pending: str | None) -> tuple[str, list[dict[str, str]]] | None:
    rows = [r for r in table.rows if any(c.strip() for c in r)]
    if not rows:
        return None
    header = rows[0]
    best, best_map = None, {}
    for key, index in spec.grid_columns.items():
        mapping = {i: index.match(cell) for i, cell in enumerate(header)}
        mapping = {i: k for i, k in mapping.items() if k}
        if len(set(mapping.values())) > len(set(best_map.values())) or (
            len(set(mapping.values())) == len(set(best_map.values())) and key == pending
        ):
            best, best_map = key, mapping
    if not best or len(set(best_map.values())) < 2:
        return None
    out = []
    for r in rows[1:]:
        item = {k: clean_value(r[i]) for i, k in best_map.items() if i < len(r)}
        if any(item.values()) and [norm(c) for c in r] != [norm(c) for c in header]:
            out.append(item)
    return best, out


def _term(spec: _Spec, label: str, value: str, col: _Collector) -> bool:
    """«Срок реализации проекта | 01.09.2025 – 31.05.2028» → start_date and end_date."""
    if not spec.term_labels or norm(label) not in spec.term_labels:
        return False
    halves = split_range(value)
    if halves:
        col.add("start_date", halves[0])
        col.add("end_date", halves[1])
    else:
        col.row.unmapped.append(Unmapped(label, value, "table"))
    return True


def _dedupe(cells: list[str]) -> list[str]:
    out: list[str] = []
    for c in cells:
        if not out or c != out[-1]:
            out.append(c)
    return out


def _read_cells(spec: _Spec, table: Table, col: _Collector, row: FormRow) -> int:
    matched = 0
    leftovers = []
    for cells in table.rows:
        cells = _dedupe([c.strip() for c in cells])
        if not any(cells):
            continue
        if len(cells) >= 2 and _term(spec, cells[0], " ".join(c for c in cells[1:] if c), col):
            matched += 1
            continue
        key, value = None, ""
        if len(cells) >= 3:
            key = spec.fields.match(cells[0] + " " + cells[1])
            value = " ".join(c for c in cells[2:] if c)
        if not key and len(cells) >= 2:
            key = spec.fields.match(cells[0])
            value = " ".join(c for c in cells[1:] if c)
        if key and not value:
            split = spec.fields.split(cells[0], allow_bare=False)
            value = split[1] if split and split[0] == key else ""
        if not key:
            split = spec.fields.split(cells[0], allow_bare=True)
            if split:
                key, value = split[0], " ".join([split[1], *[c for c in cells[1:] if c]])
        if key:
            matched += 1
            col.add(key, value)
        elif norm(cells[0]) not in spec.block_headings and any(cells[1:]):
            leftovers.append(Unmapped(cells[0], " ".join(cells[1:]), "table"))
    if matched:
        row.unmapped.extend(u for u in leftovers if u.label or u.value)
    return matched


def _looks_like_heading(p: Para, n: str) -> bool:
    return len(n) <= MAX_HEADING and (
        p.outline is not None or p.bold or bool(re.match(r"^\s*\d{1,2}[.)]\s", p.text))
    )


def read_form(data: bytes, *, submission_id: str | None = None) -> FormRow:
    """Read a DOCX (already passed through open_safely) into a FormRow."""
    from docx import Document

    doc = Document(BytesIO(data))
    blocks = list(iter_blocks(doc.element.body, heading_style_levels(doc.styles.element)))
    paras = [norm(b.text) for b in blocks if isinstance(b, Para) and b.text.strip()]
    ftype, version = _props(doc)
    row = FormRow(ftype, version, submission_id=submission_id, detected_by="properties" if ftype else None)
    titled, score = _by_title(paras[:12]) if ftype else (None, 0)
    if titled and titled != ftype and score >= 2:  # a blank of one form retitled as another
        row.warnings.append(
            f"Заголовок документа («{FORM_NAMES_RU[titled]}») не соответствует бланку "
            f"(«{FORM_NAMES_RU[ftype]}»); документ прочитан по заголовку."
        )
        ftype = row.form_type = titled
        row.detected_by = "title"
    if not ftype and (ftype := _by_title(paras[:80])[0]):
        row.form_type, row.detected_by = ftype, "title"
        row.warnings.append(
            "Тип формы определён по заголовку документа (служебные свойства формы отсутствуют)."
        )
    if not ftype and (ftype := _by_headings(paras)):
        row.form_type, row.detected_by = ftype, "headings"
        row.warnings.append("Документ составлен не по форме; поля определены по заголовкам разделов.")
    if not ftype:
        row.warnings.append("Тип документа не распознан.")
        return row
    spec = _spec(ftype)
    if row.form_version and row.form_version != spec.form.version:
        row.warnings.append(
            f"Версия формы {row.form_version} отличается от действующей ({spec.form.version})."
        )
    _walk(spec, blocks, row)
    return row


def _walk(spec: _Spec, blocks: list[Para | Table], row: FormRow) -> None:
    col = _Collector(spec, row)
    current: str | None = None  # field key receiving paragraphs
    orphan: Unmapped | None = None  # an unknown heading collecting its paragraphs
    pending_grid: str | None = None
    for block in blocks:
        if isinstance(block, Table):
            grid = _read_grid(spec, block, pending_grid)
            if grid:
                key, items = grid
                row.tables.setdefault(key, []).extend(items)
            elif _read_cells(spec, block, col, row):
                current = orphan = None  # a form table closes the section above it
            else:
                text = "\n".join(" | ".join(_dedupe(r)) for r in block.rows if any(r))
                if current:
                    col.add(current, text)
                elif orphan:
                    orphan.value = (orphan.value + "\n" + text).strip()
            pending_grid = None
            continue
        text = block.text.strip()
        n = norm(text)
        if not n or spec.is_boilerplate(n):
            continue
        short = len(n) <= MAX_HEADING
        key = spec.fields.match(text) if short else None
        grid_key = spec.grid_titles.match(text) if short and not key else None
        if key or grid_key:
            current, pending_grid, orphan = key, grid_key, None
            continue
        if short and n in spec.block_headings:
            current = orphan = None
            continue
        m = re.match(r"^(.{5,40}?)\s*:\s*(.+)$", text)
        if m and _term(spec, m.group(1), m.group(2), col):
            current = orphan = None
            continue
        numbered = bool(re.match(r"^\s*\d{1,2}[.)]\s", text)) or block.outline is not None
        split = spec.fields.split(text, allow_bare=numbered)  # «4. Цель проекта Создание…»
        if split:
            col.add(*split)
            current, orphan = split[0], None
            continue
        if current and not (_looks_like_heading(block, n) and block.outline is not None):
            col.add(current, text)
        elif _looks_like_heading(block, n) and (current or orphan or row.fields or col.parts):
            current, orphan = None, Unmapped(text, "", "section")
            row.unmapped.append(orphan)
        elif orphan:
            orphan.value = (orphan.value + "\n" + text).strip()
    col.finish()
    row.unmapped = [u for u in row.unmapped if u.value or u.where != "section"]


def read_submission(
    data: bytes, filename: str = "", *, submission_id: str | None = None, convert: bool = True
) -> FormRow | Refusal | NeedsPerson:
    """open_safely + read_form: what the validation DAG calls for each attachment."""
    opened = open_safely(data, filename, convert=convert)
    if not isinstance(opened, Opened):
        return opened
    try:
        row = read_form(opened.data, submission_id=submission_id)
    except Exception:  # a structurally broken package: python-docx / lxml / zipfile errors
        return Refusal("corrupted", MESSAGES["corrupted"], opened.detected_type)
    if opened.converted_from:
        row.warnings.append(f"Файл преобразован в DOCX из формата {opened.converted_from.upper()}.")
    return row
