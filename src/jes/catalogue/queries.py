"""Catalogue queries: filters from request parameters and facet counts, all in the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet

from .content.schema import ACTIONS, COUNTRIES, FORMS, SECTIONS, TARGET_GROUPS
from .models import SECTION_MODELS, Entry, EntryQuerySet, TagKind
from .search import RankedPage, TextOnlyResults, can_answer_from_index, ranked

TAG_PARAMS = {"form": TagKind.FORM, "action": TagKind.ACTION, "target": TagKind.TARGET}
VOCABULARIES = {"country": COUNTRIES, "section": SECTIONS, "form": FORMS, "action": ACTIONS, "target": TARGET_GROUPS}


@dataclass
class Filters:
    q: str = ""
    country: list[str] = field(default_factory=list)
    section: list[str] = field(default_factory=list)
    form: list[str] = field(default_factory=list)
    action: list[str] = field(default_factory=list)
    target: list[str] = field(default_factory=list)
    year: list[int] = field(default_factory=list)

    @classmethod
    def from_params(cls, params: Any) -> Filters:
        """Unknown values are dropped rather than failing: a stale bookmarked URL still works."""
        f = cls(q=(params.get("q") or "").strip()[:200])
        for name, vocabulary in VOCABULARIES.items():
            setattr(f, name, [v for v in params.getlist(name) if v in vocabulary])
        f.year = [int(y) for y in params.getlist("year") if y.isdigit() and 1900 < int(y) < 2200]
        return f

    def only_text(self) -> bool:
        return not (self.country or self.section or self.form or self.action or self.target or self.year)

    def is_empty(self) -> bool:
        return not (self.q or self.country or self.section or self.form or self.action or self.target or self.year)


def base_queryset() -> EntryQuerySet:
    return Entry.objects.select_related(*[m.__name__.lower() for m in SECTION_MODELS.values()])


def filtered(filters: Filters, qs: EntryQuerySet | None = None) -> EntryQuerySet:
    qs = qs if qs is not None else base_queryset()
    if filters.country:
        qs = qs.filter(country__in=filters.country)
    if filters.section:
        qs = qs.filter(section__in=filters.section)
    if filters.year:
        qs = qs.filter(year__in=filters.year)
    for param, kind in TAG_PARAMS.items():
        codes = getattr(filters, param)
        if codes:
            # Within one facet any chosen value matches (OR); facets combine with AND.
            qs = qs.filter(
                id__in=Entry.tags.through.objects.filter(tag__kind=kind, tag__code__in=codes).values("entry_id")
            )
    return qs.search(filters.q) if filters.q else qs


def list_queryset() -> EntryQuerySet:
    """What a result list shows of an entry: no template table, no search text."""
    return Entry.objects.only("id", "country", "section", "year", "title", "label")


def ordered(
    qs: EntryQuerySet, filters: Filters, paged: bool = True, fetch: EntryQuerySet | None = None
) -> EntryQuerySet | TextOnlyResults | RankedPage:
    """Best match first for a search; the report's order otherwise.

    ``paged`` results are read a page at a time: they may come straight from the search
    index, and are ranked on ids before the entries of the page are fetched with ``fetch``
    (by default just what a result list shows).
    """
    if not paged:
        return ranked(qs, filters.q) if filters.q else qs.in_report_order()
    fetch = fetch if fetch is not None else list_queryset()
    if filters.q and filters.only_text() and can_answer_from_index(filters.q):
        return TextOnlyResults(fetch, filters.q)
    plain = qs.select_related(None).order_by()
    ids = ranked(plain, filters.q) if filters.q else plain.in_report_order()
    return RankedPage(plain, ids, fetch)


def facets(qs: QuerySet[Entry]) -> dict[str, list[dict[str, Any]]]:
    """Counts per facet value over the rows of ``qs``, one grouped query per facet."""
    plain = qs.select_related(None).order_by()
    out: dict[str, list[dict[str, Any]]] = {}
    for name in ("country", "section"):
        counts = dict(plain.values_list(name).annotate(n=Count("id")))
        out[name] = [
            {"code": c, "label": lbl, "count": counts[c]} for c, lbl in VOCABULARIES[name].items() if counts.get(c)
        ]
    years = plain.exclude(year=None).values_list("year").annotate(n=Count("id")).order_by("-year")
    out["year"] = [{"code": str(y), "label": str(y), "count": n} for y, n in years]
    by_kind: dict[str, dict[str, int]] = {}
    for kind, code, n in (
        plain.filter(tags__isnull=False).values_list("tags__kind", "tags__code").annotate(n=Count("id"))
    ):
        by_kind.setdefault(kind, {})[code] = n
    for param, kind in TAG_PARAMS.items():
        counts = by_kind.get(str(kind), {})
        out[param] = [
            {"code": c, "label": lbl, "count": counts[c]} for c, lbl in VOCABULARIES[param].items() if counts.get(c)
        ]
    return out


def results_page(
    filters: Filters, number: int, size: int
) -> tuple[EntryQuerySet, EntryQuerySet | TextOnlyResults | RankedPage]:
    """The filtered rows (for facets) and the ordered results, with page ``number`` read ahead."""
    qs = filtered(filters)
    results = ordered(qs, filters)
    if isinstance(results, RankedPage) and number >= 1:
        results.prime((number - 1) * size, number * size)
    return qs, results
