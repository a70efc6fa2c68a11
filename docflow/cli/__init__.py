"""The ``docflow`` command for staff and scripts.

Each area adds its commands in its own module here; ``COMMAND_MODULES`` lists them.
"""

from __future__ import annotations

import importlib

import click

from docflow.cli.common import run_cli

COMMAND_MODULES = ["docflow.cli.admin", "docflow.cli.registers", "docflow.cli.mail", "docflow.cli.actions",
                   "docflow.cli.reporting", "docflow.cli.council", "docflow.cli.orders", "docflow.cli.forms"]


@click.group(help="docflow — документооборот комитета по образованию (инновационные площадки).")
@click.option("--settings", "settings_file", envvar="DOCFLOW_SETTINGS", type=click.Path(dir_okay=False),
              help="Файл настроек комитета (YAML). По умолчанию — DOCFLOW_SETTINGS или пример.")
@click.pass_context
def cli(ctx: click.Context, settings_file: str | None) -> None:
    import os
    if settings_file:
        os.environ["DOCFLOW_SETTINGS"] = settings_file
    ctx.ensure_object(dict)


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(cli)


def main() -> None:
    run_cli(cli)
