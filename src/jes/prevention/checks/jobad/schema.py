"""The rule-file schema, validated with pydantic so every error names its field."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

Slug = Annotated[str, Field(pattern=r"^[a-z0-9_]+$", max_length=40)]
NonEmpty = Annotated[str, Field(min_length=1)]


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
