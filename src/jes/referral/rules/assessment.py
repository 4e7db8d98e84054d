"""The ILO/EC rule that turns indicators into an assessment per dimension and an overall outcome.

Source: ILO and European Commission, "Operational indicators of trafficking in human beings.
Results from a Delphi survey implemented by the ILO and the European Commission", Geneva, ILO,
first published March 2009, revised September 2009, p. 3 (as cited by the transcription below),
https://www.ilo.org/global/topics/forced-labour/publications/WCMS_105023/lang--en/index.htm

Per dimension, in the transcription this code follows (the ILO PDF could not be opened from here;
see data/referral/indicators/README.md): a dimension "is POSITIVE if it contains at least: (a) 2
strong; OR (b) 1 strong + 1 medium-or-weak; OR (c) 3 medium; OR (d) 2 medium + 1 weak".

Overall, the lists follow the Palermo definition: recruitment (deceptive, coercive or by abuse of
vulnerability) + exploitation + coercion or abuse of vulnerability at destination for adults; for
children the means are not required (Palermo Protocol art. 3(c)), so recruitment + exploitation.

The outcome is "indicators_present" or "insufficient_so_far": indicators are clues for referral,
not a legal determination, and an absence of indicators never means a person is not a victim.

The ILO 2012 forced labour indicators are reported separately as present or absent; the ILO
describes them as "the most common signs or 'clues' that point to the possible existence of a
forced labour case" (ILO, "ILO Indicators of Forced Labour", SAP-FL, 2012, introduction, as quoted on
https://respect.international/indicators-of-forced-labour/; the booklet's own sentence on how many
indicators suffice could not be read from here, so it is not quoted).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .indicators import DIMENSIONS, Group, Indicator, IndicatorCatalogue, IndicatorError

Outcome = Literal["indicators_present", "insufficient_so_far"]

RECRUITMENT = ("deceptive_recruitment", "coercive_recruitment", "recruitment_vulnerability")
DESTINATION = ("coercion_destination", "vulnerability_destination")

# (clause id, wording, test on the counts of strong, medium and weak indicators), in the published order.
Counts = tuple[int, int, int]
CLAUSES: tuple[tuple[str, str, Callable[[int, int, int], bool]], ...] = (
    ("two_strong", "at least two strong indicators", lambda s, m, w: s >= 2),
    ("strong_and_other", "one strong and one medium or weak indicator", lambda s, m, w: s >= 1 and m + w >= 1),
    ("three_medium", "three medium indicators", lambda s, m, w: m >= 3),
    ("two_medium_one_weak", "two medium and one weak indicator", lambda s, m, w: m >= 2 and w >= 1),
)
NOT_MET = (
    "not_met",
    "not yet enough: the rule needs two strong; one strong and one medium or weak; three medium; "
    "or two medium and one weak indicators",
)

ADULT_RULE = (
    "adults: recruitment (deceptive, coercive or by abuse of vulnerability) + exploitative conditions + "
    "coercion or abuse of vulnerability at destination"
)
CHILD_RULE = (
    "children: recruitment (deceptive, coercive or by abuse of vulnerability) + exploitative conditions; "
    "coercion at destination is not required"
)

FORCED_LABOUR_NOTE = (
    "The ILO indicators of forced labour (2012) are 'the most common signs or clues that point to the possible "
    "existence of a forced labour case'. They are not graded and are not combined by a rule here: even one of "
    "them is a reason to look more closely and to ask a specialist."
)
NEXT_STEPS_PRESENT = (
    "Next steps: with the person's informed consent, refer them to the national referral mechanism or the "
    "authority that formally identifies victims in this country, and to a specialised support service; "
    "safety and urgent needs come first."
)
NEXT_STEPS_INSUFFICIENT = (
    "This is not a finding that the person is not trafficked: people rarely tell everything at once. Next steps: "
    "keep observing, build trust, ask again later, and offer the person information about specialised support "
    "services and helplines. If you are worried about their safety, contact a specialised service now."
)

# Sectors whose exploitation the ILO/EC sexual-exploitation lists describe; any other named sector is labour.
SEXUAL_SECTORS = frozenset({"prostitution", "sex_work", "sex_industry", "escort", "pornography"})


class ProfileError(ValueError):
    """The profile does not match what the assessment needs."""


class Profile(BaseModel):
    """The parts of a person's profile the rule needs; other keys are kept for the callers that use them."""

    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)

    age: Annotated[int, Field(ge=0, le=130)] | None = None
    sector: str | None = None
    exploitation: list[str] = []


@dataclass(frozen=True)
class DimensionResult:
    id: str
    name: str
    indicators: tuple[str, ...]
    counts: Counts
    met: bool
    clause: str
    clause_text: str

    def to_json(self) -> dict[str, Any]:
        strong, medium, weak = self.counts
        return {
            "id": self.id,
            "name": self.name,
            "indicators": list(self.indicators),
            "met": self.met,
            "clause": self.clause,
            "rule": self.clause_text,
            "counts": {"strong": strong, "medium": medium, "weak": weak},
        }


@dataclass(frozen=True)
class GroupResult:
    group: Group
    available: bool
    dimensions: tuple[DimensionResult, ...]
    met: bool
    rule: str

    def dimension(self, dimension_id: str) -> DimensionResult:
        return next(d for d in self.dimensions if d.id == dimension_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "group": self.group,
            "available": self.available,
            "met": self.met,
            "rule": self.rule,
            "dimensions": [d.to_json() for d in self.dimensions],
        }


@dataclass(frozen=True)
class ForcedLabourResult:
    present: tuple[str, ...]
    absent: tuple[str, ...]
    note: str = FORCED_LABOUR_NOTE

    def to_json(self) -> dict[str, Any]:
        return {"present": list(self.present), "absent": list(self.absent), "note": self.note}


@dataclass(frozen=True)
class Assessment:
    groups: tuple[GroupResult, ...]
    outcome: Outcome
    explanation: str
    forced_labour: ForcedLabourResult
    not_counted: tuple[str, ...] = field(default=())

    @property
    def main(self) -> GroupResult:
        """The group whose dimensions are shown first: one that met the rule, else the first with a list."""
        return next((g for g in self.groups if g.met), next((g for g in self.groups if g.available), self.groups[0]))

    @property
    def dimensions(self) -> tuple[DimensionResult, ...]:
        return self.main.dimensions

    def to_json(self) -> dict[str, Any]:
        return {
            "dimensions": [d.to_json() for d in self.dimensions],
            "outcome": self.outcome,
            "explanation": self.explanation,
            "group": self.main.group,
            "groups": [g.to_json() for g in self.groups],
            "forced_labour": self.forced_labour.to_json(),
            "not_counted": list(self.not_counted),
        }


def parse_profile(data: Profile | Mapping[str, Any] | None) -> Profile:
    if isinstance(data, Profile):
        return data
    try:
        return Profile.model_validate(data or {})
    except ValidationError as exc:
        where = "; ".join(f"field profile.{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise ProfileError(where) from exc


def groups_for(profile: Profile) -> list[Group]:
    """The ILO/EC lists that apply: age picks adult or child, exploitation or sector picks labour or sexual;
    what the profile leaves unknown is evaluated both ways."""
    ages = ["adult", "child"] if profile.age is None else ["child" if profile.age < 18 else "adult"]
    forms = {f.strip().lower() for f in profile.exploitation}
    sector = (profile.sector or "").strip().lower().replace(" ", "_").replace("-", "_")
    kinds = []
    if "labour" in forms or (sector and sector not in SEXUAL_SECTORS):
        kinds.append("labour")
    if "sexual" in forms or sector in SEXUAL_SECTORS:
        kinds.append("sexual")
    kinds = kinds or ["labour", "sexual"]
    groups: list[Group] = []
    for age in ages:
        for kind in kinds:
            groups.append(_GROUPS[(age, kind)])
    return groups


_GROUPS: dict[tuple[str, str], Group] = {
    ("adult", "labour"): "adult_labour",
    ("adult", "sexual"): "adult_sexual",
    ("child", "labour"): "child_labour",
    ("child", "sexual"): "child_sexual",
}


def assess_dimension(dimension_id: str, found: Iterable[Indicator]) -> DimensionResult:
    """One dimension under the ILO/EC clauses; the first clause that holds decides."""
    found = list(found)
    counts: Counts = (
        sum(i.strength == "strong" for i in found),
        sum(i.strength == "medium" for i in found),
        sum(i.strength == "weak" for i in found),
    )
    clause, text = next(((c, t) for c, t, test in CLAUSES if test(*counts)), NOT_MET)
    return DimensionResult(
        id=dimension_id,
        name=DIMENSIONS[dimension_id],
        indicators=tuple(i.id for i in found),
        counts=counts,
        met=clause != NOT_MET[0],
        clause=clause,
        clause_text=text,
    )


def assess_group(group: Group, found: list[Indicator], catalogue: IndicatorCatalogue) -> GroupResult:
    available = any(s.indicators for s in catalogue.group_sets(group))
    mine = [i for i in found if i.group == group]
    dims = tuple(assess_dimension(d, [i for i in mine if i.dimension == d]) for d in DIMENSIONS)
    met_ids = {d.id for d in dims if d.met}
    child = group.startswith("child")
    met = (
        available
        and bool(met_ids & set(RECRUITMENT))
        and "exploitation" in met_ids
        and (child or bool(met_ids & set(DESTINATION)))
    )
    return GroupResult(
        group=group, available=available, dimensions=dims, met=met, rule=CHILD_RULE if child else ADULT_RULE
    )


def assess(
    indicator_ids: Iterable[str],
    profile: Profile | Mapping[str, Any] | None,
    indicator_sets: IndicatorCatalogue,
) -> Assessment:
    """Apply the ILO/EC rule to the indicators observed, for the lists the profile points to.

    Raises IndicatorError naming the first unknown id, ProfileError for a malformed profile."""
    found = indicator_sets.resolve(indicator_ids)
    person = parse_profile(profile)
    groups = tuple(assess_group(g, found, indicator_sets) for g in groups_for(person))
    evaluated = {g.group for g in groups}
    forced = [i for i in found if i.group == "none"]
    forced_ids = {i.id for i in forced}
    all_forced = [i.id for s in indicator_sets.group_sets("none") for i in s.indicators]
    forced_labour = ForcedLabourResult(
        present=tuple(i.id for i in forced), absent=tuple(i for i in all_forced if i not in forced_ids)
    )
    not_counted = tuple(i.id for i in found if i.group != "none" and i.group not in evaluated)
    outcome: Outcome = "indicators_present" if any(g.met for g in groups) else "insufficient_so_far"
    explanation = explain(outcome, groups, forced, not_counted, indicator_sets)
    return Assessment(
        groups=groups, outcome=outcome, explanation=explanation, forced_labour=forced_labour, not_counted=not_counted
    )


_GROUP_LABELS = {
    "adult_labour": "adults, labour exploitation",
    "adult_sexual": "adults, sexual exploitation",
    "child_labour": "children, labour exploitation",
    "child_sexual": "children, sexual exploitation",
}


def _names(ids: Iterable[str], catalogue: IndicatorCatalogue) -> str:
    return "; ".join(catalogue.get(i).name for i in ids)


def _group_lines(g: GroupResult, catalogue: IndicatorCatalogue) -> list[str]:
    label = _GROUP_LABELS[g.group]
    if not g.available:
        return [f"The ILO/EC list for {label} is not yet in this tool, so it could not be checked."]
    verdict = "meets" if g.met else "does not yet meet"
    lines = [f"ILO/EC list for {label}: what was observed {verdict} the combination rule ({g.rule})."]
    for d in g.dimensions:
        if d.indicators:
            state = f"present by the rule ({d.clause_text})" if d.met else d.clause_text
            lines.append(f"- {d.name}: {_names(d.indicators, catalogue)}. {state[0].upper()}{state[1:]}.")
    still_open = _still_open(g)
    if still_open and not g.met:
        lines.append(f"  Still open: {'; '.join(still_open)}.")
    return lines


def _still_open(g: GroupResult) -> list[str]:
    """The parts of the combination rule that no dimension has met yet, in words."""
    met = {d.id for d in g.dimensions if d.met}
    parts = []
    if not met & set(RECRUITMENT):
        parts.append("recruitment (deceptive, coercive or by abuse of vulnerability)")
    if "exploitation" not in met:
        parts.append("exploitative conditions of work")
    if not g.group.startswith("child") and not met & set(DESTINATION):
        parts.append("coercion or abuse of vulnerability at destination")
    return parts


def explain(
    outcome: Outcome,
    groups: Iterable[GroupResult],
    forced: list[Indicator],
    not_counted: tuple[str, ...],
    catalogue: IndicatorCatalogue,
) -> str:
    """A plain-language account: which indicators, which rule, and what to do next."""
    if outcome == "indicators_present":
        lines = ["Indicators of trafficking in human beings are present."]
    else:
        lines = ["Indicators of trafficking are insufficient so far."]
    for g in groups:
        lines += _group_lines(g, catalogue)
    if not_counted:
        lines.append(
            "Not counted, because they belong to a list for another age group or form of exploitation than the "
            f"profile: {_names(not_counted, catalogue)}."
        )
    if forced:
        lines.append(f"ILO indicators of forced labour present: {_names((i.id for i in forced), catalogue)}.")
        lines.append(FORCED_LABOUR_NOTE)
    lines.append(NEXT_STEPS_PRESENT if outcome == "indicators_present" else NEXT_STEPS_INSUFFICIENT)
    return "\n".join(lines)


__all__ = [
    "Assessment",
    "DimensionResult",
    "ForcedLabourResult",
    "GroupResult",
    "IndicatorError",
    "Outcome",
    "Profile",
    "ProfileError",
    "assess",
    "assess_dimension",
    "groups_for",
    "parse_profile",
]
