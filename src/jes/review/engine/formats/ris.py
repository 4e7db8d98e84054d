"""RIS (Research Information Systems), parsed and written with rispy.

rispy parses a whole text at once and silently drops a record that has no ``ER`` end tag, so this module
only cuts the stream into ``TY``...``ER`` chunks itself (streaming, with record numbers for errors and a
refusal of truncated files) and hands each chunk to rispy's parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

import rispy
from rispy.config import TAG_KEY_MAPPING

from ..records import Record
from ._common import FormatError, looks_like_isbn, normalise_doi, open_text, parse_year

# Keys are the RIS tags themselves (lower-cased, as rispy's writer looks labels up in lower case),
# so a field we do not map survives in Record.extra under its tag and is written back unchanged.
_MAPPING = {tag: tag.lower() for tag in TAG_KEY_MAPPING}
_JOURNAL_TAGS = ("t2", "jo", "jf", "ja", "j2")
_PUBMED = re.compile(r"pubmed|medline", re.IGNORECASE)
_PMID_AN = re.compile(r"^PMID:?\s*(\d+)$", re.IGNORECASE)


class _Writer(rispy.RisWriter):  # type: ignore[misc]  # rispy ships no type hints
    REFERENCE_TYPE_KEY = "ty"

    def set_header(self, count: int) -> str:
        return ""  # the "1." counters of the default writer are noise to other readers


def _is_tag_line(line: str) -> bool:
    # The same test as rispy.RisParser.parse_line, so both agree on what a tag line is.
    return line[2:5] == "  -" and line[:2].isupper() and line[0:1].isalpha()


def _chunks(lines: Iterable[str], file: str) -> Iterator[list[str]]:
    """Yield each record's lines; refuse a record cut off before its ER or a tag outside any record."""
    chunk: list[str] | None = None
    number = 0
    for raw in lines:
        line = raw.rstrip("\r\n")
        tagged = _is_tag_line(line)
        if chunk is None:
            if tagged and line[:2] == "TY":
                number += 1
                chunk = [line]
            elif tagged and line[:2] != "ER":
                raise FormatError(file, number + 1, f"tag line {line[:6]!r} outside a record (missing 'TY  - ')")
            continue
        if tagged and line[:2] == "TY":
            raise FormatError(file, number, "record has no end tag 'ER  - ' before the next 'TY  - '")
        chunk.append(line)
        if tagged and line[:2] == "ER":
            yield chunk
            chunk = None
    if chunk is not None:
        raise FormatError(file, number, "file ends inside the record: no end tag 'ER  - ' (truncated file?)")
    if number == 0:
        raise FormatError(file, 1, "no RIS record found (no 'TY  - ' line)")


def _first(value: Any) -> tuple[str, Any]:
    """A scalar field repeated in the file comes back as a list: keep the first, return the rest."""
    if isinstance(value, list):
        return (str(value[0]) if value else ""), (value[1:] or None)
    return str(value), None


def _take(ref: dict[str, Any], extra: dict[str, Any], *tags: str) -> str:
    for tag in tags:
        if ref.get(tag):
            value, rest = _first(ref.pop(tag))
            if rest:
                extra[tag.upper()] = rest
            return value
    return ""


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _to_record(ref: dict[str, Any]) -> Record:
    extra: dict[str, Any] = {}
    rec = Record()
    rec.publication_type = _take(ref, extra, "ty")
    rec.title = _take(ref, extra, "ti", "t1")
    rec.authors = _as_list(ref.pop("au", None)) + _as_list(ref.pop("a1", None))
    year_text = _take(ref, extra, "py", "y1")
    rec.year = parse_year(year_text)
    if year_text and year_text != str(rec.year):
        extra["PY"] = year_text  # e.g. "2019/05/01/": the full date is kept verbatim
    rec.abstract = _take(ref, extra, "ab", "n2")
    rec.journal = _take(ref, extra, *_JOURNAL_TAGS)
    rec.volume = _take(ref, extra, "vl")
    rec.issue = _take(ref, extra, "is")
    start, end = _take(ref, extra, "sp"), _take(ref, extra, "ep")
    rec.pages = f"{start}-{end}" if start and end else start or end
    rec.doi = normalise_doi(_take(ref, extra, "do"))
    urls = _as_list(ref.pop("ur", None))
    rec.url = urls[0] if urls else ""
    if len(urls) > 1:
        extra["UR"] = urls[1:]
    if looks_like_isbn(str(ref.get("sn", ""))):
        rec.isbn = _take(ref, extra, "sn")
    rec.language = _take(ref, extra, "la")
    rec.keywords = _as_list(ref.pop("kw", None))
    rec.pmid = _pmid(ref, extra)
    for tag, values in ref.pop("uk", {}).items():
        extra[tag] = values[0] if len(values) == 1 else list(values)
    for key, value in ref.items():
        if key != "er":
            extra[key.upper()] = value
    rec.extra = extra
    return rec


def _pmid(ref: dict[str, Any], extra: dict[str, Any]) -> str:
    """AN is a PMID only when marked so or when the record came from PubMed/MEDLINE (Embase uses AN too)."""
    an = str(ref.get("an", ""))
    if match := _PMID_AN.match(an):
        ref.pop("an")
        return match.group(1)
    source = f"{ref.get('db', '')} {ref.get('dp', '')}"
    if an.isdigit() and _PUBMED.search(source):
        ref.pop("an")
        return an
    return ""


def read(path: Path, mapping: dict[str, str] | None = None) -> Iterator[Record]:
    parser = rispy.RisParser(mapping=_MAPPING, enforce_list_tags=False)
    with open_text(path) as f:
        for number, chunk in enumerate(_chunks(f, path.name), start=1):
            try:
                refs = parser.parse_lines(iter(chunk))
            except Exception as exc:  # rispy raises bare KeyError/ValueError on odd input
                raise FormatError(path.name, number, f"unreadable RIS record: {exc!r}") from exc
            if len(refs) != 1:
                raise FormatError(path.name, number, "unreadable RIS record")
            yield _to_record(refs[0])


def _to_ref(rec: Record) -> dict[str, Any]:
    ref: dict[str, Any] = {"ty": rec.publication_type or "GEN"}
    unknown: dict[str, list[str]] = {}
    for key, value in rec.extra.items():
        if key in _MAPPING:
            ref[key.lower()] = value
        elif len(key) == 2 and _is_tag_line(f"{key}  - "):
            unknown[key] = _as_list(value)
    fields: dict[str, Any] = {
        "ti": rec.title,
        "au": rec.authors,
        "py": _year_text(rec),
        "ab": rec.abstract,
        "t2": rec.journal,
        "vl": rec.volume,
        "is": rec.issue,
        "do": rec.doi,
        "sn": rec.isbn,
        "la": rec.language,
        "kw": rec.keywords,
        "an": f"PMID:{rec.pmid}" if rec.pmid else "",
    }
    start, _, end = rec.pages.partition("-")
    fields.update(sp=start, ep=end)
    if rec.url:
        fields["ur"] = [rec.url, *_as_list(rec.extra.get("UR"))]
    ref.update({k: v for k, v in fields.items() if v})
    if not rec.year:
        ref.pop("py", None)
    if unknown:
        ref["uk"] = unknown
    return ref


def _year_text(rec: Record) -> str:
    raw = rec.extra.get("PY")
    if isinstance(raw, str) and parse_year(raw) == rec.year:
        return raw
    return str(rec.year) if rec.year is not None else ""


def write(records: Iterable[Record], path: Path) -> None:
    writer = _Writer(mapping=_MAPPING, enforce_list_tags=False)
    with path.open("w", encoding="utf-8", newline="\n") as f:
        _write_to(writer, records, f)


def _write_to(writer: _Writer, records: Iterable[Record], f: TextIO) -> None:
    for rec in records:
        writer.format_lines(f, [_to_ref(rec)])
        f.write("\n")
