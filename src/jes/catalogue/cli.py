"""`jes catalogue ...` and `jes report ...` commands."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import yaml
from rich.console import Console

err = Console(stderr=True)


def load_with_output(replace: bool) -> dict[str, int]:
    from .services import load_bundled

    with err.status("Loading the bundled catalogue"):
        result = load_bundled(replace=replace)
    if result["loaded"]:
        err.print(
            f"Loaded {result['loaded']} entries, {result.get('statistics', 0)} statistics, "
            f"{result.get('references', 0)} references."
        )
    else:
        err.print(f"The catalogue already holds {result['entries']} entries; kept them (use --replace to reload).")
    return result


def build_report_with_progress(out_dir: Path, docx: bool = True) -> dict[str, Path]:
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .report import build_report

    steps = ["reading the catalogue", "rendering HTML", "typesetting PDF", "writing DOCX", "done"]
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err) as progress:
        task = progress.add_task("Building the joint report", total=len(steps) - (0 if docx else 1))

        def step(message: str) -> None:
            progress.update(task, description=f"Joint report: {message}", advance=1 if message != steps[0] else 0)

        paths = build_report(out_dir, progress=step, docx=docx)
    for kind, path in paths.items():
        err.print(f"  {kind}: {path}")
    return paths


def cmd_load(args: argparse.Namespace) -> int:
    load_with_output(replace=args.replace)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from .content.loader import main as validate

    return validate([args.path])


def cmd_export(args: argparse.Namespace) -> int:
    from .services import export_records

    records = export_records()
    out = sys.stdout
    if args.format == "json":
        json.dump(records, out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif args.format == "yaml":
        yaml.safe_dump(records, out, allow_unicode=True, sort_keys=False)
    else:
        out.write(records_csv(records))
    return 0


def records_csv(records: list[dict[str, Any]]) -> str:
    keys: list[str] = []
    for record in records:
        keys.extend(k for k in record if k not in keys)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=keys)
    writer.writeheader()
    for record in records:
        writer.writerow({k: _flat(v) for k, v in record.items()})
    return buffer.getvalue()


def _flat(value: Any) -> Any:
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value


def cmd_template(args: argparse.Namespace) -> int:
    from .importer import write_country_template

    n = write_country_template(args.country.upper(), Path(args.output))
    err.print(f"Wrote {args.output} with {n} current entries of {args.country.upper()}.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .content.workbook import WorkbookError
    from .importer import import_workbook

    try:
        summary = import_workbook(Path(args.file))
    except WorkbookError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(json.dumps(summary))
    return 0


def cmd_editor(args: argparse.Namespace) -> int:
    from .services import make_editor

    user, created = make_editor(args.username, args.country.upper(), args.email)
    err.print(f"{'Created' if created else 'Updated'} editor {user.username} for {args.country.upper()}.")
    if created:
        err.print(f"Set a password: jes manage changepassword {user.username}")
    return 0


def cmd_report_build(args: argparse.Namespace) -> int:
    build_report_with_progress(Path(args.out), docx=not args.no_docx)
    return 0


def register(sub: Any) -> None:
    cat = sub.add_parser("catalogue", help="the evidence catalogue").add_subparsers(dest="action", required=True)
    p = cat.add_parser("load", help="load the bundled catalogue from data/catalogue")
    p.add_argument("--replace", action="store_true", help="delete the catalogue in the database first")
    p.set_defaults(func=cmd_load)
    p = cat.add_parser("validate", help="validate data files without touching the database")
    p.add_argument("path", nargs="?", default="data/catalogue")
    p.set_defaults(func=cmd_validate)
    p = cat.add_parser("export", help="print every entry")
    p.add_argument("--format", choices=["json", "csv", "yaml"], default="json")
    p.set_defaults(func=cmd_export)
    p = cat.add_parser("template", help="write a country's national report template (XLSX)")
    p.add_argument("--country", required=True, choices=["SI", "BE", "FI", "IT", "ES", "si", "be", "fi", "it", "es"])
    p.add_argument("-o", "--output", required=True)
    p.set_defaults(func=cmd_template)
    p = cat.add_parser("import", help="import a filled-in national report template (XLSX)")
    p.add_argument("file")
    p.set_defaults(func=cmd_import)
    p = cat.add_parser("editor", help="make USERNAME an editor of one country's entries")
    p.add_argument("username")
    p.add_argument("--country", required=True, choices=["SI", "BE", "FI", "IT", "ES", "si", "be", "fi", "it", "es"])
    p.add_argument("--email", default="")
    p.set_defaults(func=cmd_editor)
    rep = sub.add_parser("report", help="the joint report").add_subparsers(dest="action", required=True)
    p = rep.add_parser("build", help="write joint-report.html, .pdf and .docx")
    p.add_argument("--out", required=True)
    p.add_argument("--no-docx", action="store_true")
    p.set_defaults(func=cmd_report_build)
