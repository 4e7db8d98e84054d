"""Learning paths: modules from the report's cases, a quiz graded on the spot (nothing kept), a PDF for teachers."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from jes.referral.routing_service import service_summaries

from .. import content
from ..checks import learning
from .pdf import pdf_response, refused, render_pdf

AUDIENCES = {
    "students_14_plus": _("Students aged 14 and over"),
    "teachers": _("Teachers and youth workers"),
    "general_public": _("General public"),
    "workers": _("Workers and job seekers"),
    "professionals": _("Frontline professionals"),
}


def _language() -> str:
    return translation.get_language() or "en"


def _module(module_id: str) -> learning.Module:
    module = content.module(module_id)
    if module is None:
        raise Http404("no such module")
    return module


def modules(request: HttpRequest) -> HttpResponse:
    language = _language()
    items = [(m, m.text(language), [AUDIENCES.get(a, a) for a in m.audience]) for m in content.modules()]
    return render(request, "prevention/modules.html", {"items": items})


def _answers(request: HttpRequest, module: learning.Module) -> dict[str, list[str]]:
    """The options ticked per question; only this module's question ids are read from the form."""
    return {q.id: request.POST.getlist(f"q-{q.id}") for q in module.questions}


def _context(module: learning.Module, language: str) -> dict[str, Any]:
    """What the page and the PDF both show: the module in LANGUAGE, its reading list and its help services."""
    text = module.text(language)
    return {
        "module": module,
        "text": text,
        "readings": module.further_reading,
        "help_services": service_summaries(text.help.services) if text.help else [],
    }


@csrf_exempt  # grading changes nothing on the server and keeps nothing: no cookie needed
@never_cache
def module(request: HttpRequest, module_id: str) -> HttpResponse:
    item = _module(module_id)
    context = _context(item, _language())
    if request.method == "POST":
        answers = _answers(request, item)
        try:
            result = learning.grade(item, answers, _language())
        except learning.AnswerError as error:
            context["error"] = str(error)
            return render(request, "prevention/module.html", context, status=400)
        context |= {"result": result, "answers": answers}
    return render(request, "prevention/module.html", context)


def module_pdf_bytes(item: learning.Module, language: str) -> bytes:
    """The module, its quiz and the answer key with explanations, as PDF (the page and `jes prevention learn pdf`)."""
    with translation.override(language):
        context = _context(item, language) | {"key": learning.grade(item, {}, language)}
        html = render_to_string("prevention/module_print.html", context)
    return render_pdf(html)


def module_pdf(request: HttpRequest, module_id: str) -> HttpResponse:
    """For teachers: the module as PDF in the page's language."""
    item = _module(module_id)
    language = _language()
    # The same module and language give the same PDF: built once, then served from the cache.
    key = f"prevention:module-pdf:{item.id}:{language}:{content.modules_version()}"
    pdf = cache.get(key)
    if pdf is None:
        if (answer := refused(request)) is not None:
            return answer
        pdf = module_pdf_bytes(item, language)
        cache.set(key, pdf, timeout=24 * 60 * 60)
    return pdf_response(pdf, f"jes-{item.id}-{language}.pdf")
