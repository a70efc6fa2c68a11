"""The requisites' Russian forms, from the one grammar module (``docflow.documents.grammar``).

Kept as the orders' vocabulary: genitive and dative of names of bodies and schools, the
accusative of a position and of «Фамилия И.О.».
"""

from __future__ import annotations

from docflow.documents import grammar


def genitive(phrase: str) -> str:
    """«Муниципальный методический совет» → «муниципального методического совета»."""
    return grammar.lower_first(grammar.phrase(phrase, "gent"))


def dative(phrase: str) -> str:
    """«Муниципальное бюджетное общеобразовательное учреждение «СОШ № 7»» → «муниципальному …»."""
    return grammar.lower_first(grammar.phrase(phrase, "datv"))


def position_accusative(position: str) -> str:
    """«Заместитель председателя комитета по образованию» → «заместителя председателя комитета …»."""
    return grammar.lower_first(grammar.phrase(position, "accs"))


def surname_initials(full_name: str) -> str:
    """«Белов Андрей Николаевич» → «Белов А.Н.» (protocol and appendix style)."""
    return grammar.initials(full_name)


def surname_initials_accusative(full_name: str) -> str:
    """«Белов Андрей Николаевич» → «Белова А.Н.»."""
    return grammar.initials(full_name, "accs")
