"""Read a school's document by its content, whatever its layout, onto the committee's sections.

A section is found by its heading (Word heading styles, numbered or bold or capitalised lines), by
an inline label («Цель: …», a bold or underlined lead), by a label cell of a table (two or more
columns, a «№» column skipped), by a column header of the school's own table, or by a signature
line. Headings are matched by meaning (lemmas and the committee's synonyms, docflow.forms.lexicon).
What was found, where and with which text is kept in ``FormRow.trace`` for staff
(``docflow forms explain``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO

from docflow.forms import lexicon
from docflow.forms.doctype import FOREIGN, TITLE_ZONE, title_type
from docflow.forms.docx_xml import Para, Table, iter_blocks, read_custom_properties, style_info
from docflow.forms.model import FormRow, NeedsPerson, Refusal, Unmapped
from docflow.forms.normalize import EMAIL_IN_TEXT, PHONE_IN_TEXT, clean_value
from docflow.forms.safety import MESSAGES, Opened, open_safely
from docflow.forms.signature import BLANK_DATE, DATE, LONE_DATE, ROLE, Signature, signature_line
from docflow.forms.spec import FormDef, Forms

_MARKER = re.compile(r"docflow-form:\s*([a-z_]+)", re.I)
_VERSION = re.compile(r"docflow-form-version:\s*(\d+)", re.I)
MAX_HEADING = 160

# «нет», «—», «(указать)»: a section that holds nothing.
_EMPTY = {
    "", "нет", "не имеется", "отсутствует", "отсутствуют", "не указано", "не заполнено", "указать",
    "заполнить", "не предусмотрено", "xxx", "х", "n a", "na",
}
_HINT_PAREN = re.compile(
    r"\((?:\s*(?:указ|заполн|при\s+наличии|перечисл|опис|не\s+более|кратко|обоснов|сформулир|впишите|"
    r"фио|ф\.\s*и\.\s*о|должность|дата|подпись|полностью|в\s+соответствии)[^()]*)\)",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"^\s*(?:[-–—•·▪●*]|\d{1,2}[.)]\s*\S+.*[;,.]$)")
_NUMBERED = re.compile(
    r"^\s*(?:раздел\s+)?(\d{1,2}(?:\.\d{1,2})+[.)]?|\d{1,2}[.)]|[IVX]{1,5}[.)])\s*(?=[A-Za-zА-Яа-яЁё«\"])",
    re.IGNORECASE,
)
_INLINE = re.compile(r"^\s*([^:\n]{2,90}?)\s*(?::|\s[–—-]\s)\s*(\S.*)$", re.DOTALL)
_TOC_LINE = re.compile(r"\S\s*(?:\t|\.{4,}|…{2,})\s*\d{1,3}\s*$")
_UNTICKED, _TICKED = "☐□○◯", "☒☑✓✔■●▣"
_ACADEMIC_YEAR = re.compile(r"\b(20\d\d)\s*[/\-–—]\s*(20\d\d|\d\d)\b(?:\s*(?:уч\w*|учебн\w*))?")
_MONTH_RANGE = re.compile(r"(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*\s+20\d\d"
                          r"[^0-9]{1,12}(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)"
                          r"\w*\s+20\d\d", re.IGNORECASE)
_ORG_WORDS = re.compile(r"\bшкол[аы]\b|\bгимнази[яи]\b|\bлице[йя]\b|детский сад|\bцентр\b|учрежден|№", re.IGNORECASE)
_ORG_NAME = re.compile(r"(?:Муниципальн\w+|Государственн\w+)\s+(?:[а-яё]+\s+){0,5}?(?:учреждени\w+|организаци\w+)"
                       r"[^«»]{0,80}«[^«»]+(?:«[^«»]+»[^«»]*)?»|\b(?:МБОУ|МАОУ|МКОУ|МБДОУ|МАДОУ|МБУ\s?ДО)\s*«[^»]+»")
_QUOTED = re.compile(r"«((?:[^«»]|«[^«»]*»){12,300})»|[\"„“]([^\"„“”]{12,300})[\"“”]")


@dataclass
class _Open:
    keys: list[str]
    strength: float


class _Spec:
    """Lookup tables of one form type, built once per forms file."""

    def __init__(self, form: FormDef):
        self.form = form
        # What the school writes wins a tie over what the registry knows («Руководитель:» is the project's).
        ordered = sorted(form.sections.values(), key=lambda s: s.registry is not None)
        names = [(n, s.key) for s in ordered for n in s.names]
        self.labels = lexicon.LabelMatcher(names)
        # Column headers of the school's own tables name sections too («Мероприятие», «Результат»).
        self.columns = {
            s.key: lexicon.LabelMatcher([(n, c.key) for c in s.columns for n in (c.label, *c.synonyms)])
            for s in form.sections.values()
            if s.kind == "table"
        }
        self.signature = next((s.key for s in form.sections.values() if s.kind == "signature"), None)
        self.skip = {_squash(t) for t in (*form.spec.instructions, form.title, form.subtitle, form.full_title)}
        self.skip |= {_squash(s.instruction) for s in form.sections.values() if s.instruction}
        self.skip |= {_squash(s.hint) for s in form.sections.values() if s.hint}
        self.skip |= {_squash(line) for line in form.annex.split("\n")}
        self.skip.discard("")


@lru_cache(maxsize=32)
def _spec(forms: Forms, form_type: str) -> _Spec:
    return _Spec(forms[form_type])


def _squash(text: str) -> str:
    return " ".join(lexicon.tokens(text))


# ---- document type ---------------------------------------------------------------------------


def _props(doc, forms: Forms) -> tuple[str | None, int | None]:
    custom = read_custom_properties(doc.part.package)
    ftype, version = custom.get("docflow-form"), custom.get("docflow-form-version")
    cp = doc.core_properties
    for text in (cp.keywords or "", cp.category or ""):
        if not ftype and (m := _MARKER.search(text)):
            ftype = m.group(1)
        if not version and (m := _VERSION.search(text)):
            version = m.group(1)
    if ftype not in forms:
        return None, None
    return ftype, int(version) if version and str(version).isdigit() else None


# ---- paragraphs ------------------------------------------------------------------------------


def _strength(p: Para, text: str) -> float:
    """How strongly a short paragraph looks like a heading (0: it does not)."""
    if len(text) > MAX_HEADING or len(text.split()) > 18:
        return 0.0
    if p.outline is not None:
        return 3.0 - 0.1 * min(p.outline, 5)
    m = _NUMBERED.match(text)
    if m:
        return 2.8 - 0.3 * m.group(1).rstrip(".)").count(".")
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 4 and all(c.isupper() for c in letters):
        return 2.6
    if p.numbered:
        return 2.4
    if p.bold:
        return 2.0
    if text.rstrip().endswith(":"):
        return 1.5
    if len(text.split()) <= 7 and not text.rstrip().endswith((".", ";", ",")):
        return 1.0
    return 0.0


def _is_list_item(text: str) -> bool:
    t = text.strip()
    if re.match(r"^\s*[-–—•·▪●*]", t) or t.endswith((";", ",")):
        return True
    letters = [c for c in t if c.isalpha()]
    if _LIST_ITEM.match(t) and not all(c.isupper() for c in letters):  # «3) ЦЕЛЬ.» is a heading
        return True
    words = lexicon.tokens(_NUMBERED.sub(lambda m: m.group(0)[-1], t, count=1))
    return bool(words) and lexicon._parse(words[0])[1] in ("INFN", "VERB")


def _instruction(p: Para, text: str, spec: _Spec) -> bool:
    """The form's own hints left in: italics, «Укажите…», «(заполняется…)», the committee's wording."""
    sq = _squash(text)
    if sq in spec.skip:
        return True
    words = lexicon.tokens(text)
    if not words:
        return False  # «13.02.2026», «—»: a value, not a hint
    if lexicon.is_imperative(words[0]) and len(text) < 400:
        return True
    t = text.strip()
    if t.startswith("(") and t.endswith(")") and len(words) <= 25 and not re.search(r"\b20\d\d\b", t):
        return True  # «(телефон, e-mail контактного лица)», «(подпись)»: the form's hint left in
    return p.italic and len(words) > 3 and any(lexicon.is_imperative(w) for w in words[:3])


def _clean(text: str) -> str:
    t = _HINT_PAREN.sub(" ", text or "")
    return clean_value(t)


def _meaningful(value: str) -> bool:
    if re.search(r"\d", value):
        return True
    t = " ".join(lexicon.tokens(value))
    return t not in _EMPTY and bool(re.search(r"[A-Za-zА-Яа-яЁё0-9]", value))


# ---- signature -------------------------------------------------------------------------------


class _Reader:
    def __init__(self, spec: _Spec, row: FormRow, directions: list[str]):
        self.spec, self.row, self.directions = spec, row, directions
        self.parts: dict[str, list[str]] = {}
        self.current: _Open | None = None
        self.orphan: Unmapped | None = None
        self.signatures: list[Signature] = []
        self.head_cells: list[str] = []  # the first tables' cells: a letterhead laid out as a table
        self.lone_dates: list[str] = []

    # what was found
    def found(self, key: str, where: str, label: str, value: str) -> None:
        value = _clean(value)
        self.row.trace.append({"key": key, "where": where, "label": label.strip()[:200], "text": value[:300]})
        if value and _meaningful(value):
            bucket = self.parts.setdefault(key, [])
            if value not in bucket:
                bucket.append(value)

    def add_text(self, text: str, where: str) -> None:
        if self.current:
            for key in self.current.keys:
                self.found(key, where, "", text)
        elif self.orphan is not None:
            self.orphan.value = (self.orphan.value + "\n" + text).strip()

    def open(self, matches: list[lexicon.Match], strength: float, where: str, label: str) -> None:
        keys = [m.key for m in matches]
        for key in keys:
            self.row.trace.append({"key": key, "where": where, "label": label.strip()[:200], "text": ""})
            self.parts.setdefault(key, [])
        self.current, self.orphan = _Open(keys, strength), None

    # paragraphs
    def paragraph(self, p: Para) -> None:
        text = p.text.strip()
        if not text or (not lexicon.tokens(text) and not DATE.search(text)):
            return
        if _instruction(p, text, self.spec):
            return
        sig = signature_line(text)
        if sig and self.spec.signature:
            self.signatures.append(sig)
            self.found(self.spec.signature, "строка подписи", "", sig.line)
            return
        if re.fullmatch(r"[МM]\.\s?[ПP]\.?", text):
            return  # the place for the seal
        if _TOC_LINE.search(p.text) or " ".join(lexicon.tokens(text)) in ("содержание", "оглавление"):
            return  # a table of contents: «3. Цель и задачи проекта⇥4»
        if text[0] in _UNTICKED:
            return  # an option of the form the school did not choose
        if text[0] in _TICKED:
            text = text[1:].strip()
        if BLANK_DATE.fullmatch(text.strip()):
            return  # «Дата «__» ________ 2026 г.»: the form's blank date line
        if LONE_DATE.fullmatch(text.strip()):
            self.lone_dates.append(text)
            return
        where = "текстовое поле" if p.where == "text box" else ("текст письма" if p.where == "letter body" else "")
        if self._inline(p, text, where):
            return
        if self.current and text.endswith(":") and (tail := self._tail_label(text)):
            self.open([tail], 1.2, where or "текст под заголовком", text)  # «…решить следующие задачи:»
            return
        strength = _strength(p, text)
        if strength and p.outline is None and not p.bold and _is_list_item(text):
            strength = 0.0  # «Разработать положение…», «– 60 жителей…;»: an item of a list, never a heading
        if strength:
            label = text.rstrip(" :.")
            if strength >= 1.5:
                matches = self.spec.labels.match_all(label, loose=strength >= 2.4)
            else:  # a plain short line: only a whole, close match is a heading
                matches = [m] if (m := self.spec.labels.match(label)) and m.score >= 0.9 else []
            if matches:
                self.open(matches, strength, where or "заголовок", text)
                inline = [m.key for m in matches if self._carries_value(m.key, text)]
                if inline:  # «за 2025/2026 учебный год»: the heading is the value itself
                    for key in inline:
                        self.found(key, where or "заголовок", text, text)
                    self.current = None
                return
            closes = strength >= 2.0 and not _is_list_item(text) and not p.numbered
            if closes and (self.current is None or strength >= self.current.strength - 0.05):
                self.current = None
                self.orphan = Unmapped(text, "", "section")
                self.row.unmapped.append(self.orphan)
                return
        self.add_text(text, where or "текст под заголовком")

    def _tail_label(self, text: str) -> lexicon.Match | None:
        """The section a sentence ending with a colon introduces by its last word («…следующие задачи:»)."""
        words = lexicon.tokens(text)
        if len(words) < 3:
            return None
        m = self.spec.labels.match(words[-1])
        if m and m.score >= 0.99 and self.current and m.key not in self.current.keys:
            return m
        return None

    def _carries_value(self, key: str, text: str) -> bool:
        kind = self.spec.form.sections[key].kind
        return kind in ("period", "academic_year", "date") and bool(_ACADEMIC_YEAR.search(text) or DATE.search(text))

    def _inline(self, p: Para, text: str, where: str) -> bool:
        """«Цель: …» or a bold/underlined lead followed by the text in the same paragraph."""
        label = value = ""
        if p.lead and len(p.lead) < 120 and len(p.lead) < len(text):
            label, value = p.lead, text[len(p.lead):] if text.startswith(p.lead) else text.replace(p.lead, "", 1)
        elif m := _INLINE.match(text):
            label, value = m.group(1), m.group(2)
        label = label.strip(" :–—-\t")
        value = value.strip(" :–—-\t")
        if not label or not value or len(label.split()) > 10:
            return False
        matches = self.spec.labels.match_all(label)
        if not matches:
            if p.lead and p.lead.rstrip().endswith(":") and len(label.split()) <= 6 and (
                self.current is None or self.current.strength <= 1.8
            ):
                # «Задачи на новый учебный год: …» in bold: a labelled item of its own, not text of the last one
                self.current, self.orphan = None, Unmapped(label, value, "section")
                self.row.unmapped.append(self.orphan)
                return True
            return False
        strength = 1.8 if p.lead else 1.2
        self.open(matches, strength, where or "метка в тексте", label)
        for m in matches:
            self.found(m.key, where or "метка в тексте", label, value)
        return True

    # tables
    def table(self, t: Table) -> None:
        rows = [_dedupe([c.strip() for c in r]) for r in t.rows]
        rows = [r for r in rows if any(r)]
        if not rows:
            return
        if self._grid(rows):
            return
        labelled = self._label_rows(rows, dry=True)
        columns = self._column_headers(rows[0]) if len(rows) >= 2 else []
        if labelled and labelled >= len(columns):
            self._label_rows(rows, dry=False)
        elif columns and len(columns) >= max(1, len(self.current.keys) if self.current else 1):
            for i, matches in columns:
                values = "\n".join(r[i] for r in rows[1:] if i < len(r) and r[i].strip())
                for m in matches:
                    self.found(m.key, "графа таблицы", rows[0][i], values)
            self.current = None
        else:
            text = "\n".join(" | ".join(c for c in r if c) for r in rows)
            self.add_text(text, "таблица под заголовком")

    def _grid(self, rows: list[list[str]]) -> bool:
        """A table of a table section (stages): its header names ≥ 2 of the section's columns."""
        for key, matcher in self.spec.columns.items():
            for h in range(min(2, len(rows))):
                mapping = {i: m.key for i, c in enumerate(rows[h]) if (m := matcher.match(c))}
                if len(set(mapping.values())) >= 2:
                    items = []
                    for r in rows[h + 1:]:
                        item = {k: _clean(r[i]) for i, k in mapping.items() if i < len(r)}
                        if any(_meaningful(v) for v in item.values()):
                            items.append(item)
                    self.row.tables.setdefault(key, []).extend(items)
                    text = "\n".join(" | ".join(v for v in it.values() if v) for it in items)
                    self.found(key, "таблица", " | ".join(rows[h]), text)
                    self.current = None
                    return True
        return False

    def _column_headers(self, header: list[str]) -> list[tuple[int, list[lexicon.Match]]]:
        out = []
        for i, cell in enumerate(header):
            if len(cell) <= 80 and (ms := self.spec.labels.match_all(cell)):
                out.append((i, ms))
        return out

    def _label_rows(self, rows: list[list[str]], *, dry: bool) -> int:
        hits = 0
        for cells in rows:
            cells = [c for c in cells]
            while cells and re.fullmatch(r"\s*(?:№|n|\d{1,2}(?:\.\d{1,2})*)[.)]?\s*", cells[0], re.IGNORECASE):
                cells = cells[1:]
            if not cells:
                continue
            if len(cells) == 1:
                if not dry:
                    self.paragraph(Para(cells[0], bold=True))
                continue
            sig = signature_line(" ".join(cells))
            if sig and self.spec.signature and (sig.signer or "___" in sig.line) and ROLE.match(cells[0]):
                if not dry:  # «Директор | ________ | В.Г. Сафонов»: a signature, not a label
                    self.signatures.append(sig)
                    self.found(self.spec.signature, "строка подписи в таблице", "", sig.line)
                hits += 1
                continue
            label = cells[0].split("\n")[0]
            matches = self.spec.labels.match_all(label.rstrip(" :")) if len(label) <= MAX_HEADING else []
            if not matches and sig and self.spec.signature:
                if not dry:
                    self.signatures.append(sig)
                    self.found(self.spec.signature, "строка подписи в таблице", "", sig.line)
                hits += 1
                continue
            if not matches:
                if not dry and any(cells[1:]):
                    self.row.unmapped.append(Unmapped(cells[0], " ".join(cells[1:]), "table"))
                continue
            hits += 1
            if dry:
                continue
            value = "\n".join(c for c in cells[1:] if c)
            extra = cells[0][len(label):].strip()
            value = (extra + "\n" + value).strip() if extra else value
            self.open(matches, 2.0, "ячейка таблицы", label)
            for m in matches:
                self.found(m.key, "ячейка таблицы", label, value)
                if self.spec.signature == m.key and (sig := signature_line(value or label)):
                    self.signatures.append(sig)
        if not dry:
            self.current = None
        return hits

    # after the walk
    def finish(self, paragraphs: list[str]) -> None:
        form, row = self.spec.form, self.row
        text_all = "\n".join(paragraphs)
        for key, values in self.parts.items():
            if values:
                row.fields[key] = "\n".join(values)
        for s in form.sections.values():  # the direction as the committee's list spells it
            if s.kind == "direction" and row.fields.get(s.key) and self.directions:
                from docflow.forms.frame import canonical_direction

                row.fields[s.key] = canonical_direction(row.fields[s.key], self.directions)
        for s in form.sections.values():
            if row.fields.get(s.key):
                continue
            fallback = self._fallback(s, paragraphs, text_all)
            if fallback:
                where, value = fallback
                self.found(s.key, where, "", value)
                if self.parts.get(s.key):
                    row.fields[s.key] = "\n".join(self.parts[s.key])
        sig = next((x for x in self.signatures if x.signer), self.signatures[0] if self.signatures else None)
        if sig:
            row.signer = sig.signer
            row.signed_on = next((x.date for x in self.signatures if x.date), "") or (
                DATE.search(self.lone_dates[-1]).group(0) if self.lone_dates else ""
            )
        if self.spec.signature and not (sig and (sig.signer or sig.date or row.signed_on)):
            row.fields.pop(self.spec.signature, None)  # a blank «Подпись ____» is not a signature
        row.unmapped = [u for u in row.unmapped if u.value or u.where != "section"]

    def _fallback(self, s, paragraphs: list[str], text_all: str) -> tuple[str, str] | None:
        """What the document says without a heading: contacts in a footer, the period in the title…"""
        head = paragraphs[:TITLE_ZONE]
        if s.kind == "contacts":
            found = EMAIL_IN_TEXT.findall(text_all) + PHONE_IN_TEXT.findall(text_all)
            return ("в тексте документа", ", ".join(dict.fromkeys(found))) if found else None
        if s.kind == "direction" and self.directions:
            for p in paragraphs:
                if p[:1] in _UNTICKED:
                    continue
                lem = set(lexicon.lemmas(p))
                for d in self.directions:
                    dl = set(lexicon.lemmas(d))
                    # «…по направлению «Инклюзивное образование»», or a line that is the direction itself
                    if dl and dl <= lem and ("направление" in lem or len(lem) <= len(dl) + 2):
                        return "в тексте документа", d
        title = paragraphs[:6]
        if s.kind == "period":
            for p in title:
                if m := (_ACADEMIC_YEAR.search(p) or _MONTH_RANGE.search(p)):
                    return "в заголовке", m.group(0)
        if s.key == "topic":
            for i, p in enumerate(head):  # «…реализацию инновационного проекта «…»», «по теме «…»»
                for m in _QUOTED.finditer(p):
                    before = p[max(0, m.start() - 40): m.start()]
                    quoted = m.group(1) or m.group(2)
                    if len(quoted.split()) >= 3 and re.search(r"(?:проект\w*|тем[аеуы])\s*$", before, re.I) \
                            and not _ORG_WORDS.search(quoted):
                        return "в тексте документа", quoted
                if i and re.fullmatch(r"(?:инновационный\s+)?проект|тема(?:\s+проекта)?", head[i - 1].strip(" :"),
                                      re.IGNORECASE) and len(p.split()) >= 3:
                    return "в заголовке", p
        if s.registry == "full_name":
            for p in head + self.head_cells:
                if m := _ORG_NAME.search(p):
                    return "в шапке документа", p if len(p) < 300 else m.group(0)
        return None


def _dedupe(cells: list[str]) -> list[str]:
    out: list[str] = []
    for c in cells:
        if not out or c != out[-1]:
            out.append(c)
    return out


# ---- entry points ----------------------------------------------------------------------------


def read_blocks(
    blocks: list[Para | Table],
    forms: Forms,
    *,
    directions: list[str] | None = None,
    submission_id: str | None = None,
    form_type: str | None = None,
    detected_by: str | None = None,
    version: int | None = None,
) -> FormRow:
    """Map blocks (a DOCX's or a letter's) onto the committee's sections of the document's type."""
    paragraphs = [b.text.strip() for b in blocks if isinstance(b, Para) and b.text.strip()]
    first_cells = [c for b in blocks[:6] if isinstance(b, Table) for r in b.rows[:3] for c in r if c.strip()]
    row = FormRow(form_type, version, submission_id=submission_id, detected_by=detected_by)
    foreign = False
    if not form_type:
        t, _score, _i = title_type(forms, paragraphs + first_cells)
        if t == FOREIGN:
            foreign = True
        elif t:
            row.form_type, row.detected_by = t, "title"
    if not row.form_type and not foreign:
        t = _by_sections(forms, blocks, directions or [])
        if t:
            row.form_type, row.detected_by = t, "headings"
            row.warnings.append("Заголовок документа не найден; вид документа определён по его разделам.")
    if not row.form_type:
        row.warnings.append("Вид документа не распознан.")
        return row
    reader = _Reader(_spec(forms, row.form_type), row, directions or [])
    reader.head_cells = first_cells
    for b in blocks:
        if isinstance(b, Table):
            reader.table(b)
        else:
            reader.paragraph(b)
    reader.finish(paragraphs)
    return row


def _by_sections(forms: Forms, blocks: list[Para | Table], directions: list[str]) -> str | None:
    """Without a title: the type whose required sections the document covers best (at least three)."""
    best, best_n = None, 0
    for f in forms:
        probe = FormRow(f.type, None)
        r = _Reader(_spec(forms, f.type), probe, directions)
        for b in blocks:
            r.table(b) if isinstance(b, Table) else r.paragraph(b)
        keys = {t["key"] for t in probe.trace if forms[f.type].sections[t["key"]].required}
        if len(keys) > best_n:
            best, best_n = f.type, len(keys)
    return best if best_n >= 3 else None


def read_form(
    data: bytes,
    forms: Forms,
    *,
    directions: list[str] | None = None,
    submission_id: str | None = None,
    form_type: str | None = None,
) -> FormRow:
    """Read a DOCX (already passed through open_safely) into a FormRow."""
    from docx import Document

    doc = Document(BytesIO(data))
    blocks = list(iter_blocks(doc.element.body, style_info(doc.styles.element)))
    marked, version = _props(doc, forms)
    given = form_type or marked
    return read_blocks(
        blocks,
        forms,
        directions=directions,
        submission_id=submission_id,
        form_type=given,
        detected_by=("given" if form_type else "properties") if given else None,
        version=version,
    )


def read_letter_text(
    text: str, forms: Forms, *, directions: list[str] | None = None, submission_id: str | None = None,
    form_type: str | None = None,
) -> FormRow:
    """A form typed into the letter itself: one paragraph per line, quoted replies left out."""
    lines = [ln for ln in (text or "").splitlines() if not ln.lstrip().startswith(">")]
    blocks: list[Para | Table] = [Para(ln, where="letter body") for ln in lines]
    row = read_blocks(blocks, forms, directions=directions, submission_id=submission_id, form_type=form_type,
                      detected_by="given" if form_type else None)
    if row.form_type:
        row.warnings.append("Документ набран в тексте письма.")
    return row


def read_submission(
    data: bytes,
    filename: str = "",
    *,
    forms: Forms,
    directions: list[str] | None = None,
    submission_id: str | None = None,
    form_type: str | None = None,
    convert: bool = True,
) -> FormRow | Refusal | NeedsPerson:
    """open_safely + read_form: what the validation step calls for each attachment."""
    opened = open_safely(data, filename, convert=convert)
    if not isinstance(opened, Opened):
        return opened
    try:
        row = read_form(opened.data, forms, directions=directions, submission_id=submission_id,
                        form_type=form_type)
    except Exception:  # a structurally broken package: python-docx / lxml / zipfile errors
        return Refusal("corrupted", MESSAGES["corrupted"], opened.detected_type)
    if opened.converted_from:
        row.warnings.append(f"Файл преобразован в DOCX из формата {opened.converted_from.upper()}.")
    return row
