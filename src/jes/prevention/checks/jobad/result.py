"""Results: the evidence, the raised flags, the risk band and the JSON they render to."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .rules import Source

Risk = Literal["low", "medium", "high"]
RISKS: tuple[Risk, ...] = ("low", "medium", "high")


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


def risk_for(score: int, medium: int, high: int) -> Risk:
    """The risk band of a score: below medium "low", from medium "medium", from high "high"."""
    if score >= high:
        return "high"
    if score >= medium:
        return "medium"
    return "low"
