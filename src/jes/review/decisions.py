"""Screening decisions: recording them, deriving each record's final decision, conflicts and agreement.

A record's final decision at a stage is its resolution if one exists; otherwise the common label once the
project's required number of reviewers have decided and all agree on include or exclude. Everything else
is "awaiting" (too few decisions) or a "conflict" (they disagree, or someone said maybe).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from .audit import record_event
from .engine.screening import Agreement, agreement
from .models import Label, Resolution, ReviewProject, ReviewRecord, ScreeningDecision, Stage


class DecisionError(ValueError):
    """A decision that cannot be recorded; the message says which field."""


@dataclass
class Final:
    label: str
    reason: str = ""
    resolved: bool = False


@dataclass
class StageState:
    """Every record's state at one stage, computed in two queries."""

    finals: dict[int, Final] = field(default_factory=dict)
    conflicts: list[int] = field(default_factory=list)
    awaiting: list[int] = field(default_factory=list)
    by_record: dict[int, dict[int, ScreeningDecision]] = field(default_factory=dict)


def eligible_records(project: ReviewProject, stage: str) -> Any:
    """Records that reach STAGE: not removed before screening; for full text, included on title/abstract."""
    records = project.records.filter(removed="")
    if stage == Stage.FULL_TEXT:
        state = stage_state(project, Stage.TITLE_ABSTRACT)
        included = [pk for pk, final in state.finals.items() if final.label == Label.INCLUDE]
        records = records.filter(pk__in=included)
    return records


def _validate(project: ReviewProject, stage: str, label: str, reason: str) -> None:
    if stage not in Stage.values:
        raise DecisionError(f"stage: unknown stage {stage!r}")
    if label not in Label.values:
        raise DecisionError(f"label: unknown decision {label!r}")
    if label == Label.EXCLUDE and not reason.strip():
        raise DecisionError("reason: an exclusion needs a reason from the protocol's criteria")
    if label == Label.EXCLUDE and reason not in project.reasons():
        raise DecisionError(f"reason: {reason!r} is not one of the protocol's exclusion criteria")


@transaction.atomic
def decide(
    record: ReviewRecord, reviewer: Any, stage: str, label: str, reason: str = "", note: str = ""
) -> ScreeningDecision:
    """Record (or change) REVIEWER's decision; the change is audited with the previous label."""
    project = record.project
    _validate(project, stage, label, reason)
    if label != Label.EXCLUDE:
        reason = ""
    previous = ScreeningDecision.objects.filter(record=record, stage=stage, reviewer=reviewer).first()
    decision, _ = ScreeningDecision.objects.update_or_create(
        record=record,
        stage=stage,
        reviewer=reviewer,
        defaults={"project": project, "label": label, "reason": reason, "note": note},
    )
    record_event(
        project,
        reviewer,
        "decision",
        record=record,
        stage=stage,
        label=label,
        reason=reason,
        previous=previous.label if previous else None,
    )
    return decision


@transaction.atomic
def resolve(record: ReviewRecord, user: Any, stage: str, label: str, reason: str = "", note: str = "") -> Resolution:
    project = record.project
    _validate(project, stage, label, reason)
    if label == Label.MAYBE:
        raise DecisionError("label: a resolution must include or exclude")
    resolution, _ = Resolution.objects.update_or_create(
        record=record,
        stage=stage,
        defaults={"project": project, "label": label, "reason": reason, "note": note, "resolved_by": user},
    )
    record_event(project, user, "resolution", record=record, stage=stage, label=label, reason=reason)
    return resolution


def stage_state(project: ReviewProject, stage: str) -> StageState:
    state = StageState()
    for d in ScreeningDecision.objects.filter(project=project, stage=stage).order_by("id"):
        state.by_record.setdefault(d.record_id, {})[d.reviewer_id] = d
    resolutions = {r.record_id: r for r in Resolution.objects.filter(project=project, stage=stage)}
    needed = max(1, project.reviewers_per_record)
    for record_id in set(state.by_record) | set(resolutions):
        if record_id in resolutions:
            r = resolutions[record_id]
            state.finals[record_id] = Final(r.label, r.reason, resolved=True)
            continue
        decisions = list(state.by_record[record_id].values())
        labels = {d.label for d in decisions}
        if len(labels) > 1 or Label.MAYBE in labels:
            if len(decisions) >= needed or len(labels) > 1:
                state.conflicts.append(record_id)
            else:
                state.awaiting.append(record_id)
        elif len(decisions) >= needed:
            state.finals[record_id] = Final(decisions[0].label, decisions[0].reason)
        else:
            state.awaiting.append(record_id)
    state.conflicts.sort()
    return state


def stage_agreement(project: ReviewProject, stage: str) -> Agreement | None:
    """Cohen's kappa (two reviewers) or Fleiss' kappa (more); None until two reviewers have decided."""
    by_record: dict[str, dict[str, str]] = defaultdict(dict)
    for d in ScreeningDecision.objects.filter(project=project, stage=stage).select_related("reviewer"):
        by_record[str(d.record_id)][d.reviewer.get_username()] = d.label
    if len({reviewer for votes in by_record.values() for reviewer in votes}) < 2:
        return None
    return agreement(by_record)
