"""Published statistics: counts from database aggregates, then small-cell and complementary suppression.

Only aggregates leave the database (``values(...).annotate(n=Count("id"))``); no case row is ever loaded
into Python here, so the public pages and the CLI cannot leak a record by construction.

Forms of exploitation are multi-valued (a victim can be recorded under forced labour AND sexual exploitation).
The "form" dimension is therefore counted on each form's boolean column (SQLite has no JSON-containment
lookup): one GROUP BY with a filtered COUNT per form, plus one for the records without any form ("Unknown").
Means of control are multi-valued in the same way and counted the same way.
A victim with two forms is counted under each: the totals of a table by form count
victim-form pairs, not victims. The suppression audit holds for that table as published; combining it with
another table of the same victims (linked tables) is outside what `publish_counts` audits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Q, QuerySet

from .models import FORM_FIELDS, MEANS_FIELDS, CaseRecord
from .stats.suppression import DEFAULT_K, SuppressionError, SuppressionResult, publish_counts

# Public dimension name -> CaseRecord field ("form" is special, see the module docstring).
DIMENSIONS: dict[str, str | None] = {
    "year": "year_label",
    "gender": "gender",
    "age_band": "age_band",
    "citizenship_region": "citizenship_region",
    "exploitation_region": "exploitation_region",
    "citizenship": "citizenship",
    "country": "country_of_exploitation",
    "form": None,
    "means_of_control": None,
    "recruiter_relation": "recruiter_relation",
}
# Tables up to this many cells are audited by LP (exact, slower); larger ones by max-flow (same bounds).
LP_AUDIT_MAX_CELLS = 60

# ISO 3166-1 alpha-2 -> alpha-3 for the countries the observatory reports on first (EU, EEA, UK, CH, UA);
# records store alpha-3. Eurostat's "EL" for Greece is accepted too. Other countries: give the alpha-3 code.
ALPHA3: dict[str, str] = {
    "AT": "AUT", "BE": "BEL", "BG": "BGR", "HR": "HRV", "CY": "CYP", "CZ": "CZE", "DK": "DNK", "EE": "EST",
    "FI": "FIN", "FR": "FRA", "DE": "DEU", "GR": "GRC", "EL": "GRC", "HU": "HUN", "IE": "IRL", "IT": "ITA",
    "LV": "LVA", "LT": "LTU", "LU": "LUX", "MT": "MLT", "NL": "NLD", "PL": "POL", "PT": "PRT", "RO": "ROU",
    "SK": "SVK", "SI": "SVN", "ES": "ESP", "SE": "SWE", "IS": "ISL", "LI": "LIE", "NO": "NOR", "CH": "CHE",
    "GB": "GBR", "UA": "UKR",
}  # fmt: skip


class StatsError(ValueError):
    """A request the publisher cannot answer (unknown dimension, bad country code, no matching records)."""


def parse_by(value: str | Sequence[str]) -> list[str]:
    dims = [d.strip() for d in value.split(",")] if isinstance(value, str) else [d.strip() for d in value]
    dims = [d for d in dims if d]
    unknown = [d for d in dims if d not in DIMENSIONS]
    if unknown:
        raise StatsError(f"unknown dimension(s) {', '.join(unknown)}; known: {', '.join(DIMENSIONS)}")
    if not 1 <= len(dims) <= 2 or len(set(dims)) != len(dims):
        raise StatsError(f"give one or two different dimensions, got {','.join(dims) or 'none'}")
    return dims


def country_code(value: str) -> str:
    """An ISO 3166-1 alpha-3 code from alpha-3 or one of the alpha-2 codes in ALPHA3."""
    code = value.strip().upper()
    if len(code) == 3 and code.isalpha():
        return code
    if code in ALPHA3:
        return ALPHA3[code]
    raise StatsError(f"--country {value!r}: give an ISO 3166-1 alpha-3 code (e.g. ESP), or alpha-2 for EU/EEA/UK")


def cases(*, country: str | None = None, region: str | None = None, source: str | None = None) -> QuerySet:
    qs = CaseRecord.objects.all()
    if country:
        qs = qs.filter(country_of_exploitation=country_code(country))
    if region:
        qs = qs.filter(exploitation_region=region)
    if source:
        qs = qs.filter(data_source=source)
    return qs


def _group(qs: QuerySet, dims: list[str]) -> list[dict[str, Any]]:
    """One GROUP BY query: [{dim: label, "n": count}] for plain (single-valued) dimensions."""
    fields = [DIMENSIONS[d] for d in dims]
    if not fields:
        return [{"n": qs.aggregate(n=Count("id"))["n"]}]
    out = []
    for row in qs.order_by().values(*fields).annotate(n=Count("id")):
        out.append({d: row[f] for d, f in zip(dims, fields, strict=True)} | {"n": row["n"]})
    return out


# Multi-valued dimensions: each value's boolean column (a record counts under every value it has).
MULTI: dict[str, dict[str, str]] = {"form": dict(FORM_FIELDS), "means_of_control": dict(MEANS_FIELDS)}


def aggregate(by: Sequence[str], qs: QuerySet | None = None) -> list[dict[str, Any]]:
    """Counts by the dimensions BY, each {dim: label or None, ..., "n": count}, from database aggregates only."""
    dims = parse_by(by)
    qs = CaseRecord.objects.all() if qs is None else qs
    multi = [d for d in dims if d in MULTI]
    if not multi:
        return _group(qs, dims)
    if len(multi) > 1:
        raise StatsError("form and means_of_control are both multi-valued: give only one of them")
    return _group_by_flags(qs, multi[0], [d for d in dims if d != multi[0]])


def _group_by_flags(qs: QuerySet, dim: str, others: list[str]) -> list[dict[str, Any]]:
    """One GROUP BY with a filtered COUNT per value of DIM (and one for records with none)."""
    flags = MULTI[dim]
    fields = [DIMENSIONS[d] for d in others]
    counts = {f"v{i}": Count("id", filter=Q(**{column: True})) for i, column in enumerate(flags.values())}
    counts["none"] = Count("id", filter=Q(**{column: False for column in flags.values()}))
    grouped = qs.order_by().values(*fields).annotate(**counts) if fields else [qs.aggregate(**counts)]
    values: list[str | None] = [*flags, None]
    rows: list[dict[str, Any]] = []
    for row in grouped:
        labels = {d: row[f] for d, f in zip(others, fields, strict=True)}
        for key, value in zip([*(f"v{i}" for i in range(len(flags))), "none"], values, strict=True):
            if row[key]:
                rows.append(labels | {dim: value, "n": row[key]})
    return rows


def publish(
    by: Sequence[str] | str,
    *,
    k: int = DEFAULT_K,
    country: str | None = None,
    region: str | None = None,
    source: str | None = None,
) -> SuppressionResult:
    """The public table by one or two dimensions, suppressed so that no withheld cell can be recovered."""
    dims = parse_by(by)
    if k < 1:
        raise StatsError(f"--k must be at least 1, got {k}")
    counts = aggregate(dims, cases(country=country, region=region, source=source))
    if not counts:
        raise StatsError("no case records match")
    cells = 1
    for d in dims:
        cells *= len({r[d] for r in counts})
    try:
        return publish_counts(counts, dims, k=k, audit="lp" if cells <= LP_AUDIT_MAX_CELLS else "flow")
    except SuppressionError as error:
        raise StatsError(str(error)) from error
