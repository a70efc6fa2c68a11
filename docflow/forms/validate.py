"""Completeness and validity of submitted forms with Great Expectations.

All pending submissions are validated in one run: one ephemeral GX context, one suite per form
type, one batch (DataFrame, one row per submission) per form type present. GX is imported here
only inside functions, with its analytics off.
"""

from __future__ import annotations

import logging
import os
from collections import defaultdict

from docflow.forms.frame import ID, flatten, registry_value
from docflow.forms.model import Finding, FormRow, ValidationContext
from docflow.forms.spec import Forms

RESULT_FORMAT = {
    "result_format": "COMPLETE",
    "unexpected_index_column_names": [ID],
    "return_unexpected_index_query": False,
}
UNKNOWN_FORM = Finding(
    "form",
    "Вид документа",
    "не удалось определить, заявка это или отчёт",
    "Документ передан специалисту для проверки.",
    "staff",
)


def _import_gx():
    os.environ["GX_ANALYTICS_ENABLED"] = "False"
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    import great_expectations as gx

    return gx


class GxRunner:
    """An ephemeral GX context with a suite per document type, generated from the forms file."""

    def __init__(self, ctx: ValidationContext, forms: Forms, form_types: list[str] | None = None):
        from docflow.forms.suites import expectations

        gx = _import_gx()
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self.ctx, self.forms = ctx, forms
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        asset = self.context.data_sources.add_pandas("docflow_forms").add_dataframe_asset("submissions")
        batch = asset.add_batch_definition_whole_dataframe("pending")
        self.definitions = {}
        for form_type in form_types or [f.type for f in forms]:
            suite = gx.ExpectationSuite(name=f"docflow_{form_type}")
            for expectation in expectations(forms[form_type], ctx):
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
    fact = {"org_name": "full_name", "director": "director"}.get(meta["field"], "full_name")
    values["registry"] = registry_value(fact, ctx, str(values.get(ID, "")))
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
    rows: list[FormRow], ctx: ValidationContext, forms: Forms, runner: GxRunner | None = None
) -> dict[str, list[Finding]]:
    """Findings per submission id (an empty list: complete). Rows without an id get «row-N»."""
    findings: dict[str, list[Finding]] = {}
    by_type: dict[str, list[FormRow]] = defaultdict(list)
    for i, row in enumerate(rows):
        if not row.submission_id:
            row.submission_id = f"row-{i}"
        findings[row.submission_id] = []
        if row.form_type in forms:
            by_type[row.form_type].append(row)
        else:
            findings[row.submission_id].append(UNKNOWN_FORM)
    if not by_type:
        return findings
    runner = runner or GxRunner(ctx, forms, sorted(by_type))
    for form_type, group in by_type.items():
        form = forms[form_type]
        df = flatten(form, group, ctx)
        records = df.set_index(ID, drop=False).to_dict("index")
        order = {key: n for n, key in enumerate(form.sections)}
        for meta, ids in runner.run(form_type, df):
            for sid in ids:
                findings[sid].append(_finding(meta, records[sid], ctx))
        for row in group:
            findings[row.submission_id].sort(
                key=lambda f: (f.severity != "error", order.get(f.field, len(order)))
            )
    return findings


def is_complete(findings: list[Finding]) -> bool:
    return not any(f.severity == "error" for f in findings)


def render_findings_ru(findings: list[Finding]) -> str:
    """The list a school receives: each missing section by the committee's label with its hint.

    Advice is listed apart and marked as such; notes for staff are never sent to the school.
    """
    errors = [f for f in findings if f.severity == "error"]
    advice = [f for f in findings if f.severity == "warning"]

    def line(n: int, f: Finding) -> str:
        problem = f.problem.rstrip(". ")
        return f"{n}. «{f.label}» — {problem}. {f.fix}"

    parts = [line(n, f) for n, f in enumerate(errors, start=1)]
    if advice:
        if parts:
            parts.append("")
        parts.append("Рекомендации (не препятствуют рассмотрению документа):")
        parts += [line(n, f) for n, f in enumerate(advice, start=1)]
    return "\n".join(parts)
