"""Early warning: unusual rises (or falls) in yearly series, each alert explained."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from jes.reports.charts import line_chart_svg, svg_data_uri

from ..series import FOCUS, case_series, glotip_countries, glotip_form_series
from ..warning import SeriesWarning, check_all, to_rows

METHODS = {"farrington": "Farrington (flexible)", "cusum": "Poisson CUSUM"}
DIRECTIONS = ("up", "down", "both")


def _chart(result: SeriesWarning) -> str | None:
    if result.detection is None or not result.detection.checks:
        return None
    observed = [(p.year, p.value) for p in result.series.points]
    expected = [(int(c.period), round(c.expected, 1)) for c in result.detection.checks]
    upper = [(int(c.period), round(c.upper, 1)) for c in result.detection.checks]
    lines = [(_("observed"), observed), (_("expected"), expected), (_("alert limit"), upper)]
    return svg_data_uri(line_chart_svg(lines, _("count")))  # type: ignore[arg-type]


def _options(request: HttpRequest) -> dict[str, Any]:
    """The page's and the API's choices, each checked against what it may be (unknown values fall back)."""
    source = request.GET.get("source", "glotip")
    method = request.GET.get("method", "farrington")
    direction = request.GET.get("direction", "up")
    known = dict(glotip_countries())
    countries = [c for c in request.GET.getlist("country") if c in known] or [c for c in FOCUS if c in known]
    return {
        "source": source if source in ("glotip", "cases") else "glotip",
        "method": method if method in METHODS else "farrington",
        "direction": direction if direction in DIRECTIONS else "up",
        "countries": countries,
        "known": known,
    }


def _results(options: dict[str, Any]) -> list[SeriesWarning]:
    series = glotip_form_series(options["countries"]) if options["source"] == "glotip" else case_series()
    return check_all(series, method=options["method"], directions=options["direction"])


def early_warning(request: HttpRequest) -> HttpResponse:
    options = _options(request)
    results = _results(options)
    flagged = [(r, _chart(r)) for r in results if r.alerts]
    context = {
        "source": options["source"],
        "method": options["method"],
        "methods": METHODS,
        "direction": options["direction"],
        "all_countries": sorted(options["known"].items(), key=lambda item: item[1]),
        "countries": options["countries"],
        "flagged": flagged,
        "quiet": [r for r in results if not r.alerts],
    }
    return render(request, "observatory/warning.html", context)


def early_warning_api(request: HttpRequest) -> JsonResponse:
    """GET /observatory/api/early-warning.json?source=glotip&country=SVN&method=farrington&direction=up"""
    options = _options(request)
    body = {k: options[k] for k in ("source", "method", "direction", "countries")}
    body["series"] = to_rows(_results(options))
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})
