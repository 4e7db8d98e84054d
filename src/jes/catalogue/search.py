"""Full-text search over Entry.search_text: FTS5 on SQLite, tsvector on PostgreSQL.

Both backends index the same folded text (see content.text.fold), so a query
behaves the same on either: every word must match, as a prefix. Matching is a
plain `id IN (subquery)` filter, so it composes with facets and counts; ranking
is a separate step applied only to the list a person reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models.expressions import RawSQL

from .content.text import tokens

if TYPE_CHECKING:
    from .models import EntryQuerySet

FTS_TABLE = "catalogue_entry_fts"


def fts5_query(words: list[str]) -> str:
    # Each token is quoted, so FTS5 operators typed by a user are taken as words.
    return " AND ".join(f'"{w}"*' for w in words)


def tsquery(words: list[str]) -> str:
    return " & ".join(f"{w}:*" for w in words)


def _pg_vector_and_query(words: list[str]) -> tuple[SearchVector, SearchQuery]:
    # Same expression as the GIN index of migration 0002, so PostgreSQL can use it.
    return SearchVector("search_text", config="simple"), SearchQuery(tsquery(words), search_type="raw", config="simple")


def search(qs: EntryQuerySet, text: str) -> EntryQuerySet:
    """Entries matching every word of ``text``; unordered."""
    words = tokens(text)
    if not words:
        return qs
    if connection.vendor == "postgresql":
        vector, query = _pg_vector_and_query(words)
        return qs.annotate(_sv=vector).filter(_sv=query)
    match = RawSQL(f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", (fts5_query(words),))  # noqa: S608,S611 - constant table
    return qs.filter(id__in=match)


def ranked(qs: EntryQuerySet, text: str) -> EntryQuerySet:
    """``qs`` (already filtered by search) ordered by relevance, best first."""
    words = tokens(text)
    if not words:
        return qs
    if connection.vendor == "postgresql":
        vector, query = _pg_vector_and_query(words)
        return qs.annotate(rank=SearchRank(vector, query)).order_by("-rank", "id")
    # bm25 needs the FTS5 cursor of the MATCH, so the ranking joins the FTS table on rowid;
    # Django has no expression for that join, hence this narrow use of extra().
    return qs.extra(  # noqa: S610 - constant SQL; the user's words travel as a parameter
        tables=[FTS_TABLE],
        where=[f"{FTS_TABLE}.rowid = catalogue_entry.id", f"{FTS_TABLE} MATCH %s"],
        params=[fts5_query(words)],
        select={"rank": f"{FTS_TABLE}.rank"},
        order_by=["rank", "id"],
    )
