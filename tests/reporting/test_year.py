"""A whole academic year (2026/2027) replayed with a controlled clock, against a real store and mail server.

Schools and what they do (call 15.04.2027, reminders 25.05 and 09.06, deadline 15.06, overdue 16.06,
summary 30.06):
- sch-07 reports (complete) on 20.05 — before any reminder: gets only the call;
- sch-12 sends an incomplete report on 11.06, the complete one on 21.06 (late); it also owes a
  corrected programme under directive № 15-р, item 2 (due 14.05, extended on 12.05 to 28.05),
  sent complete on 27.05;
- lyc-01 sends an incomplete report on 01.06 and never corrects it;
- sch-ozr never reports;
- sch-brz's status ends 31.05.2027: final-report notice on 01.03, final report complete on 28.05;
- dou-05 is only an applicant: it must get nothing.
An operator's item (due 01.06) is closed by a specialist with a note on 28.05.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from email.utils import parseaddr

from sqlalchemy import select

from docflow.documents.docx_text import docx_to_text
from docflow.reporting.control import close_deadline, extend_deadline
from docflow.reporting.replay import replay
from docflow.reporting.schedule import local_date, moment
from docflow.store import archive
from docflow.store.db import unit_of_work
from docflow.store.models import Deadline, DeadlineEvent, Document, OutboxLetter, Site
from tests.reporting.conftest import finding

D = dt.date
YEAR = "2026/2027"
# Submission.fields as the validation step stores it: the FormRow of the report form
REPORT_FIELDS = {
    "form_type": "interim_report", "form_version": 1,
    "fields": {"results_vs_plan": "Результаты достигнуты в полном объёме",
               "products": "Методические рекомендации по формированию функциональной грамотности"},
    "tables": {"dissemination": [{"event": "Муниципальный семинар «Читательская грамотность»",
                                  "date": "12.03.2027", "level": "муниципальный"},
                                 {"event": "Статья в сборнике ИМЦ", "date": "20.04.2027", "level": ""}]},
    "unmapped": [], "warnings": [],
}

CALL = "О представлении отчётов муниципальных инновационных площадок за 2026/2027 учебный год"
R_INTERIM = "Напоминание о сроке представления промежуточного отчёта: до 15.06.2027"
R_FINAL = "Напоминание о сроке представления итогового отчёта: до 31.05.2027"
R_PROG_OLD = "Напоминание о сроке представления скорректированной программы: до 14.05.2027"
R_PROG_NEW = "Напоминание о сроке представления скорректированной программы: до 28.05.2027"
OVERDUE = "О нарушении срока представления промежуточного отчёта"
FINAL_NOTICE = "О представлении итогового отчёта муниципальной инновационной площадки"
R_OPERATOR = "Напоминание о сроке представления документов: до 01.06.2027"
ESCALATION = "Контроль исполнения: просроченные поручения на 16.06.2027"
SUMMARY = "Итоги мониторинга эффективности деятельности МИП за 2026/2027 учебный год"


def _directive_items(committee) -> tuple[int, int]:
    with unit_of_work() as s:
        doc = Document(register="directive", kind="directive_interim_results", status="final", number="15-р",
                       reg_year=2027, reg_seq=15, doc_date=D(2027, 4, 20),
                       title="Об утверждении решений муниципального методического совета от 13.04.2027")
        s.add(doc)
        s.flush()
        prog = Deadline(document_id=doc.id, item_no="2", due_on=D(2027, 5, 14), responsible_kind="school",
                        school_id=committee.schools["sch-12"], expects_kind="corrected_programme",
                        academic_year=YEAR, responsible_name="МБОУ «СОШ № 12»",
                        text="Представить скорректированную программу инновационной деятельности "
                             "(с учётом замечаний экспертов)", created_at=moment(committee.settings, D(2027, 4, 20)))
        op = Deadline(document_id=doc.id, item_no="4", due_on=D(2027, 6, 1), responsible_kind="operator",
                      responsible_name="МБУ «ИМЦ»", academic_year=YEAR,
                      text="Подготовить аналитическую справку о ходе реализации инновационных проектов",
                      created_at=moment(committee.settings, D(2027, 4, 20)))
        s.add_all([prog, op])
        s.flush()
        return prog.id, op.id


def test_academic_year_replay(committee):
    c = committee
    for code in ("sch-07", "sch-12", "lyc-01", "sch-ozr"):
        c.site(code)
    with unit_of_work() as s:  # sch-07's status was granted by an order: its letters cite it
        order = Document(register="order", kind="order_site_status", status="delivered", number="112",
                         reg_year=2025, reg_seq=112, doc_date=D(2025, 10, 1),
                         title="О присвоении статуса муниципальной инновационной площадки")
        s.add(order)
        s.flush()
        s.scalars(select(Site).where(Site.school_id == c.schools["sch-07"])).one().order_document_id = order.id
    c.site("sch-brz", starts=D(2024, 5, 31), ends=D(2027, 5, 31))
    c.site("dou-05", status="applicant")
    ids: dict[str, int] = {}

    def on_day(day: dt.date) -> None:
        if day == D(2027, 4, 20):
            ids["prog"], ids["op"] = _directive_items(c)
        if day == D(2027, 5, 12):
            with unit_of_work() as s:
                extend_deadline(s, ids["prog"], D(2027, 5, 28), "metodist", "Ходатайство школы от 11.05.2027",
                                at=moment(c.settings, day))
        if day == D(2027, 5, 20):
            c.submit("sch-07", "interim_report", day, fields=REPORT_FIELDS)
        if day == D(2027, 5, 27):
            c.submit("sch-12", "corrected_programme", day)
        if day == D(2027, 5, 28):
            c.submit("sch-brz", "final_report", day, fields={"products": "Сборник практик"})
            with unit_of_work() as s:
                close_deadline(s, ids["op"], "metodist", "Справка представлена письмом ИМЦ № 88 от 27.05.2027",
                               at=moment(c.settings, day))
        if day == D(2027, 6, 1):
            c.submit("lyc-01", "interim_report", day, status="incomplete",
                     findings=[finding(k) for k in ("done", "products", "plans", "signer")] + [
                         finding("signature", "warning")])
        if day == D(2027, 6, 11):
            c.submit("sch-12", "interim_report", day, status="incomplete", findings=[finding("products")])
        if day == D(2027, 6, 21):
            c.submit("sch-12", "interim_report", day, fields=REPORT_FIELDS)

    log: list[str] = []
    reports = replay(c.settings, D(2026, 9, 1), D(2027, 8, 31), smtp=c.server.smtp_params(), on_day=on_day,
                     echo=log.append)
    # the compact log: each kind of letter on its date
    for line in ("01.03.2027 пн; писем: об итоговом отчёте 1",
                 "15.04.2027 чт; события: объявление о сдаче отчётов; писем: объявление 5",
                 "16.06.2027 ср; события: просрочка; писем: доклад о просрочке 1, о просрочке 3",
                 "30.06.2027 ср; события: мониторинг; писем: сводка 1; сводка мониторинга № "):
        assert any(x.startswith(line) for x in log), (line, log)
    assert reports[0].created == 5  # every active site's obligation on the first day of the year

    # --- what each mailbox received ------------------------------------------------------------
    def subjects(addr: str) -> Counter:
        return Counter(m["Subject"] for m in c.inbox(addr))

    expected = {
        "sch-07": Counter([CALL]),
        "sch-12": Counter([CALL, R_PROG_OLD, R_PROG_OLD, R_PROG_NEW, R_PROG_NEW, R_INTERIM, R_INTERIM, OVERDUE]),
        "lyc-01": Counter([CALL, R_INTERIM, R_INTERIM, OVERDUE]),
        "sch-ozr": Counter([CALL, R_INTERIM, R_INTERIM, OVERDUE]),
        "sch-brz": Counter([FINAL_NOTICE, CALL, R_FINAL, R_FINAL]),
        "dou-05": Counter(),
    }
    for code, want in expected.items():
        assert subjects(c.address[code]) == want, code
    assert subjects(c.staff) == Counter([ESCALATION, SUMMARY])
    assert subjects(c.operator) == Counter([R_OPERATOR, R_OPERATOR, SUMMARY])

    # every letter went to its own school only, once (distinct Message-IDs), and on its date
    with unit_of_work() as s:
        letters = s.scalars(select(OutboxLetter)).all()
        assert {x.status for x in letters} == {"sent"}
        by_key = {x.dedup_key: x for x in letters}
        for x in letters:
            if x.school_id:
                code = next(k for k, v in c.schools.items() if v == x.school_id)
                assert x.to_addrs == [c.address[code]]
    sent_dates = {k.split(":")[0] + ":" + k.split(":")[-1] for k in by_key if k.startswith("reminder:")}
    assert {"reminder:2027-06-15", "reminder:2027-05-31", "reminder:2027-05-14", "reminder:2027-05-28",
            "reminder:2027-06-01"} == sent_dates
    for code in ("sch-12", "lyc-01"):
        msgs = c.inbox(c.address[code])
        assert len({m["Message-ID"] for m in msgs}) == len(msgs)
        assert all(parseaddr(m["To"])[1] == c.address[code] for m in msgs)

    call = c.inbox(c.address["sch-07"])[0].get_content()
    assert ("В соответствии с приказом комитета по образованию от 01.10.2025 № 112 «О присвоении статуса "
            "муниципальной инновационной площадки» и Порядком признания") in call
    assert "Просим МБОУ «СОШ № 7» в срок до 15 июня 2027 года представить промежуточный отчёт" in call
    overdue = next(m for m in c.inbox(c.address["sch-12"]) if m["Subject"] == OVERDUE).get_content()
    assert "не прошёл проверку комплектности" in overdue and "15 июня 2027 года" in overdue
    prog = [m.get_content() for m in c.inbox(c.address["sch-12"]) if m["Subject"] == R_PROG_NEW]
    assert all("во исполнение пункта 2 распоряжения комитета по образованию от 20.04.2027 № 15-р" in b
               for b in prog)
    escalation = next(m for m in c.inbox(c.staff) if m["Subject"] == ESCALATION).get_content()
    for name in ("МБОУ «СОШ № 12»", "МБОУ «Лицей № 1»", "МБОУ «Озёрная ООШ»"):
        assert name in escalation
    assert "МБОУ «СОШ № 7»" not in escalation and "Берёзовская" not in escalation
    # addressed to those who receive it, in plain Russian, a link to the register instead of a command
    assert escalation.startswith("Уважаемые коллеги!") and "docflow deadlines" not in escalation
    assert "реестр «Контроль исполнения» (Airflow, раздел «Документооборот»)" in escalation

    # --- every controlled item's status -------------------------------------------------------
    with unit_of_work() as s:
        items = {(d.school_id, d.expects_kind): d for d in s.scalars(select(Deadline))}
        sid = c.schools
        assert items[(sid["sch-07"], "interim_report")].status == "done"
        assert items[(sid["sch-07"], "interim_report")].closed_by_submission_id is not None
        assert items[(sid["sch-12"], "interim_report")].status == "done"
        assert items[(sid["lyc-01"], "interim_report")].status == "open"
        assert items[(sid["sch-ozr"], "interim_report")].status == "open"
        brz = items[(sid["sch-brz"], "final_report")]
        assert (brz.status, brz.due_on) == ("done", D(2027, 5, 31))
        assert (sid["dou-05"], "interim_report") not in items
        prog = s.get(Deadline, ids["prog"])
        assert (prog.status, prog.due_on, prog.closed_by) == ("done", D(2027, 5, 28), "system")
        ext = s.scalars(select(DeadlineEvent).where(DeadlineEvent.deadline_id == prog.id,
                                                    DeadlineEvent.event == "extended")).one()
        assert (ext.old_due_on, ext.new_due_on, ext.actor) == (D(2027, 5, 14), D(2027, 5, 28), "metodist")
        op = s.get(Deadline, ids["op"])
        assert (op.status, op.closed_by, op.closed_by_submission_id) == ("done", "metodist", None)
        events = Counter(e.event for e in s.scalars(select(DeadlineEvent).where(
            DeadlineEvent.deadline_id == items[(sid["sch-ozr"], "interim_report")].id)))
        assert events == Counter({"created": 1, "reminded": 2, "overdue": 1, "escalated": 1})
        reminded = s.scalars(select(DeadlineEvent.at).where(
            DeadlineEvent.deadline_id == items[(sid["sch-ozr"], "interim_report")].id,
            DeadlineEvent.event == "reminded").order_by(DeadlineEvent.id)).all()
        assert [local_date(c.settings, at) for at in reminded] == [D(2027, 5, 25), D(2027, 6, 9)]

        # --- the monitoring summary: stored, figures, XLSX and DOCX -----------------------------
        doc = s.scalars(select(Document).where(Document.register == "summary")).one()
        assert doc.doc_date == D(2027, 6, 30)
        totals = doc.context["totals"]
        assert totals == {"sites": 5, "on_time": 2, "late": 1, "missing": 2}
        # cross-check with the registers: one report obligation per site, each counted once
        obligations = s.scalars(select(Deadline).where(Deadline.academic_year == "2026/2027",
                                                       Deadline.expects_kind.in_(["interim_report", "final_report"]),
                                                       Deadline.status != "cancelled")).all()
        assert totals["on_time"] + totals["late"] + totals["missing"] == totals["sites"] == len(obligations)
        xlsx, docx = archive.get(doc.context["xlsx_sha256"]), archive.get(doc.docx_sha256)

    from io import BytesIO

    from openpyxl import load_workbook
    ws = load_workbook(BytesIO(xlsx)).active
    rows = {r[1]: r for r in ws.iter_rows(min_row=4, values_only=True) if r[0]}
    #                        on time, late, missing, findings, completeness
    assert rows["МБОУ «СОШ № 7»"][3:8] == (1, 0, 0, 0, 100)
    assert rows["МБОУ «СОШ № 12»"][3:8] == (0, 1, 0, 0, 100)  # its corrected programme is not a report
    # 4 findings against the 6 required sections of the committee's interim report form: 33 %
    assert rows["МБОУ «Лицей № 1»"][3:8] == (0, 0, 1, 4, 33)
    assert rows["МБОУ «Озёрная ООШ»"][3:8] == (0, 0, 1, 0, 0)
    assert rows["МБОУ «Берёзовская СОШ»"][3:8] == (1, 0, 0, 0, 100)
    assert rows["МБОУ «СОШ № 7»"][8] == REPORT_FIELDS["fields"]["results_vs_plan"]
    assert rows["МБОУ «СОШ № 7»"][9] == REPORT_FIELDS["fields"]["products"]
    assert rows["МБОУ «СОШ № 7»"][11] == 2
    assert "Муниципальный семинар «Читательская грамотность» (12.03.2027, муниципальный)" in rows["МБОУ «СОШ № 7»"][10]
    total = next(r for r in ws.iter_rows(min_row=4, values_only=True) if r[1] == "Итого")
    assert total[3:6] == (2, 1, 2)
    import zipfile
    with zipfile.ZipFile(BytesIO(xlsx)) as z:  # a native Excel chart over the figures' cells
        chart = z.read("xl/charts/chart1.xml").decode()
    assert "<barChart>" in chart and "'Мониторинг'!$B$4:$B$8" in chart and "<legend>" in chart

    text = docx_to_text(docx)
    assert "за 2026/2027 учебный год" in text and "5 площадок" in text
    assert "Отчёты (полный комплект) не представлены: МБОУ «Лицей № 1», МБОУ «Озёрная ООШ»" in text
    summary = next(m for m in c.inbox(c.staff) if m["Subject"] == SUMMARY)
    assert sorted(p.get_filename() for p in summary.iter_attachments()) == [
        "Мониторинг МИП 2026-2027.docx", "Мониторинг МИП 2026-2027.xlsx"]

    # --- replaying the year again sends nothing ------------------------------------------------
    again = replay(c.settings, D(2026, 9, 1), D(2027, 8, 31), smtp=c.server.smtp_params(), echo=None)
    assert not any(r.letters for r in again)
    assert subjects(c.address["sch-ozr"]) == expected["sch-ozr"]
