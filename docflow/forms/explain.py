"""How a document was read, section by section: for staff, in the CLI and on the submission's page.

For each section of the committee's form: where it was found (heading, table cell, inline label,
letter text…), the heading as the school wrote it, the text taken, and the verdict of the checks.
Staff use it to add a synonym when a school's wording was missed, then re-check the submission.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from docflow.forms.model import Finding, FormRow
from docflow.forms.spec import Forms

VERDICT_OK = "заполнено"
VERDICT_MISSING = "не найдено"


@dataclass
class SectionView:
    key: str
    label: str
    need: str  # «обязательный» | «рекомендуемый» | «из реестра»
    found: bool
    where: str
    heading: str  # the school's own wording of the heading or label
    text: str
    verdict: str
    severity: str  # "" when fine, else the worst finding's severity

    def to_dict(self) -> dict:
        return asdict(self)


_WORST = {"error": 3, "warning": 2, "staff": 1}


def explain(row: FormRow, forms: Forms, findings: list[Finding] | None = None) -> list[SectionView]:
    form = forms.get(row.form_type)
    if form is None:
        return []
    by_key: dict[str, list[Finding]] = {}
    for f in findings or []:
        by_key.setdefault(f.field, []).append(f)
    out = []
    for key, s in form.sections.items():
        traces = [t for t in row.trace if t["key"] == key]
        where = next((t["where"] for t in traces if t["where"]), "")
        heading = next((t["label"] for t in traces if t["label"]), "")
        text = row.fields.get(key, "")
        if not text and row.tables.get(key):
            text = "\n".join(" | ".join(v for v in it.values() if v) for it in row.tables[key])
        own = sorted(by_key.get(key, []), key=lambda f: -_WORST.get(f.severity, 0))
        if own:
            verdict = "; ".join(f"{f.problem}" for f in own)
            severity = own[0].severity
        else:
            verdict = VERDICT_OK if text else (VERDICT_MISSING if not s.registry else "сведения берутся из реестра")
            severity = ""
        need = "из реестра" if s.registry else ("обязательный" if s.required else "рекомендуемый")
        out.append(SectionView(key, s.label, need, bool(text), where, heading, text[:500], verdict, severity))
    return out


def render_text(row: FormRow, views: list[SectionView], forms: Forms) -> str:
    """A plain-text report for the terminal."""
    lines = [f"Документ: {forms.name_ru(row.form_type) if row.form_type else 'вид не распознан'}"
             + (f" (определён по: {_BY.get(row.detected_by or '', row.detected_by)})" if row.form_type else "")]
    if row.source:
        lines.append(f"Источник: {row.source}")
    if row.signer or row.signed_on:
        lines.append(f"Подпись: {row.signer or '—'}; дата: {row.signed_on or '—'}")
    for w in row.warnings:
        lines.append(f"Примечание: {w}")
    lines.append("")
    for v in views:
        mark = "✓" if v.found and not v.severity else ("·" if v.need == "из реестра" or (v.severity != "error"
                                                       and v.found) else "!")
        lines.append(f"{mark} {v.label} [{v.need}] — {v.verdict}")
        if v.where:
            lines.append(f"    где найдено: {v.where}" + (f" («{v.heading}»)" if v.heading else ""))
        if v.text:
            excerpt = " ".join(v.text.split())
            lines.append(f"    текст: {excerpt[:160]}{'…' if len(excerpt) > 160 else ''}")
    unplaced = [u for u in row.unmapped if u.value]
    if unplaced:
        lines += ["", "Не сопоставлено ни с одним разделом (можно добавить синоним в файл форм):"]
        lines += [f"  «{u.label[:100]}»: {' '.join(u.value.split())[:100]}" for u in unplaced[:20]]
    return "\n".join(lines)


_BY = {"properties": "служебным свойствам бланка", "title": "заголовку", "headings": "разделам",
       "given": "указанию специалиста"}
