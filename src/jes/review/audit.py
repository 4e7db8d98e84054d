"""The review's audit log: every state change goes through ``record_event`` inside the same transaction."""

from __future__ import annotations

from typing import Any

from .models import AuditEvent, ReviewProject, ReviewRecord


def record_event(
    project: ReviewProject,
    actor: Any,
    action: str,
    *,
    record: ReviewRecord | None = None,
    stage: str = "",
    **detail: Any,
) -> AuditEvent:
    """Append one event. ``detail`` holds ids, labels and counts only: no record text, no personal data."""
    user = actor if getattr(actor, "pk", None) else None
    name = getattr(actor, "get_username", lambda: str(actor or "system"))()
    return AuditEvent.objects.create(
        project=project, actor=user, actor_name=name, action=action, record=record, stage=stage, detail=detail
    )
