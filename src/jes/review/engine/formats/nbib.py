"""PubMed/MEDLINE tagged format (.nbib, PubMed's "Save as PubMed" .txt).

Hand-written on purpose, after trying the ``nbib`` package (0.3.2): it keeps only the tags of its own
table (dropping ISBN, BTI and every other tag, so Record.extra could not keep unmapped fields), reads the
whole file into memory, has no writer, and rispy cannot read MEDLINE (its records need an ER end tag).
The format itself is one line per tag (4-character tag, "- ", value), 6-space continuation lines and a
blank line between records, which a few lines parse faithfully.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from ..records import Record
from ._common import FormatError, normalise_doi, open_text, parse_year

_TAG_LINE = re.compile(r"^([A-Z][A-Z0-9 ]{3})- ?(.*)$")
_ID_KIND = re.compile(r"^(.*?)\s*\[(\w+)\]$")
_SCALARS = {"PMID": "pmid", "AB": "abstract", "VI": "volume", "IP": "issue", "PG": "pages", "LA": "language"}

Fields = list[tuple[str, str]]


def _records(lines: Iterable[str], file: str) -> Iterator[Fields]:
    """Yield each record as (tag, value) pairs in file order; continuation lines joined with a space."""
    fields: Fields = []
    number = 0
    for raw in lines:
        line = raw.rstrip("\r\n")
        if not line.strip():
            if fields:
                yield _checked(fields, file, number)
                fields = []
            continue
        if not fields:
            number += 1
        if line[:1] in " \t" and fields:
            tag, value = fields[-1]
            fields[-1] = (tag, f"{value} {line.strip()}".strip())
        elif match := _TAG_LINE.match(line):
            fields.append((match.group(1).rstrip(), match.group(2).strip()))
        else:
            raise FormatError(file, number, f"not a MEDLINE tag line: {line[:40]!r}")
    if fields:
        yield _checked(fields, file, number)
    if number == 0:
        raise FormatError(file, 1, "no MEDLINE record found")


def _checked(fields: Fields, file: str, number: int) -> Fields:
    tags = {tag for tag, _ in fields}
    if {"TY", "ER"} <= tags:
        raise FormatError(file, number, "this is RIS, not MEDLINE (TY and ER tags): read it as 'ris'")
    if not tags & {"PMID", "TI", "BTI"}:
        raise FormatError(file, number, "record has neither PMID nor TI (is this really a MEDLINE/nbib file?)")
    return fields


def _to_record(fields: Fields) -> Record:
    grouped: dict[str, list[str]] = {}
    for tag, value in fields:
        grouped.setdefault(tag, []).append(value)
    rec = Record()
    for tag, attr in _SCALARS.items():
        setattr(rec, attr, _pop_first(grouped, tag))
    rec.title = _pop_first(grouped, "TI") or _pop_first(grouped, "BTI")
    rec.authors = grouped.pop("FAU", []) or grouped.pop("AU", [])
    rec.journal = _pop_first(grouped, "JT") or _pop_first(grouped, "TA")
    rec.publication_type = _pop_first(grouped, "PT")
    rec.keywords = grouped.pop("OT", [])
    rec.isbn = _pop_first(grouped, "ISBN")
    dp = _pop_first(grouped, "DP")
    rec.year = parse_year(dp)
    rec.doi = normalise_doi(_pop_id(grouped, "LID", "doi") or _pop_id(grouped, "AID", "doi"))
    rec.extra = {tag: values[0] if len(values) == 1 else values for tag, values in grouped.items() if values}
    if dp and dp != str(rec.year):
        rec.extra["DP"] = dp  # e.g. "2019 May 3": the full date is kept verbatim
    return rec


def _pop_first(grouped: dict[str, list[str]], tag: str) -> str:
    values = grouped.get(tag)
    if not values:
        return ""
    return values.pop(0)


def _pop_id(grouped: dict[str, list[str]], tag: str, kind: str) -> str:
    """LID and AID carry several identifiers, each marked with its kind: '10.1/x [doi]', 'S01 [pii]'."""
    for i, value in enumerate(grouped.get(tag, [])):
        match = _ID_KIND.match(value)
        if match and match.group(2).lower() == kind:
            grouped[tag].pop(i)
            return match.group(1)
    return ""


def read(path: Path, mapping: dict[str, str] | None = None) -> Iterator[Record]:
    with open_text(path) as f:
        yield from (_to_record(fields) for fields in _records(f, path.name))


def _fields(rec: Record) -> Fields:
    out: Fields = [("PMID", rec.pmid), ("TI", rec.title), ("AB", rec.abstract)]
    out += [("FAU", a) for a in rec.authors]
    out += [("LA", rec.language), ("PT", rec.publication_type), ("JT", rec.journal), ("VI", rec.volume)]
    out += [("IP", rec.issue), ("PG", rec.pages), ("ISBN", rec.isbn)]
    year = rec.extra.get("DP") if parse_year(rec.extra.get("DP")) == rec.year else rec.year
    out += [("DP", str(year) if year is not None else "")]
    if rec.doi:
        out.append(("LID", f"{rec.doi} [doi]"))
    out += [("OT", k) for k in rec.keywords]
    for tag, value in rec.extra.items():
        if tag != "DP" and _TAG_LINE.match(f"{tag:<4}- "):
            out += [(tag, str(v)) for v in (value if isinstance(value, list) else [value])]
    return [(tag, value) for tag, value in out if value]


def _write_record(rec: Record, f: TextIO) -> None:
    for tag, value in _fields(rec):
        lines = value.splitlines() or [""]
        f.write(f"{tag:<4}- {lines[0]}\n")
        f.writelines(f"      {line}\n" for line in lines[1:])
    f.write("\n")


def write(records: Iterable[Record], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for rec in records:
            _write_record(rec, f)
