"""Schema of the bundled catalogue files under data/catalogue/.

Pure Python (pydantic, no Django) so that the data files can be validated,
tested and benchmarked without a database. Field names follow the column
headings of the joint report's national templates.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

COUNTRIES: dict[str, str] = {
    "SI": "Slovenia",
    "BE": "Belgium",
    "FI": "Finland",
    "IT": "Italy",
    "ES": "Spain",
}
# The order in which the seed report presents the countries.
COUNTRY_ORDER: tuple[str, ...] = ("SI", "BE", "FI", "IT", "ES")

SECTIONS: dict[str, str] = {
    "research": "The latest research",
    "project": "The latest projects",
    "practice": "Good and sustainable practices",
    "other": "Information on other important aspects",
    "case_study": "Case studies",
    "student_contribution": "Student contributions",
}
SECTION_ORDER: tuple[str, ...] = tuple(SECTIONS)

FORMS: dict[str, str] = {
    "sexual_exploitation": "Sexual exploitation",
    "forced_labour": "Forced labour and labour exploitation",
    "forced_criminality": "Forced criminality",
    "forced_begging": "Forced begging",
    "domestic_servitude": "Domestic servitude",
    "forced_marriage": "Forced marriage",
    "illegal_adoption": "Illegal adoption",
    "organ_removal": "Organ removal",
    "child_trafficking": "Child trafficking",
}

ACTIONS: dict[str, str] = {
    "research": "Research",
    "prevention": "Prevention",
    "awareness": "Awareness",
    "training": "Training",
    "detection_identification": "Detection and identification",
    "assistance_protection": "Assistance and protection",
    "integration": "Integration",
    "prosecution": "Prosecution",
    "policy": "Policy",
    "coordination": "Coordination",
}

TARGET_GROUPS: dict[str, str] = {
    "victims": "Victims and presumed victims",
    "women_and_girls": "Women and girls",
    "children_and_youth": "Children and young people",
    "migrants_and_refugees": "Migrants and refugees",
    "migrant_workers": "Migrant and seasonal workers",
    "asylum_seekers": "Asylum seekers",
    "people_in_prostitution": "People in prostitution",
    "roma_communities": "Roma communities",
    "professionals": "Professionals and frontline workers",
    "students": "Students and educators",
    "general_public": "General public",
    "employers": "Employers and businesses",
    "perpetrators": "Perpetrators",
}

FormCode = Literal[
    "sexual_exploitation",
    "forced_labour",
    "forced_criminality",
    "forced_begging",
    "domestic_servitude",
    "forced_marriage",
    "illegal_adoption",
    "organ_removal",
    "child_trafficking",
]
ActionCode = Literal[
    "research",
    "prevention",
    "awareness",
    "training",
    "detection_identification",
    "assistance_protection",
    "integration",
    "prosecution",
    "policy",
    "coordination",
]
TargetCode = Literal[
    "victims",
    "women_and_girls",
    "children_and_youth",
    "migrants_and_refugees",
    "migrant_workers",
    "asylum_seekers",
    "people_in_prostitution",
    "roma_communities",
    "professionals",
    "students",
    "general_public",
    "employers",
    "perpetrators",
]

SeedLine = Annotated[int, Field(ge=1)]
# Short columns have a length limit in the database; the schema says so before the database does.
Title = Annotated[str, Field(max_length=1000)]
Short = Annotated[str, Field(max_length=200)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Tags(_Strict):
    forms: list[FormCode] = []
    target_groups: list[TargetCode] = []
    actions: list[ActionCode] = []


class EntryBase(_Strict):
    """Fields every catalogue entry has, whatever its section."""

    seed_line: SeedLine | None = None
    row: int | None = None  # the row number in the seed table ("No")
    title: Title = ""
    links: list[str] = []
    tags: Tags = Tags()
    # Fields the OCR of the seed lost; they stay empty rather than invented.
    missing: list[str] = []
    notes: str = ""

    @field_validator("links")
    @classmethod
    def _links_are_urls(cls, links: list[str]) -> list[str]:
        for link in links:
            if not link.startswith(("http://", "https://")) or any(c.isspace() for c in link):
                raise ValueError(f"not a single URL: {link!r}")
        return links


class Study(EntryBase):
    authors: list[str] = []
    year: int | None = None
    year_label: Annotated[str, Field(max_length=20)] = ""  # as cited in the seed: "2023b", "n.d."
    purpose: str = ""
    study_type: Short = ""
    data_collection: str = ""
    participants_sampling: str = ""
    main_findings: str = ""


class Project(EntryBase):
    author_organisation: str = ""
    year: int | None = None
    acronym: Annotated[str, Field(max_length=100)] = ""
    programme: str = ""
    period: Short = ""
    implementation_level: str = ""
    main_objective: str = ""


class Practice(EntryBase):
    aims: str = ""
    period: Short = ""
    activities: str = ""
    results: str = ""


class Initiative(EntryBase):
    programme: str = ""
    type: str = ""
    aims: str = ""
    period: Short = ""
    implementation_level: str = ""
    main_results: str = ""


class CaseStudy(EntryBase):
    narrative: str = ""
    sources: list[str] = []


class StudentContribution(EntryBase):
    writers: list[str] = []
    year: int | None = None
    writer_country: Annotated[str, Field(max_length=100)] = ""  # the template's "Country" column: the writer's country
    product_type: Short = ""
    summary: str = ""


ENTRY_MODELS: dict[str, type[EntryBase]] = {
    "research": Study,
    "project": Project,
    "practice": Practice,
    "other": Initiative,
    "case_study": CaseStudy,
    "student_contribution": StudentContribution,
}


class SectionFile(_Strict):
    """One file per country and section: data/catalogue/<cc>/<section>.yaml."""

    country: Literal["SI", "BE", "FI", "IT", "ES"]
    section: Literal["research", "project", "practice", "other", "case_study", "student_contribution"]
    heading: str
    seed_lines: tuple[SeedLine, SeedLine]
    intro: str = ""
    missing: str = ""  # what of this section the OCR lost, in words
    entries: list[dict[str, object]]


class Statistic(_Strict):
    what: Annotated[str, Field(max_length=500)]
    value: str  # decimal string, exactly as the seed states it
    unit: Annotated[str, Field(max_length=100)]
    period: Annotated[str, Field(max_length=50)]
    place: Annotated[str, Field(max_length=200)]
    source: Annotated[str, Field(max_length=500)]
    seed_line: SeedLine
    graph: str = ""  # e.g. "graph-1" when the value is a point of a seed graph

    @field_validator("value")
    @classmethod
    def _value_is_a_number(cls, value: str) -> str:
        try:
            Decimal(value.replace(",", ""))
        except InvalidOperation as exc:
            raise ValueError(f"not a number as the seed writes numbers (e.g. 4,000 or 12.5): {value!r}") from exc
        return value

    @property
    def number(self) -> Decimal:
        """The value as a number; the seed writes thousands with a comma ("4,000")."""
        return Decimal(self.value.replace(",", ""))


class PrismaRow(_Strict):
    stage: Literal["identification", "screening", "eligibility", "included"]
    label: Annotated[str, Field(max_length=300)]
    value: int
    seed_line: SeedLine
    note: Annotated[str, Field(max_length=300)] = ""


class ProseSection(_Strict):
    key: Annotated[str, Field(max_length=60, pattern=r"^[a-z0-9_-]+$")]
    heading: Annotated[str, Field(max_length=300)]
    seed_line: SeedLine
    text: str


class Reference(_Strict):
    key: str
    authors: list[str]
    year: Annotated[str, Field(max_length=20)]  # "2014", "2023b", "n.d."
    title: Title = ""
    container: Annotated[str, Field(max_length=300)] = ""
    url: str = ""
    type: Literal["article", "book", "chapter", "report", "webpage", "news", "thesis", "legal", "other"] = "other"
    cited_at: list[SeedLine]
    note: str = ""
