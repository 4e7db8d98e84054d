"""Field normalisation for deduplication: one comparable key per field of a Record, computed once per record."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import isbnlib
from unidecode import unidecode

from jes.review.engine.records import Record

_TAGS = re.compile(r"<[^>]+>")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Databases append the original language ("[Japanese]") or wrap translated titles in brackets.
_LANGUAGE_TAG = re.compile(r"\[\s*[a-z]+\s*\]\s*\.?\s*$")
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_MISSING = {"", "na", "n/a", "nan", "none", "null", "-"}
_JOURNAL_STOPWORDS = {"the", "of", "and", "in", "for", "on", "a", "an", "de", "la", "und", "der", "fur"}
# Words after which a container title names a meeting or supplement rather than the journal itself.
_JOURNAL_CUT = {"conference", "supplement", "suppl", "meeting", "abstracts"}
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {m: i for i, m in enumerate(_MONTH_NAMES, start=1)}
# Notices about an article (errata, retractions, replies) repeat its title but are separate references.
NOTICE_WORDS = re.compile(
    r"\b(erratum|errata|corrigendum|correction|retraction|retracted|reply|response|comment|commentary|"
    r"letter|editorial|expression of concern)\b"
)


def blank(value: str) -> str:
    """Empty string for the placeholders exports write into empty fields (R writes "NA")."""
    value = value.strip()
    return "" if value.lower() in _MISSING else value


def fold(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: diacritics folded, HTML tags and punctuation gone."""
    text = unidecode(_TAGS.sub("", text)).lower()
    return _NON_ALNUM.sub(" ", text).strip()


def title_key(title: str) -> str:
    text = unidecode(_TAGS.sub("", blank(title))).lower().strip()
    text = _LANGUAGE_TAG.sub("", text).strip()
    return _NON_ALNUM.sub(" ", text).strip()


def doi_key(doi: str) -> str:
    """The bare lower-case DOI ("10.x/y"); resolver prefixes, "doi:" and trailing punctuation dropped."""
    match = _DOI.search(blank(doi).lower())
    return match.group(0).rstrip(".,;") if match else ""


def pmid_key(pmid: str) -> str:
    digits = re.sub(r"\D", "", blank(pmid))
    return digits.lstrip("0")


def isbn_keys(isbn: str) -> frozenset[str]:
    """Every valid ISBN in the field as ISBN-13; ISSNs that some exports put in the same field are dropped."""
    keys = set()
    for candidate in isbnlib.get_isbnlike(blank(isbn), level="normal"):
        canonical = isbnlib.canonical(candidate)
        if isbnlib.is_isbn10(canonical):
            canonical = isbnlib.to_isbn13(canonical)
        if isbnlib.is_isbn13(canonical):
            keys.add(canonical)
    return frozenset(keys)


@lru_cache(maxsize=1 << 16)  # names and journals repeat across a search export
def surname(author: str) -> str:
    """Surname of one author written "Surname, Given" or "Surname G. H." (trailing initials dropped)."""
    author = blank(author)
    if "," in author:
        return fold(author.split(",", 1)[0])
    words = [w for w in author.split() if not (len(w.rstrip(".")) <= 2 and (w.endswith(".") or w.isupper()))]
    return fold(" ".join(words or author.split()[:1]))


@lru_cache(maxsize=1 << 14)
def journal_key(journal: str) -> tuple[str, ...]:
    words = [w for w in fold(re.sub(r"\([^)]*\)", " ", blank(journal))).split() if w not in _JOURNAL_STOPWORDS]
    for i, word in enumerate(words):
        if word in _JOURNAL_CUT and i > 0:
            return tuple(words[:i])
    return tuple(words)


def first_page(pages: str) -> str:
    """The start page, e.g. "e214", "S354", "123".

    Spreadsheets turn page ranges into dates: "21-Aug" was 21-8 (start 21), "Nov-19" was 11-19 (start 11)."""
    pages = fold(blank(pages))
    if not any(c.isdigit() for c in pages):
        return ""  # "(no pagination)", "in press"
    first = pages.split()[0]
    if first in _MONTHS:
        return str(_MONTHS[first])
    if re.fullmatch(r"e\d+", first):
        # An electronic locator is written "e0137960" by some sources and "137960" by others.
        first = first[1:]
    return first.lstrip("0") or first


def volume_key(volume: str) -> str:
    match = re.match(r"\s*0*(\d+)", blank(volume))
    return match.group(1) if match else fold(blank(volume))


@dataclass(frozen=True)
class Keys:
    """The comparable form of one record."""

    title: str
    notice: frozenset[str]
    first_author: str
    authors: str
    year: int | None
    journal: tuple[str, ...]
    volume: str
    page: str
    doi: str
    pmid: str
    isbns: frozenset[str]
    cobiss: str

    @property
    def has_context(self) -> bool:
        return bool(self.journal or self.volume or self.page or self.doi)


def keys_of(record: Record) -> Keys:
    title = title_key(record.title)
    surnames = [s for s in (surname(a) for a in record.authors[:10]) if s]
    return Keys(
        title=title,
        notice=frozenset(m.group(1) for m in NOTICE_WORDS.finditer(title)),
        first_author=surnames[0] if surnames else "",
        authors=" ".join(surnames[:10]),
        year=record.year,
        journal=journal_key(record.journal),
        volume=volume_key(record.volume),
        page=first_page(record.pages),
        doi=doi_key(record.doi),
        pmid=pmid_key(record.pmid),
        isbns=isbn_keys(record.isbn),
        cobiss=re.sub(r"\D", "", blank(record.cobiss_id)),
    )
