"""Expectation builders shared by the per-form suites.

Every expectation carries in ``meta`` the field it reports on and the Russian problem / fix
templates; templates are filled from the failing row's columns (``{value}``, ``{end_date}``, …)
and the run context (``{expected_year}``, ``{directions}``).
"""

from __future__ import annotations

from docflow.forms.definitions import (
    ACADEMIC_YEAR,
    DATE,
    DIRECTION,
    EMAIL,
    PHONE,
    SECTION,
    TABLE,
    YEAR,
    FormDef,
)
from docflow.forms.model import ValidationContext
from docflow.forms.normalize import EMAIL_RE, PHONE_DIGITS_RE

MISSING = "не заполнено"
BAD_FORMAT = {
    DATE: "дата указана в неверном формате («{value}»)",
    YEAR: "год указан в неверном формате («{value}»)",
}
FIX = {
    DATE: "Укажите дату в формате ДД.ММ.ГГГГ, например 01.09.2025.",
    EMAIL: "Укажите адрес электронной почты полностью, например school7@example.ru.",
    PHONE: "Укажите номер телефона с кодом города или оператора, например 8 (812) 345-67-89.",
    ACADEMIC_YEAR: "Укажите учебный год в виде ГГГГ/ГГГГ, например 2025/2026.",
    DIRECTION: "Укажите одно из направлений, перечисленных в форме: {directions}.",
    YEAR: "Укажите год четырьмя цифрами, например 2026.",
}


def _meta(form: FormDef, key: str, problem: str, fix: str, severity: str = "error", value: str = "") -> dict:
    return {
        "field": key,
        "label": form.fields[key].label,
        "problem": problem,
        "fix": fix,
        "severity": severity,
        "value_column": value or key,
    }


def _section_instructions(form: FormDef) -> dict[str, str]:
    """Section field key → its printed instruction (may be empty)."""
    return {b.fields[0].key: b.instruction for b in form.blocks if b.kind == SECTION}


def _missing_fix(form: FormDef, key: str) -> str:
    f = form.fields[key]
    sections = _section_instructions(form)
    if f.hint or FIX.get(f.kind):
        return f.hint or FIX[f.kind]
    if key in sections:
        how = sections[key]
        return f"Заполните раздел «{f.label}»" + (f": {how[0].lower()}{how[1:]}" if how else ".")
    return f"Заполните {'таблицу' if f.kind == TABLE else 'поле'} «{f.label}»."


def field_expectations(form: FormDef, ctx: ValidationContext) -> list:
    """Presence of required fields and the format of typed ones, in form order."""
    import great_expectations as gx

    out = []
    for key, f in form.fields.items():
        column = f"{key}__rows" if f.kind == TABLE else key
        if f.required or f.severity == "warning":
            fix = _missing_fix(form, key)
            out.append(
                gx.expectations.ExpectColumnValuesToNotBeNull(
                    column=column, meta=_meta(form, key, MISSING, fix, f.severity)
                )
            )
        if f.kind in (DATE, YEAR):
            out.append(
                gx.expectations.ExpectColumnValuesToBeInSet(
                    column=f"{key}__fmt",
                    value_set=["ok"],
                    meta=_meta(form, key, BAD_FORMAT[f.kind], FIX[f.kind]),
                )
            )
        elif f.kind == EMAIL:
            out.append(
                gx.expectations.ExpectColumnValuesToMatchRegex(
                    column=f"{key}__email",
                    regex=EMAIL_RE,
                    meta=_meta(form, key, "адрес электронной почты указан неверно («{value}»)", FIX[EMAIL]),
                )
            )
        elif f.kind == PHONE:
            out.append(
                gx.expectations.ExpectColumnValuesToMatchRegex(
                    column=f"{key}__digits",
                    regex=PHONE_DIGITS_RE,
                    meta=_meta(form, key, "номер телефона указан неверно («{value}»)", FIX[PHONE]),
                )
            )
        elif f.kind == ACADEMIC_YEAR:
            out.append(
                gx.expectations.ExpectColumnValuesToBeInSet(
                    column=f"{key}__fmt",
                    value_set=["ok"],
                    meta=_meta(
                        form, key, "учебный год указан в неверном формате («{value}»)", FIX[ACADEMIC_YEAR]
                    ),
                )
            )
        elif f.kind == DIRECTION and ctx.directions:
            out.append(
                gx.expectations.ExpectColumnValuesToBeInSet(
                    column=f"{key}__dir",
                    value_set=list(ctx.directions),
                    meta=_meta(
                        form, key, "направление «{value}» отсутствует в утверждённом перечне", FIX[DIRECTION]
                    ),
                )
            )
    return out


def term_expectations(form: FormDef) -> list:
    """The project ends after it starts; every stage lies inside the project term."""
    import great_expectations as gx

    return [
        gx.expectations.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A="end_date__dt",
            column_B="start_date__dt",
            or_equal=False,
            ignore_row_if="either_value_is_missing",
            meta=_meta(
                form,
                "end_date",
                "дата окончания ({end_date}) не позже даты начала ({start_date})",
                "Проверьте срок реализации проекта: дата окончания должна быть позже даты начала.",
            ),
        ),
        gx.expectations.ExpectColumnValuesToBeBetween(
            column="calendar_plan__bad_dates",
            min_value=0,
            max_value=0,
            meta=_meta(
                form,
                "calendar_plan",
                "сроки этапов не указаны или указаны неверно: {calendar_plan__bad_dates_detail}",
                "Укажите для каждого этапа срок начала и срок окончания в формате ДД.ММ.ГГГГ; "
                "срок окончания не может быть раньше срока начала.",
            ),
        ),
        gx.expectations.ExpectColumnValuesToBeBetween(
            column="calendar_plan__outside",
            min_value=0,
            max_value=0,
            meta=_meta(
                form,
                "calendar_plan",
                "сроки этапов выходят за пределы срока реализации проекта ({start_date} – {end_date}): "
                "{calendar_plan__outside_detail}",
                "Исправьте сроки этапов или срок реализации проекта так, чтобы все этапы "
                "укладывались в срок реализации.",
            ),
        ),
    ]


def academic_year_expectations(form: FormDef, ctx: ValidationContext) -> list:
    import great_expectations as gx

    if not ctx.academic_year:
        return []
    return [
        gx.expectations.ExpectColumnValuesToBeInSet(
            column="academic_year__ay",
            value_set=[ctx.academic_year],
            meta=_meta(
                form,
                "academic_year",
                "указан {academic_year__ay} учебный год, а отчёты принимаются за {expected_year} учебный год",
                "Проверьте, что направлен отчёт за {expected_year} учебный год, и исправьте учебный год "
                "в отчёте.",
            ),
        )
    ]


def dissemination_expectations(form: FormDef) -> list:
    import great_expectations as gx

    return [
        gx.expectations.ExpectColumnValuesToBeBetween(
            column="dissemination__bad_dates",
            min_value=0,
            max_value=0,
            meta=_meta(
                form,
                "dissemination",
                "даты мероприятий указаны в неверном формате: {dissemination__bad_dates_detail}",
                FIX[DATE],
                "warning",
            ),
        )
    ]


def school_expectations(form: FormDef) -> list:
    import great_expectations as gx

    return [
        gx.expectations.ExpectColumnValuesToBeInSet(
            column="school__match",
            value_set=["yes"],
            meta=_meta(
                form,
                "org_full_name",
                "наименование не совпадает с наименованием организации-отправителя в реестре "
                "(«{school__registry}»)",
                "Укажите наименование вашей организации в соответствии с уставом. Если документ "
                "относится к другой организации, его должна направить эта организация со своего адреса.",
            ),
        )
    ]
