"""Worked PRISMA examples shipped under data/review/examples/, read into a flow and checked on load."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from jes.review.engine.prisma import Decision, FlowRecord, PrismaFlow, Removal, Source, SourceKind

EXAMPLES = {"seed": "seed-slovenia.yaml"}
# Descriptive keys a record may carry besides the FlowRecord fields; the flow ignores them.
_DESCRIPTIVE = {"title", "duplicate_of", "note"}
_FLOW_FIELDS = {f.name for f in fields(FlowRecord)}
# The C loader reads the 827-record example about ten times faster than the pure-Python one.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ExampleError(ValueError):
    """A malformed example file; the message names the file, the record number and the reason."""


@dataclass
class Example:
    name: str
    title: str
    synthetic: bool
    source: str
    sources: list[Source]
    records: list[FlowRecord]
    expected: dict[str, int]
    protocol: dict[str, Any] = field(default_factory=dict)

    def flow(self) -> PrismaFlow:
        flow = PrismaFlow.from_decisions(self.sources, self.records)
        flow.check()
        return flow


def examples_dir() -> Path:
    # The engine cannot read Django settings; it honours the same variable settings.CONTENT_DIR does.
    content = os.environ.get("JES_CONTENT_DIR")
    root = Path(content) if content else Path(__file__).resolve().parents[4] / "data"
    return root / "review" / "examples"


def load_example(name: str) -> Example:
    if name not in EXAMPLES:
        raise KeyError(f"no PRISMA example {name!r}; known: {', '.join(sorted(EXAMPLES))}")
    return load_example_file(examples_dir() / EXAMPLES[name])


def load_example_file(path: Path) -> Example:
    """Read an example, build its flow and refuse it unless the counts equal the file's `expected` block."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)  # noqa: S506 - a safe loader
    except (OSError, yaml.YAMLError) as exc:
        raise ExampleError(f"{path}: cannot read: {exc}") from exc
    if not isinstance(data, dict):
        raise ExampleError(f"{path}: expected a mapping at the top level")
    try:
        sources = [Source(str(s["name"]), SourceKind(s["kind"])) for s in data.get("sources", [])]
    except (KeyError, TypeError, ValueError) as exc:
        raise ExampleError(f"{path}: bad source list: {exc}") from exc
    records = [_record(path, number, raw) for number, raw in enumerate(data.get("records") or [], start=1)]
    example = Example(
        name=str(data.get("example", path.stem)),
        title=str(data.get("title", "")),
        synthetic=bool(data.get("synthetic", False)),
        source=str(data.get("source", "")),
        sources=sources,
        records=records,
        expected={str(k): int(v) for k, v in (data.get("expected") or {}).items()},
        protocol=dict(data.get("protocol") or {}),
    )
    try:
        counts = example.flow().summary()
    except ValueError as exc:
        raise ExampleError(f"{path}: {exc}") from exc
    wrong = {k: (v, counts.get(k)) for k, v in example.expected.items() if counts.get(k) != v}
    if wrong:
        detail = ", ".join(f"{k}: expected {want}, records give {got}" for k, (want, got) in wrong.items())
        raise ExampleError(f"{path}: the records do not reproduce the expected counts ({detail})")
    return example


def _record(path: Path, number: int, raw: Any) -> FlowRecord:
    def fail(reason: str) -> ExampleError:
        return ExampleError(f"{path}: record {number}: {reason}")

    if not isinstance(raw, dict):
        raise fail("expected a mapping")
    unknown = set(raw) - _FLOW_FIELDS - _DESCRIPTIVE
    if unknown:
        raise fail(f"unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    if "id" not in raw or "source" not in raw:
        raise fail("needs an id and a source")
    try:
        return FlowRecord(
            id=str(raw["id"]),
            source=str(raw["source"]),
            removed=Removal(raw["removed"]) if raw.get("removed") else None,
            screening=Decision(raw["screening"]) if raw.get("screening") else None,
            screening_reason=str(raw.get("screening_reason", "")),
            retrieved=raw.get("retrieved"),
            eligibility=Decision(raw["eligibility"]) if raw.get("eligibility") else None,
            eligibility_reason=str(raw.get("eligibility_reason", "")),
            study=str(raw.get("study", "")),
        )
    except ValueError as exc:
        raise fail(str(exc)) from exc


def example_counts(name: str) -> dict[str, int]:
    """The counts `jes review prisma --example NAME --json` prints."""
    return load_example(name).flow().summary()
