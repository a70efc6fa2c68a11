"""Generated documents: DOCX templates (docxtpl), plain-text read-back, PDF via LibreOffice.

Nothing heavy is imported here; import the submodules you need.
"""

import os
from pathlib import Path

TEMPLATES_DIR = Path(
    os.environ.get("DOCFLOW_TEMPLATES_DIR") or Path(__file__).resolve().parents[2] / "include" / "templates"
)
