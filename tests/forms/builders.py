"""Fill the shipped blank forms the ways schools do, with python-docx (and LibreOffice)."""

from __future__ import annotations

import copy
import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.shared import Pt

from docflow.forms.definitions import CELLS, FORMS, SECTION
from docflow.forms.docx_xml import wrap_in_content_control, wrap_runs_in_content_control

FORMS_DIR = Path(__file__).resolve().parents[2] / "include" / "forms"

SCHOOL_FULL = (
    "Муниципальное бюджетное общеобразовательное учреждение "
    "«Средняя общеобразовательная школа № 7» г. Северореченска"
)
SCHOOL_SHORT = "МБОУ «СОШ № 7» г. Северореченска"
DIRECTION = "Функциональная грамотность обучающихся"

APPLICATION_VALUES = {
    "org_full_name": SCHOOL_FULL,
    "org_short_name": SCHOOL_SHORT,
    "director": "Орлова Наталья Петровна",
    "phone": "8 (81234) 5-67-89",
    "email": "school7@severorechensk-edu.ru",
    "topic": "Школа функциональной грамотности: модель сетевого взаимодействия",
    "direction": DIRECTION,
    "start_date": "01.09.2025",
    "end_date": "31.05.2028",
    "project_lead": "Смирнова Елена Викторовна, заместитель директора по УВР",
    "consultant": "Белов Игорь Андреевич, к.п.н., доцент",
    "relevance": "Результаты мониторинга показывают дефицит читательской грамотности.\n"
    "Проект отвечает задачам муниципальной программы развития образования.",
    "goal": "Создание модели формирования функциональной грамотности обучающихся 5–9 классов.",
    "tasks": "1) Разработать программу курса.\n2) Обучить педагогов.\n3) Провести мониторинг.",
    "outcomes": "Программа курса, методические рекомендации, банк заданий.",
    "resources": "Кадровые: 12 педагогов. Материально-технические: кабинет цифровой грамотности.",
    "date": "15.10.2025",
    "signer": "Орлова Н.П.",
    "signature": "подписано",
}
CALENDAR = [
    {
        "stage": "Подготовительный",
        "work": "Анализ условий, разработка программы",
        "start": "01.09.2025",
        "end": "31.12.2025",
        "result": "Программа курса",
    },
    {
        "stage": "Основной",
        "work": "Апробация программы в 5–9 классах",
        "start": "01.01.2026",
        "end": "31.12.2027",
        "result": "Банк заданий",
    },
    {
        "stage": "Обобщающий",
        "work": "Анализ результатов, диссеминация",
        "start": "01.01.2028",
        "end": "31.05.2028",
        "result": "Методические рекомендации",
    },
]
TEAM = [
    {"name": "Смирнова Елена Викторовна", "position": "заместитель директора", "role": "руководитель"},
    {"name": "Кузнецов Павел Олегович", "position": "учитель математики", "role": "разработчик заданий"},
]
APPLICATION_TABLES = {"calendar_plan": CALENDAR, "team": TEAM}

REPORT_VALUES = {
    "org_full_name": SCHOOL_FULL,
    "org_short_name": SCHOOL_SHORT,
    "director": "Орлова Наталья Петровна",
    "phone": "+7 (812) 345-67-89",
    "email": "school7@severorechensk-edu.ru",
    "topic": APPLICATION_VALUES["topic"],
    "academic_year": "2025/2026",
    "period": "сентябрь 2025 – май 2026",
    "stage": "Основной",
    "project_lead": APPLICATION_VALUES["project_lead"],
    "done": "Проведено 12 занятий курса, обучено 9 педагогов.",
    "results_vs_plan": "Запланированные результаты достигнуты, кроме сетевого семинара (перенесён).",
    "products": "Банк заданий для 5–7 классов.",
    "problems": "Недостаточно времени у педагогов.",
    "plans": "Расширить курс на 8–9 классы.",
    "date": "20.05.2026",
    "signer": "Орлова Н.П.",
    "signature": "подписано",
}
DISSEMINATION = [
    {
        "event": "Муниципальный семинар «Функциональная грамотность»",
        "date": "12.02.2026",
        "level": "муниципальный",
        "link": "https://example.org/seminar",
    },
]
REPORT_TABLES = {"dissemination": DISSEMINATION}


from docflow.forms.fill import _heading_index, blank, fill, to_bytes  # noqa: E402,F401


def delete_instructions(doc) -> None:
    for p in list(doc.paragraphs):
        if p.style.name == "Form Instruction" or (
            p.runs and all(r.italic for r in p.runs if r.text.strip()) and p.text.strip()
        ):
            p._p.getparent().remove(p._p)


def change_label_case(doc) -> None:
    """Upper-case labels, add colons and double spaces; lower-case one heading with a typo."""
    for table in doc.tables[:2]:
        for row in table.rows:
            cell = row.cells[0]
            cell.text = "  " + cell.text.upper().replace(" ", "  ") + ":"
    for p in doc.paragraphs:
        if p.text.strip() == "4. Цель проекта":
            p.text = "4) цель  проэкта:"


def add_extra_rows(doc) -> None:
    org = doc.tables[0]
    row = org.add_row()
    row.cells[0].text = "Официальный сайт"
    row.cells[1].text = "https://school7.example.org"
    plan = next(t for t in doc.tables if t.rows[0].cells[0].text.strip() == "Этап")
    plan.add_row()  # an empty row left at the end


def merge_cells(doc) -> None:
    """A merged heading row in the first table; the label and value cells of «Тема проекта» merged
    into one; the stage cell merged over two plan rows."""
    org = doc.tables[0]
    row = org.add_row()
    merged = row.cells[0].merge(row.cells[1])
    merged.text = "Контактная информация"
    for row in doc.tables[1].rows:
        if row.cells[0].text.strip() == "Тема проекта":
            row.cells[0].merge(row.cells[1])  # keeps both paragraphs: label, then value
    plan = next(t for t in doc.tables if t.rows[0].cells[0].text.strip() == "Этап")
    extra = plan.add_row()
    extra.cells[1].text = "Обучение педагогов"
    extra.cells[2].text = "01.01.2028"
    extra.cells[3].text = "31.03.2028"
    top = plan.rows[len(plan.rows) - 2].cells[0]
    top.merge(extra.cells[0])
    top.paragraphs[-1].text = "" if len(top.paragraphs) > 1 else top.paragraphs[-1].text
    for p in top.paragraphs[1:]:
        p._p.getparent().remove(p._p)


def use_content_controls(doc) -> None:
    """Values inside content controls, as Word templates with fields produce them."""
    for table in doc.tables[:2]:
        for row in table.rows:
            for p in row.cells[1].paragraphs:
                wrap_runs_in_content_control(p._p, "value")
    for p in doc.paragraphs:
        if p.text.strip() and p.style.name == "Normal":
            wrap_in_content_control(p._p, "section")
    plan = next(t for t in doc.tables if t.rows[0].cells[0].text.strip() == "Этап")
    wrap_in_content_control(plan._tbl, "plan")
    org = doc.tables[0]
    wrap_in_content_control(org.rows[4].cells[1]._tc, "email-cell")  # a cell-level control
    wrap_in_content_control(org.rows[3]._tr, "phone-row")  # a row-level control


def paste_into_letter(doc):
    """The whole form pasted into a cover letter: no form properties, extra text and a table."""
    letter = Document()
    letter.styles["Normal"].font.size = Pt(14)
    head = letter.add_table(rows=1, cols=2)
    head.cell(0, 0).text = "МБОУ «СОШ № 7»\nг. Северореченск, ул. Лесная, 1"
    head.cell(0, 1).text = "Начальнику управления образования"
    letter.add_paragraph("Уважаемая Ирина Сергеевна!")
    letter.add_paragraph(
        "Направляем документы для рассмотрения на заседании муниципального методического совета."
    )
    body = letter.element.body
    sect = body[-1]
    for el in doc.element.body:
        if el.tag.endswith("}sectPr"):
            continue
        sect.addprevious(copy.deepcopy(el))
    tail = letter.add_paragraph("Директор школы Орлова Н.П.")
    sect.addprevious(tail._p)
    return letter


def free_form(form_type: str, values: dict[str, str]):
    """A document typed from scratch: bold headings with text under them, no tables."""
    form = FORMS[form_type]
    doc = Document()
    doc.add_paragraph(form.title).runs[0].bold = True
    doc.add_paragraph(form.subtitle)
    for block in form.blocks:
        for fdef in block.fields:
            if fdef.key in values and block.kind in (CELLS, SECTION):
                p = doc.add_paragraph()
                p.add_run(fdef.label).bold = True
                for line in values[fdef.key].split("\n"):
                    doc.add_paragraph(line)
    return doc


HOME_MADE_PLAN = [
    ("Подготовительный", "Анализ условий", "сентябрь – декабрь 2025", "Программа курса"),
    ("Основной", "Апробация программы", "с 01.01.2026 по 31.12.2027", "Банк заданий"),
    ("Обобщающий", "Диссеминация", "январь 2028 - май 2028", "Рекомендации"),
]


def home_made(values: dict[str, str]):
    """A free-form application with its own tables: «Сроки» as one column, a «№ п/п» column,
    headings in Word's Heading 1 style."""
    doc = free_form("application", values)
    doc.add_heading("Этапы реализации проекта", level=1)
    plan = doc.add_table(rows=1, cols=5)
    for cell, text in zip(
        plan.rows[0].cells, ["№ п/п", "Этапы", "Содержание", "Сроки", "Результат"], strict=True
    ):
        cell.text = text
    for n, (stage, work, term, result) in enumerate(HOME_MADE_PLAN, start=1):
        for cell, text in zip(plan.add_row().cells, [str(n), stage, work, term, result], strict=True):
            cell.text = text
    doc.add_heading("Проектная команда", level=1)
    team = doc.add_table(rows=1, cols=3)
    for cell, text in zip(team.rows[0].cells, ["Ф.И.О.", "Должность", "Функции в проекте"], strict=True):
        cell.text = text
    for member in TEAM:
        for cell, key in zip(team.add_row().cells, ["name", "position", "role"], strict=True):
            cell.text = member[key]
    return doc


def soffice_available() -> bool:
    return shutil.which("soffice") is not None


def resave_with_libreoffice(data: bytes) -> bytes:
    with tempfile.TemporaryDirectory(prefix="docflow-test-lo-") as tmp:
        src = Path(tmp) / "form.docx"
        src.write_bytes(data)
        out = Path(tmp) / "out"
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{tmp}/profile",
                "--headless",
                "--convert-to",
                "docx",
                "--outdir",
                str(out),
                str(src),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return (out / "form.docx").read_bytes()


def hand_edits(doc) -> None:
    """What a hurried hand does: a typo and a colon in a label, the value on the heading line,
    a shortened heading, placeholder underscores left around a value."""
    for table in doc.tables:
        for row in table.rows:
            label = row.cells[0].text.strip()
            if label == "Тема проекта":
                row.cells[0].text = "Тема  проэкта:"
            elif label == "Руководитель образовательной организации (ФИО)":
                row.cells[1].text = "Орлова Н.П. ______________"
    paras = doc.paragraphs
    for i, p in enumerate(paras):
        if p.text.strip() == "4. Цель проекта":
            value = next(q for q in paras[i + 1 :] if q.text.strip() and q.style.name != "Form Instruction")
            p.text = "Цель проекта: " + value.text
            value._p.getparent().remove(value._p)
        elif p.text.strip() == "3. Актуальность проекта":
            p.text = "3. АКТУАЛЬНОСТЬ"


def track_changes(doc, key: str = "goal", old: str = "Старая формулировка цели.") -> None:
    """Edit the first paragraph of a section with track changes on (the deletion stays in the file)."""
    from docflow.forms.docx_xml import mark_as_tracked_change

    label = FORMS["application"].fields[key].label
    i = next(n for n, p in enumerate(doc.paragraphs) if p.text.strip().endswith(label))
    target = next(p for p in doc.paragraphs[i + 1 :] if p.text.strip() and p.style.name != "Form Instruction")
    mark_as_tracked_change(target._p, old)


def single_term_row(doc, term: str = "с 01.09.2025 по 31.05.2028") -> None:
    """The two date rows replaced by one «Срок реализации проекта» row."""
    table = next(t for t in doc.tables if t.rows[0].cells[0].text.strip() == "Тема проекта")
    rows = {r.cells[0].text.strip(): r for r in table.rows}
    rows["Дата начала реализации проекта"].cells[0].text = "Срок реализации проекта"
    rows["Дата начала реализации проекта"].cells[1].text = term
    end_row = rows["Дата окончания реализации проекта"]._tr
    end_row.getparent().remove(end_row)
