"""Council commands: meetings, agendas, protocols (the secretary's forms are in the Airflow UI)."""

from __future__ import annotations

import click

from docflow.cli.common import emit, fail, json_option


def register(cli: click.Group) -> None:
    cli.add_command(council)


@click.group(help="Муниципальный методический совет: заседания, повестки, протоколы.")
def council() -> None:
    pass


@council.command("meetings", help="Заседания совета.")
@json_option
def meetings(as_json: bool) -> None:
    from sqlalchemy import select

    from docflow.store.db import unit_of_work
    from docflow.store.models import Meeting
    with unit_of_work() as s:
        rows = [{"id": m.id, "дата": m.held_on.isoformat(), "вид": m.kind, "статус": m.status,
                 "протокол": m.number or "", "вопросов": len(m.items)}
                for m in s.scalars(select(Meeting).order_by(Meeting.held_on))]
    emit(rows, as_json)


@council.command("show", help="Повестка и решения заседания.")
@click.argument("meeting_id", type=int)
@json_option
def show(meeting_id: int, as_json: bool) -> None:
    from docflow.store.db import unit_of_work
    from docflow.store.models import Meeting
    with unit_of_work() as s:
        m = s.get(Meeting, meeting_id)
        if m is None:
            fail(f"Заседание {meeting_id} не найдено")
        rows = [{"№": i.position_no, "вопрос": i.title, "решение": i.decision,
                 "голоса": f"{i.vote.votes_for}/{i.vote.votes_against}/{i.vote.votes_abstained}" if i.vote else "",
                 "срок": i.due_date.isoformat() if i.due_date else ""} for i in m.items]
    emit(rows, as_json)


@council.command("prepare", help="Создать заседание на дату и сформировать повестку (без Airflow).")
@click.option("--date", "meeting_date", required=True, help="Дата заседания, ГГГГ-ММ-ДД.")
@json_option
def prepare(meeting_date: str, as_json: bool) -> None:
    import datetime as dt

    from docflow.council import steps
    try:
        day = dt.date.fromisoformat(meeting_date)
    except ValueError:
        fail(f"Дата «{meeting_date}» указана неверно: нужен формат ГГГГ-ММ-ДД")
    emit(steps.prepare(min(day, steps.today()), day.isoformat(), run_id="cli", now=day), as_json)


@council.command("demo", help="Демонстрация: запустить DAG совета с заседанием сегодня (или в последний рабочий день).")
@click.option("--date", "meeting_date", default=None, help="Дата заседания, ГГГГ-ММ-ДД.")
@click.option("--no-trigger", is_flag=True, help="Только подготовить заседание в базе, без Airflow.")
@json_option
def demo(meeting_date: str | None, no_trigger: bool, as_json: bool) -> None:
    from docflow.council.demo import prepare_demo_meeting
    emit(prepare_demo_meeting(meeting_date, trigger=not no_trigger), as_json)
