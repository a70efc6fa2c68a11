"""Formatting for what people read: dates ДД.ММ.ГГГГ, sizes, Russian month names."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from docflow.config import Settings

MONTHS_GEN = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
              "октября", "ноября", "декабря"]


def fmt_date(d: date | datetime | None, tz: ZoneInfo | None = None) -> str:
    if d is None:
        return ""
    if isinstance(d, datetime):
        d = (d.astimezone(tz) if tz and d.tzinfo else d).date()
    return d.strftime("%d.%m.%Y")


def fmt_date_long(d: date) -> str:
    """«15 июня 2027 года» — as deadlines are written in orders."""
    return f"{d.day:02d} {MONTHS_GEN[d.month - 1]} {d.year} года"


def fmt_size(n: int) -> str:
    if n < 1024 * 1024:
        return f"{max(1, round(n / 1024))} КБ"
    return f"{n / 1024 / 1024:.1f} МБ".replace(".", ",")


def signature(settings: Settings, note: str = "") -> str:
    """The committee's signature under its letters; ``note`` says the letter is automatic."""
    c = settings.committee
    lines = ["С уважением,", c.name]
    contacts = ", ".join(x for x in (f"тел. {c.phone}" if c.phone else "", c.email) if x)
    if contacts:
        lines.append(contacts)
    if note:
        lines += ["", note]
    return "\n".join(lines)
