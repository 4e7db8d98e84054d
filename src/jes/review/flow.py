"""The PRISMA 2020 flow of a review project, counted by the engine from the decisions in the database."""

from __future__ import annotations

from .decisions import Final, stage_state
from .engine.prisma import Decision, FlowRecord, PrismaFlow, Removal, Source, SourceKind
from .engine.screening_checks import CheckSettings
from .models import DUPLICATE_REASON, Label, ReviewProject, Stage


def _screening(final: Final | None) -> tuple[Decision | None, str]:
    if final is None:
        return None, ""
    if final.label == Label.EXCLUDE and final.reason == DUPLICATE_REASON:
        return Decision.DUPLICATE, ""
    return Decision(final.label), final.reason


def flow_records(project: ReviewProject) -> list[FlowRecord]:
    ta = stage_state(project, Stage.TITLE_ABSTRACT).finals
    ft = stage_state(project, Stage.FULL_TEXT).finals
    out = []
    rows = project.records.select_related("source").only("id", "removed", "retrieved", "study", "source__name")
    for r in rows.order_by("id"):
        if r.removed:
            # A removed record is counted as removed, whatever was decided on it before removal.
            out.append(FlowRecord(id=str(r.pk), source=r.source.name, removed=Removal(r.removed)))
            continue
        screening, reason = _screening(ta.get(r.pk))
        passed = screening is Decision.INCLUDE or (screening is None and not r.source.is_database_or_register)
        eligibility, eligibility_reason = (None, "")
        retrieved = r.retrieved if passed else None
        if passed and retrieved is not False and r.pk in ft:
            final = ft[r.pk]
            eligibility, eligibility_reason = Decision(final.label), final.reason
        out.append(
            FlowRecord(
                id=str(r.pk),
                source=r.source.name,
                screening=screening,
                screening_reason=reason,
                retrieved=retrieved,
                eligibility=eligibility,
                eligibility_reason=eligibility_reason,
                study=r.study,
            )
        )
    return out


def project_flow(project: ReviewProject) -> PrismaFlow:
    sources = [Source(s.name, SourceKind(s.kind)) for s in project.sources.all()]
    flow = PrismaFlow.from_decisions(sources, flow_records(project))
    flow.check()
    return flow


def check_settings(project: ReviewProject) -> CheckSettings:
    """The protocol's criteria as the automatic screening checks read them."""
    defaults = CheckSettings()
    return CheckSettings(
        languages=frozenset(project.languages) or defaults.languages,
        year_min=project.year_min,
        year_max=project.year_max,
        excluded_types=frozenset(project.excluded_types),
    )
