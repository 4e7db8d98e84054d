"""CSL-JSON, the citation format of Zotero, Pandoc and citeproc (an array of item objects).

The standard json module decodes one item at a time (JSONDecoder.raw_decode) so that a syntax error is
reported with its record number, and records stream out as they are decoded.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..records import Record
from ._common import FormatError, normalise_doi, open_text, parse_year, split_list

_SCALARS = {
    "title": "title",
    "abstract": "abstract",
    "container-title": "journal",
    "volume": "volume",
    "issue": "issue",
    "page": "pages",
    "DOI": "doi",
    "PMID": "pmid",
    "ISBN": "isbn",
    "language": "language",
    "type": "publication_type",
    "URL": "url",
}
_WS = " \t\r\n"


def _items(text: str, file: str) -> Iterator[Any]:
    decoder = json.JSONDecoder()
    i = len(text) - len(text.lstrip(_WS))
    if text[i : i + 1] == "{":  # a single item, as some tools export one reference
        text = f"[{text}]"
    elif text[i : i + 1] != "[":
        raise FormatError(file, 1, "CSL-JSON must be an array of items: '[' expected")
    i += 1
    number = 0
    while True:
        i = _skip(text, i)
        if text[i : i + 1] == "]" and number == 0:
            break
        try:
            item, i = decoder.raw_decode(text, i)
        except json.JSONDecodeError as exc:
            raise FormatError(file, number + 1, f"broken JSON: {exc}") from exc
        number += 1
        yield item
        i = _skip(text, i)
        if text[i : i + 1] == ",":
            i += 1
        elif text[i : i + 1] == "]":
            break
        else:
            raise FormatError(file, number + 1, "broken JSON: ',' or ']' expected after an item (file truncated?)")
    if text[i + 1 :].strip(_WS):
        raise FormatError(file, number + 1, "unexpected text after the closing ']'")


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in _WS:
        i += 1
    return i


def _name(person: Any) -> str:
    if not isinstance(person, dict):
        raise ValueError(f"author must be an object, got {person!r}")
    if person.get("literal"):
        return str(person["literal"])
    family, given = str(person.get("family", "")), str(person.get("given", ""))
    return f"{family}, {given}" if given else family


def _year(issued: Any) -> int | None:
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            return parse_year(parts[0][0])
        return parse_year(issued.get("raw") or issued.get("literal"))
    return parse_year(issued)


def _to_record(item: Any) -> Record:
    if not isinstance(item, dict):
        raise ValueError(f"item must be an object, got {type(item).__name__}")
    item = dict(item)
    rec = Record()
    for key, attr in _SCALARS.items():
        if key in item:
            setattr(rec, attr, str(item.pop(key)).strip())
    authors = item.pop("author", [])
    if not isinstance(authors, list):
        raise ValueError("'author' must be a list")
    rec.authors = [_name(p) for p in authors]
    rec.year = _year(item.get("issued"))
    if rec.year is not None and item.get("issued") == {"date-parts": [[rec.year]]}:
        del item["issued"]  # nothing beyond the year: Record.year holds it all
    rec.keywords = split_list(str(item.pop("keyword", "")), ",;")
    rec.doi = normalise_doi(rec.doi)
    rec.extra = item
    return rec


def read(path: Path, mapping: dict[str, str] | None = None) -> Iterator[Record]:
    with open_text(path) as f:
        text = f.read()
    for number, item in enumerate(_items(text, path.name), start=1):
        try:
            yield _to_record(item)
        except ValueError as exc:
            raise FormatError(path.name, number, str(exc)) from exc


def _person(name: str) -> dict[str, str]:
    family, sep, given = name.partition(",")
    return {"family": family.strip(), "given": given.strip()} if sep else {"literal": name}


def _to_item(rec: Record, position: int) -> dict[str, Any]:
    item: dict[str, Any] = {"id": f"item{position + 1}", "type": rec.publication_type or "article"}
    item.update(rec.extra)
    for key, attr in _SCALARS.items():
        if value := getattr(rec, attr):
            item[key] = value
    if rec.authors:
        item["author"] = [_person(a) for a in rec.authors]
    if rec.year is not None and _year(item.get("issued")) != rec.year:
        item["issued"] = {"date-parts": [[rec.year]]}
    if rec.keywords:
        item["keyword"] = ", ".join(rec.keywords)
    return item


def write(records: Iterable[Record], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write("[")
        for position, rec in enumerate(records):
            f.write(",\n" if position else "\n")
            f.write(json.dumps(_to_item(rec, position), ensure_ascii=False, indent=2))
        f.write("\n]\n")
