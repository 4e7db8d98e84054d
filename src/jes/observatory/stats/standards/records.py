"""What the standards files are parsed into, and the error a bad file raises."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Problems = list[tuple[str, str, str]]


class StandardsError(ValueError):
    """A standards file does not match its schema, or the mapping disagrees with either standard."""


@dataclass(frozen=True)
class Source:
    repo: str
    path: str
    commit: str


@dataclass(frozen=True)
class Field:
    """One HTCDS field the observatory reads."""

    name: str
    prefix: str
    label: str
    type: str
    multiple: bool
    values: tuple[str, ...]  # empty when values_from is "countries"
    values_from: str = ""
    value_labels: Mapping[str, str] = field(default_factory=dict)
    value_aliases: Mapping[str, str] = field(default_factory=dict)
    column_aliases: tuple[str, ...] = ()
    refuse_values: Mapping[str, str] = field(default_factory=dict)
    description: str = ""

    @property
    def countries(self) -> bool:
        return self.values_from == "countries"


@dataclass(frozen=True)
class Named:
    """A field of the standard that is not read: an identity field, or one the observatory does not use."""

    name: str
    prefix: str
    label: str
    reason: str
    column_aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Country:
    iso2: str
    iso3: str  # "" where the CTDC Region sheet has none
    ctdc_region: str  # "" where it has none


@dataclass(frozen=True)
class MappingRow:
    row: int
    htcds_field: str
    htcds_value: str
    ctdc_variable: str
    ctdc_value: str
    case_field: str
    case_value: str
    match: str
    note: str
    htcds_source: str
    ctdc_source: str


@dataclass(frozen=True)
class Column:
    """What one column of an input file is: a field read, an identity field, another known field, or unknown."""

    kind: Literal["field", "identity", "ignored", "unknown"]
    name: str  # the standard's field name ("" when unknown)


@dataclass
class HeaderPlan:
    """How a header's columns are read; the identity and ignored columns are listed in the import summary."""

    fields: dict[str, str]  # column -> field name
    identity: list[str]
    ignored: list[str]
    unknown: list[str]
