"""Russian grammar for every document and letter: people's names, positions, organisation names.

- Names — «Фамилия Имя Отчество» and «Фамилия И.О.» — by pytrovich (the petrovich rules, which
  know indeclinable surnames like «Черных», «Цой» for women, double surnames, «-ой» surnames);
  the gender comes from the patronymic, else from the first name, else from the surname.
- Positions and organisation names by pymorphy3 (OpenCorpora dictionary): the head group — the
  adjectives and participles and the noun they agree with — is declined, the dependent words
  («председателя комитета по образованию»), abbreviations, numbers and quoted names stay.

Cases: "gent", "datv", "accs", "ablt", "loct" (pymorphy's names). Everything is cached; the
dictionaries load once per process (about a second).
"""

from __future__ import annotations

import re
from functools import lru_cache

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_INITIALS = re.compile(r"^(?P<surname>[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)\s*(?P<ini>(?:[А-ЯЁ]\.\s?){1,2})$")
_INITIALS_FIRST = re.compile(r"^(?P<ini>(?:[А-ЯЁ]\.\s?){1,2})\s*(?P<surname>[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)$")
_WORD = re.compile(r"^[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*$")


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=1)
def _petrovich():
    from pytrovich.maker import PetrovichDeclinationMaker
    return PetrovichDeclinationMaker()


def _pcase(case: str):
    from pytrovich.enums import Case
    return {"gent": Case.GENITIVE, "datv": Case.DATIVE, "accs": Case.ACCUSATIVE, "ablt": Case.INSTRUMENTAL,
            "loct": Case.PREPOSITIONAL}[case]


def _check(case: str) -> None:
    if case not in CASES:
        raise ValueError(f"unknown case {case!r}; one of {CASES}")


# --- people -----------------------------------------------------------------------------------

def gender(surname: str = "", first: str = "", patronymic: str = "") -> str:
    """"male" / "female": the patronymic decides, then the first name, then the surname's ending."""
    p = patronymic.lower()
    if p.endswith(("вна", "чна", "кызы", "гызы")):
        return "female"
    if p.endswith(("вич", "ич", "оглы", "улы")):
        return "male"
    if first:
        from pytrovich.enums import Gender
        g = _gender_detector().detect(firstname=first)
        if g in (Gender.MALE, Gender.FEMALE):
            return "male" if g == Gender.MALE else "female"
    s = surname.lower().split("-")[0]
    return "female" if s.endswith(("ова", "ева", "ёва", "ина", "ына", "ая", "яя")) else "male"


@lru_cache(maxsize=1)
def _gender_detector():
    from pytrovich.detector import PetrovichGenderDetector
    return PetrovichGenderDetector()


def _decline_part(part, value: str, sex: str, case: str) -> str:
    from pytrovich.enums import Gender
    g = Gender.FEMALE if sex == "female" else Gender.MALE
    return _petrovich().make(part, g, _pcase(case), value)


def full_name(name: str, case: str, sex: str | None = None) -> str:
    """«Орлова Наталья Петровна» → «Орловой Натальи Петровны» (gent)."""
    from pytrovich.enums import NamePart
    _check(case)
    parts = name.split()
    if case == "nomn" or not parts:
        return name
    surname, first, middle = [*parts, "", "", ""][:3]
    sex = sex or gender(surname, first, middle)
    out = [_decline_part(NamePart.LASTNAME, surname, sex, case)]
    if first:
        out.append(_decline_part(NamePart.FIRSTNAME, first, sex, case))
    if middle:
        out.append(_decline_part(NamePart.MIDDLENAME, middle, sex, case))
    return " ".join(out + parts[3:])


def initials(name: str, case: str = "nomn", *, initials_first: bool = False, sex: str | None = None) -> str:
    """«Белов Андрей Николаевич» or «Белов А.Н.» → «Белова А.Н.» (gent); «А.Н. Белова» with initials_first."""
    from pytrovich.enums import NamePart
    _check(case)
    text = " ".join(name.split())
    m = _INITIALS.match(text) or _INITIALS_FIRST.match(text)
    if m:
        surname, ini = m["surname"], m["ini"].replace(" ", "")
        sex = sex or gender(surname)
    else:
        parts = text.split()
        if len(parts) < 2:
            return text
        surname, ini = parts[0], "".join(f"{p[0]}." for p in parts[1:3])
        sex = sex or gender(surname, parts[1], parts[2] if len(parts) > 2 else "")
    declined = surname if case == "nomn" else _decline_part(NamePart.LASTNAME, surname, sex, case)
    return f"{ini} {declined}" if initials_first else f"{declined} {ini}"


# --- positions and organisation names ------------------------------------------------------------

def _nomn_parses(word: str):
    return [p for p in _morph().parse(word) if "nomn" in p.tag and p.tag.POS in ("NOUN", "ADJF", "PRTF")]


def _agrees(adj, noun) -> bool:
    if adj.tag.number != noun.tag.number:
        return False
    return noun.tag.number == "plur" or adj.tag.gender == noun.tag.gender or noun.tag.gender is None


def _restore(original: str, new: str) -> str:
    if original.isupper() and len(original) > 1:
        return new.upper()
    if original[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def _inflect(parse, case: str, animate: bool) -> str:
    grams = {case}
    if case == "accs" and parse.tag.POS in ("ADJF", "PRTF") and animate:
        grams.add("anim")
    form = parse.inflect(grams)
    return form.word if form else parse.word


def phrase(text: str, case: str) -> str:
    """Decline the head group of a position or an organisation name.

    «заместитель председателя комитета по образованию» → «заместителя председателя комитета по
    образованию» (gent); «Муниципальное бюджетное общеобразовательное учреждение «СОШ № 7»» →
    «муниципальному бюджетному общеобразовательному учреждению «СОШ № 7»» (datv; the first word is
    lowered only by ``lower_first``).
    """
    _check(case)
    if case == "nomn" or not text.strip():
        return text
    words = text.split(" ")
    head: list[tuple[int, object]] = []  # (index, parse) of the words to decline
    pending: list[tuple[int, list]] = []  # adjectives/participles waiting for their noun
    for i, w in enumerate(words):
        if not _WORD.match(w) or (w.isupper() and len(w) > 1):
            break  # a quote, a number, an abbreviation: the name proper starts here
        parses = _nomn_parses(w.lower())
        nouns = [p for p in parses if p.tag.POS == "NOUN"]
        adjs = [p for p in parses if p.tag.POS in ("ADJF", "PRTF")]
        if nouns and pending:
            # the noun the waiting adjectives agree with
            noun = next((n for n in nouns if all(any(_agrees(a, n) for a in c) for _, c in pending)), None)
            if noun is not None:
                head += [(j, next(a for a in c if _agrees(a, noun))) for j, c in pending]
                head.append((i, noun))
                pending = []
            break
        if nouns and adjs and i + 1 < len(words) and _WORD.match(words[i + 1]):
            # «старший воспитатель»: an adjective when the next word is a noun it agrees with
            after = [p for p in _nomn_parses(words[i + 1].lower()) if p.tag.POS == "NOUN"]
            if any(_agrees(a, n) for a in adjs for n in after):
                pending.append((i, adjs))
                continue
        if nouns and (not adjs or nouns[0].score >= adjs[0].score):
            head.append((i, nouns[0]))
            break
        if adjs:
            pending.append((i, adjs))
            continue
        break
    if pending:  # an adjective or participle used as a noun: «заведующий», «исполняющий обязанности»
        j, cands = pending[0]
        head.append((j, cands[0]))
    animate = any("anim" in p.tag for _, p in head) or any(p.tag.POS == "PRTF" for _, p in head)
    out = list(words)
    for i, p in head:
        out[i] = _restore(words[i], _inflect(p, case, animate))
    return " ".join(out)


def lower_first(text: str) -> str:
    """«Муниципальное …» → «муниципальное …» (a name inside a sentence), abbreviations kept."""
    first = text.split(" ", 1)[0]
    if first.isupper() and len(first) > 1:
        return text
    return text[:1].lower() + text[1:]


def person_with_position(name: str, position: str, case: str) -> str:
    """«Орлову Н.П., директора МБОУ «СОШ № 7»» — whom the council heard (accs), and the like."""
    return f"{initials(name, case)}, {lower_first(phrase(position, case))}"
