"""Fictional sample contexts for every template (tests, the benchmark, staff previews)."""

from __future__ import annotations

import datetime as dt

from docflow.documents.chart import stacked_bars_png
from docflow.documents.contexts import (
    AgendaContext,
    AgendaItem,
    Committee,
    Council,
    Deadline,
    Decision,
    DirectiveInterimResultsContext,
    Image,
    MonitoringSummaryContext,
    Official,
    Operator,
    OrderSiteStatusContext,
    ProtocolContext,
    ProtocolExtractContext,
    School,
    Site,
    SiteMonitoring,
    Votes,
)

COMMITTEE = Committee(
    name_lines=["Администрация", "Северореченского муниципального округа", "КОМИТЕТ ПО ОБРАЗОВАНИЮ"],
    name="Комитет по образованию администрации Северореченского муниципального округа",
    name_genitive="комитета по образованию администрации Северореченского муниципального округа",
    short_genitive="комитета по образованию",
    place="г. Северореченск",
)
HEAD = Official(
    position="Председатель комитета по образованию", name_short="М.В. Соколова", name="Соколова М.В."
)
DEPUTY = Official(
    position="Заместитель председателя комитета по образованию",
    name_short="Г.А. Зимина",
    name="Зимина Г.А.",
    position_accusative="заместителя председателя комитета по образованию",
    name_accusative="Зимину Г.А.",
)
OPERATOR = Operator(
    name="Муниципальное бюджетное учреждение «Информационно-методический центр»",
    short_name="МБУ «ИМЦ»",
    head_position="директор",
    head_name="Белова Т.С.",
)
COUNCIL = Council(
    name="муниципальный методический совет",
    name_genitive="муниципального методического совета",
    abbreviation="ММС",
)
SCHOOL_7 = School(
    name="Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 7» "
    "г. Северореченска",
    name_dative="муниципальному бюджетному общеобразовательному учреждению «Средняя общеобразовательная "
    "школа № 7» г. Северореченска",
    short_name="МБОУ «СОШ № 7»",
    director="Орлова Н.П.",
)
LYCEUM_2 = School(
    name="Муниципальное бюджетное общеобразовательное учреждение «Лицей № 2» г. Северореченска",
    name_dative="муниципальному бюджетному общеобразовательному учреждению «Лицей № 2» г. Северореченска",
    short_name="МБОУ «Лицей № 2»",
    director="Гусев П.А.",
)
BEREZ = School(
    name="Муниципальное бюджетное общеобразовательное учреждение «Берёзовская основная общеобразовательная "
    "школа»",
    name_dative="муниципальному бюджетному общеобразовательному учреждению «Берёзовская основная "
    "общеобразовательная школа»",
    short_name="МБОУ «Берёзовская ООШ»",
    director="Ткач Л.И.",
)
TOPIC = "Эффективные практики выхода из списка школ с низкими образовательными результатами"
LETTERHEAD = {
    "committee": COMMITTEE,
    "head": HEAD,
    "deputy": DEPUTY,
    "operator": OPERATOR,
    "council": COUNCIL,
}
MEETING = dt.date(2026, 11, 12)


def order_site_status() -> OrderSiteStatusContext:
    return OrderSiteStatusContext(
        **LETTERHEAD,
        number="364",
        date=dt.date(2026, 11, 16),
        title="Об организации инновационной деятельности в муниципальной системе образования "
        "в 2026/2027 учебном году",
        purpose="В целях управления инновационной деятельностью в муниципальной системе образования и "
        "распространения эффективных управленческих практик",
        protocol_number="1",
        protocol_date=MEETING,
        academic_year="2026/2027",
        sites=[Site(SCHOOL_7, TOPIC, dt.date(2026, 12, 1), dt.date(2029, 5, 31))],
        report_deadline=dt.date(2027, 6, 15),
    )


def directive_interim_results() -> DirectiveInterimResultsContext:
    return DirectiveInterimResultsContext(
        **LETTERHEAD,
        number="328",
        date=dt.date(2027, 4, 26),
        title="Об утверждении решений муниципального методического совета от 26.04.2027 (протокол № 7)",
        basis="В соответствии с Порядком организации инновационной деятельности в системе образования "
        "Северореченского муниципального округа, утвержденным распоряжением комитета по образованию "
        "от 29.08.2025 № 546,",
        protocol_number="7",
        protocol_date=dt.date(2027, 4, 26),
        academic_year="2026/2027",
        approved=[Site(SCHOOL_7, TOPIC), Site(LYCEUM_2, "Сетевое наставничество педагогов")],
        corrections=[Site(BEREZ, "Функциональная грамотность в сельской школе")],
        correction_deadline=dt.date(2027, 5, 15),
        terms=[Site(LYCEUM_2, "Сетевое наставничество педагогов", dt.date(2025, 9, 1), dt.date(2028, 5, 31))],
        deadlines=[
            Deadline(
                dt.date(2027, 6, 1),
                "в комитет по образованию предложения по организации инновационной деятельности "
                "в муниципальной системе образования на 2027-2028 учебный год",
            )
        ],
    )


MEMBERS = [
    "Соколова Марина Викторовна, председатель комитета по образованию",
    "Зимина Галина Андреевна, заместитель председателя комитета по образованию — председатель совета",
    "Белова Татьяна Сергеевна, директор МБУ «ИМЦ»",
    "Гусев Павел Андреевич, директор МБОУ «Лицей № 2»",
    "Кравец Анна Алексеевна, методист МБУ «ИМЦ» — секретарь совета",
]
STATUS_ITEM = AgendaItem(
    title=f"Рассмотрение заявки МБОУ «СОШ № 7» на присвоение статуса муниципальной инновационной площадки "
    f"по направлению «{TOPIC}»",
    speaker="директор МБОУ «СОШ № 7» Орлова Наталья Петровна",
    heard="директора МБОУ «СОШ № 7» Орлову Наталью Петровну",
    summary="Представлена программа инновационной деятельности на 2026-2029 годы.",
    votes=Votes(yes=5),
    decisions=[
        Decision(
            "Присвоить статус «Муниципальная инновационная площадка» муниципальному бюджетному "
            "общеобразовательному учреждению «Средняя общеобразовательная школа № 7» г. Северореченска."
        ),
        Decision(
            "Рекомендовать МБОУ «СОШ № 7»:",
            [
                "передать материалы инновационной деятельности в МБУ «ИМЦ» для размещения на сайте комитета;",
                "представить отчёт о ходе реализации программы в срок до 15 июня 2027 года.",
            ],
        ),
        Decision("Внести в приказ комитета по образованию решение о присвоении статуса МИП."),
    ],
)


def protocol() -> ProtocolContext:
    return ProtocolContext(
        **LETTERHEAD,
        number="1",
        date=MEETING,
        chair="Зимина Г.А.",
        secretary="Кравец А.А.",
        present_count=5,
        attendees=[],
        items=[
            AgendaItem(
                title="Утверждение состава муниципального методического совета (далее – ММС) "
                "на 2026/2027 учебный год",
                votes=Votes(yes=5),
                decisions=[Decision("Утвердить состав ММС на 2026/2027 учебный год.")],
                council_members=MEMBERS,
            ),
            STATUS_ITEM,
        ],
    )


def protocol_extract() -> ProtocolExtractContext:
    return ProtocolExtractContext(
        **LETTERHEAD,
        protocol_number="1",
        date=MEETING,
        school=SCHOOL_7,
        attendees_summary="члены муниципального методического совета (5 человек), директор МБОУ «СОШ № 7»",
        items=[(2, STATUS_ITEM)],
        chair="Зимина Г.А.",
        secretary="Кравец А.А.",
        secretary_position="Секретарь муниципального методического совета",
        extract_date=dt.date(2026, 11, 13),
    )


def agenda() -> AgendaContext:
    p = protocol()
    return AgendaContext(
        **LETTERHEAD,
        date=MEETING,
        time="15:00",
        venue="г. Северореченск, ул. Советская, д. 5, каб. 12",
        items=p.items,
        secretary="Кравец А.А.",
    )


def monitoring_summary() -> MonitoringSummaryContext:
    rows = [
        SiteMonitoring(SCHOOL_7, TOPIC, 2, 0, 0, 100, "методические рекомендации", "муниципальный семинар"),
        SiteMonitoring(
            LYCEUM_2, "Сетевое наставничество педагогов", 1, 1, 0, 85, "сборник практик", "вебинар"
        ),
        SiteMonitoring(BEREZ, "Функциональная грамотность в сельской школе", 0, 1, 1, 40, "—", "—"),
    ]
    return MonitoringSummaryContext(
        **LETTERHEAD,
        academic_year="2026/2027",
        date=dt.date(2027, 6, 30),
        sites=rows,
        chart=Image(stacked_bars_png([r.school.short_name for r in rows],
                                     {"В срок": [r.on_time for r in rows], "С опозданием": [r.late for r in rows],
                                      "Не представлены": [r.missing for r in rows]}, x_label="Отчётов"),
                    width_mm=160),
        conclusions=[
            "Признать деятельность МБОУ «СОШ № 7» и МБОУ «Лицей № 2» эффективной.",
            "МБОУ «Берёзовская ООШ» представить недостающие отчёты в срок до 15 сентября 2027 года.",
        ],
    )


SAMPLES = {
    "order_site_status.docx": order_site_status,
    "directive_interim_results.docx": directive_interim_results,
    "protocol.docx": protocol,
    "protocol_extract.docx": protocol_extract,
    "agenda.docx": agenda,
    "monitoring_summary.docx": monitoring_summary,
}
