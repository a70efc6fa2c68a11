"""Declarative definitions of the submission forms: the single source of truth.

The blank forms in include/forms/ are generated from these definitions (docflow.forms.blank),
the reader maps a filled document back onto them and the validation suites check them.
Printed labels are exactly what the school sees on the form and what notices quote.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FORM_VERSION = 1

# Field kinds understood by the reader and the validation suites.
TEXT, DATE, YEAR, EMAIL, PHONE, ACADEMIC_YEAR, DIRECTION, TABLE = (
    "text",
    "date",
    "year",
    "email",
    "phone",
    "academic_year",
    "direction",
    "table",
)

# Block kinds: a two-column table of labelled fields, a numbered section of free text,
# a numbered section holding one table.
CELLS, SECTION, GRID = "cells", "section", "grid"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = TEXT
    aliases: tuple[str, ...] = ()
    required: bool = True


@dataclass(frozen=True)
class FieldDef:
    key: str
    label: str
    kind: str = TEXT
    required: bool = True
    aliases: tuple[str, ...] = ()
    hint: str = ""  # how to fix, Russian; a default by kind is used when empty
    columns: tuple[Column, ...] = ()  # for kind == TABLE, printed on the form
    extra_columns: tuple[Column, ...] = ()  # recognised when reading, never printed
    severity: str = "error"  # of a missing value


@dataclass(frozen=True)
class Block:
    number: int
    heading: str
    kind: str
    fields: tuple[FieldDef, ...]
    instruction: str = ""  # printed in italics; schools may delete it

    @property
    def numbered_heading(self) -> str:
        return f"{self.number}. {self.heading}"


@dataclass(frozen=True)
class FormDef:
    type: str
    title: str  # first line, capitals
    subtitle: str
    annex_mark: str
    blocks: tuple[Block, ...]
    instructions: tuple[str, ...]
    title_keywords: tuple[str, ...]  # normalised words that identify the form by its title
    version: int = FORM_VERSION
    fields: dict[str, FieldDef] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields", {f.key: f for b in self.blocks for f in b.fields})

    @property
    def full_title(self) -> str:
        return f"{self.title} {self.subtitle}"


ANNEX = (
    "Приложение № {n}\nк Порядку признания образовательных организаций\n"
    "муниципальными инновационными площадками"
)
GENERAL_INSTRUCTIONS = (
    "Заполните правую графу каждой таблицы и разделы под заголовками. Не изменяйте названия граф "
    "и заголовки разделов: по ним заявка проверяется автоматически.",
    "Пояснения, набранные курсивом, можно удалить. Строки таблиц можно добавлять.",
    "Даты указывайте в формате ДД.ММ.ГГГГ (например, 01.09.2025). Направьте заполненную форму "
    "в формате DOCX на адрес электронной почты управления образования.",
)

CALENDAR_PLAN = FieldDef(
    "calendar_plan",
    "Календарный план реализации проекта",
    TABLE,
    aliases=("календарный план", "этапы реализации проекта", "план реализации проекта"),
    hint="Заполните календарный план: для каждого этапа укажите содержание работ, "
    "сроки начала и окончания (ДД.ММ.ГГГГ) и ожидаемый результат.",
    columns=(
        Column("stage", "Этап", aliases=("наименование этапа", "этапы")),
        Column("work", "Содержание работ", aliases=("содержание работы", "мероприятия", "содержание")),
        Column("start", "Срок начала", DATE, aliases=("начало", "дата начала")),
        Column("end", "Срок окончания", DATE, aliases=("окончание", "дата окончания")),
        Column("result", "Результат", aliases=("ожидаемый результат", "результаты"), required=False),
    ),
    # a single «Сроки» column («01.09.2025 – 31.12.2025», «сентябрь – декабрь 2025») in home-made plans
    extra_columns=(
        Column(
            "term",
            "Сроки",
            aliases=("срок", "сроки реализации", "сроки проведения", "срок исполнения"),
            required=False,
        ),
    ),
)
TEAM = FieldDef(
    "team",
    "Команда проекта",
    TABLE,
    aliases=("состав команды", "проектная команда", "творческая группа"),
    hint="Перечислите участников команды проекта: ФИО, должность и роль в проекте.",
    columns=(
        Column("name", "ФИО", aliases=("фамилия имя отчество", "ф.и.о.")),
        Column("position", "Должность"),
        Column("role", "Роль в проекте", aliases=("функции в проекте", "роль"), required=False),
    ),
)
DISSEMINATION = FieldDef(
    "dissemination",
    "Диссеминация опыта (мероприятия, публикации)",
    TABLE,
    aliases=("диссеминация опыта", "диссеминация", "распространение опыта"),
    hint="Перечислите мероприятия и публикации, в которых представлен опыт площадки.",
    columns=(
        Column("event", "Мероприятие или публикация", aliases=("мероприятие", "публикация", "наименование")),
        Column("date", "Дата", DATE, aliases=("дата проведения", "срок")),
        Column("level", "Уровень", aliases=("уровень мероприятия",), required=False),
        Column("link", "Ссылка или выходные данные", aliases=("ссылка", "выходные данные"), required=False),
    ),
)


def _org_block(n: int) -> Block:
    return Block(
        n,
        "Сведения об образовательной организации",
        CELLS,
        (
            FieldDef(
                "org_full_name",
                "Полное наименование образовательной организации",
                aliases=(
                    "полное наименование оо",
                    "полное наименование организации",
                    "наименование образовательной организации",
                ),
                hint="Укажите полное наименование организации так, как оно записано в уставе.",
            ),
            FieldDef(
                "org_short_name",
                "Сокращённое наименование образовательной организации",
                aliases=("сокращенное наименование оо", "сокращенное наименование", "краткое наименование"),
                hint="Укажите сокращённое наименование организации по уставу (например, МБОУ СОШ № 7).",
            ),
            FieldDef(
                "director",
                "ФИО руководителя образовательной организации",
                aliases=("фио директора", "директор", "руководитель образовательной организации"),
                hint="Укажите фамилию, имя и отчество директора.",
            ),
            FieldDef("phone", "Контактный телефон", PHONE, aliases=("телефон",)),
            FieldDef(
                "email",
                "Адрес электронной почты",
                EMAIL,
                aliases=("e-mail", "email", "электронная почта", "эл. почта"),
            ),
        ),
    )


def _project_cells(n: int, *, with_term: bool = True) -> Block:
    fields = [
        FieldDef(
            "topic",
            "Тема проекта",
            aliases=("тема инновационного проекта", "название проекта"),
            hint="Укажите тему инновационного проекта.",
        ),
        FieldDef(
            "direction",
            "Направление инновационной деятельности",
            DIRECTION,
            aliases=("направление", "направление проекта"),
        ),
    ]
    if with_term:
        fields += [
            FieldDef(
                "start_date",
                "Дата начала реализации проекта",
                DATE,
                aliases=("начало реализации проекта", "срок реализации начало", "дата начала"),
            ),
            FieldDef(
                "end_date",
                "Дата окончания реализации проекта",
                DATE,
                aliases=("окончание реализации проекта", "срок реализации окончание", "дата окончания"),
            ),
        ]
    fields += [
        FieldDef(
            "project_lead",
            "Руководитель проекта (ФИО, должность)",
            aliases=("руководитель проекта", "руководитель инновационного проекта"),
            hint="Укажите ФИО и должность руководителя проекта.",
        ),
        FieldDef(
            "consultant",
            "Научный консультант (при наличии)",
            required=False,
            aliases=("научный консультант", "научный руководитель"),
        ),
    ]
    return Block(n, "Сведения о проекте", CELLS, tuple(fields))


def _signature_block(n: int) -> Block:
    return Block(
        n,
        "Дата и подпись",
        CELLS,
        (
            FieldDef("date", "Дата заполнения", DATE, aliases=("дата", "дата составления")),
            FieldDef(
                "signer",
                "Руководитель образовательной организации (ФИО)",
                aliases=("директор фио", "фио директора подпись", "руководитель оо"),
                hint="Укажите фамилию и инициалы директора, подписывающего документ.",
            ),
            FieldDef(
                "signature",
                "Подпись",
                required=False,
                severity="warning",
                hint="Подпишите документ (подпись директора или отметка «подписано»).",
            ),
        ),
        instruction="Документ подписывает руководитель образовательной организации.",
    )


def _section(
    n: int, key: str, label: str, instruction: str, *, required: bool = True, aliases: tuple[str, ...] = ()
) -> Block:
    return Block(
        n,
        label,
        SECTION,
        (FieldDef(key, label, aliases=aliases, required=required),),
        instruction=instruction,
    )


def _project_sections(start: int) -> list[Block]:
    return [
        _section(
            start,
            "relevance",
            "Актуальность проекта",
            "Обоснуйте актуальность проекта для образовательной организации и муниципальной системы "
            "образования.",
            aliases=("актуальность", "обоснование актуальности"),
        ),
        _section(
            start + 1,
            "goal",
            "Цель проекта",
            "Сформулируйте одну цель проекта.",
            aliases=("цель", "цель инновационного проекта"),
        ),
        _section(
            start + 2,
            "tasks",
            "Задачи проекта",
            "Перечислите задачи, ведущие к достижению цели.",
            aliases=("задачи",),
        ),
        _section(
            start + 3,
            "outcomes",
            "Ожидаемые результаты и продукты",
            "Укажите измеримые результаты и продукты (программы, методические материалы и т. п.).",
            aliases=("ожидаемые результаты", "результаты и продукты", "планируемые результаты"),
        ),
        Block(
            start + 4,
            CALENDAR_PLAN.label,
            GRID,
            (CALENDAR_PLAN,),
            instruction="Сроки этапов должны находиться в пределах срока реализации проекта.",
        ),
        _section(
            start + 5,
            "resources",
            "Ресурсное обеспечение проекта",
            "Опишите кадровые, материально-технические, финансовые и иные ресурсы.",
            aliases=("ресурсное обеспечение", "ресурсы"),
        ),
        Block(start + 6, TEAM.label, GRID, (TEAM,)),
    ]


APPLICATION = FormDef(
    type="application",
    title="ЗАЯВКА",
    subtitle="на присвоение статуса муниципальной инновационной площадки",
    annex_mark=ANNEX.format(n=1),
    blocks=(_org_block(1), _project_cells(2), *_project_sections(3), _signature_block(10)),
    instructions=GENERAL_INSTRUCTIONS,
    title_keywords=("заявка", "присвоение статуса"),
)


def _report_cells(n: int) -> Block:
    return Block(
        n,
        "Сведения о проекте и отчётном периоде",
        CELLS,
        (
            FieldDef("topic", "Тема проекта", aliases=("тема инновационного проекта", "название проекта")),
            FieldDef(
                "academic_year",
                "Учебный год",
                ACADEMIC_YEAR,
                aliases=("отчетный учебный год", "учебный год отчета"),
            ),
            FieldDef("period", "Отчётный период", aliases=("период", "период отчета")),
            FieldDef("stage", "Этап реализации проекта", aliases=("этап", "этап проекта")),
            FieldDef(
                "project_lead", "Руководитель проекта (ФИО, должность)", aliases=("руководитель проекта",)
            ),
        ),
    )


def _report_sections(start: int, *, final: bool) -> list[Block]:
    done = "Итоги реализации проекта" if final else "Что сделано за отчётный период"
    return [
        _section(
            start,
            "done",
            done,
            "Опишите выполненные работы по календарному плану.",
            aliases=(
                "что сделано",
                "что сделано за отчетный период",
                "итоги реализации проекта",
                "выполненные работы",
                "итоги реализации",
            ),
        ),
        _section(
            start + 1,
            "results_vs_plan",
            "Результаты в сравнении с планом",
            "Сопоставьте достигнутые результаты с запланированными; укажите причины отклонений.",
            aliases=("результаты в сравнении с планируемыми", "достигнутые результаты"),
        ),
        _section(
            start + 2,
            "products",
            "Продукты инновационной деятельности",
            "Перечислите созданные продукты (программы, пособия, методические рекомендации).",
            aliases=("продукты", "инновационные продукты"),
        ),
        Block(start + 3, DISSEMINATION.label, GRID, (DISSEMINATION,)),
        _section(
            start + 4,
            "problems",
            "Проблемы и трудности",
            "Укажите проблемы и способы их решения.",
            aliases=("проблемы", "трудности"),
        ),
        _section(
            start + 5,
            "plans",
            "Перспективы развития и распространения опыта" if final else "Планы на следующий период",
            "Опишите, что планируется сделать.",
            aliases=(
                "планы",
                "перспективы",
                "планы на следующий период",
                "перспективы развития и распространения опыта",
            ),
        ),
    ]


INTERIM_REPORT = FormDef(
    type="interim_report",
    title="ПРОМЕЖУТОЧНЫЙ ОТЧЁТ",
    subtitle="о реализации инновационного проекта муниципальной инновационной площадки",
    annex_mark=ANNEX.format(n=2),
    blocks=(_org_block(1), _report_cells(2), *_report_sections(3, final=False), _signature_block(9)),
    instructions=GENERAL_INSTRUCTIONS,
    title_keywords=("промежуточный отчет",),
)

FINAL_REPORT = FormDef(
    type="final_report",
    title="ИТОГОВЫЙ ОТЧЁТ",
    subtitle="о реализации инновационного проекта муниципальной инновационной площадки",
    annex_mark=ANNEX.format(n=3),
    blocks=(_org_block(1), _report_cells(2), *_report_sections(3, final=True), _signature_block(9)),
    instructions=GENERAL_INSTRUCTIONS,
    title_keywords=("итоговый отчет",),
)

CORRECTED_PROGRAMME = FormDef(
    type="corrected_programme",
    title="СКОРРЕКТИРОВАННАЯ ПРОГРАММА",
    subtitle="инновационной деятельности муниципальной инновационной площадки (с учётом замечаний экспертов)",
    annex_mark=ANNEX.format(n=4),
    blocks=(
        _org_block(1),
        _project_cells(2),
        _section(
            3,
            "changes",
            "Что изменено по замечаниям экспертов",
            "Перечислите замечания экспертов и внесённые по каждому из них изменения.",
            aliases=("изменения по замечаниям", "что изменено", "внесенные изменения"),
        ),
        *_project_sections(4),
        _signature_block(11),
    ),
    instructions=GENERAL_INSTRUCTIONS,
    title_keywords=("скорректированная программа",),
)

FORMS: dict[str, FormDef] = {
    f.type: f for f in (APPLICATION, INTERIM_REPORT, FINAL_REPORT, CORRECTED_PROGRAMME)
}

FORM_NAMES_RU = {
    "application": "заявка на присвоение статуса муниципальной инновационной площадки",
    "interim_report": "промежуточный отчёт",
    "final_report": "итоговый отчёт",
    "corrected_programme": "скорректированная программа",
}

# Mirrors site.directions of include/config/committee.example.yaml; the committee's own list is
# passed in (tools/make_forms.py --settings, ValidationContext.directions).
DEFAULT_DIRECTIONS: tuple[str, ...] = (
    "Эффективные практики выхода из списка школ с низкими образовательными результатами",
    "Цифровая образовательная среда",
    "Функциональная грамотность обучающихся",
    "Воспитание и социализация",
    "Инклюзивное образование",
    "Профессиональное развитие педагогов",
)
