"""Full-text search over Entry.search_text: FTS5 on SQLite, a tsvector column on PostgreSQL.

Both backends index the same folded text (see content.text.fold), so a query
behaves the same on either: every word must match, as a prefix. Matching is a
plain `id IN (subquery)` filter, so it composes with facets and counts; ranking
is a separate step applied only to the list a person reads. The index objects
come from migration 0002 and are unknown to the ORM, hence the raw SQL here
(constant SQL; the user's words always travel as parameters).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Count, Lookup, Window
from django.db.models.expressions import RawSQL

from .content.text import tokens

if TYPE_CHECKING:
    from .models import EntryQuerySet

FTS_TABLE = "catalogue_entry_fts"
SQLITE_MATCH = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608 - constant table


def fts5_query(words: list[str]) -> str:
    # Each token is quoted, so FTS5 operators typed by a user are taken as words.
    return " AND ".join(f'"{w}"*' for w in words)


def tsquery(words: list[str]) -> str:
    return " & ".join(f"{w}:*" for w in words)


class FullTextMatch(Lookup):  # type: ignore[type-arg]
    """``id__fulltext=words``: the row's search index matches every word.

    A lookup (not an IN over a second scan of the table) so that PostgreSQL tests the
    stored vector of the row it already reads, under whatever alias the query gives it.
    """

    lookup_name = "fulltext"
    prepare_rhs = False  # the words are not ids

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        words = list(self.rhs)
        if connection.vendor == "postgresql":
            vector = lhs.rsplit(".", 1)[0] + '."search_vector"'
            return f"{vector} @@ to_tsquery('simple', %s)", [*lhs_params, tsquery(words)]
        return f"{lhs} IN ({SQLITE_MATCH})", [*lhs_params, fts5_query(words)]


def search(qs: EntryQuerySet, text: str) -> EntryQuerySet:
    """Entries matching every word of ``text``; unordered."""
    words = tokens(text)
    if not words:
        return qs
    return qs.filter(id__fulltext=words)


def ranked(qs: EntryQuerySet, text: str) -> EntryQuerySet:
    """``qs`` (already filtered by search) ordered by relevance, best first."""
    words = tokens(text)
    if not words:
        return qs
    if connection.vendor == "postgresql":
        rank = RawSQL("ts_rank(catalogue_entry.search_vector, to_tsquery('simple', %s))", (tsquery(words),))  # noqa: S611
        return qs.annotate(rank=rank).order_by("-rank", "id")
    # bm25 needs the FTS5 cursor of the MATCH, so ranking joins the FTS table on rowid;
    # Django has no expression for that join, hence this narrow use of extra().
    return qs.extra(  # noqa: S610 - constant SQL
        tables=[FTS_TABLE],
        where=[f"{FTS_TABLE}.rowid = catalogue_entry.id", f"{FTS_TABLE} MATCH %s"],
        params=[fts5_query(words)],
        select={"rank": f"{FTS_TABLE}.rank"},
        order_by=["rank", "id"],
    )


class PagedResults:
    """Results read a page at a time: count(), slicing and prefetch_related, like a queryset.

    Subclasses say how to count and which ids a slice holds; the full entries (with their
    template tables joined) are fetched only for those ids.
    """

    def __init__(self, fetch: EntryQuerySet):
        self.fetch = fetch
        self._count: int | None = None

    def _total(self) -> int:
        raise NotImplementedError

    def _ids(self, start: int, stop: int) -> list[int]:
        raise NotImplementedError

    def count(self) -> int:
        if self._count is None:
            self._count = self._total()
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item: slice) -> list[Any]:
        start = item.start or 0
        stop = item.stop if item.stop is not None else self.count()
        ids = self._ids(start, stop)
        found = self.fetch.in_bulk(ids)
        return [found[i] for i in ids if i in found]

    def __iter__(self) -> Any:
        return iter(self[0 : self.count()])

    def prefetch_related(self, *lookups: str) -> PagedResults:
        self.fetch = self.fetch.prefetch_related(*lookups)
        return self


class TextOnlyResults(PagedResults):
    """A plain text search on SQLite, answered from the FTS5 index alone.

    Counting and ranking in the FTS table skips a lookup in the wide entry table for
    every match.
    """

    def __init__(self, fetch: EntryQuerySet, text: str):
        super().__init__(fetch)
        self.match = fts5_query(tokens(text))

    def _total(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [self.match])  # noqa: S608
            return int(cursor.fetchone()[0])

    def _ids(self, start: int, stop: int) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(
                f"{SQLITE_MATCH} ORDER BY rank, rowid LIMIT %s OFFSET %s",  # noqa: S608 - constant SQL
                [self.match, max(stop - start, 0), start],
            )
            return [row[0] for row in cursor.fetchall()]


class RankedPage(PagedResults):
    """Count on the filtered rows alone; rank and cut a page of ids; only then fetch full entries.

    Sorting thousands of matches after joining the six template tables is what makes a naive
    ranked query slow; here the joins touch only the rows of the page.
    """

    def __init__(self, filtered: EntryQuerySet, ordered_ids: EntryQuerySet, fetch: EntryQuerySet):
        super().__init__(fetch)
        self.filtered = filtered
        self.ordered_ids = ordered_ids
        self._primed: tuple[int, int, list[int]] | None = None

    def prime(self, start: int, stop: int) -> None:
        """Read the ids of one page and the total in a single pass (COUNT(*) OVER ())."""
        rows = list(self.ordered_ids.annotate(_total=Window(Count("id"))).values_list("id", "_total")[start:stop])
        self._primed = (start, stop, [r[0] for r in rows])
        if rows:
            self._count = int(rows[0][1])
        elif start == 0:
            self._count = 0

    def _total(self) -> int:
        return int(self.filtered.order_by().count())

    def _ids(self, start: int, stop: int) -> list[int]:
        if self._primed and self._primed[:2] == (start, stop):
            return self._primed[2]
        return list(self.ordered_ids.values_list("id", flat=True)[start:stop])


def can_answer_from_index(text: str) -> bool:
    return connection.vendor == "sqlite" and bool(tokens(text))
