"""Great Expectations suites generated from the committee's forms file, one per document type.

Every expectation carries in ``meta`` the section it reports on and the Russian problem and fix;
templates are filled from the failing row (``{value}``, ``{registry}``) and the run context
(``{expected_year}``, ``{directions}``). GX is imported inside the function only.
"""

from __future__ import annotations

from docflow.forms.model import ValidationContext
from docflow.forms.normalize import EMAIL_RE, PHONE_DIGITS_RE
from docflow.forms.spec import FormDef, Section

MISSING = "не заполнено"
FIX = {
    "date": "Укажите дату в формате ДД.ММ.ГГГГ, например 01.09.2026.",
    "email": "Укажите адрес электронной почты полностью, например school7@example.ru.",
    "phone": "Укажите номер телефона с кодом города или оператора, например 8 (812) 345-67-89.",
    "direction": "Укажите одно из утверждённых направлений: {directions}.",
}


def _meta(s: Section, problem: str, fix: str, severity: str, value: str = "") -> dict:
    return {"field": s.key, "label": s.label, "problem": problem, "fix": fix, "severity": severity,
            "value_column": value or s.key}


def _missing_fix(s: Section) -> str:
    if s.hint:
        return s.hint
    if s.kind in FIX and s.kind != "direction":
        return FIX[s.kind]
    return f"Заполните {'таблицу' if s.kind == 'table' else 'раздел'} «{s.label}»."


def expectations(form: FormDef, ctx: ValidationContext) -> list:
    import great_expectations as gx

    E = gx.expectations
    out = []
    for key, s in form.sections.items():
        if s.registry:
            what = "наименование организации" if s.registry != "director" else "руководитель организации"
            out.append(E.ExpectColumnValuesToBeInSet(
                column=f"{key}__match", value_set=["yes"],
                meta=_meta(s, f"{what} в документе («{{value}}») не совпадает с реестром («{{registry}}»)",
                           "Проверьте, от какой организации поступил документ, и при необходимости уточните "
                           "сведения в реестре или у отправителя.", "staff")))
            continue
        out.append(E.ExpectColumnValuesToNotBeNull(column=key, meta=_meta(s, MISSING, _missing_fix(s), s.severity)))
        if s.kind == "date":
            out.append(E.ExpectColumnValuesToBeInSet(
                column=f"{key}__fmt", value_set=["ok"],
                meta=_meta(s, "дата указана в неверном формате («{value}»)", FIX["date"], "error")))
        elif s.kind == "email":
            out.append(E.ExpectColumnValuesToMatchRegex(
                column=f"{key}__email", regex=EMAIL_RE,
                meta=_meta(s, "адрес электронной почты указан неверно («{value}»)", FIX["email"], "error")))
        elif s.kind == "phone":
            out.append(E.ExpectColumnValuesToMatchRegex(
                column=f"{key}__digits", regex=PHONE_DIGITS_RE,
                meta=_meta(s, "номер телефона указан неверно («{value}»)", FIX["phone"], "error")))
        elif s.kind == "contacts":
            out.append(E.ExpectColumnValuesToBeInSet(
                column=f"{key}__contact", value_set=["ok"],
                meta=_meta(s, "не указаны ни телефон, ни адрес электронной почты",
                           "Укажите контактный телефон и адрес электронной почты.", "warning")))
        elif s.kind == "direction" and ctx.directions:
            out.append(E.ExpectColumnValuesToBeInSet(
                column=f"{key}__dir", value_set=list(ctx.directions),
                meta=_meta(s, "направление «{value}» отсутствует в утверждённом перечне", FIX["direction"],
                           "error")))
        elif s.kind in ("period", "academic_year") and ctx.academic_year:
            out.append(E.ExpectColumnValuesToBeInSet(
                column=f"{key}__ay", value_set=[ctx.academic_year],
                meta=_meta(s, "указан {" + key + "__ay} учебный год, а отчёты принимаются за {expected_year} "
                           "учебный год",
                           "Проверьте, что направлен отчёт за {expected_year} учебный год.", "warning")))
        elif s.kind == "signature":
            out.append(E.ExpectColumnValuesToBeInSet(
                column=f"{key}__signed", value_set=["ok"],
                meta=_meta(s, "не указана дата подписания", "Укажите дату рядом с подписью руководителя.",
                           "warning")))
        for c in s.columns:
            if c.required:
                out.append(E.ExpectColumnValuesToBeBetween(
                    column=f"{key}__rows_without_{c.key}", min_value=0, max_value=0,
                    meta=_meta(s, f"в таблице не заполнена графа «{c.label}» (строк: {{{key}__rows_without_{c.key}}})",
                               f"Заполните графу «{c.label}» в каждой строке таблицы.", "warning")))
    return out
