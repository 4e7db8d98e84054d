"""Import benchmark through the web/CLI path: 100,000 RIS records parsed AND stored in the database.

Target (issue 3): 100,000 records in under 60 s with under 1 GB of memory. Measures the import service
(`jes.review.imports.import_file`, one transaction, chunked bulk inserts) on a fresh SQLite database in a
temporary JES_DATA_DIR, or on PostgreSQL when DATABASE_URL is set (the rows are deleted afterwards).

    .venv/bin/python bench/review_import_db.py [N]
"""

from __future__ import annotations

import importlib
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    tmp = Path(tempfile.mkdtemp(prefix="jes-bench-import-"))
    os.environ.setdefault("JES_DATA_DIR", str(tmp))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jes.settings")
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection

    from jes.review.imports import import_file
    from jes.review.projects import add_source, create_project

    # bench/ is not a package: the generator of the parse-only benchmark is loaded by name.
    generate = importlib.import_module("review_import").generate

    call_command("migrate", verbosity=0, interactive=False)
    path = tmp / "bench.ris"
    generate(path, n)
    user, _ = User.objects.get_or_create(username="bench-import")
    project = create_project("Import benchmark", user)
    source = add_source(project, user, "Generated", "database")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    batch = import_file(project, source, path, user=user)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    stored = project.records.count()
    print(f"database:              {connection.vendor}")
    print(f"records imported:      {batch.records:,} ({stored:,} rows) from {path.stat().st_size / 2**20:,.0f} MiB")
    print(f"import time:           {seconds:.1f} s ({stored / seconds:,.0f} records/s; target < 60 s)")
    print(f"peak RSS of process:   {peak:,.0f} MiB (before {rss_before:,.0f} MiB; target < 1024 MiB)")
    print(f"within target:         {seconds < 60 and peak < 1024}")
    project.delete()
    user.delete()


if __name__ == "__main__":
    main()
