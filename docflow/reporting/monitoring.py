"""The annual monitoring summary (ежегодный мониторинг эффективности МИП): figures, XLSX, DOCX.

    site_figures(session, settings, year) -> list[SiteFigures]
    build_xlsx(settings, year, rows, day) -> bytes
    build_docx(settings, year, rows, day) -> bytes
    make_summary(session, settings, year, today) -> Document   (stored once per year, then mailed)

Per site: the controlled items it owed that year (the report obligation and any order's item
expecting a submission) counted on time / late / missing; the completeness of its latest report
(100 when complete, otherwise the share of the form's required fields without an error finding,
0 when nothing came); results, products and dissemination from the report's fields (keys of the
report forms: ``results_vs_plan``, ``products``, ``dissemination`` — the FormRow the validation
step stores, see ``report_values``).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from docflow.calendar.rules import AcademicYear, academic_year
from docflow.calendar.workdays import next_working_day
from docflow.config import Settings
from docflow.reporting.obligations import REPORT_KINDS
from docflow.store.models import Deadline, Document, DocumentEvent, School, Site, Submission

DONE = ("complete", "on_agenda", "approved", "returned", "order_issued", "delivered")
DASH = "—"


@dataclass
class SiteFigures:
    school_id: int
    school: str
    topic: str
    on_time: int
    late: int
    missing: int
    findings: int
    completeness: int
    results: str
    products: str
    dissemination: str
    dissemination_count: int


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        parts = []
        for row in v:
            if isinstance(row, dict):
                what = row.get("event") or row.get("name") or ""
                extra = ", ".join(str(row[k]) for k in ("date", "level") if row.get(k))
                parts.append(f"{what} ({extra})" if extra and what else what or extra)
            else:
                parts.append(str(row))
        return "; ".join(p for p in parts if p)
    return str(v).strip()


def _count(v) -> int:
    if isinstance(v, list):
        return len([r for r in v if r])
    return len([x for x in str(v or "").replace(";", "\n").splitlines() if x.strip()])


def report_values(stored: dict | None) -> dict:
    """The report's field values from ``Submission.fields``: the validation step stores a FormRow
    (``{"fields": {key: text}, "tables": {key: [rows]}}``); a flat mapping is read as is."""
    stored = stored or {}
    if isinstance(stored.get("fields"), dict) or isinstance(stored.get("tables"), dict):
        return {**(stored.get("fields") or {}), **(stored.get("tables") or {})}
    return stored


def _in_year(d: Deadline, ay: AcademicYear) -> bool:
    return d.academic_year == ay.label or (not d.academic_year and ay.start <= d.due_on <= ay.end)


def _timeliness(session: Session, settings: Settings, d: Deadline) -> str:
    if d.status == "open":
        return "missing"
    due = next_working_day(d.due_on)
    if d.closed_by_submission_id:
        sub = session.get(Submission, d.closed_by_submission_id)
        day = sub.registered_at.astimezone(settings.tz).date()
    else:
        day = d.closed_at.astimezone(settings.tz).date() if d.closed_at else due
    return "on_time" if day <= due else "late"


def _required_count(settings: Settings, kind: str) -> int:
    """Required sections of the report form in the committee's forms file (at least one)."""
    from docflow.forms.spec import forms_of

    form = forms_of(settings).get(kind)
    return max(1, sum(s.required for s in form.sections.values()) if form else 1)


def site_figures(session: Session, settings: Settings, year: AcademicYear | str) -> list[SiteFigures]:
    ay = year if isinstance(year, AcademicYear) else academic_year(year)
    site_ids = set(session.scalars(select(Deadline.site_id).where(
        Deadline.academic_year == ay.label, Deadline.site_id.is_not(None), Deadline.document_id.is_(None),
        Deadline.expects_kind.in_(REPORT_KINDS))))
    out = []
    for site in session.scalars(select(Site).where(Site.id.in_(site_ids)).order_by(Site.id)):
        school = session.get(School, site.school_id)
        counts = {"on_time": 0, "late": 0, "missing": 0}
        # the site's report obligations only (one per report due): the totals then add up to the sites
        items = session.scalars(select(Deadline).where(Deadline.school_id == site.school_id,
                                                       Deadline.expects_kind.in_(REPORT_KINDS),
                                                       Deadline.status != "cancelled"))
        for d in items:
            if _in_year(d, ay):
                counts[_timeliness(session, settings, d)] += 1
        report = session.scalars(select(Submission).where(
            Submission.school_id == site.school_id, Submission.academic_year == ay.label,
            Submission.kind.in_(REPORT_KINDS)).order_by(Submission.registered_at.desc(), Submission.id.desc())
            .limit(1)).first()
        fields = report_values(report.fields) if report else {}
        errors = len([f for f in (report.findings or []) if not isinstance(f, dict)
                      or f.get("severity", "error") == "error"]) if report else 0
        if report is None:
            completeness = 0
        elif report.status in DONE:
            completeness = 100
        else:
            required = _required_count(settings, report.kind)
            completeness = max(0, round(100 * (1 - errors / required)))
        out.append(SiteFigures(
            school_id=site.school_id, school=school.short_name, topic=site.theme or site.direction or DASH,
            findings=errors, completeness=completeness,
            results=_text(fields.get("results") or fields.get("results_vs_plan")) or DASH,
            products=_text(fields.get("products")) or DASH,
            dissemination=_text(fields.get("dissemination")) or DASH,
            dissemination_count=_count(fields.get("dissemination")), **counts))
    return out


def totals(rows: list[SiteFigures]) -> dict[str, int]:
    return {"sites": len(rows), "on_time": sum(r.on_time for r in rows), "late": sum(r.late for r in rows),
            "missing": sum(r.missing for r in rows)}


XLSX_HEADER = ["№", "Образовательная организация", "Тема проекта", "Отчёты в срок", "С опозданием",
               "Не представлены", "Замечаний при проверке", "Полнота, %", "Результаты", "Продукты",
               "Диссеминация", "Мероприятий диссеминации"]


def build_xlsx(settings: Settings, year: str, rows: list[SiteFigures], day: dt.date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Мониторинг"
    ws.append([f"Мониторинг эффективности деятельности муниципальных инновационных площадок "
               f"за {year} учебный год"])
    ws.append([f"{settings.operator.short_name}, по состоянию на {day:%d.%m.%Y}"])
    ws.append(XLSX_HEADER)
    for i, r in enumerate(rows, 1):
        ws.append([i, r.school, r.topic, r.on_time, r.late, r.missing, r.findings, r.completeness, r.results,
                   r.products, r.dissemination, r.dissemination_count])
    t = totals(rows)
    ws.append(["", "Итого", "", t["on_time"], t["late"], t["missing"], "", "", "", "", "", ""])
    ws["A1"].font = Font(bold=True, size=12)
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for col, width in zip("ABCDEFGHIJKL", (5, 30, 40, 10, 12, 14, 14, 10, 40, 40, 40, 14), strict=True):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A4"
    if rows:
        _xlsx_chart(ws, len(rows))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _xlsx_chart(ws, n: int) -> None:
    """A native Excel bar chart of the report figures per site (it follows the cells when edited)."""
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "bar", "stacked", 100
    chart.title = "Представление отчётов площадками"
    chart.x_axis.title, chart.y_axis.title = "Образовательная организация", "Отчётов"
    chart.y_axis.majorUnit = 1
    chart.x_axis.delete = chart.y_axis.delete = False
    data = Reference(ws, min_col=4, max_col=6, min_row=3, max_row=3 + n)  # header row gives the legend
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, min_row=4, max_row=3 + n))
    chart.height, chart.width = max(7.5, 1.2 * n + 4), 22
    chart.legend.position = "b"
    ws.add_chart(chart, f"A{n + 7}")


def _conclusions(rows: list[SiteFigures]) -> list[str]:
    def names(pred) -> str:
        return ", ".join(r.school for r in rows if pred(r))
    out = []
    if on_time := names(lambda r: r.on_time and not r.late and not r.missing):
        out.append(f"Отчёты представлены в установленный срок и в полном объёме: {on_time}.")
    if late := names(lambda r: r.late):
        out.append(f"Отчёты представлены с нарушением установленного срока: {late}.")
    if missing := names(lambda r: r.missing):
        out.append(f"Отчёты (полный комплект) не представлены: {missing}. Рекомендуется рассмотреть вопрос "
                   "о деятельности площадок на заседании совета.")
    return out


def build_docx(settings: Settings, year: str, rows: list[SiteFigures], day: dt.date) -> bytes:
    from docflow.documents import contexts as c
    from docflow.documents.chart import stacked_bars_png
    from docflow.documents.render import render
    from docflow.reporting.letters import org_genitive

    cm, op = settings.committee, settings.operator
    position = op.head.position.split(op.short_name)[0].strip() if op.short_name in op.head.position \
        else op.head.position
    letterhead = {
        "committee": c.Committee(name_lines=list(cm.name_lines), name=cm.name, name_genitive=org_genitive(settings),
                                 short_genitive=org_genitive(settings), place=cm.place),
        "head": c.Official(position=settings.head.position, name_short=settings.head.name_short),
        "deputy": c.Official(position=settings.deputy.position, name_short=settings.deputy.name_short),
        "operator": c.Operator(name=op.name, short_name=op.short_name, head_position=position[:1].lower()
                               + position[1:], head_name=op.head.name_short),
        "council": c.Council(name=settings.council.name, name_genitive=settings.council.name_genitive,
                             abbreviation=settings.council.short_name),
    }
    sites = [c.SiteMonitoring(school=c.School(name=r.school, name_dative=r.school, short_name=r.school),
                              topic=r.topic, on_time=r.on_time, late=r.late, missing=r.missing,
                              completeness=r.completeness, products=r.products,
                              dissemination=r.dissemination) for r in rows]
    chart = c.Image(stacked_bars_png(
        [r.school for r in rows],
        {"В срок": [r.on_time for r in rows], "С опозданием": [r.late for r in rows],
         "Не представлены": [r.missing for r in rows]},
        title=f"Представление отчётов за {year} учебный год", x_label="Отчётов"), width_mm=160) if rows else None
    ctx = c.MonitoringSummaryContext(**letterhead, academic_year=year, date=day, sites=sites, chart=chart,
                                     conclusions=_conclusions(rows))
    return render("monitoring_summary.docx", ctx)


def find_summary(session: Session, year: str) -> Document | None:
    ay = academic_year(year)
    return session.scalars(select(Document).where(Document.register == "summary",
                                                  Document.kind == "monitoring_summary",
                                                  Document.reg_year == ay.first_year)).first()


def make_summary(session: Session, settings: Settings, year: AcademicYear | str,
                 today: dt.date) -> Document | None:
    """Build, archive and register the year's summary once; later calls return the stored row.

    None when no site owed a report that year (nothing to monitor).
    """
    from docflow.store import archive
    from docflow.store.numbering import next_seq

    ay = year if isinstance(year, AcademicYear) else academic_year(year)
    existing = find_summary(session, ay.label)
    if existing is not None:
        return existing
    rows = site_figures(session, settings, ay)
    if not rows:
        return None
    from docflow.documents.copies import PDF_FAILED, pdf_copies
    xlsx = build_xlsx(settings, ay.label, rows, today)
    docx = build_docx(settings, ay.label, rows, today)
    pdf, pdf_note = pdf_copies([docx])[0]
    seq = next_seq(session, "summary", ay.first_year)
    doc = Document(register="summary", kind="monitoring_summary", status="final", number=str(seq),
                   reg_year=ay.first_year, reg_seq=seq, doc_date=today, template="monitoring_summary.docx",
                   title=f"Итоги мониторинга эффективности деятельности МИП за {ay.label} учебный год",
                   docx_sha256=archive.put(docx), pdf_sha256=archive.put(pdf) if pdf else "",
                   context={"academic_year": ay.label, "xlsx_sha256": archive.put(xlsx), "totals": totals(rows),
                            "sites": [asdict(r) for r in rows]})
    session.add(doc)
    session.flush()
    if not pdf:
        session.add(DocumentEvent(document_id=doc.id, event=PDF_FAILED, actor="system", note=pdf_note))
    return doc
