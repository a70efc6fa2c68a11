"""Write the corpus out so people can open it: python -m tests.corpus.schools.dump OUTDIR"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.corpus.schools.documents import DOCUMENTS, build
from tests.corpus.schools.letters import LETTERS, letter_bytes


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tests.corpus.schools.dump OUTDIR", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    for e, _ in DOCUMENTS:
        (out / f"{e.name}.docx").write_bytes(build(e.name))
    for letter, _ in LETTERS:
        (out / f"{letter.name}.eml").write_bytes(letter_bytes(letter.name))
    print(f"{len(DOCUMENTS)} documents and {len(LETTERS)} letters written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
