"""Public service directory and the "find help" form: read-only, no login, nothing stored.

The directory is public information transcribed from the seed report, so it
needs no account. The find-help answers are sensitive: they arrive by POST
(so they stay out of URLs, server logs and browser history), are used for
one response and are neither saved nor logged.
"""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from ..rules.routing import REFLECTION_PERIOD, parse_profile, reflection_period_applies, route
from ..rules.services import COUNTRIES, COUNTRY_ORDER, KINDS, NEEDS, NOT_STATED, Service, bundled_directory

COUNTRY_CHOICES = [(c, COUNTRIES[c]) for c in COUNTRY_ORDER]
NEED_CHOICES = list(NEEDS.items())


class FindHelpForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRY_CHOICES)
    age = forms.ChoiceField(
        label=_("Age group"),
        required=False,
        choices=[("", _("Not known")), ("child", _("Under 18")), ("adult", _("18 or over"))],
    )
    identified_by_police = forms.NullBooleanField(
        label=_("Identified as a victim by the police?"),
        required=False,
        widget=forms.Select(choices=[("unknown", _("Not known")), ("true", _("Yes")), ("false", _("No"))]),
    )
    cooperates_with_police = forms.NullBooleanField(
        label=_("Cooperating with the police?"),
        required=False,
        widget=forms.Select(choices=[("unknown", _("Not known")), ("true", _("Yes")), ("false", _("No"))]),
    )
    asylum_seeker = forms.NullBooleanField(
        label=_("Asylum seeker?"),
        required=False,
        widget=forms.Select(choices=[("unknown", _("Not known")), ("true", _("Yes")), ("false", _("No"))]),
    )
    needs = forms.MultipleChoiceField(
        label=_("What is needed"), required=False, choices=NEED_CHOICES, widget=forms.CheckboxSelectMultiple
    )


def _filtered(country: str, need: str) -> list[Service]:
    return [
        s for s in bundled_directory() if (not country or s.country == country) and (not need or need in s.services)
    ]


def service_list(request: HttpRequest) -> HttpResponse:
    country = request.GET.get("country", "").upper()
    need = request.GET.get("need", "")
    country = country if country in COUNTRIES else ""
    need = need if need in NEEDS else ""
    services = _filtered(country, need)
    groups = [(COUNTRIES[c], [s for s in services if s.country == c]) for c in COUNTRY_ORDER]
    context = {
        "groups": [(name, items) for name, items in groups if items],
        "count": len(services),
        "countries": COUNTRY_CHOICES,
        "needs": NEED_CHOICES,
        "country": country,
        "need": need,
        "kinds": KINDS,
    }
    return render(request, "referral/directory_list.html", context)


def service_detail(request: HttpRequest, service_id: str) -> HttpResponse:
    service = next((s for s in bundled_directory() if s.id == service_id), None)
    if service is None:
        raise Http404("No such service")
    needs = [(code, NEEDS[code]) for code in service.services]
    return render(
        request,
        "referral/directory_detail.html",
        {"s": service, "needs": needs, "not_stated": NOT_STATED, "e": service.eligibility},
    )


@never_cache
def find_help(request: HttpRequest) -> HttpResponse:
    form = FindHelpForm(request.POST or None)
    context: dict[str, object] = {"form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        profile = parse_profile(
            {
                "age": data["age"] or None,
                "identified_by_police": data["identified_by_police"],
                "cooperates_with_police": data["cooperates_with_police"],
                "asylum_seeker": data["asylum_seeker"],
                "needs": data["needs"],
            }
        )
        matches = route(data["country"], profile, bundled_directory())
        context.update(
            fitting=[m for m in matches if m.eligible],
            not_fitting=[m for m in matches if not m.eligible],
            country_name=COUNTRIES[data["country"]],
            reflection=REFLECTION_PERIOD if reflection_period_applies(profile) else None,
            submitted=True,
        )
    return render(request, "referral/directory_find_help.html", context)


urlpatterns: list[URLPattern] = [
    path("services/", service_list, name="services"),
    path("services/find-help/", find_help, name="find_help"),
    path("services/<slug:service_id>/", service_detail, name="service"),
]
