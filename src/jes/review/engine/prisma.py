"""The PRISMA 2020 flow, counted from per-record decisions rather than typed in.

The boxes follow the PRISMA 2020 template "new systematic reviews which included searches of databases,
registers and other sources" (Page et al. 2021, BMJ 372:n71, fig 1): a left column for databases and
registers (identified, removed before screening, screened, excluded, sought, not retrieved, assessed,
excluded with reasons) and a right column for other methods (websites, organisations, citation searching),
which in the template skips title/abstract screening and goes straight to retrieval; both meet in
"studies included" and "reports of included studies".

Two departures from the template, both needed to draw real reviews honestly:

- A record found by other methods may be screened together with the database records (the seed's review
  did this: 826 + 1 records, 827 screened). Such a record moves to the left column and is counted in
  ``other_to_screening``; the diagram draws an arrow for it.
- Duplicates may be found by a reviewer during screening rather than removed before it (the seed again:
  827 screened, 801 excluded and 8 duplicates excluded, 18 left). Those are counted in
  ``duplicates_at_screening``, a part of "records screened", not of "records removed before screening".

Each box is counted straight from the records in :meth:`PrismaFlow.from_decisions`, independently of its
parts, so that :meth:`PrismaFlow.check` is a real cross-check and not a tautology.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class SourceKind(StrEnum):
    DATABASE = "database"
    REGISTER = "register"
    WEBSITE = "website"
    ORGANISATION = "organisation"
    CITATION = "citation"
    OTHER = "other"  # any other method, e.g. hand searching or contacting authors

    @property
    def is_database_or_register(self) -> bool:
        return self in (SourceKind.DATABASE, SourceKind.REGISTER)


class Removal(StrEnum):
    """Why a record left before screening (the template's "records removed before screening")."""

    DUPLICATE = "duplicate"
    AUTOMATION = "automation"  # marked ineligible by automation tools
    OTHER = "other"


class Decision(StrEnum):
    INCLUDE = "include"
    EXCLUDE = "exclude"
    MAYBE = "maybe"  # not yet resolved: counted as awaiting, never as a decision
    DUPLICATE = "duplicate"  # only at title/abstract screening: a reviewer found a duplicate


NO_REASON = "Reason not recorded"


@dataclass(frozen=True)
class Source:
    name: str
    kind: SourceKind


@dataclass(frozen=True)
class FlowRecord:
    """One record's way through the review, as the Django layer knows it.

    ``screening`` is None when the record was not screened on title/abstract: a database record then awaits
    screening; a record found by other methods goes straight to retrieval, as in the PRISMA 2020 template.
    ``retrieved`` may stay None once an eligibility decision exists (the report was evidently obtained).
    ``study`` groups reports of the same study; it defaults to the record id.
    """

    id: str
    source: str
    removed: Removal | None = None
    screening: Decision | None = None
    screening_reason: str = ""
    retrieved: bool | None = None
    eligibility: Decision | None = None
    eligibility_reason: str = ""
    study: str = ""


class FlowInputError(ValueError):
    """A record whose decisions cannot happen together; the message names the record."""


class PrismaArithmeticError(AssertionError):
    """A box does not equal the sum of its parts; the message names the box."""


@dataclass
class Retrieval:
    """The retrieval and eligibility boxes of one column."""

    sought: int = 0
    not_retrieved: int = 0
    awaiting_retrieval: int = 0
    assessed: int = 0
    awaiting_eligibility: int = 0
    excluded: int = 0
    excluded_reasons: dict[str, int] = field(default_factory=dict)
    included: int = 0


@dataclass
class PrismaFlow:
    databases: dict[str, int] = field(default_factory=dict)  # records identified per database
    registers: dict[str, int] = field(default_factory=dict)
    other_sources: dict[str, int] = field(default_factory=dict)  # per website, organisation, citation search
    other_kinds: dict[str, str] = field(default_factory=dict)  # other source name -> SourceKind value
    identified_databases: int = 0
    identified_registers: int = 0
    identified_other: int = 0
    other_to_screening: int = 0  # other-method records handled in the left column (see module docstring)
    removed_before_screening: int = 0
    removed_duplicates: int = 0
    removed_automation: int = 0
    removed_other: int = 0
    awaiting_screening: int = 0
    screened: int = 0
    excluded_screening: int = 0
    excluded_screening_reasons: dict[str, int] = field(default_factory=dict)
    duplicates_at_screening: int = 0
    main: Retrieval = field(default_factory=Retrieval)  # reports from databases and registers
    other: Retrieval = field(default_factory=Retrieval)  # reports from other methods
    included_reports: int = 0
    included_studies: int = 0

    @classmethod
    def from_decisions(cls, sources: Iterable[Source], records: Iterable[FlowRecord]) -> PrismaFlow:
        """Count every box from the records; raise FlowInputError naming the record if decisions clash."""
        by_name = _index_sources(sources)
        flow = cls()
        for listed in by_name.values():
            # A source searched without hits still belongs in the diagram, with n = 0.
            flow._tally(listed)[listed.name] = 0
        studies: set[str] = set()
        for number, record in enumerate(records, start=1):
            source = by_name.get(record.source)
            if source is None:
                raise FlowInputError(f"record {number} ({record.id!r}): unknown source {record.source!r}")
            _validate(number, record, source)
            flow._count(record, source)
            if _included(record):
                studies.add(record.study or record.id)
        flow.included_studies = len(studies)
        flow.other_kinds = {s.name: s.kind.value for s in by_name.values() if not s.kind.is_database_or_register}
        return flow

    def _tally(self, source: Source) -> dict[str, int]:
        if source.kind is SourceKind.DATABASE:
            return self.databases
        return self.registers if source.kind is SourceKind.REGISTER else self.other_sources

    def _count(self, record: FlowRecord, source: Source) -> None:
        tallies = self._tally(source)
        tallies[source.name] += 1
        if source.kind is SourceKind.DATABASE:
            self.identified_databases += 1
        elif source.kind is SourceKind.REGISTER:
            self.identified_registers += 1
        else:
            self.identified_other += 1
        in_left_column = (
            source.kind.is_database_or_register or record.removed is not None or record.screening is not None
        )
        if not source.kind.is_database_or_register and in_left_column:
            self.other_to_screening += 1
        if record.removed is not None:
            self._count_removal(record.removed)
            return
        if in_left_column:
            if not self._count_screening(record):
                return
            column = self.main
        else:
            column = self.other
        _count_retrieval(column, record)
        if _included(record):
            self.included_reports += 1

    def _count_removal(self, removal: Removal) -> None:
        self.removed_before_screening += 1
        if removal is Removal.DUPLICATE:
            self.removed_duplicates += 1
        elif removal is Removal.AUTOMATION:
            self.removed_automation += 1
        else:
            self.removed_other += 1

    def _count_screening(self, record: FlowRecord) -> bool:
        """Count the title/abstract stage; True if the record goes on to retrieval."""
        if record.screening in (None, Decision.MAYBE):
            self.awaiting_screening += 1
            return False
        self.screened += 1
        if record.screening is Decision.DUPLICATE:
            self.duplicates_at_screening += 1
            return False
        if record.screening is Decision.EXCLUDE:
            self.excluded_screening += 1
            _add(self.excluded_screening_reasons, record.screening_reason or NO_REASON)
            return False
        return True

    def summary(self) -> dict[str, int]:
        """The headline counts, with the keys of `jes review prisma --json` (a stable interface)."""
        return {
            "identified_databases": self.identified_databases + self.identified_registers,
            "identified_other": self.identified_other,
            "duplicates": self.removed_duplicates + self.duplicates_at_screening,
            "screened": self.screened,
            "excluded_screening": self.excluded_screening,
            "assessed": self.main.assessed + self.other.assessed,
            "excluded_eligibility": self.main.excluded + self.other.excluded,
            "included_reports": self.included_reports,
            "included_studies": self.included_studies,
        }

    def check(self) -> None:
        """Raise PrismaArithmeticError naming the first box that is not the sum of its parts."""
        for box, total, parts in self._equations():
            if total != sum(parts.values()):
                detail = " + ".join(f"{name} ({n})" for name, n in parts.items()) or "nothing"
                raise PrismaArithmeticError(
                    f"PRISMA box {box!r} is {total} but its parts {detail} add up to {sum(parts.values())}"
                )
        if (self.included_studies == 0) != (
            self.included_reports == 0
        ) or self.included_studies > self.included_reports:
            raise PrismaArithmeticError(
                f"PRISMA box 'Studies included in review' is {self.included_studies}, which cannot be described by "
                f"{self.included_reports} reports of included studies"
            )

    def _equations(self) -> list[tuple[str, int, dict[str, int]]]:
        left = self.identified_databases + self.identified_registers + self.other_to_screening
        equations: list[tuple[str, int, dict[str, int]]] = [
            ("Records identified from databases", self.identified_databases, dict(self.databases)),
            ("Records identified from registers", self.identified_registers, dict(self.registers)),
            ("Records identified from other methods", self.identified_other, dict(self.other_sources)),
            (
                "Records identified from other methods",
                self.identified_other,
                {"screened with database records": self.other_to_screening, "reports sought": self.other.sought},
            ),
            (
                "Records removed before screening",
                self.removed_before_screening,
                {
                    "duplicates": self.removed_duplicates,
                    "automation": self.removed_automation,
                    "other reasons": self.removed_other,
                },
            ),
            (
                "Records identified from databases and registers (with other-method records screened alongside)",
                left,
                {
                    "removed before screening": self.removed_before_screening,
                    "screened": self.screened,
                    "awaiting screening": self.awaiting_screening,
                },
            ),
            (
                "Records screened",
                self.screened,
                {
                    "excluded": self.excluded_screening,
                    "duplicates found at screening": self.duplicates_at_screening,
                    "reports sought": self.main.sought,
                },
            ),
            ("Records excluded", self.excluded_screening, dict(self.excluded_screening_reasons)),
            (
                "Reports of included studies",
                self.included_reports,
                {"from databases and registers": self.main.included, "from other methods": self.other.included},
            ),
        ]
        for label, column in (("", self.main), (" (other methods)", self.other)):
            equations += _column_equations(label, column)
        return equations


def _column_equations(label: str, column: Retrieval) -> list[tuple[str, int, dict[str, int]]]:
    return [
        (
            f"Reports sought for retrieval{label}",
            column.sought,
            {
                "not retrieved": column.not_retrieved,
                "awaiting retrieval": column.awaiting_retrieval,
                "assessed": column.assessed,
            },
        ),
        (
            f"Reports assessed for eligibility{label}",
            column.assessed,
            {
                "excluded": column.excluded,
                "awaiting eligibility decision": column.awaiting_eligibility,
                "included": column.included,
            },
        ),
        (f"Reports excluded{label}", column.excluded, dict(column.excluded_reasons)),
    ]


def _count_retrieval(column: Retrieval, record: FlowRecord) -> None:
    column.sought += 1
    if record.retrieved is False:
        column.not_retrieved += 1
        return
    if record.retrieved is None and record.eligibility is None:
        column.awaiting_retrieval += 1
        return
    column.assessed += 1
    if record.eligibility in (None, Decision.MAYBE):
        column.awaiting_eligibility += 1
    elif record.eligibility is Decision.EXCLUDE:
        column.excluded += 1
        _add(column.excluded_reasons, record.eligibility_reason)
    else:
        column.included += 1


def _included(record: FlowRecord) -> bool:
    return record.removed is None and record.eligibility is Decision.INCLUDE


def _add(tally: dict[str, int], key: str) -> None:
    tally[key] = tally.get(key, 0) + 1


def _index_sources(sources: Iterable[Source]) -> dict[str, Source]:
    by_name: dict[str, Source] = {}
    for source in sources:
        if source.name in by_name:
            raise FlowInputError(f"source {source.name!r} is listed twice")
        by_name[source.name] = source
    return by_name


def _validate(number: int, record: FlowRecord, source: Source) -> None:
    def fail(reason: str) -> FlowInputError:
        return FlowInputError(f"record {number} ({record.id!r}): {reason}")

    later = record.screening is not None or record.retrieved is not None or record.eligibility is not None
    if record.removed is not None and later:
        raise fail(f"removed before screening ({record.removed.value}) but has later decisions")
    if record.eligibility is Decision.DUPLICATE:
        raise fail("'duplicate' is a title/abstract screening decision, not an eligibility decision")
    passed = record.screening is Decision.INCLUDE or (
        record.screening is None and not source.kind.is_database_or_register and record.removed is None
    )
    if not passed and (record.retrieved is not None or record.eligibility is not None):
        screening = record.screening.value if record.screening else "not screened"
        raise fail(f"has a retrieval or eligibility decision but did not pass screening ({screening})")
    if record.retrieved is False and record.eligibility is not None:
        raise fail("was not retrieved yet has an eligibility decision")
    if record.eligibility is Decision.EXCLUDE and not record.eligibility_reason.strip():
        # PRISMA 2020 item 16a asks for the reasons reports were excluded at full text.
        raise fail("excluded at eligibility without a reason")
