"""Just enough Russian declension for the requisites of orders (rule-based, no dictionary).

Official names follow a narrow pattern: a phrase of adjectives and one head noun, then a quoted
proper name that never changes («…»). Only the words before the first quote are declined.
"""

from __future__ import annotations

import re

# (ending, genitive, dative) for adjectives, most specific first
_ADJ = [
    ("кий", "кого", "кому"), ("гий", "гого", "гому"), ("хий", "хого", "хому"),
    ("ний", "него", "нему"), ("ый", "ого", "ому"), ("ой", "ого", "ому"), ("ий", "его", "ему"),
    ("ое", "ого", "ому"), ("ее", "его", "ему"),
    ("ая", "ой", "ой"), ("яя", "ей", "ей"),
]
# (ending, genitive, dative) for nouns
_NOUN = [
    ("ие", "ия", "ию"), ("ье", "ья", "ью"), ("ия", "ии", "ии"), ("ь", "я", "ю"), ("й", "я", "ю"),
    ("а", "ы", "е"), ("я", "и", "е"), ("о", "а", "у"), ("е", "я", "ю"),
]
_CONSONANT = re.compile(r"[бвгджзклмнпрстфхцчшщ]$", re.IGNORECASE)
_AFTER_HUSHING = re.compile(r"[гкхжчшщ]ы$")


def _decline_word(word: str, case: int, noun_seen: bool) -> tuple[str, bool]:
    """case: 1 = genitive, 2 = dative. Returns the word and whether it was the head noun."""
    low = word.lower()
    if noun_seen or not re.fullmatch(r"[а-яё-]+", low):
        return word, noun_seen
    for end, gen, dat in _ADJ:
        if low.endswith(end) and len(low) > len(end) + 2:
            return word[: -len(end)] + (gen, dat)[case - 1], False
    for end, gen, dat in _NOUN:
        if low.endswith(end):
            new = word[: -len(end)] + (gen, dat)[case - 1]
            return _AFTER_HUSHING.sub(lambda m: m.group(0)[0] + "и", new), True
    if _CONSONANT.search(low):
        return word + ("а", "у")[case - 1], True
    return word, True


def _decline_phrase(phrase: str, case: int, *, lower_first: bool = True) -> str:
    head, quote, rest = phrase.partition("«")
    words = head.split(" ")
    out, noun_seen = [], False
    for w in words:
        if not w:
            out.append(w)
            continue
        new, noun_seen_now = _decline_word(w, case, noun_seen)
        out.append(new)
        noun_seen = noun_seen or noun_seen_now
    text = " ".join(out) + quote + rest
    return text[:1].lower() + text[1:] if lower_first and text[:2] != text[:2].upper() else text


def genitive(phrase: str) -> str:
    """«Муниципальный методический совет» → «муниципального методического совета»."""
    return _decline_phrase(phrase, 1)


def dative(phrase: str) -> str:
    """«Муниципальное бюджетное общеобразовательное учреждение «СОШ № 7»» → «муниципальному …»."""
    return _decline_phrase(phrase, 2)


def position_accusative(position: str) -> str:
    """A position of a person is animate: the accusative equals the genitive for the first word.

    «Заместитель председателя комитета по образованию» → «заместителя председателя комитета …».
    """
    first, sep, rest = position.partition(" ")
    low = first.lower()
    if low.endswith(("ль", "ей")):
        first = first[:-1] + "я"
    elif low.endswith("ий"):
        first = first[:-2] + ("его" if not low.endswith(("кий", "гий", "хий")) else "ого")
    elif low.endswith("ый"):
        first = first[:-2] + "ого"
    elif _CONSONANT.search(low):
        first = first + "а"
    text = first + sep + rest
    return text[:1].lower() + text[1:]


def surname_accusative(surname: str) -> str:
    """«Белов» → «Белова», «Белова» → «Белову», «Лапина» → «Лапину», «Седых» stays."""
    low = surname.lower()
    if low.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    if low.endswith(("ова", "ева", "ёва", "ина", "ына")):
        return surname[:-1] + "у"
    if low.endswith(("ский", "цкий")):
        return surname[:-2] + "ого"
    if low.endswith(("ская", "цкая")):
        return surname[:-2] + "ую"
    return surname


def initials_surname(full_name: str) -> tuple[str, str]:
    """«Белов Андрей Николаевич» → («Белов», «А.Н.»)."""
    parts = full_name.split()
    surname = parts[0] if parts else full_name
    initials = "".join(p[0] + "." for p in parts[1:3] if p)
    return surname, initials


def surname_initials(full_name: str) -> str:
    """«Белов Андрей Николаевич» → «Белов А.Н.» (protocol and appendix style)."""
    surname, initials = initials_surname(full_name)
    return f"{surname} {initials}".strip()


def surname_initials_accusative(full_name: str) -> str:
    surname, initials = initials_surname(full_name)
    return f"{surname_accusative(surname)} {initials}".strip()
