"""Case workspace pages: cases of one's own organisation, referrals with consent, aggregates for analysts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jes.web.feedback import form_errors_text

from .. import cases as service
from ..access import CASE_ROLES, audit, case_for, require_role
from ..forms import ContributionForm, ProfileForm, ReferralForm
from ..models import Case, Referral, StaffRole
from ..routing_service import ranked_services, service_name

LEADS = {StaffRole.COORDINATOR, StaffRole.ADMIN}


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    staff = require_role(request.user, CASE_ROLES)
    cases = staff.organisation.cases.exclude(status="erased").only("reference", "status", "created")
    return render(request, "referral/case_list.html", {"staff": staff, "cases": cases})


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    staff = require_role(request.user, CASE_ROLES)
    form = ProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = service.open_case(staff, form.profile(), language=request.POST.get("language", ""))
        return redirect("referral:case", reference=case.reference)
    return render(request, "referral/case_form.html", {"form": form})


@login_required
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    case, staff = case_for(request.user, reference)
    audit(staff, "case_read", case)
    matches = ranked_services(staff.organisation.country, case.profile)
    context = {
        "case": case,
        "profile_rows": _profile_rows(case.profile),
        "staff": staff,
        "matches": matches,
        "referrals": case.referrals.all(),
        "can_manage": staff.role in LEADS,
        "statuses": service.NEXT_STATUSES,
    }
    if staff.role in LEADS and case.status == "closed" and case.observatory_contributed is None:
        context["contribution_form"] = _contribution_form(case)
    return render(request, "referral/case_detail.html", context)


def _contribution_form(case: Case, data: QueryDict | None = None) -> ContributionForm:
    draft = service.observatory_draft(case)
    initial = {k: v for k, v in draft.items() if k != "forms"} | {"forms_of_exploitation": draft["forms"]}
    return ContributionForm(data, initial=initial)


@require_POST
@login_required
def case_contribute(request: HttpRequest, reference: str) -> HttpResponse:
    """A closed case becomes an anonymous observatory record, with the person's consent."""
    case, staff = case_for(request.user, reference)
    require_role(request.user, LEADS)
    form = _contribution_form(case, request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("referral:case", reference=reference)
    try:
        service.contribute_to_observatory(staff, case, form.variables())
    except (service.ContributionRefused, ValueError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("An anonymous record of this case was added to the observatory."))
    return redirect("referral:case", reference=reference)


def _profile_rows(profile: dict[str, object]) -> list[tuple[str, str]]:
    def text(value: object) -> str:
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)

    return [(key.replace("_", " ").capitalize(), text(value)) for key, value in profile.items()]


@require_POST
@login_required
def case_refer(request: HttpRequest, reference: str) -> HttpResponse:
    case, staff = case_for(request.user, reference)
    form = ReferralForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
        return redirect("referral:case", reference=reference)
    service_id = form.cleaned_data["service_id"]
    match = next((m for m in ranked_services(staff.organisation.country, case.profile) if m["id"] == service_id), None)
    name = service_name(staff.organisation.country, service_id)
    if name is None:
        messages.error(request, _("service: no such service in this country's directory"))
        return redirect("referral:case", reference=reference)
    try:
        service.refer(
            staff,
            case,
            service_id,
            name,
            consent=form.cleaned_data["consent"],
            consent_note=form.cleaned_data["consent_note"],
            reason=match["reason"] if match else "",
        )
    except service.CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Referral recorded as sent."))
    return redirect("referral:case", reference=reference)


@require_POST
@login_required
def referral_status(request: HttpRequest, pk: int) -> HttpResponse:
    staff = require_role(request.user, CASE_ROLES)
    referral = Referral.objects.select_related("case").filter(pk=pk, case__organisation=staff.organisation).first()
    if referral is None or referral.case.status == "erased":
        raise Http404("No such referral")
    try:
        service.set_referral_status(staff, referral, request.POST.get("status", ""))
    except service.CaseError as exc:
        messages.error(request, str(exc))
    return redirect("referral:case", reference=referral.case.reference)


@require_POST
@login_required
def case_close(request: HttpRequest, reference: str) -> HttpResponse:
    case, staff = case_for(request.user, reference)
    require_role(request.user, LEADS)
    service.close_case(staff, case)
    messages.success(request, _("Case closed. It will be erased when the retention period ends."))
    return redirect("referral:case", reference=reference)


@require_POST
@login_required
def case_erase(request: HttpRequest, reference: str) -> HttpResponse:
    case, staff = case_for(request.user, reference)
    require_role(request.user, LEADS)
    why = request.POST.get("why", "").strip()
    if not why:
        messages.error(request, _("why: say why the case is erased (e.g. the person asked for erasure)"))
        return redirect("referral:case", reference=reference)
    service.erase_case(staff, case, why)
    messages.success(request, _("The case's personal data was erased; the audit trail remains."))
    return redirect("referral:cases")


@login_required
def aggregates(request: HttpRequest) -> HttpResponse:
    staff = require_role(request.user, {StaffRole.ANALYST, *LEADS})
    return render(
        request, "referral/aggregates.html", {"staff": staff, "figures": service.aggregates(staff.organisation)}
    )


urlpatterns = [
    path("cases/", case_list, name="cases"),
    path("cases/new/", case_new, name="case_new"),
    path("cases/<str:reference>/", case_detail, name="case"),
    path("cases/<str:reference>/refer/", case_refer, name="case_refer"),
    path("cases/<str:reference>/close/", case_close, name="case_close"),
    path("cases/<str:reference>/erase/", case_erase, name="case_erase"),
    path("cases/<str:reference>/observatory/", case_contribute, name="case_contribute"),
    path("referrals/<int:pk>/status/", referral_status, name="referral_status"),
    path("aggregates/", aggregates, name="aggregates"),
]
