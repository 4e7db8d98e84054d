"""Duplicate detection for bibliographic records: exact identifiers, then explainable fuzzy rules, with blocking.

A pair of records is linked when
  1. they share a DOI, PMID or COBISS ID and their titles do not clearly differ (ratio >= 60), or share an ISBN and
     their titles are near-identical (an ISBN names the whole book, so chapters share it), or
  2. (after ASySD's rules, Hair et al. 2023) their titles are near-identical (ratio >= 90), the authors agree (first
     surname or the list), the year agrees (+-1 only with two supporting fields) and at least one of journal
     (abbreviation-tolerant), volume, start page or DOI agrees; with nothing of these on either side, the titles
     must be practically equal (>= 97) and the year the same,
and no veto applies: different DOIs or PMIDs; one title a notice (erratum, reply, comment ...) and the other not;
different start pages (unless they share an identifier and one is an online-first page 1); and, unless a shared
identifier and near-identical titles already settle it, years more than one apart or different volumes with no
shared start page. Linked pairs become clusters by union-find.
Candidate pairs come only from blocks (shared identifier, title start, title end, first author + year), so the
work grows with the block sizes, not with n squared.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from rapidfuzz import fuzz

from jes.review.engine.dedup_normalise import Keys, keys_of
from jes.review.engine.records import Record

TITLE_MIN = 90.0  # near-identical titles (rapidfuzz ratio, 0-100) after normalisation
TITLE_ALONE_MIN = 97.0  # when no journal, volume, page or DOI can be compared
TITLE_WITH_ID_MIN = 60.0  # a shared identifier still needs titles that do not clearly differ
FIRST_AUTHOR_MIN = 80.0
AUTHOR_LIST_MIN = 70.0
JOURNAL_MIN = 90.0
BLOCK_MAX = 1000  # a larger block (e.g. "wang 2020") is split by a finer key instead of compared in full
_TITLE_WORDS_IN_KEY = 4


@dataclass(frozen=True)
class Link:
    """Why two records were judged the same reference."""

    first: int
    second: int
    reason: str  # "doi", "pmid", "isbn", "cobiss" or "fuzzy: <the fields that agreed>"
    scores: dict[str, float] = field(default_factory=dict, compare=False, hash=False)

    def describe(self) -> str:
        details = ", ".join(f"{k}={v:g}" for k, v in sorted(self.scores.items()))
        return f"{self.first}~{self.second}: {self.reason}" + (f" ({details})" if details else "")


@dataclass(frozen=True)
class Cluster:
    members: list[int]  # 0-based input positions, ascending
    keep: int  # the most complete member; ties go to the earliest
    links: list[Link]


@dataclass(frozen=True)
class DedupResult:
    n_records: int
    clusters: list[Cluster]  # clusters of two or more, ordered by their first member
    candidate_pairs: int  # pairs compared after blocking, to show how far blocking cut n*(n-1)/2

    @property
    def duplicates_removed(self) -> int:
        return sum(len(c.members) - 1 for c in self.clusters)

    def as_json(self) -> dict[str, Any]:
        """The stable `jes review dedup FILE --json` shape."""
        return {"records": self.n_records, "clusters": [c.members for c in self.clusters]}


class DedupInputError(ValueError):
    """A record that cannot be compared; the message names the file, the record number and the reason."""


def _keys(records: Sequence[Record]) -> list[Keys]:
    keys = []
    for position, record in enumerate(records):
        try:
            if not isinstance(record, Record):
                raise TypeError(f"expected a Record, got {type(record).__name__}")
            if record.year is not None and not isinstance(record.year, int):
                raise TypeError(f"year must be an integer, got {record.year!r}")
            keys.append(keys_of(record))
        except (TypeError, AttributeError, ValueError) as error:
            where = getattr(getattr(record, "provenance", None), "file", "") or "<input>"
            raise DedupInputError(f"{where}: record {position + 1}: {error}") from error
    return keys


def dedup(records: Sequence[Record]) -> DedupResult:
    keys = _keys(records)
    links: list[Link] = []
    pairs = candidate_pairs(keys)
    for i, j in sorted(pairs):
        link = judge(i, j, keys[i], keys[j])
        if link is not None:
            links.append(link)
    return DedupResult(len(records), build_clusters(records, links), len(pairs))


def dedup_json(records: Sequence[Record]) -> dict[str, Any]:
    """For the CLI: {"records": N, "clusters": [[i, j, ...], ...]} with 0-based positions in file order."""
    return dedup(records).as_json()


# --- blocking -------------------------------------------------------------------------------------------------


def _block_keys(k: Keys) -> Iterator[tuple[str, str]]:
    if k.doi:
        yield "doi", k.doi
    if k.pmid:
        yield "pmid", k.pmid
    if k.cobiss:
        yield "cobiss", k.cobiss
    for isbn in k.isbns:
        yield "isbn", isbn
    words = k.title.split()
    if words:
        # Start and end of the title: a typo or an added word in one half still leaves the other half to meet on.
        yield "title-start", " ".join(words[:_TITLE_WORDS_IN_KEY])
        yield "title-end", " ".join(words[-_TITLE_WORDS_IN_KEY:])
    if k.first_author and k.year is not None:
        yield "author-year", f"{k.first_author}|{k.year}"


def candidate_pairs(keys: Sequence[Keys]) -> set[tuple[int, int]]:
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, k in enumerate(keys):
        for block_key in _block_keys(k):
            blocks[block_key].append(index)
    pairs: set[tuple[int, int]] = set()
    for members in blocks.values():
        if len(members) < 2:
            continue
        for group in _split_large(members, keys):
            pairs.update(combinations(group, 2))
    return pairs


def _split_large(members: list[int], keys: Sequence[Keys]) -> Iterable[list[int]]:
    """Oversized blocks are cut by the title's first word and year, which every true duplicate pair shares often
    enough that the other blocks catch the rest; this keeps 100,000 records well below n squared."""
    if len(members) <= BLOCK_MAX:
        return [members]
    finer: dict[str, list[int]] = defaultdict(list)
    for index in members:
        k = keys[index]
        finer[f"{k.title[:8]}|{k.year}|{k.first_author[:3]}"].append(index)
    return [g for g in finer.values() if 1 < len(g) <= BLOCK_MAX]


# --- rules ----------------------------------------------------------------------------------------------------


def _veto(a: Keys, b: Keys, same_identifier: bool) -> str | None:
    if a.doi and b.doi and a.doi != b.doi:
        return "doi conflict"
    if a.pmid and b.pmid and a.pmid != b.pmid:
        return "pmid conflict"
    if a.notice != b.notice:
        return "one title is a notice (erratum, reply, comment ...) and the other is not"
    if a.page and b.page and a.page != b.page and not (same_identifier and "1" in (a.page, b.page)):
        # Online-first versions are paginated from 1 and share the DOI with the issue version; abstracts printed
        # on neighbouring pages of one supplement also share a DOI, so other page conflicts still count.
        return "start pages differ"
    if same_identifier:
        return None
    if a.year is not None and b.year is not None and abs(a.year - b.year) > 1:
        return "years differ"
    if a.volume and b.volume and a.volume != b.volume and not (a.page and a.page == b.page):
        # Supplement numbers often land in the volume field of conference abstracts; a shared start page outweighs it.
        return "volumes differ"
    return None


def journals_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Abbreviation-tolerant: "Curr Opin Lipidol" agrees with "Current Opinion in Lipidology" word by word.

    Hand-written because no maintained PyPI package maps ISO 4 abbreviations both ways offline."""
    if not a or not b:
        return False
    if len(a) == len(b) and all(x.startswith(y) or y.startswith(x) for x, y in zip(a, b, strict=True)):
        return True
    return fuzz.ratio(" ".join(a), " ".join(b)) >= JOURNAL_MIN


def _authors_agree(a: Keys, b: Keys) -> tuple[bool, dict[str, float]]:
    if not a.first_author or not b.first_author:
        return True, {}
    first = fuzz.ratio(a.first_author, b.first_author)
    listed = fuzz.token_set_ratio(a.authors, b.authors)
    return first >= FIRST_AUTHOR_MIN or listed >= AUTHOR_LIST_MIN, {
        "first_author": round(first),
        "authors": round(listed),
    }


def _identifier_match(a: Keys, b: Keys) -> str | None:
    if a.doi and a.doi == b.doi:
        return "doi"
    if a.pmid and a.pmid == b.pmid:
        return "pmid"
    if a.cobiss and a.cobiss == b.cobiss:
        return "cobiss"
    if a.isbns & b.isbns and fuzz.ratio(a.title, b.title) >= TITLE_MIN:
        # An ISBN names the book, and every chapter of an edited book carries it: the titles must match too.
        return "isbn"
    return None


def _supports(a: Keys, b: Keys) -> list[str]:
    agreed = []
    if journals_agree(a.journal, b.journal):
        agreed.append("journal")
    if a.volume and a.volume == b.volume:
        agreed.append("volume")
    if a.page and a.page == b.page:
        agreed.append("pages")
    if a.doi and a.doi == b.doi:
        agreed.append("doi")
    return agreed


def judge(i: int, j: int, a: Keys, b: Keys) -> Link | None:
    """The link between records i and j, or None; symmetric in (a, b) so input order cannot change clusters."""
    title = fuzz.ratio(a.title, b.title) if a.title and b.title else 0.0
    identifier = _identifier_match(a, b)
    # A shared identifier with near-identical (or missing) titles is the same work even if year or volume differ;
    # with merely similar titles (e.g. two abstracts under one supplement DOI) the other fields must not conflict.
    strong_identifier = identifier is not None and (title >= TITLE_MIN or not a.title or not b.title)
    if _veto(a, b, strong_identifier) is not None:
        return None
    if identifier is not None and (strong_identifier or title >= TITLE_WITH_ID_MIN):
        return Link(i, j, identifier, {"title": round(title)})
    if title < TITLE_MIN:
        return None
    authors_ok, scores = _authors_agree(a, b)
    if not authors_ok:
        return None
    scores["title"] = round(title)
    supports = _supports(a, b)
    same_year = a.year == b.year
    if supports and (same_year or len(supports) >= 2):
        return Link(i, j, "fuzzy: title, authors, year, " + ", ".join(supports), scores)
    if not a.has_context and not b.has_context and same_year and title >= TITLE_ALONE_MIN and scores:
        return Link(i, j, "fuzzy: title, authors, year (nothing else to compare)", scores)
    return None


# --- clusters -------------------------------------------------------------------------------------------------


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, x: int, y: int) -> None:
        rx, ry = self.find(x), self.find(y)
        if rx != ry:
            self.parent[max(rx, ry)] = min(rx, ry)


def build_clusters(records: Sequence[Record], links: Sequence[Link]) -> list[Cluster]:
    forest = _UnionFind(len(records))
    for link in links:
        forest.union(link.first, link.second)
    members: dict[int, list[int]] = defaultdict(list)
    for index in range(len(records)):
        members[forest.find(index)].append(index)
    by_root: dict[int, list[Link]] = defaultdict(list)
    for link in links:
        by_root[forest.find(link.first)].append(link)
    clusters = []
    for root, group in members.items():
        if len(group) > 1:
            keep = min(group, key=lambda index: (-records[index].completeness(), index))
            clusters.append(Cluster(group, keep, by_root[root]))
    return sorted(clusters, key=lambda c: c.members[0])
