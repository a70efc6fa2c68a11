"""The Jinja environment shared by every document template: autoescape, strict undefined, Russian filters."""

from __future__ import annotations

import datetime as dt

import jinja2

MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)


def ru_date(value: dt.date | str | None) -> str:
    """14.11.2023 (ДД.ММ.ГГГГ); strings pass through unchanged."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    return value.strftime("%d.%m.%Y")


def ru_date_long(value: dt.date | str | None) -> str:
    """«01 июня 2027 года», as in deadlines of orders."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    return f"{value.day:02d} {MONTHS_GENITIVE[value.month - 1]} {value.year} года"


def plural(n: int, one: str, few: str, many: str) -> str:
    """Russian plural: plural(21, 'человек', 'человека', 'человек')."""
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def period(value: object) -> str:
    """End a sentence once: «Зимину Г.А.» stays, «нет» becomes «нет.»."""
    text = str(value or "").rstrip()
    return text if not text or text[-1] in ".!?…" else text + "."


def quoted(value: object) -> str:
    """«…» around a text; quotation marks inside become „…“, so no «…»» ever appears."""
    text = str(value or "").strip()
    if len(text) > 1 and text[0] == "«" and text[-1] == "»" and text.count("«") == 1:
        text = text[1:-1]
    inner = text.replace("«", "„").replace("»", "“")
    return f"«{inner}»"


def make_env(cls: type[jinja2.Environment] = jinja2.Environment) -> jinja2.Environment:
    """Autoescape on (XML-escapes user text), undefined attributes fail loudly."""
    env = cls(autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["ru_date"] = ru_date
    env.filters["ru_date_long"] = ru_date_long
    env.filters["period"] = period
    env.filters["quoted"] = quoted
    env.globals["plural"] = plural
    return env
