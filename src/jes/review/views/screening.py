"""Blind screening pages (one record at a time, the reviewer's own decisions) and the leads' conflicts page.

Blinding: nothing on the screening pages reads another reviewer's decisions; the conflicts page, which
shows every reviewer's votes, is for leads only.
"""

from __future__ import annotations

import math
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from .. import queue as queues
from .. import screen as service
from ..access import is_lead, project_for
from ..decisions import DecisionError, decide, eligible_records, resolve, stage_agreement, stage_state
from ..models import Label, Membership, Resolution, ReviewProject, ReviewRecord, ScreeningDecision, Stage


def _stage(stage: str) -> Stage:
    if stage not in Stage.values:
        raise Http404("No such screening stage")
    return Stage(stage)


def _screener(request: HttpRequest, pk: int, stage: str) -> tuple[ReviewProject, Stage]:
    """The project, if the user is one of its members: an administrator who is not one does not screen."""
    project = project_for(request.user, pk)
    if not Membership.objects.filter(project=project, user=request.user).exists():
        raise PermissionDenied("Only the review's members screen")
    return project, _stage(stage)


def _record(project: ReviewProject, stage: str, value: Any) -> ReviewRecord:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise Http404("record: not a record number") from None
    found = eligible_records(project, stage).select_related("source", "batch").filter(pk=pk).first()
    if found is None:
        raise Http404("record: not a record of this review at this stage")
    return found


def _field_error(exc: Exception) -> tuple[str, str]:
    """The services' messages start with the field's name: "reason: an exclusion needs a reason"."""
    field, _sep, message = str(exc).partition(": ")
    return (field, message) if message else ("form", field)


def _last_key(project: ReviewProject, stage: str) -> str:
    return f"review-{project.pk}-{stage}-last"


def _previous_record(request: HttpRequest, project: ReviewProject, stage: str, current: int | None) -> int | None:
    """The record this reviewer last acted on, for "undo": the session knows it, else their latest decision."""
    last = request.session.get(_last_key(project, stage))
    if last and last != current and eligible_records(project, stage).filter(pk=last).exists():
        return int(last)
    mine = ScreeningDecision.objects.filter(project=project, stage=stage, reviewer=request.user)
    if current is not None:
        mine = mine.exclude(record_id=current)
    return mine.order_by("-updated", "-id").values_list("record_id", flat=True).first()


def _screen_url(project: ReviewProject, stage: str, record: int | None = None) -> str:
    url = reverse("review:screen", args=[project.pk, stage])
    return f"{url}?record={record}" if record else url


def _render_screen(
    request: HttpRequest,
    project: ReviewProject,
    stage: Stage,
    record: ReviewRecord | None,
    *,
    queue: queues.Queue | None = None,
    errors: dict[str, str] | None = None,
    posted: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    progress = queues.progress(project, request.user, stage)
    context: dict[str, Any] = {
        "project": project,
        "stage": stage,
        "other_stage": Stage.FULL_TEXT if stage == Stage.TITLE_ABSTRACT else Stage.TITLE_ABSTRACT,
        "record": record,
        "queue": queue,
        "progress": progress,
        "stopping": queues.stopping_aid(project, request.user, stage, progress.remaining),
        "lead": is_lead(project, request.user),
        "errors": errors or {},
        "previous": _previous_record(request, project, stage, record.pk if record else None),
    }
    if record is not None:
        context.update(_record_context(request, project, stage, record, posted))
    return render(request, "review/screen.html", context, status=status)


def _record_context(
    request: HttpRequest, project: ReviewProject, stage: str, record: ReviewRecord, posted: dict[str, str] | None
) -> dict[str, Any]:
    terms = project.highlight_terms
    mine = ScreeningDecision.objects.filter(record=record, stage=stage, reviewer=request.user).first()
    reasons = project.reasons()
    preselect = request.GET.get("reason", "")
    if mine is not None:
        chosen = {"label": mine.label, "reason": mine.reason, "note": mine.note}
    elif preselect in reasons:
        chosen = {"label": Label.EXCLUDE, "reason": preselect, "note": ""}
    else:
        chosen = {"label": "", "reason": "", "note": ""}
    # A refused form comes back as the reviewer filled it in.
    chosen.update({k: v for k, v in (posted or {}).items() if k in chosen})
    return {
        "title_html": service.highlight(record.title, terms),
        "abstract_html": service.highlight(service.plain_text(record.abstract), terms),
        "keywords_html": [service.highlight(k, terms) for k in record.keywords],
        "doi_url": service.doi_url(record.doi),
        "link_url": service.safe_url(record.url),
        "suggestions": service.suggestions(project, record),
        "reasons": reasons,
        "mine": mine,
        "chosen": chosen,
        "study_value": posted.get("study", record.study) if posted else record.study,
        "study_siblings": service.same_study(record) if stage == Stage.FULL_TEXT else [],
    }


@login_required
def screen(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    project, stage = _screener(request, pk, stage)
    queues.warm_features(project)
    if "record" in request.GET:
        return _render_screen(request, project, stage, _record(project, stage, request.GET["record"]))
    record, queue = queues.next_record(project, request.user, stage)
    return _render_screen(request, project, stage, record, queue=queue)


_DONE = {
    Label.INCLUDE: gettext_noop("Included “%(title)s”."),
    Label.EXCLUDE: gettext_noop("Excluded “%(title)s”: %(reason)s."),
    Label.MAYBE: gettext_noop("Marked “%(title)s” as maybe."),
}


@require_POST
@login_required
def decide_view(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    project, stage = _screener(request, pk, stage)
    record = _record(project, stage, request.POST.get("record"))
    posted = {name: request.POST.get(name, "") for name in ("label", "reason", "note")}
    if stage == Stage.FULL_TEXT and record.retrieved is False:
        errors = {"label": _("The full text is marked as not retrieved: undo that before deciding.")}
        return _render_screen(request, project, stage, record, errors=errors, posted=posted, status=400)
    if not posted["label"]:
        errors = {"label": _("Choose include, exclude or maybe.")}
        return _render_screen(request, project, stage, record, errors=errors, posted=posted, status=400)
    try:
        decide(record, request.user, stage, posted["label"], posted["reason"], posted["note"])
    except DecisionError as exc:
        field, message = _field_error(exc)
        if field == "reason" and not posted["reason"]:
            message = _("Choose the reason for excluding this record.")
        return _render_screen(request, project, stage, record, errors={field: message}, posted=posted, status=400)
    request.session[_last_key(project, stage)] = record.pk
    template = _(_DONE[Label(posted["label"])])
    messages.success(request, template % {"title": Truncator(record.title or record.pk).chars(80), **posted})
    return redirect(_screen_url(project, stage))


@require_POST
@login_required
def retrieval(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    project, stage = _screener(request, pk, stage)
    if stage != Stage.FULL_TEXT:
        raise Http404("Full texts are retrieved at the full-text stage")
    record = _record(project, stage, request.POST.get("record"))
    title = Truncator(record.title or record.pk).chars(80)
    if request.POST.get("retrieved") == "no":
        service.set_retrieved(record, request.user, False)
        request.session[_last_key(project, stage)] = record.pk
        messages.success(
            request,
            _("Full text of “%(title)s” marked as not retrieved. To undo, go back to your previous record.")
            % {"title": title},
        )
        return redirect(_screen_url(project, stage))
    service.set_retrieved(record, request.user, None)
    messages.success(request, _("“%(title)s” is back in the queue.") % {"title": title})
    return redirect(_screen_url(project, stage, record.pk))


@require_POST
@login_required
def study(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    project, stage = _screener(request, pk, stage)
    if stage != Stage.FULL_TEXT:
        raise Http404("Reports are linked to studies at the full-text stage")
    record = _record(project, stage, request.POST.get("record"))
    value = request.POST.get("study", "")
    try:
        linked = service.set_study(record, request.user, value)
    except service.ScreenError as exc:
        field, message = _field_error(exc)
        return _render_screen(
            request, project, stage, record, errors={field: message}, posted={"study": value}, status=400
        )
    if linked:
        messages.success(request, _("Study saved; %(n)d other record(s) report the same study.") % {"n": len(linked)})
    else:
        messages.success(request, _("Study saved."))
    return redirect(_screen_url(project, stage, record.pk))


@login_required
def my_decisions(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    project, stage = _screener(request, pk, stage)
    mine = (
        ScreeningDecision.objects.filter(project=project, stage=stage, reviewer=request.user)
        .select_related("record")
        .order_by("-updated", "-id")
    )
    not_retrieved = eligible_records(project, stage).filter(retrieved=False) if stage == Stage.FULL_TEXT else []
    context = {
        "project": project,
        "stage": stage,
        "decisions": mine,
        "not_retrieved": not_retrieved,
        "progress": queues.progress(project, request.user, stage),
    }
    return render(request, "review/screen_mine.html", context)


# --- conflicts (leads) ------------------------------------------------------------------------------------


def _conflicts_context(project: ReviewProject, stage: str) -> dict[str, Any]:
    state = stage_state(project, stage)
    eligible = set(eligible_records(project, stage).values_list("id", flat=True))
    ids = [pk for pk in state.conflicts if pk in eligible]
    records = project.records.in_bulk(ids)
    votes: dict[int, list[ScreeningDecision]] = {}
    for d in _decisions_for(ids, stage).order_by("reviewer__username"):
        votes.setdefault(d.record_id, []).append(d)
    conflicts = [{"record": records[pk], "votes": votes.get(pk, [])} for pk in ids]
    agreement = stage_agreement(project, stage)
    resolved = (
        Resolution.objects.filter(project=project, stage=stage, record_id__in=eligible)
        .select_related("record", "resolved_by")
        .order_by("-resolved", "-id")
    )
    return {
        "project": project,
        "stage": stage,
        "conflicts": conflicts,
        "awaiting": sum(pk in eligible for pk in state.awaiting),
        "agreement": agreement,
        "kappa_defined": agreement is not None and not math.isnan(agreement.kappa),
        "observed_defined": agreement is not None and not math.isnan(agreement.observed),
        "resolved": resolved,
        "reasons": project.reasons(),
    }


def _decisions_for(ids: list[int], stage: str) -> Any:
    return ScreeningDecision.objects.filter(record_id__in=ids, stage=stage).select_related("reviewer")


@login_required
def conflicts(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    project = project_for(request.user, pk, lead=True)
    context = _conflicts_context(project, _stage(stage))
    return render(request, "review/conflicts.html", context)


@require_POST
@login_required
def resolve_view(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    project = project_for(request.user, pk, lead=True)
    stage = _stage(stage)
    record = _record(project, stage, request.POST.get("record"))
    label, reason, note = (request.POST.get(name, "") for name in ("label", "reason", "note"))
    try:
        resolve(record, request.user, stage, label, reason, note)
    except DecisionError as exc:
        field, message = _field_error(exc)
        if field == "reason" and not reason:
            message = _("Choose the reason for excluding this record.")
        context = _conflicts_context(project, stage)
        context.update({"error_record": record.pk, "error_field": field, "error": message})
        context["posted"] = {"label": label, "reason": reason, "note": note}
        return render(request, "review/conflicts.html", context, status=400)
    title = Truncator(record.title or record.pk).chars(80)
    messages.success(request, _("Resolved “%(title)s”: %(label)s.") % {"title": title, "label": Label(label).label})
    return redirect("review:conflicts", pk=project.pk, stage=stage)


urlpatterns = [
    path("<int:pk>/screen/<str:stage>/", screen, name="screen"),
    path("<int:pk>/screen/<str:stage>/decide/", decide_view, name="screen_decide"),
    path("<int:pk>/screen/<str:stage>/retrieval/", retrieval, name="screen_retrieval"),
    path("<int:pk>/screen/<str:stage>/study/", study, name="screen_study"),
    path("<int:pk>/screen/<str:stage>/mine/", my_decisions, name="screen_mine"),
    path("<int:pk>/conflicts/<str:stage>/", conflicts, name="conflicts"),
    path("<int:pk>/conflicts/<str:stage>/resolve/", resolve_view, name="conflicts_resolve"),
]
