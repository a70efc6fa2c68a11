"""One Great Expectations suite per form type, kept as code and reviewed like code.

Each module exposes ``FORM`` (its definition) and ``expectations(ctx) -> list`` of GX expectations.
Modules import GX only inside ``expectations`` (via common), so importing this package is cheap.
"""

from __future__ import annotations

from importlib import import_module

SUITES = ("application", "interim_report", "final_report", "corrected_programme")


def suite_module(form_type: str):
    if form_type not in SUITES:
        raise KeyError(form_type)
    return import_module(f"docflow.forms.suites.{form_type}")
