"""Signature lines of a school's document: «Директор ________ /М.П. Воронцова/ 09.02.2026»,
«Дата: 10.02.2026  Подпись: ____», a signature laid out as table cells; dates written by hand."""

from __future__ import annotations

import re
from dataclasses import dataclass

ROLE = re.compile(
    r"\b(директор\w*|заведующ\w*|руководител\w*|и\.\s?о\.|исполняющ\w*|начальник\w*)", re.IGNORECASE
)
SIGN_WORD = re.compile(r"подпис\w*|\bм\.\s?п\.", re.IGNORECASE)
PERSON = re.compile(
    r"[А-ЯЁ]\.\s?[А-ЯЁ]\.\s?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
    r"|[А-ЯЁ][а-яё]{2,}(?:-[А-ЯЁ][а-яё]+)?\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.?"
)
DATE = re.compile(
    r"\b\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})\b"
    r"|«?\s?\d{1,2}\s?»?\s+(?:январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*"
    r"\s+\d{4}",
    re.IGNORECASE,
)
LONE_DATE = re.compile(r"(?:дата\s*(?:заполнения|подписания)?\s*:?\s*)?(?:" + DATE.pattern + r")\s*(?:г\.?|года)?\.?",
                        re.IGNORECASE)
BLANK_DATE = re.compile(r"(?:дата\s*:?\s*)?«?\s*_*\s*»?\s*_{2,}\s*(?:20\d\d|20_*)?\s*(?:г\.?|года)?", re.IGNORECASE)


@dataclass
class Signature:
    line: str
    signer: str
    date: str


def signature_line(text: str) -> Signature | None:
    """«Директор ________ /М.П. Воронцова/ 09.02.2026», «Дата: 10.02.2026 Подпись: ____»."""
    t = " ".join((text or "").split())
    if not t or len(t) > 220 or re.fullmatch(r"[МM]\.\s?[ПP]\.?", t):
        return None
    role, sign = ROLE.search(t), SIGN_WORD.search(t)
    if not (role or sign):
        return None
    person = PERSON.search(t[role.end():] if role else t) or PERSON.search(t)
    date = DATE.search(t)
    blank = "___" in t or "…" in t
    if role and not (person or date or blank):
        return None  # «Руководитель проекта — …»: a label, not a signature
    if person and re.fullmatch(r"[МM]\.\s?[ПP]\.?", person.group(0).strip()):
        person = None
    return Signature(t, person.group(0) if person else "", date.group(0) if date else "")


# ---- the walk --------------------------------------------------------------------------------
