"""The public observatory dashboard, its CSV download and the JSON statistics API.

Every number shown comes from `publish.publish` (database aggregates, then small-cell and complementary
suppression); these views add no query of their own except GROUP BY queries for the filter choices (labels
only, never their counts). A withheld cell is shown as "suppressed" (HTML), an empty value flagged
"suppressed" (CSV) or null (JSON), and nothing says whether it was withheld for being small or as a complement.

The public pages never let k fall below `MIN_PUBLIC_K`: the threshold is the protection, and a visitor must not
be able to choose less of it. Staff who need a lower k for internal work use `jes observatory stats --k`.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jes.files import spreadsheet_text
from jes.reports.charts import counts_bar_svg, svg_data_uri

from ..models import CaseRecord, Form, MeansOfControl
from ..publish import DIMENSIONS, StatsError, country_code, publish
from ..stats.suppression import DEFAULT_K, TOTAL, SuppressionResult

# Cells of 1 to 4 people are where re-identification risk concentrates; no public table may publish them.
MIN_PUBLIC_K = 5
MAX_PUBLIC_K = 1000
DEFAULT_BY = ["year"]
MAX_FILTER_LENGTH = 40

DIMENSION_LABELS: dict[str, Any] = {
    "year": gettext_lazy("Year of registration"),
    "gender": gettext_lazy("Gender"),
    "age_band": gettext_lazy("Age (adult or minor)"),
    "citizenship_region": gettext_lazy("Region of citizenship"),
    "exploitation_region": gettext_lazy("Region of exploitation"),
    "citizenship": gettext_lazy("Citizenship"),
    "country": gettext_lazy("Country of exploitation"),
    "form": gettext_lazy("Form of exploitation"),
    "means_of_control": gettext_lazy("Means of control"),
    "recruiter_relation": gettext_lazy("Relation to the recruiter"),
}
SOURCE_NAMES: dict[str, str] = {
    "ctdc": "Counter Trafficking Data Collaborative (CTDC), global victim-perpetrator synthetic dataset",
    "htcds": "case records to IOM's Human Trafficking Case Data Standard (HTCDS)",
    "glotip": "UNODC Global Report on Trafficking in Persons (GLOTIP) data",
}


class BadParameter(ValueError):
    """A query parameter the dashboard refuses; the message names the parameter."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name


@dataclass
class Query:
    by: list[str] = field(default_factory=lambda: list(DEFAULT_BY))
    k: int = DEFAULT_K
    region: str = ""
    country: str = ""
    source: str = ""
    format: str = "html"

    @property
    def filters(self) -> dict[str, str]:
        return {name: value for name in ("region", "country", "source") if (value := getattr(self, name))}


def parse_query(params: QueryDict, *, formats: tuple[str, ...] = ("html", "csv")) -> Query:
    """Validate the query string; raise BadParameter naming the first bad parameter."""
    query = Query()
    raw_by = [part.strip() for value in params.getlist("by") for part in value.split(",")]
    dims = [d for d in raw_by if d]
    if dims:
        unknown = [d for d in dims if d not in DIMENSIONS]
        if unknown:
            raise BadParameter(
                "by",
                _("unknown dimension %(dims)s; choose from %(known)s")
                % {"dims": ", ".join(unknown), "known": ", ".join(DIMENSIONS)},
            )
        if len(dims) > 2 or len(set(dims)) != len(dims):
            raise BadParameter("by", _("give one or two different dimensions, got %(dims)s") % {"dims": ",".join(dims)})
        query.by = dims
    k = params.get("k", "").strip()
    if k:
        if not k.isdigit():
            raise BadParameter("k", _("must be a whole number, got %(k)r") % {"k": k})
        query.k = int(k)
        if not MIN_PUBLIC_K <= query.k <= MAX_PUBLIC_K:
            raise BadParameter(
                "k",
                _(
                    "must be between %(min)d and %(max)d: public tables never publish counts of fewer than "
                    "%(min)d people"
                )
                % {"min": MIN_PUBLIC_K, "max": MAX_PUBLIC_K},
            )
    for name in ("region", "source"):
        value = params.get(name, "").strip()
        if len(value) > MAX_FILTER_LENGTH or any(not (c.isalnum() or c in " _-.,'()") for c in value):
            raise BadParameter(name, _("not a valid value"))
        setattr(query, name, value)
    country = params.get("country", "").strip()
    if country:
        try:
            query.country = country_code(country)
        except StatsError:
            raise BadParameter(
                "country", _("give an ISO 3166-1 alpha-3 code (e.g. ESP), or alpha-2 for EU/EEA/UK countries")
            ) from None
    fmt = params.get("format", formats[0]).strip() or formats[0]
    if fmt not in formats:
        raise BadParameter("format", _("must be one of %(formats)s") % {"formats": ", ".join(formats)})
    query.format = fmt
    return query


def _publish(query: Query) -> tuple[SuppressionResult | None, str]:
    """The published table, or None with the reason (no data at all, or nothing matching the filters)."""
    try:
        return publish(query.by, k=query.k, **query.filters), ""
    except StatsError as error:
        if CaseRecord.objects.aggregate(n=Count("id"))["n"] == 0:
            return None, _("No data yet: no case records have been imported into the observatory.")
        if "no case records match" in str(error):
            return None, _("No case records match these filters.")
        return None, _("This table cannot be published: %(error)s") % {"error": error}


def _labels(field_name: str) -> list[str]:
    """The distinct values of a field, from a GROUP BY (labels only: the counts are not used)."""
    rows = CaseRecord.objects.order_by().values(field_name).annotate(n=Count("id"))
    return sorted(r[field_name] for r in rows if r[field_name])


def _sources_text(sources: list[str]) -> str:
    names = [SOURCE_NAMES.get(s, s) for s in sources]
    text = "JeS trafficking observatory"
    if names:
        text += ": " + "; ".join(names)
    return text + ". Published with small-cell and complementary suppression; totals are exact."


def _display(dim: str, label: object) -> str:
    if label == TOTAL:
        return _("Total")
    if dim == "form" and label in Form.values:
        return str(Form(label).label)
    if dim == "means_of_control" and label in MeansOfControl.values:
        return str(MeansOfControl(label).label)
    return str(label)


def _cell(value: int | None) -> dict[str, Any]:
    return {"value": value, "suppressed": value is None}


def _grid(result: SuppressionResult, dims: list[str]) -> dict[str, Any]:
    """The table as header, body rows and an optional total row, for the template."""
    if result.col_dim is None:
        body = [
            {"label": _display(dims[0], label), "cells": [_cell(row[0])], "total": None}
            for label, row in zip(result.row_labels, result.published, strict=True)
        ]
        return {"columns": [_("Victims")], "total_column": False, "body": body, "footer": [_cell(result.grand_total)]}
    row_totals, col_totals = result.row_totals, result.col_totals
    body = [
        {
            "label": _display(dims[0], label),
            "cells": [_cell(v) for v in row],
            "total": None if row_totals is None else row_totals[i],
        }
        for i, (label, row) in enumerate(zip(result.row_labels, result.published, strict=True))
    ]
    footer = None
    if col_totals is not None:
        footer = [_cell(v) for v in col_totals] + ([_cell(result.grand_total)] if row_totals is not None else [])
    elif row_totals is None:
        footer = [_cell(result.grand_total)]
    return {
        "columns": [_display(dims[1], c) for c in result.col_labels],
        "total_column": row_totals is not None,
        "body": body,
        "footer": footer,
    }


def _chart(grid: dict[str, Any], dims: int) -> str | None:
    """Bars for a one-way table (a two-way table is read better as the table itself)."""
    if dims != 1 or not grid["body"]:
        return None
    labels = [str(row["label"]) for row in grid["body"]]
    values = [row["cells"][0]["value"] for row in grid["body"]]
    return svg_data_uri(counts_bar_svg(labels, values, _("victims")))


def _csv(result: SuppressionResult, query: Query) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*query.by, "n", "flag"])
    for row in result.to_rows():
        value = row[result.value_key]
        labels = [spreadsheet_text(row[d]) for d in query.by]
        writer.writerow([*labels, "" if value is None else value, "suppressed" if value is None else ""])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    name = "-".join(query.by + [f"{k}-{v}" for k, v in query.filters.items()] + [f"k{query.k}"])
    name = "".join(c if c.isalnum() or c in "-_" else "_" for c in name)
    response["Content-Disposition"] = f'attachment; filename="observatory-{name}.csv"'
    return response


def dashboard(request: HttpRequest) -> HttpResponse:
    context: dict[str, Any] = {
        "dimensions": [(name, DIMENSION_LABELS[name]) for name in DIMENSIONS],
        "regions": _labels("exploitation_region"),
        "countries": _labels("country_of_exploitation"),
        "sources": _labels("data_source"),
        "min_k": MIN_PUBLIC_K,
        "max_k": MAX_PUBLIC_K,
    }
    try:
        query = parse_query(request.GET)
    except BadParameter as error:
        context |= {"query": Query(), "error": str(error), "error_parameter": error.name}
        return render(request, "observatory/dashboard.html", context, status=400)
    result, message = _publish(query)
    if result is not None and query.format == "csv":
        return _csv(result, query)
    params = request.GET.copy()
    params.pop("format", None)
    context |= {
        "query": query,
        "by1": query.by[0],
        "by2": query.by[1] if len(query.by) > 1 else "",
        "dim_labels": [DIMENSION_LABELS[d] for d in query.by],
        "result": result,
        "message": message,
        "querystring": params.urlencode(),
        "api_query": params.urlencode() or "by=year",
        "source_text": _sources_text([query.source] if query.source else context["sources"]),
    }
    if result is not None:
        context["grid"] = _grid(result, query.by)
        context["chart"] = _chart(context["grid"], len(query.by))
        context["suppressed_count"] = sum(v is None for row in result.published for v in row)
    return render(request, "observatory/dashboard.html", context)


def stats_api(request: HttpRequest) -> JsonResponse:
    """GET /observatory/api/stats.json?by=year,gender&k=10[&region=&country=&source=]: the published table."""
    try:
        query = parse_query(request.GET, formats=("json",))
    except BadParameter as error:
        return JsonResponse({"error": str(error), "parameter": error.name}, status=400)
    result, message = _publish(query)
    source = _sources_text([query.source] if query.source else _labels("data_source"))
    body: dict[str, Any] = {"by": query.by, "k": query.k, "filters": query.filters}
    if result is None:
        body |= {"rows": [], "suppressed": 0, "source": source, "message": message}
        return JsonResponse(body)
    body |= {
        "rows": result.to_rows(),
        "suppressed": sum(v is None for row in result.published for v in row),
        "source": source,
    }
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})
