"""Staff enter one case record to the standard (permission observatory.add_caserecord)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..forms import CaseRecordForm
from ..services import CaseRecordError, record_case


@login_required
@permission_required("observatory.add_caserecord", raise_exception=True)
def case_new(request: HttpRequest) -> HttpResponse:
    form = CaseRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record_case(form.variables(), source="entry")
        except CaseRecordError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, _("The case record was added. It counts in the public tables from now on."))
            return redirect("observatory:case_new")
    return render(request, "observatory/case_form.html", {"form": form}, status=400 if form.errors else 200)
