"""Completeness checks: real filled DOCX read back, all validated as one GX batch."""

from __future__ import annotations

import pytest

from docflow.forms.definitions import DEFAULT_DIRECTIONS
from docflow.forms.model import Finding, FormRow, SchoolRef, ValidationContext
from docflow.forms.reader import read_form
from docflow.forms.validate import is_complete, render_findings_ru, validate_batch
from tests.forms import builders as b

V, T = b.APPLICATION_VALUES, b.APPLICATION_TABLES
REG = SchoolRef(b.SCHOOL_FULL, b.SCHOOL_SHORT)


def row(form_type, values, tables, sid):
    return read_form(b.to_bytes(b.fill(form_type, values, tables)), submission_id=sid)


def _incomplete_values():
    values = dict(
        V, email="school7-at-mail", start_date="1 сентебря 2025", phone="12-34", direction="Робототехника"
    )
    del values["goal"], values["signature"]
    return values


SCENARIOS = {
    "complete": ("application", V, T),
    "incomplete": (
        "application",
        _incomplete_values(),
        {"calendar_plan": [T["calendar_plan"][0], dict(T["calendar_plan"][1], start="")], "team": []},
    ),
    "outside": ("application", dict(V, end_date="31.12.2027"), T),
    "inverted": ("application", dict(V, start_date="01.09.2028"), T),
    "fuzzy_ok": (
        "application",
        dict(
            V,
            direction="функциональная  грамотность обучающихся.",
            org_full_name='МБОУ "СОШ №7" г. Северореченска',
            org_short_name="мбоу сош № 7",
            start_date="«01» сентября 2025 г.",
            end_date="май 2028",
        ),
        T,
    ),
    "other_school": (
        "application",
        dict(
            V,
            org_full_name=b.SCHOOL_FULL.replace("№ 7", "№ 8"),
            org_short_name="МБОУ «СОШ № 8» г. Северореченска",
        ),
        T,
    ),
    "report_ok": ("interim_report", b.REPORT_VALUES, b.REPORT_TABLES),
    "report_old_year": (
        "interim_report",
        dict(b.REPORT_VALUES, academic_year="2024-2025 уч. год"),
        b.REPORT_TABLES,
    ),
    "final_bad_year": ("final_report", dict(b.REPORT_VALUES, academic_year="2025"), b.REPORT_TABLES),
    "corrected_ok": ("corrected_programme", dict(V, changes="Уточнены сроки этапов."), T),
    "corrected_no_changes": ("corrected_programme", V, T),
}


HOME_MADE_OUTSIDE = b.home_made(dict(V, end_date="31.12.2027"))
YEARS_ONLY_TERM = b.fill("application", V, T)
b.single_term_row(YEARS_ONLY_TERM, "2025–2028 гг.")


@pytest.fixture(scope="module")
def results() -> dict[str, list[Finding]]:
    rows = [row(ft, vals, tabs, sid) for sid, (ft, vals, tabs) in SCENARIOS.items()]
    rows.append(FormRow(None, None, submission_id="unknown"))
    rows.append(read_form(b.to_bytes(HOME_MADE_OUTSIDE), submission_id="home_made"))
    rows.append(read_form(b.to_bytes(YEARS_ONLY_TERM), submission_id="years_only"))
    ctx = ValidationContext(list(DEFAULT_DIRECTIONS), "2025/2026", {sid: REG for sid in SCENARIOS})
    return validate_batch(rows, ctx)


def triples(findings):
    return [(f.field, f.problem, f.severity) for f in findings]


def test_complete_application_has_no_findings(results):
    assert results["complete"] == []
    assert render_findings_ru(results["complete"]) == ""


def test_incomplete_application_exact_findings(results):
    assert triples(results["incomplete"]) == [
        ("phone", "номер телефона указан неверно («12-34»)", "error"),
        ("email", "адрес электронной почты указан неверно («school7-at-mail»)", "error"),
        ("direction", "направление «Робототехника» отсутствует в утверждённом перечне", "error"),
        ("start_date", "дата указана в неверном формате («1 сентебря 2025»)", "error"),
        ("goal", "не заполнено", "error"),
        ("calendar_plan", "сроки этапов не указаны или указаны неверно: «Основной»", "error"),
        ("team", "не заполнено", "error"),
        ("signature", "не заполнено", "warning"),
    ]
    assert not is_complete(results["incomplete"])


def test_incomplete_application_notice_text(results):
    text = render_findings_ru(results["incomplete"])
    lines = text.splitlines()
    assert lines[0] == (
        "1. «Контактный телефон» — номер телефона указан неверно («12-34»). Укажите номер "
        "телефона с кодом города или оператора, например 8 (812) 345-67-89."
    )
    assert lines[4] == (
        "5. «Цель проекта» — не заполнено. Заполните раздел «Цель проекта»: сформулируйте одну цель проекта."
    )
    assert lines[6] == (
        "7. «Команда проекта» — не заполнено. Перечислите участников команды проекта: "
        "ФИО, должность и роль в проекте."
    )
    assert "«Функциональная грамотность обучающихся»" in lines[2]
    assert lines[-2] == "Кроме того, обратите внимание (это не препятствует рассмотрению документа):"
    assert lines[-1].startswith("1. «Подпись» — не заполнено. Подпишите документ")


def test_stages_outside_the_term(results):
    assert triples(results["outside"]) == [
        (
            "calendar_plan",
            "сроки этапов выходят за пределы срока реализации проекта (01.09.2025 – 31.12.2027): "
            "«Обобщающий» (01.01.2028–31.05.2028)",
            "error",
        )
    ]


def test_home_made_plan_with_term_ranges_checked_against_the_project_term(results):
    assert triples(results["home_made"]) == [
        (
            "calendar_plan",
            "сроки этапов выходят за пределы срока реализации проекта (01.09.2025 – 31.12.2027): "
            "«Обобщающий» (01.01.2028–31.05.2028)",
            "error",
        )
    ]


def test_term_given_in_years_only_asks_for_dates(results):
    assert triples(results["years_only"]) == [
        ("start_date", "дата указана в неверном формате («2025»)", "error"),
        ("end_date", "дата указана в неверном формате («2028 гг.»)", "error"),
    ]
    assert results["years_only"][0].label == "Дата начала реализации проекта"


def test_end_not_after_start(results):
    problems = triples(results["inverted"])
    assert problems[0] == (
        "end_date",
        "дата окончания (31.05.2028) не позже даты начала (01.09.2028)",
        "error",
    )
    assert [p[0] for p in problems] == ["end_date"]  # stages are not checked against a broken term


def test_tolerant_values_pass(results):
    assert results["fuzzy_ok"] == []


def test_school_mismatch(results):
    (f,) = results["other_school"]
    assert (f.field, f.label, f.severity) == (
        "org_full_name",
        "Полное наименование образовательной организации",
        "error",
    )
    assert (
        f.problem
        == f"наименование не совпадает с наименованием организации-отправителя в реестре («{b.SCHOOL_FULL}»)"
    )


def test_report_complete(results):
    assert results["report_ok"] == []


def test_report_year_mismatch(results):
    assert triples(results["report_old_year"]) == [
        (
            "academic_year",
            "указан 2024/2025 учебный год, а отчёты принимаются за 2025/2026 учебный год",
            "error",
        )
    ]
    assert results["report_old_year"][0].fix.startswith(
        "Проверьте, что направлен отчёт за 2025/2026 учебный год"
    )


def test_report_year_in_wrong_format(results):
    assert triples(results["final_bad_year"]) == [
        ("academic_year", "учебный год указан в неверном формате («2025»)", "error")
    ]


def test_corrected_programme_requires_changes(results):
    assert results["corrected_ok"] == []
    assert triples(results["corrected_no_changes"]) == [("changes", "не заполнено", "error")]
    assert results["corrected_no_changes"][0].label == "Что изменено по замечаниям экспертов"


def test_unknown_form(results):
    (f,) = results["unknown"]
    assert (f.field, f.label) == ("form", "Форма документа")
    assert render_findings_ru([f]).startswith("1. «Форма документа» — документ не соответствует")


def test_render_numbering_and_punctuation():
    findings = [
        Finding("goal", "Цель проекта", "не заполнено.", "Заполните раздел «Цель проекта»."),
        Finding("tasks", "Задачи проекта", "не заполнено", "Заполните раздел «Задачи проекта»."),
    ]
    assert render_findings_ru(findings) == (
        "1. «Цель проекта» — не заполнено. Заполните раздел «Цель проекта».\n"
        "2. «Задачи проекта» — не заполнено. Заполните раздел «Задачи проекта»."
    )


def test_blank_forms_alone_in_a_batch_report_every_required_field():
    from docflow.forms.definitions import FORMS

    rows = [read_form(b.to_bytes(b.blank(t)), submission_id=t) for t in ("application", "interim_report")]
    found = validate_batch(rows, ValidationContext(list(DEFAULT_DIRECTIONS)))
    for form_type in ("application", "interim_report"):
        fields = FORMS[form_type].fields
        expected = [k for k, f in fields.items() if f.required] + ["signature"]
        assert [f.field for f in found[form_type]] == expected
        assert {f.problem for f in found[form_type]} == {"не заполнено"}
    direction = next(f for f in found["application"] if f.field == "direction")
    assert direction.fix.startswith("Укажите одно из направлений, перечисленных в форме: «Эффективные")
    start = next(f for f in found["application"] if f.field == "start_date")
    assert start.fix == "Укажите дату в формате ДД.ММ.ГГГГ, например 01.09.2025."


def test_forms_modules_import_no_heavy_libraries():
    import subprocess
    import sys

    code = (
        "import sys; import docflow.forms.validate, docflow.forms.reader, docflow.forms.suites.application;"
        "heavy = {'great_expectations', 'docx', 'pandas'} & set(sys.modules); print(sorted(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=b.FORMS_DIR.parents[1]
    )
    assert out.stdout.strip() == "[]"


def test_every_failing_row_is_reported_beyond_the_partial_list_cap():
    import copy

    values = dict(V)
    del values["goal"]
    template = row("application", values, T, "x")
    rows = []
    for i in range(250):  # GX's partial lists stop at 20, and SUMMARY formats at 200
        r = copy.deepcopy(template)
        r.submission_id = f"S{i}"
        rows.append(r)
    found = validate_batch(rows, ValidationContext(list(DEFAULT_DIRECTIONS)))
    assert all(triples(f) == [("goal", "не заполнено", "error")] for f in found.values())
    assert len(found) == 250
