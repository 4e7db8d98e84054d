"""Figures others already published: UNODC's GLOTIP table and the joint report's own statistics.

GLOTIP (UNODC, Global Report on Trafficking in Persons data, dataunodc.un.org) is an aggregate table, not case
records: one row per country, indicator, breakdown and year. It is imported into `PublishedFigure` as published.
UNODC masks small counts as "<5"; such a row keeps its text and has no value, so it can never be summed into a
total that would un-mask it. Thousands separators ("1,011") are UNODC's formatting and are read as 1011.

The joint report's statistics live in the catalogue (one fact base); `load_seed_figures` copies them in through
the catalogue's named function, so the observatory can chart them beside GLOTIP without reaching into the
catalogue's models.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.db import transaction

from jes.files import file_sha256

from .importer import ImportRefused, _Tally, refuse_repeat
from .models import FigureOrigin, ImportBatch, PublishedFigure

GLOTIP_COLUMNS = (
    "Iso3_code",
    "Country",
    "Region",
    "Subregion",
    "Indicator",
    "Dimension",
    "Category",
    "Sex",
    "Age",
    "Year",
    "Unit of measurement",
    "txtVALUE",
    "Source",
)
GLOTIP_CITATION = "UNODC, Global Report on Trafficking in Persons data (dataunodc.un.org), export 14/04/2025"
MASKED = {"<5"}
_COUNT = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_ISO3 = re.compile(r"[A-Z]{3}")
_YEAR = re.compile(r"(19|20)\d{2}")
CHUNK = 2000


def _open_text(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return path.open(encoding="utf-8-sig", newline="")


def _glotip_rows(path: Path, name: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number as a spreadsheet shows it, cells); refuses a file whose header is not GLOTIP's."""
    with _open_text(path) as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [c for c in GLOTIP_COLUMNS if c not in header]
        if missing:
            raise ImportRefused(
                f"{name}, row 1: not a GLOTIP export, missing column(s) {', '.join(missing)} "
                f"(expected {', '.join(GLOTIP_COLUMNS)})"
            )
        for number, cells in enumerate(reader, start=2):
            yield number, {k: (v or "").strip() for k, v in cells.items() if k is not None}


def glotip_figure(cells: dict[str, str], problems: list[tuple[str, str, str]]) -> dict[str, Any] | None:
    """One GLOTIP row as `PublishedFigure` fields, or None with the reasons added to PROBLEMS."""
    code, year, text = cells["Iso3_code"], cells["Year"], cells["txtVALUE"]
    # UNODC reports places without an ISO code (Sark) with an empty code: kept by name, never given a code.
    if code and not _ISO3.fullmatch(code):
        problems.append(("Iso3_code", code, "not an ISO 3166-1 alpha-3 code"))
    if not _YEAR.fullmatch(year):
        problems.append(("Year", year, "not a year"))
    value: Decimal | None = None
    if text in MASKED:
        value = None
    elif _COUNT.fullmatch(text):
        value = Decimal(text.replace(",", ""))
    else:
        problems.append(("txtVALUE", text, 'not a count (a whole number, or "<5" where UNODC masks it)'))
    for column in ("Indicator", "Dimension", "Country"):  # UNODC leaves Category empty on a few rows
        if not cells[column]:
            problems.append((column, "", "empty"))
    if problems:
        return None
    return {
        "origin": FigureOrigin.GLOTIP,
        "indicator": cells["Indicator"][:300],
        "dimension": cells["Dimension"][:60],
        "category": cells["Category"][:120],
        "sex": cells["Sex"][:20],
        "age": cells["Age"][:30],
        "country": code,
        "place": cells["Country"][:200],
        "period": year,
        "year_start": int(year),
        "year_end": int(year),
        "value": value,
        "value_text": text[:40],
        "unit": cells["Unit of measurement"][:100] or "Counts",
        "source": GLOTIP_CITATION,
    }


def import_glotip(
    path: Path | str,
    *,
    policy: str = "strict",
    force: bool = False,
    file_name: str = "",
    progress: Callable[[int], None] | None = None,
) -> ImportBatch:
    """Import a GLOTIP CSV (or .csv.gz) export; all or nothing under the strict policy."""
    path = Path(path)
    name = file_name or path.name
    if not path.is_file():
        raise ImportRefused(f"{name}: no such file")
    sha256 = file_sha256(path)
    if not force:
        refuse_repeat(name, sha256, "importing it again would repeat every figure")
    tally = _Tally()
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(file_name=name[:300], format="glotip", policy=policy, sha256=sha256)
            _write_rows(path, name, batch, policy, tally, progress)
            tally.save_to(batch)
    except ImportRefused as error:
        if not error.summary:
            error.summary = {**tally.summary(None, name, "glotip", policy), "rows_imported": 0}
        raise
    return batch


def _write_rows(
    path: Path,
    name: str,
    batch: ImportBatch,
    policy: str,
    tally: _Tally,
    progress: Callable[[int], None] | None,
) -> None:
    chunk: list[PublishedFigure] = []
    for row, cells in _glotip_rows(path, name):
        tally.rows_read += 1
        found: list[tuple[str, str, str]] = []
        figure = glotip_figure(cells, found)
        if figure is None:
            tally.reject(name, row, found)
            continue
        if policy == "strict" and tally.rows_rejected:
            continue  # the file will be refused: keep checking, stop writing
        chunk.append(PublishedFigure(batch=batch, source_row=row, **figure))
        if len(chunk) >= CHUNK:
            tally.rows_imported += len(PublishedFigure.objects.bulk_create(chunk))
            chunk = []
            if progress is not None:
                progress(tally.rows_read)
    if policy == "strict" and tally.rows_rejected:
        listed = "; ".join(str(p) for p in tally.problems[:5])
        raise ImportRefused(
            f"{name}: {tally.rows_rejected} of {tally.rows_read} rows invalid, nothing was imported "
            f"(strict; --skip-invalid imports the valid rows): {listed}",
            {**tally.summary(None, name, "glotip", policy), "rows_imported": 0},
        )
    if tally.rows_read == 0:
        raise ImportRefused(f"{name}: the file has a header but no rows")
    if chunk:
        tally.rows_imported += len(PublishedFigure.objects.bulk_create(chunk))
    if progress is not None:
        progress(tally.rows_read)


# --- the joint report's figures -------------------------------------------------------------------------------

SEED_CITATION = "JeS Joint Research Report on victimization and THB (Slovenia, Belgium, Finland, Italy, Spain)"
_PERIOD = re.compile(r"((?:19|20)\d{2})(?:\s*[-–]\s*((?:19|20)\d{2}))?")


def _seed_period(period: str) -> tuple[int | None, int | None]:
    match = _PERIOD.fullmatch(period.strip())
    if match is None:
        return None, None
    start = int(match.group(1))
    return start, int(match.group(2) or start)


@transaction.atomic
def load_seed_figures() -> int:
    """Replace the seed figures with the catalogue's current statistics; returns how many were loaded."""
    from jes.catalogue.services import published_statistics

    PublishedFigure.objects.filter(origin=FigureOrigin.SEED).delete()
    figures = []
    for stat in published_statistics():
        start, end = _seed_period(stat["period"])
        figures.append(
            PublishedFigure(
                origin=FigureOrigin.SEED,
                indicator=stat["what"][:300],
                country=stat["country_alpha3"],
                place=stat["place"][:200],
                period=stat["period"][:50],
                year_start=start,
                year_end=end,
                value=stat["value"],
                value_text=stat["value_text"][:40],
                unit=stat["unit"][:100],
                source=f"{stat['source']}, cited in the {SEED_CITATION}"[:500],
                seed_line=stat["seed_line"],
                graph=stat["graph"],
            )
        )
    return len(PublishedFigure.objects.bulk_create(figures))
