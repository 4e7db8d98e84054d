"""Automatic screening checks that only SUGGEST an exclusion, with the reason; a reviewer always decides.

Three checks, each tied to a protocol criterion of the seed's review: the language (Slovenian or English),
the year range (2014 on) and excluded publication types (theses, conference abstracts, fiction,
translations, study material).

Language detection uses lingua-language-detector: it is maintained, works offline, is the most accurate
open detector on short texts such as titles (its published benchmark), and can be restricted to the
languages that matter here, which avoids confusing Slovenian with its neighbours in a short title. langdetect
is a 2014 port that is no longer developed and is unreliable below a sentence.

The publication-type rules are hand-written: they are project vocabulary (RIS, BibTeX and CSL type names,
COBISS typology codes, English and Slovenian title words), not something a library knows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder
from unidecode import unidecode

from jes.review.engine.records import Record

# The partner countries' languages (Belgium: Dutch, French; Finland: Finnish, Swedish; Italy; Slovenia;
# Spain) and English, the languages records of the partners' reviews are expected in.
PARTNER_LANGUAGES = ("en", "sl", "it", "es", "fi", "sv", "nl", "fr")
MIN_CONFIDENCE = 0.6  # below this the detector's guess is not worth a reviewer's attention


@dataclass(frozen=True)
class Suggestion:
    check: str  # "language", "year" or "publication_type"
    criterion: str  # the protocol criterion it points to, e.g. "thesis" or "year_range"
    reason: str  # shown to the reviewer as is
    action: str = "exclude"  # what the reviewer may want to do; never applied automatically


@dataclass(frozen=True)
class CheckSettings:
    """The protocol's criteria that the checks read."""

    languages: frozenset[str] = frozenset({"sl", "en"})  # ISO 639-1 codes of accepted languages
    year_min: int | None = None
    year_max: int | None = None
    excluded_types: frozenset[str] = frozenset(
        {"thesis", "conference_abstract", "fiction", "translation", "study_material"}
    )
    detect_among: tuple[str, ...] = PARTNER_LANGUAGES  # languages the detector chooses between


def suggest(record: Record, settings: CheckSettings) -> list[Suggestion]:
    """Every suggestion the checks make for RECORD; an empty list when none applies."""
    suggestions = []
    language = language_suggestion(record, settings)
    if language:
        suggestions.append(language)
    year = year_suggestion(record, settings)
    if year:
        suggestions.append(year)
    suggestions += type_suggestions(record, settings)
    return suggestions


def year_suggestion(record: Record, settings: CheckSettings) -> Suggestion | None:
    if record.year is None:
        return None
    low, high = settings.year_min, settings.year_max
    if low is not None and high is not None:
        span = f"{low}–{high}"
    else:
        span = f"from {low} on" if low is not None else f"up to {high}"
    if low is not None and record.year < low:
        return Suggestion("year", "year_range", f"Published in {record.year}, outside the protocol's years ({span}).")
    if high is not None and record.year > high:
        return Suggestion("year", "year_range", f"Published in {record.year}, outside the protocol's years ({span}).")
    return None


# --- language -----------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _detector(codes: tuple[str, ...]) -> LanguageDetector:
    # Building a detector loads its models: cache one per language set.
    languages = [Language.from_iso_code_639_1(IsoCode639_1.from_str(code)) for code in codes]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect_language(text: str, among: Iterable[str] = PARTNER_LANGUAGES) -> tuple[str, float] | None:
    """The most likely ISO 639-1 code of TEXT among the given languages, with its confidence (0-1)."""
    if len(text.strip()) < 3:
        return None
    values = _detector(tuple(sorted(set(among)))).compute_language_confidence_values(text)
    if not values:
        return None
    best = values[0]
    return best.language.iso_code_639_1.name.lower(), best.value


def _language_name(code: str) -> str:
    return Language.from_iso_code_639_1(IsoCode639_1.from_str(code)).name.capitalize()


def language_suggestion(record: Record, settings: CheckSettings) -> Suggestion | None:
    text = " ".join(part for part in (record.title, record.abstract) if part)
    found = detect_language(text, settings.detect_among)
    if found is None:
        return None
    code, confidence = found
    if code in settings.languages or confidence < MIN_CONFIDENCE:
        return None
    accepted = ", ".join(_language_name(c) for c in sorted(settings.languages))
    return Suggestion(
        "language",
        "language",
        f"The title and abstract look {_language_name(code)} (confidence {confidence:.0%}); "
        f"the protocol accepts {accepted}.",
    )


# --- publication type ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _TypeRule:
    criterion: str
    label: str  # "a master's thesis"
    types: frozenset[str] = frozenset()  # publication_type values, lower case
    cobiss: frozenset[str] = frozenset()  # COBISS typology codes
    words: tuple[str, ...] = field(default=())  # title phrases, ASCII lower case (diacritics folded)


# COBISS typology (IZUM, "Tipologija dokumentov/del za vodenje bibliografij v sistemu COBISS"):
# 1.12/1.13 published conference abstracts, 2.05 other study material, 2.08 doctoral dissertation,
# 2.09 master's thesis, 2.10 specialist thesis, 2.11 diploma thesis; 2.03/2.04 reviewed textbooks.
_RULES = (
    _TypeRule(
        "thesis",
        "a master's thesis",
        frozenset({"mastersthesis"}),
        frozenset({"2.09"}),
        ("magistrsko delo", "magistrska naloga", "master's thesis", "masters thesis", "master thesis"),
    ),
    _TypeRule(
        "thesis",
        "a diploma or bachelor's thesis",
        frozenset(),
        frozenset({"2.11", "2.10"}),
        (
            "diplomsko delo",
            "diplomska naloga",
            "zakljucna naloga",
            "zakljucno delo",
            "specialisticno delo",
            "diploma thesis",
            "bachelor's thesis",
            "bachelor thesis",
        ),
    ),
    _TypeRule(
        "thesis",
        "a doctoral thesis",
        frozenset({"phdthesis", "dissertation"}),
        frozenset({"2.08"}),
        ("doktorska disertacija", "doktorsko delo", "doctoral dissertation", "doctoral thesis", "phd thesis"),
    ),
    _TypeRule("thesis", "a thesis", frozenset({"thes", "thesis"})),
    _TypeRule(
        "conference_abstract",
        "a conference abstract",
        frozenset({"abst", "conference abstract", "meeting abstract"}),
        frozenset({"1.12", "1.13"}),
        ("povzetek prispevka", "povzetki prispevkov", "zbornik povzetkov", "book of abstracts", "conference abstract"),
    ),
    _TypeRule(
        "fiction",
        "fiction",
        frozenset({"fiction", "novel", "poetry"}),
        frozenset(),
        ("roman", "a novel", "kratke zgodbe", "short stories", "pesmi", "poems"),
    ),
    _TypeRule(
        "translation",
        "a translation",
        frozenset({"translation"}),
        frozenset(),
        ("prevod", "prevedel", "prevedla", "translated by", "translation of"),
    ),
    _TypeRule(
        "study_material",
        "study material",
        frozenset({"textbook", "lecture notes", "study material"}),
        frozenset({"2.05", "2.03", "2.04"}),
        (
            "ucno gradivo",
            "studijsko gradivo",
            "ucbenik",
            "zapiski predavanj",
            "skripta",
            "study material",
            "lecture notes",
            "textbook",
        ),
    ),
)
_PLURAL = {
    "thesis": "theses",
    "conference_abstract": "conference abstracts",
    "fiction": "fiction",
    "translation": "translations",
    "study_material": "study material",
}
_COBISS_CODE = re.compile(r"^\s*(\d\.\d{2})\b")


def _fold(text: str) -> str:
    return unidecode(text).lower()


def _has_phrase(text: str, phrase: str) -> bool:
    return re.search(rf"(?<![a-z]){re.escape(phrase)}(?![a-z])", text) is not None


def type_suggestions(record: Record, settings: CheckSettings) -> list[Suggestion]:
    """At most one suggestion per excluded criterion, from the publication type first, then the title."""
    declared = record.publication_type.strip().lower()
    code_match = _COBISS_CODE.match(declared)
    code = code_match.group(1) if code_match else ""
    title = _fold(record.title)
    found: dict[str, Suggestion] = {}
    for rule in _RULES:
        if rule.criterion not in settings.excluded_types or rule.criterion in found:
            continue
        evidence = _evidence(rule, declared, code, title)
        if evidence:
            reason = f"{evidence}: looks like {rule.label}; the protocol excludes {_PLURAL[rule.criterion]}."
            found[rule.criterion] = Suggestion("publication_type", rule.criterion, reason)
    return list(found.values())


def _evidence(rule: _TypeRule, declared: str, code: str, title: str) -> str:
    if declared in rule.types:
        return f"Publication type is {declared!r}"
    if code and code in rule.cobiss:
        return f"COBISS typology {code}"
    for phrase in rule.words:
        if _has_phrase(title, phrase):
            return f"Title contains {phrase!r}"
    return ""
