"""Search strategies run over a review's records: hit counts per line, like a database's search history.

Lines are numbered as ``#n`` refers to them: blank lines of the text are left out before numbering.
Records are streamed as plain values (title, abstract, keywords), so thousands of records need no model
instances. A run is saved (SearchRun) and audited; a query error saves nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from .audit import record_event
from .engine.query import LineResult, QueryError, compile_query, highlight_terms, run_strategy
from .engine.strategy import SavedStrategy, StrategyFileError, load_strategy
from .models import ReviewProject, ReviewSource, SearchRun

_FIELDS = ("title", "abstract", "keywords")


class LineError(ValueError):
    """A query line that cannot be run: its number (as #n), text, the reason and the 0-based column."""

    def __init__(self, number: int, query: str, reason: str, position: int | None) -> None:
        where = f" at column {position + 1}" if position is not None else ""
        super().__init__(f"line #{number}: {reason}{where}: {query}")
        self.number = number
        self.query = query
        self.reason = reason
        self.position = position


def split_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def check_lines(lines: list[str]) -> None:
    """Raise LineError for the first line that does not parse or refers to a later line."""
    if not lines:
        raise LineError(1, "", "the strategy has no query", None)
    for number, line in enumerate(lines, start=1):
        try:
            compile_query(line, lines_before=number - 1)
        except QueryError as error:
            raise LineError(number, line, error.reason, error.position) from None


def searched_records(project: ReviewProject, source: ReviewSource | None = None) -> Any:
    records = project.records.filter(removed="")
    return records.filter(source=source) if source is not None else records


def run_lines(
    project: ReviewProject, lines: list[str], source: ReviewSource | None = None
) -> tuple[list[LineResult], int]:
    """Hit counts per line over the project's records that are not removed (of one source, if given)."""
    check_lines(lines)
    records = searched_records(project, source)
    results = run_strategy(lines, records.values(*_FIELDS).iterator(chunk_size=2000))
    return results, records.count()


@transaction.atomic
def run_search(
    project: ReviewProject,
    lines: list[str],
    *,
    user: Any,
    source: ReviewSource | None = None,
    name: str = "",
) -> SearchRun:
    """Run and save the search history; LineError (nothing saved) for a bad line."""
    if source is not None and source.project_id != project.pk:
        raise ValueError(f"source: {source.name!r} belongs to another review")
    results, searched = run_lines(project, lines, source)
    run = SearchRun.objects.create(
        project=project,
        source=source,
        name=name[:200],
        lines=[{"query": r.query, "hits": r.hits} for r in results],
        records_searched=searched,
        run_by=user if getattr(user, "pk", None) else None,
    )
    record_event(project, user, "search_run", search_run=run.pk, lines=len(results), records=searched)
    return run


@transaction.atomic
def set_highlighting(project: ReviewProject, lines: list[str], *, user: Any) -> list[str]:
    """The screening pages highlight the strategy's positive terms. The lines that have any are stored as
    typed (readable on the protocol, re-parsed by the screening page); returns the regex patterns they give."""
    check_lines(lines)
    patterns: list[str] = []
    kept: list[str] = []
    for line in lines:
        found = [p for p in highlight_terms(line) if p not in patterns]
        if found:
            kept.append(line)
            patterns += found
    project.highlight_terms = kept
    project.save(update_fields=["highlight_terms", "updated"])
    record_event(project, user, "highlight_terms_set", terms=len(patterns), lines=len(kept))
    return patterns


# --- saved strategy files -------------------------------------------------------------------------------


def strategy_dir() -> Path:
    return Path(settings.CONTENT_DIR) / "review" / "strategies"


def saved_strategies() -> list[SavedStrategy]:
    """The strategies shipped under data/review/strategies (a broken file is left out, not fatal)."""
    found = []
    for path in sorted(strategy_dir().glob("*.yaml")):
        try:
            found.append(load_strategy(path))
        except StrategyFileError:
            continue
    return found


def find_strategy(name_or_path: str) -> SavedStrategy:
    """A shipped strategy by its name (or file stem), or a YAML file by its path."""
    for strategy in saved_strategies():
        if name_or_path in (strategy.name, Path(strategy.path).stem):
            return strategy
    path = Path(name_or_path)
    if path.suffix.lower() in (".yaml", ".yml") and path.exists():
        return load_strategy(path)
    known = ", ".join(s.name for s in saved_strategies()) or "none"
    raise StrategyFileError(f"{name_or_path}: no such strategy file or shipped strategy (shipped: {known})")
