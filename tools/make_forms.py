"""Generate the blank forms (DOCX) from the committee's forms file named in the settings.

    python tools/make_forms.py [--settings committee.yaml] [--forms FILE.yaml] [--out DIR]

Without --out the blanks go to include/forms/<forms file name>/<type>.docx; the directions
printed on the application come from site.directions of the settings.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docflow.config import load_settings
from docflow.forms.blank import blank_bytes
from docflow.forms.spec import load_forms


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--settings", help="committee settings YAML (default: DOCFLOW_SETTINGS or the example)")
    ap.add_argument("--forms", help="forms file (default: the one the settings name)")
    ap.add_argument("--out")
    args = ap.parse_args(argv)
    settings = load_settings(args.settings)
    path = Path(args.forms) if args.forms else settings.forms_path
    forms = load_forms(path)
    out = Path(args.out) if args.out else path.parent / path.stem
    out.mkdir(parents=True, exist_ok=True)
    for form in forms:
        target = out / f"{form.type}.docx"
        target.write_bytes(blank_bytes(form, settings.site.directions))
        print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
