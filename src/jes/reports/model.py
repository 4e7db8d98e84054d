"""Plain data the report engine renders; built by the catalogue pillar from its database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Column:
    key: str
    label: str
    width: int = 0  # percent of the table; fixed widths keep the typesetting fast


@dataclass
class Row:
    values: dict[str, str]
    links: list[str]
    seed_line: int | None
    missing: list[str] = field(default_factory=list)


@dataclass
class Table:
    anchor: str
    heading: str
    intro: str
    columns: list[Column]
    rows: list[Row]
    missing: str = ""

    @property
    def link_width(self) -> int:
        return max(100 - sum(c.width for c in self.columns), 8)


@dataclass
class Narrative:
    """A case study: a titled text, not a table."""

    anchor: str
    title: str
    text: str
    sources: list[str]
    seed_line: int | None
    notes: str = ""


@dataclass
class Prose:
    anchor: str
    heading: str
    text: str


@dataclass
class GraphPoint:
    label: str
    value: float | None  # None: the seed does not state it


@dataclass
class Graph:
    anchor: str
    title: str
    source: str
    points: list[GraphPoint]
    unit: str = ""


@dataclass
class PrismaTable:
    anchor: str
    title: str
    rows: list[tuple[str, str, int, str]]  # stage, label, value, note
    footnote: str


@dataclass
class CountryPart:
    code: str
    name: str
    prose: list[Prose] = field(default_factory=list)
    graphs: list[Graph] = field(default_factory=list)
    prisma: PrismaTable | None = None
    tables: list[Table] = field(default_factory=list)
    cases: list[Narrative] = field(default_factory=list)
    cases_heading: str = ""
    cases_missing: str = ""


@dataclass
class ReportData:
    title: str
    subtitle: str
    cover: list[tuple[str, str]]
    countries: list[CountryPart]
    references: list[dict[str, Any]]  # CSL-JSON items
    references_note: str = ""
    generated: str = ""
