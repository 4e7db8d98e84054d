"""Loading: read data/prevention/jobad, validate every file, compile the cues into a RuleSet."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from jes.datafiles import describe, read_yaml

from .patterns import _compile, _optional_words, _words_pattern
from .rules import Condition, Cue, FlagRule, Language, RuleError, RuleSet, Source
from .schema import CommonFile, CueModel, FlagModel, FlagsFile, LanguageFile
from .text import _plain

SPECIAL_FILES = ("flags.yaml", "common.yaml")

_M = TypeVar("_M", bound=BaseModel)


def default_root() -> Path:
    """data/prevention/jobad under JES_CONTENT_DIR, as settings.CONTENT_DIR reads it, else beside the checkout."""
    content = os.environ.get("JES_CONTENT_DIR")
    # parents[5] is the checkout (jobad, checks, prevention, jes, src, checkout): one level more than when the check
    # was the single module checks/jobad.py.
    base = Path(content) if content else Path(__file__).resolve().parents[5] / "data"
    return base / "prevention" / "jobad"


def _read_yaml(path: Path) -> Any:
    return read_yaml(path, RuleError)


def _validate(model: type[_M], data: Any, where: str) -> _M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise RuleError(f"{where}: {describe(exc)}") from exc


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
