"""Letters as the demo schools write them: Outlook-style headers, a DOCX made in Word's way by
python-docx, each school in its own layout (a passport table with numbered headings; bold inline
labels; a report with its own table of events).

To load a running deployment (the compose stack with the dev mail server):

    python -m tests.celery.letters --to mip@komitet.example.ru --count 60 --smtp-host mail --smtp-port 1025 \
        --starttls --ca-file /opt/docflow/tls/mail.pem
"""

from __future__ import annotations

import argparse
import csv
import datetime
import smtplib
import ssl
import time
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from io import BytesIO
from pathlib import Path

from docx import Document

DOCX = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
TOPICS = ["Школа функциональной грамотности", "Цифровое портфолио ученика", "Инженерные классы",
          "Школьный театр как среда воспитания", "Наставничество молодых педагогов",
          "Инклюзивная образовательная среда", "Проектная лаборатория", "Читающая школа"]


def schools(csv_path: Path) -> list[dict]:
    """The demo registry: code, short name, director and every registered address."""
    with open(csv_path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    return [{"code": r["код"], "full": r["полное наименование"], "short": r["краткое наименование"],
             "director": r["директор"], "addresses": [a.strip() for a in r["адреса"].split(",") if a.strip()]}
            for r in rows]


def _save(doc) -> bytes:
    buf = BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _grid(doc, rows) -> None:
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = doc.styles["Table Grid"]
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            table.cell(r, c).text = text


def _label(doc, label: str, text: str) -> None:
    p = doc.add_paragraph()
    p.add_run(label + ": ").bold = True
    p.add_run(text)


def passport_application(school: dict, topic: str, n: int) -> bytes:
    """A complete application: «Паспорт проекта» table, then numbered bold headings."""
    doc = Document()
    doc.add_paragraph("ЗАЯВКА").runs[0].bold = True
    doc.add_paragraph("на присвоение статуса муниципальной инновационной площадки")
    doc.add_paragraph("Паспорт проекта")
    _grid(doc, [("Наименование образовательной организации", school["full"]),
                ("Тема проекта", f"«{topic}» (версия {n})"),
                ("Направление", "Функциональная грамотность обучающихся"),
                ("Руководитель проекта", f"{school['director']}, директор"),
                ("Контакты", f"8 (81700) 2-10-{n % 100:02d}, {school['addresses'][0]}"),
                ("Сроки реализации", "январь 2027 г. – май 2029 г.")])
    for heading, text in [
            ("1. Обоснование актуальности", "По данным мониторинга базового уровня читательской грамотности "
                                            "достигают 64 % обучающихся 5–9 классов при среднем по округу 71 %."),
            ("2. Цель проекта", f"Создание и апробация модели «{topic}» в сетевом взаимодействии школ округа."),
            ("3. Задачи", "1) разработать программу курса; 2) обучить 10 педагогов; 3) провести мониторинг "
                          "результатов дважды в год."),
            ("4. Планируемые результаты", "Программа курса, методические рекомендации, банк из 150 заданий."),
            ("5. Этапы реализации", ""),
            ("6. Кадровые и материально-технические условия", "10 педагогов, из них 4 прошли курсы повышения "
                                                               "квалификации; кабинет с интерактивной панелью.")]:
        doc.add_paragraph(heading).runs[0].bold = True
        if text:
            doc.add_paragraph(text)
        else:
            _grid(doc, [("Этап", "Сроки", "Содержание работы"),
                        ("Подготовительный", "январь – май 2027 г.", "Анализ условий, разработка программы"),
                        ("Основной", "сентябрь 2027 г. – май 2028 г.", "Апробация программы"),
                        ("Обобщающий", "сентябрь 2028 г. – май 2029 г.", "Анализ результатов, диссеминация")])
    doc.add_paragraph(f"Директор {school['short']}   ____________ /{school['director']}/   20.11.2026")
    return _save(doc)


def report_with_events(school: dict, topic: str, n: int) -> bytes:
    """An interim report: a heading, bold inline labels and a table of events."""
    doc = Document()
    doc.add_heading("Отчёт о ходе реализации инновационного проекта за 2025/2026 учебный год", 1)
    doc.add_paragraph(school["full"])
    _label(doc, "Тема проекта", f"«{topic}»")
    _label(doc, "Отчётный период", "сентябрь 2025 г. – май 2026 г.")
    doc.add_paragraph("Проведённые мероприятия").runs[0].bold = True
    _grid(doc, [("Мероприятие", "Сроки", "Результат"),
                ("Семинар для педагогов округа", "октябрь 2025 г.", f"{20 + n % 30} участников"),
                ("Открытые уроки", "ноябрь 2025 г. – апрель 2026 г.", "12 уроков")])
    doc.add_paragraph("Результаты").runs[0].bold = True
    doc.add_paragraph("Плановые показатели достигнуты.")
    doc.add_paragraph("Распространение опыта").runs[0].bold = True
    doc.add_paragraph("Муниципальная конференция, 12.02.2026.")
    doc.add_paragraph("Трудности").runs[0].bold = True
    doc.add_paragraph("Недостаточно часов внеурочной деятельности.")
    doc.add_paragraph("Планы на следующий год").runs[0].bold = True
    doc.add_paragraph("Подключить к сети ещё одну школу округа.")
    doc.add_paragraph(f"Директор ________ {school['director']}")
    return _save(doc)


def letter(school: dict, sender: str, to: str, n: int) -> bytes:
    """Letter ``n`` from ``school``: applications and reports alternate, each topic its own."""
    topic = TOPICS[n % len(TOPICS)]
    report = n % 3 == 2
    m = EmailMessage()
    m["From"] = f"{school['short']} <{sender}>"
    m["To"] = to
    m["Subject"] = (f"Промежуточный отчёт о реализации проекта «{topic}»" if report
                    else f"Заявка на присвоение статуса МИП: «{topic}»")
    m["Date"] = format_datetime(datetime.datetime.now().astimezone())
    m["Message-ID"] = make_msgid(idstring=f"{n}", domain=sender.rpartition("@")[2])
    m["X-Mailer"] = "Microsoft Outlook 16.0"
    m.set_content(f"Добрый день!\n\nНаправляем {'отчёт' if report else 'заявку'} (письмо № {n}).\n\n"
                  f"С уважением,\n{school['director']}\n{school['short']}\n")
    data = report_with_events(school, topic, n) if report else passport_application(school, topic, n)
    name = f"{'Отчёт' if report else 'Заявка'} {school['short'].replace('«', '').replace('»', '')} {n}.docx"
    m.add_attachment(data, maintype=DOCX[0], subtype=DOCX[1], filename=name)
    return m.as_bytes(policy=m.policy.clone(linesep="\r\n"))


def send(*, to: str, count: int, host: str, port: int, starttls: bool = False, ca_file: str | None = None,
         seconds: float = 0.0, csv_path: Path | None = None, start: int = 0) -> int:
    """Send ``count`` letters from the registry's schools, in turn, to ``to`` over SMTP."""
    rows = schools(csv_path or Path(__file__).resolve().parents[2] / "include" / "config" / "schools.demo.csv")
    with smtplib.SMTP(host, port, timeout=30) as smtp:
        if starttls:
            smtp.starttls(context=ssl.create_default_context(cafile=ca_file))
        for n in range(start, start + count):
            school = rows[n % len(rows)]
            sender = school["addresses"][(n // len(rows)) % len(school["addresses"])]
            smtp.sendmail(sender, [to], letter(school, sender, to, n))
            if seconds:
                time.sleep(seconds / count)
    return count


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="send the demo schools' letters to the committee's mailbox")
    p.add_argument("--to", required=True, help="the committee's official address")
    p.add_argument("--count", type=int, default=60)
    p.add_argument("--smtp-host", default="127.0.0.1")
    p.add_argument("--smtp-port", type=int, default=1025)
    p.add_argument("--starttls", action="store_true")
    p.add_argument("--ca-file")
    p.add_argument("--seconds", type=float, default=0.0, help="spread the letters over this many seconds")
    a = p.parse_args(argv)
    print(send(to=a.to, count=a.count, host=a.smtp_host, port=a.smtp_port, starttls=a.starttls,
               ca_file=a.ca_file, seconds=a.seconds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
