"""Job-advert check ("Read twice!"): which warning signs a job advert shows, why they matter, and how risky it reads.

In the spirit of the Slovenian students' project *Preberi dvakrat!* (Read twice!, seed lines 931-971), which posted
suspicious babysitter and mobile-secretary adverts to show how readily people answer them. The rules are data
(data/prevention/jobad/, described in the README.md there): ``flags.yaml`` holds each flag's weight, English text,
sources and logic; ``common.yaml`` and one file per language (en, sl, it, es, fi, nl, fr, uk, ro) hold the regular
expressions ("cues") and the translated texts.

How a flag is raised
    Text and patterns are compared without case and without diacritics (NFKD, combining marks dropped), so
    "IZKUŠENJ" matches ``izkusenj``; every evidence span is mapped back to the characters of the original text.
    A cue is a list of patterns; a cue match is dropped when a negation of the advert's language ("no", "brez",
    "senza", "ei" ...) stands among the few words before it in the same clause ("we never charge a registration
    fee") or inside it after its first word ("the ticket is not deducted"), unless the cue is marked
    ``negatable: false``. A negation before the match stops reaching it at one of the language's closers or
    conjunctions ("no experience needed and the ticket is deducted"; "alloggio gratuito e biglietto trattenuto"),
    except a closer the negation governs ("you are not required to pay a fee", "no es necesario pagar") and a
    conjunction joining two negated nouns ("no registration and placement fees"). A match is also dropped when one
    of the cue's ``unless`` patterns occurs in the same sentence ("a copy of your ID on your first day"). Negations
    after a match are not seen. A flag's ``when`` is a list of alternatives; one alternative holds when all its
    ``all_of`` cues matched, at least one ``any_of`` cue (if listed) matched, and no ``none_of`` cue matched.
    Absence rules (no company name or address) only apply to texts of ``min_words`` words.

How risk is combined
    Each flag has a weight from 1 (weak on its own: urgency, vague duties, no company identity, housing deductions)
    to 3 (strong: fees charged to the worker, travel costs to be repaid). The score is the sum of the weights of the
    flags raised. Score below ``risk.medium`` (3 in flags.yaml) is "low", from ``risk.medium`` "medium", from
    ``risk.high`` (6) "high". No flag means score 0, so "low". One weak or moderate flag alone therefore never
    makes an advert suspicious: real adverts mention urgency, housing and pay too.

Language
    ``check_advert(text, lang)`` with lang one of the loaded languages (a region such as "sl-SI" is reduced to "sl").
    With ``lang=None`` every language is tried; the one whose common function words ("markers") occur most often
    wins, each word counting 1/n when n languages list it, ties going to the language that raised the higher score,
    then to the order en, sl, it, es, fi, nl, fr, uk, ro.

Pure Python (PyYAML, pydantic, ``re``): no Django, so the web pages, the CLI and the benchmark share it.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from jes.datafiles import describe, read_yaml

Risk = Literal["low", "medium", "high"]
RISKS: tuple[Risk, ...] = ("low", "medium", "high")
LANGUAGE_ORDER: tuple[str, ...] = ("en", "sl", "it", "es", "fi", "nl", "fr", "uk", "ro")
MAX_CHARS = 20_000  # longer texts are checked on their first MAX_CHARS characters (result.truncated says so)
MAX_EVIDENCE = 6  # spans kept per flag: enough to highlight, few enough to read
SPECIAL_FILES = ("flags.yaml", "common.yaml")

Slug = Annotated[str, Field(pattern=r"^[a-z0-9_]+$", max_length=40)]
NonEmpty = Annotated[str, Field(min_length=1)]


_M = TypeVar("_M", bound=BaseModel)


class RuleError(ValueError):
    """A rule file cannot be used; the message names the file and the flag or cue."""


# ---------------------------------------------------------------------------------------------------------------
# Text normalisation: compare without case or diacritics, keep a map back to the original characters.

_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "´": "'", "`": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-"})


def _plain(text: str) -> str:
    """Text without diacritics and with straight quotes (case is left to re.IGNORECASE)."""
    return normalise(text)[0]


def normalise(text: str) -> tuple[str, list[int]]:
    """The text folded for matching, and for each of its characters the index of the original character."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text.translate(_TYPOGRAPHY)):
        for part in unicodedata.normalize("NFKD", char):
            if unicodedata.combining(part):
                continue
            chars.append(part)
            origin.append(index)
    return "".join(chars), origin


_GAP = re.compile(r"\{gap(\d{1,2})\}")
_NEAR = re.compile(r"\{near(\d{1,3})(?:!([^{}]*))?\}")


def _near(match: re.Match[str]) -> str:
    if not match.group(2):
        return rf"[^.!?\n]{{0,{match.group(1)}}}?"
    return rf"(?:(?!\b(?:{match.group(2)})\b)[^.!?\n]){{0,{match.group(1)}}}?"


def _expand(pattern: str) -> str:
    # {gapN}: up to N words between two terms, within one clause and one line (no . , ; ! ? or newline crossed).
    # {nearN!a|b}: up to N characters within one sentence and line, none of them starting the word a or b; for cues
    # whose two terms are often split by a comma ("flights arranged, costs deducted") but not by "paid" or "free".
    pattern = _GAP.sub(lambda m: rf"(?:[^\w.,;!?\n]+\w+){{0,{m.group(1)}}}?[^\w.,;!?\n]+", pattern)
    return _NEAR.sub(_near, pattern)


# ---------------------------------------------------------------------------------------------------------------
# The file schema, validated with pydantic so every error names its field.


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class SourceModel(_Strict):
    id: Slug
    title: NonEmpty
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None
    seed_lines: Annotated[str, Field(pattern=r"^\d+-\d+(, \d+-\d+)*$")] | None = None
    note: str = ""

    @model_validator(mode="after")
    def _cited(self) -> SourceModel:
        if not self.url and not self.seed_lines:
            raise ValueError("a source needs a url or seed_lines")
        return self


class ConditionModel(_Strict):
    all_of: list[Slug] = []
    any_of: list[Slug] = []
    none_of: list[Slug] = []

    @model_validator(mode="after")
    def _not_empty(self) -> ConditionModel:
        if not (self.all_of or self.any_of or self.none_of):
            raise ValueError("an alternative needs all_of, any_of or none_of")
        return self


class FlagModel(_Strict):
    id: Slug
    name: NonEmpty
    explanation: NonEmpty
    weight: Annotated[int, Field(ge=1, le=3)]
    sources: Annotated[list[Slug], Field(min_length=1)]
    indicators: list[str] = []
    note: str = ""
    min_words: Annotated[int, Field(ge=0)] = 0
    when: Annotated[list[ConditionModel], Field(min_length=1)]


class RiskModel(_Strict):
    medium: Annotated[int, Field(ge=1)]
    high: Annotated[int, Field(ge=2)]

    @model_validator(mode="after")
    def _ordered(self) -> RiskModel:
        if self.high <= self.medium:
            raise ValueError("risk.high must be above risk.medium")
        return self


class FlagsFile(_Strict):
    version: NonEmpty
    risk: RiskModel
    sources: Annotated[list[SourceModel], Field(min_length=1)]
    flags: Annotated[list[dict[str, Any]], Field(min_length=1)]


class CueModel(_Strict):
    patterns: Annotated[list[NonEmpty], Field(min_length=1)]
    negatable: bool = True
    unless: list[NonEmpty] = []
    note: str = ""


class FlagText(_Strict):
    name: NonEmpty
    explanation: NonEmpty


class LanguageFile(_Strict):
    lang: Annotated[str, Field(pattern=r"^[a-z]{2}$")]
    name: NonEmpty
    # Whether a speaker has reviewed the flag texts; machine-assisted translations stay false.
    reviewed: bool
    markers: Annotated[list[NonEmpty], Field(min_length=5)]
    negations: list[NonEmpty] = []
    negation_window: Annotated[int, Field(ge=0, le=12)] = 6
    # Words after which an earlier negation no longer reaches the cue: closers of a negated phrase ("needed",
    # "required", "just") and conjunctions ("and"). Empty lists keep the plain window.
    negation_closers: list[NonEmpty] = []
    negation_conjunctions: list[NonEmpty] = []
    # Copulas between a negation and its closer ("no es necesario pagar"): the closer then belongs to the negation.
    negation_copulas: list[NonEmpty] = []
    flags: dict[str, FlagText] = {}
    cues: dict[str, dict[str, Any]] = {}


class CommonFile(_Strict):
    cues: dict[str, dict[str, Any]]


# ---------------------------------------------------------------------------------------------------------------
# The compiled rule set.


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str | None
    seed_lines: str | None
    note: str = ""

    def citation(self) -> str:
        where = self.url or f"JeS joint research report, seed lines {self.seed_lines}"
        return f"{self.title} ({where})"

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "url": self.url, "seed_lines": self.seed_lines, "note": self.note}


@dataclass(frozen=True)
class Cue:
    id: str
    patterns: tuple[re.Pattern[str], ...]
    negatable: bool = True
    unless: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True)
class Condition:
    all_of: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()
    none_of: tuple[str, ...] = ()

    def cues(self) -> tuple[str, ...]:
        return (*self.all_of, *self.any_of, *self.none_of)


@dataclass(frozen=True)
class FlagRule:
    id: str
    name: str
    explanation: str
    weight: int
    sources: tuple[Source, ...]
    indicators: tuple[str, ...]
    note: str
    min_words: int
    when: tuple[Condition, ...]


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    reviewed: bool
    markers: re.Pattern[str]
    marker_words: tuple[str, ...]  # folded and lower-case
    negation: re.Pattern[str] | None
    negation_window: int
    texts: Mapping[str, FlagText]
    cues: Mapping[str, Cue]  # the language's own cues merged with common.yaml
    negation_closer: re.Pattern[str] | None = None
    negation_conjunction: re.Pattern[str] | None = None
    negation_copula: re.Pattern[str] | None = None


@dataclass(frozen=True)
class RuleSet:
    version: str
    flags: tuple[FlagRule, ...]
    languages: Mapping[str, Language]
    risk_medium: int
    risk_high: int
    root: Path
    # 1 / (number of languages listing the word): "de" or "la" tell less about the language than "iščemo".
    marker_weights: Mapping[str, float] = field(default_factory=dict)

    @property
    def langs(self) -> tuple[str, ...]:
        known = [code for code in LANGUAGE_ORDER if code in self.languages]
        return (*known, *sorted(set(self.languages) - set(known)))

    def flag(self, flag_id: str) -> FlagRule:
        for rule in self.flags:
            if rule.id == flag_id:
                return rule
        raise KeyError(flag_id)


# ---------------------------------------------------------------------------------------------------------------
# Loading.


def default_root() -> Path:
    """data/prevention/jobad under JES_CONTENT_DIR, as settings.CONTENT_DIR reads it, else beside the checkout."""
    content = os.environ.get("JES_CONTENT_DIR")
    base = Path(content) if content else Path(__file__).resolve().parents[4] / "data"
    return base / "prevention" / "jobad"


def _read_yaml(path: Path) -> Any:
    return read_yaml(path, RuleError)


def _validate(model: type[_M], data: Any, where: str) -> _M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise RuleError(f"{where}: {describe(exc)}") from exc


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        compiled = re.compile(_expand(_plain(pattern)), re.IGNORECASE)
    except re.error as exc:
        raise RuleError(f"{where}: not a valid regular expression ({exc}): {pattern!r}") from exc
    if compiled.search("") is not None:
        raise RuleError(f"{where}: matches the empty text, so it would match everywhere: {pattern!r}")
    return compiled


def _words_pattern(words: Sequence[str], where: str) -> re.Pattern[str]:
    alternatives = "|".join(sorted((_plain(w) for w in words), key=len, reverse=True))
    return _compile(rf"(?<!\w)(?:{alternatives})(?!\w)", where)


def _optional_words(words: Sequence[str], where: str) -> re.Pattern[str] | None:
    return _words_pattern(words, where) if words else None


def _load_cues(raw: Mapping[str, Any], path: Path) -> dict[str, Cue]:
    cues: dict[str, Cue] = {}
    for cue_id, body in raw.items():
        where = f"{path}: cue {cue_id}"
        if not re.fullmatch(r"[a-z0-9_]+", str(cue_id)):
            raise RuleError(f"{where}: cue ids are lower-case letters, digits and _")
        model = _validate(CueModel, body, where)
        patterns = tuple(_compile(p, f"{where}: pattern {i}") for i, p in enumerate(model.patterns, start=1))
        unless = tuple(_compile(p, f"{where}: unless {i}") for i, p in enumerate(model.unless, start=1))
        cues[str(cue_id)] = Cue(str(cue_id), patterns, model.negatable, unless)
    return cues


def _load_flags(path: Path) -> tuple[FlagsFile, tuple[FlagRule, ...]]:
    meta = _validate(FlagsFile, _read_yaml(path), str(path))
    sources: dict[str, Source] = {}
    for src in meta.sources:
        if src.id in sources:
            raise RuleError(f"{path}: source {src.id}: defined twice")
        sources[src.id] = Source(src.id, src.title, src.url, src.seed_lines, src.note)
    rules: list[FlagRule] = []
    for index, raw in enumerate(meta.flags, start=1):
        label = raw.get("id", "?") if isinstance(raw, dict) else "?"
        where = f"{path}: flag {index} ({label})"
        flag = _validate(FlagModel, raw, where)
        if any(rule.id == flag.id for rule in rules):
            raise RuleError(f"{where}: field id: defined twice")
        unknown = [s for s in flag.sources if s not in sources]
        if unknown:
            raise RuleError(f"{where}: field sources: unknown source {unknown[0]!r}")
        when = tuple(Condition(tuple(c.all_of), tuple(c.any_of), tuple(c.none_of)) for c in flag.when)
        rules.append(
            FlagRule(
                id=flag.id,
                name=flag.name,
                explanation=flag.explanation,
                weight=flag.weight,
                sources=tuple(sources[s] for s in flag.sources),
                indicators=tuple(flag.indicators),
                note=flag.note,
                min_words=flag.min_words,
                when=when,
            )
        )
    return meta, tuple(rules)


def _load_language(path: Path, common: Mapping[str, Cue], rules: Sequence[FlagRule]) -> Language:
    model = _validate(LanguageFile, _read_yaml(path), str(path))
    if model.lang != path.stem:
        raise RuleError(f"{path}: field lang: {model.lang!r} differs from the file name {path.stem!r}")
    flag_ids = {rule.id for rule in rules}
    for flag_id in model.flags:
        if flag_id not in flag_ids:
            raise RuleError(f"{path}: flag {flag_id}: not defined in flags.yaml")
    own = _load_cues(model.cues, path)
    clash = sorted(set(own) & set(common))
    if clash:
        raise RuleError(f"{path}: cue {clash[0]}: already defined in common.yaml")
    cues = {**common, **own}
    for rule in rules:
        for condition in rule.when:
            for cue_id in condition.cues():
                if cue_id not in cues:
                    raise RuleError(
                        f"{path}: flag {rule.id}: cue {cue_id!r} is defined neither here nor in common.yaml"
                    )
    return Language(
        code=model.lang,
        name=model.name,
        reviewed=model.reviewed,
        markers=_words_pattern(model.markers, f"{path}: markers"),
        marker_words=tuple(_plain(w).lower() for w in model.markers),
        negation=_words_pattern(model.negations, f"{path}: negations") if model.negations else None,
        negation_window=model.negation_window,
        texts=dict(model.flags),
        cues=cues,
        negation_closer=_optional_words(model.negation_closers, f"{path}: negation_closers"),
        negation_conjunction=_optional_words(model.negation_conjunctions, f"{path}: negation_conjunctions"),
        negation_copula=_optional_words(model.negation_copulas, f"{path}: negation_copulas"),
    )


def load_rules(path: Path | None = None) -> RuleSet:
    """The rule set in a folder (default: the bundled data/prevention/jobad), validated as a whole.

    Raises RuleError naming the file and the flag or cue at the first problem: one bad rule refuses the whole set,
    since a half-loaded set would silently miss warning signs.
    """
    root = default_root() if path is None else path
    if not (root / "flags.yaml").is_file():
        raise RuleError(f"{root}: flags.yaml not found")
    meta, rules = _load_flags(root / "flags.yaml")
    common_path = root / "common.yaml"
    common = _load_cues(_validate(CommonFile, _read_yaml(common_path), str(common_path)).cues, common_path)
    language_paths = sorted(p for p in root.glob("*.yaml") if p.name not in SPECIAL_FILES)
    if not language_paths:
        raise RuleError(f"{root}: no language files (en.yaml ...) found")
    languages = {p.stem: _load_language(p, common, rules) for p in language_paths}
    listed = Counter(word for language in languages.values() for word in set(language.marker_words))
    weights = {word: 1 / count for word, count in listed.items()}
    return RuleSet(meta.version, rules, languages, meta.risk.medium, meta.risk.high, root, weights)


@lru_cache(maxsize=1)
def bundled_rules() -> RuleSet:
    """The bundled rules, read once per process (the files change only with a release)."""
    return load_rules()


# ---------------------------------------------------------------------------------------------------------------
# Results.


@dataclass(frozen=True)
class Evidence:
    start: int  # character offsets in the original text: text[start:end] is the matched passage
    end: int
    text: str
    cue: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text, "cue": self.cue}


@dataclass(frozen=True)
class Flag:
    id: str
    name: str  # in the advert's language where translated, else English
    explanation: str
    name_en: str
    explanation_en: str
    weight: int
    sources: tuple[Source, ...]
    evidence: tuple[Evidence, ...]
    indicators: tuple[str, ...] = ()
    note: str = ""

    @property
    def source(self) -> Source:
        """The first (main) source of the flag."""
        return self.sources[0]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "explanation": self.explanation,
            "name": self.name,
            "name_en": self.name_en,
            "explanation_en": self.explanation_en,
            "weight": self.weight,
            "source": self.source.citation(),
            "sources": [s.to_json() for s in self.sources],
            "indicators": list(self.indicators),
            "note": self.note,
            "evidence": [e.to_json() for e in self.evidence],
        }


@dataclass(frozen=True)
class JobAdResult:
    flags: list[Flag]
    risk: Risk
    lang: str
    score: int
    thresholds: tuple[int, int]  # (medium, high)
    translation_reviewed: bool
    truncated: bool = False
    lang_scores: dict[str, float] = field(default_factory=dict)  # marker score per language when lang was None

    @property
    def flag_ids(self) -> list[str]:
        return [f.id for f in self.flags]

    def to_json(self) -> dict[str, Any]:
        """The stable interface {"flags": [{"id", "explanation", ...}], "risk"} plus extra keys for the page."""
        return {
            "flags": [f.to_json() for f in self.flags],
            "risk": self.risk,
            "lang": self.lang,
            "score": self.score,
            "thresholds": {"medium": self.thresholds[0], "high": self.thresholds[1]},
            "translation_reviewed": self.translation_reviewed,
            "truncated": self.truncated,
        }


# ---------------------------------------------------------------------------------------------------------------
# Matching.

_CLAUSE_END = re.compile(r"[.!?;,:\n]")
_SENTENCE_END = re.compile(r"[.!?\n]")
_WORD = re.compile(r"\w+")
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


def risk_for(score: int, medium: int, high: int) -> Risk:
    """The risk band of a score: below medium "low", from medium "medium", from high "high"."""
    if score >= high:
        return "high"
    if score >= medium:
        return "medium"
    return "low"


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
    language and keep the best-matching one (see the module docstring). Raises ValueError for a language the rules
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
