"""The corpus: school documents as Word files, each with a hand-written expectation.

Every layout below imitates how one kind of school writes its papers. A layout function takes a
school, its content and the section keys the school dropped or left blank, and returns DOCX
bytes. The expectations (`Expect`) are written by hand at the bottom of this file, by reading the
document as the committee's specialist would.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tests.corpus.schools.content import P, Project, R, Report, S, School
from tests.corpus.schools.writer import Doc

APPLICATION = ("org_name", "topic", "direction", "relevance", "goal", "tasks", "outcomes",
               "stages", "resources", "project_lead", "contacts", "signature")
INTERIM = ("org_name", "topic", "period", "activities", "results", "dissemination", "problems",
           "plans", "signature")
FINAL = ("org_name", "topic", "period", "activities", "results", "dissemination", "problems",
         "plans", "products", "signature")
KEYS: dict[str | None, tuple[str, ...]] = {
    "application": APPLICATION, "interim_report": INTERIM, "final_report": FINAL, None: (),
}


@dataclass(frozen=True)
class Expect:
    name: str
    layout: str
    type: str | None
    present: frozenset[str]
    missing: frozenset[str]
    notes: str = ""


# What a school leaves under a heading when it has nothing to say. None: nothing at all.
Blank = dict[str, str | None]
HINT = "hint:"  # a blank value starting with this is the committee's italic hint left in


# ---------------------------------------------------------------------------------------------
# Pieces shared by the layouts
# ---------------------------------------------------------------------------------------------

def _q(text: str) -> str:
    """A title in guillemets, unless it already opens with one."""
    return text if text.startswith("«") else f"«{text}»"


def _blank(doc: Doc, value: str | None) -> None:
    if value is None:
        return
    if value.startswith(HINT):
        doc.p((value[len(HINT):], "i"), align="justify")
    else:
        doc.justify(value)


def _list(doc: Doc, items: Iterable[str], style: str) -> None:
    items = list(items)
    if style == "numpr":
        doc.numbered(items)
    elif style == "bullet":
        doc.bullets(items)
    elif style == "paren":
        for i, t in enumerate(items, 1):
            doc.justify(f"{i}) {t}")
    elif style == "dot":
        for i, t in enumerate(items, 1):
            doc.justify(f"{i}. {t}")
    else:
        doc.dashes(items)


def _stages_table(doc: Doc, proj: Project, *, header=("Этап", "Сроки", "Содержание работы",
                                                        "Результат")) -> None:
    doc.table([list(header)] + [list(s) for s in proj.stages], header=True,
              widths=(3.5, 3.2, 5.8, 4.0))


def _resources(doc: Doc, proj: Project, style: str = "label") -> None:
    for kind, text in proj.resources.items():
        if style == "label":
            doc.label(f"{kind} ресурсы:", text)
        elif style == "dash":
            doc.justify(f"– {kind.lower()}: {text}")
        else:
            doc.justify(f"{kind}. {text}")


def _app_body(doc: Doc, key: str, school: School, proj: Project, lists: str = "numpr") -> None:
    """The content of one application section, written the usual way."""
    if key == "org_name":
        doc.justify(school.full)
    elif key == "topic":
        doc.justify(_q(proj.topic))
    elif key == "direction":
        doc.justify(proj.direction)
    elif key == "relevance":
        doc.texts(proj.relevance)
    elif key == "goal":
        doc.justify(proj.goal)
    elif key == "tasks":
        _list(doc, proj.tasks, lists)
    elif key == "outcomes":
        _list(doc, proj.outcomes, "bullet" if lists == "numpr" else lists)
    elif key == "stages":
        _stages_table(doc, proj)
    elif key == "resources":
        _resources(doc, proj)
    elif key == "project_lead":
        doc.justify(f"{proj.lead.name}, {proj.lead.post}")
    elif key == "contacts":
        c = proj.contact
        doc.justify(f"Контактное лицо: {c.name}, {c.post}")
        doc.justify(f"Телефон: {c.phone}")
        doc.justify(f"E-mail: {c.email}")


def _app_text(key: str, school: School, proj: Project) -> str:
    """The same content as one cell's text; "\n\n" separates paragraphs."""
    c = proj.contact
    return {
        "org_name": school.full,
        "topic": proj.topic,
        "direction": proj.direction,
        "relevance": "\n\n".join(proj.relevance),
        "goal": proj.goal,
        "tasks": "\n\n".join(f"{i}. {t}" for i, t in enumerate(proj.tasks, 1)),
        "outcomes": "\n\n".join(f"– {t}" for t in proj.outcomes),
        "stages": "\n\n".join(f"{e} ({d}). {w} Результат: {r}" for e, d, w, r in proj.stages),
        "resources": "\n\n".join(f"{k}: {v}" for k, v in proj.resources.items()),
        "project_lead": f"{proj.lead.name}, {proj.lead.post}",
        "contacts": f"{c.name}, {c.post}\n\nтел. {c.phone}\n\ne-mail: {c.email}",
    }[key]


def _letterhead_to(doc: Doc, school: School) -> None:
    doc.right("Председателю Комитета по образованию")
    doc.right("администрации города Светлоозёрска")
    doc.right("Н.В. Громовой")
    doc.right(f"от директора {school.short}" if school.head_title == "Директор"
              else f"от заведующего {school.short}")
    initials, surname = school.head_short.rsplit(" ", 1)
    doc.right(f"{initials} {surname[:-1] + 'ой' if surname.endswith('а') else surname + 'а'}")
    doc.empty()


def _signature(doc: Doc, school: School, date: str, variant: str = "line") -> None:
    doc.empty()
    if variant == "line":
        doc.p(f"{school.head_title} {school.short}\t\t____________ /{school.head_short}/",
              indent=None)
        doc.p(f"{date}", indent=None)
        doc.p("М.П.", indent=None)
    elif variant == "table":
        doc.table([[f"{school.head_title}", "_______________", school.head_short],
                   ["", "(подпись)", ""]], style=None, widths=(6, 5, 5))
        doc.p(f"Дата: {date}", indent=None)
        doc.p("М.П.", indent=None)
    elif variant == "date_sig":
        doc.p(f"Дата: {date}\u00a0\u00a0\u00a0\u00a0Подпись: ____________", indent=None)
        doc.p(f"{school.head_title}\u00a0{school.head_short}", indent=None)
    elif variant == "short":
        doc.p(f"{school.head_title}\t\t\t\t{school.head_short}", indent=None)
        doc.p(date, indent=None)


# ---------------------------------------------------------------------------------------------
# Application layouts
# ---------------------------------------------------------------------------------------------

STD = {
    "org_name": "Полное наименование образовательной организации",
    "topic": "Тема инновационного проекта",
    "direction": "Направление инновационной деятельности",
    "relevance": "Актуальность проекта",
    "goal": "Цель проекта",
    "tasks": "Задачи проекта",
    "outcomes": "Ожидаемые результаты",
    "stages": "Этапы реализации проекта",
    "resources": "Ресурсное обеспечение проекта",
    "project_lead": "Руководитель проекта",
    "contacts": "Контактная информация",
}

OWN = {  # a school's own words for the same sections (goal and tasks share one heading)
    "org_name": "Сведения об организации-заявителе",
    "direction": "Приоритетное направление, в рамках которого реализуется проект",
    "relevance": "Обоснование актуальности. Описание проблемы",
    "outcomes": "Планируемые результаты и продукты",
    "stages": "Механизм реализации (календарный план)",
    "resources": "Кадровые и материально-технические условия",
    "project_lead": "Ответственный за проект",
    "contacts": "Контактное лицо",
}


def app_word_headings(school: School, proj: Project, *, drop=(), blank: Blank | None = None,
                      date="09.02.2026", split_heading: bool = False, caps: bool = False,
                      lists="numpr", sig="line", nbsp: bool = False) -> bytes:
    """Layout «word_headings»: the committee's headings typed as Word's Heading 1, a Title.
    split_heading: some titles come in one run per word, one is cut inside a word (as Word
    leaves runs after spell-checking); nbsp: no-break spaces after «№», before «г.» and «%»."""
    blank = blank or {}
    doc = Doc(author=proj.contact.name, nbsp=nbsp)
    doc.header(school.short)
    _letterhead_to(doc, school)
    doc.title("Заявка на присвоение статуса муниципальной инновационной площадки")
    for key, text in STD.items():
        if key in drop:
            continue
        heading = text.upper() if caps else text
        if split_heading and key == "relevance":
            doc.heading([heading[:4], heading[4:9], heading[9:]], 1)
        elif split_heading and key in ("goal", "resources"):
            words = heading.split(" ")
            doc.heading([w + " " for w in words[:-1]] + [words[-1]], 1)
        else:
            doc.heading(heading, 1)
        if key in blank:
            _blank(doc, blank[key])
        else:
            _app_body(doc, key, school, proj, lists)
    if "signature" not in drop:
        _signature(doc, school, date, sig)
    doc.footer()
    return doc.bytes()


def app_numbered(school: School, proj: Project, *, drop=(), blank: Blank | None = None,
                 date="«10» февраля 2026 г.", sig="line") -> bytes:
    """Layout «numbered_headings»: bold paragraphs «1. Полное наименование…», typed numbers,
    subsections «9.1», lists typed with dashes."""
    blank = blank or {}
    doc = Doc(author="Секретарь")
    doc.center("ЗАЯВКА", size=14)
    doc.center("на присвоение статуса муниципальной инновационной площадки")
    doc.center(f"{school.short} г. Светлоозёрска", bold=False)
    doc.empty()
    n = 0
    for key, text in STD.items():
        if key in drop:
            continue
        n += 1
        if key == "resources" and key not in blank:
            doc.p((f"{n}. {text}", "b"), indent=None)
            for k, (kind, value) in enumerate(proj.resources.items(), 1):
                doc.p((f"{n}.{k}. {kind} ресурсы", "b"), indent=None)
                doc.justify(value)
            continue
        doc.p((f"{n}. {text}", "b"), indent=None)
        if key in blank:
            _blank(doc, blank[key])
        else:
            _app_body(doc, key, school, proj, "dash")
    if "signature" not in drop:
        _signature(doc, school, date, sig)
    return doc.bytes()


def app_roman_caps(school: School, proj: Project, *, drop=(), blank: Blank | None = None,
                   date="11.02.2026") -> bytes:
    """Layout «roman_caps»: parts «I. ОБЩИЕ СВЕДЕНИЯ», CAPS subheadings ending with a colon."""
    blank = blank or {}
    doc = Doc(author=school.head)
    doc.center("ЗАЯВКА НА ПРИСВОЕНИЕ СТАТУСА МУНИЦИПАЛЬНОЙ ИННОВАЦИОННОЙ ПЛОЩАДКИ", size=13)
    doc.empty()
    parts = [
        ("I. ОБЩИЕ СВЕДЕНИЯ", ("org_name", "project_lead", "contacts")),
        ("II. СОДЕРЖАНИЕ ИННОВАЦИОННОГО ПРОЕКТА", ("topic", "direction", "relevance", "goal",
                                                  "tasks", "outcomes")),
        ("III. ОРГАНИЗАЦИЯ РЕАЛИЗАЦИИ ПРОЕКТА", ("stages", "resources")),
    ]
    caps = dict(STD, org_name="НАИМЕНОВАНИЕ ОБРАЗОВАТЕЛЬНОЙ ОРГАНИЗАЦИИ (ПО УСТАВУ)",
                contacts="КОНТАКТНЫЕ ДАННЫЕ", stages="ЭТАПЫ И СРОКИ РЕАЛИЗАЦИИ")
    for part, keys in parts:
        doc.p((part, "b"), indent=None, align="center")
        for key in keys:
            if key in drop:
                continue
            doc.p((caps[key].upper() + ":", "b"), indent=None)
            if key in blank:
                _blank(doc, blank[key])
            else:
                _app_body(doc, key, school, proj, "paren")
    if "signature" not in drop:
        _signature(doc, school, date, "table")
    return doc.bytes()


INLINE = {
    "org_name": "Наименование ОО:",
    "topic": "Тема проекта:",
    "direction": "Направление:",
    "relevance": "Актуальность:",
    "goal": "Цель:",
    "tasks": "Задачи:",
    "outcomes": "Ожидаемые результаты:",
    "stages": "Этапы реализации:",
    "resources": "Ресурсное обеспечение:",
    "project_lead": "Руководитель проекта:",
    "contacts": "Контакты:",
}


def app_inline(school: School, proj: Project, *, drop=(), blank: Blank | None = None,
               date="12.02.2026", underline: bool = False, sig="date_sig") -> bytes:
    """Layout «inline_labels»: «**Цель:** формирование…» — the label and its text share one
    paragraph; lists and the plan of stages follow the label."""
    blank = blank or {}
    fmt = "u" if underline else "b"
    doc = Doc(author=proj.lead.name)
    doc.center("Заявка на присвоение статуса муниципальной инновационной площадки")
    doc.empty()
    for key, label in INLINE.items():
        if key in drop:
            continue
        if key in blank:
            value = blank[key]
            if value is not None and value.startswith(HINT):
                doc.p((label, fmt), " ", (value[len(HINT):], "i"), indent=None, align="justify")
            else:
                doc.label(label, value or "", fmt=fmt, indent=None)
            continue
        if key in ("tasks", "outcomes"):
            doc.label(label, "", fmt=fmt, indent=None)
            _list(doc, proj.tasks if key == "tasks" else proj.outcomes,
                  "numpr" if key == "tasks" else "dash")
        elif key == "relevance":
            doc.label(label, proj.relevance[0], fmt=fmt, indent=None)
            doc.texts(proj.relevance[1:])
        elif key == "stages":
            doc.label(label, "", fmt=fmt, indent=None)
            for e, d, w, r in proj.stages:
                doc.justify(f"{e} этап ({d}): {w} Результат — {r}" if not e[0].isdigit()
                            else f"{e} ({d}): {w} Результат — {r}")
        elif key == "resources":
            doc.label(label, "", fmt=fmt, indent=None)
            _resources(doc, proj, "dash")
        elif key == "contacts":
            c = proj.contact
            doc.label(label, f"{c.name}, {c.post}, тел. {c.phone}, e-mail: {c.email}", fmt=fmt,
                      indent=None)
        else:
            doc.label(label, _app_text(key, school, proj), fmt=fmt, indent=None)
    if "signature" not in drop:
        _signature(doc, school, date, sig)
    return doc.bytes()


NEXT = dict(STD, org_name="Полное наименование ОО:", topic="Тема проекта:",
            direction="Направление:", relevance="Обоснование актуальности:",
            goal="Цель проекта:", tasks="Задачи:", outcomes="Ожидаемые результаты (продукты):",
            stages="Календарный план реализации:", resources="Ресурсы:",
            project_lead="Руководитель проекта:", contacts="Контакты:")


def app_label_next(school: School, proj: Project, *, drop=(), blank: Blank | None = None,
                   date="«13» февраля 2026 г.") -> bytes:
    """Layout «label_next_paragraph»: «Цель проекта:» in bold (or underlined) alone, the text in
    the next paragraph, an empty paragraph between sections."""
    blank = blank or {}
    doc = Doc(author=proj.contact.name)
    doc.center("Заявка", size=14)
    doc.center("на присвоение статуса МИП", bold=False)
    doc.empty()
    for i, (key, label) in enumerate(NEXT.items()):
        if key in drop:
            continue
        doc.p((label, "bu" if i % 3 == 0 else "b"), indent=None)
        if key in blank:
            _blank(doc, blank[key])
        else:
            _app_body(doc, key, school, proj, "paren")
        doc.empty()
    if "signature" not in drop:
        _signature(doc, school, date, "line")
    return doc.bytes()


PASSPORT_ROWS = (
    ("org_name", "Наименование образовательной организации"),
    ("topic", "Тема проекта"),
    ("direction", "Направление инновационной деятельности"),
    ("project_lead", "Руководитель проекта"),
    ("contacts", "Контактный телефон, e-mail"),
    (None, "Сроки реализации"),
    ("goal", "Цель проекта"),
)


def app_passport(school: School, proj: Project, *, drop=(), blank: Blank | None = None,
                 date="10.02.2026") -> bytes:
    """Layout «passport_table»: a two-column «Паспорт проекта» table (its title row merged over
    both columns), then the remaining sections as text under bold headings."""
    blank = blank or {}
    doc = Doc(author=proj.lead.name)
    doc.center("ЗАЯВКА")
    doc.center("на присвоение статуса муниципальной инновационной площадки", bold=False)
    doc.empty()
    rows: list[list] = [[("Паспорт инновационного проекта", "b"), None]]
    for key, label in PASSPORT_ROWS:
        if key in drop:
            continue
        if key is None:
            rows.append([label, proj.years])
        elif key in blank:
            v = blank[key]
            rows.append([label, None if v is None else
                         [(v[len(HINT):], "i")] if v.startswith(HINT) else v])
        elif key == "contacts":
            c = proj.contact
            rows.append([label, f"{c.name}\n\n{c.phone}, {c.email}"])
        else:
            rows.append([label, _app_text(key, school, proj)])
    doc.table(rows, widths=(5.5, 11), merges=[((0, 0), (0, 1))], bold_first_col=True)
    doc.empty()
    n = 0
    for key in ("relevance", "tasks", "outcomes", "stages", "resources"):
        if key in drop:
            continue
        n += 1
        doc.p((f"{n}. {STD[key]}", "b"), indent=None)
        if key in blank:
            _blank(doc, blank[key])
        else:
            _app_body(doc, key, school, proj, "numpr")
    if "signature" not in drop:
        _signature(doc, school, date, "line")
    return doc.bytes()


THREE = (
    ("org_name", "Полное наименование ОО"),
    ("topic", "Тема инновационного проекта"),
    ("direction", "Направление"),
    ("relevance", "Актуальность (проблема, на решение которой направлен проект)"),
    ("goal", "Цель"),
    ("tasks", "Задачи"),
    ("outcomes", "Ожидаемые результаты"),
    ("stages", "Этапы реализации"),
    ("resources", "Ресурсное обеспечение"),
    ("project_lead", "Руководитель проекта (ФИО, должность)"),
    ("contacts", "Контакты (телефон, e-mail)"),
)


def app_three_col(school: School, proj: Project, *, drop=(), blank: Blank | None = None,
                  date="09.02.2026") -> bytes:
    """Layout «three_col_form»: № | Наименование раздела | Содержание. The header row is merged
    over the table width (gridSpan); resources spread over three rows whose «№» and name cells
    are merged vertically (vMerge)."""
    blank = blank or {}
    doc = Doc(author="user")
    doc.center("Заявка на присвоение статуса муниципальной инновационной площадки")
    doc.empty()
    rows: list[list] = [[(f"{school.short}: заявка на 2026 год", "b"), None, None],
                        ["№ п/п", "Наименование раздела", "Содержание"]]
    merges = [((0, 0), (0, 2))]
    n = 0
    for key, label in THREE:
        if key in drop:
            continue
        n += 1
        if key in blank:
            v = blank[key]
            rows.append([f"{n}.", label, None if v is None else
                         [(v[len(HINT):], "i")] if v.startswith(HINT) else v])
        elif key == "resources":
            first = len(rows)
            for i, (kind, value) in enumerate(proj.resources.items()):
                rows.append([f"{n}." if i == 0 else None, label if i == 0 else None,
                             f"{kind}: {value}"])
            merges.append(((first, 0), (len(rows) - 1, 0)))
            merges.append(((first, 1), (len(rows) - 1, 1)))
        else:
            rows.append([f"{n}.", label, _app_text(key, school, proj)])
    doc.table(rows, widths=(1.2, 5, 10.3), merges=merges)
    if "signature" not in drop:
        _signature(doc, school, date, "short")
    return doc.bytes()


def _merged_stages_table(doc: Doc, proj: Project) -> None:
    """The plan with one row per activity; each stage's name and dates merged down (vMerge)."""
    rows: list[list] = [["Этап", "Сроки", "Мероприятия", "Продукт"]]
    merges = []
    for stage, dates, work, result in proj.stages:
        acts = [a.strip().rstrip(".") + "." for a in work.split(", ") if a.strip()]
        acts = [a[0].upper() + a[1:] for a in acts]
        first = len(rows)
        for i, act in enumerate(acts):
            rows.append([stage if i == 0 else None, dates if i == 0 else None, act,
                         result if i == 0 else None])
        if len(acts) > 1:
            merges += [((first, 0), (len(rows) - 1, 0)), ((first, 1), (len(rows) - 1, 1)),
                       ((first, 3), (len(rows) - 1, 3))]
    doc.table(rows, header=True, widths=(3.5, 3.2, 6.3, 3.5), merges=merges)


def app_own_words(school: School, proj: Project, *, drop=(), blank: Blank | None = None,
                  date="«16» февраля 2026 г.", merged_stages: bool = False) -> bytes:
    """Layout «own_words»: the school's own headings (Heading 2), not the committee's wording;
    goal and tasks under one heading. merged_stages: the plan's stage cells merged down."""
    blank = blank or {}
    doc = Doc(author=proj.lead.name)
    doc.title("Инновационный проект")
    doc.center(_q(proj.topic), bold=False)
    doc.p(("Заявка на присвоение статуса муниципальной инновационной площадки", "i"),
          align="center", indent=None)
    for key in ("org_name", "direction", "relevance", "goal", "tasks", "outcomes", "stages",
                "resources", "project_lead", "contacts"):
        if key in drop:
            continue
        if key == "goal":
            doc.heading("Цель и задачи проекта", 2)
            if key in blank:
                doc.label("Цель:", "")
                _blank(doc, blank[key])
            else:
                doc.label("Цель:", proj.goal)
            continue
        if key == "tasks":
            doc.p(("Задачи:", "b"), indent=1.25)
            if key in blank:
                _blank(doc, blank[key])
            else:
                _list(doc, proj.tasks, "numpr")
            continue
        doc.heading(OWN[key], 2)
        if key in blank:
            _blank(doc, blank[key])
        elif key == "stages" and merged_stages:
            _merged_stages_table(doc, proj)
        elif key == "stages":
            _stages_table(doc, proj, header=("Этап", "Период", "Мероприятия", "Продукт"))
        elif key == "resources":
            _resources(doc, proj, "plain")
        else:
            _app_body(doc, key, school, proj, "dash")
    if "signature" not in drop:
        _signature(doc, school, date, "line")
    return doc.bytes()


def app_auto_numbered(school: School, proj: Project, *, drop=(), blank: Blank | None = None,
                      date="17.02.2026") -> bytes:
    """Layout «auto_numbered_headings»: section titles are items of one Word numbered list
    (w:numPr), so their numbers are not in the text; lists inside use Word bullets."""
    blank = blank or {}
    doc = Doc(author="Завуч")
    doc.center("Заявка на присвоение статуса муниципальной инновационной площадки")
    doc.empty()
    keys = [k for k in STD if k not in drop]
    nid = doc.new_list()
    for key in keys:
        doc.list_item(nid, (STD[key], "b"))
        if key in blank:
            _blank(doc, blank[key])
        else:
            _app_body(doc, key, school, proj, "bullet")
    if "signature" not in drop:
        _signature(doc, school, date, "table")
    return doc.bytes()


TEMPLATE_HINTS = {
    "org_name": "(указывается полное наименование образовательной организации в соответствии "
                "с Уставом)",
    "topic": "(указать тему инновационного проекта)",
    "direction": "(выбрать одно из направлений, утверждённых приказом Комитета)",
    "relevance": "Заполните раздел: обоснуйте актуальность проекта, опишите проблему, на решение "
                 "которой он направлен (не более 1 страницы).",
    "goal": "(сформулировать цель проекта)",
    "tasks": "(перечислить задачи, не более 5–7)",
    "outcomes": "(указать ожидаемые результаты и продукты инновационной деятельности)",
    "stages": "(указать этапы, сроки, содержание деятельности и результаты)",
    "resources": "(описать кадровые, материально-технические, финансовые ресурсы)",
    "project_lead": "(ФИО, должность)",
    "contacts": "(телефон, e-mail контактного лица)",
}


def app_hint_template(school: School | None, proj: Project | None, *, drop=(),
                      blank: Blank | None = None, date="«__» ________ 2026 г.",
                      filled: bool = True) -> bytes:
    """Layout «hint_template»: the committee's form with its italic instructions; the school
    typed its text under each hint and left the hints in. filled=False: nobody typed anything."""
    blank = blank or {}
    doc = Doc(author="Комитет по образованию")
    doc.right("Приложение № 2")
    doc.right("к Положению о муниципальных инновационных площадках")
    doc.empty()
    doc.center("ФОРМА ЗАЯВКИ")
    doc.center("на присвоение статуса муниципальной инновационной площадки", bold=False)
    doc.empty()
    for n, (key, text) in enumerate(STD.items(), 1):
        if key in drop:
            continue
        head = doc.p((f"{n}. {text}", "b"), indent=None)
        if filled and key in blank:
            doc.comment(head, "Раздел не заполнен, допишите до отправки!", "Агеева Л.М.")
        doc.p((TEMPLATE_HINTS[key], "i"), indent=None, align="justify")
        if not filled or key in blank:
            if key in blank:
                _blank(doc, blank[key])
            continue
        _app_body(doc, key, school, proj, "dot")
    if "signature" not in drop:
        doc.empty()
        if filled:
            doc.p(f"Руководитель ОО\t____________\t{school.head_short}", indent=None)
            doc.p(f"Дата {date}", indent=None)
            doc.p("М.П.", indent=None)
        else:
            doc.p("Руководитель ОО\t____________\t/______________/", indent=None)
            doc.p((" (подпись)\t\t\t(расшифровка подписи)", "i"), indent=None, size=9)
            doc.p(f"Дата {date}", indent=None)
            doc.p("М.П.", indent=None)
    return doc.bytes()


def app_textbox(school: School, proj: Project, *, boxed=("project_lead", "contacts"),
                drop=(), vml_only: bool = False, date="10.02.2026") -> bytes:
    """Layout «textbox»: most sections under Word headings; the boxed ones the school put into a
    framed text box (Insert → Text Box), where a plain reading of the body does not see them."""
    doc = Doc(author=proj.lead.name)
    doc.title("Заявка на присвоение статуса МИП")
    for key, text in STD.items():
        if key in drop or key in boxed:
            continue
        doc.heading(text, 1)
        _app_body(doc, key, school, proj, "numpr")
    box: list[list] = []
    for key in boxed:
        if key == "project_lead":
            box.append([("Руководитель проекта: ", "b"), f"{proj.lead.name}, {proj.lead.post}"])
        elif key == "contacts":
            c = proj.contact
            box.append([("Контактное лицо: ", "b"), f"{c.name}, {c.post}"])
            box.append([("Телефон: ", "b"), c.phone, ("  E-mail: ", "b"), c.email])
        elif key == "goal":
            box.append([("Цель проекта: ", "b"), proj.goal])
        elif key == "tasks":
            box.append([("Задачи проекта:", "b")])
            box.extend([[f"{i}) {t}"] for i, t in enumerate(proj.tasks, 1)])
    doc.textbox(box, vml_only=vml_only, height_cm=3.0 + 1.2 * len(box))
    if "signature" not in drop:
        _signature(doc, school, date, "line")
    return doc.bytes()


def app_tracked(school: School, proj: Project, *, deleted=(), inserted=(), date="06.02.2026",
                drop=()) -> bytes:
    """Layout «tracked_changes»: the deputy head edited the draft with change tracking on and the
    school sent it without accepting. Sections in `inserted` were typed in as w:ins; sections in
    `deleted` had their whole text struck out (only w:delText is left under the heading)."""
    doc = Doc(author=proj.lead.name)
    doc.track_revisions()
    doc.title("Заявка на присвоение статуса муниципальной инновационной площадки")
    for key, text in STD.items():
        if key in drop:
            continue
        doc.heading(text, 1)
        if key in deleted:
            for t in _app_text(key, school, proj).split("\n\n"):
                doc.deleted_paragraph(t)
        elif key in inserted:
            for t in _app_text(key, school, proj).split("\n\n"):
                doc.inserted_paragraph(t)
        elif key == "topic":
            para = doc.p(indent=1.25, align="justify")
            words = proj.topic.split(" ")
            doc.tracked(para, [("", " ".join(words[:3]) + " "), ("del", "проектной "),
                               ("ins", " ".join(words[3:5]) + " "), ("", " ".join(words[5:]))])
        elif key == "relevance":
            para = doc.p(indent=1.25, align="justify")
            doc.tracked(para, [("", proj.relevance[0]),
                               ("del", " Данная проблема очень актуальна для нашей школы.")])
            for t in proj.relevance[1:]:
                doc.justify(t)
        else:
            _app_body(doc, key, school, proj, "numpr")
    if "signature" not in drop:
        _signature(doc, school, date, "line")
    return doc.bytes()


# ---------------------------------------------------------------------------------------------
# Report layouts
# ---------------------------------------------------------------------------------------------

REP = {
    "org_name": "Наименование образовательной организации",
    "topic": "Тема инновационного проекта",
    "period": "Отчётный период",
    "activities": "Выполненные мероприятия",
    "results": "Полученные результаты",
    "dissemination": "Диссеминация опыта",
    "problems": "Проблемы и трудности",
    "plans": "Задачи на следующий период",
    "products": "Продукты инновационной деятельности",
}


def _activities_table(doc: Doc, rep: Report, numbered: bool = True) -> None:
    head = ["Мероприятие", "Сроки", "Результат", "Ответственный"]
    rows = [(["№"] if numbered else []) + head]
    for i, a in enumerate(rep.activities, 1):
        rows.append(([f"{i}."] if numbered else []) + list(a))
    doc.table(rows, header=True, widths=((1,) if numbered else ()) + (6, 3, 4.5, 3))


def _rep_body(doc: Doc, key: str, school: School, rep: Report, lists: str = "numpr") -> None:
    if key == "org_name":
        doc.justify(school.full)
    elif key == "topic":
        doc.justify(_q(rep.topic))
    elif key == "period":
        doc.justify(rep.period)
    elif key == "activities":
        _activities_table(doc, rep)
    elif key == "results":
        _list(doc, rep.results, "bullet" if lists == "numpr" else lists)
    elif key == "dissemination":
        _list(doc, rep.dissemination, lists)
    elif key == "problems":
        doc.texts(rep.problems)
    elif key == "plans":
        _list(doc, rep.plans, lists)
    elif key == "products":
        _list(doc, rep.products, lists)


def _rep_text(key: str, school: School, rep: Report) -> str:
    return {
        "org_name": school.full,
        "topic": rep.topic,
        "period": rep.period,
        "activities": "\n\n".join(f"{i}. {a[0]} ({a[1]}) — {a[2]}."
                                  for i, a in enumerate(rep.activities, 1)),
        "results": "\n\n".join(rep.results),
        "dissemination": "\n\n".join(f"– {t}" for t in rep.dissemination),
        "problems": "\n\n".join(rep.problems),
        "plans": "\n\n".join(f"{i}) {t}" for i, t in enumerate(rep.plans, 1)),
        "products": "\n\n".join(f"{i}. {t}" for i, t in enumerate(rep.products, 1)),
    }[key]


def rep_headings(school: School, rep: Report, *, final: bool = False, drop=(),
                 blank: Blank | None = None, date="29.05.2026",
                 title: str = "Отчёт о ходе реализации инновационного проекта "
                              "за 2025/2026 учебный год", numbered: bool = True,
                 level: int = 1, page_break: bool = False, no_yo: bool = False) -> bytes:
    """Layout «report_headings»: Title, numbered Heading 1 sections, the activities as a table.
    no_yo: headings typed with «е» for «ё» («Отчетный период»), the text keeps its «ё»."""
    blank = blank or {}
    doc = Doc(author=rep.lead.split(",")[0], created=None, nbsp=no_yo)
    doc.header(f"{school.short} — муниципальная инновационная площадка")
    doc.title(title)
    keys = [k for k in (FINAL if final else INTERIM) if k != "signature"]
    heads = dict(REP)
    if final:
        heads["plans"] = "Перспективы развития проекта и распространения опыта"
    n = 0
    for key in keys:
        if key in drop:
            continue
        n += 1
        head = f"{n}. {heads[key]}" if numbered else heads[key]
        doc.heading(head.replace("ё", "е") if no_yo else head, level)
        if key == "org_name" and rep.intro and key not in blank:
            _rep_body(doc, key, school, rep)
            doc.texts(rep.intro)
            continue
        if key in blank:
            _blank(doc, blank[key])
        else:
            _rep_body(doc, key, school, rep)
        if page_break and key == "activities":
            doc.page_break()
    if "signature" not in drop:
        _signature(doc, school, date, "line")
    doc.footer()
    return doc.bytes()


def rep_table(school: School, rep: Report, *, drop=(), blank: Blank | None = None,
              date="30.05.2026", title: str = "Промежуточный отчёт МИП") -> bytes:
    """Layout «report_activity_table»: the school's own report — a few inline lines on top, then
    its table «Мероприятие | Сроки | Результат | Ответственный», then short labelled paragraphs
    (landscape page, as such tables are usually printed)."""
    blank = blank or {}
    doc = Doc(author="Admin", landscape=True)
    doc.center(title, size=14)
    doc.center(f"({rep.period})" if "period" not in drop and "period" not in blank else "",
               bold=False)
    labels = {"org_name": "Образовательная организация:", "topic": "Тема проекта:",
              "period": "Период:"}
    for key, label in labels.items():
        if key in drop:
            continue
        value = blank.get(key, _rep_text(key, school, rep)) if key in blank else \
            _rep_text(key, school, rep)
        doc.label(label, value or "", indent=None)
    if "activities" not in drop:
        doc.empty()
        doc.p(("Таблица 1. Мероприятия, проведённые в рамках проекта", "b"), indent=None)
        if "activities" in blank:
            doc.table([["№", "Мероприятие", "Сроки", "Результат", "Ответственный"],
                       ["1.", "", "", "", ""], ["2.", "", "", "", ""]], header=True)
        else:
            _activities_table(doc, rep)
        doc.empty()
    labels2 = {"results": "Результаты:", "dissemination": "Распространение опыта:",
               "problems": "Трудности:", "plans": "Планы на 2026/2027 учебный год:",
               "products": "Продукты:"}
    for key, label in labels2.items():
        if key in drop or (key == "products" and not rep.products):
            continue
        if key in blank:
            doc.label(label, blank[key] or "", indent=None)
            continue
        doc.p((label, "b"), indent=None)
        _rep_body(doc, key, school, rep, "dash")
    if "signature" not in drop:
        _signature(doc, school, date, "date_sig")
    return doc.bytes()


def rep_analytic(school: School, rep: Report, *, final: bool = False, drop=(),
                 blank: Blank | None = None, date="«02» июня 2026 г.") -> bytes:
    """Layout «analytic_note»: «Аналитическая справка» in prose; the school and the theme are
    named in the opening sentence, the period in the title; subsections «2.1», «2.2» in the
    school's own words."""
    blank = blank or {}
    doc = Doc(author=rep.lead.split(",")[0])
    doc.center("АНАЛИТИЧЕСКАЯ СПРАВКА")
    doc.center("о результатах деятельности муниципальной инновационной площадки", bold=False)
    if "period" not in drop:
        doc.center(f"за {rep.period}" if not rep.period.startswith("сентябрь")
                   else f"({rep.period})", bold=False)
    doc.empty()
    opening = []
    if "org_name" not in drop:
        opening.append(f"{school.full} ")
    else:
        opening.append("Школа ")
    opening.append("завершило реализацию инновационного проекта" if final else
                   "в отчётный период продолжило реализацию инновационного проекта")
    if "topic" not in drop:
        opening.append(f" {_q(rep.topic)}")
    opening.append(". " + " ".join(rep.intro))
    doc.justify("".join(opening))
    sections = [
        ("activities", "1. Содержание деятельности за отчётный период"),
        ("results", "2. Результативность"),
        ("dissemination", "3. Распространение опыта работы"),
        ("problems", "4. Затруднения, с которыми столкнулся коллектив"),
    ]
    if final:
        sections.append(("products", "5. Созданные продукты"))
    sections.append(("plans", f"{len(sections) + 1}. Перспективы"))
    for key, heading in sections:
        if key in drop:
            continue
        doc.p((heading, "b"), indent=None)
        if key in blank:
            _blank(doc, blank[key])
        elif key == "activities":
            doc.p(("1.1. Организационно-методическая работа", "b"), indent=None)
            for a in rep.activities[: (len(rep.activities) + 1) // 2]:
                doc.justify(f"{a[0]} ({a[1]}). {a[2]}.")
            doc.p(("1.2. Работа с обучающимися и родителями", "b"), indent=None)
            for a in rep.activities[(len(rep.activities) + 1) // 2:]:
                doc.justify(f"{a[0]} ({a[1]}). {a[2]}.")
        elif key == "results":
            doc.justify("По итогам отчётного периода достигнуты следующие результаты:")
            _list(doc, rep.results, "dash")
        else:
            _rep_body(doc, key, school, rep, "dash")
    if "signature" not in drop:
        _signature(doc, school, date, "short")
    return doc.bytes()


FORM_ROWS = (
    ("org_name", "Полное наименование ОО"),
    ("topic", "Тема проекта"),
    ("period", "Отчётный период"),
    ("activities", "Мероприятия, проведённые в отчётный период"),
    ("results", "Полученные результаты (количественные и качественные показатели)"),
    ("dissemination", "Диссеминация (распространение) опыта: семинары, публикации, выступления"),
    ("problems", "Проблемы, трудности, риски"),
    ("products", "Продукты инновационной деятельности"),
    ("plans", "Задачи на следующий период"),
)


def rep_form_table(school: School, rep: Report, *, final: bool = False, drop=(),
                   blank: Blank | None = None, date="28.05.2026", merged_title: bool = True,
                   title="Отчёт муниципальной инновационной площадки за 2025/2026 учебный "
                         "год") -> bytes:
    """Layout «report_form_table»: the committee's report form as a two-column table, the
    school's text in the right column; the title row merged over both columns."""
    blank = blank or {}
    doc = Doc(author="Пользователь")
    doc.center(title)
    doc.empty()
    rows: list[list] = [[("Раздел отчёта", "b"), ("Содержание", "b")]]
    merges = []
    if merged_title:
        rows.insert(0, [(school.short, "b"), None])
        merges.append(((0, 0), (0, 1)))
    for key, label in FORM_ROWS:
        if key in drop or (key == "products" and not final):
            continue
        if key == "plans" and final:
            label = "Перспективы развития и распространения опыта"
        if key in blank:
            v = blank[key]
            rows.append([label, None if v is None else
                         [(v[len(HINT):], "i")] if v.startswith(HINT) else v])
        else:
            rows.append([label, _rep_text(key, school, rep)])
    doc.table(rows, widths=(6, 10.5), merges=merges)
    if "signature" not in drop:
        _signature(doc, school, date, "table")
    return doc.bytes()


def rep_inline(school: School, rep: Report, *, final: bool = False, drop=(),
               blank: Blank | None = None, date="27.05.2026",
               title="Отчёт о ходе реализации инновационного проекта") -> bytes:
    """Layout «report_inline_labels»: every section a bold label and its text in one paragraph."""
    blank = blank or {}
    doc = Doc(author=rep.lead.split(",")[0])
    doc.center(title)
    doc.empty()
    labels = {"org_name": "Образовательная организация:", "topic": "Тема:",
              "period": "Отчётный период:", "activities": "Проведённые мероприятия:",
              "results": "Результаты:", "dissemination": "Диссеминация опыта:",
              "problems": "Проблемы:", "products": "Продукты проекта:",
              "plans": "Перспективы:" if final else "Планы на следующий учебный год:"}
    for key, label in labels.items():
        if key in drop or (key == "products" and not final):
            continue
        if key in blank:
            doc.label(label, blank[key] or "", indent=None)
            continue
        text = _rep_text(key, school, rep).split("\n\n")
        doc.label(label, text[0], indent=None)
        for t in text[1:]:
            doc.justify(t)
    if "signature" not in drop:
        _signature(doc, school, date, "line")
    return doc.bytes()


# ---------------------------------------------------------------------------------------------
# Not forms
# ---------------------------------------------------------------------------------------------

def covering_letter(school: School, what: str, *, date="09.02.2026", number="112") -> bytes:
    """Layout «covering_letter»: a letter on the school's letterhead that only says the form is
    attached (it is not the form)."""
    doc = Doc(author=school.head)
    doc.table([[[("Муниципальное образование «Город Светлоозёрск»\n\n", ""),
                 (school.full, "b"), (f"\n\n{school.address}\n\nтел. {school.phone}, e-mail: "
                                      f"{school.mail()}", "")],
                "Председателю\n\nКомитета по образованию\n\nадминистрации города Светлоозёрска"
                "\n\nН.В. Громовой"]], style=None, widths=(9, 7.5))
    doc.p(f"от {date} № {number}", indent=None)
    doc.empty()
    doc.center("Уважаемая Наталья Викторовна!", bold=False)
    doc.justify(f"{school.short} направляет {what} для рассмотрения на заседании экспертного "
                "совета Комитета по образованию. Документ прилагается отдельным файлом.")
    doc.justify("Просим подтвердить получение документов. По всем вопросам просим обращаться "
                "к ответственному лицу, указанному в приложении.")
    doc.justify("Приложение: на 12 л. в 1 экз.")
    doc.empty()
    doc.p(f"{school.head_title}\t\t\t\t\t{school.head_short}", indent=None)
    doc.empty(2)
    doc.p(("Исп. секретарь учебной части, 8 (34356) 4-12-10", ""), indent=None, size=9)
    return doc.bytes()


def seminar_invitation(school: School) -> bytes:
    """Layout «information_letter»: an invitation to a seminar at the school — it mentions the
    project, its theme and its results, but is no application and no report."""
    doc = Doc(author=school.head)
    doc.center("ИНФОРМАЦИОННОЕ ПИСЬМО")
    doc.empty()
    doc.justify(f"{school.full} приглашает заместителей директоров и учителей русского языка и "
                "литературы принять участие в муниципальном семинаре «Приёмы смыслового "
                "чтения на уроках в основной школе», который состоится 18 февраля 2026 года в "
                "14:00 по адресу: " + school.address + ".")
    doc.justify("Семинар проводится в рамках деятельности муниципальной инновационной "
                "площадки. В программе: открытые уроки в 6-х и 7-х классах, мастер-классы "
                "творческой группы, круглый стол по итогам первого полугодия.")
    doc.justify("Заявки на участие принимаются до 16 февраля 2026 года по электронной почте "
                f"{school.mail('metod')}.")
    doc.empty()
    doc.p(f"{school.head_title}\t\t\t\t\t{school.head_short}", indent=None)
    return doc.bytes()


def project_order(school: School, proj: Project) -> bytes:
    """Layout «school_order»: the school's order appointing the project team (a decree, not a
    form), sent in the same letter as the application."""
    doc = Doc(author=school.head)
    doc.center(school.full, bold=True)
    doc.empty()
    doc.center("ПРИКАЗ")
    doc.p("05.02.2026\t\t\t\t\t\t\t\t№ 47-о", indent=None)
    doc.center("г. Светлоозёрск", bold=False)
    doc.empty()
    doc.p(("О создании рабочей группы по реализации инновационного проекта", "b"), indent=None)
    doc.justify(f"В целях подготовки заявки на присвоение статуса муниципальной инновационной "
                f"площадки и реализации проекта «{proj.topic}»")
    doc.p("ПРИКАЗЫВАЮ:", indent=None)
    doc.numbered([f"Создать рабочую группу в составе: {proj.lead.name} (руководитель), "
                  f"{proj.contact.name}, учителя творческих групп.",
                  "Рабочей группе в срок до 12.02.2026 подготовить заявку.",
                  "Контроль исполнения приказа оставляю за собой."])
    doc.p(f"{school.head_title}\t\t\t\t\t{school.head_short}", indent=None)
    return doc.bytes()


# ---------------------------------------------------------------------------------------------
# The corpus and its hand-written expectations
# ---------------------------------------------------------------------------------------------

def _e(name: str, layout: str, type_: str | None, missing: Iterable[str] = (),
       notes: str = "") -> Expect:
    keys = frozenset(KEYS[type_])
    missing = frozenset(missing)
    if not missing <= keys:
        raise ValueError(f"{name}: unknown keys {sorted(missing - keys)}")
    return Expect(name, layout, type_, keys - missing, missing, notes)


A, IR, FR = "application", "interim_report", "final_report"

DOCUMENTS: list[tuple[Expect, Callable[[], bytes]]] = [
    # --- applications -------------------------------------------------------------------------
    (_e("a01_sosh14_word_headings", "word_headings", A,
        notes="Every section under a Heading 1 in the committee's wording; tasks as a Word "
              "numbered list, stages as a 4-column table, signature with «М.П.»; no-break "
              "spaces in «№ 14», «2026 г.», «38 %»."),
     lambda: app_word_headings(S["sosh14"], P["sosh14"], nbsp=True)),
    (_e("a02_gym3_numbered", "numbered_headings", A,
        notes="Typed numbers «1.»…«11.», resources split into «9.1.»–«9.3.»; the project lead "
              "is the director himself."),
     lambda: app_numbered(S["gym3"], P["gym3"])),
    (_e("a03_ds45_inline", "inline_labels", A,
        notes="Kindergarten; «Цель:», «Контакты:» bold labels with the text in the same "
              "paragraph; tasks follow «Задачи:» as a Word list."),
     lambda: app_inline(S["ds45"], P["ds45"])),
    (_e("a04_cdt_passport", "passport_table", A,
        notes="Org, topic, direction, lead, contacts and goal are rows of the «Паспорт» table "
              "(title row merged); relevance, tasks, outcomes, stages, resources are text."),
     lambda: app_passport(S["cdt"], P["cdt"])),
    (_e("a05_lyc7_three_col", "three_col_form", A,
        notes="№ | Наименование раздела | Содержание; header row gridSpan; resources over three "
              "rows merged vertically; signature typed as «Директор  К.И. Борисов» and a date."),
     lambda: app_three_col(S["lyc7"], P["lyc7"])),
    (_e("a06_sosh9_own_words", "own_words", A,
        notes="The school's own headings (Heading 2): «Обоснование актуальности. Описание "
              "проблемы», «Цель и задачи проекта» with «Цель:» inline and «Задачи:» before a "
              "list, «Механизм реализации (календарный план)», «Кадровые и "
              "материально-технические условия», «Ответственный за проект». The topic has no "
              "heading: it is the centred line under the title «Инновационный проект»."),
     lambda: app_own_words(S["sosh9"], P["sosh9"])),
    (_e("a07_vkl_label_next_incomplete", "label_next_paragraph", A,
        missing={"outcomes", "resources", "contacts", "signature"},
        notes="Rural school, labels alone in bold with the text in the next paragraph. "
              "«Ожидаемые результаты (продукты):» → «нет», «Ресурсы:» → «—»; no contacts "
              "heading at all; the document ends without any signature."),
     lambda: app_label_next(S["vkl"], P["vkl"], drop={"contacts", "signature"},
                            blank={"outcomes": "нет", "resources": "—"})),
    (_e("a08_int2_textbox", "textbox", A,
        notes="Project lead and contacts are only inside a framed text box (Word 2016: "
              "wps shape with a VML fallback), not in the body paragraphs."),
     lambda: app_textbox(S["int2"], P["int2"])),
    (_e("a09_syut_tracked", "tracked_changes", A, missing={"outcomes"},
        notes="Unaccepted tracked changes. The goal and the contacts were typed in with "
              "tracking (w:ins only) — present. Every paragraph under «Ожидаемые результаты» was "
              "deleted with tracking (w:delText only) — missing. The topic has an inserted and "
              "a deleted word."),
     lambda: app_tracked(S["syut"], P["syut"], inserted={"goal", "contacts"},
                         deleted={"outcomes"})),
    (_e("a10_ds12_hint_partial", "hint_template", A, missing={"relevance", "resources"},
        notes="The committee's form with its italic hints left in. Under «Актуальность» and "
              "«Ресурсное обеспечение» only the hint is left; every other section has the "
              "kindergarten's text below the hint."),
     lambda: app_hint_template(S["ds12"], P["ds12"], date="12.02.2026",
                               blank={"relevance": None, "resources": None})),
    (_e("a11_cadet4_roman_caps", "roman_caps", A,
        notes="Parts «I. ОБЩИЕ СВЕДЕНИЯ», «II.», «III.»; CAPS sub-headings ending with a colon; "
              "signature as a borderless table «Директор | ____ | И.В. Рябов», then date, М.П."),
     lambda: app_roman_caps(S["cadet4"], P["cadet4"])),
    (_e("a12_sosh27_empty_template", "empty_template", A, missing=APPLICATION,
        notes="The committee's blank form sent back by mistake: headings and italic hints only, "
              "signature line with blanks «/______________/» and «Дата «__» ________ 2026 г.»."),
     lambda: app_hint_template(None, None, filled=False)),
    (_e("a13_sosh9_auto_numbered", "auto_numbered_headings", A,
        notes="Section titles are items of a Word numbered list (numbers are not in the text); "
              "inner lists are Word bullets. The corrected version of a06."),
     lambda: app_auto_numbered(S["sosh9"], P["sosh9"])),
    (_e("a14_ds45_empty_stages", "word_headings", A, missing={"stages"},
        notes="CAPS Heading 1 titles. «ЭТАПЫ РЕАЛИЗАЦИИ ПРОЕКТА» is there but nothing follows it "
              "before «РЕСУРСНОЕ ОБЕСПЕЧЕНИЕ ПРОЕКТА»."),
     lambda: app_word_headings(S["ds45"], P["ds45"], caps=True, blank={"stages": None})),
    (_e("a15_cdt_inline_incomplete", "inline_labels", A,
        missing={"resources", "project_lead", "contacts"},
        notes="Underlined inline labels. «Ресурсное обеспечение: нет», «Руководитель проекта: "
              "—», «Контакты:» followed by nothing."),
     lambda: app_inline(S["cdt"], P["cdt"], underline=True,
                        blank={"resources": "нет", "project_lead": "—", "contacts": ""})),
    (_e("a16_lyc7_passport_empty_cells", "passport_table", A, missing={"direction", "contacts"},
        notes="In the «Паспорт» table the cells for the direction and for «Контактный телефон, "
              "e-mail» are left empty; everything else is filled."),
     lambda: app_passport(S["lyc7"], P["lyc7"], blank={"direction": None, "contacts": None})),
    (_e("a17_vkl_numbered_complete", "numbered_headings", A,
        notes="The rural school's corrected application (compare a07): all sections numbered "
              "1–11, signed."),
     lambda: app_numbered(S["vkl"], P["vkl"], sig="table")),
    (_e("a18_int2_three_col_hints", "three_col_form", A, missing={"outcomes", "stages"},
        notes="In the 3-column form the «Ожидаемые результаты» cell holds only the italic hint "
              "«(указать планируемые результаты)» and «Этапы реализации» only underscores."),
     lambda: app_three_col(S["int2"], P["int2"],
                           blank={"outcomes": HINT + "(указать планируемые результаты)",
                                  "stages": "________________________"})),
    (_e("a19_syut_own_words", "own_words", A,
        notes="Own headings (Heading 2); the plan «Этап | Сроки | Мероприятия | Продукт» has "
              "one row per activity, each stage's name, dates and product merged down (vMerge)."),
     lambda: app_own_words(S["syut"], P["syut"], merged_stages=True)),
    (_e("a20_ds12_label_next", "label_next_paragraph", A,
        notes="Labels alone (some bold and underlined), text in the following paragraph, an "
              "empty paragraph between sections. The kindergarten's corrected a10."),
     lambda: app_label_next(S["ds12"], P["ds12"])),
    (_e("a21_cadet4_textbox_vml", "textbox_vml", A,
        notes="Goal and tasks are only inside a VML text box (w:pict / v:textbox, as an old "
              ".doc converted by Word); every other section is under a Heading 1."),
     lambda: app_textbox(S["cadet4"], P["cadet4"], boxed=("goal", "tasks"), vml_only=True)),
    (_e("a22_sosh14_hint_filled", "hint_template", A,
        notes="The committee's form with every italic hint still in place and the school's "
              "text under each — all sections present."),
     lambda: app_hint_template(S["sosh14"], P["sosh14"], date="09.02.2026")),
    (_e("a23_gym3_tracked_complete", "tracked_changes", A,
        notes="Tracked changes not accepted: contacts typed in with tracking, a sentence of the "
              "relevance and a word of the topic deleted with tracking; nothing is missing."),
     lambda: app_tracked(S["gym3"], P["gym3"], inserted={"contacts"})),
    (_e("a24_lyc7_split_caps", "word_headings", A,
        notes="CAPS Heading 1 titles, several split into one run per word, «АКТУАЛЬНОСТЬ» cut "
              "into runs inside the word; lists typed with dashes; «Дата: … Подпись: ____» "
              "signature."),
     lambda: app_word_headings(S["lyc7"], P["lyc7"], split_heading=True, caps=True,
                               lists="dash", sig="date_sig")),
    # --- interim reports ----------------------------------------------------------------------
    (_e("r01_sosh27_headings", "report_headings", IR,
        notes="«Отчёт о ходе реализации инновационного проекта за 2025/2026 учебный год»; "
              "numbered Heading 1 sections, activities as a 5-column table."),
     lambda: rep_headings(S["sosh27"], R["sosh27"])),
    (_e("r02_sosh18_activity_table", "report_activity_table", IR,
        notes="The school's own table «Мероприятие | Сроки | Результат | Ответственный» on a "
              "landscape page; «Трудности:» says «Проблем не выявлено.» — an answer, present."),
     lambda: rep_table(S["sosh18"], R["sosh18"])),
    (_e("r03_gym1_analytic", "analytic_note", IR,
        notes="«Аналитическая справка … за 2025/2026 учебный год»: the school's full name and "
              "the theme are in the opening sentence; «Затруднения», «Перспективы»."),
     lambda: rep_analytic(S["gym1"], R["gym1"])),
    (_e("r04_ds3_form_table", "report_form_table", IR,
        notes="Kindergarten; the committee's two-column report form, title row merged."),
     lambda: rep_form_table(S["ds3"], R["ds3"])),
    (_e("r05_lesn_inline_thin", "report_inline_labels", IR,
        missing={"dissemination", "problems", "plans"},
        notes="A small rural school's short report: «Диссеминация опыта:», «Проблемы:», «Планы "
              "на следующий учебный год:» are bold labels with nothing after them."),
     lambda: rep_inline(S["lesn"], R["lesn"])),
    (_e("r06_sosh5_headings_e", "report_headings", IR,
        notes="«Отчет», «Отчетный период» spelt with е while the text has ё; no-break spaces "
              "after «№» and before «г.»; page break after the activities table."),
     lambda: rep_headings(S["sosh5"], R["sosh5"], page_break=True, no_yo=True,
                          title="Отчет о ходе реализации инновационного проекта "
                                "за 2025/2026 учебный год")),
    (_e("r07_sosh27_activity_table", "report_activity_table", IR,
        notes="Same project as r01 in the school's own table layout."),
     lambda: rep_table(S["sosh27"], R["sosh27"],
                       title="Промежуточный отчёт МИП за 2025/2026 учебный год")),
    (_e("r08_sosh18_empty_problems", "report_headings", IR, missing={"problems"},
        notes="The heading «7. Проблемы и трудности» is followed directly by «8. Задачи на "
              "следующий период» — nothing under it, so missing (unlike r02's «Проблем не "
              "выявлено.»)."),
     lambda: rep_headings(S["sosh18"], R["sosh18"], blank={"problems": None})),
    (_e("r09_gym1_form_empty_cells", "report_form_table", IR,
        missing={"dissemination", "problems"},
        notes="Report form with the dissemination cell empty and «—» in the problems cell."),
     lambda: rep_form_table(S["gym1"], R["gym1"],
                            blank={"dissemination": None, "problems": "—"})),
    (_e("r10_ds3_inline", "report_inline_labels", IR,
        notes="Every section a bold label and text in one paragraph."),
     lambda: rep_inline(S["ds3"], R["ds3"],
                        title="Отчёт о ходе реализации инновационного проекта "
                              "за 2025/2026 учебный год")),
    (_e("r11_sosh5_analytic", "analytic_note", IR,
        notes="Analytic note, subsections «1.1», «1.2»; signature «Директор  П.О. Гусев»."),
     lambda: rep_analytic(S["sosh5"], R["sosh5"])),
    (_e("r12_lesn_activity_table_thin", "report_activity_table", IR,
        missing={"dissemination", "problems", "plans"},
        notes="Same rural school as r05: the table is filled, but «Распространение опыта:», "
              "«Трудности:» and «Планы на 2026/2027 учебный год:» have nothing after them."),
     lambda: rep_table(S["lesn"], R["lesn"])),
    (_e("r13_sosh27_form_hints", "report_form_table", IR, missing={"dissemination", "plans"},
        notes="Only the committee's italic hints are left in the dissemination and plans cells."),
     lambda: rep_form_table(S["sosh27"], R["sosh27"], blank={
         "dissemination": HINT + "(перечислить семинары, публикации, выступления)",
         "plans": HINT + "(указать задачи на следующий период)"})),
    (_e("r14_sosh18_analytic_unsigned", "analytic_note", IR, missing={"signature"},
        notes="Analytic note that ends after «Перспективы» — no signature, no date."),
     lambda: rep_analytic(S["sosh18"], R["sosh18"], drop={"signature"})),
    (_e("r15_gym1_headings_h2", "report_headings", IR,
        notes="«Промежуточный отчёт муниципальной инновационной площадки», unnumbered Heading 2 "
              "sections; the period is its own section."),
     lambda: rep_headings(S["gym1"], R["gym1"], numbered=False, level=2,
                          title="Промежуточный отчёт муниципальной инновационной площадки")),
    (_e("r16_ds3_activity_table_no_period", "report_activity_table", IR, missing={"period"},
        notes="Title «Промежуточный отчёт МИП» without a year, «Период: —»; nothing else gives "
              "the period."),
     lambda: rep_table(S["ds3"], R["ds3"], blank={"period": "—"})),
    (_e("r17_sosh5_inline", "report_inline_labels", IR,
        notes="Inline labels; the period is in the title and in «Отчётный период:»."),
     lambda: rep_inline(S["sosh5"], R["sosh5"],
                        title="Отчёт о ходе реализации инновационного проекта "
                              "за 2025/2026 учебный год")),
    (_e("r18_sosh27_inline_no_topic", "report_inline_labels", IR, missing={"topic"},
        notes="The school forgot the «Тема:» line; the theme appears nowhere else."),
     lambda: rep_inline(S["sosh27"], R["sosh27"], drop={"topic"})),
    (_e("r19_sosh5_form_absent", "report_form_table", IR, missing={"dissemination", "problems"},
        notes="Report form: «отсутствует» is all the dissemination cell says, «нет» all the "
              "problems cell says (not «Проблем не выявлено», so no answer)."),
     lambda: rep_form_table(S["sosh5"], R["sosh5"], merged_title=False,
                            blank={"dissemination": "отсутствует", "problems": "нет"})),
    # --- final reports ------------------------------------------------------------------------
    (_e("f01_co2_headings_final", "report_headings", FR,
        notes="«Итоговый отчёт о реализации инновационного проекта»; «Продукты инновационной "
              "деятельности» and «Перспективы развития проекта и распространения опыта»."),
     lambda: rep_headings(S["co2"], R["co2"], final=True,
                          title="Итоговый отчёт о реализации инновационного проекта")),
    (_e("f02_oosh22_form_final", "report_form_table", FR,
        notes="The final report form (two columns) with the products row."),
     lambda: rep_form_table(S["oosh22"], R["oosh22"], final=True,
                            title="Итоговый отчёт муниципальной инновационной площадки "
                                  "(2023–2026 гг.)")),
    (_e("f03_lyc7_inline_final", "report_inline_labels", FR,
        notes="Final report of the lyceum's previous project (2023–2026), inline labels."),
     lambda: rep_inline(S["lyc7"], R["lyc7_prev"], final=True,
                        title="Итоговый отчёт о реализации инновационного проекта")),
    (_e("f04_oosh22_table_final_no_products", "report_activity_table", FR, missing={"products"},
        notes="Final report in the school's own table layout without any products section "
              "(the products are not named anywhere)."),
     lambda: rep_table(S["oosh22"], R["oosh22"], drop={"products"},
                       title="Итоговый отчёт о реализации инновационного проекта")),
    (_e("f05_lyc7_analytic_final", "analytic_note", FR,
        notes="Analytic note over the whole term 2023–2026, the period says «итоговый отчёт»; "
              "«5. Созданные продукты»."),
     lambda: rep_analytic(S["lyc7"], R["lyc7_prev"], final=True)),
    # --- not forms ----------------------------------------------------------------------------
    (_e("n01_sosh14_covering_letter", "covering_letter", None,
        notes="Covering letter on the letterhead: «направляет заявку…», the form itself is "
              "another file."),
     lambda: covering_letter(S["sosh14"], "заявку на присвоение статуса муниципальной "
                                          "инновационной площадки")),
    (_e("n02_sosh27_seminar_invitation", "information_letter", None,
        notes="Invitation to a seminar held as part of the MIP — names the school and a "
              "seminar theme, but it is no form."),
     lambda: seminar_invitation(S["sosh27"])),
    (_e("n03_gym3_order", "school_order", None,
        notes="The school's order creating the project team; quotes the project theme."),
     lambda: project_order(S["gym3"], P["gym3"])),
]

BY_NAME: dict[str, tuple[Expect, Callable[[], bytes]]] = {e.name: (e, f) for e, f in DOCUMENTS}


@functools.cache
def build(name: str) -> bytes:
    """The DOCX bytes of one corpus document (the same bytes every time)."""
    return BY_NAME[name][1]()


def expectation(name: str) -> Expect:
    return BY_NAME[name][0]
