"""Bibliographic import and export: one module per format, registered in FORMATS.

``read`` streams records; ``read_all`` reads the whole file before returning, so a malformed record
refuses the file whole (nothing half-imported). Every record gets its provenance: the source, the file
name and its 0-based position in file order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..records import Provenance, Record
from . import bibtex, csl_json, endnote_xml, nbib, ris, tabular
from ._common import FormatError, detect_encoding

__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "Format",
    "FormatError",
    "detect_encoding",
    "format_for",
    "read",
    "read_all",
    "write",
]

Reader = Callable[[Path, "dict[str, str] | None"], Iterator[Record]]
Writer = Callable[[Iterable[Record], Path], None]


@dataclass(frozen=True)
class Format:
    name: str
    reader: Reader
    writer: Writer


FORMATS: dict[str, Format] = {
    "ris": Format("ris", ris.read, ris.write),
    "bibtex": Format("bibtex", bibtex.read, bibtex.write),
    "nbib": Format("nbib", nbib.read, nbib.write),
    "endnote-xml": Format("endnote-xml", endnote_xml.read, endnote_xml.write),
    "csl-json": Format("csl-json", csl_json.read, csl_json.write),
    "csv": Format("csv", tabular.read_csv, tabular.write_csv),
    "tsv": Format("tsv", tabular.read_tsv, tabular.write_tsv),
    "xlsx": Format("xlsx", tabular.read_xlsx, tabular.write_xlsx),
}

# PubMed's "Save > Format: PubMed" gives a .txt file in the MEDLINE format, hence .txt -> nbib.
EXTENSIONS: dict[str, str] = {
    ".ris": "ris",
    ".bib": "bibtex",
    ".bibtex": "bibtex",
    ".nbib": "nbib",
    ".medline": "nbib",
    ".txt": "nbib",
    ".xml": "endnote-xml",
    ".json": "csl-json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".xlsx": "xlsx",
}


def format_for(path: Path, fmt: str | None = None) -> Format:
    """The format named (aliases such as 'endnote_xml' accepted) or, when None, the one of the file's extension."""
    name = fmt.lower().replace("_", "-") if fmt else EXTENSIONS.get(path.suffix.lower(), "")
    if name not in FORMATS:
        wanted = repr(fmt) if fmt else f"extension {path.suffix!r}"
        raise ValueError(f"{path.name}: unknown format {wanted}; known: {', '.join(FORMATS)}")
    return FORMATS[name]


def read(
    path: Path, fmt: str | None = None, source: str = "", mapping: dict[str, str] | None = None
) -> Iterator[Record]:
    """Stream the file's records in file order. A malformed record raises FormatError when it is reached."""
    path = Path(path)
    for position, record in enumerate(format_for(path, fmt).reader(path, mapping)):
        record.provenance = Provenance(source=source, file=path.name, position=position)
        yield record


def read_all(
    path: Path, fmt: str | None = None, source: str = "", mapping: dict[str, str] | None = None
) -> list[Record]:
    """Every record of the file, or FormatError before any is returned."""
    return list(read(path, fmt, source, mapping))


def write(records: Iterable[Record], path: Path, fmt: str | None = None) -> None:
    """Write records in the format named (or the extension's); fields a format cannot carry are left out."""
    path = Path(path)
    format_for(path, fmt).writer(records, path)
