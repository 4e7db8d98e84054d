"""Who may do what in a review: members see a project; leads manage it; only reviewers screen.

A superuser is treated as a lead of every project (administration), but is never counted as a reviewer.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import Membership, ReviewProject, Role


def role_of(project: ReviewProject, user: Any) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    member = Membership.objects.filter(project=project, user=user).values_list("role", flat=True).first()
    if member:
        return str(member)
    return Role.LEAD.value if user.is_superuser else None


def visible_projects(user: Any) -> QuerySet[ReviewProject]:
    if user.is_superuser:
        return ReviewProject.objects.all()
    return ReviewProject.objects.filter(members__user=user).distinct()


def project_for(user: Any, pk: int, *, lead: bool = False) -> ReviewProject:
    """The project if USER is a member (a lead when ``lead``); 404 for outsiders so ids leak nothing."""
    project = get_object_or_404(ReviewProject, pk=pk)
    role = role_of(project, user)
    if role is None:
        from django.http import Http404

        raise Http404("No such review")
    if lead and role != Role.LEAD:
        raise PermissionDenied("Only the review's leads may do this")
    return project


def is_lead(project: ReviewProject, user: Any) -> bool:
    return role_of(project, user) == Role.LEAD


def reviewers(project: ReviewProject) -> list[Any]:
    """Members who screen: leads screen too (small teams), reviewers always."""
    return [m.user for m in project.members.select_related("user").order_by("id")]
