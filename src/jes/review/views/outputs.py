"""Output pages: the PRISMA flow and its diagram files, decision and audit exports, the audit log, and
extraction of included reports into the catalogue. Thin views over outputs.py and extraction.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from .. import extraction
from .. import outputs as service
from ..access import is_lead, project_for
from ..engine import prisma_draw
from ..models import ReviewProject, Stage

AUDIT_PAGE_SIZE = 50


def _attachment(data: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
def prisma_page(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk)
    context: dict[str, object] = {"project": project, "lead": is_lead(project, request.user)}
    try:
        flow = service.flow_or_error(project)
        context.update(
            flow=flow,
            summary=flow.summary(),
            svg=service.inline_svg(flow),
            table=prisma_draw.seed_table(flow),
            outline=service.outline(flow),
            reasons=service.exclusion_reasons(flow),
            formats=list(service.DIAGRAM_TYPES),
        )
    except service.FlowUnavailable as exc:
        context["error"] = str(exc)
    return render(request, "review/prisma.html", context)


@require_GET
@login_required
def prisma_diagram(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    project = project_for(request.user, pk)
    if fmt not in service.DIAGRAM_TYPES:
        raise Http404("No such diagram format")
    try:
        data = service.diagram(service.flow_or_error(project), fmt)
    except service.FlowUnavailable as exc:
        return HttpResponse(str(exc), status=409, content_type="text/plain; charset=utf-8")
    service.audit_download(project, request.user, f"prisma.{fmt}")
    name = service.download_name(project, "prisma", fmt)
    return _attachment(data, service.DIAGRAM_TYPES[fmt], name)


@require_GET
@login_required
def export_decisions(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    project = project_for(request.user, pk, lead=True)
    if fmt not in service.DECISION_TYPES:
        raise Http404("No such export format")
    text = service.export_decisions(project, request.user, fmt)
    return _attachment(text, service.DECISION_TYPES[fmt], service.download_name(project, "decisions", fmt))


@require_GET
@login_required
def audit_page(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk, lead=True)
    filters = service.AuditFilters.from_params(request.GET)
    page = Paginator(service.audit_events(project, filters), AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "project": project,
        "filters": filters,
        "page": page,
        "rows": [(event, service.detail_summary(event.detail)) for event in page],
        "choices": service.audit_choices(project),
        "stages": Stage.choices,
        "querystring": query.urlencode(),
    }
    return render(request, "review/audit.html", context)


@require_GET
@login_required
def export_audit(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk, lead=True)
    text = service.export_audit(project, request.user, service.AuditFilters.from_params(request.GET))
    return _attachment(text, "text/csv; charset=utf-8", service.download_name(project, "audit", "csv"))


@require_GET
@login_required
def extract_list(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk, lead=True)
    records = extraction.included_records(project)
    return render(request, "review/extract_list.html", {"project": project, "records": records})


def _refused(request: HttpRequest, project: ReviewProject, record: object, refusal: Exception) -> HttpResponse:
    context = {"project": project, "record": record, "refusal": str(refusal), "entry": getattr(refusal, "entry", None)}
    return render(request, "review/extract.html", context, status=409)


@require_http_methods(["GET", "POST"])
@login_required
def extract_record(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    project = project_for(request.user, pk, lead=True)
    record = get_object_or_404(project.records.select_related("catalogue_entry", "source"), pk=rid)
    try:
        extraction.check_extractable(project, record)
    except extraction.ExtractionRefused as refusal:
        return _refused(request, project, record, refusal)
    form = extraction.ExtractionForm(request.POST or None, initial=extraction.initial_fields(record))
    if request.method == "POST" and form.is_valid():
        try:
            entry = extraction.extract(project, record, request.user, form.cleaned_data)
        except extraction.ExtractionRefused as refusal:
            return _refused(request, project, record, refusal)
        except ValueError as exc:  # the catalogue's validation names the field
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Added to the catalogue as entry %(id)s.") % {"id": entry.pk})
            return redirect("review:extract_list", pk=project.pk)
    return render(request, "review/extract.html", {"project": project, "record": record, "form": form})


urlpatterns = [
    path("<int:pk>/prisma/", prisma_page, name="prisma"),
    path("<int:pk>/prisma/diagram.<str:fmt>", prisma_diagram, name="prisma_diagram"),
    path("<int:pk>/export/decisions.<str:fmt>", export_decisions, name="export_decisions"),
    path("<int:pk>/export/audit.csv", export_audit, name="export_audit"),
    path("<int:pk>/audit/", audit_page, name="audit"),
    path("<int:pk>/extract/", extract_list, name="extract_list"),
    path("<int:pk>/records/<int:rid>/extract/", extract_record, name="extract"),
]
