"""Anonymous reporting pages: the public form and follow-up (no account, no cookie) and staff triage."""

from __future__ import annotations

import base64
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from .. import crypto, report_guard, reporting
from ..models import Report, Staff, StaffRole
from ..report_forms import AddInformationForm, ReceiptForm, ReplyForm, ReportForm, StatusForm, UnlockForm
from ..report_photos import MAX_PHOTO_BYTES, MAX_PHOTOS, mime_type

View = Callable[..., HttpResponse]
MAX_BODY = MAX_PHOTOS * MAX_PHOTO_BYTES + 1024 * 1024


class _MemoryOnlyUploads(MemoryFileUploadHandler):
    """Keep uploads in memory whatever their size (bounded by MAX_BODY): a photo with its GPS tags must
    never reach a temporary file on disk before it is cleaned and sealed."""

    def handle_raw_input(self, *args: Any, **kwargs: Any) -> None:
        self.activated = True


def anonymous_page(view: View) -> View:
    """A public report page: the visitor is nobody, and the response sets no cookie and is never cached.

    The request is treated as signed out even when it is not, and its session is detached, so that
    neither the session nor the CSRF middleware can set, refresh or delete a cookie on the way out.
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request.user = AnonymousUser()
        request.stateless = True  # type: ignore[attr-defined]  # base.html then leaves out the cookie-setting language form
        if hasattr(request, "session"):
            del request.session
        request.upload_handlers = [_MemoryOnlyUploads(request)]
        # The site's language switcher posts with a CSRF cookie these pages never set: they take ?lang=.
        lang = request.GET.get("lang", "")
        if lang in dict(settings.LANGUAGES):
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY:
            response = _too_large(request)
        else:
            response = view(request, *args, **kwargs)
        # A {% csrf_token %} anywhere on the page (e.g. a language switcher) must not set the CSRF cookie.
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
        return response

    # Exempt from Django's cookie-based CSRF check: see report_guard for why and what replaces it.
    return csrf_exempt(never_cache(sensitive_post_parameters()(wrapped)))


def _too_large(request: HttpRequest) -> HttpResponse:
    context = {"limit_mb": MAX_BODY >> 20}
    return render(request, "referral/report_too_large.html", context, status=413)


def _too_many(request: HttpRequest, name: str) -> HttpResponse:
    response = render(request, "referral/report_429.html", {}, status=429)
    response["Retry-After"] = str(report_guard.retry_after(name))
    return response


# --- public pages ----------------------------------------------------------------------------------


@anonymous_page
def report_new(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = ReportForm(initial={"token": report_guard.issue_token("report")})
        return render(request, "referral/report_form.html", {"form": form})
    form = ReportForm(request.POST, request.FILES)
    problem = report_guard.check_token("report", request.POST.get("token", ""), min_age=True)
    if problem is None and form.is_valid():
        org = form.cleaned_data["organisation"]
        if not report_guard.allow_submission(request, org.pk):
            return _too_many(request, "submit_client")
        content = {k: form.cleaned_data[k] for k in ("what", "where", "when")}
        _report, code = reporting.submit_report(org, content, form.cleaned_data["photos"])
        context = {"code": reporting.format_code(code), "organisation": org}
        return render(request, "referral/report_done.html", context)
    _refresh_token(form, "report")
    return render(request, "referral/report_form.html", {"form": form, "problem": _(problem) if problem else ""})


def _refresh_token(form: Any, name: str) -> None:
    """Give a form shown again with its errors a new one-time token; what was typed stays (photos must be
    chosen again, as browsers never refill a file input)."""
    data = form.data.copy()
    data["token"] = report_guard.issue_token(name)
    form.data = data


def _receipt_page(request: HttpRequest, *, problem: str = "", form: ReceiptForm | None = None) -> HttpResponse:
    form = form or ReceiptForm(initial={"token": report_guard.issue_token("receipt")})
    return render(request, "referral/report_receipt.html", {"form": form, "problem": problem})


def _not_found(request: HttpRequest) -> HttpResponse:
    """The one answer to every code that opens nothing, whatever the reason (no oracle)."""
    return _receipt_page(
        request, problem=_("We could not open a report with this code. Check the numbers and try again.")
    )


def _status_page(request: HttpRequest, report: Report, code: str, *, added: bool = False) -> HttpResponse:
    view = reporting.reporter_view(report, code)
    add_form = AddInformationForm(initial={"token": report_guard.issue_token("add"), "code": code})
    context = {"view": view, "form": add_form, "added": added}
    return render(request, "referral/report_status.html", context)


@anonymous_page
def report_receipt(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _receipt_page(request)
    if not report_guard.allow_lookup(request):
        return _too_many(request, "lookup_client")
    adding = "text" in request.POST
    form: ReceiptForm | AddInformationForm = (
        AddInformationForm(request.POST, request.FILES) if adding else ReceiptForm(request.POST)
    )
    problem = report_guard.check_token("add" if adding else "receipt", request.POST.get("token", ""))
    if problem:
        return _receipt_page(request, problem=_(problem))
    code = reporting.normalise_code(request.POST.get("code", ""))
    report = reporting.find_report(code)
    if report is None:
        return _not_found(request)
    if adding:
        if not form.is_valid():
            _refresh_token(form, "add")
            context = {"view": reporting.reporter_view(report, code), "form": form}
            return render(request, "referral/report_status.html", context)
        reporting.add_information(report, form.cleaned_data["text"], form.cleaned_data["photos"])
    return _status_page(request, report, code, added=adding)


# --- staff triage ----------------------------------------------------------------------------------

TRIAGE_ROLES = {StaffRole.FRONTLINE, StaffRole.COORDINATOR, StaffRole.ADMIN}


def _staff(request: HttpRequest) -> Staff:
    """The signed-in person's staff record if their role may triage reports (never an analyst)."""
    staff = Staff.objects.select_related("organisation").filter(user_id=request.user.pk).first()
    if staff is None or staff.role not in TRIAGE_ROLES:
        raise PermissionDenied("Only frontline workers, coordinators and administrators triage reports")
    return staff


def _report(staff: Staff, pk: int) -> Report:
    """The report if it was sent to the staff member's organisation; 404 otherwise, so ids leak nothing."""
    queryset = Report.objects.select_related("key", "organisation")
    return get_object_or_404(queryset, pk=pk, organisation=staff.organisation)


@login_required
def report_queue(request: HttpRequest) -> HttpResponse:
    staff = _staff(request)
    reports = Report.objects.filter(organisation=staff.organisation).only("id", "received", "status")
    reporting.record(request.user, staff.organisation, "report.list", None)
    return render(request, "referral/report_queue.html", {"reports": reports, "organisation": staff.organisation})


def _data_uri(data: bytes) -> str:
    return f"data:{mime_type(data)};base64,{base64.b64encode(data).decode()}"


@never_cache
@sensitive_post_parameters("passphrase")
@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Metadata on GET; the decrypted report on a POST with the passphrase, for that response only."""
    staff = _staff(request)
    report = _report(staff, pk)
    context: dict[str, Any] = {
        "report": report,
        "status_form": StatusForm(initial={"status": report.status}),
        "reply_form": ReplyForm(),
    }
    form = UnlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not report_guard.allow_unlock(request.user.pk):
            return _too_many(request, "unlock_user")
        try:
            opened = reporting.open_report(report, form.cleaned_data["passphrase"], request.user)
        except crypto.WrongKey:
            form.add_error("passphrase", _("This passphrase does not open the organisation's reports."))
        else:
            context["opened"] = opened
            context["photos"] = [_data_uri(p) for p in opened.photos]
            context["thread"] = [{**m, "photos": [_data_uri(p) for p in m["photos"]]} for m in opened.thread]
            form = UnlockForm()
    else:
        reporting.record(request.user, staff.organisation, "report.metadata", report)
    context["unlock_form"] = form
    return render(request, "referral/report_detail.html", context)


@require_POST
@login_required
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(_staff(request), pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        reporting.set_status(report, form.cleaned_data["status"], request.user)
        messages.success(request, _("Status saved."))
    else:
        messages.error(request, _("Choose one of the statuses."))
    return redirect("referral:report_detail", pk=report.pk)


@require_POST
@sensitive_post_parameters("text")
@login_required
def report_reply(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(_staff(request), pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        reporting.reply(report, form.cleaned_data["text"], request.user)
        messages.success(request, _("Reply sent. The reporter sees it with their receipt code."))
    else:
        messages.error(request, _("Write a reply first."))
    return redirect("referral:report_detail", pk=report.pk)


urlpatterns: list[URLPattern] = [
    path("report/", report_new, name="report"),
    path("report/receipt/", report_receipt, name="report_receipt"),
    path("reports/", report_queue, name="report_queue"),
    path("reports/<int:pk>/", report_detail, name="report_detail"),
    path("reports/<int:pk>/status/", report_status, name="report_status"),
    path("reports/<int:pk>/reply/", report_reply, name="report_reply"),
]
