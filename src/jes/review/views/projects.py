"""Project pages: the list, a new project, its overview, protocol, sources and members."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jes.web.feedback import form_errors_text

from .. import projects as service
from ..access import is_lead, project_for, role_of, visible_projects
from ..decisions import stage_state
from ..forms import MemberForm, ProtocolForm, SourceForm
from ..models import ReviewProject, Stage


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    projects = visible_projects(request.user).annotate(n_records=Count("records", distinct=True))
    return render(request, "review/project_list.html", {"projects": projects})


@login_required
def project_new(request: HttpRequest) -> HttpResponse:
    form = ProtocolForm(request.POST or None, initial={"languages": ["sl", "en"], "reviewers_per_record": 2})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        project = service.create_project(data.pop("title"), request.user, **data)
        messages.success(request, _("Review created. Add its sources next."))
        return redirect("review:project", pk=project.pk)
    return render(request, "review/project_form.html", {"form": form, "new": True})


def _stage_counts(project: ReviewProject) -> list[dict[str, Any]]:
    out = []
    for stage in Stage:
        state = stage_state(project, stage)
        finals = list(state.finals.values())
        out.append(
            {
                "stage": stage,
                "included": sum(f.label == "include" for f in finals),
                "excluded": sum(f.label == "exclude" for f in finals),
                "conflicts": len(state.conflicts),
                "awaiting": len(state.awaiting),
            }
        )
    return out


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    sources = project.sources.annotate(n_records=Count("records"))
    context = {
        "project": project,
        "role": role_of(project, request.user),
        "lead": is_lead(project, request.user),
        "sources": sources,
        "members": project.members.select_related("user").order_by("id"),
        "n_records": project.records.count(),
        "n_removed": project.records.exclude(removed="").count(),
        "stages": _stage_counts(project),
        "source_form": SourceForm(),
        "member_form": MemberForm(),
    }
    return render(request, "review/project_detail.html", context)


@login_required
def protocol_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk, lead=True)
    initial = {name: getattr(project, name) for name in ProtocolForm.base_fields}
    form = ProtocolForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = service.update_protocol(project, request.user, **form.cleaned_data)
        messages.success(request, _("Protocol saved.") if changed else _("Nothing changed."))
        return redirect("review:project", pk=project.pk)
    return render(request, "review/project_form.html", {"form": form, "project": project, "new": False})


def _lead_post(request: HttpRequest, pk: int, form_class: type[forms.Form], action: Any) -> HttpResponse:
    """A lead's small form on the project page: validate, call the service, say what happened, go back.

    A refused form or a service's ValueError (which names the field) is shown to the user; nothing is saved."""
    project = project_for(request.user, pk, lead=True)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("review:project", pk=project.pk)
    try:
        action(project, request.user, **form.cleaned_data)
    except ValueError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect("review:project", pk=project.pk)


@require_POST
@login_required
def source_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _lead_post(request, pk, SourceForm, service.add_source)


@require_POST
@login_required
def member_set(request: HttpRequest, pk: int) -> HttpResponse:
    return _lead_post(request, pk, MemberForm, service.add_member)


urlpatterns = [
    path("", project_list, name="list"),
    path("new/", project_new, name="new"),
    path("<int:pk>/", project_detail, name="project"),
    path("<int:pk>/protocol/", protocol_edit, name="protocol"),
    path("<int:pk>/sources/", source_add, name="source_add"),
    path("<int:pk>/members/", member_set, name="member_set"),
]
