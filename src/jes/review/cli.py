"""`jes review ...`: the batch parts of the review engine (simulate, dedup, prisma)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

FORMAT_CHOICES = ["ris", "bibtex", "nbib", "endnote-xml", "csl-json", "csv", "tsv", "xlsx"]


def cmd_simulate(args: argparse.Namespace) -> int:
    from .engine.simulate import simulate_csv

    summary = simulate_csv(Path(args.data), seeds=args.seeds)
    out = summary.to_json()
    if args.json:
        print(json.dumps(out))
    else:
        for key in ("n_records", "n_included", "records_to_95", "wss_95", "wss_100", "recall_at_10pct", "seconds"):
            print(f"{key:16s} {out[key]}")
    return 0


def cmd_dedup(args: argparse.Namespace) -> int:
    from .engine.dedup import dedup_json
    from .engine.formats import FormatError, read_all

    try:
        records = read_all(Path(args.file), fmt=args.format)
    except FormatError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    result = dedup_json(records)
    print(json.dumps(result) if args.json else f"{result['records']} records, {len(result['clusters'])} clusters")
    return 0


def cmd_prisma(args: argparse.Namespace) -> int:
    from .engine.prisma_examples import example_counts

    counts: dict[str, Any] = example_counts(args.example)
    if args.json:
        print(json.dumps(counts))
    else:
        for key, value in counts.items():
            print(f"{key:22s} {value}")
    return 0


def register(sub: Any) -> None:
    review = sub.add_parser("review", help="the systematic review engine").add_subparsers(dest="action", required=True)
    p = review.add_parser("simulate", help="simulate active-learning screening on a labelled CSV")
    p.add_argument("data", help="CSV with title, abstract, label_included")
    p.add_argument("--seeds", type=int, default=5)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_simulate)
    p = review.add_parser("dedup", help="find duplicate records in a bibliographic file")
    p.add_argument("file")
    p.add_argument("--format", choices=FORMAT_CHOICES, default=None, help="default: from the extension")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_dedup)
    p = review.add_parser("prisma", help="PRISMA 2020 counts")
    p.add_argument("--example", required=True, help="a shipped worked example, e.g. seed")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_prisma)
