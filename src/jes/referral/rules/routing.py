"""Rank a country's services for one person's situation, with the reason for each.

Only what the seed states about a service counts: a stated condition the
person does not meet puts the service last ("does not fit"); a condition the
seed does not state is neither a fit nor a misfit and is said to be unknown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from .services import NEEDS, Exploitation, Need, Service

# Fixed, cited text: the figure is the Convention's, nothing beyond it.
REFLECTION_PERIOD = {
    "title": "Recovery and reflection period",
    "text": (
        "Each Party shall provide in its internal law a recovery and reflection period of at least 30 days, "
        "when there are reasonable grounds to believe that the person concerned is a victim. During this period "
        "it shall not be possible to enforce any expulsion order against him or her."
    ),
    "source": (
        "Council of Europe Convention on Action against Trafficking in Human Beings (CETS No. 197, 2005), Article 13(1)"
    ),
    "url": "https://www.coe.int/en/web/conventions/full-list?module=treaty-detail&treatynum=197",
    "seed_note": (
        "The seed report (line 3673) recommends offering the period in Spain to victims who have not yet been "
        "formally identified, as is already done in Italy, the Netherlands or Norway."
    ),
}


class Profile(BaseModel):
    """The person's situation; every key is optional and None means "not known"."""

    model_config = ConfigDict(extra="forbid")

    age: int | str | None = None  # years, or "child" / "adult"
    place: str | None = None
    identified_by_police: bool | None = None
    cooperates_with_police: bool | None = None
    asylum_seeker: bool | None = None
    legal_residence: bool | None = None
    gender: str | None = None  # "woman" matters only where the seed states a service is for women
    immediate_danger: bool | None = None
    exploitation: list[Exploitation] = []
    needs: list[Need] = []

    @field_validator("age")
    @classmethod
    def _age(cls, value: int | str | None) -> int | str | None:
        if isinstance(value, str) and value not in ("child", "adult"):
            raise ValueError('expected a number of years, "child" or "adult"')
        if isinstance(value, int) and not 0 <= value < 130:
            raise ValueError("expected a number of years between 0 and 129")
        return value

    @property
    def age_group(self) -> str | None:
        if isinstance(self.age, int):
            return "child" if self.age < 18 else "adult"
        return self.age


class ProfileError(ValueError):
    """The profile does not match the expected keys and values."""


def parse_profile(data: Any, where: str = "profile") -> Profile:
    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        parts = [f"field {'.'.join(str(p) for p in e['loc']) or '(top level)'}: {e['msg']}" for e in exc.errors()]
        raise ProfileError(f"{where}: " + "; ".join(parts)) from exc


def cite_lines(lines: list[int]) -> str:
    """The first run of consecutive seed lines, e.g. "lines 1446-1454"."""
    first = last = lines[0]
    for n in lines[1:]:
        if n != last + 1:
            break
        last = n
    return f"line {first}" if first == last else f"lines {first}-{last}"


@dataclass
class Match:
    service: Service
    eligible: bool
    covered: list[str] = field(default_factory=list)
    fits: list[str] = field(default_factory=list)
    misfits: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.service.id

    @property
    def name(self) -> str:
        return self.service.name

    @property
    def reason(self) -> str:
        cite = f" (seed {cite_lines(self.service.seed_lines)})"
        if not self.eligible:
            return "does not fit: " + "; ".join(self.misfits) + cite
        parts = []
        if self.covered:
            parts.append("covers " + " and ".join(self.covered))
        parts.extend(self.fits)
        parts.extend(self.unknown)
        return ("; ".join(parts) or "no stated need or condition matches") + cite

    def as_dict(self) -> dict[str, Any]:
        s = self.service
        return {
            "id": s.id,
            "name": s.name,
            "reason": self.reason,
            "eligible": self.eligible,
            "covers": self.covered,
            "kind": s.kind,
            "organisation": s.organisation,
            "phone": s.phone,
            "hours": s.hours,
            "links": s.links,
            "seed_lines": s.seed_lines,
        }


def _check_conditions(service: Service, p: Profile, m: Match) -> None:
    e = service.eligibility
    for check in (_age, _identification, _police, _asylum, _gender, _exploitation, _place):
        check(service, e, p, m)
    if all(
        v is None
        for v in (
            e.age,
            e.identification,
            e.police_cooperation_required,
            e.asylum_seekers_only,
            e.gender,
            e.exploitation,
        )
    ):
        said = f" (the seed describes it as for: {e.target_groups})" if e.target_groups else ""
        m.unknown.append("eligibility not stated in the source" + said)


def _judge(m: Match, answer: bool | None, fits: str, misfits: str, unknown: str) -> None:
    """One stated condition against what is known of the person: it fits, it does not, or it cannot be told."""
    if answer is None:
        m.unknown.append(unknown)
    elif answer:
        m.fits.append(fits)
    else:
        m.misfits.append(misfits)


def _age(service: Service, e: Any, p: Profile, m: Match) -> None:
    if e.age in (None, "any"):
        return
    words = {"child": "children and adolescents", "adult": "adults"}[e.age]
    answer = None if p.age_group is None else p.age_group == e.age
    _judge(m, answer, f"for {words}", f"for {words} only", f"for {words}; the person's age is not known")


def _identification(service: Service, e: Any, p: Profile, m: Match) -> None:
    if e.identification is None:
        return
    known = p.identified_by_police
    if e.identification == "identified":
        _judge(
            m,
            known,
            "for identified victims",
            "for identified victims only",
            "for identified victims; whether the person is identified is not known",
        )
    else:
        words = "for people not yet identified by the police"
        _judge(m, None if known is None else not known, words, words, f"{words}; the person's status is not known")


def _police(service: Service, e: Any, p: Profile, m: Match) -> None:
    if not e.police_cooperation_required:
        return
    _judge(
        m,
        p.cooperates_with_police,
        "the person cooperates with the police, which it requires",
        "requires cooperation with the police",
        "requires cooperation with the police; whether the person cooperates is not known",
    )


def _asylum(service: Service, e: Any, p: Profile, m: Match) -> None:
    if not e.asylum_seekers_only:
        return
    _judge(
        m,
        p.asylum_seeker,
        "for asylum seekers",
        "for asylum seekers only",
        "for asylum seekers; the person's asylum status is not known",
    )


def _gender(service: Service, e: Any, p: Profile, m: Match) -> None:
    if e.gender != "women":
        return
    answer = None if p.gender is None else p.gender.lower() in ("woman", "women", "female", "f", "girl")
    _judge(m, answer, "for women", "for women only", "for women only")


def _exploitation(service: Service, e: Any, p: Profile, m: Match) -> None:
    if not e.exploitation or not p.exploitation:
        return
    if set(e.exploitation) & set(p.exploitation):
        m.fits.append("for " + ", ".join(sorted(set(e.exploitation) & set(p.exploitation))) + " exploitation")
    else:
        m.misfits.append("for " + ", ".join(e.exploitation) + " exploitation only")


def _place(service: Service, e: Any, p: Profile, m: Match) -> None:
    if not p.place or not service.area or service.nationwide:
        return
    if p.place.strip().lower() in service.area.lower():
        m.fits.append(f"serves {service.area}")
    else:
        # Without a gazetteer a place cannot be ruled in or out; say what the seed states.
        m.unknown.append(f"serves {service.area}; check that it covers {p.place}")


def match(service: Service, profile: Profile) -> Match:
    m = Match(service=service, eligible=True)
    m.covered = [n for n in profile.needs if n in service.services]
    _check_conditions(service, profile, m)
    m.eligible = not m.misfits
    return m


def _is_route_target(service: Service) -> bool:
    # Coordination bodies that offer nothing a person can be sent to stay in the directory, not in the ranking.
    return not (service.kind == "nrm_body" and not service.services)


def route(country: str, profile: Profile | Mapping[str, Any], services: Iterable[Service]) -> list[Match]:
    """The country's services ranked for the profile: fitting ones first, those that do not fit last."""
    p = profile if isinstance(profile, Profile) else parse_profile(dict(profile))
    matches = [match(s, p) for s in services if s.country == country.upper() and _is_route_target(s)]

    def key(m: Match) -> tuple[int, int, int, int, int, int]:
        urgent = m.service.around_the_clock and m.service.kind == "helpline"
        return (
            0 if m.eligible else 1,
            0 if (p.immediate_danger and urgent) else 1,
            -len(m.covered),
            -len(m.fits),
            0 if urgent else 1,
            len(m.unknown),
        )

    return sorted(matches, key=key)  # sorted() is stable: ties keep the seed's order


def reflection_period_applies(profile: Profile) -> bool:
    """Art. 13 concerns possible victims; shown where the person lacks legal residence or is not yet identified."""
    return profile.legal_residence is False or profile.identified_by_police is False


def need_label(code: str) -> str:
    return NEEDS.get(code, code)


__all__ = [
    "REFLECTION_PERIOD",
    "Match",
    "Profile",
    "ProfileError",
    "parse_profile",
    "reflection_period_applies",
    "route",
]
