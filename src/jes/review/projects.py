"""Creating review projects and managing their protocol, sources and members (all audited)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from .audit import record_event
from .engine.prisma import SourceKind
from .models import Membership, ReviewProject, ReviewSource, Role

PROTOCOL_FIELDS = (
    "title",
    "question",
    "inclusion_criteria",
    "exclusion_criteria",
    "languages",
    "year_min",
    "year_max",
    "excluded_types",
    "reviewers_per_record",
    "highlight_terms",
)


@transaction.atomic
def create_project(title: str, lead: Any, **protocol: Any) -> ReviewProject:
    """A new project with LEAD as its first member; PROTOCOL takes any of PROTOCOL_FIELDS."""
    unknown = set(protocol) - set(PROTOCOL_FIELDS) - {"synthetic"}
    if unknown:
        raise ValueError(f"unknown protocol fields: {', '.join(sorted(unknown))}")
    project = ReviewProject.objects.create(title=title, created_by=lead, **protocol)
    Membership.objects.create(project=project, user=lead, role=Role.LEAD)
    record_event(project, lead, "project_created", title=title)
    return project


@transaction.atomic
def update_protocol(project: ReviewProject, user: Any, **changes: Any) -> list[str]:
    """Apply CHANGES (PROTOCOL_FIELDS only); returns the names of the fields that changed."""
    changed = [k for k, v in changes.items() if k in PROTOCOL_FIELDS and getattr(project, k) != v]
    for name in changed:
        setattr(project, name, changes[name])
    if changed:
        project.save()
        record_event(project, user, "protocol_changed", fields=changed)
    return changed


@transaction.atomic
def add_member(project: ReviewProject, actor: Any, username: str, role: str = Role.REVIEWER) -> Membership:
    if role not in Role.values:
        raise ValueError(f"role: unknown role {role!r}")
    try:
        user = get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        raise ValueError(f"username: no account named {username!r}") from None
    member, _ = Membership.objects.update_or_create(project=project, user=user, defaults={"role": role})
    record_event(project, actor, "member_set", member=username, role=role)
    return member


@transaction.atomic
def add_source(
    project: ReviewProject, actor: Any, name: str, kind: str, searched: str = "", notes: str = ""
) -> ReviewSource:
    if kind not in SourceKind.__members__.values():
        raise ValueError(f"kind: unknown source kind {kind!r}; known: {', '.join(k.value for k in SourceKind)}")
    if project.sources.filter(name=name).exists():
        raise ValueError(f"name: the project already has a source named {name!r}")
    source = ReviewSource.objects.create(project=project, name=name, kind=kind, searched=searched, notes=notes)
    record_event(project, actor, "source_added", source=name, kind=kind)
    return source
