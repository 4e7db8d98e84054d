"""Import benchmark: the CTDC synthetic file imported N times (about 1,000,000 case records), then aggregates.

Target (issue 5, item 6): 1,000,000 case records imported in under 60 s and any dashboard aggregate in under
1 s on PostgreSQL. Measures the import service (`jes.observatory.importer.import_file`: csv module, validation
of every row, chunked bulk_create in one transaction per file) on a fresh SQLite database in a temporary
JES_DATA_DIR, or on PostgreSQL when DATABASE_URL is set (the benchmark's batches and their records are deleted
afterwards, so no data is left behind).

    .venv/bin/python bench/observatory_import.py [--rows 1000000] [--file PATH]
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
CTDC = SHARED / "ctdc" / "CTDC_VPsynthetic_condensed.csv"
GLOTIP = SHARED / "unodc_glotip" / "data_glotip.csv.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows to reach (the file is imported N times)")
    parser.add_argument("--file", type=Path, default=CTDC, help="a CTDC-layout CSV (default: ../shared's CTDC file)")
    args = parser.parse_args()
    if not args.file.is_file():
        sys.exit(f"{args.file}: not found (../shared/data/ctdc must be beside the clone)")
    tmp = Path(tempfile.mkdtemp(prefix="jes-bench-observatory-"))
    if not os.environ.get("DATABASE_URL"):
        os.environ["JES_DATA_DIR"] = str(tmp)  # a fresh SQLite database, removed at the end
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jes.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from jes.observatory.importer import import_file
    from jes.observatory.models import CaseRecord, ImportBatch
    from jes.observatory.publish import publish

    call_command("migrate", verbosity=0, interactive=False)
    if connection.vendor == "postgresql" and CaseRecord.objects.exists():
        print("note: the PostgreSQL database already holds case records; aggregates include them")
    per_file = sum(1 for _ in args.file.open(encoding="utf-8-sig")) - 1
    times = max(1, math.ceil(args.rows / per_file))
    batches: list[int] = []
    try:
        start = time.perf_counter()
        for i in range(times):
            batch = import_file(args.file, "ctdc", force=True, file_name=f"bench-{i}-{args.file.name}")
            batches.append(batch.pk)
        seconds = time.perf_counter() - start
        rows = sum(ImportBatch.objects.filter(pk__in=batches).values_list("rows_imported", flat=True))
        print(f"database:          {connection.vendor}")
        print(f"file:              {args.file.name} ({per_file:,} rows) imported {times} times")
        print(f"rows imported:     {rows:,}")
        print(f"import time:       {seconds:.1f} s ({rows / seconds:,.0f} rows/s; target 1,000,000 rows < 60 s)")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE observatory_caserecord")
        for by in ("year,gender", "form,exploitation_region", "citizenship_region,age_band", "recruiter_relation"):
            start = time.perf_counter()
            result = publish(by, k=10)
            aggregate = time.perf_counter() - start
            withheld = sum(v is None for row in result.published for v in row)
            print(
                f"stats --by {by:<28} {aggregate * 1000:7.0f} ms (aggregate + suppression; target < 1 s), "
                f"{len(result.row_labels)}x{len(result.col_labels)} cells, {withheld} withheld"
            )
        batches += _glotip()
    finally:
        start = time.perf_counter()
        CaseRecord.objects.filter(batch_id__in=batches)._raw_delete(CaseRecord.objects.db)
        ImportBatch.objects.filter(pk__in=batches).delete()
        print(f"cleanup:           {time.perf_counter() - start:.1f} s (benchmark rows deleted)")
        connection.close()
        shutil.rmtree(tmp, ignore_errors=True)


def _glotip() -> list[int]:
    """UNODC's whole GLOTIP export (58,769 rows) into published figures, then the pages' queries on it."""
    if not GLOTIP.is_file():
        print(f"glotip:            {GLOTIP} not found, skipped")
        return []
    from jes.observatory.figures import import_glotip
    from jes.observatory.series import FOCUS, glotip_form_series, glotip_series
    from jes.observatory.warning import check_all

    start = time.perf_counter()
    batch = import_glotip(GLOTIP, force=True, file_name="bench-glotip.csv.gz")
    seconds = time.perf_counter() - start
    print(f"glotip import:     {batch.rows_imported:,} of {batch.rows_read:,} rows in {seconds:.1f} s")
    start = time.perf_counter()
    series = glotip_series(list(FOCUS))
    print(f"glotip comparison: {len(series)} countries in {(time.perf_counter() - start) * 1000:.0f} ms")
    start = time.perf_counter()
    results = check_all(glotip_form_series(list(FOCUS)))
    flagged = sum(bool(r.alerts) for r in results)
    print(
        f"early warning:     {len(results)} GLOTIP series (5 countries x form) checked in "
        f"{time.perf_counter() - start:.2f} s, {flagged} with a flag"
    )
    return [batch.pk]


if __name__ == "__main__":
    main()
