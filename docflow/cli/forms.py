"""``docflow forms``: how a document is read against the committee's forms, and its blank forms."""

from __future__ import annotations

from pathlib import Path

import click

from docflow.cli.common import emit, json_option


def register(cli: click.Group) -> None:
    cli.add_command(forms)


@click.group(help="Формы документов комитета (файл форм из настроек).")
def forms() -> None:
    pass


@forms.command("explain", help="Показать, как прочитан документ: где найден каждый раздел, какой текст "
                               "взят и что показала проверка. FILE — DOCX/DOC/ODT/RTF, письмо .eml или текст .txt.")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--type", "form_type", help="Вид документа (application, interim_report, …), если не определился.")
@json_option
def forms_explain(path: str, form_type: str | None, as_json: bool) -> None:
    from docflow.config import get_settings
    from docflow.forms.explain import explain, render_text
    from docflow.forms.model import FormRow, ValidationContext
    from docflow.forms.spec import forms_of
    from docflow.forms.validate import validate_batch

    settings = get_settings()
    committee = forms_of(settings)
    if form_type and form_type not in committee:
        raise click.UsageError(f"вид «{form_type}» не описан в файле форм; есть: "
                               + ", ".join(f.type for f in committee))
    row = read_path(Path(path), committee, list(settings.site.directions), form_type)
    if not isinstance(row, FormRow):
        emit({"file": path, "read": False, "reason": row.message_ru}, as_json)
        raise SystemExit(1)
    ctx = ValidationContext(list(settings.site.directions), None)
    found = validate_batch([row], ctx, committee)[row.submission_id or "row-0"] if row.form_type else []
    views = explain(row, committee, found)
    if as_json:
        emit({"file": path, "type": row.form_type, "detected_by": row.detected_by, "signer": row.signer,
              "signed_on": row.signed_on, "warnings": row.warnings,
              "sections": [v.to_dict() for v in views],
              "findings": [f.to_dict() for f in found],
              "unmapped": [{"label": u.label, "text": u.value} for u in row.unmapped]}, True)
    else:
        click.echo(render_text(row, views, committee))


def read_path(path: Path, committee, directions: list[str], form_type: str | None):
    """A file as staff hand it over: a document, a saved letter (.eml) or plain text."""
    from docflow.forms.model import FormRow
    from docflow.forms.reader import read_letter_text, read_submission

    data = path.read_bytes()
    if path.suffix.lower() == ".txt":
        return read_letter_text(data.decode("utf-8", "replace"), committee, directions=directions,
                                form_type=form_type)
    if path.suffix.lower() != ".eml":
        row = read_submission(data, path.name, forms=committee, directions=directions, form_type=form_type)
        if isinstance(row, FormRow):
            row.source = path.name
        return row
    from docflow.mail.parse import parse_message

    letter = parse_message(data)
    best = None
    for a in letter.attachments:
        if a.inline:
            continue
        row = read_submission(a.data, a.filename, forms=committee, directions=directions, form_type=form_type)
        if isinstance(row, FormRow) and row.form_type and (best is None or len(row.fields) > len(best.fields)):
            row.source = a.filename + (" (в пересланном письме)" if a.forwarded else "")
            best = row
    if best is None:
        best = read_letter_text(letter.text, committee, directions=directions, form_type=form_type)
        best.source = "текст письма"
    return best
