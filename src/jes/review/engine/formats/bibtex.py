"""BibTeX and BibLaTeX through bibtexparser 2 (its v2 API: Library, Entry, middlewares)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from bibtexparser import middlewares as mw
from bibtexparser.entrypoint import parse_string, write_string
from bibtexparser.library import Library
from bibtexparser.middlewares.middleware import Middleware
from bibtexparser.model import Block, DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry, Field, ParsingFailedBlock

from ..records import Record
from ._common import FormatError, looks_like_isbn, normalise_doi, open_text, parse_year, split_list

_SCALARS = {
    "title": "title",
    "abstract": "abstract",
    "volume": "volume",
    "number": "issue",
    "issue": "issue",
    "doi": "doi",
    "pmid": "pmid",
    "language": "language",
    "langid": "language",
    "url": "url",
}
_JOURNAL_FIELDS = ("journal", "journaltitle", "booktitle")
_KEY_CHARS = re.compile(r"[^A-Za-z0-9]")


_VERBATIM = {"url", "doi", "file", "eprint", "pages", "isbn", "pmid"}


class _DecodeLatexExceptVerbatim(mw.LatexDecodingMiddleware):
    """Identifiers are verbatim in BibTeX: decoding would turn a URL's '~' into a no-break space."""

    def transform_entry(self, entry: Entry, library: Library) -> Block:
        kept = {f.key: f.value for f in entry.fields if f.key.lower() in _VERBATIM}
        block = super().transform_entry(entry, library)
        if isinstance(block, Entry):
            for f in block.fields:
                if f.key in kept:
                    f.value = kept[f.key]
        return block


def _parse_stack() -> list[Middleware]:
    # Decode LaTeX ({\v{c}} -> č) and turn "A and B" into ["Surname, Given", ...].
    return [
        *mw.default_parse_stack(),
        _DecodeLatexExceptVerbatim(),
        mw.SeparateCoAuthors(),
        mw.SplitNameParts(),
        mw.MergeNameParts(style="last"),
    ]


def _entries(path: Path) -> Iterator[Entry]:
    with open_text(path) as f:
        library = parse_string(f.read(), parse_stack=_parse_stack())
    count = 0
    for block in library.blocks:
        if isinstance(block, DuplicateBlockKeyBlock | DuplicateFieldKeyBlock):
            # Exports from Google Scholar and others repeat keys; the entry itself is sound.
            if block.ignore_error_block is not None:
                block = block.ignore_error_block
        elif isinstance(block, ParsingFailedBlock):
            reason = " ".join(str(block.error or "syntax error").split())
            raise FormatError(path.name, count + 1, f"bad BibTeX near line {(block.start_line or 0) + 1}: {reason}")
        if isinstance(block, Entry):
            count += 1
            yield block
    if count == 0:
        raise FormatError(path.name, 1, "no BibTeX entry found (no '@type{key, ...}')")


def _to_record(entry: Entry) -> Record:
    rec = Record(publication_type=entry.entry_type, extra={"ID": entry.key})
    fields = {f.key.lower(): f.value for f in entry.fields}
    for key in list(fields):
        if key in _SCALARS and not getattr(rec, _SCALARS[key]):
            setattr(rec, _SCALARS[key], str(fields.pop(key)).strip())
    authors = fields.pop("author", [])
    rec.authors = [str(a) for a in authors] if isinstance(authors, list) else split_list(str(authors))
    year = fields.pop("year", None) or fields.get("date")
    rec.year = parse_year(year)
    rec.journal = next((str(fields.pop(k)) for k in _JOURNAL_FIELDS if fields.get(k)), "")
    rec.pages = str(fields.pop("pages", "")).replace("--", "-")
    rec.doi = normalise_doi(rec.doi)
    if looks_like_isbn(str(fields.get("isbn", ""))):
        rec.isbn = str(fields.pop("isbn"))
    rec.keywords = split_list(str(fields.pop("keywords", "")), ",;")
    rec.extra.update({k: _plain(v) for k, v in fields.items()})
    return rec


def _plain(value: Any) -> Any:
    return [str(v) for v in value] if isinstance(value, list) else str(value)


def read(path: Path, mapping: dict[str, str] | None = None) -> Iterator[Record]:
    for number, entry in enumerate(_entries(path), start=1):
        try:
            yield _to_record(entry)
        except (TypeError, ValueError) as exc:
            raise FormatError(path.name, number, f"unreadable entry {entry.key!r}: {exc}") from exc


def _key(rec: Record, taken: set[str]) -> str:
    wanted = str(rec.extra.get("ID", ""))
    if not wanted:
        surname = _KEY_CHARS.sub("", rec.authors[0].split(",")[0]) if rec.authors else "anon"
        wanted = f"{surname.lower() or 'anon'}{rec.year or ''}"
    key, n = wanted, 1
    while key in taken:
        n += 1
        key = f"{wanted}_{n}"
    taken.add(key)
    return key


def _to_entry(rec: Record, taken: set[str]) -> Entry:
    values: dict[str, str] = {
        "title": rec.title,
        "author": " and ".join(rec.authors),
        "year": str(rec.year) if rec.year is not None else "",
        "journal": rec.journal,
        "volume": rec.volume,
        "number": rec.issue,
        "pages": rec.pages.replace("-", "--"),
        "doi": rec.doi,
        "pmid": rec.pmid,
        "isbn": rec.isbn,
        "keywords": ", ".join(rec.keywords),
        "language": rec.language,
        "url": rec.url,
        "abstract": rec.abstract,
    }
    for key, value in rec.extra.items():
        if key != "ID" and key.lower() not in values and isinstance(value, str):
            values[key.lower()] = value
    fields = [Field(k, v) for k, v in values.items() if v]
    return Entry(rec.publication_type or "misc", _key(rec, taken), fields)


def write(records: Iterable[Record], path: Path) -> None:
    library = Library()
    taken: set[str] = set()
    for rec in records:
        library.add(_to_entry(rec, taken))
    path.write_text(write_string(library), encoding="utf-8")
