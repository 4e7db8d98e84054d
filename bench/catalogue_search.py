"""Catalogue benchmark: 50,000 synthetic entries, search latency (p50/p95) and report build time.

Run:  .venv/bin/python bench/catalogue_search.py                       (SQLite file in a temp folder;
      set JES_DATA_DIR to keep it and reuse it next time)
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/catalogue_search.py
      add --report to time `jes report build` on the bundled catalogue too.

Prints figures; asserts nothing. The synthetic entries reuse words of the bundled catalogue so that
term frequencies look like real content; they are deleted at the end on PostgreSQL.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

N_DEFAULT = 50_000
QUERIES = [
    "berry",
    "rucman",
    "trafficking children",
    "sexual exploitation",
    "forced labour migrant",
    "shelter",
    "helpline",
    "roma marriage",
    "police",
    "prostitution",
    "asylum",
    "zzzz nothing",
    "victim support finland",
    "caritas",
    "begging",
    "training professionals",
]


def setup_django() -> None:
    if not os.environ.get("DATABASE_URL") and not os.environ.get("JES_DATA_DIR"):
        os.environ["JES_DATA_DIR"] = tempfile.mkdtemp(prefix="jes-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jes.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def generate(n: int) -> None:
    from django.db import transaction

    from jes.catalogue.content.schema import COUNTRIES, SECTIONS
    from jes.catalogue.models import SECTION_MODELS, Entry
    from jes.catalogue.services import load_bundled

    load_bundled(replace=True)
    vocabulary = " ".join(e.search_text for e in Entry.objects.all()).split()
    rng = random.Random(42)
    countries, sections = list(COUNTRIES), list(SECTIONS)
    start = time.perf_counter()
    with transaction.atomic():
        for i in range(n):
            section = sections[i % len(sections)]
            model = SECTION_MODELS[section]
            words = " ".join(rng.choices(vocabulary, k=80))
            obj = model(
                country=countries[i % 5],
                section=section,
                title=" ".join(rng.choices(vocabulary, k=6)),
                year=rng.randint(2010, 2024),
                seed_line=None,
            )
            first_text = {
                "research": "main_findings",
                "project": "main_objective",
                "practice": "aims",
                "other": "aims",
                "case_study": "narrative",
                "student_contribution": "summary",
            }[section]
            setattr(obj, first_text, words)
            obj.save()  # multi-table inheritance cannot bulk_create; one transaction keeps it quick
    print(f"generated {n} entries in {time.perf_counter() - start:.1f} s")


def time_search(repeats: int) -> None:
    from django.db import connection
    from django.http import QueryDict

    from jes.catalogue.queries import Filters, facets, results_page

    samples, facet_samples = [], []
    for _ in range(repeats):
        for q in QUERIES:
            params = QueryDict(mutable=True)
            params["q"] = q
            f = Filters.from_params(params)
            t0 = time.perf_counter()
            qs, results = results_page(f, 1, 25)  # what the catalogue page does
            total = results.count()
            page = list(results[0:25])
            samples.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            facets(qs)
            facet_samples.append((time.perf_counter() - t0) * 1000)
            del total, page
    p = statistics.quantiles(samples, n=100)
    fp = statistics.quantiles(facet_samples, n=100)
    print(
        f"{connection.vendor}: search (count + first page of 25), {len(samples)} queries: "
        f"p50 {p[49]:.1f} ms, p95 {p[94]:.1f} ms, max {max(samples):.1f} ms"
    )
    print(f"{connection.vendor}: facet counts on the same result sets: p50 {fp[49]:.1f} ms, p95 {fp[94]:.1f} ms")


def time_report() -> None:
    from jes.catalogue.report import build_report
    from jes.catalogue.services import load_bundled

    load_bundled(replace=True)
    out = Path(tempfile.mkdtemp(prefix="jes-report-"))
    t0 = time.perf_counter()
    build_report(out, docx=True)
    print(f"report build (bundled catalogue, HTML + PDF + DOCX): {time.perf_counter() - t0:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=N_DEFAULT)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--report", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the synthetic entries (to reuse or inspect)")
    args = parser.parse_args()
    setup_django()
    from jes.catalogue.models import Entry

    if args.report:
        time_report()
    if Entry.objects.count() < args.n:  # an earlier run's database (JES_DATA_DIR) is reused
        generate(args.n)
    print(f"entries in the catalogue: {Entry.objects.count()}")
    time_search(args.repeats)
    if os.environ.get("DATABASE_URL") and not args.keep:
        from jes.catalogue.services import load_bundled

        load_bundled(replace=True)


if __name__ == "__main__":
    main()
