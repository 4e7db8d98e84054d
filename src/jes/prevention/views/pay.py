"""The pay-and-debt check: a season in, the net result, the real hourly pay, the warning signs and where to get help.

Nothing is stored: the page is computed from the submitted form and forgotten. The printable summary is the
same computation in the worker's language, as a page to print or a PDF.
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from jes.referral.routing_service import help_contacts

from .. import content
from ..checks import pay
from ..forms import DeductionFormSet, EarningFormSet, LoanFormSet, SeasonForm
from .pdf import pdf_response, refused, render_pdf

SUMMARY_LANGUAGES = {"en": "English", "fi": "Suomi", "sv": "Svenska", "th": "ไทย", "uk": "Українська"}
PREFIXES = {"earnings": "earnings", "deductions": "deductions", "loans": "loans"}
_PATH = re.compile(r"^(earnings|deductions|loans)\[(\d+)\]\.(\w+)")


def _forms(data: QueryDict | None, initial: dict[str, Any] | None = None) -> dict[str, Any]:
    initial = initial or {}
    return {
        "season": SeasonForm(data, initial={k: v for k, v in initial.items() if not isinstance(v, list)}),
        "earnings": EarningFormSet(data, prefix="earnings", initial=initial.get("earnings")),
        "deductions": DeductionFormSet(data, prefix="deductions", initial=initial.get("deductions")),
        "loans": LoanFormSet(data, prefix="loans", initial=initial.get("loans")),
    }


def _valid(forms: dict[str, Any]) -> bool:
    return all([forms[name].is_valid() for name in ("season", "earnings", "deductions", "loans")])


def _earning(row: dict[str, Any]) -> dict[str, Any] | None:
    if row.get("amount"):
        return {"what": row.get("what", ""), "amount": row["amount"]}
    if row.get("quantity") or row.get("price"):
        if row.get("unit") == "hours":
            return {"what": row.get("what", ""), "hours": row.get("quantity") or "", "rate": row.get("price") or ""}
        return {"what": row.get("what", ""), "kg": row.get("quantity") or "", "price_per_kg": row.get("price") or ""}
    return None


def _deduction(row: dict[str, Any]) -> dict[str, Any] | None:
    if not row.get("amount"):
        return None
    return {"what": row.get("what", ""), "amount": row["amount"]} | ({"kind": row["kind"]} if row.get("kind") else {})


def _loan(row: dict[str, Any]) -> dict[str, Any] | None:
    loan: dict[str, Any] = {"what": row.get("what", "")} | ({"purpose": row["purpose"]} if row.get("purpose") else {})
    if row.get("amount_owed"):
        return loan | {"amount_owed": row["amount_owed"]}
    if row.get("principal"):
        loan["principal"] = row["principal"]
        if row.get("interest_percent"):
            loan |= {"interest_percent": row["interest_percent"], "periods": row.get("periods") or 0}
        return loan
    return None


def season_input(forms: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """The engine's JSON input from valid forms, and for each list the form index of each line (for errors)."""
    top = forms["season"].cleaned_data
    data: dict[str, Any] = {"currency": top["currency"].upper()}
    for key in ("country", "year", "days", "weeks", "hours_per_day"):
        if top.get(key) not in (None, ""):
            data[key] = top[key]
    rows: dict[str, list[int]] = {}
    for name, build in (("earnings", _earning), ("deductions", _deduction), ("loans", _loan)):
        data[name], rows[name] = [], []
        for index, form in enumerate(forms[name].forms):
            line = build(form.cleaned_data) if form.cleaned_data else None
            if line is not None:
                data[name].append(line)
                rows[name].append(index)
    return data, rows


def _attach(error: pay.SeasonError, forms: dict[str, Any], rows: dict[str, list[int]]) -> None:
    """Put the engine's complaint on the field it names, so a screen reader finds it beside the input."""
    match = _PATH.match(error.path)
    message = str(error)
    if match is None:
        field = error.path.split(".")[0]
        form = forms["season"]
        form.add_error(field if field in form.fields else None, message)
        return
    name, index, field = match.group(1), int(match.group(2)), match.group(3)
    form = forms[name].forms[rows[name][index]]
    field = {"kg": "quantity", "hours": "quantity", "price_per_kg": "price", "rate": "price"}.get(field, field)
    form.add_error(field if field in form.fields else None, message)


def _more_rows(post: QueryDict) -> QueryDict:
    """The "add a line" buttons: one more empty form in that list."""
    data = post.copy()
    name = post.get("more")
    if name in PREFIXES:
        key = f"{name}-TOTAL_FORMS"
        data[key] = str(min(int(data.get(key, "0") or 0) + 1, 30))
    return data


def _language() -> str:
    language = translation.get_language() or "en"
    return language if language in SUMMARY_LANGUAGES else "en"


def _result(forms: dict[str, Any], language: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    season, rows = season_input(forms)
    try:
        parsed = pay.parse_season(season)
    except pay.SeasonError as error:
        _attach(error, forms, rows)
        return None, season
    result = pay.compute(parsed, content.pay_rules()).to_json(language)
    return result, season


def _example() -> dict[str, Any]:
    path = settings.CONTENT_DIR / "prevention" / "pay" / "examples" / "berry-season.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if k not in ("note", "loans")} | {
        "earnings": data["earnings"],
        "deductions": data["deductions"],
        "note": data["note"],
    }


@csrf_exempt  # nothing is changed or kept on the server; no cookie is needed to use it
@never_cache
def check(request: HttpRequest) -> HttpResponse:
    example = request.GET.get("example") == "berry"
    if request.method == "POST" and request.POST.get("more"):
        forms = _forms(_more_rows(request.POST))
        forms["season"].is_valid()
        return render(request, "prevention/pay.html", {"forms": forms, "summary_languages": SUMMARY_LANGUAGES})
    initial = _example() if example else None
    forms = _forms(request.POST if request.method == "POST" else None, initial)
    context: dict[str, Any] = {"forms": forms, "summary_languages": SUMMARY_LANGUAGES, "example": initial}
    if request.method == "POST" and _valid(forms):
        result, season = _result(forms, _language())
        if result is not None:
            country = season.get("country") if season else ""
            context |= {
                "result": result,
                "season_json": json.dumps(season),
                "help": help_contacts(country) if country else [],
                "summary_language": _language(),
            }
    status = 400 if request.method == "POST" and "result" not in context else 200
    return render(request, "prevention/pay.html", context, status=status)


@csrf_exempt  # as above: the summary is computed from the posted season and nothing is kept
@never_cache
def summary(request: HttpRequest) -> HttpResponse:
    """The one-page summary in the chosen language: HTML to print, or PDF."""
    language = request.POST.get("lang", "en")
    language = language if language in SUMMARY_LANGUAGES else "en"
    try:
        season = json.loads(request.POST.get("season", ""))
        parsed = pay.parse_season(season)
    except (ValueError, pay.SeasonError):
        return HttpResponse("The season could not be read; go back and check it again.", status=400)
    result = pay.compute(parsed, content.pay_rules()).to_json(language)
    country = season.get("country") or ""
    context = {
        "result": result,
        # Template lookups cannot contain dots: "label.title" becomes t.label_title.
        "t": {k.replace(".", "_"): v for k, v in pay.texts(language, content.pay_rules()).items()},
        "help": help_contacts(country) if country else [],
        "language": language,
    }
    with translation.override(language if language in dict(settings.LANGUAGES) else "en"):
        html = render_to_string("prevention/pay_summary.html", context, request=request)
    if request.POST.get("format") == "pdf":
        if (answer := refused(request)) is not None:
            return answer
        pdf = render_pdf(html, base_url=request.build_absolute_uri("/"))
        return pdf_response(pdf, f"pay-summary-{language}.pdf")
    return HttpResponse(html)
