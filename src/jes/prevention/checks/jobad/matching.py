"""Matching: cue hits, flag conditions and the evidence spans to highlight."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from .negation import _negated
from .result import Evidence, Flag
from .rules import Condition, Cue, Language, RuleSet
from .text import normalise

MAX_EVIDENCE = 6  # spans kept per flag: enough to highlight, few enough to read
_SENTENCE_END = re.compile(r"[.!?\n]")
_WORD = re.compile(r"\w+")


def _sentence(plain: str, start: int, end: int) -> str:
    left = max((m.end() for m in _SENTENCE_END.finditer(plain, 0, start)), default=0)
    right = _SENTENCE_END.search(plain, end)
    return plain[left : right.start() if right else len(plain)]


def _cue_hits(language: Language, cue: Cue, text: str, plain: str, origin: Sequence[int]) -> list[Evidence]:
    hits: list[Evidence] = []
    for pattern in cue.patterns:
        for match in pattern.finditer(plain):
            if cue.negatable and _negated(language, plain, match.start(), match.end()):
                continue
            if cue.unless and any(u.search(_sentence(plain, match.start(), match.end())) for u in cue.unless):
                continue
            start, end = origin[match.start()], origin[match.end() - 1] + 1
            hits.append(Evidence(start, end, text[start:end], cue.id))
    return hits


def _holds(condition: Condition, hits: Mapping[str, list[Evidence]]) -> bool:
    return (
        all(hits[c] for c in condition.all_of)
        and (not condition.any_of or any(hits[c] for c in condition.any_of))
        and not any(hits[c] for c in condition.none_of)
    )


def _evidence(condition: Condition, hits: Mapping[str, list[Evidence]], text: str) -> tuple[Evidence, ...]:
    found = sorted(
        (ev for cue_id in dict.fromkeys((*condition.all_of, *condition.any_of)) for ev in hits[cue_id]),
        key=lambda e: (e.start, -e.end),
    )
    kept: list[Evidence] = []
    for ev in found:
        # Overlapping spans ("Registration fee" and "fee of 50 EUR") become one passage to highlight, named after the
        # first cue; a span inside one already kept ("body photos" in "full-body photos") adds nothing.
        if kept and ev.start < kept[-1].end:
            last = kept[-1]
            if ev.end > last.end:
                kept[-1] = Evidence(last.start, ev.end, text[last.start : ev.end], last.cue)
            continue
        kept.append(ev)
    return tuple(kept[:MAX_EVIDENCE])


def _raise_flags(rules: RuleSet, language: Language, text: str) -> list[Flag]:
    plain, origin = normalise(text)
    word_count = len(_WORD.findall(plain))
    hits = {cue_id: _cue_hits(language, cue, text, plain, origin) for cue_id, cue in language.cues.items()}
    flags: list[Flag] = []
    for rule in rules.flags:
        if word_count < rule.min_words:
            continue
        condition = next((c for c in rule.when if _holds(c, hits)), None)
        if condition is None:
            continue
        translated = language.texts.get(rule.id)
        flags.append(
            Flag(
                id=rule.id,
                name=translated.name if translated else rule.name,
                explanation=translated.explanation if translated else rule.explanation,
                name_en=rule.name,
                explanation_en=rule.explanation,
                weight=rule.weight,
                sources=rule.sources,
                evidence=_evidence(condition, hits, text),
                indicators=rule.indicators,
                note=rule.note,
            )
        )
    return flags
