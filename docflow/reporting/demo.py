"""A demo scenario for the year replay: active sites for the demo schools and their reports.

``prepare_sites`` makes every school without a site an active site (the demo has no orders yet);
``SchoolsActing`` is the replay's ``on_day`` hook: schools take turns being on time, late,
incomplete or silent, so a newcomer sees every kind of letter arrive. Submissions are written as
intake and validation would leave them (marked as simulated in their history).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from docflow.calendar.rules import academic_year
from docflow.calendar.workdays import add_working_days
from docflow.config import Settings
from docflow.reporting.obligations import obligation_kind
from docflow.reporting.schedule import moment, year_dates
from docflow.store.db import unit_of_work
from docflow.store.models import School, Site, Submission, SubmissionEvent
from docflow.store.numbering import next_seq

ROLES = ("on_time", "late", "incomplete", "silent")
FIELDS = {"fields": {"results_vs_plan": "Запланированные результаты этапа достигнуты",
                     "products": "Методические рекомендации; программа внеурочной деятельности"},
          "tables": {"dissemination": [{"event": "Муниципальный семинар для педагогов", "date": "15.03.2027",
                                        "level": "муниципальный"}]}}
FINDINGS = [{"field": f, "label": label, "problem": "не заполнено", "fix": "Заполните раздел.", "severity": "error"}
            for f, label in (("products", "Продукты инновационной деятельности"),
                             ("plans", "Планы на следующий период"))]


# Fictional projects of the demo sites, one each (direction, theme).
PROJECTS = [
    ("Функциональная грамотность обучающихся", "Школа функциональной грамотности: от диагностики к результату"),
    ("Цифровая образовательная среда", "Цифровой класс: смешанное обучение в основной школе"),
    ("Наставничество", "Сетевое наставничество молодых педагогов"),
    ("Инклюзивное образование", "Равные возможности: инклюзивная среда сельской школы"),
    ("Профориентация", "Инженерные классы: ранняя профориентация обучающихся"),
    ("Воспитание", "Школьный музей как центр патриотического воспитания"),
    ("Естественно-научное образование", "Точка роста: исследовательские проекты по биологии и химии"),
]


def prepare_sites(session: Session, year: str) -> int:
    ay = academic_year(year)
    made = 0
    for school in session.scalars(select(School).where(School.active.is_(True)).order_by(School.id)):
        if session.scalar(select(Site.id).where(Site.school_id == school.id)) is None:
            direction, theme = PROJECTS[made % len(PROJECTS)]
            session.add(Site(school_id=school.id, status="active", theme=theme, direction=direction,
                             starts_on=dt.date(ay.first_year - 1, 10, 1), ends_on=dt.date(ay.first_year + 2, 9, 30)))
            made += 1
    return made


class SchoolsActing:
    """on_day hook: the i-th site plays ROLES[i % 4] against the year's deadline."""

    def __init__(self, settings: Settings, year: str) -> None:
        self.settings = settings
        self.ay = academic_year(year)
        d = year_dates(settings, self.ay)
        self.when = {"on_time": add_working_days(d.deadline, -6), "incomplete": add_working_days(d.deadline, -2),
                     "late": add_working_days(d.overdue, 3)}

    def __call__(self, day: dt.date) -> None:
        if day not in self.when.values():
            return
        with unit_of_work() as s:
            sites = s.scalars(select(Site).where(Site.status == "active").order_by(Site.id)).all()
            for i, site in enumerate(sites):
                role = ROLES[i % len(ROLES)]
                kind = obligation_kind(site, self.ay)
                if kind is None or self.when.get(role) != day:
                    continue
                status, findings = ("incomplete", FINDINGS) if role == "incomplete" else ("complete", [])
                seq = next_seq(s, "incoming", day.year)
                sub = Submission(reg_number=self.settings.numbering.format("incoming", day.year, seq),
                                 reg_year=day.year, reg_seq=seq, school_id=site.school_id, kind=kind, status=status,
                                 registered_at=moment(self.settings, day) + dt.timedelta(hours=2),
                                 academic_year=self.ay.label, form_type=kind, fields=FIELDS, findings=findings)
                s.add(sub)
                s.flush()
                s.add(SubmissionEvent(submission_id=sub.id, from_status="received", to_status=status,
                                      cause="Демонстрация: отчёт смоделирован командой replay"))
