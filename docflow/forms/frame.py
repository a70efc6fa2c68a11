"""Flatten FormRows of one document type into a pandas DataFrame the generated suite checks.

A column per section (its text, None when missing); derived columns carry what a check needs:
``<key>__fmt`` for dates, ``__email`` / ``__digits`` / ``__contact`` for contacts, ``__dir`` for
the direction, ``__ay`` for a period's academic year, ``__signed`` for a signature's date,
``__rows_without_<column>`` for tables, ``__match`` for what the registry knows.
"""

from __future__ import annotations

from docflow.forms import lexicon
from docflow.forms.model import FormRow, ValidationContext
from docflow.forms.normalize import (
    EMAIL_IN_TEXT,
    PHONE_IN_TEXT,
    first_email,
    norm,
    parse_academic_year,
    parse_date,
    phone_digits,
    same_school,
)
from docflow.forms.spec import FormDef

ID = "submission_id"


def canonical_direction(value: str, allowed: list[str]) -> str:
    """The allowed direction the school meant (wording, case, quotes forgiven), else the text."""
    by_norm = {norm(a): a for a in allowed}
    if norm(value) in by_norm:
        return by_norm[norm(value)]
    have = set(lexicon.lemmas(value))
    scored = []
    for a in allowed:
        want = set(lexicon.lemmas(a))
        core = {w for w in want if lexicon.weight(w) == 1.0} or want
        if core and len(core & have) / len(core) >= 0.75:
            scored.append((len(core & have) / len(core), len(core), a))
    return max(scored)[2] if scored else value


def academic_year_in(text: str) -> str | None:
    """«2025/2026», «2025-2026 учебный год», «сентябрь 2025 – май 2026» → «2025/2026»."""
    import re

    for m in re.finditer(r"(20\d\d)\s*(?:[/\-–—]|\s)\s*(20\d\d|\d\d)\b", text or ""):
        ay = parse_academic_year(f"{m.group(1)}/{m.group(2)}")
        if ay:
            return ay
    years = sorted({int(y) for y in re.findall(r"\b(20\d\d)\b", text or "")})
    if len(years) == 2 and years[1] == years[0] + 1:
        return f"{years[0]}/{years[1]}"
    return None


def _names(full_name: str) -> set[str]:
    """Surname and first name of «Орлова Наталья Петровна» (patronymics are shared too widely to tell)."""
    return {w for w in lexicon.tokens(full_name) if len(w) > 2 and not w.endswith(("вич", "вна", "чна", "ична"))}


def flatten(form: FormDef, rows: list[FormRow], ctx: ValidationContext):
    import pandas as pd

    records = []
    for row in rows:
        rec: dict[str, object] = {ID: row.submission_id}
        for key, s in form.sections.items():
            raw = (row.fields.get(key) or "").strip()
            items = row.tables.get(key, [])
            rec[key] = raw or (f"{len(items)} строк" if items else None)
            if s.registry == "director" and not raw:
                rec[key] = row.signer or None  # the name on the signature line stands for the director
            if s.kind == "date":
                rec[f"{key}__fmt"] = None if not raw else ("ok" if parse_date(raw) else "bad")
            elif s.kind == "email":
                rec[f"{key}__email"] = first_email(raw) if raw else None
            elif s.kind == "phone":
                rec[f"{key}__digits"] = phone_digits(raw) if raw else None
            elif s.kind == "contacts":
                has = EMAIL_IN_TEXT.search(raw) or PHONE_IN_TEXT.search(raw)
                rec[f"{key}__contact"] = None if not raw else ("ok" if has else "no")
            elif s.kind == "direction":
                rec[f"{key}__dir"] = canonical_direction(raw, ctx.directions) if raw else None
            elif s.kind in ("period", "academic_year"):
                rec[f"{key}__ay"] = academic_year_in(raw) if raw else None
            elif s.kind == "signature":
                rec[f"{key}__signed"] = None if not raw else ("ok" if row.signed_on else "no")
            for c in s.columns:
                if c.required:
                    rec[f"{key}__rows_without_{c.key}"] = (
                        sum(not (it.get(c.key) or "").strip() for it in items) if items else None
                    )
            if s.registry:
                rec[f"{key}__match"] = _registry_match(s.registry, raw, row, ctx)
        records.append(rec)
    return pd.DataFrame.from_records(records)


def _registry_match(fact: str, raw: str, row: FormRow, ctx: ValidationContext) -> str | None:
    """"yes" / "no" against the sender's registry entry; None when either side says nothing."""
    ref = ctx.schools.get(row.submission_id or "")
    if ref is None:
        return None
    if fact in ("full_name", "short_name"):
        if not raw or not (ref.full_name or ref.short_name):
            return None
        return "yes" if same_school([raw], [ref.full_name, ref.short_name]) else "no"
    given = raw or row.signer
    if not given or not ref.director:
        return None
    return "yes" if _names(ref.director) & set(lexicon.tokens(given)) else "no"


def registry_value(fact: str, ctx: ValidationContext, submission_id: str) -> str:
    ref = ctx.schools.get(submission_id)
    return getattr(ref, fact, "") if ref else ""
