"""Flatten FormRows of one form type into a pandas DataFrame the suites check.

Raw field values are columns named by field key (None when empty). Derived columns carry what a
check needs: ``<key>__fmt`` ("ok" / "bad" / None) for typed fields, parsed values, counts over
tables, and ``__detail`` strings used only in the messages.
"""

from __future__ import annotations

from datetime import date
from difflib import get_close_matches

from docflow.forms.definitions import (
    ACADEMIC_YEAR,
    DATE,
    DIRECTION,
    EMAIL,
    PHONE,
    TABLE,
    YEAR,
    FormDef,
)
from docflow.forms.model import FormRow, ValidationContext
from docflow.forms.normalize import (
    first_email,
    norm,
    parse_academic_year,
    parse_date,
    parse_range,
    parse_year,
    phone_digits,
    same_school,
)

ID = "submission_id"


def fmt_date(d: date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else ""


def canonical_direction(value: str, allowed: list[str]) -> str:
    """The allowed direction the school meant (case, quotes, small typos forgiven), else the text."""
    by_norm = {norm(a): a for a in allowed}
    n = norm(value)
    if n in by_norm:
        return by_norm[n]
    close = get_close_matches(n, by_norm.keys(), n=1, cutoff=0.85)
    return by_norm[close[0]] if close else value


def _stages(items: list[dict[str, str]], start: date | None, end: date | None) -> dict[str, object]:
    bad, outside = [], []
    for i, item in enumerate(items, start=1):
        name = item.get("stage") or f"строка {i}"
        s, e = parse_date(item.get("start", "")), parse_date(item.get("end", ""), end=True)
        if not (item.get("start") or item.get("end")) and item.get("term"):
            s, e = parse_range(item["term"])
        if not s or not e or e < s:
            bad.append(f"«{name}»")
        elif start and end and (s < start or e > end):
            outside.append(f"«{name}» ({fmt_date(s)}–{fmt_date(e)})")
    return {
        "calendar_plan__bad_dates": len(bad) if items else None,
        "calendar_plan__bad_dates_detail": ", ".join(bad),
        "calendar_plan__outside": len(outside) if items and start and end else None,
        "calendar_plan__outside_detail": ", ".join(outside),
    }


def flatten(form: FormDef, rows: list[FormRow], ctx: ValidationContext):
    import pandas as pd

    records = []
    for row in rows:
        rec: dict[str, object] = {ID: row.submission_id}
        for key, fdef in form.fields.items():
            if fdef.kind == TABLE:
                items = row.tables.get(key, [])
                rec[f"{key}__rows"] = len(items) or None
                continue
            raw = (row.fields.get(key) or "").strip()
            rec[key] = raw or None
            if fdef.kind == DATE:
                d = parse_date(raw, end=key == "end_date") if raw else None
                rec[f"{key}__fmt"] = None if not raw else ("ok" if d else "bad")
                rec[f"{key}__dt"] = pd.Timestamp(d) if d else pd.NaT
            elif fdef.kind == YEAR:
                rec[f"{key}__fmt"] = None if not raw else ("ok" if parse_year(raw) else "bad")
            elif fdef.kind == EMAIL:
                rec[f"{key}__email"] = first_email(raw)
            elif fdef.kind == PHONE:
                rec[f"{key}__digits"] = phone_digits(raw)
            elif fdef.kind == ACADEMIC_YEAR:
                ay = parse_academic_year(raw) if raw else None
                rec[f"{key}__fmt"] = None if not raw else ("ok" if ay else "bad")
                rec[f"{key}__ay"] = ay
            elif fdef.kind == DIRECTION:
                rec[f"{key}__dir"] = canonical_direction(raw, ctx.directions) if raw else None
        if "calendar_plan" in form.fields:
            start = parse_date(row.fields.get("start_date", ""))
            end = parse_date(row.fields.get("end_date", ""), end=True)
            if start and end and end <= start:
                start = end = None  # the term itself is reported; stages cannot be judged against it
            rec.update(_stages(row.tables.get("calendar_plan", []), start, end))
        if "dissemination" in form.fields:
            items = row.tables.get("dissemination", [])
            bad = [f"«{i.get('event') or '—'}»" for i in items if i.get("date") and not parse_date(i["date"])]
            rec["dissemination__bad_dates"] = len(bad) if items else None
            rec["dissemination__bad_dates_detail"] = ", ".join(bad)
        ref = ctx.schools.get(row.submission_id or "")
        given = [row.fields.get("org_full_name", ""), row.fields.get("org_short_name", "")]
        if ref and any(g.strip() for g in given):
            rec["school__match"] = "yes" if same_school(given, [ref.full_name, ref.short_name]) else "no"
            rec["school__registry"] = ref.full_name
        else:
            rec["school__match"], rec["school__registry"] = None, ref.full_name if ref else ""
        records.append(rec)
    df = pd.DataFrame.from_records(records)
    for col in df.columns:
        if col.endswith("__dt"):
            df[col] = pd.to_datetime(df[col])
    return df
