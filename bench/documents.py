"""Benchmark document generation; prints one JSON object.

    python bench/documents.py --documents 200 [--template order_site_status.docx]
        [--pdf-batch 20] [--pdf-single 3]

- render(): documents/sec through docflow's render() (context check, escaping, normalised ZIP)
  vs the floor of bare docxtpl rendering (DocxTemplate → render → save) of the same template and
  context in the same run; ratio = render / floor.
- PDF: seconds per document when many documents share one LibreOffice start vs one start per
  document (small N for the latter).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docxtpl import DocxTemplate

from docflow.documents import TEMPLATES_DIR
from docflow.documents.contexts import sample_context
from docflow.documents.jinja import make_env
from docflow.documents.pdf import docx_to_pdf, docx_to_pdf_many, find_soffice
from docflow.documents.render import context_dict, render


def bare(path: Path, ctx: dict) -> bytes:
    tpl = DocxTemplate(str(path))
    tpl.render(ctx, jinja_env=make_env())
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()


def rate(fn, n: int) -> float:
    started = time.perf_counter()
    for _ in range(n):
        fn()
    return n / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--template", default="order_site_status.docx")
    parser.add_argument("--pdf-batch", type=int, default=20)
    parser.add_argument("--pdf-single", type=int, default=3)
    args = parser.parse_args()

    path = TEMPLATES_DIR / args.template
    ctx = sample_context(args.template)
    plain = context_dict(ctx)
    if "chart" in plain:  # the bare floor has no Image → InlineImage adapter
        plain["chart"] = None
        ctx.chart = None
    render(path, ctx), bare(path, plain)  # warm up caches and imports
    floor = rate(lambda: bare(path, plain), args.documents)
    ours = rate(lambda: render(path, ctx), args.documents)
    floor2 = rate(lambda: bare(path, plain), args.documents)  # bracket ours to damp drift
    floor = (floor + floor2) / 2
    result = {
        "template": args.template,
        "documents": args.documents,
        "render_docs_per_sec": round(ours, 1),
        "docxtpl_floor_docs_per_sec": round(floor, 1),
        "ratio": round(ours / floor, 3),
    }
    if find_soffice() and args.pdf_batch > 0:
        doc = render(path, ctx)
        started = time.perf_counter()
        batch = docx_to_pdf_many([doc] * args.pdf_batch)
        batched = (time.perf_counter() - started) / args.pdf_batch
        started = time.perf_counter()
        singles = [docx_to_pdf(doc) for _ in range(args.pdf_single)]
        single = (time.perf_counter() - started) / max(args.pdf_single, 1)
        result.update(
            {
                "pdf_batch_documents": args.pdf_batch,
                "pdf_batched_sec_per_doc": round(batched, 3),
                "pdf_single_start_documents": args.pdf_single,
                "pdf_single_start_sec_per_doc": round(single, 3),
                "pdf_batch_speedup": round(single / batched, 2),
                "pdf_all_ok": all(r.ok for r in batch + singles),
            }
        )
    else:
        result["pdf"] = "skipped: --pdf-batch 0" if args.pdf_batch <= 0 else "skipped: LibreOffice not found"
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
