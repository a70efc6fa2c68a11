"""Words by meaning: lemmas (pymorphy3) and the match of a school's heading to the committee's labels.

«Обоснование актуальности проекта», «Актуальность», «2. АКТУАЛЬНОСТЬ ИННОВАЦИОННОГО ПРОЕКТА:» all
reduce to lemma sets that share «актуальность»; a heading matches the section whose label or
synonym it covers best. Words every label shares («проект», «инновационный», «организация») weigh
little, so they neither make nor break a match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

_PAREN = re.compile(r"\([^()]*\)?")  # «(количественные и качественные)»: a clarification of a label
_NUMBER = re.compile(r"^\s*(?:раздел\s+|часть\s+)?(?:\d{1,2}(?:\.\d{1,2})*|[IVXLC]{1,6})[.)]?\s+", re.IGNORECASE)
_WORD = re.compile(r"[а-яёa-z]+", re.IGNORECASE)
# Parts of speech that carry no meaning for a heading.
_FUNCTION_POS = {"PREP", "CONJ", "PRCL", "INTJ", "NPRO"}
# Words of every form, weighing little in a match.
GENERIC = frozenset(
    "проект инновационный муниципальный площадка образовательный организация учреждение деятельность "
    "реализация оо мип раздел сведение информация данные описание весь наш свой который это "
    "общеобразовательный школа год учебный".split()
)
_LOW = 0.25


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def _parse(word: str) -> tuple[str, str | None, str]:
    """(lemma, part of speech, tag string) of one lower-case word."""
    p = _morph().parse(word)[0]
    return p.normal_form.replace("ё", "е"), p.tag.POS, str(p.tag)


def tokens(text: str) -> list[str]:
    return [w.lower().replace("ё", "е") for w in _WORD.findall(text or "")]


def lemmas(text: str) -> tuple[str, ...]:
    """Meaningful lemmas of a text, in order (function words dropped)."""
    out = []
    for w in tokens(text):
        lemma, pos, _tag = _parse(w)
        if (pos not in _FUNCTION_POS and len(lemma) > 1) or lemma in ("оо",):
            out.append(lemma)
    return tuple(out)


def weight(lemma: str) -> float:
    return _LOW if lemma in GENERIC else 1.0


def is_imperative(word: str) -> bool:
    """«Укажите», «Опишите»: an instruction to whoever fills the form."""
    _lemma, pos, tag = _parse(word.lower().replace("ё", "е"))
    return pos == "VERB" and "impr" in tag


def has_finite_verb(text: str) -> bool:
    """A sentence («Направляем заявку…»), not a title or a heading."""
    return any(_parse(w)[1] == "VERB" and "impr" not in _parse(w)[2] for w in tokens(text))


@dataclass(frozen=True)
class Match:
    key: str
    score: float  # 0..1
    name: str  # the label or synonym matched


@lru_cache(maxsize=500_000)
def akin(a: str, b: str) -> bool:
    """Two lemmas of one meaning: equal, one stem («проблемный» / «проблема»), or a typo of the other
    («актуальнасть», «задачий»). Short words must be equal."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5:
        return False
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    if common >= 5 and common >= 0.75 * min(len(a), len(b)):
        return True
    return abs(len(a) - len(b)) <= 2 and SequenceMatcher(None, a, b).ratio() >= 0.84


def _shared(cand: frozenset[str], lem: frozenset[str]) -> tuple[float, bool]:
    """Weight of the label's lemmas the candidate holds (akin words count), and whether a
    meaningful (not generic) word is among them."""
    total, meaningful = 0.0, False
    for x in lem:
        if x in cand or any(akin(x, y) for y in cand if y[:2] == x[:2]):
            total += weight(x)
            meaningful |= weight(x) == 1.0
    return total, meaningful


class LabelMatcher:
    """Maps a heading or a label cell to a key by lemma overlap with the names of each key.

    Names earlier in ``names`` win a tie. A strong heading (a Word heading style, a number) may
    carry more words of its own than a label cell (``loose``).
    """

    def __init__(self, names: Iterable[tuple[str, str]], *, min_cover: float = 0.75, min_precision: float = 0.5):
        self.entries: list[tuple[str, str, frozenset[str], float]] = []
        for name, key in names:
            lem = frozenset(lemmas(_PAREN.sub(" ", name))) or frozenset(lemmas(name))
            if lem:
                self.entries.append((key, name, lem, sum(weight(x) for x in lem)))
        self.min_cover, self.min_precision = min_cover, min_precision
        self._cache: dict[tuple[str, bool], Match | None] = {}

    def match(self, text: str, *, loose: bool = False) -> Match | None:
        text = _NUMBER.sub("", text or "")
        cand = frozenset(lemmas(_PAREN.sub(" ", text))) or frozenset(lemmas(text))
        if not cand:
            return None
        ck = (" ".join(sorted(cand)), loose)
        if ck in self._cache:
            return self._cache[ck]
        cw = sum(weight(x) for x in cand)
        min_precision = 0.3 if loose else self.min_precision
        best: Match | None = None
        for key, name, lem, lw in self.entries:
            shared, meaningful = _shared(cand, lem)
            if not shared or (not meaningful and lw > _LOW * len(lem)):
                continue
            cover, precision = shared / lw, min(1.0, shared / cw)
            if cover < self.min_cover or precision < min_precision:
                continue
            score = 0.6 * cover + 0.4 * precision
            if best is None or score > best.score + 1e-9:
                best = Match(key, score, name)
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[ck] = best
        return best

    def _precise(self, part: str, m: Match) -> bool:
        """A part of a combined heading must be mostly the label itself («задачи проекта»)."""
        cand = frozenset(lemmas(part))
        lem = frozenset(lemmas(m.name))
        cw = sum(weight(x) for x in cand)
        return cw > 0 and sum(weight(x) for x in cand & lem) / cw >= 0.75

    def match_all(self, text: str, *, loose: bool = False) -> list[Match]:
        """A combined heading («Цель и задачи проекта») names several keys: each part matched."""
        text = _NUMBER.sub("", text or "")
        whole = self.match(text, loose=loose)
        bare = _PAREN.sub(" ", text)
        parts = [p for p in re.split(r",|;|\bи\b|(?<!\d)/(?!\d)", bare, flags=re.IGNORECASE) if lemmas(p)]
        found: dict[str, Match] = {}
        if len(parts) > 1:
            for part in parts:
                m = self.match(part)
                if m and m.key not in found and self._precise(part, m):
                    found[m.key] = m
        if whole:
            found.setdefault(whole.key, whole)
        return list(found.values())
