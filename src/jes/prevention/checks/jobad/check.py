"""The entry points: check one advert (in a given language or the best-matching one), list languages and flags."""

from __future__ import annotations

from typing import Any

from .loading import bundled_rules
from .matching import _raise_flags
from .result import Flag, JobAdResult, risk_for
from .rules import Language, RuleSet
from .text import _plain

MAX_CHARS = 20_000  # longer texts are checked on their first MAX_CHARS characters (result.truncated says so)


def _marker_score(rules: RuleSet, language: Language, plain: str) -> float:
    return round(sum(rules.marker_weights.get(w.lower(), 0.0) for w in language.markers.findall(plain)), 3)


def _resolve_lang(lang: str, rules: RuleSet) -> str:
    code = lang.strip().lower().replace("_", "-").split("-")[0]
    if code not in rules.languages:
        raise ValueError(f"unsupported language {lang!r}: expected one of {', '.join(rules.langs)} or None")
    return code


def _result(rules: RuleSet, code: str, flags: list[Flag], truncated: bool, scores: dict[str, float]) -> JobAdResult:
    score = sum(f.weight for f in flags)
    language = rules.languages[code]
    return JobAdResult(
        flags=flags,
        risk=risk_for(score, rules.risk_medium, rules.risk_high),
        lang=code,
        score=score,
        thresholds=(rules.risk_medium, rules.risk_high),
        translation_reviewed=language.reviewed,
        truncated=truncated,
        lang_scores=scores,
    )


def check_advert(text: str, lang: str | None = None, rules: RuleSet | None = None) -> JobAdResult:
    """The warning signs in one job advert, with their evidence, and the risk they add up to.

    lang: the advert's language (en, sl, it, es, fi, nl, fr, uk, ro; "sl-SI" is read as "sl"), or None to try every
    language and keep the best-matching one (see the package docstring). Raises ValueError for a language the rules
    do not have.
    """
    rules = bundled_rules() if rules is None else rules
    truncated = len(text) > MAX_CHARS
    text = text[:MAX_CHARS]
    if lang is not None:
        code = _resolve_lang(lang, rules)
        return _result(rules, code, _raise_flags(rules, rules.languages[code], text), truncated, {})
    plain = _plain(text)
    markers = {code: _marker_score(rules, rules.languages[code], plain) for code in rules.langs}
    best_markers = max(markers.values())
    candidates = [code for code in rules.langs if markers[code] == best_markers]
    results = {code: _raise_flags(rules, rules.languages[code], text) for code in candidates}
    order = {code: i for i, code in enumerate(rules.langs)}
    best = max(candidates, key=lambda c: (sum(f.weight for f in results[c]), -order[c]))
    return _result(rules, best, results[best], truncated, markers)


def supported_languages(rules: RuleSet | None = None) -> tuple[str, ...]:
    """The language codes check_advert accepts, in display order."""
    return (bundled_rules() if rules is None else rules).langs


def flag_catalogue(lang: str = "en", rules: RuleSet | None = None) -> list[dict[str, Any]]:
    """Every flag the check can raise, with its text in lang (English where untranslated), for an explainer page."""
    rules = bundled_rules() if rules is None else rules
    language = rules.languages[_resolve_lang(lang, rules)]
    out: list[dict[str, Any]] = []
    for rule in rules.flags:
        text = language.texts.get(rule.id)
        out.append(
            {
                "id": rule.id,
                "name": text.name if text else rule.name,
                "explanation": text.explanation if text else rule.explanation,
                "weight": rule.weight,
                "sources": [s.to_json() for s in rule.sources],
                "note": rule.note,
            }
        )
    return out
