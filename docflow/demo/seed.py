"""Demo letters from the fictional schools, sent over SMTP to the official mailbox once.

A complete application (СОШ № 7), an incomplete one (СОШ № 12: no goal, a stage outside the
project term), an interim report (Лицей № 1), a letter from an address not in the registry, and
the first letter delivered a second time. After the first intake run they are registered,
quarantined or recognised, and the schools receive acknowledgements and validation notices.
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from docflow.demo.env import ports

DOCX = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
SCHOOL7_FULL = "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 7»"
SCHOOL12_FULL = "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 12»"
LYCEUM_FULL = "Муниципальное бюджетное общеобразовательное учреждение «Лицей № 1»"

APPLICATION = {
    "org_full_name": SCHOOL7_FULL, "org_short_name": "МБОУ «СОШ № 7»", "director": "Орлова Наталья Петровна",
    "phone": "8 (81700) 2-17-07", "email": "school7@edu.example.ru",
    "topic": "Школа функциональной грамотности: модель сетевого взаимодействия",
    "direction": "Функциональная грамотность обучающихся", "start_date": "01.01.2027", "end_date": "31.05.2029",
    "project_lead": "Смирнова Елена Викторовна, заместитель директора по УВР",
    "consultant": "Белов Игорь Андреевич, кандидат педагогических наук",
    "relevance": "Результаты муниципального мониторинга показывают дефицит читательской и математической "
                 "грамотности обучающихся 5–9 классов.",
    "goal": "Создание и апробация модели формирования функциональной грамотности обучающихся 5–9 классов.",
    "tasks": "1) Разработать программу курса.\n2) Обучить педагогов.\n3) Провести мониторинг результатов.",
    "outcomes": "Программа курса, методические рекомендации, банк заданий.",
    "resources": "Кадровые: 12 педагогов. Материально-технические: кабинет цифровой грамотности.",
    "date": "20.11.2026", "signer": "Орлова Н.П.", "signature": "подписано",
}
CALENDAR = [
    {"stage": "Подготовительный", "work": "Анализ условий, разработка программы", "start": "01.01.2027",
     "end": "31.05.2027", "result": "Программа курса"},
    {"stage": "Основной", "work": "Апробация программы в 5–9 классах", "start": "01.09.2027",
     "end": "31.05.2028", "result": "Банк заданий"},
    {"stage": "Обобщающий", "work": "Анализ результатов, диссеминация", "start": "01.09.2028",
     "end": "31.05.2029", "result": "Методические рекомендации"},
]
TEAM = [{"name": "Смирнова Елена Викторовна", "position": "заместитель директора по УВР", "role": "руководитель"},
        {"name": "Кузнецов Павел Олегович", "position": "учитель математики", "role": "разработчик заданий"}]

INCOMPLETE = {**APPLICATION, "org_full_name": SCHOOL12_FULL, "org_short_name": "МБОУ «СОШ № 12»",
              "director": "Кузнецов Игорь Валентинович", "email": "school12@edu.example.ru",
              "topic": "Цифровая школа: электронное портфолио ученика", "direction": "Цифровая образовательная среда",
              "goal": ""}
INCOMPLETE_CALENDAR = [{**CALENDAR[0]}, {**CALENDAR[1], "end": "31.12.2029"}]  # beyond the project term

REPORT = {
    "org_full_name": LYCEUM_FULL, "org_short_name": "МБОУ «Лицей № 1»", "director": "Лебедева Ольга Игоревна",
    "phone": "8 (81700) 2-11-01", "email": "lyceum1@edu.example.ru",
    "topic": "Инженерные классы: сетевая модель профильного обучения", "academic_year": "2025/2026",
    "period": "сентябрь 2025 – май 2026", "stage": "Основной",
    "project_lead": "Назарова Ирина Сергеевна, заместитель директора по УВР",
    "done": "Открыты два инженерных класса; проведено 24 занятия с партнёрами.",
    "results_vs_plan": "Плановые показатели достигнуты.", "products": "Сборник практических работ.",
    "problems": "Недостаточно лабораторного оборудования.", "plans": "Подключить ещё две школы сети.",
    "date": "10.06.2026", "signer": "Лебедева О.И.", "signature": "подписано",
}
DISSEMINATION = [{"event": "Муниципальный семинар «Инженерное образование»", "date": "12.02.2026",
                  "level": "муниципальный", "link": "https://lyceum1.example.ru/seminar"}]


def _docx(form: str, values: dict, tables: dict) -> bytes:
    from docflow.forms.fill import fill, to_bytes
    return to_bytes(fill(form, {k: v for k, v in values.items() if v}, tables))


def _letter(sender: str, name: str, to: str, subject: str, body: str, files: list[tuple[str, bytes]]) -> bytes:
    m = EmailMessage()
    m["From"] = f"{name} <{sender}>"
    m["To"] = to
    m["Subject"] = subject
    m["Date"] = format_datetime(__import__("datetime").datetime.now().astimezone())
    m["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
    m.set_content(body)
    for fname, data in files:
        m.add_attachment(data, maintype=DOCX[0], subtype=DOCX[1], filename=fname)
    return m.as_bytes(policy=m.policy.clone(linesep="\r\n"))


def demo_letters(official: str) -> list[tuple[str, bytes]]:
    app = _letter("school7@edu.example.ru", "МБОУ «СОШ № 7»", official, "Заявка на присвоение статуса МИП",
                  "Добрый день!\n\nНаправляем заявку на присвоение статуса муниципальной инновационной площадки.\n\n"
                  "Директор Н.П. Орлова",
                  [("Заявка МИП СОШ № 7.docx", _docx("application", APPLICATION,
                                                      {"calendar_plan": CALENDAR, "team": TEAM}))])
    return [
        ("school7@edu.example.ru", app),
        ("school12@edu.example.ru", _letter(
            "school12@edu.example.ru", "МБОУ «СОШ № 12»", official, "Заявка МИП",
            "Здравствуйте, направляем заявку.\nИ.В. Кузнецов",
            [("Заявка СОШ12.docx", _docx("application", INCOMPLETE,
                                         {"calendar_plan": INCOMPLETE_CALENDAR, "team": TEAM}))])),
        ("lyceum1@edu.example.ru", _letter(
            "lyceum1@edu.example.ru", "Лицей № 1", official, "Промежуточный отчёт о реализации проекта",
            "Направляем промежуточный отчёт за 2025/2026 учебный год.\nО.И. Лебедева",
            [("Отчёт Лицей 1.docx", _docx("interim_report", REPORT, {"dissemination": DISSEMINATION}))])),
        ("ivanov.teacher@mail.example.com", _letter(
            "ivanov.teacher@mail.example.com", "Иванов П.С.", official, "Заявка на участие",
            "Здравствуйте! Пишу с личной почты, прошу принять заявку школы.", [])),
        ("school7@edu.example.ru", app),  # the same letter once more
    ]


def seed_demo(env: dict[str, str]) -> int:
    """Send the demo letters once (a marker file in the data folder remembers it)."""
    marker = Path(env["DOCFLOW_DATA_DIR"]) / "demo-letters-sent"
    if marker.exists():
        return 0
    from docflow.config import load_settings
    official = load_settings(env["DOCFLOW_SETTINGS"]).mailboxes[0].address
    letters = demo_letters(official)
    with smtplib.SMTP("127.0.0.1", ports()["smtp"], timeout=30) as smtp:
        for sender, raw in letters:
            smtp.sendmail(sender, [official], raw)
    marker.write_text("\n".join(s for s, _ in letters), encoding="utf-8")
    return len(letters)
