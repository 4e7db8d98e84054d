"""Yearly series read from aggregates: published figures (GLOTIP) and case-record counts.

Everything here is a GROUP BY or a filter on aggregate rows; no case row is loaded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, F

from .models import FORM_FIELDS, CaseRecord, FigureOrigin, PublishedFigure

DETECTED = "Detected trafficking victims"
# The five countries of the joint report, in its order.
FOCUS = ("SVN", "BEL", "FIN", "ITA", "ESP")


@dataclass
class Point:
    year: int
    value: int | None  # None: masked by the publisher ("<5") or not published
    text: str


@dataclass
class Series:
    """One yearly series with what it counts and where it comes from."""

    key: str
    label: str
    place: str
    country: str
    source: str
    points: list[Point] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        return [p.year for p in self.points]


def glotip_indicators() -> list[str]:
    qs = PublishedFigure.objects.filter(origin=FigureOrigin.GLOTIP)
    return list(qs.order_by("indicator").values_list("indicator", flat=True).distinct())


def glotip_countries() -> list[tuple[str, str]]:
    qs = PublishedFigure.objects.filter(origin=FigureOrigin.GLOTIP).order_by("place")
    return list(qs.values_list("country", "place").distinct())


def glotip_series(
    countries: Sequence[str],
    *,
    indicator: str = DETECTED,
    dimension: str = "Total",
    category: str = "Total",
    sex: str = "Total",
    age: str = "Total",
) -> list[Series]:
    """One series per country (in the order given) for one GLOTIP indicator and breakdown."""
    rows = (
        PublishedFigure.objects.filter(
            origin=FigureOrigin.GLOTIP,
            country__in=countries,
            indicator=indicator,
            dimension=dimension,
            category=category,
            sex=sex,
            age=age,
        )
        .order_by("country", "year_start")
        .values("country", "place", "year_start", "value", "value_text", "source")
    )
    by_country: dict[str, Series] = {}
    for row in rows:
        series = by_country.get(row["country"])
        if series is None:
            label = indicator if category == "Total" else f"{indicator}: {category}"
            series = Series(
                key=f"glotip:{row['country']}:{indicator}:{category}",
                label=label,
                place=row["place"],
                country=row["country"],
                source=row["source"],
            )
            by_country[row["country"]] = series
        value = None if row["value"] is None else int(row["value"])
        series.points.append(Point(row["year_start"], value, row["value_text"]))
    return [by_country[c] for c in countries if c in by_country]


def glotip_form_series(countries: Sequence[str]) -> list[Series]:
    """Detected victims per country: all forms, then each form of exploitation UNODC reports."""
    series = []
    for category in ["Total", *glotip_categories()]:
        dimension = "Total" if category == "Total" else "by form of exploitation"
        series += glotip_series(countries, indicator=DETECTED, dimension=dimension, category=category)
    return series


def glotip_categories(dimension: str = "by form of exploitation") -> list[str]:
    qs = PublishedFigure.objects.filter(origin=FigureOrigin.GLOTIP, indicator=DETECTED, dimension=dimension)
    return list(qs.order_by("category").values_list("category", flat=True).distinct())


def case_series(country: str | None = None) -> list[Series]:
    """Case records per single year (banded years like "2014-2018" cannot be placed), by form of exploitation."""
    qs = CaseRecord.objects.filter(year_start__isnull=False, year_start=F("year_end"))
    if country:
        qs = qs.filter(country_of_exploitation=country)
    out = []
    for form, flag in FORM_FIELDS.items():
        counts: dict[tuple[str, int], int] = defaultdict(int)
        for row in (
            qs.filter(**{flag: True}).order_by().values("country_of_exploitation", "year_start").annotate(n=Count("id"))
        ):
            counts[(row["country_of_exploitation"] or "", row["year_start"])] += row["n"]
        for place in sorted({c for c, _ in counts}):
            years = sorted(y for c, y in counts if c == place)
            points = [Point(y, counts.get((place, y), 0), str(counts.get((place, y), 0))) for y in _span(years)]
            out.append(
                Series(
                    key=f"cases:{place}:{form}",
                    label=f"Case records: {form.label.lower()}",
                    place=place or "country not recorded",
                    country=place,
                    source="case records in this observatory",
                    points=points,
                )
            )
    return out


def _span(years: list[int]) -> list[int]:
    return list(range(years[0], years[-1] + 1)) if years else []


def seed_figures(graph: str | None = None) -> list[PublishedFigure]:
    qs = PublishedFigure.objects.filter(origin=FigureOrigin.SEED)
    if graph is not None:
        qs = qs.filter(graph=graph)
    return list(qs.order_by("country", "seed_line", "id"))
