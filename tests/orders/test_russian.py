"""Declension of the requisites: organisation names, positions, surnames (rule-based)."""

import pytest

from docflow.orders import russian


@pytest.mark.parametrize(("nominative", "dative"), [
    ("Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 7»",
     "муниципальному бюджетному общеобразовательному учреждению «Средняя общеобразовательная школа № 7»"),
    ("Муниципальное бюджетное дошкольное образовательное учреждение «Детский сад № 5 «Солнышко»»",
     "муниципальному бюджетному дошкольному образовательному учреждению «Детский сад № 5 «Солнышко»»"),
    ("Муниципальная автономная организация дополнительного образования «Дом творчества»",
     "муниципальной автономной организации дополнительного образования «Дом творчества»"),
])
def test_school_names_in_the_dative_keep_the_quoted_name(nominative, dative):
    assert russian.dative(nominative) == dative


def test_genitive_of_council_and_committee():
    assert russian.genitive("муниципальный методический совет") == "муниципального методического совета"
    assert russian.genitive("Комитет по образованию администрации Северореченского муниципального округа") == \
        "комитета по образованию администрации Северореченского муниципального округа"
    assert russian.genitive("Управление образования") == "управления образования"


def test_control_of_execution_is_entrusted_to_a_person_in_the_accusative():
    assert russian.position_accusative("Заместитель председателя комитета по образованию") == \
        "заместителя председателя комитета по образованию"
    assert russian.position_accusative("Начальник отдела общего образования") == "начальника отдела общего образования"
    assert russian.surname_initials_accusative("Белов Андрей Николаевич") == "Белова А.Н."
    assert russian.surname_initials_accusative("Лапина Ольга Александровна") == "Лапину О.А."
    assert russian.surname_initials_accusative("Седых Ирина Павловна") == "Седых И.П."
    assert russian.surname_initials("Климова Ирина Викторовна") == "Климова И.В."
