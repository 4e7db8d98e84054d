"""What every format module shares: the error, text decoding and field normalisation."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import charset_normalizer

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_ISBN = re.compile(r"^(?:\d{9}[\dX]|\d{13})$")
_CHUNK = 1 << 20


class FormatError(ValueError):
    """A file that cannot be imported whole: names the file, the 1-based record number and the reason."""

    def __init__(self, file: str, record_number: int, reason: str) -> None:
        super().__init__(f"{file}: record {record_number}: {reason}")
        self.file = file
        self.record_number = record_number
        self.reason = reason


def detect_encoding(path: Path) -> str:
    """The file's text encoding: a BOM wins, then valid UTF-8, then charset-normalizer's best guess."""
    with path.open("rb") as f:
        head = f.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        # Checking UTF-8 validity over the whole file is fast (C decoder, 1 MiB chunks) and settles
        # almost every modern export without the slower statistical guess.
        f.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := f.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            pass
    best = charset_normalizer.from_path(path).best()
    # cp1250 is the legacy code page of Slovenian (and other Central European) catalogues.
    encoding = best.encoding if best is not None else "cp1250"
    return _iso_8859_2_or(encoding, path) if encoding == "cp1250" else encoding


def _iso_8859_2_or(encoding: str, path: Path) -> str:
    """Tell ISO-8859-2 from cp1250, which charset-normalizer confuses on short Slovenian files.

    ISO-8859-2 puts Š and Ž where cp1250 has © and ® (0xA9, 0xAE), and it never uses 0x80-0x9F, where
    cp1250 puts š, ž, Š and Ž. So "©" or "®" inside a word with no byte in 0x80-0x9F means ISO-8859-2.
    """
    data = path.read_bytes()
    if re.search(rb"[\x80-\x9f]", data) or not re.search(r"\w[\xa9\xae]|[\xa9\xae]\w", data.decode("cp1250")):
        return encoding
    return "iso-8859-2"


@contextmanager
def open_text(path: Path, encoding: str | None = None) -> Iterator[TextIO]:
    """Open a text file for reading in its detected encoding, newlines left to the parser."""
    with path.open("r", encoding=encoding or detect_encoding(path), newline="") as f:
        yield f


def normalise_doi(value: str) -> str:
    """DOIs compare case-insensitively: keep the bare lower-case form without a resolver prefix."""
    return _DOI_PREFIX.sub("", value.strip()).strip().lower()


def parse_year(value: object) -> int | None:
    """The first four-digit year in a date such as '2019/05/01/', '2019-05' or 'May 2019'."""
    if value is None:
        return None
    if isinstance(value, int):
        return value
    match = _YEAR.search(str(value))
    return int(match.group(1)) if match else None


def looks_like_isbn(value: str) -> bool:
    """ISBN and ISSN share one field in RIS and EndNote: only a 10 or 13 character ISBN is taken as one."""
    return bool(_ISBN.match(re.sub(r"[\s-]", "", value.strip()).upper()))


def split_list(value: str, separators: str = ";") -> list[str]:
    parts = re.split(f"[{re.escape(separators)}]", value)
    return [p.strip() for p in parts if p.strip()]
