"""The prevention start page: the three tools, for anyone, without an account."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import content


def index(request: HttpRequest) -> HttpResponse:
    language = getattr(request, "LANGUAGE_CODE", "en")
    modules = [(m.id, m.text(language)) for m in content.modules()]
    return render(request, "prevention/index.html", {"modules": modules})
