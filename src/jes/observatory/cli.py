"""`jes observatory import | stats`: case-record imports and published (suppressed) statistics.

Both commands print JSON on stdout (a stable interface, issue 5); progress and messages go to stderr. A refused
file or request exits with status 2; for a refused import the JSON summary is still printed, with the problems.
Django is set up by ``jes.cli.main`` before any command runs; models are imported inside the commands.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

FORMAT_CHOICES = ("ctdc", "htcds", "glotip")
DIMENSION_HELP = (
    "year, gender, age_band, citizenship_region, exploitation_region, citizenship, country, form, recruiter_relation"
)


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _import(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .importer import ImportRefused, import_file, summary

    path = Path(args.file)
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed:,} rows"))
    try:
        with Progress(*columns, TimeElapsedColumn(), console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task(f"Importing {path.name}", total=None)
            batch = import_file(
                path,
                args.format,
                policy=args.policy,
                force=args.force,
                progress=lambda n: progress.update(task, completed=n),
            )
    except ImportRefused as error:
        empty = {"file": path.name, "format": args.format, "policy": args.policy, "batch": None}
        empty |= {"rows_read": 0, "rows_imported": 0, "rows_rejected": 0, "problems": []}
        _print_json((error.summary or empty) | {"refused": True, "error": str(error)})
        print(f"jes observatory import: {error}", file=sys.stderr)
        return 2
    _print_json(summary(batch) | {"refused": False})
    return 0


def _stats(args: argparse.Namespace) -> int:
    from .publish import StatsError, publish

    try:
        result = publish(args.by, k=args.k, country=args.country, region=args.region, source=args.source)
    except StatsError as error:
        print(f"jes observatory stats: {error}", file=sys.stderr)
        return 2
    rows = result.to_rows()
    if args.json:
        _print_json(rows)
        return 0
    keys = list(rows[0])
    widths = {key: max(len(key), *(len("–" if r[key] is None else str(r[key])) for r in rows)) for key in keys}
    print("  ".join(f"{key:<{widths[key]}}" for key in keys))
    for row in rows:
        print("  ".join(f"{'–' if row[key] is None else row[key]!s:<{widths[key]}}" for key in keys))
    print(f"(cells under {result.k} and their complements are withheld: –)")
    return 0


def _editor(args: argparse.Namespace) -> int:
    from .services import make_data_editor

    try:
        user, created = make_data_editor(args.username)
    except ValueError as error:
        print(f"jes observatory editor: {error}", file=sys.stderr)
        return 2
    print(f"{user.username}: {'created, ' if created else ''}may now record cases and import files")
    return 0


def _warning(args: argparse.Namespace) -> int:
    from .series import FOCUS, case_series, glotip_form_series
    from .warning import check_all, to_rows

    if args.source == "cases":
        series = case_series()
    else:
        countries = [c.strip().upper() for c in args.countries.split(",")] if args.countries else list(FOCUS)
        series = glotip_form_series(countries)
    _print_json(to_rows(check_all(series, method=args.method, directions=args.direction)))
    return 0


def register(sub: Any) -> None:
    """Add `jes observatory` and its commands."""
    from .stats.suppression import DEFAULT_K

    group = sub.add_parser("observatory", help="trafficking observatory: import case records, publish statistics")
    obs = group.add_subparsers(dest="action", required=True)

    p = obs.add_parser("import", help="import case records from a CSV or XLSX file (JSON summary on stdout)")
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--format",
        choices=FORMAT_CHOICES,
        default="ctdc",
        help="file layout (default ctdc); the file is CSV or XLSX",
    )
    policy = p.add_mutually_exclusive_group()
    policy.add_argument(
        "--strict",
        dest="policy",
        action="store_const",
        const="strict",
        help="refuse the whole file if any row is invalid (default)",
    )
    policy.add_argument(
        "--skip-invalid",
        dest="policy",
        action="store_const",
        const="skip-invalid",
        help="import the valid rows, count and list the invalid ones",
    )
    p.add_argument("--force", action="store_true", help="import a file that was already imported (counts it twice)")
    p.set_defaults(func=_import, policy="strict")

    p = obs.add_parser("stats", help="a published table with small cells suppressed (cells withheld are null)")
    p.add_argument("--by", required=True, help=f"one or two of: {DIMENSION_HELP} (comma-separated)")
    p.add_argument("--country", help="country of exploitation, ISO 3166-1 alpha-3 (alpha-2 for EU/EEA/UK)")
    p.add_argument("--region", help="UN region of exploitation, e.g. Europe")
    p.add_argument("--source", help='only records from this data source, e.g. "ctdc"')
    p.add_argument("--k", type=int, default=DEFAULT_K, help=f"suppression threshold (default {DEFAULT_K})")
    p.add_argument("--json", action="store_true", help="print JSON rows (default: a text table)")
    p.set_defaults(func=_stats)

    p = obs.add_parser("warning", help="early warning: unusual rises (or falls) in yearly series, as JSON")
    p.add_argument("--source", choices=("glotip", "cases"), default="glotip")
    p.add_argument("--countries", help="GLOTIP countries, ISO alpha-3, comma-separated (default SVN,BEL,FIN,ITA,ESP)")
    p.add_argument("--method", choices=("farrington", "cusum"), default="farrington")
    p.add_argument("--direction", choices=("up", "down", "both"), default="up")
    p.set_defaults(func=_warning)

    p = obs.add_parser("editor", help="let a user record cases and import files on the web (least privilege)")
    p.add_argument("username")
    p.set_defaults(func=_editor)
