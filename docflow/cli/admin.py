"""Administration: the store's migrations, the settings check, the school registry."""

from __future__ import annotations

import click

from docflow.cli.common import emit, fail, json_option


def register(cli: click.Group) -> None:
    cli.add_command(db)
    cli.add_command(settings)
    cli.add_command(schools)


@click.group(help="База данных docflow (не база Airflow).")
def db() -> None:
    pass


@db.command("upgrade", help="Применить миграции базы docflow.")
def db_upgrade() -> None:
    from docflow.store import migrate
    from docflow.store.db import database_url
    migrate.upgrade()
    click.echo(f"База docflow обновлена: {_safe_url(database_url())} (ревизия {', '.join(migrate.current())})")


@db.command("current", help="Показать текущую ревизию схемы.")
def db_current() -> None:
    from docflow.store import migrate
    click.echo(", ".join(migrate.current()) or "схема не создана")


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url
    return make_url(url).render_as_string(hide_password=True)


@click.group(help="Настройки комитета.")
def settings() -> None:
    pass


@settings.command("check", help="Проверить файл настроек и показать главное.")
@click.argument("path", required=False, type=click.Path(dir_okay=False))
@json_option
def settings_check(path: str | None, as_json: bool) -> None:
    from docflow.config import load_settings, settings_path
    from docflow.forms.spec import load_forms
    s = load_settings(path)
    committee = load_forms(s.forms_path)  # a mistake in the forms file names its line too
    summary = {"file": str(path or settings_path()), "committee": s.committee.name,
               "head": s.head.name_short, "operator": s.operator.short_name,
               "mailboxes": [m.address for m in s.mailboxes],
               "council_years": sorted(s.council.members), "directions": len(s.site.directions),
               "forms": str(s.forms_path),
               "document_types": {f.type: len(f.sections) for f in committee}}
    emit({"ok": True, **summary}, as_json)


@click.group(help="Реестр образовательных организаций.")
def schools() -> None:
    pass


@schools.command("import", help="Загрузить реестр из CSV или XLSX (повторная загрузка обновляет записи).")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@json_option
def schools_import(path: str, as_json: bool) -> None:
    from docflow.audit import record
    from docflow.cli.common import actor
    from docflow.schools import RegistryFileError, import_registry
    from docflow.store.db import unit_of_work
    try:
        with unit_of_work() as session:
            report = import_registry(session, path)
            record(session, actor(), "schools.import", "school", None, {"file": path, **report.as_dict()})
    except RegistryFileError as exc:
        fail(str(exc), 2)
    if as_json:
        emit(report.as_dict(), True)
    else:
        click.echo(f"Добавлено: {report.created}, обновлено: {report.updated}, без изменений: {report.unchanged}")
        for row, err in report.errors:
            click.echo(f"Строка {row}: {err}", err=True)
    if report.errors:
        raise SystemExit(1)
