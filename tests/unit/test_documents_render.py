"""Render every template with its sample context and read the DOCX back with python-docx."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import re
import zipfile

import pytest
from docx import Document

from docflow.documents import TEMPLATES_DIR
from docflow.documents.contexts import Site, sample_context
from docflow.documents.docx_text import docx_to_text, tables
from docflow.documents.render import render
from docflow.documents.samples import BEREZ, LYCEUM_2, SAMPLES, SCHOOL_7

DATE_NUMBER = re.compile(r"^от (\d{2})\.(\d{2})\.(\d{4})\s+№ (\d+)$")


def rendered(name: str, **changes) -> tuple[bytes, list[str]]:
    ctx = sample_context(name)
    if changes:
        ctx = dataclasses.replace(ctx, **changes)
    data = render(TEMPLATES_DIR / name, ctx)
    return data, docx_to_text(data).splitlines()


def numbered(lines: list[str]) -> list[str]:
    """Top-level item numbers in order («1.», «2.» …)."""
    return [m.group(1) for line in lines if (m := re.match(r"^(\d+)\. ", line))]


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_template_has_letterhead_and_no_leftover_tags(name):
    data, lines = rendered(name)
    text = "\n".join(lines)
    assert lines[:3] == ["Администрация", "Северореченского муниципального округа", "КОМИТЕТ ПО ОБРАЗОВАНИЮ"]
    head = Document(io.BytesIO(data)).paragraphs[1]
    assert head.alignment == 1 and head.runs[0].bold  # centred, bold
    assert "{{" not in text and "{%" not in text and "}}" not in text


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_page_setup_follows_gost(name):
    doc = Document(io.BytesIO(rendered(name)[0]))
    sec = doc.sections[0]
    mm = [round(x.mm) for x in (sec.top_margin, sec.right_margin, sec.bottom_margin, sec.left_margin)]
    assert mm == [20, 10, 20, 30]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 14
    assert normal.paragraph_format.line_spacing == 1.0
    # pages numbered from the second (ГОСТ Р 7.0.97-2016, 5.2): a PAGE field in the header, none on page 1
    assert sec.different_first_page_header_footer
    assert " PAGE " in "".join(sec.header._element.itertext())
    assert not "".join(sec.first_page_header._element.itertext()).strip()


def test_order_requisites():
    data, lines = rendered("order_site_status.docx")
    assert "ПРИКАЗ" in lines
    m = next(DATE_NUMBER.match(x) for x in lines if DATE_NUMBER.match(x))
    assert m.groups() == ("16", "11", "2026", "364")
    assert "г. Северореченск" in lines
    title = next(x for x in lines if x.startswith("Об "))
    assert "инновационной деятельности" in title
    assert Document(io.BytesIO(data)).paragraphs[lines.index(title)].runs[0].bold
    preamble = next(x for x in lines if x.startswith("В целях"))
    assert "(протокол от 12.11.2026 № 1)" in preamble
    assert lines.index("ПРИКАЗЫВАЮ:") > lines.index(preamble)
    assert numbered(lines) == ["1", "2", "3", "4"]
    assert any(
        x.startswith("1. Присвоить статус «Муниципальная инновационная площадка» муниципальному")
        for x in lines
    )
    assert any("на срок с 01.12.2026 по 31.05.2029" in x for x in lines)
    assert any("в срок до 15 июня 2027 года" in x for x in lines)
    assert lines[-1] == "Председатель комитета по образованию | М.В. Соколова"
    assert "Зимину Г.А." in docx_to_text(data) and "Г.А.." not in docx_to_text(data)


def test_order_for_many_schools_has_subitems_and_no_optional_deadline():
    sites = [Site(SCHOOL_7, "Тема А"), Site(LYCEUM_2, "Тема Б")]
    _, lines = rendered("order_site_status.docx", sites=sites, report_deadline=None)
    assert numbered(lines) == ["1", "2", "3"]
    assert (
        "1. Присвоить статус «Муниципальная инновационная площадка» следующим образовательным организациям:"
        in lines
    )
    assert any(x.startswith("1.1. муниципальному") and x.endswith(";") for x in lines)
    assert any(x.startswith("1.2. муниципальному") and "«Лицей № 2»" in x and x.endswith(".") for x in lines)
    assert any("муниципальных инновационных площадок возложить" in x for x in lines)
    assert not any("в срок до" in x for x in lines)


def test_directive_items_appendix_marks_and_tables():
    data, lines = rendered("directive_interim_results.docx")
    assert "РАСПОРЯЖЕНИЕ" in lines and "ПРИКАЗЫВАЮ:" not in lines
    assert any(DATE_NUMBER.match(x) for x in lines)
    assert next(x for x in lines if x.startswith("Об ")).startswith("Об утверждении решений")
    assert numbered(lines) == ["1", "2", "3", "4", "5"]
    assert any(x.startswith("1.2. Представить в срок до 15 мая 2027 года") for x in lines)
    assert "2.3. В срок до 01 июня 2027 года представить в комитет по образованию предложения" in "\n".join(
        lines
    )
    for n in ("1", "2", "3"):
        i = lines.index(f"Приложение {n}")
        assert lines[i + 1 : i + 3] == ["к распоряжению комитета по образованию", "от 26.04.2027 № 328"]
    doc = Document(io.BytesIO(data))
    assert doc.paragraphs[
        [p.text for p in doc.paragraphs].index("Приложение 1")
    ].paragraph_format.page_break_before
    grids = tables(data)[1:]  # the first table is the signature
    assert [len(t) - 1 for t in grids] == [2, 1, 1]
    assert grids[0][1] == [
        "1",
        "МБОУ «СОШ № 7»",
        SAMPLES["order_site_status.docx"]().sites[0].topic,
        "Орлова Н.П.",
    ]
    assert grids[2][1][3] == "с 01.09.2025 по 31.05.2028"


def test_directive_renumbers_appendices_when_one_list_is_empty():
    _, lines = rendered("directive_interim_results.docx", approved=[], terms=[Site(BEREZ, "Т", None, None)])
    text = "\n".join(lines)
    assert "Приложение 1" in lines and "Приложение 2" in lines and "Приложение 3" not in lines
    assert "1.1. Представить в срок до 15 мая 2027 года" in text and "согласно приложению 1." in text
    assert (
        "1.2. Установить сроки реализации деятельности муниципальных инновационных площадок "
        "согласно приложению 2." in text
    )
    assert "Одобрить представленные промежуточные итоги" not in text


def test_protocol_votes_decisions_numbering_and_signatures():
    _, lines = rendered("protocol.docx")
    text = "\n".join(lines)
    assert "ПРОТОКОЛ № 1" in lines and "заседания муниципального методического совета" in lines
    assert "от 12.11.2026\tг. Северореченск" in lines
    assert "Председатель – Зимина Г.А." in lines and "Секретарь – Кравец А.А." in lines
    assert "Присутствовало – 5 человек" in lines
    assert lines.index("Повестка дня:") < lines.index("Ход заседания")
    assert "1) Соколова Марина Викторовна, председатель комитета по образованию;" in lines
    assert "Голосование списком: «за» – 5, «против» – 0, «воздержались» – 0." in lines
    assert "Слушали: директора МБОУ «СОШ № 7» Орлову Наталью Петровну." in text
    decisions = [
        x
        for x in lines[lines.index("Ход заседания") :]
        if re.match(r"^[234]\. (Присвоить|Рекомендовать|Внести)", x)
    ]
    assert [d[0] for d in decisions] == ["2", "3", "4"]  # numbering continues across items
    assert (
        "3.1. передать материалы инновационной деятельности в МБУ «ИМЦ» для размещения на сайте комитета;"
        in lines
    )
    assert lines[-2:] == [
        "Председатель | _______________ / Зимина Г.А.",
        "Секретарь | _______________ / Кравец А.А.",
    ]


def test_protocol_plural_and_attendees_list():
    _, lines = rendered("protocol.docx", present_count=22, attendees=["Орлова Н.П.", "Гусев П.А."])
    assert "Присутствовало – 22 человека" in lines
    assert lines[lines.index("Присутствовали:") + 1 :][:2] == ["Орлова Н.П.;", "Гусев П.А."]


def test_protocol_extract():
    _, lines = rendered("protocol_extract.docx")
    text = "\n".join(lines)
    assert "Выписка из протокола № 1" in lines
    assert text.count("РЕШИЛИ:") == 1
    assert "По 2 вопросу, «Рассмотрение заявки МБОУ „СОШ № 7“" in text and "»»" not in text
    assert "2.2. представить отчёт о ходе реализации программы в срок до 15 июня 2027 года." in lines
    i = lines.index("Выписка верна")
    assert "Секретарь муниципального методического совета | _______________ / Кравец А.А." in lines[i:]
    assert lines[-1] == "13.11.2026"


def test_agenda():
    _, lines = rendered("agenda.docx")
    assert "ПОВЕСТКА" in lines and "Дата: 12.11.2026" in lines and "Время: 15:00" in lines
    assert numbered(lines) == ["1", "2"]
    assert "Докладчик: директор МБОУ «СОШ № 7» Орлова Наталья Петровна." in lines
    assert lines[-1] == "Секретарь ММС | Кравец А.А."


def test_monitoring_summary_table_and_chart():
    data, lines = rendered("monitoring_summary.docx")
    grid = tables(data)[0]
    assert len(grid) == 4 and grid[3][:6] == [
        "3",
        "МБОУ «Берёзовская ООШ»: Функциональная грамотность в сельской школе",
        "0",
        "1",
        "1",
        "40",
    ]
    assert "Рассмотрена деятельность 3 площадок." in "\n".join(lines)
    media = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("word/media/")]
    assert len(media) == 1
    data, lines = rendered("monitoring_summary.docx", chart=None)
    assert "Рисунок 1. Полнота отчётов площадок, %" not in lines


def test_user_text_is_xml_escaped_and_cyrillic_survives():
    odd = dataclasses.replace(
        SCHOOL_7, name_dative="учреждению «О'Нил & Ко <школа>» — ёЁ", short_name="A&B <x>"
    )
    data, lines = rendered("order_site_status.docx", sites=[Site(odd, 'тема "кавычки"')])
    assert any('учреждению «О\'Нил & Ко <школа>» — ёЁ по направлению «тема "кавычки"»' in x for x in lines)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "&amp; Ко &lt;школа&gt;" in xml


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_same_context_gives_same_bytes(name):
    a = rendered(name)[0]
    b = rendered(name)[0]
    assert hashlib.sha256(a).hexdigest() == hashlib.sha256(b).hexdigest()
    assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in zipfile.ZipFile(io.BytesIO(a)).infolist())
    assert zipfile.ZipFile(io.BytesIO(a)).testzip() is None


def test_different_context_gives_different_bytes():
    assert (
        rendered("directive_interim_results.docx")[0]
        != rendered("directive_interim_results.docx", number="329")[0]
    )
