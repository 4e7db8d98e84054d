"""Build the joint report's ReportData from the catalogue database; the reports engine renders it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.utils import timezone

from jes.reports.citations import csl_item
from jes.reports.model import (
    Column,
    CountryPart,
    Graph,
    GraphPoint,
    Narrative,
    PrismaTable,
    Prose,
    ReportData,
    Row,
    Table,
)
from jes.reports.render import build

from .content.schema import COUNTRIES, COUNTRY_ORDER
from .content.text import fold
from .models import TEMPLATE_FIELDS, PrismaRow, Reference, ReportText, Statistic
from .services import all_entries

# Column headings as the seed's tables print them.
COLUMN_LABELS: dict[str, dict[str, str]] = {
    "research": {
        "row": "No",
        "authors": "Author (year)",
        "purpose": "Study purpose",
        "study_type": "Study type",
        "data_collection": "Data collection",
        "participants_sampling": "Participants and sampling",
        "main_findings": "Main findings",
    },
    "project": {
        "row": "No",
        "author_organisation": "Author (year)",
        "title": "Title, Acronym",
        "programme": "Programme",
        "period": "Period of project",
        "implementation_level": "Implementation level",
        "main_objective": "Main objective",
    },
    "practice": {
        "title": "Title",
        "aims": "Aims",
        "period": "Period",
        "activities": "Activities",
        "results": "Results",
    },
    "other": {
        "title": "Title",
        "programme": "Programme",
        "type": "Type",
        "aims": "Aims",
        "period": "Period",
        "implementation_level": "Implementation level",
        "main_results": "Main results",
    },
    "student_contribution": {
        "title": "Title",
        "writers": "Writer",
        "writer_country": "Country",
        "product_type": "Type of product",
        "summary": "Article / Blog topic / Theses results",
    },
}
# Column widths in percent (the link column takes the rest), close to the seed's tables.
COLUMN_WIDTHS: dict[str, dict[str, int]] = {
    "research": {
        "row": 3,
        "authors": 9,
        "purpose": 13,
        "study_type": 7,
        "data_collection": 8,
        "participants_sampling": 13,
        "main_findings": 33,
    },
    "project": {
        "row": 3,
        "author_organisation": 10,
        "title": 12,
        "programme": 10,
        "period": 6,
        "implementation_level": 17,
        "main_objective": 28,
    },
    "practice": {"title": 12, "aims": 20, "period": 8, "activities": 23, "results": 23},
    "other": {
        "title": 11,
        "programme": 9,
        "type": 8,
        "aims": 20,
        "period": 6,
        "implementation_level": 12,
        "main_results": 20,
    },
    "student_contribution": {"title": 18, "writers": 9, "writer_country": 6, "product_type": 8, "summary": 45},
}
GRAPH_YEARS = range(2010, 2023)


def _cell(entry: Any, key: str) -> str:
    detail = entry.detail
    if key == "row":
        return str(entry.row or "")
    if key == "title":
        return entry.title + (f" ({detail.acronym})" if getattr(detail, "acronym", "") else "")
    if key == "authors":
        label = detail.year_label or (str(entry.year) if entry.year else "")
        return f"{detail.authors} ({label})" if label else detail.authors
    if key == "author_organisation":
        return f"{detail.author_organisation} ({entry.year})" if entry.year else detail.author_organisation
    if key == "writers":
        return f"{detail.writers}, {entry.year}" if entry.year else detail.writers
    return str(getattr(detail, key, "") or "")


def _texts(code: str) -> dict[str, ReportText]:
    return {t.key: t for t in ReportText.objects.filter(country=code)}


def _graph_1(code: str) -> list[Graph]:
    stats = list(Statistic.objects.filter(country=code, graph="graph-1"))
    if not stats:
        return []
    stated = {s.period: float(s.value) for s in stats}
    points = [GraphPoint(str(y), stated.get(str(y))) for y in GRAPH_YEARS]
    return [
        Graph(
            anchor=f"{code.lower()}-graph-1",
            title="Graph 1: Number of crimes of trafficking in human beings in Slovenia in the period 2010-2022",
            source=stats[0].source,
            points=points,
            unit="cases",
        )
    ]


def _prisma(code: str, texts: dict[str, ReportText]) -> PrismaTable | None:
    rows = [(r.stage, r.label, r.value, "*" if r.note else "") for r in PrismaRow.objects.filter(country=code)]
    if not rows:
        return None
    head = texts.get("prisma")
    return PrismaTable(
        anchor=f"{code.lower()}-table-1",
        title=f"Table 1: {head.heading}" if head else "Table 1",
        rows=rows,
        footnote=head.text if head else "",
    )


def country_part(code: str, entries: list[Any]) -> CountryPart:
    texts = _texts(code)
    part = CountryPart(code=code, name=COUNTRIES[code])
    prose_keys = [t for t in texts.values() if not t.key.startswith(("section-", "missing-", "prisma", "references"))]
    part.prose = [
        Prose(f"{code.lower()}-{t.key}", t.heading, t.text) for t in sorted(prose_keys, key=lambda t: t.position)
    ]
    part.graphs = _graph_1(code)
    part.prisma = _prisma(code, texts)
    by_section: dict[str, list[Any]] = {}
    for entry in entries:
        by_section.setdefault(entry.section, []).append(entry)
    for section, items in by_section.items():
        head = texts.get(f"section-{section}")
        missing = texts.get(f"missing-{section}")
        if section == "case_study":
            part.cases_heading = head.heading if head else f"Case studies in {COUNTRIES[code]}"
            part.cases_missing = missing.text if missing else ""
            part.cases = [
                Narrative(f"entry-{e.pk}", e.title, e.detail.narrative, list(e.detail.sources), e.seed_line, e.notes)
                for e in items
            ]
            continue
        labels = COLUMN_LABELS[section]
        part.tables.append(
            Table(
                anchor=f"{code.lower()}-{section}",
                heading=head.heading if head else section,
                intro=head.text if head else "",
                columns=[Column(k, v, COLUMN_WIDTHS[section][k]) for k, v in labels.items()],
                rows=[
                    Row({k: _cell(e, k) for k in labels}, list(e.links), e.seed_line, list(e.missing)) for e in items
                ],
                missing=missing.text if missing else "",
            )
        )
    return part


def _cover() -> list[tuple[str, str]]:
    path = Path(settings.CONTENT_DIR) / "catalogue" / "report.yaml"
    meta = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    return [(item["label"], item["value"]) for item in meta.get("cover", [])]


def _cite_key(authors: list[str], year: str) -> tuple[str, str]:
    first = fold(authors[0]).split(",")[0].removesuffix(" et al.").strip() if authors else ""
    return first, year.strip().lower()


def references() -> list[dict[str, Any]]:
    """The sources the text cites, then every catalogue study not already among them."""
    refs = list(Reference.objects.all())
    items = [csl_item(r.key, r.authors, r.year, r.title, r.container, r.url, r.type) for r in refs]
    cited = {_cite_key(r.authors, r.year) for r in refs}
    for entry in all_entries().filter(section="research"):
        authors = [a for a in entry.detail.authors.split("; ") if a]
        year = entry.detail.year_label or (str(entry.year) if entry.year else "n.d.")
        if not authors or _cite_key(authors, year) in cited:
            continue
        links = list(entry.links)
        items.append(csl_item(f"entry-{entry.pk}", authors, year, entry.title, "", links[0] if links else "", "report"))
    return items


def report_data() -> ReportData:
    entries = list(all_entries())
    note = ReportText.objects.filter(key="references-missing").first()
    return ReportData(
        title="Victimization and Trafficking in Human Beings",
        subtitle="JeS Joint Research Report",
        cover=_cover(),
        countries=[country_part(c, [e for e in entries if e.country == c]) for c in COUNTRY_ORDER],
        references=references(),
        references_note=note.text if note else "",
        generated=timezone.now().strftime("%d %B %Y"),
    )


def build_report(out_dir: Path, progress: Callable[[str], None] | None = None, docx: bool = True) -> dict[str, Path]:
    (progress or (lambda _m: None))("reading the catalogue")
    return build(report_data(), out_dir, progress=progress, docx=docx)


assert set(COLUMN_LABELS) | {"case_study"} == set(TEMPLATE_FIELDS)  # noqa: S101 - a new section needs columns
