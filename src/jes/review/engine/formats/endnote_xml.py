"""EndNote XML export (``<xml><records><record>...``), streamed with defusedxml's iterparse.

defusedxml refuses entity-expansion and external-entity tricks that a hostile upload could carry; writing
uses the standard library, which only serialises our own data.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from ..records import Record
from ._common import FormatError, looks_like_isbn, normalise_doi, parse_year

_STYLE = {"face": "normal", "font": "default", "size": "100%"}
_NAME = re.compile(r"^[A-Za-z_][\w.-]*$")
# Children whose content is read into Record fields; anything else is kept in extra by tag name.
_MAPPED = {"ref-type", "contributors", "titles", "periodical", "pages", "volume", "number", "dates", "isbn"}
_MAPPED |= {"electronic-resource-num", "accession-num", "keywords", "language", "abstract", "urls"}


def _text(elem: ET.Element | None) -> str:
    return "".join(elem.itertext()).strip() if elem is not None else ""


def _texts(elem: ET.Element, path: str) -> list[str]:
    return [t for t in (_text(e) for e in elem.findall(path)) if t]


def _is_pubmed_accession(rec: ET.Element) -> bool:
    """accession-num is a PMID only for NLM/Medline records: Embase puts its own number there."""
    provider = _text(rec.find("remote-database-provider"))
    name = _text(rec.find("remote-database-name")).lower()
    return provider == "NLM" or name in {"medline", "pubmed"}


def _to_record(rec: ET.Element) -> Record:
    out = Record()
    ref_type = rec.find("ref-type")
    out.publication_type = ref_type.get("name", _text(ref_type)) if ref_type is not None else ""
    out.authors = _texts(rec, "contributors/authors/author")
    out.title = _text(rec.find("titles/title"))
    out.journal = _text(rec.find("titles/secondary-title")) or _text(rec.find("periodical/full-title"))
    out.pages = _text(rec.find("pages"))
    out.volume = _text(rec.find("volume"))
    out.issue = _text(rec.find("number"))
    out.year = parse_year(_text(rec.find("dates/year")))
    out.keywords = _texts(rec, "keywords/keyword")
    out.language = _text(rec.find("language"))
    out.abstract = _text(rec.find("abstract"))
    urls = _texts(rec, "urls/related-urls/url")
    out.url = urls[0] if urls else ""
    out.extra = _extra(rec, out, urls[1:])
    return out


def _extra(rec: ET.Element, out: Record, more_urls: list[str]) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    doi = _text(rec.find("electronic-resource-num"))
    if "10." in doi:
        out.doi = normalise_doi(doi)
    elif doi:
        extra["electronic-resource-num"] = doi
    isbn = _text(rec.find("isbn"))
    if looks_like_isbn(isbn):
        out.isbn = isbn
    elif isbn:
        extra["isbn"] = isbn  # EndNote keeps ISSNs in its isbn field
    accession = _text(rec.find("accession-num"))
    if accession.isdigit() and _is_pubmed_accession(rec):
        out.pmid = accession
    elif accession:
        extra["accession-num"] = accession
    _copy_unmapped(rec, extra)
    if more_urls:
        extra["urls"] = more_urls
    return extra


def _copy_unmapped(rec: ET.Element, extra: dict[str, Any]) -> None:
    for child in rec:
        if child.tag not in _MAPPED and _text(child):
            extra[child.tag] = _text(child)
    for path in ("titles/alt-title", "titles/short-title", "periodical/abbr-1", "dates/pub-dates/date"):
        if value := _text(rec.find(path)):
            extra[path.rsplit("/", 1)[-1]] = value
    full_title, secondary = _text(rec.find("periodical/full-title")), _text(rec.find("titles/secondary-title"))
    if full_title and secondary and full_title != secondary:
        extra["full-title"] = full_title


def read(path: Path, mapping: dict[str, str] | None = None) -> Iterator[Record]:
    count = 0
    try:
        for _, elem in iterparse(str(path), events=("end",)):
            if elem.tag == "record":
                count += 1
                yield _to_record(elem)
                # Only an empty shell per record stays attached to <records> (asking for start events to
                # find the parent and detach it too costs a third of the parse time).
                elem.clear()
    except ET.ParseError as exc:
        raise FormatError(path.name, count + 1, f"broken XML: {exc}") from exc
    except DefusedXmlException as exc:
        raise FormatError(path.name, count + 1, f"refused XML construct (entities or DTD): {exc!r}") from exc
    if count == 0:
        raise FormatError(path.name, 1, "no <record> element found (not an EndNote XML export?)")


def _styled(parent: ET.Element, tag: str, value: str) -> None:
    if value:
        ET.SubElement(ET.SubElement(parent, tag), "style", _STYLE).text = value


def _to_element(rec: Record) -> ET.Element:
    elem = ET.Element("record")
    ET.SubElement(elem, "ref-type", {"name": rec.publication_type or "Generic"})
    authors = ET.SubElement(ET.SubElement(elem, "contributors"), "authors")
    for author in rec.authors:
        _styled(authors, "author", author)
    titles = ET.SubElement(elem, "titles")
    _styled(titles, "title", rec.title)
    _styled(titles, "secondary-title", rec.journal)
    for tag, value in (("pages", rec.pages), ("volume", rec.volume), ("number", rec.issue)):
        _styled(elem, tag, value)
    keywords = ET.SubElement(elem, "keywords")
    for keyword in rec.keywords:
        _styled(keywords, "keyword", keyword)
    _styled(ET.SubElement(elem, "dates"), "year", str(rec.year) if rec.year is not None else "")
    _styled(elem, "isbn", rec.isbn or str(rec.extra.get("isbn", "")))
    _styled(elem, "accession-num", rec.pmid or str(rec.extra.get("accession-num", "")))
    if rec.pmid and "remote-database-provider" not in rec.extra:
        _styled(elem, "remote-database-provider", "NLM")
    _styled(elem, "electronic-resource-num", rec.doi or str(rec.extra.get("electronic-resource-num", "")))
    _styled(elem, "abstract", rec.abstract)
    _styled(elem, "language", rec.language)
    urls = ET.SubElement(ET.SubElement(elem, "urls"), "related-urls")
    for url in [rec.url, *rec.extra.get("urls", [])] if rec.url else []:
        _styled(urls, "url", url)
    for key, value in rec.extra.items():
        if key not in _MAPPED and key != "urls" and _NAME.match(key) and isinstance(value, str):
            _styled(elem, key, value)
    return elem


def write(records: Iterable[Record], path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8" ?><xml><records>')
        for rec in records:
            f.write(ET.tostring(_to_element(rec), encoding="unicode"))
        f.write("</records></xml>\n")
