"""Text normalisation and tolerant parsing: dates, academic years, phones, school names."""

from __future__ import annotations

import calendar
import re
from datetime import date
from difflib import SequenceMatcher

_PUNCT = re.compile(r"[^\w№ ]+", re.UNICODE)
_SPACES = re.compile(r"\s+")
_NUMBERING = re.compile(r"^\s*(?:раздел\s+)?(?:\d{1,2}|[ivx]{1,4})(?:[.)]\d{0,2})*[.)]?\s+", re.IGNORECASE)


def norm(text: str) -> str:
    """Lower-case, ё→е, punctuation to spaces, collapsed spaces, no leading numbering."""
    t = (text or "").replace("\u00a0", " ").lower().replace("ё", "е")
    t = _NUMBERING.sub("", t.strip())
    t = _PUNCT.sub(" ", t).replace("_", " ")
    return _SPACES.sub(" ", t).strip()


def clean_value(text: str) -> str:
    """Strip spaces and placeholder underscores/dots a school left in a value."""
    t = (text or "").replace("\u00a0", " ")
    t = re.sub(r"[_]{2,}|\.{4,}", " ", t)
    lines = [_SPACES.sub(" ", ln).strip() for ln in t.splitlines()]
    return "\n".join(ln for ln in lines if ln).strip(" \t:;")


# ---- dates -----------------------------------------------------------------------------------

_MONTHS = {
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "ма": 5,
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
}
_NUM_DATE = re.compile(r"^(\d{1,2})[./\-\s](\d{1,2})[./\-\s](\d{2}|\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORD_DATE = re.compile(r"^(\d{1,2})\s+([а-я]+)\s+(\d{4})$")
_MONTH_YEAR = re.compile(r"^([а-я]+)\s+(\d{4})$")
_MM_YYYY = re.compile(r"^(\d{1,2})[./](\d{4})$")


def _month(word: str) -> int | None:
    for stem, num in sorted(_MONTHS.items(), key=lambda kv: -len(kv[0])):
        if word.startswith(stem) and (stem != "ма" or word in ("май", "мая", "мае")):
            return num
    return None


def _strip_date_noise(text: str) -> str:
    t = (text or "").lower().replace("ё", "е").replace("\u00a0", " ")
    t = re.sub(r"[«»\"']", "", t)
    t = re.sub(r"\s*(года|год|г\.?)\s*$", "", t.strip())
    return _SPACES.sub(" ", t).strip(" .,")


def parse_date(text: str, *, end: bool = False) -> date | None:
    """ДД.ММ.ГГГГ and variants (ДД.ММ.ГГ, ДД/ММ/ГГГГ, ISO, «01» сентября 2025 г., сентябрь 2025).

    A month without a day means its first day, or its last day when ``end`` is true.
    """
    t = _strip_date_noise(text)
    if not t:
        return None
    try:
        if m := _NUM_DATE.match(t):
            d, mo, y = int(m[1]), int(m[2]), int(m[3])
            y = y + 2000 if y < 100 else y
            return date(y, mo, d)
        if m := _ISO_DATE.match(t):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _WORD_DATE.match(t):
            mo = _month(m[2])
            return date(int(m[3]), mo, int(m[1])) if mo else None
        mo_y = None
        if m := _MONTH_YEAR.match(t):
            mo_y = (_month(m[1]), int(m[2]))
        elif m := _MM_YYYY.match(t):
            mo_y = (int(m[1]), int(m[2]))
        if mo_y and mo_y[0]:
            mo, y = mo_y
            return date(y, mo, calendar.monthrange(y, mo)[1] if end else 1)
    except ValueError:
        return None
    return None


_AY = re.compile(r"^(\d{4})\s*(?:[/\-–—]|\s)\s*(\d{2}|\d{4})$")


def parse_academic_year(text: str) -> str | None:
    """«2025-2026», «2025/26», «2025–2026 учебный год» → «2025/2026»."""
    t = (text or "").lower().replace("ё", "е")
    t = re.sub(r"(учебн\w*|уч\.?|год\w*|г\.|гг\.?)", " ", t)
    t = _SPACES.sub(" ", t).strip(" .,")
    m = _AY.match(t)
    if not m:
        return None
    y1, y2 = int(m[1]), int(m[2])
    if y2 < 100:
        y2 += (y1 // 100) * 100
    return f"{y1}/{y2}" if y2 == y1 + 1 else None


# ---- contacts --------------------------------------------------------------------------------

EMAIL_IN_TEXT = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
PHONE_IN_TEXT = re.compile(r"(?:\+7|8)[\s(\-]*\d{3,5}[\s)\-]*\d{1,3}[\s\-]?\d{2}[\s\-]?\d{2}")
EMAIL_RE = r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$"
PHONE_DIGITS_RE = r"^(?:[78]\d{10}|\d{10})$"


def first_email(text: str) -> str | None:
    t = (text or "").strip()
    if not t:
        return None
    found = re.search(r"[^\s,;<>()]+@[^\s,;<>()]+", t)
    return (found.group(0) if found else t.split()[0]).strip(".")


def phone_digits(text: str) -> str | None:
    """Digits of the first phone number in the text (several may be separated by , or ;)."""
    t = (text or "").strip()
    if not t:
        return None
    first = re.split(r"[,;]|\s{2,}|\bдоб\b", t)[0]
    return re.sub(r"\D", "", first)


# ---- school names ----------------------------------------------------------------------------

_ABBR = {
    "мбоу": "муниципальное бюджетное общеобразовательное учреждение",
    "маоу": "муниципальное автономное общеобразовательное учреждение",
    "мкоу": "муниципальное казенное общеобразовательное учреждение",
    "моу": "муниципальное общеобразовательное учреждение",
    "мбдоу": "муниципальное бюджетное дошкольное образовательное учреждение",
    "мадоу": "муниципальное автономное дошкольное образовательное учреждение",
    "мбудо": "муниципальное бюджетное учреждение дополнительного образования",
    "сош": "средняя общеобразовательная школа",
    "оош": "основная общеобразовательная школа",
    "нош": "начальная общеобразовательная школа",
    "г": "город",
}


def school_key(name: str) -> str:
    """A comparable form of a school name: quotes, case, abbreviations and № spacing ignored."""
    t = (name or "").lower().replace("ё", "е").replace("\u00a0", " ")
    t = re.sub(r"[«»\"“”„'`]", " ", t)
    t = re.sub(r"№\s*", "№", t)
    t = re.sub(r"[^\w№]+", " ", t)
    words = [_ABBR.get(w, w) for w in t.split()]
    return " ".join(words)


def same_school(given: list[str], registry: list[str], threshold: float = 0.9) -> bool:
    keys = [school_key(g) for g in given if g and g.strip()]
    refs = [school_key(r) for r in registry if r and r.strip()]
    for k in keys:
        for r in refs:
            if k == r:
                return True
            dk, dr = set(re.findall(r"\d+", k)), set(re.findall(r"\d+", r))
            if not (dk <= dr or dr <= dk) or (dk and dr and not dk & dr):
                continue  # «№ 7» is never «№ 8» or «№ 17», however similar the rest is
            if SequenceMatcher(None, k, r).ratio() >= threshold:
                return True
            if (len(k) > 15 and k in r) or (len(r) > 15 and r in k):
                return True
    return False
