"""Benchmark: read + validate N filled forms as one batch; prints one JSON object.

    python bench/validation.py --forms 1000

Compares the docflow reader with a bare python-docx floor (Document(BytesIO) + iterate paragraphs
and table cells) over the same documents in the same run, and reports the Great Expectations
start-up cost (import, context and suites) apart from the validation itself.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def make_documents(distinct: int) -> list[bytes]:
    """Distinct school documents: the hand-written corpus (every layout), cycled."""
    from tests.corpus.schools.documents import DOCUMENTS

    docs = [build() for exp, build in DOCUMENTS if exp.type]
    return docs[:distinct]


def floor(docs: list[bytes], *, iterate: bool = True) -> float:
    from docx import Document

    t = time.perf_counter()
    for data in docs:
        d = Document(BytesIO(data))
        if not iterate:
            continue
        for p in d.paragraphs:
            _ = p.text
        for table in d.tables:
            for row in table.rows:
                for cell in row.cells:
                    _ = cell.text
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="read + validate N forms as one batch")
    ap.add_argument("--forms", type=int, default=1000)
    ap.add_argument("--distinct", type=int, default=100, help="distinct corpus documents cycled to N")
    args = ap.parse_args(argv)
    os.environ["GX_ANALYTICS_ENABLED"] = "False"

    from docflow.config import load_settings
    from docflow.forms.model import FormRow, SchoolRef, ValidationContext
    from docflow.forms.reader import read_submission
    from docflow.forms.spec import forms_of

    settings = load_settings()
    forms = forms_of(settings)
    directions = list(settings.site.directions)

    distinct = make_documents(min(args.distinct, args.forms))
    docs = [distinct[i % len(distinct)] for i in range(args.forms)]

    floor_s = floor(docs)
    open_only_s = floor(docs, iterate=False)

    t = time.perf_counter()
    rows = []
    for i, data in enumerate(docs):
        row = read_submission(data, "form.docx", forms=forms, directions=directions, submission_id=f"S{i}")
        assert isinstance(row, FormRow), row
        rows.append(row)
    read_s = time.perf_counter() - t

    t = time.perf_counter()
    import great_expectations  # noqa: F401

    gx_import_s = time.perf_counter() - t
    from docflow.forms.validate import GxRunner, is_complete, validate_batch

    schools = {row.submission_id: SchoolRef(row.fields.get("org_name", "")) for row in rows}
    ctx = ValidationContext(directions, "2025/2026", schools)
    t = time.perf_counter()
    runner = GxRunner(ctx, forms)
    gx_startup_s = time.perf_counter() - t

    t = time.perf_counter()
    findings = validate_batch(rows, ctx, forms, runner)
    validate_s = time.perf_counter() - t

    total_s = read_s + gx_import_s + gx_startup_s + validate_s
    print(
        json.dumps(
            {
                "forms": args.forms,
                "distinct_documents": len(distinct),
                "floor_python_docx_s": round(floor_s, 3),
                "floor_forms_per_s": round(args.forms / floor_s, 1),
                "floor_open_only_s": round(open_only_s, 3),
        "read_s": round(read_s, 3),
                "read_forms_per_s": round(args.forms / read_s, 1),
                "read_vs_floor_ratio": round(read_s / floor_s, 2),
                "gx_import_s": round(gx_import_s, 3),
                "gx_startup_s": round(gx_startup_s, 3),
                "validate_batch_s": round(validate_s, 3),
                "validate_forms_per_s": round(args.forms / validate_s, 1),
                "read_plus_validate_forms_per_s": round(args.forms / (read_s + validate_s), 1),
                "total_s_including_gx_startup": round(total_s, 3),
                "incomplete": sum(not is_complete(f) for f in findings.values()),
                "target_1000_under_60s": bool(args.forms < 1000 or total_s < 60),
                "python": platform.python_version(),
            },
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
