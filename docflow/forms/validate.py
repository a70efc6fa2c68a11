"""Completeness and validity of submitted forms with Great Expectations.

All pending submissions are validated in one run: one ephemeral GX context, one suite per form
type, one batch (DataFrame, one row per submission) per form type present. GX is imported here
only inside functions, with its analytics off.
"""

from __future__ import annotations

import logging
import os
from collections import defaultdict

from docflow.forms.definitions import FORM_NAMES_RU, FORMS
from docflow.forms.frame import ID, flatten
from docflow.forms.model import Finding, FormRow, ValidationContext

RESULT_FORMAT = {
    "result_format": "COMPLETE",
    "unexpected_index_column_names": [ID],
    "return_unexpected_index_query": False,
}
UNKNOWN_FORM = Finding(
    "form",
    "Форма документа",
    "документ не соответствует ни одной из утверждённых форм",
    "Заполните форму заявки или отчёта, размещённую на сайте управления образования, "
    "не изменяя названия граф и заголовки разделов, и направьте её в формате DOCX.",
)


def _import_gx():
    os.environ["GX_ANALYTICS_ENABLED"] = "False"
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    import great_expectations as gx

    return gx


class GxRunner:
    """An ephemeral GX context with the suites of all form types; build once per run."""

    def __init__(self, ctx: ValidationContext, form_types: list[str] | None = None):
        from docflow.forms.suites import SUITES, suite_module

        gx = _import_gx()
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self.ctx = ctx
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        asset = self.context.data_sources.add_pandas("docflow_forms").add_dataframe_asset("submissions")
        batch = asset.add_batch_definition_whole_dataframe("pending")
        self.definitions = {}
        for form_type in form_types or SUITES:
            suite = gx.ExpectationSuite(name=f"docflow_{form_type}")
            for expectation in suite_module(form_type).expectations(ctx):
                suite.add_expectation(expectation)
            suite = self.context.suites.add(suite)
            self.definitions[form_type] = self.context.validation_definitions.add(
                gx.ValidationDefinition(name=f"validate_{form_type}", data=batch, suite=suite)
            )

    def run(self, form_type: str, df) -> list[tuple[dict, list[str]]]:
        """(expectation meta, failing submission ids) for each failed expectation."""
        result = self.definitions[form_type].run(
            batch_parameters={"dataframe": df}, result_format=RESULT_FORMAT
        )
        failed = []
        for res in result.results:
            if res.success:
                continue
            if res.exception_info and res.exception_info.get("raised_exception"):
                raise RuntimeError(f"GX expectation failed to run: {res.exception_info}")
            ids = [item[ID] for item in res.result.get("unexpected_index_list") or []]
            failed.append((dict(res.expectation_config.meta or {}), ids))
        return failed


def _finding(meta: dict, row: dict, ctx: ValidationContext) -> Finding:
    values = {k: ("" if v is None or v != v else v) for k, v in row.items()}  # NaN/NaT → ""
    for k, v in values.items():
        if hasattr(v, "strftime"):
            values[k] = v.strftime("%d.%m.%Y")
    values["value"] = values.get(meta.get("value_column", ""), "")
    values["expected_year"] = ctx.academic_year or ""
    values["directions"] = "; ".join(f"«{d}»" for d in ctx.directions)
    return Finding(
        meta["field"],
        meta["label"],
        meta["problem"].format_map(values),
        meta["fix"].format_map(values),
        meta.get("severity", "error"),
    )


def validate_batch(
    rows: list[FormRow], ctx: ValidationContext, runner: GxRunner | None = None
) -> dict[str, list[Finding]]:
    """Findings per submission id (an empty list: complete). Rows without an id get «row-N»."""
    findings: dict[str, list[Finding]] = {}
    by_type: dict[str, list[FormRow]] = defaultdict(list)
    for i, row in enumerate(rows):
        if not row.submission_id:
            row.submission_id = f"row-{i}"
        findings[row.submission_id] = []
        if row.form_type in FORMS:
            by_type[row.form_type].append(row)
        else:
            findings[row.submission_id].append(UNKNOWN_FORM)
    if not by_type:
        return findings
    runner = runner or GxRunner(ctx, sorted(by_type))
    for form_type, group in by_type.items():
        form = FORMS[form_type]
        df = flatten(form, group, ctx)
        records = df.set_index(ID, drop=False).to_dict("index")
        order = {key: n for n, key in enumerate(form.fields)}
        for meta, ids in runner.run(form_type, df):
            for sid in ids:
                findings[sid].append(_finding(meta, records[sid], ctx))
        for row in group:
            findings[row.submission_id].sort(
                key=lambda f: (order.get(f.field, len(order)), f.severity != "error")
            )
    return findings


def is_complete(findings: list[Finding]) -> bool:
    return not any(f.severity == "error" for f in findings)


def render_findings_ru(findings: list[Finding]) -> str:
    """The list a school receives: numbered, each with the printed label, the problem and the fix."""
    errors = [f for f in findings if f.severity == "error"]
    warnings = [f for f in findings if f.severity != "error"]

    def line(n: int, f: Finding) -> str:
        problem = f.problem.rstrip(". ")
        return f"{n}. «{f.label}» — {problem}. {f.fix}"

    parts = [line(n, f) for n, f in enumerate(errors, start=1)]
    if warnings:
        if parts:
            parts.append("")
        parts.append("Кроме того, обратите внимание (это не препятствует рассмотрению документа):")
        parts += [line(n, f) for n, f in enumerate(warnings, start=1)]
    return "\n".join(parts)


def form_name_ru(form_type: str | None) -> str:
    return FORM_NAMES_RU.get(form_type or "", "документ")
