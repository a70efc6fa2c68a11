"""Demo letters from the fictional schools, sent over SMTP to the official mailbox once.

A complete application (СОШ № 7), an incomplete one (СОШ № 12: no goal, no resources), an interim
report (Лицей № 1), a letter from an address not in the registry, and the first letter delivered a
second time. After the first intake run they are registered,
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

# Each school writes in its own layout, as real schools do: СОШ № 7 — numbered headings after a
# «Паспорт проекта» table; СОШ № 12 — bold inline labels, no goal and no resources; Лицей № 1 —
# a report with its own table of events. The reader finds the sections by their meaning.
SCHOOL7_PASSPORT = [
    ("Наименование образовательной организации", SCHOOL7_FULL),
    ("Тема проекта", "«Школа функциональной грамотности: модель сетевого взаимодействия»"),
    ("Направление", "Функциональная грамотность обучающихся"),
    ("Руководитель проекта", "Смирнова Елена Викторовна, заместитель директора по УВР"),
    ("Контакты", "8 (81700) 2-17-07, school7@edu.example.ru"),
    ("Сроки реализации", "январь 2027 г. – май 2029 г."),
]
SCHOOL7_SECTIONS = [
    ("1. Обоснование актуальности", ["Результаты муниципального мониторинга показывают дефицит читательской и "
                                     "математической грамотности обучающихся 5–9 классов: базового уровня достигают "
                                     "62 % обучающихся при среднем по округу 71 %."]),
    ("2. Цель проекта", ["Создание и апробация модели формирования функциональной грамотности обучающихся 5–9 "
                         "классов в сетевом взаимодействии школ округа."]),
    ("3. Задачи", ["1) разработать программу курса «Читаем, считаем, решаем»;", "2) обучить 12 педагогов;",
                   "3) провести мониторинг результатов дважды в год."]),
    ("4. Планируемые результаты", ["Программа курса, методические рекомендации, банк из 200 заданий; доля "
                                   "обучающихся базового уровня — не менее 75 %."]),
    ("5. Этапы реализации", []),
    ("6. Кадровые и материально-технические условия", ["12 педагогов, из них 5 прошли курсы по функциональной "
                                                        "грамотности; кабинет цифровой грамотности."]),
]
SCHOOL7_STAGES = [("Этап", "Сроки", "Содержание работы"),
                  ("Подготовительный", "январь – май 2027 г.", "Анализ условий, разработка программы"),
                  ("Основной", "сентябрь 2027 г. – май 2028 г.", "Апробация программы в 5–9 классах"),
                  ("Обобщающий", "сентябрь 2028 г. – май 2029 г.", "Анализ результатов, диссеминация")]


def _document(build) -> bytes:
    from io import BytesIO

    from docx import Document

    doc = Document()
    build(doc)
    buf = BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _table(doc, rows) -> None:
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = doc.styles["Table Grid"]
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            table.cell(r, c).text = text


def _labelled(doc, label: str, text: str) -> None:
    p = doc.add_paragraph()
    p.add_run(label + ": ").bold = True
    p.add_run(text)


def school7_application() -> bytes:
    def build(doc) -> None:
        doc.add_paragraph("ЗАЯВКА").runs[0].bold = True
        doc.add_paragraph("на присвоение статуса муниципальной инновационной площадки")
        doc.add_paragraph("Паспорт проекта")
        _table(doc, SCHOOL7_PASSPORT)
        for heading, paragraphs in SCHOOL7_SECTIONS:
            doc.add_paragraph(heading).runs[0].bold = True
            for text in paragraphs:
                doc.add_paragraph(text)
            if heading.startswith("5."):
                _table(doc, SCHOOL7_STAGES)
        doc.add_paragraph("Директор МБОУ «СОШ № 7»   ____________ /Н.П. Орлова/   20.11.2026")
    return _document(build)


def school12_application() -> bytes:
    def build(doc) -> None:
        doc.add_heading("Заявка на присвоение статуса МИП", 1)
        _labelled(doc, "Образовательная организация", SCHOOL12_FULL)
        _labelled(doc, "Тема", "«Цифровая школа: электронное портфолио ученика»")
        _labelled(doc, "Направление", "Цифровая образовательная среда")
        _labelled(doc, "Актуальность", "Портфолио обучающихся ведётся на бумаге и не используется при выборе "
                                       "профиля обучения.")
        _labelled(doc, "Задачи", "внедрить электронное портфолио в 8–11 классах; обучить классных руководителей.")
        _labelled(doc, "Ожидаемые результаты", "Электронное портфолио у 100 % обучающихся 8–11 классов.")
        _labelled(doc, "Этапы", "2027 г. — внедрение; 2028 г. — анализ и распространение.")
        _labelled(doc, "Руководитель проекта", "Кузнецов Игорь Валентинович, директор")
        _labelled(doc, "Телефон", "8 (81700) 2-12-12")
        doc.add_paragraph("Директор школы И.В. Кузнецов, 21.11.2026")
    return _document(build)


def lyceum_report() -> bytes:
    def build(doc) -> None:
        doc.add_heading("Отчёт о ходе реализации инновационного проекта за 2025/2026 учебный год", 1)
        doc.add_paragraph(LYCEUM_FULL)
        _labelled(doc, "Тема проекта", "«Инженерные классы: сетевая модель профильного обучения»")
        _labelled(doc, "Отчётный период", "сентябрь 2025 г. – май 2026 г.")
        doc.add_paragraph("Проведённые мероприятия").runs[0].bold = True
        _table(doc, [("Мероприятие", "Сроки", "Результат"),
                     ("Открытие двух инженерных классов", "сентябрь 2025 г.", "48 обучающихся"),
                     ("Занятия с вузами-партнёрами", "октябрь 2025 г. – апрель 2026 г.", "24 занятия")])
        doc.add_paragraph("Результаты").runs[0].bold = True
        doc.add_paragraph("Плановые показатели достигнуты: 9 выпускников выбрали инженерные специальности.")
        doc.add_paragraph("Распространение опыта").runs[0].bold = True
        doc.add_paragraph("Муниципальный семинар «Инженерное образование», 12.02.2026.")
        doc.add_paragraph("Трудности").runs[0].bold = True
        doc.add_paragraph("Недостаточно лабораторного оборудования.")
        doc.add_paragraph("Планы на следующий год").runs[0].bold = True
        doc.add_paragraph("Подключить к сети ещё две школы округа.")
        doc.add_paragraph("Директор лицея ________ О.И. Лебедева")
        doc.add_paragraph("10.06.2026")
    return _document(build)


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
                  [("Заявка МИП СОШ № 7.docx", school7_application())])
    return [
        ("school7@edu.example.ru", app),
        ("school12@edu.example.ru", _letter(
            "school12@edu.example.ru", "МБОУ «СОШ № 12»", official, "Заявка МИП",
            "Здравствуйте, направляем заявку.\nИ.В. Кузнецов",
            [("Заявка СОШ12.docx", school12_application())])),
        ("lyceum1@edu.example.ru", _letter(
            "lyceum1@edu.example.ru", "Лицей № 1", official, "Промежуточный отчёт о реализации проекта",
            "Направляем промежуточный отчёт за 2025/2026 учебный год.\nО.И. Лебедева",
            [("Отчёт Лицей 1.docx", lyceum_report())])),
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
