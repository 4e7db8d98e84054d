"""Published figures: UNODC GLOTIP series compared across countries, and the joint report's own statistics.

These are aggregates their publishers already released; they are shown as published (with UNODC's "<5"),
and never mixed with the observatory's case counts.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from jes.files import spreadsheet_text
from jes.reports.charts import bar_chart_svg, line_chart_svg, svg_data_uri
from jes.reports.model import Graph, GraphPoint

from ..series import DETECTED, FOCUS, Series, glotip_categories, glotip_countries, glotip_indicators, glotip_series
from ..series import seed_figures as load_seed_figures

MAX_COUNTRIES = 8
GRAPH_1 = "graph-1"


def _choices(request: HttpRequest) -> dict[str, Any]:
    indicators = glotip_indicators()
    indicator = request.GET.get("indicator", DETECTED)
    if indicator not in indicators:
        indicator = DETECTED
    categories = ["Total", *glotip_categories()] if indicator == DETECTED else ["Total"]
    category = request.GET.get("category", "Total")
    if category not in categories:
        category = "Total"
    known = dict(glotip_countries())
    countries = [c for c in request.GET.getlist("country") if c in known][:MAX_COUNTRIES]
    return {
        "indicators": indicators,
        "indicator": indicator,
        "categories": categories,
        "category": category,
        "all_countries": sorted(known.items(), key=lambda item: item[1]),
        "countries": countries or [c for c in FOCUS if c in known],
    }


def _table(series: list[Series]) -> dict[str, Any]:
    years = sorted({y for s in series for y in s.years})
    by_series = [{p.year: p.text for p in s.points} for s in series]
    rows = [{"year": y, "cells": [values.get(y, "") for values in by_series]} for y in years]
    return {"columns": [s.place for s in series], "rows": rows}


def _csv(series: list[Series], choice: dict[str, Any]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["country", "place", "indicator", "category", "year", "value_as_published", "source"])
    for s in series:
        for p in s.points:
            place = spreadsheet_text(s.place)
            writer.writerow([s.country, place, choice["indicator"], choice["category"], p.year, p.text, s.source])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="observatory-published-figures.csv"'
    return response


def _graph_1() -> str | None:
    """The seed's Graph 1 with only the years whose values the seed states (the image itself was not in the text)."""
    points = sorted(load_seed_figures(GRAPH_1), key=lambda f: f.year_start or 0)
    if not points:
        return None
    graph = Graph(
        anchor=GRAPH_1,
        title=points[0].indicator,
        source=points[0].source,
        points=[GraphPoint(label=f.period, value=float(f.value) if f.value is not None else None) for f in points],
        unit=points[0].unit,
    )
    return svg_data_uri(bar_chart_svg(graph))


def figures(request: HttpRequest) -> HttpResponse:
    choice = _choices(request)
    dimension = "Total" if choice["category"] == "Total" else "by form of exploitation"
    series = glotip_series(
        choice["countries"], indicator=choice["indicator"], dimension=dimension, category=choice["category"]
    )
    if request.GET.get("format") == "csv":
        return _csv(series, choice)
    chart = None
    if series:
        lines = [(s.place, [(p.year, p.value) for p in s.points]) for s in series]
        chart = svg_data_uri(line_chart_svg(lines, _("count"), note=_("Gaps: not published or masked (<5).")))
    seed = load_seed_figures()
    context = choice | {
        "series": series,
        "table": _table(series),
        "chart": chart,
        "source": series[0].source if series else "",
        "graph_1": _graph_1(),
        "graph_1_points": [f for f in seed if f.graph == GRAPH_1],
        "seed_figures": [f for f in seed if not f.graph],
        "querystring": request.GET.urlencode(),
    }
    return render(request, "observatory/figures.html", context)
