"""Early warning: unusual rises (or falls) in yearly series, each alert explained."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from jes.reports.charts import line_chart_svg, svg_data_uri

from ..series import DETECTED, FOCUS, case_series, glotip_categories, glotip_countries, glotip_series
from ..warning import SeriesWarning, check_all

METHODS = {"farrington": "Farrington (flexible)", "cusum": "Poisson CUSUM"}
DIRECTIONS = ("up", "down", "both")


def _glotip(countries: list[str]) -> list[Any]:
    series = []
    for category in ["Total", *glotip_categories()]:
        dimension = "Total" if category == "Total" else "by form of exploitation"
        series += glotip_series(countries, indicator=DETECTED, dimension=dimension, category=category)
    return series


def _chart(result: SeriesWarning) -> str | None:
    if result.detection is None or not result.detection.checks:
        return None
    observed = [(p.year, p.value) for p in result.series.points]
    expected = [(int(c.period), round(c.expected, 1)) for c in result.detection.checks]
    upper = [(int(c.period), round(c.upper, 1)) for c in result.detection.checks]
    lines = [(_("observed"), observed), (_("expected"), expected), (_("alert limit"), upper)]
    return svg_data_uri(line_chart_svg(lines, _("count")))  # type: ignore[arg-type]


def early_warning(request: HttpRequest) -> HttpResponse:
    source = request.GET.get("source", "glotip")
    source = source if source in ("glotip", "cases") else "glotip"
    method = request.GET.get("method", "farrington")
    method = method if method in METHODS else "farrington"
    direction = request.GET.get("direction", "up")
    direction = direction if direction in DIRECTIONS else "up"
    known = dict(glotip_countries())
    countries = [c for c in request.GET.getlist("country") if c in known] or [c for c in FOCUS if c in known]
    series = _glotip(countries) if source == "glotip" else case_series()
    results = check_all(series, method=method, directions=direction)
    flagged = [r for r in results if r.alerts]
    for result in flagged:
        result.chart = _chart(result)  # type: ignore[attr-defined]
    context = {
        "source": source,
        "method": method,
        "methods": METHODS,
        "direction": direction,
        "all_countries": sorted(known.items(), key=lambda item: item[1]),
        "countries": countries,
        "flagged": flagged,
        "quiet": [r for r in results if not r.alerts],
    }
    return render(request, "observatory/warning.html", context)
