"""The service directory: schema and loader for data/referral/services/*.yaml.

Pure Python (pydantic, no Django) so that routing can be tested and run from
the command line without a database. Every entry is transcribed from the seed
report; what the seed does not say stays None and is shown as "not stated in
the source", never guessed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from jes.datafiles import describe, read_yaml

COUNTRIES: dict[str, str] = {"SI": "Slovenia", "BE": "Belgium", "FI": "Finland", "IT": "Italy", "ES": "Spain"}
COUNTRY_ORDER: tuple[str, ...] = ("SI", "BE", "FI", "IT", "ES")

NEEDS: dict[str, str] = {
    "accommodation": "Safety and accommodation",
    "medical": "Medical care",
    "psychosocial": "Psychosocial support",
    "legal": "Legal help",
    "interpretation": "Translation and interpretation",
    "return": "Return to the country of origin",
    "integration": "Integration (language, education, work, housing)",
    "information": "Information and advice",
}
KINDS: dict[str, str] = {
    "helpline": "Helpline",
    "shelter": "Shelter or safe accommodation",
    "crisis_accommodation": "Crisis accommodation",
    "programme": "Programme",
    "counselling": "Counselling and support",
    "legal": "Legal help",
    "nrm_body": "Referral mechanism or national authority",
    "other": "Other organisation",
}
EXPLOITATION: tuple[str, ...] = (
    "sexual",
    "labour",
    "criminality",
    "begging",
    "domestic_servitude",
    "forced_marriage",
    "illegal_adoption",
    "organ_removal",
)

Need = Literal[
    "accommodation", "medical", "psychosocial", "legal", "interpretation", "return", "integration", "information"
]
Kind = Literal["helpline", "shelter", "crisis_accommodation", "programme", "counselling", "legal", "nrm_body", "other"]
Exploitation = Literal[
    "sexual",
    "labour",
    "criminality",
    "begging",
    "domestic_servitude",
    "forced_marriage",
    "illegal_adoption",
    "organ_removal",
]
Country = Literal["SI", "BE", "FI", "IT", "ES"]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
SeedLine = Annotated[int, Field(ge=1)]
Text = Annotated[str, Field(min_length=1)]

NOT_STATED = "not stated in the source"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Eligibility(_Strict):
    """Who a service is for, as the seed states it; None means the seed does not say."""

    age: Literal["child", "adult", "any"] | None = None
    # "identified": for victims already identified; "not_yet_identified": for people not (yet) identified by the police.
    identification: Literal["identified", "not_yet_identified"] | None = None
    police_cooperation_required: bool | None = None
    asylum_seekers_only: bool | None = None
    gender: Literal["women"] | None = None
    exploitation: list[Exploitation] | None = None
    target_groups: Text | None = None  # the seed's own words about who it is for


class Service(_Strict):
    id: Slug
    country: Country
    name: Text
    name_local: Text | None = None  # the name in the country's language, where the seed gives it
    organisation: Text | None = None
    kind: Kind
    eligibility: Eligibility = Eligibility()
    services: list[Need] = []
    services_text: Text | None = None  # what the seed says it offers, in its words
    hours: Text | None = None
    around_the_clock: bool = False  # only where the seed says "24 hours"
    languages: Text | None = None
    phone: Annotated[str, Field(pattern=r"^\+?[0-9][0-9 ]{2,20}$")] | None = None
    links: list[str] = []
    area: Text | None = None  # the place or area served, as stated
    nationwide: bool | None = None
    period: Text | None = None
    funding: Text | None = None
    seed_lines: Annotated[list[SeedLine], Field(min_length=1)]
    quote: Text
    quotes: list[Text] = []  # further passages, for facts spread over several places in the seed
    notes: Text | None = None  # OCR repairs and how the entry was read

    @field_validator("links")
    @classmethod
    def _links_are_urls(cls, links: list[str]) -> list[str]:
        for link in links:
            if not link.startswith(("http://", "https://")) or any(c.isspace() for c in link):
                raise ValueError(f"not a single URL: {link!r}")
        return links

    @model_validator(mode="after")
    def _hours_back_the_flag(self) -> Service:
        if self.around_the_clock and not self.hours:
            raise ValueError("around_the_clock needs the seed's words in hours")
        return self

    @property
    def tel(self) -> str | None:
        return "tel:" + self.phone.replace(" ", "") if self.phone else None

    @property
    def country_name(self) -> str:
        return COUNTRIES[self.country]

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    def all_quotes(self) -> list[str]:
        return [self.quote, *self.quotes]


class ServiceFile(_Strict):
    country: Country
    source: Text
    services: list[dict[str, Any]]


class ServiceError(ValueError):
    """A directory file does not match the schema."""


def _read_yaml(path: Path) -> Any:
    return read_yaml(path, ServiceError)


def load_file(path: Path) -> list[Service]:
    """One country's file; refused whole if one entry is wrong."""
    try:
        meta = ServiceFile.model_validate(_read_yaml(path))
    except ValidationError as exc:
        raise ServiceError(f"{path}: {describe(exc)}") from exc
    if meta.country.lower() != path.stem:
        raise ServiceError(f"{path}: field country: {meta.country} does not match the file name {path.name}")
    services = []
    for index, raw in enumerate(meta.services, start=1):
        label = f"entry {index}" + (f" ({raw['id']})" if isinstance(raw, dict) and "id" in raw else "")
        try:
            service = Service.model_validate(raw)
        except ValidationError as exc:
            raise ServiceError(f"{path}: {label}: {describe(exc)}") from exc
        if service.country != meta.country:
            raise ServiceError(f"{path}: {label}: field country: {service.country} in the file of {meta.country}")
        services.append(service)
    return services


def _unique(services: Iterable[Service], where: Path) -> None:
    seen: set[str] = set()
    for service in services:
        if service.id in seen:
            raise ServiceError(f"{where}: entry {service.id}: field id: used twice")
        seen.add(service.id)


def load_directory(root: Path) -> list[Service]:
    """All countries in the seed's order; ids are unique across the directory."""
    services: list[Service] = []
    for code in COUNTRY_ORDER:
        path = root / f"{code.lower()}.yaml"
        if path.exists():
            services.extend(load_file(path))
    _unique(services, root)
    return services


def default_root() -> Path:
    """data/referral/services under JES_CONTENT_DIR, as settings.CONTENT_DIR reads it, else beside the checkout."""
    content = os.environ.get("JES_CONTENT_DIR")
    base = Path(content) if content else Path(__file__).resolve().parents[4] / "data"
    return base / "referral" / "services"


@lru_cache(maxsize=4)
def bundled_directory(root: Path | None = None) -> tuple[Service, ...]:
    """The bundled directory, read once per process (the files change only with a release)."""
    return tuple(load_directory(root or default_root()))
