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

from jes.referral.report_guard import allow_pdf, retry_after
from jes.referral.routing_service import service_summaries

from .. import content
from ..checks import learning

AUDIENCES = {
    "students_14_plus": _("Students aged 14 and over"),
    "teachers": _("Teachers and youth workers"),
    "general_public": _("General public"),
    "workers": _("Workers and job seekers"),
    "professionals": _("Frontline professionals"),
}


def _language(request: HttpRequest) -> str:
    return translation.get_language() or "en"


def _module(module_id: str) -> learning.Module:
    module = content.module(module_id)
    if module is None:
        raise Http404("no such module")
    return module


def modules(request: HttpRequest) -> HttpResponse:
    language = _language(request)
    items = [(m, m.text(language), [AUDIENCES.get(a, a) for a in m.audience]) for m in content.modules()]
    return render(request, "prevention/modules.html", {"items": items})


def _answers(request: HttpRequest, module: learning.Module) -> dict[str, list[str]]:
    """The options ticked per question; only this module's question ids are read from the form."""
    return {q.id: request.POST.getlist(f"q-{q.id}") for q in module.questions}


def _context(request: HttpRequest, module: learning.Module) -> dict[str, Any]:
    language = _language(request)
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
    context = _context(request, item)
    if request.method == "POST":
        answers = _answers(request, item)
        try:
            result = learning.grade(item, answers, _language(request))
        except learning.AnswerError as error:
            context["error"] = str(error)
            return render(request, "prevention/module.html", context, status=400)
        context |= {"result": result, "answers": answers, "by_question": {r.question_id: r for r in result.results}}
    return render(request, "prevention/module.html", context)


def module_pdf_bytes(item: learning.Module, language: str) -> bytes:
    """The module, its quiz and the answer key with explanations, as PDF (the page and `jes prevention learn pdf`)."""
    from weasyprint import HTML  # noqa: PLC0415 - only the PDF needs it, and it is slow to import

    with translation.override(language):
        text = item.text(language)
        context = {
            "module": item,
            "text": text,
            "readings": item.further_reading,
            "help_services": service_summaries(text.help.services) if text.help else [],
            "key": learning.grade(item, {}, language),
        }
        html = render_to_string("prevention/module_print.html", context)
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def module_pdf(request: HttpRequest, module_id: str) -> HttpResponse:
    """For teachers: the module as PDF in the page's language."""
    item = _module(module_id)
    language = _language(request)
    # The same module and language give the same PDF: built once, then served from the cache.
    key = f"prevention:module-pdf:{item.id}:{language}:{content.modules_version()}"
    pdf = cache.get(key)
    if pdf is None:
        if not allow_pdf(request):
            response = HttpResponse("Too many PDFs were requested; wait a few minutes.", status=429)
            response["Retry-After"] = str(retry_after("pdf_client"))
            return response
        pdf = module_pdf_bytes(item, language)
        cache.set(key, pdf, timeout=24 * 60 * 60)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="jes-{item.id}-{language}.pdf"'
    return response
