"""The rules and texts files in data/prevention/pay/ (rules.yaml, texts.yaml): their schemas and loaders."""

from __future__ import annotations

import string
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, model_validator

from jes.datafiles import describe, read_yaml

from .season import DeductionKind, LoanPurpose

# One level deeper than the other engines: this file is src/jes/prevention/checks/pay/rules.py.
DEFAULT_DIR = Path(__file__).resolve().parents[5] / "data" / "prevention" / "pay"
SOURCE_LANGUAGE = "en"
REQUIRED_LANGUAGES = ("en", "fi", "sv", "th", "uk")

FLAG_IDS = ("net_negative", "recruitment_fees", "hours_above_max", "deductions_share", "low_hourly")

# Every text key the engine reads; the loader refuses a texts file without English for any of them.
LABEL_KEYS = (
    "title", "intro", "earnings", "deductions_list", "gross", "deductions", "net", "loans", "net_after_loans",
    "hours_worked", "hourly", "deduction_share", "minimum_wage", "working_time", "flags", "no_flags", "unknown",
    "where_to_get_help", "help_text", "privacy", "not_legal_advice", "sources", "machine_translation",
)  # fmt: skip
FLAG_PARTS: dict[str, tuple[str, ...]] = {
    "net_negative": ("title", "explanation", "loans_also", "explanation_loans"),
    "recruitment_fees": ("title", "explanation", "explanation_loan", "why"),
    "hours_above_max": ("title", "daily", "weekly_average", "weekly_rest", "note"),
    "deductions_share": ("title", "explanation"),
    "low_hourly": ("title", "explanation"),
}
MINIMUM_WAGE_REASONS = (
    "below", "not_below", "no_statutory_minimum", "no_data", "no_country", "no_year", "no_hours",
    "other_currency", "not_applicable",
)  # fmt: skip
WORKING_TIME_REASONS = ("checked_eu", "checked_national", "no_country", "no_data", "no_hours")
TEXT_KEYS: tuple[str, ...] = (
    tuple(f"label.{k}" for k in LABEL_KEYS)
    + tuple(f"flag.{flag}.{part}" for flag, parts in FLAG_PARTS.items() for part in parts)
    + tuple(f"minimum_wage.{r}" for r in MINIMUM_WAGE_REASONS)
    + tuple(f"working_time.{r}" for r in WORKING_TIME_REASONS)
)


class PayRulesError(ValueError):
    """A file in data/prevention/pay/ does not match its schema; the message names the file and field."""


def _no_float(value: object) -> object:
    if isinstance(value, float):
        raise ValueError(f'write {value} as a string ("{value}") so that it stays an exact decimal')
    return value


Dec = Annotated[Decimal, BeforeValidator(_no_float)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Verification(_Strict):
    status: Literal["primary", "secondary", "missing"]
    note: str = ""


class Source(_Strict):
    title: Annotated[str, Field(min_length=1)]
    publisher: str = ""
    year: int | None = None
    where: str = ""
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None
    verification: Verification


class FlagRule(_Strict):
    sources: list[str]
    indicators: list[str] = []
    deduction_kinds: list[DeductionKind] = []
    loan_purposes: list[LoanPurpose] = []
    warning_share: Annotated[Dec, Field(gt=0, le=1)] | None = None
    warning_share_is: Literal["platform_setting"] | None = None


class WorkingTimeLimits(_Strict):
    daily_rest_hours: Annotated[Dec, Field(gt=0, lt=24)]
    max_weekly_average_hours: Annotated[Dec, Field(gt=0, le=168)]
    weekly_rest_days: Annotated[int, Field(ge=0, le=7)]
    sources: list[str]


class NationalWorkingTime(_Strict):
    daily_rest_hours: Annotated[Dec, Field(gt=0, lt=24)] | None = None
    max_weekly_average_hours: Annotated[Dec, Field(gt=0, le=168)] | None = None
    weekly_rest_days: Annotated[int, Field(ge=0, le=7)] | None = None
    sources: list[str]


class WorkingTimeRules(_Strict):
    eu: WorkingTimeLimits
    eu_member_states: list[CountryCode]
    # Only EU Member States: a national entry replaces some fields of the EU minimum, never all of a limit set.
    national: dict[CountryCode, NationalWorkingTime] = {}

    @model_validator(mode="after")
    def _national_is_eu(self) -> WorkingTimeRules:
        outside = sorted(set(self.national) - set(self.eu_member_states))
        if outside:
            raise ValueError(f"national: {', '.join(outside)} not in eu_member_states")
        return self


class MinimumWageRate(_Strict):
    country: CountryCode
    year: Annotated[int, Field(ge=1990, le=2100)]
    amount: Annotated[Dec, Field(gt=0)]
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    per: Literal["hour", "day", "month"]
    unit_hours: Annotated[Dec, Field(gt=0, le=24)] | None = None
    weekly_hours: Annotated[Dec, Field(gt=0, le=168)] | None = None
    max_days: Annotated[int, Field(ge=1)] | None = None
    applies_to: Annotated[str, Field(min_length=1)]
    hours_basis: str = ""
    sources: Annotated[list[str], Field(min_length=1)]

    @model_validator(mode="after")
    def _unit_is_given(self) -> MinimumWageRate:
        need = {"hour": None, "day": "unit_hours", "month": "weekly_hours"}[self.per]
        for name in ("unit_hours", "weekly_hours"):
            if (getattr(self, name) is not None) != (name == need):
                raise ValueError(f"per: {self.per} {'needs' if name == need else 'does not take'} {name}")
        return self

    def hourly_minimum(self) -> Fraction:
        """The legal amount divided by the hours it pays for (the platform's conversion, see hours_basis)."""
        if self.per == "day" and self.unit_hours is not None:
            return Fraction(self.amount) / Fraction(self.unit_hours)
        if self.per == "month" and self.weekly_hours is not None:
            return Fraction(self.amount) * 12 / (Fraction(self.weekly_hours) * 52)
        return Fraction(self.amount)


class MinimumWageRules(_Strict):
    no_statutory_minimum: dict[CountryCode, list[str]] = {}
    rates: list[MinimumWageRate] = []

    @model_validator(mode="after")
    def _consistent(self) -> MinimumWageRules:
        seen: set[tuple[str, int]] = set()
        for rate in self.rates:
            if rate.country in self.no_statutory_minimum:
                raise ValueError(f"rates: {rate.country} is also listed under no_statutory_minimum")
            if (rate.country, rate.year) in seen:
                raise ValueError(f"rates: two rates for {rate.country} {rate.year}")
            seen.add((rate.country, rate.year))
        return self


class RulesFile(_Strict):
    version: str
    sources: dict[str, Source]
    flags: dict[str, FlagRule]
    working_time: WorkingTimeRules
    minimum_wage: MinimumWageRules
    missing: list[str] = []

    @model_validator(mode="after")
    def _complete(self) -> RulesFile:
        if set(self.flags) != set(FLAG_IDS):
            raise ValueError(f"flags: expected exactly {', '.join(FLAG_IDS)}")
        if self.flags["deductions_share"].warning_share is None:
            raise ValueError("flags.deductions_share.warning_share: missing")
        cited = [s for f in self.flags.values() for s in f.sources]
        cited += self.working_time.eu.sources + [s for n in self.working_time.national.values() for s in n.sources]
        cited += [s for ss in self.minimum_wage.no_statutory_minimum.values() for s in ss]
        cited += [s for r in self.minimum_wage.rates for s in r.sources]
        unknown = sorted(set(cited) - set(self.sources))
        if unknown:
            raise ValueError(f"sources: {', '.join(unknown)} cited but not defined")
        return self


class Translation(_Strict):
    text: Annotated[str, Field(min_length=1)]
    reviewed: bool


class NumberFormat(_Strict):
    decimal_separator: Literal[".", ","]
    percent: Annotated[str, Field(pattern=r"\{value\}")]


class TextsFile(_Strict):
    version: str
    languages: list[Annotated[str, Field(pattern=r"^[a-z]{2}$")]]
    number_format: dict[str, NumberFormat]
    texts: dict[str, dict[str, Annotated[str, Field(min_length=1)] | Translation]]

    @model_validator(mode="after")
    def _complete(self) -> TextsFile:
        if SOURCE_LANGUAGE not in self.languages:
            raise ValueError(f"languages: must include {SOURCE_LANGUAGE}")
        for lang in self.languages:
            if lang not in self.number_format:
                raise ValueError(f"number_format: missing {lang}")
        for key in TEXT_KEYS:
            if SOURCE_LANGUAGE not in self.texts.get(key, {}):
                raise ValueError(f"texts.{key}: missing the English source text")
        for key, by_lang in self.texts.items():
            allowed = _placeholders(_plain_text(by_lang[SOURCE_LANGUAGE])) if SOURCE_LANGUAGE in by_lang else set()
            for lang, text in by_lang.items():
                if lang not in self.languages:
                    raise ValueError(f"texts.{key}.{lang}: language not listed in languages")
                extra = _placeholders(_plain_text(text)) - allowed
                if extra:
                    raise ValueError(f"texts.{key}.{lang}: placeholders {sorted(extra)} not in the English text")
        return self


def _plain_text(entry: str | Translation) -> str:
    return entry if isinstance(entry, str) else entry.text


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@dataclass(frozen=True)
class PayRules:
    rules: RulesFile
    text_file: TextsFile
    directory: Path

    @property
    def version(self) -> str:
        return self.rules.version

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.text_file.languages)

    def source(self, source_id: str) -> Source:
        return self.rules.sources[source_id]

    def text(self, key: str, lang: str) -> tuple[str, bool]:
        """The text of ``key`` in ``lang`` and whether a person reviewed it; English where it is missing."""
        by_lang = self.text_file.texts.get(key)
        if by_lang is None:
            raise KeyError(f"no text {key!r} in {self.directory / 'texts.yaml'}")
        entry = by_lang.get(lang, by_lang[SOURCE_LANGUAGE])
        return (entry, True) if isinstance(entry, str) else (entry.text, entry.reviewed)

    def texts(self, lang: str) -> dict[str, str]:
        return {key: self.text(key, lang)[0] for key in self.text_file.texts}

    def number_format(self, lang: str) -> NumberFormat:
        return self.text_file.number_format.get(lang, self.text_file.number_format[SOURCE_LANGUAGE])


_M = TypeVar("_M", bound=BaseModel)


def _read(path: Path, model: type[_M]) -> _M:
    raw: Any = read_yaml(path, PayRulesError)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise PayRulesError(f"{path}: {describe(exc)}") from exc


def load_rules(path: Path | None = None) -> PayRules:
    """rules.yaml and texts.yaml from ``path`` (default: the bundled data/prevention/pay/), validated."""
    if path is None:
        return _bundled()
    return PayRules(_read(path / "rules.yaml", RulesFile), _read(path / "texts.yaml", TextsFile), path)


@lru_cache(maxsize=1)
def _bundled() -> PayRules:
    return load_rules(DEFAULT_DIR)


def texts(lang: str, rules: PayRules | None = None) -> dict[str, str]:
    """Every text key in ``lang`` (labels of the printable summary included), English where it is missing."""
    return (rules or load_rules()).texts(lang)
