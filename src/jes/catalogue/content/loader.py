"""Load and validate the bundled catalogue files under data/catalogue/.

Every error names the file and the entry (and field) it is about, so an
editor can find it; a file with one bad entry is refused whole.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from jes.datafiles import describe, read_yaml

from .schema import (
    COUNTRY_ORDER,
    ENTRY_MODELS,
    EntryBase,
    PrismaRow,
    ProseSection,
    Reference,
    SectionFile,
    Statistic,
)


class ContentError(ValueError):
    """A data file does not match the schema."""


@dataclass
class Section:
    meta: SectionFile
    entries: list[EntryBase]
    path: Path


@dataclass
class Prisma:
    title: str
    seed_line: int
    rows: list[PrismaRow]
    footnote: str


@dataclass
class Catalogue:
    sections: list[Section] = field(default_factory=list)
    statistics: dict[str, list[Statistic]] = field(default_factory=dict)
    prisma: dict[str, Prisma] = field(default_factory=dict)
    prose: dict[str, list[ProseSection]] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)
    references_missing: str = ""


def _read_yaml(path: Path) -> Any:
    return read_yaml(path, ContentError)


def _validate(model: type[BaseModel], data: Any, where: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ContentError(f"{where}: {describe(exc)}") from exc


def load_section(path: Path) -> Section:
    data = _read_yaml(path)
    meta = _validate(SectionFile, data, str(path))
    model = ENTRY_MODELS[meta.section]
    entries = []
    for index, raw in enumerate(meta.entries, start=1):
        entry = _validate(model, raw, f"{path}: entry {index}")
        if entry.seed_line is None:
            raise ContentError(f"{path}: entry {index}: field seed_line: bundled entries must name their seed line")
        entries.append(entry)
    expected_country = path.parent.name.upper()
    if meta.country != expected_country:
        raise ContentError(f"{path}: country {meta.country} does not match its folder {path.parent.name}")
    if meta.section != path.stem:
        raise ContentError(f"{path}: section {meta.section} does not match the file name {path.name}")
    return Section(meta=meta, entries=entries, path=path)


def _load_list(path: Path, key: str, model: type[BaseModel]) -> list[Any]:
    data = _read_yaml(path) or {}
    if not isinstance(data, dict) or key not in data:
        raise ContentError(f"{path}: expected a mapping with the key {key!r}")
    return [_validate(model, row, f"{path}: {key} {i}") for i, row in enumerate(data[key], start=1)]


def _load_prisma(path: Path) -> Prisma:
    data = _read_yaml(path) or {}
    rows = _load_list(path, "rows", PrismaRow)
    try:
        return Prisma(
            title=data["title"], seed_line=int(data["seed_line"]), rows=rows, footnote=data.get("footnote", "")
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ContentError(f"{path}: field {exc}: title and seed_line are required") from exc


SPECIAL_FILES = {"statistics.yaml", "prisma.yaml", "prose.yaml"}


def load_catalogue(root: Path) -> Catalogue:
    """Load every file under ``root`` (data/catalogue), failing on the first bad one."""
    cat = Catalogue()
    for code in COUNTRY_ORDER:
        folder = root / code.lower()
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.yaml")):
            if path.name == "statistics.yaml":
                cat.statistics[code] = _load_list(path, "statistics", Statistic)
            elif path.name == "prisma.yaml":
                cat.prisma[code] = _load_prisma(path)
            elif path.name == "prose.yaml":
                cat.prose[code] = _load_list(path, "sections", ProseSection)
            else:
                cat.sections.append(load_section(path))
    refs = root / "references.yaml"
    if refs.exists():
        cat.references = _load_list(refs, "references", Reference)
        cat.references_missing = (_read_yaml(refs) or {}).get("missing", "")
    return cat


def main(argv: list[str] | None = None) -> int:
    """Validate files or folders given on the command line: python -m jes.catalogue.content.loader PATH..."""
    args = argv if argv is not None else sys.argv[1:]
    status = 0
    for arg in args:
        path = Path(arg)
        try:
            if path.is_dir():
                cat = load_catalogue(path)
                n = sum(len(s.entries) for s in cat.sections)
                print(f"ok {path}: {len(cat.sections)} sections, {n} entries, {len(cat.references)} references")
            elif path.name == "statistics.yaml":
                print(f"ok {path}: {len(_load_list(path, 'statistics', Statistic))} statistics")
            elif path.name == "prisma.yaml":
                print(f"ok {path}: {len(_load_prisma(path).rows)} rows")
            elif path.name == "prose.yaml":
                print(f"ok {path}: {len(_load_list(path, 'sections', ProseSection))} sections")
            elif path.name == "references.yaml":
                print(f"ok {path}: {len(_load_list(path, 'references', Reference))} references")
            else:
                print(f"ok {path}: {len(load_section(path).entries)} entries")
        except ContentError as exc:
            print(f"ERROR {exc}")
            status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
