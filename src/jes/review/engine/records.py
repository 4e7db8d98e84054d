"""The bibliographic record every part of the review engine shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Provenance:
    """Where a record came from: the source (database or method), the file and the position in it."""

    source: str = ""
    file: str = ""
    position: int = 0  # 0-based position in the file, in file order


@dataclass
class Record:
    title: str = ""
    abstract: str = ""
    authors: list[str] = field(default_factory=list)  # "Surname, Given" as the source gives them
    year: int | None = None
    journal: str = ""  # journal, book or container title
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    isbn: str = ""
    cobiss_id: str = ""
    keywords: list[str] = field(default_factory=list)
    language: str = ""
    publication_type: str = ""  # as the source states it, e.g. "JOUR", "article", "Thesis"
    url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # source fields with no slot above, kept verbatim
    provenance: Provenance = field(default_factory=Provenance)

    def completeness(self) -> int:
        """How many fields are filled: the most complete record of a duplicate cluster is kept."""
        scalars = [
            self.title,
            self.abstract,
            self.journal,
            self.volume,
            self.issue,
            self.pages,
            self.doi,
            self.pmid,
            self.isbn,
            self.cobiss_id,
            self.language,
            self.publication_type,
            self.url,
        ]
        return sum(bool(v) for v in scalars) + bool(self.authors) + bool(self.keywords) + (self.year is not None)
