"""`jes review import | search | duplicates`: the review project's data steps from the command line.

Django is set up by ``jes.cli.main`` before any command runs; models are imported inside the commands so
that building the parser stays cheap. A bad file, query or name exits with status 2 and the message on stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .engine.formats import FORMATS


class CommandError(Exception):
    """Printed to stderr; the command exits with status 2."""


def _project(project_id: int) -> Any:
    from .models import ReviewProject

    project = ReviewProject.objects.filter(pk=project_id).first()
    if project is None:
        raise CommandError(f"no review project with id {project_id}")
    return project


def _user(username: str | None) -> Any:
    if not username:
        return None
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"--user: no account named {username!r}")
    return user


def _source(project: Any, name: str | None) -> Any:
    if name is None:
        return None
    source = project.sources.filter(name=name).first()
    if source is None:
        known = ", ".join(project.sources.values_list("name", flat=True)) or "none yet"
        raise CommandError(f"--source: the review has no source named {name!r} (its sources: {known})")
    return source


def parse_map(items: list[str]) -> dict[str, str]:
    """``--map title=Naslov --map abstract=`` -> {field: column}; an empty column means "not in the file"."""
    mapping = {}
    for item in items:
        field, sep, column = item.partition("=")
        if not sep or not field.strip():
            raise CommandError(f"--map {item!r}: expected FIELD=COLUMN, e.g. title=Naslov")
        mapping[field.strip()] = column.strip()
    return mapping


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _run(command: Any, args: argparse.Namespace) -> int:
    try:
        command(args)
    except CommandError as error:
        print(f"jes review {args.action}: {error}", file=sys.stderr)
        return 2
    return 0


# --- import ---------------------------------------------------------------------------------------------


def _import(args: argparse.Namespace) -> None:
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .engine.formats import FormatError
    from .imports import ImportRefused, import_file

    project, user = _project(args.project), _user(args.user)
    source = _source(project, args.source)
    mapping = parse_map(args.map)
    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} records"))
    try:
        with Progress(*columns, TimeElapsedColumn(), console=Console(stderr=True)) as progress:
            task = progress.add_task(f"Importing {path.name}", total=None)
            batch = import_file(
                project,
                source,
                path,
                fmt=args.format,
                mapping=mapping,
                user=user,
                force=args.force,
                progress=lambda n: progress.update(task, completed=n),
            )
    except (FormatError, ImportRefused) as error:
        raise CommandError(f"{error}; nothing was imported") from error
    print(
        f"{batch.records} records imported from {batch.file_name} ({batch.format}) into review {project.pk}, "
        f"source {source.name} (import {batch.pk})"
    )


# --- search ---------------------------------------------------------------------------------------------


def _search(args: argparse.Namespace) -> None:
    from .engine.strategy import StrategyFileError
    from .search_runs import LineError, find_strategy, run_lines, run_search

    project, user = _project(args.project), _user(args.user)
    source = _source(project, args.source)
    strategy = None
    if args.strategy:
        try:
            strategy = find_strategy(args.strategy)
        except StrategyFileError as error:
            raise CommandError(str(error)) from error
    lines = strategy.queries if strategy else [line.strip() for line in args.line if line.strip()]
    try:
        if args.save:
            run = run_search(project, lines, user=user, source=source, name=strategy.name if strategy else "")
            rows, searched = [(line["query"], line["hits"]) for line in run.lines], run.records_searched
        else:
            results, searched = run_lines(project, lines, source)
            rows = [(r.query, r.hits) for r in results]
    except LineError as error:
        caret = " " * (error.position or 0) + "^"
        raise CommandError(f"{error}\n    {error.query}\n    {caret}") from error
    _print_history(rows, searched, source, strategy)
    if args.save:
        print(f"saved as search run {run.pk}")


def _print_history(rows: list[tuple[str, int]], searched: int, source: Any, strategy: Any) -> None:
    where = f" from {source.name}" if source else ""
    print(f"Search history over {searched} records{where}")
    width = max(4, *(len(str(hits)) for _, hits in rows))
    print(f"{'#':>3}  {'Hits':>{width}}  Query")
    for number, (query, hits) in enumerate(rows, start=1):
        print(f"{number:>3}  {hits:>{width}}  {query}")
    if strategy is not None and strategy.reported_total is not None:
        print(f"({strategy.database} reported {strategy.reported_total} records for this strategy)")


# --- duplicates -----------------------------------------------------------------------------------------


def _duplicates(args: argparse.Namespace) -> None:
    from .duplicates import confirm_all, counts, find_duplicates

    project, user = _project(args.project), _user(args.user)
    found = find_duplicates(project, user)
    print(
        f"{_count(found.records, 'record')} compared: {_count(found.proposed, 'cluster')} proposed, "
        f"{_count(found.duplicates, 'record')} would be removed"
    )
    if found.kept_apart:
        print(f"{_count(found.kept_apart, 'link')} not followed: the records were split apart before")
    if args.confirm_all:
        print(f"{_count(confirm_all(project, user), 'cluster')} confirmed")
    total = counts(project)
    print(
        f"clusters: {total.proposed} proposed, {total.confirmed} confirmed; "
        f"{_count(total.removed, 'record')} removed as duplicates"
    )


def register(review: Any) -> None:
    """Add the commands to `jes review` (REVIEW is its sub-parsers object)."""
    p = review.add_parser("import", help="import a bibliographic file into a review project")
    p.add_argument("project", type=int, metavar="PROJECT_ID")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--source", required=True, help="the project's source the file was exported from")
    p.add_argument("--format", choices=list(FORMATS), default=None, help="default: from the extension")
    p.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN", help="CSV/TSV/XLSX column of a field")
    p.add_argument("--user", metavar="USERNAME", help="who imports (for the audit log)")
    p.add_argument("--force", action="store_true", help="import a file already imported into the project")
    p.set_defaults(func=lambda args: _run(_import, args))

    p = review.add_parser("search", help="run a search strategy over a review's records (hits per line)")
    p.add_argument("project", type=int, metavar="PROJECT_ID")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--strategy", metavar="NAME_OR_YAML", help="a shipped strategy's name or a YAML file")
    which.add_argument("--line", action="append", metavar="QUERY", help="one line of the search history (repeat)")
    p.add_argument("--source", help="only the records of this source")
    p.add_argument("--save", action="store_true", help="keep the run in the project's search history")
    p.add_argument("--user", metavar="USERNAME", help="who runs it (for the audit log)")
    p.set_defaults(func=lambda args: _run(_search, args))

    p = review.add_parser("duplicates", help="detect duplicate records in a review project")
    p.add_argument("project", type=int, metavar="PROJECT_ID")
    p.add_argument("--confirm-all", action="store_true", help="confirm every proposal, keeping the proposed record")
    p.add_argument("--user", metavar="USERNAME", help="who decides (for the audit log)")
    p.set_defaults(func=lambda args: _run(_duplicates, args))
