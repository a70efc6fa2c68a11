"""What kind of document it is, by its title: «Отчёт о ходе реализации инновационного проекта за
2025/2026 учебный год» is an interim report, «Приказ» or «Положение» is none of the committee's forms."""

from __future__ import annotations

from functools import lru_cache

from docflow.forms import lexicon
from docflow.forms.spec import Forms

TITLE_ZONE = 15  # non-empty paragraphs where a title is looked for


@lru_cache(maxsize=16)
def _title_lexicon(forms: Forms) -> tuple[dict[str, list[frozenset[str]]], dict[str, float], dict[str, set[str]]]:
    phrases = {f.type: [frozenset(lexicon.lemmas(p)) for p in f.spec.recognise] for f in forms}
    owners: dict[str, set[str]] = {}
    for t, items in phrases.items():
        for lem in set().union(*items):
            owners.setdefault(lem, set()).add(t)
    weights = {
        lem: (lexicon.weight(lem) if lexicon.weight(lem) < 1 else (1.0 if len(ts) == 1 else 0.5))
        for lem, ts in owners.items()
    }
    decisive = {f.type: {lem for w in f.spec.distinguish for lem in lexicon.lemmas(w)} for f in forms}
    return phrases, weights, decisive


# Titles of papers that are not the committee's forms, whatever they mention further down.
FOREIGN = "foreign"
_FOREIGN_KINDS = {"приказ", "распоряжение", "постановление", "положение", "протокол", "письмо", "приглашение",
                  "выписка", "записка", "договор", "соглашение"}
_FOREIGN = {"приказ", "распоряжение", "постановление", "положение", "протокол", "письмо", "информационное письмо",
            "приглашение", "выписка из протокола", "служебная записка", "сопроводительное письмо"}


def title_type(forms: Forms, paragraphs: list[str]) -> tuple[str | None, float, int | None]:
    """The type a title among ``paragraphs`` names: (type, score, index of its first paragraph).

    The title is the first run of up to four short lines that holds a phrase of some type's
    ``recognise`` list; the phrases matched and the type's ``distinguish`` words anywhere in that run
    decide («итоговый» makes a final report of «Аналитическая справка о результатах…»). Sentences
    (a finite verb: «Направляем заявку…») are letters, not titles; a paper titled «Приказ» or
    «Письмо» is none of the forms.
    """
    phrases, weights, decisive = _title_lexicon(forms)
    texts = [p.strip() for p in paragraphs if p.strip()][:TITLE_ZONE]
    for i, text in enumerate(texts):
        words = lexicon.tokens(text)
        if i < 4 and (" ".join(words) in _FOREIGN or (len(words) <= 3 and set(lexicon.lemmas(text)) & _FOREIGN_KINDS)):
            return FOREIGN, 0.0, i
        if len(text) > 300 or lexicon.has_finite_verb(text):
            continue
        block = [t for t in texts[i:i + 4] if len(t) <= 300 and not lexicon.has_finite_verb(t)]
        first = set(lexicon.lemmas(text))
        if not any(p and p <= first | set(lexicon.lemmas(block[1] if len(block) > 1 else "")) for items in
                   phrases.values() for p in items):
            continue
        window = set().union(*(set(lexicon.lemmas(t)) for t in block))
        best: tuple[str | None, float] = (None, 0.0)
        for t, items in phrases.items():
            matched = [sum(weights[x] for x in p) for p in items if p and p <= window]
            score = (max(matched) if matched else 0.0) + 3.0 * len(decisive[t] & window)
            if score > best[1] + 1e-9:
                best = (t, score)
        if best[0] and best[1] >= 1.0:
            return best[0], best[1], i
    return None, 0.0, None
