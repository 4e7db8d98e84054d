"""CSV, TSV and XLSX with a column mapping {record field: column name}.

Columns are found by header name (title, abstract, authors, year, doi ...; case-insensitive, with the
usual synonyms of Scopus, Web of Science, Zotero and ASySD exports); a mapping given by the caller wins
for the fields it names. Columns that map to no field are kept in Record.extra under their header.
Lists (authors, keywords) are separated by ';' in a cell.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import fields as dataclass_fields
from pathlib import Path
from typing import Any

import openpyxl

from ..records import Record
from ._common import FormatError, normalise_doi, open_text, parse_year, split_list

_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "ti", "article title", "primary title", "document title"),
    "abstract": ("abstract", "ab", "abstract note"),
    "authors": ("authors", "author", "au", "author full names", "creators"),
    "year": ("year", "py", "publication year", "pub year"),
    "journal": ("journal", "source title", "publication title", "secondary title", "journal/book", "container title"),
    "volume": ("volume", "vl"),
    "issue": ("issue", "number", "is"),
    "pages": ("pages", "page", "pg"),
    "doi": ("doi",),
    "pmid": ("pmid", "pubmed id"),
    "isbn": ("isbn",),
    "cobiss_id": ("cobiss_id", "cobiss id", "cobiss"),
    "keywords": ("keywords", "author keywords", "kw", "manual tags"),
    "language": ("language", "la"),
    "publication_type": ("publication_type", "publication type", "type", "document type", "item type"),
    "url": ("url", "link"),
}
_LISTS = {"authors", "keywords"}
_FIELDS = {f.name for f in dataclass_fields(Record)} - {"extra", "provenance"}
# The columns our writer puts first, in this order; read back by the default mapping.
COLUMNS: tuple[str, ...] = tuple(_ALIASES)


def _norm(header: str) -> str:
    return " ".join(header.replace("_", " ").strip().lower().split())


def resolve_mapping(header: Sequence[str], mapping: dict[str, str] | None, file: str) -> dict[str, int]:
    """{record field: column index}: the caller's mapping, then header-name defaults for the other fields."""
    index = {h: i for i, h in enumerate(header)}
    resolved: dict[str, int] = {}
    for field, column in (mapping or {}).items():
        if field not in _FIELDS:
            raise FormatError(file, 1, f"mapping names {field!r}, which is not a record field")
        if column not in index:
            raise FormatError(file, 1, f"column {column!r} (mapped to {field}) is not in the header {list(header)}")
        resolved[field] = index[column]
    by_name = {_norm(h): i for i, h in reversed(list(enumerate(header)))}
    used = set(resolved.values())
    for field, aliases in _ALIASES.items():
        found = next((by_name[a] for a in map(_norm, aliases) if a in by_name), None)
        if field not in resolved and found is not None and found not in used:
            resolved[field] = found
            used.add(found)
    return resolved


def _to_record(row: Sequence[str], header: Sequence[str], columns: dict[str, int]) -> Record:
    rec = Record()
    taken = set(columns.values())
    for field, i in columns.items():
        value = row[i].strip() if i < len(row) else ""
        if field in _LISTS:
            setattr(rec, field, split_list(value))
        elif field == "year":
            rec.year = parse_year(value)
            if value and str(rec.year) != value:
                rec.extra[header[i]] = value  # e.g. "n.d." or a full date, kept verbatim
        else:
            setattr(rec, field, normalise_doi(value) if field == "doi" else value)
    for i, column in enumerate(header):
        if i not in taken and i < len(row) and row[i] != "":
            rec.extra[column] = row[i]
    return rec


def _records(rows: Iterator[Sequence[str]], file: str, mapping: dict[str, str] | None) -> Iterator[Record]:
    try:
        header = [h.strip() for h in next(rows)]
    except StopIteration:
        raise FormatError(file, 1, "empty file: no header row") from None
    columns = resolve_mapping(header, mapping, file)
    for number, row in enumerate(rows, start=1):
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            raise FormatError(file, number, f"row has {len(row)} cells but the header has {len(header)}")
        if any(cell.strip() for cell in row):
            yield _to_record(row, header, columns)


def _csv_rows(path: Path, delimiter: str) -> Iterator[list[str]]:
    number = 0
    with open_text(path) as f:
        reader = csv.reader(f, delimiter=delimiter, strict=True)
        try:
            for number, row in enumerate(reader):  # noqa: B007 - number is read after the loop
                yield row
        except csv.Error as exc:
            raise FormatError(
                path.name, max(number, 1), f"bad {'TSV' if delimiter == chr(9) else 'CSV'}: {exc}"
            ) from exc


def read_csv(path: Path, mapping: dict[str, str] | None = None) -> Iterator[Record]:
    return _records(_csv_rows(path, ","), path.name, mapping)


def read_tsv(path: Path, mapping: dict[str, str] | None = None) -> Iterator[Record]:
    return _records(_csv_rows(path, "\t"), path.name, mapping)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores every number as a float: 2019.0 is the year 2019
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError and its own errors for a broken file
        raise FormatError(path.name, 1, f"not a readable XLSX workbook: {exc}") from exc
    try:
        sheet = workbook.active
        if sheet is None:
            raise FormatError(path.name, 1, "workbook has no sheet")
        for row in sheet.iter_rows(values_only=True):
            yield [_cell(v) for v in row]
    finally:
        workbook.close()


def read_xlsx(path: Path, mapping: dict[str, str] | None = None) -> Iterator[Record]:
    return _records(_xlsx_rows(path), path.name, mapping)


def _table(records: Iterable[Record]) -> tuple[list[str], list[list[str]]]:
    records = list(records)  # the header needs every record's extra keys
    extra_columns = list(dict.fromkeys(k for r in records for k in r.extra if k not in _ALIASES))
    rows = []
    for rec in records:
        row = [_field_text(rec, f) for f in COLUMNS]
        row += [_extra_text(rec.extra.get(c)) for c in extra_columns]
        rows.append(row)
    return [*COLUMNS, *extra_columns], rows


def _field_text(rec: Record, field: str) -> str:
    value = getattr(rec, field)
    if field in _LISTS:
        return "; ".join(value)
    return "" if value is None else str(value)


def _extra_text(value: Any) -> str:
    if value is None:
        return ""
    return "; ".join(map(str, value)) if isinstance(value, list) else str(value)


def _write_delimited(records: Iterable[Record], path: Path, delimiter: str) -> None:
    header, rows = _table(records)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)


def write_csv(records: Iterable[Record], path: Path) -> None:
    _write_delimited(records, path, ",")


def write_tsv(records: Iterable[Record], path: Path) -> None:
    _write_delimited(records, path, "\t")


def write_xlsx(records: Iterable[Record], path: Path) -> None:
    header, rows = _table(records)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("records")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
