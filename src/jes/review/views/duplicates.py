"""The duplicates page: members see the clusters side by side; leads detect, confirm, split and undo."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from .. import duplicates as service
from ..access import is_lead, project_for
from ..models import ClusterStatus, DuplicateCluster, ReviewProject, ReviewRecord

PER_PAGE = 20
COMPARED = (
    ("source", gettext_lazy("Source")),
    ("title", gettext_lazy("Title")),
    ("authors", gettext_lazy("Authors")),
    ("year", gettext_lazy("Year")),
    ("journal", gettext_lazy("Journal or book")),
    ("doi", gettext_lazy("DOI")),
    ("pages", gettext_lazy("Pages")),
)


@dataclass
class Row:
    label: str
    values: list[str]
    differs: bool


@dataclass
class ClusterView:
    cluster: DuplicateCluster
    members: list[ReviewRecord]
    rows: list[Row] = field(default_factory=list)
    screened: int = 0  # members that already have screening decisions


def _text(record: ReviewRecord, name: str) -> str:
    if name == "source":
        return record.source.name
    value = getattr(record, name)
    if isinstance(value, list):
        return "; ".join(value)
    return "" if value is None else str(value)


def _comparable(value: str) -> str:
    return " ".join(value.casefold().split()).rstrip(".")


def _view(cluster: DuplicateCluster) -> ClusterView:
    members = list(service.members(cluster).annotate(n_decisions=Count("decisions")))
    rows = []
    for name, label in COMPARED:
        values = [_text(m, name) for m in members]
        rows.append(Row(str(label), values, len({_comparable(v) for v in values}) > 1))
    screened = sum(1 for m in members if m.n_decisions and m.pk != cluster.keep_id)
    return ClusterView(cluster, members, rows, screened)


def _show(request: HttpRequest) -> str:
    return ClusterStatus.CONFIRMED if request.GET.get("show") == "confirmed" else ClusterStatus.PROPOSED


@login_required
def duplicates_page(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    show = _show(request)
    clusters = project.clusters.filter(status=show).select_related("decided_by").order_by("id")
    page = Paginator(clusters, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "project": project,
        "lead": is_lead(project, request.user),
        "counts": service.counts(project),
        "show": show,
        "page": page,
        "clusters": [_view(c) for c in page.object_list],
        "n_records": project.records.filter(removed="").count(),
    }
    return render(request, "review/duplicates.html", context)


def _back(request: HttpRequest, project: ReviewProject) -> HttpResponse:
    url = reverse("review:duplicates", args=[project.pk])
    show = "confirmed" if request.POST.get("show") == "confirmed" else "proposed"
    page = request.POST.get("page", "")
    return redirect(f"{url}?show={show}" + (f"&page={page}" if page.isdigit() else "") + "#clusters")


def _int(value: Any) -> int | None:
    return int(value) if str(value or "").isdigit() else None


@require_POST
@login_required
def find(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk, lead=True)
    found = service.find_duplicates(project, request.user)
    proposed = ngettext("%(n)s cluster proposed", "%(n)s clusters proposed", found.proposed)
    removed = ngettext("%(n)s record would be removed", "%(n)s records would be removed", found.duplicates)
    summary = {
        "records": found.records,
        "proposed": proposed % {"n": found.proposed},
        "removed": removed % {"n": found.duplicates},
    }
    messages.success(request, _("Compared %(records)s records: %(proposed)s, %(removed)s.") % summary)
    return _back(request, project)


@require_POST
@login_required
def cluster_action(request: HttpRequest, pk: int, cid: int, action: str) -> HttpResponse:
    project = project_for(request.user, pk, lead=True)
    try:
        if action == "confirm":
            service.confirm(project, cid, request.user, keep_id=_int(request.POST.get("keep")))
            done = _("Cluster %(id)s confirmed: its other records are removed as duplicates.")
        elif action == "split":
            service.split(project, cid, request.user)
            done = _("Cluster %(id)s split: its records are not duplicates and stay in screening.")
        elif action == "remove":
            record_id = _int(request.POST.get("record"))
            if record_id is None:
                raise service.ClusterError(_("record: choose the record to take out of the cluster"))
            service.remove_member(project, cid, record_id, request.user)
            done = _("Record taken out of cluster %(id)s.")
        else:  # undo
            service.undo(project, cid, request.user)
            done = _("Cluster %(id)s undone: its records are restored and the cluster is proposed again.")
    except service.ClusterError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done % {"id": cid})
    return _back(request, project)


urlpatterns = [
    path("<int:pk>/duplicates/", duplicates_page, name="duplicates"),
    path("<int:pk>/duplicates/find/", find, name="duplicates_find"),
    *(
        path(
            f"<int:pk>/duplicates/<int:cid>/{action}/", cluster_action, {"action": action}, name=f"duplicates_{action}"
        )
        for action in ("confirm", "split", "remove", "undo")
    ),
]
