"""Interview pages: a public self-check that stores nothing, and the staff interview inside a case."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from .. import interview_service as service
from ..access import audit, case_for
from ..forms import ProfileForm
from ..models.workspace import COUNTRIES
from ..routing_service import ranked_services


def _language(request: HttpRequest) -> str:
    # The browser's language (LocaleMiddleware, from Accept-Language) until the person picks one.
    wanted = request.POST.get("language") or request.GET.get("language") or getattr(request, "LANGUAGE_CODE", "en")
    return wanted if wanted in service.LANGUAGE_NAMES else "en"


def _page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    question, done, total = service.step(context["profile"], context["answers"])
    language = context["language"]
    context |= {
        "question": question,
        "wording": question.text(language) if question else None,
        "source_wording": question.text("en") if question else None,
        # A missing translation falls back to English, and the page must then say the text is English.
        "wording_language": language if question and language in question.wording else "en",
        "done": done,
        "total": total,
        "languages": service.LANGUAGE_NAMES,
        "answer_choices": [("yes", "Yes"), ("no", "No"), ("unsure", "Not sure"), ("skip", "Prefer not to say")],
    }
    return render(request, "referral/interview.html", context)


CARRIED = (*ProfileForm.base_fields, "country", "start")


def _carry(request: HttpRequest) -> list[tuple[str, str]]:
    """The self-check's own answers, carried from page to page in hidden fields instead of a session."""
    if request.method != "POST":
        return []
    return [(name, value) for name in CARRIED for value in request.POST.getlist(name)]


@csrf_exempt  # stateless: it changes nothing on the server and sets no cookie (the person's safety first)
@never_cache
def self_check(request: HttpRequest) -> HttpResponse:
    """The self-check: answers travel in the page only; nothing is stored, logged or kept in a cookie."""
    request.stateless = True  # type: ignore[attr-defined]  # base.html then leaves out the cookie-setting form
    language = _language(request)
    form = ProfileForm(request.POST or None)
    profile: dict[str, Any] = form.profile() if request.method == "POST" and form.is_valid() else {}
    country = request.POST.get("country", "")
    answers = service.parse_answers(request.POST.get("answers", ""), profile)
    if request.method == "POST" and request.POST.get("question") and request.POST.get("answer"):
        answers = {**answers, request.POST["question"]: request.POST["answer"]}
        answers = service.parse_answers(json.dumps(answers), profile)
    started = request.method == "POST" and "start" in request.POST or bool(answers)
    context: dict[str, Any] = {
        "mode": "self",
        "form": form,
        "started": started,
        "profile": profile,
        "carry": _carry(request),
        "country": country,
        "countries": COUNTRIES,
        "answers": answers,
        "answers_json": json.dumps(answers),
        "language": language,
    }
    if started and service.step(profile, answers)[0] is None:
        context["result"] = service.result(profile, answers)
        context["matches"] = ranked_services(country, profile) if country else []
    # The page speaks the language chosen in the form: no cookie or session may remember it.
    with translation.override(language):
        return _page(request, context)


@never_cache
@login_required
def case_interview(request: HttpRequest, reference: str) -> HttpResponse:
    case, staff = case_for(request.user, reference)
    language = _language(request) if request.method == "POST" or "language" in request.GET else case.language or "en"
    if request.method == "POST":
        if request.POST.get("finish"):
            service.finish_in_case(staff, case)
            return redirect("referral:case", reference=reference)
        if request.POST.get("question") and request.POST.get("answer"):
            service.answer_in_case(staff, case, request.POST["question"], request.POST["answer"])
        if language != case.language:
            case.language = language
            case.save(update_fields=["language"])
        return redirect(f"{request.path}?language={language}")
    audit(staff, "interview_read", case)
    answers = case.interview_state.get("answers", {})
    context = {"mode": "case", "case": case, "profile": case.profile, "answers": answers, "language": language}
    return _page(request, context)


urlpatterns = [
    path("check/", self_check, name="self_check"),
    path("cases/<str:reference>/interview/", case_interview, name="case_interview"),
]
