"""The compiled rule set the matcher runs on, and the error raised when a rule file cannot be used."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .schema import FlagText

LANGUAGE_ORDER: tuple[str, ...] = ("en", "sl", "it", "es", "fi", "nl", "fr", "uk", "ro")


class RuleError(ValueError):
    """A rule file cannot be used; the message names the file and the flag or cue."""


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
