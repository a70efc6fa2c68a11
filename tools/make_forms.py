"""Generate the blank forms in include/forms/ from docflow.forms.definitions.

    python tools/make_forms.py [--out include/forms] [--settings committee.yaml | --directions FILE]

The list of directions printed on the forms comes from site.directions of the committee settings
(YAML) or from a text file with one direction per line; without either, the default list is used.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docflow.forms.blank import blank_bytes
from docflow.forms.definitions import DEFAULT_DIRECTIONS, FORMS


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "include" / "forms"))
    ap.add_argument("--settings", help="committee settings YAML (site.directions)")
    ap.add_argument("--directions", help="text file, one direction per line")
    args = ap.parse_args(argv)
    directions = DEFAULT_DIRECTIONS
    if args.settings:
        import yaml

        settings = yaml.safe_load(Path(args.settings).read_text(encoding="utf-8"))
        directions = tuple(settings["site"]["directions"])
    if args.directions:
        lines = Path(args.directions).read_text(encoding="utf-8").splitlines()
        directions = tuple(ln.strip() for ln in lines if ln.strip())
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for form in FORMS.values():
        path = out / f"{form.type}.docx"
        path.write_bytes(blank_bytes(form, directions))
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
