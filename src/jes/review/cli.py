"""`jes review ...`: the batch parts of the review engine (simulate, dedup, prisma) and project commands
(example, export) that work on the database like `jes catalogue ...` does."""

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


def _print_counts(counts: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(counts))
    else:
        for key, value in counts.items():
            print(f"{key:22s} {value}")


def _project(project_id: int) -> Any:
    from .models import ReviewProject

    try:
        return ReviewProject.objects.get(pk=project_id)
    except ReviewProject.DoesNotExist:
        raise SystemExit(f"no review project with id {project_id}") from None


def cmd_prisma(args: argparse.Namespace) -> int:
    from .engine import prisma_draw
    from .engine.prisma_examples import example_counts, load_example

    if args.example:
        counts: dict[str, Any] = example_counts(args.example)
        flow = load_example(args.example).flow() if args.out else None
        stem = f"prisma-{args.example}"
    else:
        from .outputs import FlowUnavailable, flow_or_error

        project = _project(args.project)
        try:
            flow = flow_or_error(project)
        except FlowUnavailable as exc:
            print(f"review {project.pk}: {exc}", file=sys.stderr)
            return 2
        counts = flow.summary()
        stem = f"prisma-{project.pk}"
    _print_counts(counts, args.json)
    if args.out and flow is not None:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        for path in prisma_draw.export(flow, out / stem):
            print(f"wrote {path}", file=sys.stderr)
    return 0


def cmd_example(args: argparse.Namespace) -> int:
    from django.contrib.auth import get_user_model

    from .examples import load_example_project
    from .flow import project_flow

    lead = None
    if args.lead:
        try:
            lead = get_user_model().objects.get(username=args.lead)
        except get_user_model().DoesNotExist:
            print(f"--lead: no account named {args.lead!r}", file=sys.stderr)
            return 2
    project = load_example_project(args.name, lead=lead)
    print(json.dumps({"project": project.pk, **project_flow(project).summary()}))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .outputs import export_audit, export_decisions

    project = _project(args.project)
    target = Path(args.decisions or args.audit)
    actor = "command line"
    if args.audit:
        if target.suffix.lower() != ".csv":
            print(f"--audit: {target.name}: the audit log is written as .csv", file=sys.stderr)
            return 2
        text = export_audit(project, actor)
    else:
        fmt = target.suffix.lower().lstrip(".")
        if fmt not in ("csv", "ris"):
            print(f"--decisions: {target.name}: use a .csv or .ris file name", file=sys.stderr)
            return 2
        text = export_decisions(project, actor, fmt)
    target.write_text(text, encoding="utf-8", newline="")
    print(f"wrote {target}", file=sys.stderr)
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
    p = review.add_parser("prisma", help="PRISMA 2020 counts (and the diagram with --out)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--example", help="a shipped worked example, e.g. seed")
    which.add_argument("--project", type=int, help="a review project's id")
    p.add_argument("--json", action="store_true")
    p.add_argument("--out", help="also write the diagram as SVG, PNG and PDF into this directory")
    p.set_defaults(func=cmd_prisma)
    p = review.add_parser("example", help="load a worked example as a synthetic review project")
    p.add_argument("name", choices=["seed"])
    p.add_argument("--lead", help="the account that leads the example project")
    p.set_defaults(func=cmd_example)
    p = review.add_parser("export", help="write a project's decisions (CSV or RIS) or its audit log (CSV)")
    p.add_argument("project", type=int, metavar="PROJECT_ID")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--decisions", metavar="FILE", help="FILE.csv or FILE.ris")
    what.add_argument("--audit", metavar="FILE", help="FILE.csv")
    p.set_defaults(func=cmd_export)
    # The other command groups live in their own modules (projects; import, search and duplicates).
    from . import cli_import, cli_projects

    cli_projects.register(review)
    cli_import.register(review)
