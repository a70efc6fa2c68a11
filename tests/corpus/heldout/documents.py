"""The held-out set: school documents in layouts and wordings the first corpus does not use,
each with a hand-written expectation.

Written without knowledge of how docflow reads documents; only tests/corpus/schools (its
writer and its `Expect`) is reused. Each layout function writes one kind of document as a school
secretary would type it in Word; `blank` maps a section key to what the school left under its
heading (None: nothing at all).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable

from docx.shared import Cm

from tests.corpus.heldout.content import P, Project, R, Report, S, School
from tests.corpus.heldout.writer import HDoc
from tests.corpus.schools.documents import KEYS, Expect

Blank = dict[str, str | None]
DIRECTIONS = (
    "Цифровая образовательная среда",
    "Функциональная грамотность обучающихся",
    "Воспитание и социализация",
    "Инклюзивное образование",
    "Профессиональное развитие педагогов",
    "Эффективные практики выхода из списка школ с низкими образовательными результатами",
)


def _q(text: str) -> str:
    return text if text.startswith("«") else f"«{text}»"


def _fill(doc: HDoc, blank: Blank, key: str, write: Callable[[], None]) -> None:
    """Write a section's content, or what the school left instead of it."""
    if key in blank:
        if blank[key] is not None:
            doc.justify(blank[key])
    else:
        write()


def _sig_cells(doc: HDoc, school: School, date: str) -> None:
    """The signature as a borderless table of two cells and a date paragraph under it."""
    doc.empty()
    doc.table([[school.head_title, school.head_short]], style=None, widths=(10, 6.5))
    doc.p(date, indent=None)


def _sig_line(doc: HDoc, school: School, date: str, *, what: str = "") -> None:
    doc.empty()
    doc.p(f"{school.head_title} {what or school.short}\t____________\t{school.head_short}",
          indent=None)
    doc.p(date, indent=None)


def _approval_blocks(doc: HDoc, school: School, *, agreed: str, date: str) -> None:
    """«СОГЛАСОВАНО» on the left, «УТВЕРЖДАЮ» on the right, as a borderless table."""
    doc.table([[f"СОГЛАСОВАНО\n\n{agreed}\n\n(протокол № 3 от {date})",
                f"УТВЕРЖДАЮ\n\n{school.head_title} {school.short}\n\n"
                f"__________ {school.head_short}\n\nприказ № 58-о от {date}"]],
              style=None, widths=(8.5, 8))


def _stage_prose(doc: HDoc, proj: Project) -> None:
    ordinals = ("Первый", "Второй", "Третий", "Четвёртый")
    for i, (name, dates, work) in enumerate(proj.stages):
        doc.justify(f"{ordinals[i]} этап ({dates}) — {name.split('—')[-1].strip().lower()}: "
                    f"{work}.")


# ---------------------------------------------------------------------------------------------
# Applications
# ---------------------------------------------------------------------------------------------

def app_razdel(school: School, proj: Project, *, blank: Blank | None = None,
               date: str = "«12» февраля 2026 г.") -> bytes:
    """Layout «razdel_subitems»: Heading 1 «Раздел 1. Общие сведения», the sections as Heading 2
    sub-items «1.1. …» in the school's own words («Проблемное поле», «Целевые ориентиры»,
    «Перечень мероприятий», «Ресурсы, необходимые для реализации», «Контактное лицо»); tasks as a
    Word list numbered «а)»; the signature as two cells and a date."""
    blank = blank or {}
    doc = HDoc(author="Кравченко С.И.")
    doc.center("ЗАЯВКА", size=14)
    doc.center("на присвоение статуса муниципальной инновационной площадки", bold=False)
    doc.empty()
    c_name, c_phone, c_mail = proj.contact
    doc.heading("Раздел 1. Общие сведения", 1)
    doc.heading("1.1. Образовательная организация", 2)
    _fill(doc, blank, "org_name", lambda: doc.justify(school.full))
    doc.heading("1.2. Руководитель проекта", 2)
    _fill(doc, blank, "project_lead", lambda: doc.justify(proj.lead))
    doc.heading("1.3. Контактное лицо", 2)
    _fill(doc, blank, "contacts", lambda: doc.justify(
        f"{c_name}, тел. {c_phone}, e-mail: {c_mail}"))
    doc.heading("Раздел 2. Концепция проекта", 1)
    doc.heading("2.1. Тема", 2)
    _fill(doc, blank, "topic", lambda: doc.justify(_q(proj.topic)))
    doc.heading("2.2. Направление", 2)
    _fill(doc, blank, "direction", lambda: doc.justify(proj.direction))
    doc.heading("2.3. Проблемное поле", 2)
    _fill(doc, blank, "relevance", lambda: doc.texts(proj.relevance))
    doc.heading("2.4. Целевые ориентиры", 2)
    _fill(doc, blank, "goal", lambda: doc.justify(proj.goal))
    doc.heading("2.5. Задачи", 2)
    _fill(doc, blank, "tasks", lambda: doc.numbered(proj.tasks, fmt="russianLower",
                                                     lvl_text="%1)"))
    doc.heading("2.6. Ожидаемые эффекты", 2)
    _fill(doc, blank, "outcomes", lambda: doc.dashes(proj.outcomes))
    doc.heading("Раздел 3. Механизмы реализации", 1)
    doc.heading("3.1. Перечень мероприятий", 2)
    _fill(doc, blank, "stages", lambda: doc.table(
        [["№", "Мероприятие", "Сроки"]]
        + [[f"{i}.", f"{name}: {work}", dates]
           for i, (name, dates, work) in enumerate(proj.stages, 1)],
        header=True, widths=(1, 11, 4.5)))
    doc.heading("3.2. Ресурсы, необходимые для реализации", 2)
    _fill(doc, blank, "resources", lambda: [doc.justify(f"{k}: {v}.")
                                            for k, v in proj.resources])
    if "signature" not in blank:
        _sig_cells(doc, school, date)
    return doc.bytes()


def app_explanatory(school: School, proj: Project, *, date: str = "13.02.2026") -> bytes:
    """Layout «explanatory_note»: the school's name only as a letterhead line; parts «I.
    ПОЯСНИТЕЛЬНАЯ ЗАПИСКА», «II. …» with sub-items in bold italics that end with a period
    («1.1. Обоснование выбора темы.»); goal and tasks under «Целевые ориентиры»; stages in prose;
    the outcomes straight under a part heading; lead and contacts under «Сведения о
    разработчиках»."""
    doc = HDoc(author=proj.lead.split(",")[0])
    doc.center(school.full, bold=False, size=11)
    doc.center(school.address, bold=False, size=10)
    doc.empty()
    doc.center(f"Инновационный проект {_q(proj.topic)}")
    doc.p(("(заявка на присвоение статуса муниципальной инновационной площадки)", "i"),
          align="center", indent=None)
    doc.empty()

    def part(title: str) -> None:
        doc.p((title, "b"), align="center", indent=None)

    def item(title: str) -> None:
        doc.p((title, "bi"), indent=None)

    part("I. ПОЯСНИТЕЛЬНАЯ ЗАПИСКА")
    item("1.1. Обоснование выбора темы.")
    doc.texts(proj.relevance)
    item("1.2. Направление инновационной деятельности.")
    doc.justify(f"Проект соответствует направлению «{proj.direction}».")
    item("1.3. Целевые ориентиры.")
    doc.justify(proj.goal)
    doc.justify("Для достижения цели предполагается решить следующие задачи:")
    doc.numbered(proj.tasks)
    part("II. СОДЕРЖАНИЕ И МЕХАНИЗМЫ РЕАЛИЗАЦИИ")
    item("2.1. Этапы реализации.")
    _stage_prose(doc, proj)
    item("2.2. Ресурсное обеспечение.")
    for kind, text in proj.resources:
        doc.justify(f"{kind} ресурсы — {text}.")
    part("III. ОЖИДАЕМЫЕ РЕЗУЛЬТАТЫ")
    doc.bullets(proj.outcomes)
    part("IV. СВЕДЕНИЯ О РАЗРАБОТЧИКАХ")
    c_name, c_phone, c_mail = proj.contact
    doc.justify(f"Руководитель проекта — {proj.lead}.")
    doc.justify(f"Контактное лицо — {c_name}, тел. {c_phone}, E-mail: {c_mail}")
    _sig_line(doc, school, date, what="гимназии")
    return doc.bytes()


def app_passport3(school: School, proj: Project, *, blank: Blank | None = None,
                  date: str = "«10» февраля 2026 г.") -> bytes:
    """Layout «passport_3col»: the whole application as «Паспорт инновационного проекта», a
    table № п/п | Параметр | Описание; the title row merged over three columns; each task and
    each contact on its own row, their «№» and «Параметр» cells merged down (vMerge)."""
    blank = blank or {}
    doc = HDoc(author="Зайцева Е.М.")
    doc.center("ЗАЯВКА на присвоение статуса муниципальной инновационной площадки")
    doc.empty()
    rows: list[list] = [[("Паспорт инновационного проекта", "b"), None, None],
                        [("№ п/п", "b"), ("Параметр", "b"), ("Описание", "b")]]
    merges = [((0, 0), (0, 2))]
    c_name, c_phone, c_mail = proj.contact
    values = {
        "org_name": [school.full],
        "topic": [proj.topic],
        "direction": [proj.direction],
        "relevance": ["\n\n".join(proj.relevance)],
        "goal": [proj.goal],
        "tasks": [f"{i}. {t}" for i, t in enumerate(proj.tasks, 1)],
        "outcomes": ["\n\n".join(o.rstrip(";.") + "." for o in proj.outcomes)],
        "stages": [f"{n} ({d}): {w}." for n, d, w in proj.stages],
        "resources": ["\n\n".join(f"{k}: {v}." for k, v in proj.resources)],
        "project_lead": [proj.lead],
        "contacts": [c_name, f"тел. {c_phone}", f"e-mail: {c_mail}"],
    }
    labels = (("org_name", "Полное наименование образовательной организации"),
              ("topic", "Тема проекта"), ("direction", "Направление"),
              ("relevance", "Обоснование актуальности"), ("goal", "Цель"),
              ("tasks", "Задачи"), ("outcomes", "Планируемые результаты"),
              ("stages", "Этапы и сроки"), ("resources", "Ресурсное обеспечение"),
              ("project_lead", "Научный руководитель / руководитель проекта"),
              ("contacts", "Контактные данные"))
    for n, (key, label) in enumerate(labels, 1):
        cells = [blank[key]] if key in blank else values[key]
        first = len(rows)
        for i, value in enumerate(cells):
            rows.append([f"{n}." if i == 0 else None, label if i == 0 else None, value])
        if len(cells) > 1:
            merges += [((first, 0), (len(rows) - 1, 0)), ((first, 1), (len(rows) - 1, 1))]
    doc.table(rows, widths=(1.3, 5.2, 10), merges=merges)
    if "signature" not in blank:
        _sig_line(doc, school, date)
        doc.p("М.П.", indent=None)
    return doc.bytes()


def app_list_labels(school: School, proj: Project, *, date: str = "11.02.2026") -> bytes:
    """Layout «numbered_list_labels»: the sections as items of one Word numbered list, each
    opening with its bold name and a colon and going on with the text in the same paragraph;
    longer sections continue in indented paragraphs outside the list. Typos in two labels
    («Актуальнасть», «Задачии»), «E-mail:»."""
    doc = HDoc(author="Фомина К.О.")
    doc.center("Заявка")
    doc.center("на присвоение статуса муниципальной инновационной площадки", bold=False)
    doc.empty()
    nid = doc.new_list()
    c_name, c_phone, c_mail = proj.contact

    def item(label: str, text: str) -> None:
        doc.list_item(nid, (label + ":", "b"), " " + text)

    def more(text: str) -> None:
        doc.p(text, indent=None, align="justify").paragraph_format.left_indent = Cm(1.27)

    item("Наименование учреждения", school.full)
    item("Тема", _q(proj.topic))
    item("Направление", proj.direction)
    item("Актуальнасть", proj.relevance[0])
    for t in proj.relevance[1:]:
        more(t)
    item("Цель", proj.goal)
    item("Задачии", proj.tasks[0][0].lower() + proj.tasks[0][1:].rstrip(".") + ";")
    for t in proj.tasks[1:]:
        more(t[0].lower() + t[1:].rstrip(".") + ";")
    item("Ожидаемые результаты", proj.outcomes[0])
    for t in proj.outcomes[1:]:
        more(t)
    item("Этапы", "; ".join(f"{n.lower()} ({d}) – {w}" for n, d, w in proj.stages) + ".")
    item("Ресурсы", "; ".join(f"{k.lower()} – {v}" for k, v in proj.resources) + ".")
    item("Руководитель", proj.lead)
    item("Контакты", f"{c_name}, тел. {c_phone}, E-mail: {c_mail}")
    doc.empty()
    doc.p(f"{school.head_title} {school.short}\t\t_________ {school.head_short}", indent=None)
    doc.p(date, indent=None)
    return doc.bytes()


TITLE_TOC = (
    ("relevance", "Обоснование выбора темы"),
    ("direction", "Направление инновационной деятельности"),
    ("goal", "Цель и задачи проекта"),
    ("outcomes", "Прогнозируемые результаты"),
    ("stages", "Этапы и сроки реализации"),
    ("resources", "Ресурсы, необходимые для реализации"),
    ("project_lead", "Сведения о руководителе и контактном лице"),
)


def app_title_page(school: School, proj: Project, *, date: str = "«16» февраля 2026 г.",
                   survey_note: str = "") -> bytes:
    """Layout «title_page_toc»: a title page (letterhead, «СОГЛАСОВАНО / УТВЕРЖДАЮ» blocks, the
    title, the city and year at the bottom), a table of contents (a TOC field over bookmarked
    headings), then numbered Heading 1 sections; a footnote in the relevance."""
    doc = HDoc(author="Чернова В.А.")
    doc.center(school.full, size=11)
    doc.empty()
    _approval_blocks(doc, school, agreed="Управляющий совет МАОУ «СОШ № 6»", date="30.01.2026")
    doc.empty(3)
    doc.center("ИННОВАЦИОННЫЙ ПРОЕКТ", size=16)
    doc.center(_q(proj.topic), size=14)
    doc.center("(заявка на присвоение статуса муниципальной инновационной площадки)",
               bold=False)
    doc.empty(6)
    doc.right(f"Руководитель проекта: {proj.lead}")
    doc.empty(6)
    doc.center("Светлоозёрск", bold=False)
    doc.center("2026", bold=False)
    doc.page_break()
    doc.center("СОДЕРЖАНИЕ")
    marks = [(f"{i}. {title}", f"_Toc22450{i:03d}", 3 + i // 2)
             for i, (_, title) in enumerate(TITLE_TOC, 1)]
    doc.toc(marks)
    doc.page_break()
    for (key, _), (title, mark, _) in zip(TITLE_TOC, marks, strict=True):
        doc.bookmarked_heading(title, mark, 1)
        if key == "relevance":
            doc.footnote(doc.justify(proj.relevance[0]), survey_note)
            doc.texts(proj.relevance[1:])
            doc.justify(f"Проект реализует {school.full}.")
        elif key == "direction":
            doc.justify(proj.direction)
        elif key == "goal":
            doc.label("Цель:", proj.goal)
            doc.p(("Задачи:", "b"), indent=1.25)
            doc.numbered(proj.tasks)
        elif key == "outcomes":
            doc.bullets(proj.outcomes)
        elif key == "stages":
            doc.table([["Этап", "Сроки", "Содержание"]] + [list(s) for s in proj.stages],
                      header=True, widths=(4, 4.5, 8))
        elif key == "resources":
            for kind, text in proj.resources:
                doc.label(f"{kind}:", text)
        else:
            c_name, c_phone, c_mail = proj.contact
            doc.justify(f"Руководитель проекта: {proj.lead}.")
            doc.justify(f"Контактное лицо: {c_name}; тел. {c_phone}; e-mail {c_mail}.")
    _sig_line(doc, school, date)
    return doc.bytes()


def app_reordered(school: School, proj: Project, *, date: str = "09.02.2026") -> bytes:
    """Layout «reordered_period_headings»: the committee's sections in an order of the school's
    own, as Heading 2 titles that end with a period; «тел.» and lower-case «e-mail»."""
    doc = HDoc(author="Рябова Д.А.")
    doc.title("Заявка на присвоение статуса МИП")
    c_name, c_phone, c_mail = proj.contact
    doc.heading("Тема проекта.", 2)
    doc.justify(_q(proj.topic))
    doc.heading("Организация-заявитель.", 2)
    doc.justify(school.full)
    doc.heading("Цель проекта.", 2)
    doc.justify(proj.goal)
    doc.heading("Задачи проекта.", 2)
    doc.numbered(proj.tasks, lvl_text="%1)")
    doc.heading("Почему проект нужен городу.", 2)
    doc.texts(proj.relevance)
    doc.heading("Механизмы реализации.", 2)
    doc.table([["Этап", "Сроки", "Содержание работы"]] + [list(s) for s in proj.stages],
              header=True, widths=(4, 5, 7.5))
    doc.heading("Ожидаемые результаты.", 2)
    doc.dashes(proj.outcomes)
    doc.heading("Ресурсы, необходимые для реализации.", 2)
    for kind, text in proj.resources:
        doc.justify(f"{kind}: {text}.")
    doc.heading("Направление.", 2)
    doc.justify(proj.direction)
    doc.heading("Руководитель проекта.", 2)
    doc.justify(proj.lead)
    doc.heading("Контактное лицо.", 2)
    doc.justify(c_name)
    doc.justify(f"тел. {c_phone}")
    doc.justify(f"e-mail: {c_mail}")
    _sig_cells(doc, school, date)
    return doc.bytes()


def app_letter_items(school: School, proj: Project, *, blank: Blank | None = None) -> bytes:
    """Layout «lettered_dash_items»: one typed item per section, «а) наименование организации –
    …», the name in lower case and the text after an en dash in the same paragraph; lists run
    inline with semicolons."""
    blank = blank or {}
    doc = HDoc(author="Лаптева Г.И.")
    doc.center("Заявка на присвоение статуса муниципальной инновационной площадки")
    doc.p(f"{school.short}, пос. Северный", align="center", indent=None)
    doc.empty()
    c_name, c_phone, c_mail = proj.contact
    text = {
        "org_name": school.full,
        "topic": _q(proj.topic),
        "direction": proj.direction.lower(),
        "relevance": " ".join(proj.relevance),
        "goal": proj.goal[0].lower() + proj.goal[1:],
        "tasks": "; ".join(t[0].lower() + t[1:].rstrip(".") for t in proj.tasks) + ".",
        "outcomes": " ".join(proj.outcomes),
        "stages": "; ".join(f"{n} этап ({d}) – {w}" for n, d, w in proj.stages) + ".",
        "resources": "; ".join(f"{k.lower()}: {v}" for k, v in proj.resources) + ".",
        "project_lead": proj.lead,
        "contacts": f"{c_name}, тел. {c_phone}, e-mail: {c_mail}",
    }
    names = (("org_name", "наименование организации"), ("topic", "тема проекта"),
             ("direction", "направление"), ("relevance", "актуальность"), ("goal", "цель"),
             ("tasks", "задачи"), ("outcomes", "ожидаемые результаты"),
             ("stages", "этапы реализации"), ("resources", "ресурсы"),
             ("project_lead", "руководитель проекта"), ("contacts", "контактное лицо"))
    for letter, (key, name) in zip("абвгдежзикл", names, strict=True):
        value = blank[key] if key in blank else text[key]
        doc.p(f"{letter}) {name} – {value or ''}".rstrip(), align="justify")
    if "signature" not in blank:
        _sig_line(doc, school, "10.02.2026")
    return doc.bytes()


def app_caps_checkbox(school: School, proj: Project, *, blank: Blank | None = None,
                      checked: bool = True, date: str = "«11» февраля 2026 г.") -> bytes:
    """Layout «caps_checkbox»: bold CAPS headings «1) … .» ending with a period; the direction
    chosen by marking one of the committee's six directions ☒ (the others ☐)."""
    blank = blank or {}
    doc = HDoc(author="Щербакова Е.В.")
    doc.center("ЗАЯВКА")
    doc.center("на присвоение статуса муниципальной инновационной площадки", bold=False)
    doc.empty()
    c_name, c_phone, c_mail = proj.contact

    def direction() -> None:
        doc.p(("(отметить нужное)", "i"), indent=None)
        for d in DIRECTIONS:
            mark = "☒" if checked and d == proj.direction else "☐"
            doc.p(f"{mark} {d}", indent=0.5)

    sections = (
        ("org_name", "ПОЛНОЕ НАИМЕНОВАНИЕ ОО.", lambda: doc.justify(school.full)),
        ("topic", "ТЕМА ПРОЕКТА.", lambda: doc.justify(_q(proj.topic))),
        ("direction", "НАПРАВЛЕНИЕ.", direction),
        ("relevance", "ОБОСНОВАНИЕ АКТУАЛЬНОСТИ.", lambda: doc.texts(proj.relevance)),
        ("goal", "ЦЕЛЬ.", lambda: doc.justify(proj.goal)),
        ("tasks", "ЗАДАЧИ.", lambda: doc.dashes(proj.tasks)),
        ("outcomes", "ОЖИДАЕМЫЕ РЕЗУЛЬТАТЫ.", lambda: doc.dashes(proj.outcomes)),
        ("stages", "ЭТАПЫ РЕАЛИЗАЦИИ.", lambda: doc.texts(
            f"{n} этап: {d}, {w}." for n, d, w in proj.stages)),
        ("resources", "РЕСУРСНОЕ ОБЕСПЕЧЕНИЕ.", lambda: doc.texts(
            f"{k}: {v}." for k, v in proj.resources)),
        ("project_lead", "РУКОВОДИТЕЛЬ ПРОЕКТА.", lambda: doc.justify(proj.lead)),
        ("contacts", "КОНТАКТЫ.", lambda: doc.justify(f"{c_name}, тел. {c_phone}, "
                                                      f"E-mail: {c_mail}")),
    )
    for n, (key, title, write) in enumerate(sections, 1):
        doc.p((f"{n}) {title}", "b"), indent=None)
        if key == "direction" and not checked:
            direction()
        else:
            _fill(doc, blank, key, write)
    if "signature" not in blank:
        _sig_cells(doc, school, date)
    return doc.bytes()


def app_prose_footnotes(school: School, proj: Project, *, date: str = "20.02.2026") -> bytes:
    """Layout «heading3_footnotes»: a kindergarten's project under Heading 3 titles in its own
    words («Проблемное поле», «Целевые ориентиры», «Прогнозируемые результаты», «Перечень
    мероприятий», «Автор проекта»), the organisation named in the opening sentence, literature
    in footnotes."""
    doc = HDoc(author="Савельева О.П.")
    doc.title("Проект")
    doc.center(_q(proj.topic), bold=False)
    doc.p(("Направление: ", "b"), proj.direction, indent=None)
    para = doc.justify(f"Проект разработан педагогическим коллективом {school.full} для "
                       "участия в конкурсном отборе на присвоение статуса муниципальной "
                       "инновационной площадки.")
    doc.heading("Проблемное поле", 3)
    para = doc.justify(proj.relevance[0])
    doc.footnote(para, "Федеральная образовательная программа дошкольного образования, "
                       "утверждена приказом Минпросвещения России от 25.11.2022 № 1028.")
    para = doc.justify(proj.relevance[1])
    doc.footnote(para, "Анкетирование родителей воспитанников старших и подготовительных "
                       "групп, октябрь 2025 г., 58 анкет.")
    doc.heading("Целевые ориентиры", 3)
    doc.justify(proj.goal)
    doc.heading("Задачи", 3)
    doc.numbered(proj.tasks)
    doc.heading("Прогнозируемые результаты", 3)
    doc.bullets(proj.outcomes)
    doc.heading("Перечень мероприятий", 3)
    doc.table([["Этап", "Период", "Мероприятия"]] + [list(s) for s in proj.stages],
              header=True, widths=(4, 5, 7.5))
    doc.heading("Ресурсы, необходимые для реализации", 3)
    doc.dashes(f"{k.lower()}: {v}" for k, v in proj.resources)
    doc.heading("Автор проекта", 3)
    doc.justify(proj.lead)
    doc.heading("Контактное лицо", 3)
    c_name, c_phone, c_mail = proj.contact
    doc.justify(f"{c_name}, тел.: {c_phone}, эл. почта: {c_mail}")
    _sig_line(doc, school, date)
    return doc.bytes()


def app_borderless(school: School, proj: Project, *, date: str = "12.02.2026") -> bytes:
    """Layout «borderless_checkbox_table»: a two-column table without borders, italic labels on
    the left; the direction ☒ marked in the committee's list; the signature as two cells."""
    doc = HDoc(author="Осипова И.С.")
    doc.center("Заявка образовательной организации на присвоение статуса муниципальной "
               "инновационной площадки")
    doc.empty()
    c_name, c_phone, c_mail = proj.contact
    direction = "\n\n".join(("☒ " if d == proj.direction else "☐ ") + d for d in DIRECTIONS)
    rows = [
        [("Заявитель", "i"), school.full],
        [("Название проекта", "i"), _q(proj.topic)],
        [("Направление (отметить)", "i"), direction],
        [("Обоснование выбора темы", "i"), "\n\n".join(proj.relevance)],
        [("Цель", "i"), proj.goal],
        [("Задачи", "i"), "\n\n".join(f"– {t}" for t in proj.tasks)],
        [("Ожидаемые результаты", "i"), "\n\n".join(proj.outcomes)],
        [("Механизмы реализации (этапы)", "i"),
         "\n\n".join(f"{n} ({d}): {w}" for n, d, w in proj.stages)],
        [("Ресурсы", "i"), "\n\n".join(f"{k}: {v}" for k, v in proj.resources)],
        [("Руководитель", "i"), proj.lead],
        [("Контактное лицо, тел., e-mail", "i"), f"{c_name}\n\n{c_phone}\n\n{c_mail}"],
    ]
    doc.table(rows, style=None, widths=(5, 11.5))
    _sig_cells(doc, school, date)
    return doc.bytes()


# ---------------------------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------------------------

def rep_indicator_table(school: School, rep: Report, *, date: str = "27.05.2026") -> bytes:
    """Layout «indicator_table»: the whole report as one table «Показатель | Значение |
    Комментарий» (the figures in «Значение», the substance in «Комментарий»)."""
    doc = HDoc(author="Поляков Д.А.")
    doc.center("Отчёт муниципальной инновационной площадки за 2025/2026 учебный год")
    doc.empty()
    acts = "\n\n".join(f"{w} ({d}): {r}" for w, d, r in rep.activities)
    rows = [
        ["Показатель", "Значение", "Комментарий"],
        ["Образовательная организация", school.full, ""],
        ["Тема проекта", _q(rep.topic), ""],
        ["Отчётный период", rep.period, "второй год реализации"],
        ["Проведённые мероприятия", str(len(rep.activities)), acts],
        ["Достигнутые результаты", "87 %", "\n\n".join(rep.results)],
        ["Трансляция опыта", "1 выступление", "\n\n".join(rep.dissemination)],
        ["Проблемы, возникшие при реализации", "—", rep.problems[0]],
        ["Планы на следующий год", "", "\n\n".join(rep.plans)],
    ]
    doc.table(rows, header=True, widths=(5, 3.5, 8))
    _sig_cells(doc, school, date)
    return doc.bytes()


def rep_razdel_links(school: School, rep: Report, *, date: str = "«29» мая 2026 г.") -> bytes:
    """Layout «razdel_links»: «Раздел 1.»… Heading 1 with Heading 2 sub-items; the
    dissemination under «Информационные ресурсы (публикации, выступления)» as a bulleted list
    of hyperlinks; «Затруднения и пути их преодоления», «Задачи на новый учебный год»."""
    doc = HDoc(author="Смирнова Е.А.")
    doc.title("Отчёт о реализации инновационного проекта")
    doc.heading("Раздел 1. Общая информация", 1)
    doc.heading("1.1. Образовательная организация", 2)
    doc.justify(school.full)
    doc.heading("1.2. Тема проекта", 2)
    doc.justify(_q(rep.topic))
    doc.heading("1.3. Период, за который представлен отчёт", 2)
    doc.justify(rep.period)
    doc.heading("Раздел 2. Содержание деятельности", 1)
    doc.heading("2.1. Перечень мероприятий", 2)
    doc.table([["№", "Мероприятие", "Дата", "Охват"]]
              + [[f"{i}", w, d, r] for i, (w, d, r) in enumerate(rep.activities, 1)],
              header=True, widths=(1, 8, 3.5, 4))
    doc.heading("2.2. Результаты", 2)
    doc.texts(rep.results)
    doc.heading("Раздел 3. Информационные ресурсы (публикации, выступления)", 1)
    nid = doc.new_list("bullet")
    for entry in rep.dissemination:
        if entry.startswith("http"):
            url, note = entry.split(" — ", 1)
            para = doc.list_item(nid)
            doc.link(para, url)
            para.add_run(f" — {note}")
        else:
            doc.list_item(nid, entry)
    doc.heading("Раздел 4. Затруднения и пути их преодоления", 1)
    doc.texts(rep.problems)
    doc.heading("Раздел 5. Задачи на новый учебный год", 1)
    doc.numbered(rep.plans)
    _sig_line(doc, school, date)
    return doc.bytes()


def rep_list_labels(school: School, rep: Report, *, date: str = "25.05.2026") -> bytes:
    """Layout «report_numbered_list_labels»: one Word numbered list, each item a bold name with a
    colon and its text; the school answered «нет» for the problems."""
    doc = HDoc(author="Зайцева Е.М.")
    doc.center("Промежуточный отчёт")
    doc.center("о деятельности муниципальной инновационной площадки", bold=False)
    doc.empty()
    nid = doc.new_list()

    def item(label: str, text: str) -> None:
        doc.list_item(nid, (label + ":", "b"), " " + text)

    item("Организация", school.full)
    item("Тема", _q(rep.topic))
    item("Период", rep.period)
    item("Мероприятия", "; ".join(f"{w} ({d}, {r})" for w, d, r in rep.activities) + ".")
    item("Результаты", " ".join(rep.results))
    item("Информационные ресурсы (публикации, выступления)", " ".join(rep.dissemination))
    item("Проблемы", "нет")
    item("Задачи на новый учебный год", " ".join(rep.plans))
    doc.empty()
    doc.p(f"{school.head_title} лицея\t\t\t{school.head_short}", indent=None)
    doc.p(date, indent=None)
    return doc.bytes()


def rep_reordered(school: School, rep: Report, *, date: str = "26.05.2026") -> bytes:
    """Layout «report_reordered»: bold paragraph headings ending with a period, in the school's
    own order (results first, the period last), a typo «Диссиминация»; the heading of the plans
    left with nothing under it."""
    doc = HDoc(author="Савельева О.П.")
    doc.center("ОТЧЕТ о работе инновационной площадки")
    doc.empty()

    def head(text: str) -> None:
        doc.p((text, "b"), indent=None)

    head("Тема.")
    doc.justify(_q(rep.topic))
    head("Учреждение.")
    doc.justify(school.full)
    head("Достигнутые результаты.")
    doc.dashes(rep.results)
    head("Проведённые мероприятия.")
    doc.table([["Мероприятие", "Сроки", "Итог"]] + [list(a) for a in rep.activities],
              header=True, widths=(7, 4, 5.5))
    head("Диссиминация опыта.")
    doc.dashes(rep.dissemination)
    head("Трудности.")
    doc.texts(rep.problems)
    head("Задачи на следующий период.")
    head("Отчётный период.")
    doc.justify(rep.period)
    _sig_line(doc, school, date, what="МАДОУ № 29")
    return doc.bytes()


def rep_spravka(school: School, rep: Report, *, date: str = "20.01.2026") -> bytes:
    """Layout «spravka_letterhead»: an «Информационная справка» on the school's letterhead (an
    outgoing number), the period named only in the title, Roman parts; «—» under the
    dissemination; the signature as two cells."""
    doc = HDoc(author="Осипова И.С.")
    doc.table([[[(school.full, "b"), (f"\n\n{school.address}\n\nтел. {school.phone}", "")],
                "Председателю Комитета по образованию\n\nадминистрации города "
                "Светлоозёрска\n\nН.В. Громовой"]], style=None, widths=(9, 7.5))
    doc.p(f"исх. № 214 от {date}", indent=None)
    doc.empty()
    doc.center("Информационная справка")
    doc.center(f"о ходе реализации инновационного проекта {_q(rep.topic)} за {rep.period}",
               bold=False)
    doc.empty()
    doc.p(("I. Проведённые мероприятия", "b"), indent=None)
    for w, d, r in rep.activities:
        doc.justify(f"{d[0].upper() + d[1:]} — {w[0].lower() + w[1:]} ({r}).")
    doc.p(("II. Результаты", "b"), indent=None)
    doc.texts(rep.results)
    doc.p(("III. Распространение опыта", "b"), indent=None)
    doc.justify("—")
    doc.p(("IV. Затруднения и пути их преодоления", "b"), indent=None)
    doc.texts(rep.problems)
    doc.p(("V. Задачи на второе полугодие", "b"), indent=None)
    doc.dashes(rep.plans)
    _sig_cells(doc, school, date)
    return doc.bytes()


REP_TOC = (
    ("org_name", "Общие сведения"),
    ("activities", "Реализованные мероприятия"),
    ("results", "Результаты реализации проекта"),
    ("dissemination", "Распространение опыта"),
    ("problems", "Затруднения и пути их преодоления"),
    ("plans", "Перспективы на 2026/2027 учебный год"),
)


def rep_title_toc(school: School, rep: Report, *, date: str = "«30» мая 2026 г.") -> bytes:
    """Layout «report_title_page_toc»: a report with a title page («СОГЛАСОВАНО / УТВЕРЖДАЮ»,
    «Светлоозёрск 2026» at the bottom), a TOC field and bookmarked Heading 1 sections; sources
    in footnotes."""
    doc = HDoc(author="Рябова Д.А.")
    doc.center(school.full, size=11)
    doc.empty()
    _approval_blocks(doc, school, agreed="Педагогический совет ДЮЦ «Горизонт»", date="28.05.2026")
    doc.empty(3)
    doc.center("ОТЧЁТ", size=16)
    doc.center("о реализации инновационного проекта", bold=False, size=14)
    doc.center(_q(rep.topic), size=14)
    doc.center(f"за {rep.period}", bold=False)
    doc.empty(8)
    doc.center("Светлоозёрск", bold=False)
    doc.center("2026", bold=False)
    doc.page_break()
    doc.center("Оглавление")
    marks = [(t, f"_Toc23310{i:03d}", 3 + i // 2) for i, (_, t) in enumerate(REP_TOC, 1)]
    doc.toc(marks)
    doc.page_break()
    for (key, _), (title, mark, _) in zip(REP_TOC, marks, strict=True):
        doc.bookmarked_heading(title, mark, 1)
        if key == "org_name":
            doc.label("Организация:", school.full)
            doc.label("Тема проекта:", _q(rep.topic))
            doc.label("Период:", rep.period)
        elif key == "activities":
            for w, d, r in rep.activities:
                doc.justify(f"{w} ({d}) — {r}.")
        elif key == "results":
            para = doc.justify(rep.results[0])
            doc.footnote(para, "Данные АИС «Навигатор дополнительного образования», "
                               "май 2026 г.")
            doc.texts(rep.results[1:])
        elif key == "dissemination":
            doc.bullets(rep.dissemination)
        elif key == "problems":
            para = doc.justify(rep.problems[0])
            doc.footnote(para, "Акт инвентаризации от 14.04.2026 № 7.")
        else:
            doc.numbered(rep.plans)
    _sig_line(doc, school, date)
    return doc.bytes()


def rep_own_words(school: School, rep: Report) -> bytes:
    """Layout «report_own_words_no_signature»: the school, theme and period in the opening
    sentence; Heading 3 sections in the school's own words; ends with the executor's line
    («Исп.») and no signature of the head."""
    doc = HDoc(author="Лаврова Т.Н.")
    doc.center("Отчёт о работе муниципальной инновационной площадки")
    doc.justify(f"Настоящий отчёт подготовлен {school.short} о реализации инновационного "
                f"проекта {_q(rep.topic)} за {rep.period}.")
    doc.heading("Реализованные мероприятия", 3)
    doc.numbered(f"{w} ({d}): {r}." for w, d, r in rep.activities)
    doc.heading("Достигнутые эффекты", 3)
    doc.texts(rep.results)
    doc.heading("Трансляция опыта", 3)
    doc.texts(rep.dissemination)
    doc.heading("Риски и трудности", 3)
    doc.texts(rep.problems)
    doc.heading("Перспективы", 3)
    doc.dashes(rep.plans)
    doc.empty(2)
    doc.p(("Исп. Лаврова Татьяна Николаевна, заместитель директора по УВР, тел. 8 (34356) "
           "4-19-22", ""), indent=None, size=9)
    return doc.bytes()


def final_products(school: School, rep: Report, *, date: str = "«02» июня 2026 г.") -> bytes:
    """Layout «final_products_table»: a final report under Heading 1 titles of the school's own
    («Что было сделано за период реализации», «Итоги реализации», «Перспективы развития»); the
    products as a table № | Продукт | Вид | Где размещён."""
    doc = HDoc(author="Дьячкова Л.А.")
    doc.title("Итоговый отчёт о реализации инновационного проекта")
    doc.heading("Общие сведения", 1)
    doc.label("Образовательная организация:", school.full)
    doc.label("Тема:", _q(rep.topic))
    doc.label("Срок реализации:", rep.period)
    doc.heading("Что было сделано за период реализации", 1)
    doc.table([["Мероприятие", "Когда", "Участники"]] + [list(a) for a in rep.activities],
              header=True, widths=(8, 4, 4.5))
    doc.heading("Итоги реализации", 1)
    doc.texts(rep.results)
    doc.heading("Продукты инновационной деятельности", 1)
    kinds = ("печатное издание", "картотека", "видеоматериалы")
    doc.table([["№", "Продукт", "Вид", "Где размещён"]]
              + [[f"{i}.", p, k, f"https://{school.domain}/mip/products"]
                 for i, (p, k) in enumerate(zip(rep.products, kinds, strict=True), 1)],
              header=True, widths=(1, 7, 3.5, 5))
    doc.heading("Распространение опыта", 1)
    doc.dashes(rep.dissemination)
    doc.heading("Затруднения", 1)
    doc.texts(rep.problems)
    doc.heading("Перспективы развития", 1)
    doc.texts(rep.plans)
    _sig_line(doc, school, date)
    return doc.bytes()


def final_3col(school: School, rep: Report, *, date: str = "05.06.2026") -> bytes:
    """Layout «final_3col_form»: the final report as a table № п/п | Раздел отчёта | Содержание,
    title row merged (gridSpan), one row per activity with «№» and «Раздел» merged down
    (vMerge); «—» in the products row; dissemination as bare links."""
    doc = HDoc(author="Белоусова А.В.")
    doc.center("Итоговый отчёт муниципальной инновационной площадки")
    doc.empty()
    rows: list[list] = [[(f"{school.short} — итоговый отчёт (2023–2026)", "b"), None, None],
                        ["№ п/п", "Раздел отчёта", "Содержание"]]
    merges = [((0, 0), (0, 2))]
    plain = [("Наименование ОО", school.full), ("Тема проекта", rep.topic),
             ("Период реализации", rep.period)]
    n = 0
    for label, value in plain:
        n += 1
        rows.append([f"{n}.", label, value])
    n += 1
    first = len(rows)
    for i, (w, d, r) in enumerate(rep.activities):
        rows.append([f"{n}." if i == 0 else None, "Мероприятия" if i == 0 else None,
                     f"{w} — {d}, {r}"])
    merges += [((first, 0), (len(rows) - 1, 0)), ((first, 1), (len(rows) - 1, 1))]
    for label, value in (("Результаты", "\n\n".join(rep.results)),
                         ("Распространение опыта (ссылки)", "\n\n".join(rep.dissemination)),
                         ("Продукты", "—"),
                         ("Проблемы", "\n\n".join(rep.problems)),
                         ("Дальнейшие планы", "\n\n".join(rep.plans))):
        n += 1
        rows.append([f"{n}.", label, value])
    doc.table(rows, widths=(1.3, 5, 10.2), merges=merges)
    _sig_cells(doc, school, date)
    return doc.bytes()


# ---------------------------------------------------------------------------------------------
# Not forms
# ---------------------------------------------------------------------------------------------

def working_group_statute(school: School, proj: Project) -> bytes:
    """Layout «statute»: the school's «Положение о рабочей группе» for its project — it names
    the project, its goals and tasks, but as the group's, and is no form."""
    doc = HDoc(author=school.head_short)
    doc.table([["Принято на заседании педагогического совета\n\nпротокол № 4 от 29.01.2026",
                f"УТВЕРЖДЕНО\n\nприказом {school.short}\n\nот 30.01.2026 № 19-о"]],
              style=None, widths=(8.5, 8))
    doc.empty()
    doc.center("ПОЛОЖЕНИЕ")
    doc.center(f"о рабочей группе по реализации инновационного проекта {_q(proj.topic)}",
               bold=False)
    doc.empty()
    doc.p(("1. Общие положения", "b"), indent=None)
    doc.justify(f"1.1. Рабочая группа создаётся в {school.short} для подготовки и реализации "
                "инновационного проекта в статусе муниципальной инновационной площадки.")
    doc.justify("1.2. Рабочая группа действует на основании Федерального закона от 29.12.2012 "
                "№ 273-ФЗ «Об образовании в Российской Федерации», устава школы и настоящего "
                "Положения.")
    doc.p(("2. Цели и задачи рабочей группы", "b"), indent=None)
    doc.justify("2.1. Цель — организационно-методическое сопровождение проекта.")
    doc.justify("2.2. Задачи: планирование мероприятий проекта; подготовка промежуточных и "
                "итоговых отчётов; обобщение и распространение опыта.")
    doc.p(("3. Состав и порядок работы", "b"), indent=None)
    doc.justify(f"3.1. Руководитель рабочей группы — {proj.lead}.")
    doc.justify("3.2. Заседания проводятся не реже одного раза в месяц и оформляются "
                "протоколом.")
    doc.p(("4. Права и ответственность", "b"), indent=None)
    doc.justify("4.1. Члены рабочей группы вправе запрашивать у педагогов сведения, необходимые "
                "для мониторинга, и вносить предложения администрации школы.")
    doc.p(("5. Документация", "b"), indent=None)
    doc.justify("5.1. Протоколы заседаний хранятся у заместителя директора по УВР три года.")
    return doc.bytes()


def methodological_letter(school: School) -> bytes:
    """Layout «methodological_letter»: the school's methodist tells teachers what a report of
    the innovation site must contain — it lists the report's sections but fills none."""
    doc = HDoc(author="Осипова И.С.")
    doc.center(school.full, bold=False, size=11)
    doc.empty()
    doc.center("МЕТОДИЧЕСКОЕ ПИСЬМО")
    doc.center("о подготовке материалов к отчёту муниципальной инновационной площадки",
               bold=False)
    doc.empty()
    doc.justify("Уважаемые коллеги! В срок до 15 мая 2026 года руководителям творческих групп "
                "необходимо представить в методический кабинет материалы для отчёта о "
                "реализации инновационного проекта за 2025/2026 учебный год.")
    doc.justify("В материалах следует отразить:")
    doc.numbered(["перечень проведённых мероприятий с датами и охватом участников;",
                  "достигнутые результаты (с цифрами мониторинга);",
                  "публикации и выступления педагогов (со ссылками);",
                  "возникшие затруднения и предложения по их преодолению;",
                  "задачи на следующий учебный год."])
    doc.justify("Материалы направляются в электронном виде на адрес metod@co5.example. "
                "Шаблон таблицы мероприятий размещён в сетевой папке «МИП/2026».")
    doc.empty()
    doc.p("Методист\t\t\t\t\t\tИ.С. Осипова", indent=None)
    return doc.bytes()


# ---------------------------------------------------------------------------------------------
# The set and its hand-written expectations
# ---------------------------------------------------------------------------------------------

A, IR, FR = "application", "interim_report", "final_report"


def _e(name: str, layout: str, type_: str | None, missing: Iterable[str] = (),
       notes: str = "") -> Expect:
    keys = frozenset(KEYS[type_])
    missing = frozenset(missing)
    if not missing <= keys:
        raise ValueError(f"{name}: unknown keys {sorted(missing - keys)}")
    return Expect(name, layout, type_, keys - missing, missing, notes)


DOCUMENTS: list[tuple[Expect, Callable[[], bytes]]] = [
    # --- applications -------------------------------------------------------------------------
    (_e("h01_sosh31_razdel", "razdel_subitems", A,
        notes="«Раздел 1–3» with sub-items 1.1–3.2 in own words: «Проблемное поле» (relevance), "
              "«Целевые ориентиры» (goal), «Ожидаемые эффекты» (outcomes), «Перечень "
              "мероприятий» (stages, a № | Мероприятие | Сроки table), «Ресурсы, необходимые "
              "для реализации»; lead and contacts come first; signature «Директор» | «И.И. "
              "Петров» cells and a date."),
     lambda: app_razdel(S["sosh31"], P["sosh31"])),
    (_e("h02_gym8_explanatory", "explanatory_note", A,
        notes="Organisation only as the letterhead line, topic only in the title; «I. "
              "ПОЯСНИТЕЛЬНАЯ ЗАПИСКА» with «1.1. Обоснование выбора темы.»; tasks under "
              "«Целевые ориентиры» after the goal; stages in prose under «2.1. Этапы "
              "реализации.»; outcomes right under «III. ОЖИДАЕМЫЕ РЕЗУЛЬТАТЫ»; lead and contact "
              "as sentences under «IV. СВЕДЕНИЯ О РАЗРАБОТЧИКАХ»; signed on a line."),
     lambda: app_explanatory(S["gym8"], P["gym8"])),
    (_e("h03_lyc2_passport3", "passport_3col", A, missing=["resources"],
        notes="Everything in a 3-column «Паспорт инновационного проекта»; tasks and contacts "
              "span several rows with vMerge; the «Ресурсное обеспечение» row has an empty "
              "«Описание» cell → resources missing."),
     lambda: app_passport3(S["lyc2"], P["lyc2"], blank={"resources": None})),
    (_e("h04_ds17_list_labels", "numbered_list_labels", A,
        notes="Sections are items of one Word numbered list «**Label:** text»; typos "
              "«Актуальнасть:», «Задачии:»; continuation paragraphs outside the list; "
              "«E-mail:»; signed by the head of the kindergarten."),
     lambda: app_list_labels(S["ds17"], P["ds17"])),
    (_e("h05_sosh6_title_toc", "title_page_toc", A,
        notes="Title page with letterhead, «СОГЛАСОВАНО/УТВЕРЖДАЮ», «Светлоозёрск / 2026»; a "
              "TOC field repeats every heading (the TOC itself is no content); organisation "
              "named on the letterhead and again at the end of the relevance; topic only on the "
              "title page; contacts «тел. …; e-mail …»; a footnote in the relevance; signature "
              "at the end."),
     lambda: app_title_page(S["sosh6"], P["sosh6"],
                            survey_note="Анонимный опрос обучающихся 7–11 классов, ноябрь "
                                        "2025 г., 388 респондентов.")),
    (_e("h06_dyuc_reordered", "reordered_period_headings", A,
        notes="Heading 2 titles ending with a period in a non-standard order; relevance under "
              "«Почему проект нужен городу.», stages under «Механизмы реализации.», direction "
              "near the end; contacts as «тел.» / «e-mail:» lines; signature cells."),
     lambda: app_reordered(S["dyuc"], P["dyuc"])),
    (_e("h07_oosh40_lettered", "lettered_dash_items", A, missing=["stages", "signature"],
        notes="Items «а) наименование организации – …» in one paragraph each; «з) этапы "
              "реализации –» with nothing after the dash → stages missing; the document ends "
              "after «л) контактное лицо» with no signature."),
     lambda: app_letter_items(S["oosh40"], P["oosh40"],
                              blank={"stages": "", "signature": None})),
    (_e("h08_krp_caps_unchecked", "caps_checkbox", A,
        missing=["direction", "stages", "resources"],
        notes="Bold CAPS headings «1) … .»; the direction is the committee's list with every box "
              "☐ unticked → missing; «ЭТАПЫ РЕАЛИЗАЦИИ.» followed straight by the next heading "
              "→ missing; «РЕСУРСНОЕ ОБЕСПЕЧЕНИЕ.» answered «нет» → missing; signature "
              "«Директор» | «Е.В. Щербакова» and a date."),
     lambda: app_caps_checkbox(S["krp"], P["krp"], checked=False,
                               blank={"stages": None, "resources": "нет"})),
    (_e("h09_ds29_heading3_footnotes", "heading3_footnotes", A,
        notes="Heading 3 titles «Проблемное поле», «Целевые ориентиры», «Прогнозируемые "
              "результаты», «Перечень мероприятий», «Автор проекта» (lead), «Контактное лицо» "
              "(«тел.:», «эл. почта:»); organisation named in the opening sentence, direction "
              "on an inline «Направление:» line; two footnotes in the relevance."),
     lambda: app_prose_footnotes(S["ds29"], P["ds29"])),
    (_e("h10_co5_borderless", "borderless_checkbox_table", A,
        notes="Borderless two-column table with italic labels («Заявитель», «Название "
              "проекта», «Механизмы реализации (этапы)»); direction ☒ ticked in the "
              "committee's list; contacts as three paragraphs in one cell; signature cells."),
     lambda: app_borderless(S["co5"], P["co5"])),
    # --- interim reports ----------------------------------------------------------------------
    (_e("h11_sosh33_indicator_table", "indicator_table", IR,
        notes="One table «Показатель | Значение | Комментарий»; «Проблем не выявлено.» in the "
              "comment of the problems row → present; plans only in the comment column."),
     lambda: rep_indicator_table(S["sosh33"], R["sosh33"])),
    (_e("h12_sosh12_razdel_links", "razdel_links", IR,
        notes="«Раздел 1–5»; dissemination under «Информационные ресурсы (публикации, "
              "выступления)» as a bulleted list of hyperlinks and a citation; problems under "
              "«Затруднения и пути их преодоления», plans under «Задачи на новый учебный год»."),
     lambda: rep_razdel_links(S["sosh12"], R["sosh12"])),
    (_e("h13_lyc2_list_labels", "report_numbered_list_labels", IR, missing=["problems"],
        notes="Numbered Word list of «**Label:** text» items; «Проблемы: нет» → missing."),
     lambda: rep_list_labels(S["lyc2"], R["lyc2"])),
    (_e("h14_ds29_reordered", "report_reordered", IR, missing=["plans"],
        notes="Bold headings ending with a period, results before activities, period last; "
              "typo «Диссиминация опыта.»; «Задачи на следующий период.» directly followed by "
              "the next heading → plans missing."),
     lambda: rep_reordered(S["ds29"], R["ds29"])),
    (_e("h15_co5_spravka", "spravka_letterhead", IR, missing=["dissemination"],
        notes="«Информационная справка» on letterhead (organisation present from it); the "
              "period and theme only in the title line; «III. Распространение опыта» with «—» → "
              "missing; «IV. Затруднения и пути их преодоления» present; signature cells."),
     lambda: rep_spravka(S["co5"], R["co5"])),
    (_e("h16_dyuc_title_toc", "report_title_page_toc", IR,
        notes="Title page with «СОГЛАСОВАНО/УТВЕРЖДАЮ» and «Светлоозёрск 2026», an «Оглавление» "
              "TOC field, bookmarked Heading 1 sections; organisation, theme and period as "
              "inline labels under «Общие сведения»; plans under «Перспективы на 2026/2027 "
              "учебный год»; footnotes."),
     lambda: rep_title_toc(S["dyuc"], R["dyuc"])),
    (_e("h17_sosh19_no_signature", "report_own_words_no_signature", IR, missing=["signature"],
        notes="Organisation (short name), theme and period in the opening sentence; Heading 3 "
              "«Реализованные мероприятия», «Достигнутые эффекты», «Трансляция опыта», «Риски и "
              "трудности», «Перспективы»; ends with the executor's line «Исп. …», nobody signs "
              "→ signature missing."),
     lambda: rep_own_words(S["sosh19"], R["sosh19"])),
    # --- final reports ------------------------------------------------------------------------
    (_e("h18_ds8_final_products", "final_products_table", FR,
        notes="Final report; activities under «Что было сделано за период реализации», results "
              "«Итоги реализации», products as a № | Продукт | Вид | Где размещён table, plans "
              "«Перспективы развития»."),
     lambda: final_products(S["ds8"], R["ds8"])),
    (_e("h19_gym8_final_3col", "final_3col_form", FR, missing=["products"],
        notes="3-column form with a gridSpan title and vMerged activity rows; «Продукты» row "
              "holds «—» → missing; dissemination as bare links."),
     lambda: final_3col(S["gym8"], R["gym8"])),
    # --- not forms ----------------------------------------------------------------------------
    (_e("h20_sosh31_statute", "statute", None,
        notes="«Положение о рабочей группе» for the project: goals, tasks, the project lead — "
              "but a local act, not an application or report."),
     lambda: working_group_statute(S["sosh31"], P["sosh31"])),
    (_e("h21_co5_method_letter", "methodological_letter", None,
        notes="Methodist's letter listing what a report must contain; fills no section."),
     lambda: methodological_letter(S["co5"])),
]

BY_NAME: dict[str, tuple[Expect, Callable[[], bytes]]] = {e.name: (e, f) for e, f in DOCUMENTS}


@functools.cache
def build(name: str) -> bytes:
    """The DOCX bytes of one held-out document (the same bytes every time)."""
    return BY_NAME[name][1]()


def expectation(name: str) -> Expect:
    return BY_NAME[name][0]
