"""Shared CLI plumbing: JSON or table output, the actor's name, errors without tracebacks."""

from __future__ import annotations

import getpass
import json
import os
import sys
from collections.abc import Iterable
from typing import Any

import click

from docflow.config import SettingsError

json_option = click.option("--json", "as_json", is_flag=True, help="Вывести результат в JSON.")
limit_option = click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 100000))
offset_option = click.option("--offset", default=0, show_default=True, type=click.IntRange(0))


def actor() -> str:
    """Who runs the command: DOCFLOW_ACTOR (set by wrappers) or the OS user."""
    return os.environ.get("DOCFLOW_ACTOR") or f"cli:{getpass.getuser()}"


def emit(data: Any, as_json: bool, columns: Iterable[str] | None = None) -> None:
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return
    rows = data.get("rows") if isinstance(data, dict) and "rows" in data else data
    if isinstance(rows, list):
        cols = list(columns or (rows[0].keys() if rows else []))
        from tabulate import tabulate
        click.echo(tabulate([[_short(r.get(c)) for c in cols] for r in rows], headers=cols))
        if isinstance(data, dict) and "total" in data:
            click.echo(f"\nВсего: {data['total']} (показано {len(rows)} с {data['offset'] + 1})")
    elif isinstance(data, dict):
        for k, v in data.items():
            click.echo(f"{k}: {v}")
    else:
        click.echo(str(data))


def _short(v: Any, n: int = 60) -> str:
    s = "" if v is None else str(v)
    return s if len(s) <= n else s[: n - 1] + "…"


def fail(message: str, code: int = 1) -> None:
    click.echo(message, err=True)
    raise SystemExit(code)


def run_cli(group: click.Group) -> None:
    try:
        group.main(standalone_mode=True)
    except SettingsError as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
