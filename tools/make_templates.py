"""Regenerate the DOCX templates in include/templates/ (python-docx + docxtpl Jinja tags).

The committed .docx files are the source of truth (staff edit them in Word); run this only to
rebuild them from scratch:  python tools/make_templates.py [--out DIR]

Layout per ГОСТ Р 7.0.97-2016: A4, margins 20/10/20/30 mm (top/right/bottom/left), Times New
Roman 14 pt, single spacing; letterhead centred bold; date and number on one line (tab stop);
place; title «Об …» left, bold, narrow; numbered items; signature in a borderless table.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from docx import Document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
TEXT_WIDTH = Mm(170)
INDENT = Mm(12.5)
SIGN_LEFT = Mm(110)
SIGN_LEFT_SHORT = Mm(85)  # when the right cell holds «_____ / Фамилия И.О.»
FIXED_TIME = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
OUT = Path(__file__).resolve().parents[1] / "include" / "templates"


def _set_fonts(rpr, name: str = FONT) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


def new_document(title: str):
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.right_margin, sec.bottom_margin, sec.left_margin = Mm(20), Mm(10), Mm(20), Mm(30)
    # docDefaults: explicit font instead of theme references
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    _set_fonts(defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")))
    normal = doc.styles["Normal"]
    normal.font.size = Pt(14)
    _set_fonts(normal.element.get_or_add_rPr())
    pf = normal.paragraph_format
    pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(0), 1.0
    props = doc.core_properties
    props.title, props.author, props.last_modified_by = title, "docflow", "docflow"
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    page_numbers(doc)
    return doc


def page_numbers(doc):
    """ГОСТ Р 7.0.97-2016, 5.2: pages numbered from the second, centred in the top margin (a PAGE field)."""
    sec = doc.sections[0]
    sec.different_first_page_header_footer = True
    sec.header_distance = Mm(10)
    p = sec.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        run = p.add_run()
        run.font.size = Pt(12)
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            run.text = text


def para(
    doc,
    text: str = "",
    *,
    align=None,
    bold=False,
    indent=False,
    size=None,
    spaced=False,
    right_indent=None,
    left_indent=None,
    page_break=False,
    italic=False,
):
    p = doc.add_paragraph()
    if align == "center":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif align == "right":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    elif align == "justify":
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt = p.paragraph_format
    if indent:
        fmt.first_line_indent = INDENT
    if right_indent is not None:
        fmt.right_indent = right_indent
    if left_indent is not None:
        fmt.left_indent = left_indent
    if page_break:
        fmt.page_break_before = True
    if text:
        run = p.add_run(text)
        run.bold, run.italic = bold or None, italic or None
        if size:
            run.font.size = Pt(size)
        if spaced:  # expanded character spacing: «П Р И К А З» look, text stays «ПРИКАЗ»
            spacing = OxmlElement("w:spacing")
            spacing.set(qn("w:val"), "60")
            run._r.get_or_add_rPr().append(spacing)
    return p


def item(doc, text: str):
    """A numbered item: justified, first-line indent, number written as text."""
    return para(doc, text, align="justify", indent=True)


def ctl(doc, tag: str):
    """A docxtpl paragraph-level tag ({%p … %}); the paragraph disappears when rendered."""
    return para(doc, tag)


def letterhead(doc, doc_type: str | None):
    ctl(doc, "{%p for line in committee.name_lines %}")
    para(doc, "{{ line }}", align="center", bold=True)
    ctl(doc, "{%p endfor %}")
    para(doc)
    if doc_type:
        para(doc, doc_type, align="center", bold=True, size=16, spaced=True)
        para(doc)


def tab_line(doc, left: str, right: str):
    """«от 14.11.2023 ⇥ № 364»: a right tab stop at the right margin."""
    p = para(doc, f"{left}\t{right}")
    p.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    return p


def requisites(doc, kind: str = "order"):
    tab_line(doc, "от {{ date|ru_date }}", "№ {{ number }}")
    para(doc, "{{ committee.place }}", align="center")
    para(doc)


def title(doc, text: str = "{{ title }}"):
    para(doc, text, bold=True, right_indent=Mm(75))
    para(doc)


def _borderless(table):
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def signature(doc, rows: list[tuple[str, str]], left_width=SIGN_LEFT):
    """Position left, name right: a borderless two-column table."""
    para(doc)
    para(doc)
    table = doc.add_table(rows=len(rows), cols=2)
    table.autofit = False
    _borderless(table)
    table.columns[0].width, table.columns[1].width = left_width, TEXT_WIDTH - left_width
    for row, (left, right) in zip(table.rows, rows, strict=True):
        a, b = row.cells
        a.width, b.width = left_width, TEXT_WIDTH - left_width
        a.text, b.text = left, right
        b.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        b.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    return table


def grid_table(doc, header: list[str], cells: list[str], loop: str, widths_mm: list[int], size=12):
    """Header row + a docxtpl row loop ({%tr for … %}) over one data row."""
    table = doc.add_table(rows=4, cols=len(header))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    rows = table.rows
    content = [
        header,
        [loop] + [""] * (len(header) - 1),
        cells,
        ["{%tr endfor %}"] + [""] * (len(header) - 1),
    ]
    for row, texts in zip(rows, content, strict=True):
        for cell, text, width in zip(row.cells, texts, widths_mm, strict=True):
            cell.width = Mm(width)
            cell.text = text
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(size)
                run.bold = row is rows[0] or None
    return table


def appendix_mark(doc, number_expr: str, doc_kind: str = "распоряжению"):
    para(doc, f"Приложение {number_expr}", left_indent=Mm(95), page_break=True)
    para(doc, f"к {doc_kind} {{{{ committee.short_genitive }}}}", left_indent=Mm(95))
    para(doc, "от {{ date|ru_date }} № {{ number }}", left_indent=Mm(95))
    para(doc)


# --- templates -----------------------------------------------------------------------------------

NEXT = "{% set n.i = n.i + 1 %}{{ n.i }}. "


def order_site_status():
    doc = new_document("Приказ о присвоении статуса муниципальной инновационной площадки")
    letterhead(doc, "ПРИКАЗ")
    requisites(doc)
    title(doc)
    item(
        doc,
        "{{ purpose }}, на основании решения {{ council.name_genitive }} (протокол от "
        "{{ protocol_date|ru_date }} № {{ protocol_number }})",
    )
    para(doc)
    para(doc, "ПРИКАЗЫВАЮ:")
    para(doc)
    ctl(doc, "{%p set n = namespace(i=0) %}")
    ctl(doc, "{%p if sites|length == 1 %}")
    item(
        doc,
        NEXT + "Присвоить статус «Муниципальная инновационная площадка» {{ sites[0].school.name_dative }}"
        " по направлению {{ sites[0].topic|quoted }}{% if sites[0].term_from %} на срок с "
        "{{ sites[0].term_from|ru_date }} по {{ sites[0].term_to|ru_date }}{% endif %}.",
    )
    ctl(doc, "{%p else %}")
    item(
        doc,
        NEXT + "Присвоить статус «Муниципальная инновационная площадка» следующим образовательным "
        "организациям:",
    )
    ctl(doc, "{%p for s in sites %}")
    item(
        doc,
        "{{ n.i }}.{{ loop.index }}. {{ s.school.name_dative }} по направлению {{ s.topic|quoted }}"
        "{% if s.term_from %} на срок с {{ s.term_from|ru_date }} по {{ s.term_to|ru_date }}{% endif %}"
        "{{ ';' if not loop.last else '.' }}",
    )
    ctl(doc, "{%p endfor %}")
    ctl(doc, "{%p endif %}")
    item(
        doc,
        NEXT + "Методическое сопровождение деятельности {{ 'муниципальных инновационных площадок' "
        "if sites|length > 1 else 'муниципальной инновационной площадки' }} возложить на "
        "{{ operator.short_name }} ({{ operator.head_position }} {{ operator.head_name }}).",
    )
    ctl(doc, "{%p if report_deadline %}")
    item(
        doc,
        NEXT + "{% if sites|length == 1 %}Руководителю {{ sites[0].school.short_name }}{% else %}"
        "Руководителям образовательных организаций, получивших статус,{% endif %} представить в "
        "{{ operator.short_name }} отчёт о ходе реализации программы инновационной деятельности "
        "в срок до {{ report_deadline|ru_date_long }}.",
    )
    ctl(doc, "{%p endif %}")
    item(
        doc,
        NEXT + "Контроль исполнения приказа возложить на {{ deputy.position_accusative }} "
        "{{ deputy.name_accusative|period }}",
    )
    signature(doc, [("{{ head.position }}", "{{ head.name_short }}")])
    return doc


def _site_appendix(doc, cond: str, number_expr: str, heading: str, rows: str, with_terms: bool = False):
    ctl(doc, f"{{%p if {cond} %}}")
    appendix_mark(doc, number_expr)
    para(doc, heading, align="center", bold=True)
    para(doc)
    header = ["№ п/п", "Образовательная организация", "Направление (тема) программы", "Руководитель"]
    cells = ["{{ loop.index }}", "{{ s.school.short_name }}", "{{ s.topic }}", "{{ s.school.director }}"]
    widths = [15, 60, 60, 35]
    if with_terms:
        header[3], cells[3] = "Срок реализации", "с {{ s.term_from|ru_date }} по {{ s.term_to|ru_date }}"
    grid_table(doc, header, cells, f"{{%tr for s in {rows} %}}", widths)
    ctl(doc, "{%p endif %}")


def directive_interim_results():
    doc = new_document("Распоряжение об утверждении решений муниципального методического совета")
    letterhead(doc, "РАСПОРЯЖЕНИЕ")
    requisites(doc)
    title(doc)
    item(
        doc,
        "{{ basis }} и на основании решений {{ council.name_genitive }} от {{ protocol_date|ru_date }}"
        " (протокол № {{ protocol_number }}):",
    )
    para(doc)
    ctl(doc, "{%p set app_corrections = (1 if approved else 0) + 1 %}")
    ctl(doc, "{%p set app_terms = (1 if approved else 0) + (1 if corrections else 0) + 1 %}")
    ctl(doc, "{%p set app_count = (1 if approved else 0) + (1 if corrections else 0) + (1 if terms else 0) %}")
    ctl(doc, "{%p set app_first = 1 if approved else app_corrections %}")
    ctl(doc, "{%p set school_count = approved|length + corrections|length %}")
    ctl(doc, "{%p set s1 = namespace(i=0) %}")
    item(
        doc,
        "1. Утвердить решения {{ council.name_genitive }} об организации деятельности муниципальных "
        "инновационных площадок в {{ academic_year }} учебном году:",
    )
    ctl(doc, "{%p if approved %}")
    item(
        doc,
        "{% set s1.i = s1.i + 1 %}1.{{ s1.i }}. Одобрить промежуточные итоги реализации "
        "{{ 'программ' if approved|length > 1 else 'программы' }} инновационной деятельности "
        "{{ 'образовательных организаций' if approved|length > 1 else 'образовательной организации' }} "
        "за {{ academic_year }} учебный год согласно приложению 1.",
    )
    ctl(doc, "{%p endif %}")
    ctl(doc, "{%p if corrections %}")
    item(
        doc,
        "{% set s1.i = s1.i + 1 %}1.{{ s1.i }}. Представить в срок до {{ correction_deadline|ru_date_long }}"
        " в {{ council.name }} скорректированную программу инновационной деятельности (с учетом "
        "замечаний экспертов) {{ 'образовательным организациям' if corrections|length > 1 else "
        "'образовательной организации' }} согласно приложению {{ app_corrections }}.",
    )
    ctl(doc, "{%p endif %}")
    ctl(doc, "{%p if terms %}")
    item(
        doc,
        "{% set s1.i = s1.i + 1 %}1.{{ s1.i }}. Установить сроки реализации деятельности муниципальных "
        "инновационных площадок согласно приложению {{ app_terms }}.",
    )
    ctl(doc, "{%p endif %}")
    item(
        doc,
        "2. {{ 'Руководителям образовательных организаций' if school_count > 1 else "
        "'Руководителю образовательной организации' }} согласно "
        "{% set app_last = app_terms if terms else app_corrections %}"
        "{% if app_count > 2 %}приложениям {{ app_first }}–{{ app_last }}"
        "{% elif app_count == 2 %}приложениям {{ app_first }} и {{ app_last }}"
        "{% else %}приложению {{ app_first }}{% endif %}:",
    )
    item(
        doc,
        "2.1. Руководствоваться настоящим распоряжением при организации и осуществлении инновационной "
        "деятельности.",
    )
    item(doc, "2.2. Обеспечить контроль за ходом выполнения программ инновационной деятельности.")
    ctl(doc, "{%p for d in deadlines %}")
    item(doc, "2.{{ loop.index + 2 }}. В срок до {{ d.date|ru_date_long }} представить {{ d.text|period }}")
    ctl(doc, "{%p endfor %}")
    item(
        doc,
        "3. {{ operator.short_name }} ({{ operator.head_name }}) обеспечить консультирование "
        "образовательных организаций по вопросам реализации программ инновационной деятельности.",
    )
    item(
        doc,
        "4. Довести настоящее распоряжение до сведения руководителей образовательных организаций путем "
        "направления в электронном виде на официальную электронную почту организаций.",
    )
    item(
        doc,
        "5. Контроль за исполнением распоряжения возложить на {{ deputy.position_accusative }} "
        "{{ deputy.name_accusative|period }}",
    )
    signature(doc, [("{{ head.position }}", "{{ head.name_short }}")])
    _site_appendix(
        doc,
        "approved",
        "1",
        "Образовательные организации, промежуточные итоги инновационной деятельности которых одобрены",
        "approved",
    )
    _site_appendix(
        doc,
        "corrections",
        "{{ app_corrections }}",
        "Образовательные организации, представляющие "
        "скорректированную программу инновационной деятельности в срок до "
        "{{ correction_deadline|ru_date_long }}",
        "corrections",
    )
    _site_appendix(
        doc,
        "terms",
        "{{ app_terms }}",
        "Сроки реализации деятельности муниципальных инновационных площадок",
        "terms",
        with_terms=True,
    )
    return doc


def _votes(doc, label: str):
    ctl(doc, "{%p if it.votes %}")
    item(
        doc,
        label + ": «за» – {{ it.votes.yes }}, «против» – {{ it.votes.no }}, «воздержались» – "
        "{{ it.votes.abstain }}.",
    )
    ctl(doc, "{%p endif %}")


def _heard(doc):
    ctl(doc, "{%p if it.heard %}")
    item(doc, "Слушали: {{ it.heard|period }}{% if it.summary %} {{ it.summary|period }}{% endif %}")
    ctl(doc, "{%p endif %}")


def _discussion(doc):
    ctl(doc, "{%p if it.discussion %}")
    item(doc, "Выступили: {{ it.discussion|period }}")
    ctl(doc, "{%p endif %}")


def protocol():
    doc = new_document("Протокол заседания муниципального методического совета")
    letterhead(doc, None)
    para(doc, "ПРОТОКОЛ № {{ number }}", align="center", bold=True, size=16, spaced=True)
    para(doc, "заседания {{ council.name_genitive }}", align="center", bold=True)
    para(doc)
    tab_line(doc, "от {{ date|ru_date }}", "{{ committee.place }}")
    para(doc)
    para(doc, "Председатель – {{ chair }}")
    para(doc, "Секретарь – {{ secretary }}")
    para(
        doc,
        "Присутствовало – {{ present_count }} {{ plural(present_count, 'человек', 'человека', 'человек') }}",
    )
    ctl(doc, "{%p if attendees %}")
    para(doc, "Присутствовали:")
    ctl(doc, "{%p for a in attendees %}")
    para(doc, "{{ a|period if loop.last else a ~ ';' }}", indent=True)
    ctl(doc, "{%p endfor %}")
    ctl(doc, "{%p endif %}")
    para(doc)
    para(doc, "Повестка дня:", bold=True)
    ctl(doc, "{%p for it in items %}")
    item(
        doc,
        "{{ loop.index }}. {{ (it.agenda_title or it.title)|period }}"
        "{% if it.speaker %} Докладчик: {{ it.speaker|period }}{% endif %}",
    )
    ctl(doc, "{%p endfor %}")
    para(doc)
    para(doc, "Ход заседания", align="center", bold=True)
    ctl(doc, "{%p set d = namespace(n=0) %}")
    ctl(doc, "{%p for it in items %}")
    para(doc)
    para(doc, "{{ loop.index }}. {{ it.title }}", bold=True, indent=True)
    ctl(doc, "{%p if it.council_members %}")
    _heard(doc)
    para(doc, "Состав {{ council.name_genitive }}:", indent=True)
    ctl(doc, "{%p for m in it.council_members %}")
    item(doc, "{{ loop.index }}) {{ m|period if loop.last else m ~ ';' }}")
    ctl(doc, "{%p endfor %}")
    _discussion(doc)
    item(doc, "Замечания по составу: {{ (it.remarks or 'нет')|period }}")
    _votes(doc, "Голосование списком")
    ctl(doc, "{%p else %}")
    _heard(doc)
    item(doc, "Вопросы: {{ (it.questions or 'нет')|period }}")
    _discussion(doc)
    item(doc, "Замечания, предложения: {{ (it.remarks or 'нет')|period }}")
    _votes(doc, "Голосование")
    ctl(doc, "{%p endif %}")
    ctl(doc, "{%p if it.decisions %}")
    para(doc, "Решили:", indent=True, bold=True)
    ctl(doc, "{%p for dec in it.decisions %}")
    item(doc, "{% set d.n = d.n + 1 %}{{ d.n }}. {{ dec.text }}")
    ctl(doc, "{%p for sub in dec.subitems %}")
    item(doc, "{{ d.n }}.{{ loop.index }}. {{ sub }}")
    ctl(doc, "{%p endfor %}")
    ctl(doc, "{%p endfor %}")
    ctl(doc, "{%p endif %}")
    ctl(doc, "{%p endfor %}")
    signature(
        doc,
        [
            ("Председатель", "_______________ / {{ chair }}"),
            ("Секретарь", "_______________ / {{ secretary }}"),
        ],
        left_width=SIGN_LEFT_SHORT,
    )
    return doc


def protocol_extract():
    doc = new_document("Выписка из протокола заседания муниципального методического совета")
    letterhead(doc, None)
    para(doc, "Выписка из протокола № {{ protocol_number }}", align="center", bold=True)
    para(doc, "заседания {{ council.name_genitive }}", align="center", bold=True)
    para(doc)
    tab_line(doc, "от {{ date|ru_date }}", "{{ committee.place }}")
    para(doc)
    item(doc, "Присутствовали: {{ attendees_summary|period }}")
    para(doc)
    ctl(doc, "{%p for num, it in items %}")
    item(doc, "Вопрос {{ num }}. {{ (it.agenda_title or it.title)|period }}")
    ctl(doc, "{%p endfor %}")
    ctl(doc, "{%p for num, it in items %}")
    para(doc)
    item(
        doc,
        "По {{ num }} вопросу, {{ it.title|quoted }}{% if it.heard %}, слушали {{ it.heard|period }}"
        "{% else %}.{% endif %}",
    )
    ctl(doc, "{%p if it.discussion %}")
    item(doc, "Выступили: {{ it.discussion|period }}")
    ctl(doc, "{%p endif %}")
    _votes(doc, "Голосовали")
    para(doc, "РЕШИЛИ:", bold=True)
    ctl(doc, "{%p for dec in it.decisions %}")
    item(doc, "{{ dec.number or loop.index }}. {{ dec.text }}")
    ctl(doc, "{%p set di = dec.number or loop.index %}")
    ctl(doc, "{%p for sub in dec.subitems %}")
    item(doc, "{{ di }}.{{ loop.index }}. {{ sub }}")
    ctl(doc, "{%p endfor %}")
    ctl(doc, "{%p endfor %}")
    ctl(doc, "{%p endfor %}")
    signature(
        doc,
        [
            ("Председатель", "_______________ / {{ chair }}"),
            ("Секретарь", "_______________ / {{ secretary }}"),
        ],
        left_width=SIGN_LEFT_SHORT,
    )
    para(doc)
    para(doc, "Выписка верна", bold=True)
    signature(
        doc, [("{{ secretary_position }}", "_______________ / {{ secretary }}")], left_width=SIGN_LEFT_SHORT
    )
    para(doc, "{{ extract_date|ru_date }}")
    return doc


def agenda():
    doc = new_document("Повестка заседания муниципального методического совета")
    letterhead(doc, None)
    para(doc, "ПОВЕСТКА", align="center", bold=True, size=16, spaced=True)
    para(doc, "заседания {{ council.name_genitive }}", align="center", bold=True)
    para(doc)
    para(doc, "Дата: {{ date|ru_date }}")
    para(doc, "Время: {{ time }}")
    para(doc, "Место: {{ venue }}")
    para(doc)
    ctl(doc, "{%p for it in items %}")
    item(doc, "{{ loop.index }}. {{ it.title|period }}")
    ctl(doc, "{%p if it.speaker %}")
    para(doc, "Докладчик: {{ it.speaker|period }}", indent=True, italic=True)
    ctl(doc, "{%p endif %}")
    ctl(doc, "{%p endfor %}")
    signature(doc, [("Секретарь {{ council.abbreviation }}", "{{ secretary }}")])
    return doc


def monitoring_summary():
    doc = new_document("Итоги мониторинга эффективности деятельности муниципальных инновационных площадок")
    letterhead(doc, None)
    para(doc, "ИТОГИ МОНИТОРИНГА", align="center", bold=True, size=16, spaced=True)
    para(
        doc,
        "эффективности деятельности муниципальных инновационных площадок за {{ academic_year }} учебный год",
        align="center",
        bold=True,
    )
    para(doc)
    tab_line(doc, "от {{ date|ru_date }}", "{{ committee.place }}")
    para(doc)
    item(
        doc,
        "Мониторинг проведён {{ operator.short_name }} в соответствии с Порядком организации "
        "инновационной деятельности. Рассмотрена деятельность {{ sites|length }} "
        "{{ plural(sites|length, 'площадки', 'площадок', 'площадок') }}.",
    )
    para(doc)
    # figures and texts in two tables: columns wide enough that no word is broken across lines
    grid_table(
        doc,
        ["№", "Образовательная организация, направление", "Отчёты в срок", "С опозданием", "Не представлены",
         "Полнота, %"],
        ["{{ loop.index }}", "{{ s.school.short_name }}: {{ s.topic }}", "{{ s.on_time }}", "{{ s.late }}",
         "{{ s.missing }}", "{{ s.completeness }}"],
        "{%tr for s in sites %}",
        [9, 69, 21, 25, 27, 19],
        size=10,
    )
    para(doc)
    grid_table(
        doc,
        ["№", "Образовательная организация", "Продукты инновационной деятельности", "Диссеминация опыта"],
        ["{{ loop.index }}", "{{ s.school.short_name }}", "{{ s.products }}", "{{ s.dissemination }}"],
        "{%tr for s in sites %}",
        [9, 45, 58, 58],
        size=10,
    )
    ctl(doc, "{%p if chart %}")
    para(doc)
    para(doc, "{{ chart }}", align="center")
    para(doc, "Рисунок 1. Представление отчётов площадками", align="center", size=12)
    ctl(doc, "{%p endif %}")
    ctl(doc, "{%p if conclusions %}")
    para(doc)
    para(doc, "Выводы:", bold=True)
    ctl(doc, "{%p for c in conclusions %}")
    item(doc, "{{ loop.index }}. {{ c }}")
    ctl(doc, "{%p endfor %}")
    ctl(doc, "{%p endif %}")
    signature(
        doc,
        [("{{ operator.head_position|capitalize }} {{ operator.short_name }}", "{{ operator.head_name }}")],
    )
    return doc


BUILDERS = {
    "order_site_status.docx": order_site_status,
    "directive_interim_results.docx": directive_interim_results,
    "protocol.docx": protocol,
    "protocol_extract.docx": protocol_extract,
    "agenda.docx": agenda,
    "monitoring_summary.docx": monitoring_summary,
}


def save(doc, name: str, out: Path) -> Path:
    """Save with fixed ZIP timestamps, so regenerating unchanged templates changes no bytes."""
    import io

    from docflow.documents.render import normalize_zip

    out.mkdir(parents=True, exist_ok=True)
    path = out / name
    buf = io.BytesIO()
    doc.save(buf)
    path.write_bytes(normalize_zip(buf.getvalue()))
    return path


def build_all(out: Path = OUT) -> list[Path]:
    return [save(builder(), name, out) for name, builder in BUILDERS.items()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    for path in build_all(args.out):
        print(path)


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
