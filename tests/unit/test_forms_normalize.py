"""Tolerant parsing of labels, dates, years, contacts and school names."""

from __future__ import annotations

from datetime import date

import pytest

from docflow.forms.normalize import (
    clean_value,
    norm,
    parse_academic_year,
    parse_date,
    phone_digits,
    same_school,
)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("01.09.2025", date(2025, 9, 1)),
        ("1.9.2025", date(2025, 9, 1)),
        ("01.09.25", date(2025, 9, 1)),
        ("01/09/2025", date(2025, 9, 1)),
        ("2025-09-01", date(2025, 9, 1)),
        ("01.09.2025 г.", date(2025, 9, 1)),
        ("«01» сентября 2025 г.", date(2025, 9, 1)),
        ("1 мая 2026 года", date(2026, 5, 1)),
        ("сентябрь 2025", date(2025, 9, 1)),
        ("09.2025", date(2025, 9, 1)),
        ("31.02.2025", None),
        ("скоро", None),
        ("", None),
        ("1 сентебря 2025", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_month_means_its_last_day_at_the_end_of_a_term():
    assert parse_date("февраль 2028", end=True) == date(2028, 2, 29)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("2025/2026", "2025/2026"),
        ("2025-2026", "2025/2026"),
        ("2025–2026 учебный год", "2025/2026"),
        ("2025/26", "2025/2026"),
        ("2025-2026 уч. г.", "2025/2026"),
        ("2025", None),
        ("2025/2027", None),
    ],
)
def test_parse_academic_year(text, expected):
    assert parse_academic_year(text) == expected


def test_phone_digits_takes_the_first_number():
    assert phone_digits("8 (81234) 5-67-89, +7 900 123-45-67") == "88123456789"
    assert phone_digits("") is None


def test_norm_and_clean():
    assert norm("  4) Цель  проекта: ") == "цель проекта"
    assert norm("Сокращённое наименование") == "сокращенное наименование"
    assert clean_value("Орлова Н.П. ________\n\n") == "Орлова Н.П."


def test_same_school():
    full = "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 7»"
    assert same_school(['МБОУ "СОШ №7"'], [full, "МБОУ «СОШ № 7»"])
    assert same_school(["мбоу сош № 7"], [full])
    assert not same_school(["МБОУ «СОШ № 8»"], [full, "МБОУ «СОШ № 7»"])
    assert not same_school(["МБОУ «Гимназия № 2»"], [full])
    assert not same_school(["МБОУ СОШ 8 г. Северореченска"], ["МБОУ СОШ № 7 г. Северореченска"])
    assert not same_school(["МБОУ «СОШ № 17»"], [full])
    lyceum = "Муниципальное автономное общеобразовательное учреждение «Лицей № 2 имени 300-летия города»"
    assert same_school(["МАОУ Лицей № 2"], [lyceum])
