"""Import pages (leads only): upload, map CSV/TSV/XLSX columns, follow the background import, past imports."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from .. import imports as service
from ..access import project_for
from ..engine.formats import FormatError, format_for
from ..models import ReviewProject

_SALT = "jes.review.import-upload"
FORMAT_LABELS = {
    "ris": gettext_lazy("RIS (.ris)"),
    "bibtex": gettext_lazy("BibTeX (.bib)"),
    "nbib": gettext_lazy("MEDLINE / PubMed (.nbib, .txt)"),
    "endnote-xml": gettext_lazy("EndNote XML (.xml)"),
    "csl-json": gettext_lazy("CSL JSON (.json)"),
    "csv": gettext_lazy("CSV (.csv)"),
    "tsv": gettext_lazy("Tab-separated (.tsv)"),
    "xlsx": gettext_lazy("Excel workbook (.xlsx)"),
}
FIELD_LABELS = {
    "title": gettext_lazy("Title"),
    "abstract": gettext_lazy("Abstract"),
    "authors": gettext_lazy("Authors (separated by ;)"),
    "year": gettext_lazy("Year"),
    "journal": gettext_lazy("Journal or book"),
    "volume": gettext_lazy("Volume"),
    "issue": gettext_lazy("Issue"),
    "pages": gettext_lazy("Pages"),
    "doi": gettext_lazy("DOI"),
    "pmid": gettext_lazy("PubMed ID"),
    "isbn": gettext_lazy("ISBN"),
    "cobiss_id": gettext_lazy("COBISS ID"),
    "keywords": gettext_lazy("Keywords (separated by ;)"),
    "language": gettext_lazy("Language"),
    "publication_type": gettext_lazy("Publication type"),
    "url": gettext_lazy("Link (URL)"),
}


class UploadForm(forms.Form):
    source = forms.ModelChoiceField(queryset=None, label=gettext_lazy("Source the file was exported from"))
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        required=False,
        choices=[("", gettext_lazy("Recognise from the file name")), *FORMAT_LABELS.items()],
    )
    file = forms.FileField(label=gettext_lazy("File"))
    force = forms.BooleanField(label=gettext_lazy("Import it even if this file was imported before"), required=False)

    def __init__(self, project: ReviewProject, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = project.sources.all()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is not None:
            if upload.size > settings.JES_REVIEW_MAX_UPLOAD:
                self.add_error("file", _too_big())
            else:
                try:
                    data["format"] = format_for(Path(upload.name), data.get("format") or None).name
                except ValueError as error:
                    self.add_error("format", str(error))
        return data


class MappingForm(forms.Form):
    """One select per record field, over the file's header columns."""

    def __init__(self, header: list[str], *args: Any, guessed: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("— not in this file —")), *((column, column) for column in header)]
        for name in service.MAPPABLE_FIELDS:
            self.fields[name] = forms.ChoiceField(
                label=FIELD_LABELS[name], choices=choices, required=False, initial=guessed.get(name, "")
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen: dict[str, str] = {}
        for name in service.MAPPABLE_FIELDS:
            column = data.get(name)
            if column and column in chosen:
                self.add_error(
                    name,
                    _("Column “%(column)s” is already chosen for %(field)s.")
                    % {"column": column, "field": FIELD_LABELS[chosen[column]]},
                )
            elif column:
                chosen[column] = name
        return data

    def mapping(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in service.MAPPABLE_FIELDS}


def _too_big() -> str:
    return _("The file is larger than the limit of %(mb)s MB.") % {"mb": settings.JES_REVIEW_MAX_UPLOAD // 2**20}


def _save_upload(upload: UploadedFile) -> tuple[Path, str]:
    """Write the upload under a random name, hashing it on the way."""
    target = service.new_upload_path()
    digest = hashlib.sha256()
    with target.open("wb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    target.chmod(0o600)
    return target, digest.hexdigest()


def _page(request: HttpRequest, project: ReviewProject, form: UploadForm, status: int = 200) -> HttpResponse:
    job_id = request.GET.get("job", "")
    job = service.job_status(job_id) if job_id else None
    if job and job.get("project") != project.pk:
        job = None
    context = {
        "project": project,
        "form": form,
        "job": job,
        "job_id": job_id,
        "job_message": job_message(job) if job else "",
        "imports": project.imports.select_related("source", "imported_by").order_by("-id"),
        "max_mb": settings.JES_REVIEW_MAX_UPLOAD // 2**20,
    }
    return render(request, "review/import.html", context, status=status)


def job_message(job: dict[str, Any]) -> str:
    if job["state"] == "done":
        return _("Imported %(n)s records from %(file)s.") % {"n": job["read"], "file": job["file"]}
    if job["state"] == "failed":
        return _("Import failed: %(error)s. Nothing was imported.") % {"error": job["error"]}
    return _("Importing %(file)s: %(n)s records read so far…") % {"file": job["file"], "n": job["read"]}


def _start(request: HttpRequest, project: ReviewProject, upload: dict[str, Any], mapping: dict[str, str]) -> str:
    job_id = service.start_import(
        service.ImportRequest(
            project_id=project.pk,
            source_id=upload["source"],
            path=service.upload_path(upload["token"]),
            file_name=upload["file"],
            fmt=upload["fmt"],
            mapping=mapping,
            user_id=request.user.pk,
            force=upload["force"],
        )
    )
    return reverse("review:import", args=[project.pk]) + f"?job={job_id}"


@login_required
def import_page(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk, lead=True)
    if request.method != "POST":
        return _page(request, project, UploadForm(project))
    if int(request.META.get("CONTENT_LENGTH") or 0) > settings.JES_REVIEW_MAX_UPLOAD + 2**16:
        form = UploadForm(project)
        form.add_error(None, _too_big())
        return _page(request, project, form, status=413)
    form = UploadForm(project, request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, project, form, status=400)
    data = form.cleaned_data
    target, sha256 = _save_upload(data["file"])
    upload = {
        "token": target.name,
        "file": Path(data["file"].name).name[:300],
        "fmt": data["format"],
        "source": data["source"].pk,
        "force": data["force"],
        "project": project.pk,
    }
    try:
        if not data["force"]:
            service.refuse_repeat(project, sha256, upload["file"])
        if upload["fmt"] in service.TABULAR:
            return _mapping_page(request, project, upload, target)
    except (FormatError, service.ImportRefused) as error:
        target.unlink(missing_ok=True)
        form.add_error("file", str(error))
        return _page(request, project, form, status=400)
    return redirect(_start(request, project, upload, {}))


def _mapping_page(
    request: HttpRequest,
    project: ReviewProject,
    upload: dict[str, Any],
    target: Path,
    form: MappingForm | None = None,
    status: int = 200,
) -> HttpResponse:
    header, sample = service.read_columns(target, upload["fmt"], upload["file"])
    if form is None:
        form = MappingForm(header, guessed=service.guess_mapping(header, upload["file"]))
    context = {
        "project": project,
        "upload": upload,
        "token": signing.dumps(upload, salt=_SALT),
        "form": form,
        "columns": list(zip(header, sample, strict=False)),
    }
    return render(request, "review/import_map.html", context, status=status)


@require_POST
@login_required
def import_map(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_for(request.user, pk, lead=True)
    try:
        upload = signing.loads(request.POST.get("upload", ""), salt=_SALT, max_age=24 * 3600)
        target = service.upload_path(upload["token"])
    except (signing.BadSignature, service.ImportRefused, KeyError):
        raise Http404("No such upload") from None
    if upload.get("project") != project.pk or not target.exists():
        raise Http404("No such upload")
    if "cancel" in request.POST:
        target.unlink(missing_ok=True)
        return redirect("review:import", pk=project.pk)
    try:
        header, _sample = service.read_columns(target, upload["fmt"], upload["file"])
    except FormatError as error:
        target.unlink(missing_ok=True)
        form = UploadForm(project)
        form.add_error(None, str(error))
        return _page(request, project, form, status=400)
    form = MappingForm(header, request.POST, guessed={})
    if not form.is_valid():
        return _mapping_page(request, project, upload, target, form, status=400)
    return redirect(_start(request, project, upload, form.mapping()))


@require_GET
@login_required
def import_job(request: HttpRequest, pk: int, job: str) -> JsonResponse:
    project = project_for(request.user, pk, lead=True)
    status = service.job_status(job)
    if not status or status.get("project") != project.pk:
        raise Http404("No such import")
    return JsonResponse(
        {
            "state": status["state"],
            "read": status["read"],
            "file": status["file"],
            "error": status["error"],
            "batch": status["batch"],
            "message": job_message(status),
        }
    )


urlpatterns = [
    path("<int:pk>/import/", import_page, name="import"),
    path("<int:pk>/import/map/", import_map, name="import_map"),
    path("<int:pk>/import/jobs/<str:job>/", import_job, name="import_job"),
]
