"""Accuracy of reading school documents by content, over the hand-written corpus (tests/corpus/schools).

    python bench/forms_accuracy.py [--forms include/forms/municipal.yaml] [--details]

Prints JSON: per-section precision and recall of «found» and of «missing», documents whose type was
read right, complete documents told they are incomplete, seconds per document. The expectations
were written by hand from each document's text; nothing here is derived from docflow's reader.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def evaluate(forms_path: str | None = None, details: bool = False, corpus: str = "schools") -> dict:
    from importlib import import_module

    from docflow.config import load_settings
    from docflow.forms.model import FormRow
    from docflow.forms.reader import read_submission
    from docflow.forms.spec import load_forms

    DOCUMENTS = import_module(f"tests.corpus.{corpus}.documents").DOCUMENTS

    settings = load_settings()
    forms = load_forms(forms_path or settings.forms_path)
    directions = list(settings.site.directions)
    counts = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0, "tn": 0})
    wrong_type, false_incomplete, errors = [], [], []
    seconds = 0.0
    for exp, build in DOCUMENTS:
        data = build()
        t = time.perf_counter()
        row = read_submission(data, f"{exp.name}.docx", forms=forms, directions=directions, convert=False)
        seconds += time.perf_counter() - t
        got_type = row.form_type if isinstance(row, FormRow) else None
        if got_type != exp.type:
            wrong_type.append({"doc": exp.name, "expected": exp.type, "got": got_type})
            continue
        if exp.type is None:
            continue
        found = {k for k, v in row.fields.items() if v} | {k for k, v in row.tables.items() if v}
        for key in exp.present | exp.missing:
            said = key in found
            real = key in exp.present
            c = counts[key]
            c["tp" if said and real else "fp" if said else "fn" if real else "tn"] += 1
            if said != real:
                errors.append({"doc": exp.name, "section": key, "expected": "present" if real else "missing",
                               "got": "present" if said else "missing"})
        required = {k for k, s in forms[exp.type].sections.items() if s.required}
        if not (exp.missing & required) and (required - found):
            false_incomplete.append({"doc": exp.name, "missing_said": sorted(required - found)})
    total = {k: sum(c[k] for c in counts.values()) for k in ("tp", "fp", "fn", "tn")}

    def ratio(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    per_section = {
        key: {"found_precision": ratio(c["tp"], c["tp"] + c["fp"]), "found_recall": ratio(c["tp"], c["tp"] + c["fn"]),
              "missing_precision": ratio(c["tn"], c["tn"] + c["fn"]),
              "missing_recall": ratio(c["tn"], c["tn"] + c["fp"]), **c}
        for key, c in sorted(counts.items())
    }
    out = {
        "documents": len(DOCUMENTS),
        "layouts": len({e.layout for e, _ in DOCUMENTS}),
        "type_correct": len(DOCUMENTS) - len(wrong_type),
        "found_precision": ratio(total["tp"], total["tp"] + total["fp"]),
        "found_recall": ratio(total["tp"], total["tp"] + total["fn"]),
        "missing_precision": ratio(total["tn"], total["tn"] + total["fn"]),
        "missing_recall": ratio(total["tn"], total["tn"] + total["fp"]),
        "complete_told_incomplete": len(false_incomplete),
        "seconds_per_document": round(seconds / len(DOCUMENTS), 4),
        "per_section": per_section,
        "wrong_type": wrong_type,
        "false_incomplete": false_incomplete,
    }
    if details:
        out["errors"] = errors
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--forms", help="forms file (default: the settings' one)")
    ap.add_argument("--details", action="store_true", help="list every wrong section")
    ap.add_argument("--corpus", default="schools", choices=["schools", "heldout"],
                    help="schools: the corpus the reader was developed on; heldout: written blind, never tuned on")
    args = ap.parse_args(argv)
    print(json.dumps(evaluate(args.forms, args.details, args.corpus), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
