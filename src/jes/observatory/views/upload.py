"""Staff upload a file of case records (CTDC or HTCDS layout, CSV or XLSX) or a GLOTIP export.

The import is the same all-or-nothing service as `jes observatory import`; its summary, or the rows and columns
it refused, are shown on the page. Files of a million rows belong on the command line (about a minute).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from ..importer import FORMATS, ImportRefused, import_file, summary

MAX_UPLOAD = 50 * 1024 * 1024
SUFFIXES = (".csv", ".xlsx", ".xlsm", ".gz")


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX; GLOTIP: CSV or .csv.gz)"))
    format = forms.ChoiceField(
        label=_("Layout"),
        choices=[
            ("ctdc", _("CTDC case records")),
            ("htcds", _("HTCDS case records")),
            ("glotip", _("UNODC GLOTIP published figures")),
        ],  # fmt: skip
    )
    skip_invalid = forms.BooleanField(
        label=_(
            "Import the valid rows and skip the invalid ones (otherwise the whole file is refused if one row is bad)"
        ),
        required=False,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 50 MB: import it with `jes observatory import`."))
        if not upload.name.lower().endswith(SUFFIXES):
            raise forms.ValidationError(_("Give a .csv, .xlsx or .csv.gz file."))
        return upload


def _import(form: UploadForm) -> dict[str, Any]:
    upload = form.cleaned_data["file"]
    settings.JES_UPLOAD_DIR.mkdir(parents=True, exist_ok=True)
    suffix = "".join(Path(upload.name).suffixes[-2:]).lower()
    with tempfile.NamedTemporaryFile(dir=settings.JES_UPLOAD_DIR, suffix=suffix) as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        policy = "skip-invalid" if form.cleaned_data["skip_invalid"] else "strict"
        try:
            batch = import_file(handle.name, form.cleaned_data["format"], policy=policy, file_name=upload.name)
        except ImportRefused as error:
            return {"refused": True, "error": str(error), "summary": error.summary}
    return {"refused": False, "summary": summary(batch)}


@login_required
@permission_required("observatory.add_importbatch", raise_exception=True)
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "formats": FORMATS}
    if request.method == "POST" and form.is_valid():
        context["outcome"] = _import(form)
    status = 400 if form.errors or context.get("outcome", {}).get("refused") else 200
    return render(request, "observatory/upload.html", context, status=status)
