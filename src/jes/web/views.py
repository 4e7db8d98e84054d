from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from jes.catalogue.services import countries_overview, statistics_overview


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "web/home.html", {"countries": countries_overview(), "statistics": statistics_overview()})


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
