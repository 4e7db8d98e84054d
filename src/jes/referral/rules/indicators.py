"""Indicator sets as data: the schema of data/referral/indicators/*.yaml and its loader.

Pure Python (pydantic, no Django) so the sets can be validated and the assessment rule tested
without a database. Every error names the file, the entry and the field, and one bad entry
refuses the whole catalogue: a half-loaded indicator set would silently weaken assessments.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from jes.datafiles import describe, read_yaml

DEFAULT_ROOT = Path(__file__).resolve().parents[4] / "data" / "referral" / "indicators"

Strength = Literal["strong", "medium", "weak"]
Group = Literal["adult_labour", "adult_sexual", "child_labour", "child_sexual", "none"]
TRAFFICKING_GROUPS: tuple[Group, ...] = ("adult_labour", "adult_sexual", "child_labour", "child_sexual")

# The six elements of the Palermo definition the ILO/EC lists are grouped by, in their published order.
DIMENSIONS: dict[str, str] = {
    "deceptive_recruitment": "Deceptive recruitment (including transfer and transport)",
    "coercive_recruitment": "Coercive recruitment",
    "recruitment_vulnerability": "Recruitment by abuse of vulnerability",
    "exploitation": "Exploitative conditions of work",
    "coercion_destination": "Coercion at destination",
    "vulnerability_destination": "Abuse of vulnerability at destination",
}
Dimension = Literal[
    "deceptive_recruitment",
    "coercive_recruitment",
    "recruitment_vulnerability",
    "exploitation",
    "coercion_destination",
    "vulnerability_destination",
]

Slug = Annotated[str, Field(pattern=r"^[a-z0-9_]+$", max_length=40)]
IndicatorId = Annotated[str, Field(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)+$", max_length=120)]


class IndicatorError(ValueError):
    """An indicator file does not match the schema, or an indicator id is unknown."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Verification(_Strict):
    # "secondary": transcribed from a copy that is not the publisher's own; "missing": not transcribed.
    status: Literal["primary", "secondary", "missing"]
    note: str = ""


class Indicator(_Strict):
    id: IndicatorId
    name: Annotated[str, Field(min_length=1, max_length=300)]
    set: Slug
    group: Group
    dimension: Dimension | None = None
    strength: Strength | None = None
    page: Annotated[int, Field(ge=1)] | None = None


class IndicatorSetFile(_Strict):
    set: Slug
    title: Annotated[str, Field(min_length=1)]
    publisher: Annotated[str, Field(min_length=1)]
    year: Annotated[int, Field(ge=1900, le=2100)]
    version: str = ""
    url: Annotated[str, Field(pattern=r"^https?://\S+$")]
    page: Annotated[int, Field(ge=1)] | None = None
    group: Group
    verification: Verification
    # What the published text has that this file does not (yet): kept visible rather than invented.
    missing: list[str] = []
    indicators: list[dict[str, Any]] = []

    @model_validator(mode="after")
    def _missing_is_said(self) -> IndicatorSetFile:
        if not self.indicators and not self.missing:
            raise ValueError("a file without indicators must say what is missing (field missing)")
        return self


@dataclass(frozen=True)
class IndicatorSet:
    meta: IndicatorSetFile
    indicators: tuple[Indicator, ...]
    path: Path

    @property
    def graded(self) -> bool:
        """Whether this set grades its indicators strong/medium/weak (the ILO/EC lists do, ILO 2012 does not)."""
        return self.meta.group != "none"


@dataclass
class IndicatorCatalogue:
    sets: list[IndicatorSet] = field(default_factory=list)
    by_id: dict[str, Indicator] = field(default_factory=dict)

    def indicators(self) -> list[Indicator]:
        return [ind for s in self.sets for ind in s.indicators]

    def group_sets(self, group: Group) -> list[IndicatorSet]:
        return [s for s in self.sets if s.meta.group == group]

    def get(self, indicator_id: str) -> Indicator:
        try:
            return self.by_id[indicator_id]
        except KeyError:
            raise IndicatorError(f"unknown indicator id {indicator_id!r}") from None

    def resolve(self, ids: Iterable[str]) -> list[Indicator]:
        """The indicators for these ids, each once, in the order given; the first unknown id is an error."""
        seen: dict[str, Indicator] = {}
        for indicator_id in ids:
            if not isinstance(indicator_id, str):
                raise IndicatorError(f"indicator id {indicator_id!r} is not a string")
            seen.setdefault(indicator_id, self.get(indicator_id))
        return list(seen.values())


def _read_yaml(path: Path) -> Any:
    return read_yaml(path, IndicatorError)


def _check_entry(meta: IndicatorSetFile, ind: Indicator) -> str | None:
    """What is inconsistent between an entry and its file, as "field X: reason", or None."""
    if ind.set != meta.set:
        return f"field set: {ind.set!r} differs from the file's set {meta.set!r}"
    if ind.group != meta.group:
        return f"field group: {ind.group!r} differs from the file's group {meta.group!r}"
    graded = meta.group != "none"
    if graded and (ind.dimension is None or ind.strength is None):
        return "field dimension/strength: the ILO/EC lists give every indicator a dimension and a strength"
    if not graded and ind.strength is not None:
        return "field strength: this set does not grade its indicators, so strength stays empty"
    prefix = ".".join(p for p in (meta.set, None if meta.group == "none" else meta.group, ind.dimension) if p)
    if not ind.id.startswith(prefix + "."):
        return f"field id: {ind.id!r} should start with {prefix + '.'!r}"
    return None


def load_set(path: Path) -> IndicatorSet:
    data = _read_yaml(path)
    try:
        meta = IndicatorSetFile.model_validate(data)
    except ValidationError as exc:
        raise IndicatorError(f"{path}: {describe(exc)}") from exc
    indicators = []
    for index, raw in enumerate(meta.indicators, start=1):
        label = raw.get("id", "?") if isinstance(raw, dict) else "?"
        where = f"{path}: entry {index} ({label})"
        try:
            ind = Indicator.model_validate(raw)
        except ValidationError as exc:
            raise IndicatorError(f"{where}: {describe(exc)}") from exc
        problem = _check_entry(meta, ind)
        if problem:
            raise IndicatorError(f"{where}: {problem}")
        indicators.append(ind)
    return IndicatorSet(meta=meta, indicators=tuple(indicators), path=path)


def load_indicator_sets(root: Path | None = None) -> IndicatorCatalogue:
    """Every *.yaml under root (default: the bundled data/referral/indicators/), validated as a whole."""
    root = DEFAULT_ROOT if root is None else root
    paths = sorted(root.glob("*.yaml"))
    if not paths:
        raise IndicatorError(f"{root}: no indicator files (*.yaml) found")
    catalogue = IndicatorCatalogue()
    where_defined: dict[str, Path] = {}
    for path in paths:
        indicator_set = load_set(path)
        for ind in indicator_set.indicators:
            if ind.id in where_defined:
                raise IndicatorError(f"{path}: entry {ind.id}: field id: already defined in {where_defined[ind.id]}")
            where_defined[ind.id] = path
            catalogue.by_id[ind.id] = ind
        catalogue.sets.append(indicator_set)
    return catalogue
