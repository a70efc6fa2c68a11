"""The reporting cycle: a deadline with its history, run a day, replay a year, the summary."""

from __future__ import annotations

import datetime as dt

import click

from docflow.cli.common import emit, fail, json_option

_DATE = click.DateTime(["%Y-%m-%d", "%d.%m.%Y"])


def register(cli: click.Group) -> None:
    group = cli.commands.get("deadlines")
    if group is None:  # the registers module is missing: a group of our own
        group = click.Group("deadlines", help="Контроль исполнения: сроки.")
        cli.add_command(group)
    group.add_command(deadlines_show)  # close / extend: docflow.cli.actions (the staff actions)
    cli.add_command(reporting)


def _day(value: dt.datetime | None) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    from docflow.config import get_settings
    return dt.datetime.now(get_settings().tz).date()


@click.command("show", help="Контрольный срок с историей.")
@click.argument("deadline_id", type=int)
@json_option
def deadlines_show(deadline_id: int, as_json: bool) -> None:
    from docflow.registers import DEADLINE_COLS
    from docflow.store.db import unit_of_work
    from docflow.store.models import Deadline
    with unit_of_work() as s:
        d = s.get(Deadline, deadline_id)
        if d is None:
            fail(f"Контрольный срок № {deadline_id} не найден", 1)
        iso = lambda v: v.isoformat() if isinstance(v, dt.date | dt.datetime) else v  # noqa: E731
        data = {c: iso(getattr(d, c)) for c in DEADLINE_COLS}
        data["events"] = [{"at": iso(e.at), "event": e.event, "actor": e.actor, "note": e.note,
                           "old_due_on": iso(e.old_due_on), "new_due_on": iso(e.new_due_on)} for e in d.events]
    if as_json:
        emit(data, True)
        return
    emit({k: v for k, v in data.items() if k != "events"}, False)
    click.echo("\nИстория:")
    emit(data["events"], False, ["at", "event", "actor", "old_due_on", "new_due_on", "note"])


@click.group(help="Отчётный цикл учебного года и ежегодный мониторинг.")
def reporting() -> None:
    pass


@reporting.command("dates", help="Даты отчётного цикла учебного года.")
@click.option("--year", help="Учебный год, например 2026/2027 (по умолчанию — текущий).")
@json_option
def reporting_dates(year: str | None, as_json: bool) -> None:
    from docflow.config import get_settings
    from docflow.reporting.schedule import year_dates
    d = year_dates(get_settings(), year or _day(None))
    emit({"academic_year": d.year.label, "call": d.call.isoformat(),
          "reminders": [w.isoformat() for _, w in d.reminders], "deadline": d.deadline.isoformat(),
          "overdue": d.overdue.isoformat(), "summary": d.summary.isoformat()}, as_json)


@reporting.command("run-day", help="Выполнить работу отчётного цикла и контроля исполнения за день (без отправки).")
@click.option("--today", type=_DATE, help="За какую дату (по умолчанию — сегодня).")
@click.option("--control-only", is_flag=True, help="Только контроль исполнения (без объявления и мониторинга).")
@json_option
def reporting_run_day(today, control_only: bool, as_json: bool) -> None:
    from docflow.config import get_settings
    from docflow.reporting.cycle import control_day, cycle_day
    from docflow.store.db import unit_of_work
    with unit_of_work() as s:
        report = (control_day if control_only else cycle_day)(s, get_settings(), _day(today))
    emit(report.as_dict(), True) if as_json else click.echo(report.line())


@reporting.command("summary", help="Сформировать сводку мониторинга за учебный год (XLSX и DOCX) в папку.")
@click.option("--year", required=True, help="Учебный год, например 2026/2027.")
@click.option("--today", type=_DATE, help="Дата сводки (по умолчанию — сегодня).")
@click.option("--out", type=click.Path(file_okay=False), default=".", show_default=True)
@json_option
def reporting_summary(year: str, today, out: str, as_json: bool) -> None:
    from pathlib import Path

    from docflow.config import get_settings
    from docflow.reporting import monitoring
    from docflow.store.db import unit_of_work
    settings, day = get_settings(), _day(today)
    with unit_of_work() as s:
        rows = monitoring.site_figures(s, settings, year)
    stem = Path(out) / f"Мониторинг МИП {year.replace('/', '-')}"
    stem.parent.mkdir(parents=True, exist_ok=True)
    stem.with_suffix(".xlsx").write_bytes(monitoring.build_xlsx(settings, year, rows, day))
    stem.with_suffix(".docx").write_bytes(monitoring.build_docx(settings, year, rows, day))
    emit({"totals": monitoring.totals(rows), "files": [str(stem) + ".xlsx", str(stem) + ".docx"]}, as_json)


@reporting.command("replay", help="Прокрутить календарь по дням: объявления, напоминания, просрочки, мониторинг "
                                  "приходят на почтовый сервер (демонстрация).")
@click.option("--from", "start", required=True, type=_DATE)
@click.option("--to", "end", required=True, type=_DATE)
@click.option("--smtp-host", default="127.0.0.1", show_default=True)
@click.option("--smtp-port", type=int, help="По умолчанию — порт SMTP демонстрационного почтового сервера.")
@click.option("--no-send", is_flag=True, help="Только записать письма в исходящие, не отправлять.")
@click.option("--demo-schools", is_flag=True,
              help="Сделать площадками школы без площадки и моделировать их отчёты (в срок, с опозданием, "
                   "неполные, без отчёта).")
@click.option("--all-days", is_flag=True, help="Все дни, а не только рабочие.")
@click.option("--verbose", is_flag=True, help="Строка журнала и для дней без событий.")
def reporting_replay(start, end, smtp_host, smtp_port, no_send, demo_schools, all_days, verbose) -> None:
    from docflow.config import get_settings
    from docflow.reporting.replay import replay, simulation_store
    settings = get_settings()
    if end < start:
        fail("Дата окончания раньше даты начала", 2)
    try:
        copy = simulation_store()
    except RuntimeError as exc:
        fail(str(exc), 2)
    click.echo(f"Моделирование в отдельной копии хранилища: {copy} — реальные реестры не изменяются "
               f"(удалить: rm -r {copy.parent})")
    smtp = None
    if not no_send:
        from docflow.demo.env import ports
        from docflow.mail.smtp import SmtpParams
        smtp = SmtpParams(host=smtp_host, port=smtp_port or ports()["smtp"], security="plain", timeout=15)
    hook = None
    if demo_schools:
        from docflow.calendar.rules import academic_year
        from docflow.reporting.demo import SchoolsActing, prepare_sites
        from docflow.store.db import unit_of_work
        year = academic_year(start.date()).label
        with unit_of_work() as s:
            made = prepare_sites(s, year)
        click.echo(f"Площадок создано для демонстрации: {made}")
        hook = SchoolsActing(settings, year)
    reports = replay(settings, start.date(), end.date(), smtp=smtp, on_day=hook, echo=click.echo,
                     working_only=not all_days, verbose=verbose)
    sent = sum(sum(r.letters.values()) for r in reports)
    click.echo(f"Дней: {len(reports)}; писем: {sent}" + ("" if smtp else " (не отправлены: --no-send)"))
