"""Negation reach: whether a negation of the advert's language governs a cue match."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .rules import Language

_CLAUSE_END = re.compile(r"[.!?;,:\n]")
_TOKEN = re.compile(r"\w+(?:'\w+)*")  # words with their apostrophes, so "don't" and "n'est" stay whole


def _is_word(pattern: re.Pattern[str] | None, word: str) -> bool:
    return pattern is not None and pattern.fullmatch(word) is not None


def _closer_negated(language: Language, words: Sequence[str], i: int) -> bool:
    # "not required to pay a fee", "no es necesario pagar": the negation, maybe through a copula, governs the closer.
    if i > 0 and _is_word(language.negation, words[i - 1]):
        return True
    return i > 1 and _is_word(language.negation_copula, words[i - 1]) and _is_word(language.negation, words[i - 2])


def _negated_before(language: Language, words: Sequence[str]) -> bool:
    # Read back from the match: the nearest negation counts unless a closer or conjunction stands in between. At a
    # closer the match is negated only if a negation governs that closer (_closer_negated), decided there and then
    # because folded Italian "è" is also the conjunction "e". A conjunction right before the match with a negation
    # two words back joins two negated nouns ("no registration and placement fees") and does not stop it.
    last = len(words) - 1
    for i in range(last, -1, -1):
        word = words[i]
        if _is_word(language.negation, word):
            return True
        if _is_word(language.negation_closer, word):
            return _closer_negated(language, words, i)
        if _is_word(language.negation_conjunction, word):
            if i == last and i > 1 and _is_word(language.negation, words[i - 2]):
                continue
            return False
    return False


def _negated(language: Language, plain: str, start: int, end: int) -> bool:
    # A negation counts in the clause just before the match (see _negated_before), or anywhere inside it after its
    # first word ("the ticket is not deducted"); the first word itself is the cue's own ("don't miss" is not a
    # negated cue). Inside a match no closer or conjunction is honoured: a cue spanning "flights are free and
    # accommodation deducted" must stay negated.
    if language.negation is None or language.negation_window == 0:
        return False
    clause = _CLAUSE_END.split(plain[max(0, start - 160) : start])[-1]
    if _negated_before(language, _TOKEN.findall(clause)[-language.negation_window :]):
        return True
    inside = _TOKEN.findall(plain[start:end])[1:]
    return any(_is_word(language.negation, word) for word in inside)
