"""Read-only JSON API with pagination; django-ninja publishes its OpenAPI description at /api/openapi.json."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from .models import Statistic
from .queries import Filters, base_queryset, facets, filtered, ordered
from .services import entry_record

api = NinjaAPI(
    title="JeS platform API",
    version="1",
    description="Read-only access to the JeS evidence catalogue. Filters take the same parameters as the web pages.",
    urls_namespace="api",
)


class Tags(Schema):
    forms: list[str]
    target_groups: list[str]
    actions: list[str]


class EntryOut(Schema):
    id: int
    country: str
    section: str
    row: int | None
    title: str
    authors: list[str]
    year: int | None
    links: list[str]
    seed_line: int | None
    tags: Tags
    missing: list[str]
    fields: dict[str, Any]


class StatisticOut(Schema):
    country: str
    what: str
    value: str
    unit: str
    period: str
    place: str
    source: str
    seed_line: int | None


def _out(entry: Any) -> dict[str, Any]:
    record = entry_record(entry)
    common = set(EntryOut.model_fields)
    record["fields"] = {k: v for k, v in record.items() if k not in common and k != "notes"}
    return record


class _Params:
    """Adapts ninja's query dict to Filters.from_params (which expects getlist)."""

    def __init__(self, request: HttpRequest):
        self.request = request

    def get(self, key: str, default: Any = None) -> Any:
        return self.request.GET.get(key, default)

    def getlist(self, key: str) -> list[str]:
        return self.request.GET.getlist(key)


@api.get(
    "/entries",
    response=list[EntryOut],
    summary="Search and filter catalogue entries",
    description="Query parameters: q, country, section, form, action, target, year (repeatable), limit, offset.",
)
@paginate(LimitOffsetPagination)
def list_entries(request: HttpRequest) -> Any:
    filters = Filters.from_params(_Params(request))
    qs = ordered(filtered(filters), filters, fetch=base_queryset()).prefetch_related("tags")
    return _LazyRecords(qs)


class _LazyRecords:
    """Converts only the requested page to records: the paginator slices before iterating."""

    def __init__(self, qs: Any):
        self.qs = qs

    def __len__(self) -> int:
        return int(self.qs.count())

    def count(self) -> int:
        return len(self)

    def __getitem__(self, item: slice) -> list[dict[str, Any]]:
        return [_out(e) for e in self.qs[item]]


@api.get("/entries/{entry_id}", response=EntryOut, summary="One catalogue entry")
def get_entry(request: HttpRequest, entry_id: int) -> Any:
    return _out(get_object_or_404(filtered(Filters()).prefetch_related("tags"), pk=entry_id))


@api.get("/facets", summary="Facet counts for a search (same parameters as /entries)")
def get_facets(request: HttpRequest) -> dict[str, Any]:
    return facets(filtered(Filters.from_params(_Params(request))))


@api.get("/statistics", response=list[StatisticOut], summary="Sourced statistics stated by the report")
@paginate(LimitOffsetPagination)
def list_statistics(request: HttpRequest, country: str | None = None) -> Any:
    qs = Statistic.objects.all()
    if country:
        qs = qs.filter(country=country.upper())
    return [
        {
            **{f: getattr(s, f) for f in ("country", "what", "unit", "period", "place", "source", "seed_line")},
            "value": s.value_display,
        }
        for s in qs
    ]
