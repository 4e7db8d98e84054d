"""Full-text search over Entry.search_text: FTS5 on SQLite, tsvector on PostgreSQL.

Both backends index the same folded text (see content.text.fold), so a query
behaves the same on either: every word must match, as a prefix.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F

from .content.text import tokens

if TYPE_CHECKING:
    from .models import EntryQuerySet

FTS_TABLE = "catalogue_entry_fts"


def fts5_query(words: list[str]) -> str:
    # Each token is quoted, so FTS5 operators typed by a user are taken as words.
    return " AND ".join(f'"{w}"*' for w in words)


def tsquery(words: list[str]) -> str:
    return " & ".join(f"{w}:*" for w in words)


def search(qs: EntryQuerySet, text: str) -> EntryQuerySet:
    words = tokens(text)
    if not words:
        return qs
    if connection.vendor == "postgresql":
        vector = SearchVector("search_text", config="simple")
        query = SearchQuery(tsquery(words), search_type="raw", config="simple")
        return qs.annotate(_sv=vector, rank=SearchRank(F("_sv"), query)).filter(_sv=query).order_by("-rank", "id")
    # A join on rowid lets FTS5 drive the query and rank in one pass; Django has no
    # expression for an FTS5 join, so extra() is the narrow seam for it.
    return qs.extra(  # noqa: S610 - constant SQL, the user's words travel as a parameter
        tables=[FTS_TABLE],
        where=[f"{FTS_TABLE}.rowid = catalogue_entry.id", f"{FTS_TABLE} MATCH %s"],
        params=[fts5_query(words)],
        select={"rank": f"{FTS_TABLE}.rank"},
        order_by=["rank", "id"],
    )
