"""The shipped worked examples as review projects, so the pages can be tried on a whole review.

The seed example (data/review/examples/seed-slovenia.yaml) holds 827 synthetic records whose decisions
reproduce Table 1 of the joint report. Loading it creates a synthetic project whose decisions were all made
by one inactive account, "seed-example"; loading it again replaces the earlier copy.
"""

from __future__ import annotations

from typing import Any

import yaml
from django.contrib.auth import get_user_model
from django.db import transaction

from .audit import record_event
from .engine.prisma import Decision, FlowRecord
from .engine.prisma_examples import EXAMPLES, Example, examples_dir, load_example
from .models import (
    DUPLICATE_REASON,
    AuditEvent,
    Label,
    Membership,
    ReviewProject,
    ReviewRecord,
    ReviewSource,
    Role,
    ScreeningDecision,
    Stage,
)
from .projects import PROTOCOL_FIELDS

EXAMPLE_USER = "seed-example"
# The example files name a few protocol fields as the report does.
_PROTOCOL_ALIASES = {"excluded_publication_types": "excluded_types"}
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def example_user() -> Any:
    user, created = get_user_model().objects.get_or_create(username=EXAMPLE_USER, defaults={"is_active": False})
    if created:
        user.set_unusable_password()
        user.save()
    return user


def _raw_records(name: str) -> list[dict[str, Any]]:
    """Titles and duplicate links, which the engine's flow does not keep; the file was validated already."""
    path = examples_dir() / EXAMPLES[name]
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 - a safe loader
    return list(data.get("records") or [])


def _reasons(example: Example) -> list[str]:
    seen: dict[str, None] = {}
    for r in example.records:
        for reason in (r.screening_reason, r.eligibility_reason):
            if reason:
                seen.setdefault(reason, None)
    return [*seen, DUPLICATE_REASON]


def _protocol(example: Example) -> dict[str, Any]:
    protocol = {_PROTOCOL_ALIASES.get(k, k): v for k, v in example.protocol.items()}
    return {k: v for k, v in protocol.items() if k in PROTOCOL_FIELDS and k != "title"}


def _screening(r: FlowRecord) -> tuple[str, str] | None:
    if r.screening is None:
        return None
    if r.screening is Decision.DUPLICATE:
        return Label.EXCLUDE, DUPLICATE_REASON
    return str(r.screening), r.screening_reason


def _eligibility(r: FlowRecord) -> tuple[str, str] | None:
    return None if r.eligibility is None else (str(r.eligibility), r.eligibility_reason)


def _create_project(example: Example, lead: Any, reviewer: Any) -> ReviewProject:
    project = ReviewProject.objects.create(
        title=example.title,
        synthetic=True,
        reviewers_per_record=1,
        exclusion_criteria=_reasons(example),
        created_by=lead,
        **_protocol(example),
    )
    if lead is not None:
        Membership.objects.create(project=project, user=lead, role=Role.LEAD)
    Membership.objects.create(project=project, user=reviewer, role=Role.REVIEWER)
    return project


def _create_records(project: ReviewProject, example: Example, raw: list[dict[str, Any]]) -> dict[str, ReviewRecord]:
    sources = {
        s.name: ReviewSource.objects.create(project=project, name=s.name, kind=s.kind.value) for s in example.sources
    }
    records = []
    for position, (r, extra) in enumerate(zip(example.records, raw, strict=True)):
        # A report with an eligibility decision was evidently obtained, whatever the file leaves unsaid.
        retrieved = r.retrieved if r.retrieved is not None or r.eligibility is None else True
        records.append(
            ReviewRecord(
                project=project,
                source=sources[r.source],
                position=position,
                key=r.id,
                title=str(extra.get("title", "")),
                removed=r.removed.value if r.removed else "",
                retrieved=retrieved,
                study=r.study,
            )
        )
    by_key = {rec.key: rec for rec in ReviewRecord.objects.bulk_create(records)}
    linked = []
    for extra in raw:
        original = by_key.get(str(extra.get("duplicate_of", "")))
        if original is not None:
            record = by_key[str(extra["id"])]
            record.duplicate_of = original
            linked.append(record)
    ReviewRecord.objects.bulk_update(linked, ["duplicate_of"])
    return by_key


def _create_decisions(project: ReviewProject, example: Example, by_key: dict[str, ReviewRecord], user: Any) -> int:
    decisions, events = [], []
    for r in example.records:
        record = by_key[r.id]
        for stage, decided in ((Stage.TITLE_ABSTRACT, _screening(r)), (Stage.FULL_TEXT, _eligibility(r))):
            if decided is None:
                continue
            label, reason = decided
            decisions.append(
                ScreeningDecision(
                    project=project, record=record, stage=stage, reviewer=user, label=label, reason=reason
                )
            )
            detail = {"label": label, "reason": reason, "previous": None}
            events.append(
                AuditEvent(
                    project=project,
                    actor=user,
                    actor_name=user.get_username(),
                    action="decision",
                    record=record,
                    stage=stage,
                    detail=detail,
                )
            )
    ScreeningDecision.objects.bulk_create(decisions)
    # The same events decide() writes, in bulk: 845 single inserts would make loading slow for no gain.
    AuditEvent.objects.bulk_create(events)
    return len(decisions)


def _remove_earlier(title: str) -> int:
    removed = 0
    for earlier in ReviewProject.objects.filter(title=title, synthetic=True):
        # Records and import batches protect their sources; deleting them first lets the project go.
        earlier.records.all().delete()
        earlier.imports.all().delete()
        earlier.delete()
        removed += 1
    return removed


@transaction.atomic
def load_example_project(name: str = "seed", lead: Any = None) -> ReviewProject:
    """Create the worked example NAME as a synthetic project led by LEAD, replacing an earlier copy."""
    example = load_example(name)  # refuses a file whose records do not give its expected counts
    raw = _raw_records(name)
    reviewer = example_user()
    replaced = _remove_earlier(example.title)
    project = _create_project(example, lead, reviewer)
    by_key = _create_records(project, example, raw)
    n_decisions = _create_decisions(project, example, by_key, reviewer)
    record_event(
        project,
        lead,
        "example_loaded",
        example=name,
        records=len(by_key),
        decisions=n_decisions,
        replaced=replaced,
    )
    return project


def ensure_example_project(name: str = "seed") -> tuple[ReviewProject, bool]:
    """The worked example, loaded only if it is not there yet: `jes up` must never wipe decisions made on it."""
    existing = ReviewProject.objects.filter(title=load_example(name).title, synthetic=True).first()
    if existing is not None:
        return existing, False
    return load_example_project(name), True
