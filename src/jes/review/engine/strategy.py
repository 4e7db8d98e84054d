"""Saved search strategies: a database search history kept as YAML, with where each line comes from.

The bundled example is the seed report's Slovenian COBIB search (data/review/strategies/slovenia-cobib-2023.yaml).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from jes.review.engine.query import LineResult, QueryError, compile_strategy, run_strategy
from jes.review.engine.records import Record

__all__ = ["SavedStrategy", "StrategyFileError", "StrategyLimits", "StrategyLine", "load_strategy"]


class StrategyFileError(ValueError):
    """A strategy file that cannot be used; the message names the file and the line of the strategy."""


@dataclass(frozen=True)
class StrategyLine:
    number: int  # 1-based, as #n refers to it
    query: str
    note: str = ""
    seed_line: int | None = None  # where the source document gives this line
    seed_text: str = ""  # the line as the source gives it, before OCR repairs
    ocr_repair: str = ""


@dataclass(frozen=True)
class StrategyLimits:
    year_min: int | None = None
    year_max: int | None = None
    languages: tuple[str, ...] = ()  # ISO 639-1 codes
    note: str = ""


@dataclass(frozen=True)
class SavedStrategy:
    name: str
    title: str
    database: str
    period_start: str  # when the search was run, as precise as the source says ("2023-04")
    period_end: str
    limits: StrategyLimits
    lines: tuple[StrategyLine, ...]
    source: str = ""
    reported_total: int | None = None  # the hit count the source reports for the whole strategy
    path: str = ""

    @property
    def queries(self) -> list[str]:
        return [line.query for line in self.lines]

    def run(self, records: Iterable[Record | Mapping[str, Any]]) -> list[LineResult]:
        return run_strategy(self.queries, records)


def load_strategy(path: str | Path) -> SavedStrategy:
    """Load and check a strategy file: every line must parse and refer only to earlier lines."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise StrategyFileError(f"{path}: cannot read the strategy: {error}") from error
    if not isinstance(data, Mapping):
        raise StrategyFileError(f"{path}: expected a mapping with 'name', 'database' and 'lines'")
    lines = _lines(path, data.get("lines"))
    try:
        compile_strategy([line.query for line in lines])
    except QueryError as error:
        raise StrategyFileError(f"{path}: {error}") from None
    period = _mapping(path, data, "period")
    reported = _mapping(path, data, "reported_hits")
    return SavedStrategy(
        name=_text(path, data, "name", required=True),
        title=_text(path, data, "title"),
        database=_text(path, data, "database", required=True),
        period_start=_text(path, period, "start"),
        period_end=_text(path, period, "end"),
        limits=_limits(path, _mapping(path, data, "limits")),
        lines=tuple(lines),
        source=_text(path, data, "source"),
        reported_total=_optional_int(path, reported, "total"),
        path=str(path),
    )


def _lines(path: Path, raw: Any) -> list[StrategyLine]:
    if not isinstance(raw, list) or not raw:
        raise StrategyFileError(f"{path}: 'lines' must be a non-empty list of {{query: ...}} entries")
    lines = []
    for number, entry in enumerate(raw, start=1):
        if isinstance(entry, str):
            entry = {"query": entry}
        if not isinstance(entry, Mapping):
            raise StrategyFileError(f"{path}: line #{number}: expected a query string or a mapping with 'query'")
        where = f"line #{number}"
        lines.append(
            StrategyLine(
                number=number,
                query=_text(path, entry, "query", required=True, where=where),
                note=_text(path, entry, "note", where=where),
                seed_line=_optional_int(path, entry, "seed_line", where=where),
                seed_text=_text(path, entry, "seed_text", where=where),
                ocr_repair=_text(path, entry, "ocr_repair", where=where),
            )
        )
    return lines


def _limits(path: Path, raw: Mapping[str, Any]) -> StrategyLimits:
    languages = raw.get("languages", [])
    if not isinstance(languages, list) or not all(isinstance(code, str) for code in languages):
        raise StrategyFileError(f"{path}: limits.languages must be a list of language codes")
    return StrategyLimits(
        year_min=_optional_int(path, raw, "year_min", where="limits"),
        year_max=_optional_int(path, raw, "year_max", where="limits"),
        languages=tuple(languages),
        note=_text(path, raw, "note", where="limits"),
    )


def _mapping(path: Path, data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = data.get(key) or {}
    if not isinstance(value, Mapping):
        raise StrategyFileError(f"{path}: '{key}' must be a mapping")
    return value


def _text(path: Path, data: Mapping[str, Any], key: str, *, required: bool = False, where: str = "") -> str:
    value = data.get(key, "")
    prefix = f"{path}: {where + ': ' if where else ''}"
    if not isinstance(value, str):
        raise StrategyFileError(f"{prefix}'{key}' must be text, not {type(value).__name__}")
    if required and not value.strip():
        raise StrategyFileError(f"{prefix}'{key}' is missing")
    return value


def _optional_int(path: Path, data: Mapping[str, Any], key: str, *, where: str = "") -> int | None:
    value = data.get(key)
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise StrategyFileError(f"{path}: {where + ': ' if where else ''}'{key}' must be a whole number")
    return value
