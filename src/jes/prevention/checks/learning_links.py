"""What a learning module points at, checked against the files it points into.

A module cites seed lines, service ids, catalogue entries, references and indicator ids. Each of those lives in
its own file (the seed's text, data/referral/services, data/catalogue, data/referral/indicators); this module
reads only what it needs from them, as plain YAML, so that the learning engine stays free of the other pillars'
code and can be checked against any copy of the data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from .learning import CatalogueLink, Module, Reading

# A quote may sit a few lines outside the cited range: the OCR spreads a table row's cells over nearby lines.
QUOTE_SLACK = 3
CATALOGUE_SPECIAL = {"statistics.yaml", "prisma.yaml", "prose.yaml"}


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


# libyaml's safe loader when PyYAML has it: the whole catalogue is read for every check.
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """PATH's YAML, read with a safe loader; a ValueError names the file when it cannot be read."""
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read: {exc}") from exc


@dataclass(frozen=True)
class Sources:
    """The files a module may be checked against; None: not given, so not checked."""

    seed: tuple[str, ...] | None = None
    services: frozenset[str] | None = None
    catalogue: Mapping[tuple[str, str, int], Mapping[str, Any]] | None = None
    references: Mapping[str, Mapping[str, Any]] | None = None
    indicators: frozenset[str] | None = None

    @classmethod
    def read(
        cls,
        *,
        seed: Path | None = None,
        services_dir: Path | None = None,
        catalogue_dir: Path | None = None,
        indicators_dir: Path | None = None,
    ) -> Sources:
        return cls(
            seed=tuple(seed.read_text(encoding="utf-8").splitlines()) if seed is not None else None,
            services=service_ids(services_dir) if services_dir is not None else None,
            catalogue=catalogue_entries(catalogue_dir) if catalogue_dir is not None else None,
            references=references(catalogue_dir) if catalogue_dir is not None else None,
            indicators=indicator_ids(indicators_dir) if indicators_dir is not None else None,
        )


def service_ids(root: Path) -> frozenset[str]:
    ids: set[str] = set()
    for path in sorted(root.glob("*.yaml")):
        data = read_yaml(path) or {}
        ids.update(str(s["id"]) for s in data.get("services") or [] if isinstance(s, dict) and "id" in s)
    return frozenset(ids)


def indicator_ids(root: Path) -> frozenset[str]:
    ids: set[str] = set()
    for path in sorted(root.glob("*.yaml")):
        data = read_yaml(path) or {}
        ids.update(str(i["id"]) for i in data.get("indicators") or [] if isinstance(i, dict) and "id" in i)
    return frozenset(ids)


def catalogue_entries(root: Path) -> dict[tuple[str, str, int], Mapping[str, Any]]:
    """Catalogue entries keyed as the catalogue keys them: (country, section, seed line)."""
    entries: dict[tuple[str, str, int], Mapping[str, Any]] = {}
    for path in sorted(root.glob("*/*.yaml")):
        if path.name in CATALOGUE_SPECIAL:
            continue
        data = read_yaml(path) or {}
        for entry in data.get("entries") or []:
            if isinstance(entry, dict) and isinstance(entry.get("seed_line"), int):
                entries[(path.parent.name.upper(), path.stem, entry["seed_line"])] = entry
    return entries


def references(root: Path) -> dict[str, Mapping[str, Any]]:
    path = root / "references.yaml"
    if not path.exists():
        return {}
    data = read_yaml(path) or {}
    return {str(r["key"]): r for r in data.get("references") or [] if isinstance(r, dict) and "key" in r}


def check_links(module: Module, sources: Sources) -> list[str]:
    """Every problem with what MODULE points at, each naming the question or field; empty when all is well."""
    problems: list[str] = []
    if sources.seed is not None:
        problems += _seed_problems(module, sources.seed)
    if sources.services is not None and module.help is not None:
        problems += [
            f"help services: no service {s!r} in the directory"
            for s in module.help.services
            if s not in sources.services
        ]
    if sources.catalogue is not None:
        problems += [p for link in module.catalogue if (p := _link_problem("catalogue", link, sources.catalogue))]
    if sources.references is not None and sources.catalogue is not None:
        problems += [
            p for r in module.further_reading if (p := _reading_problem(r, sources.references, sources.catalogue))
        ]
    if sources.indicators is not None:
        problems += [
            f"indicators: no indicator {i!r} in the bundled sets"
            for i in module.indicators
            if i not in sources.indicators
        ]
    return problems


def _seed_problems(module: Module, seed: tuple[str, ...]) -> Iterator[str]:
    for where, ranges, quotes in module.seed_ranges():
        too_far = [r for r in ranges if r[1] > len(seed)]
        if too_far:
            yield f"{where}: seed_lines {list(too_far[0])} beyond the seed's {len(seed)} lines"
            continue
        windows = [norm(" ".join(seed[max(0, a - 1 - QUOTE_SLACK) : b + QUOTE_SLACK])) for a, b in ranges]
        for quote in quotes:
            if not any(norm(quote) in w for w in windows):
                yield f"{where}: quote {quote!r} is not in the seed at lines {_ranges(ranges)}"


def _ranges(ranges: Iterable[tuple[int, int]]) -> str:
    return ", ".join(f"{a}-{b}" for a, b in ranges)


def _link_problem(where: str, link: CatalogueLink, catalogue: Mapping[tuple[str, str, int], Any]) -> str:
    if (link.country, link.section, link.seed_line) in catalogue:
        return ""
    return f"{where}: no {link.section} entry of {link.country} starting at seed line {link.seed_line}"


def _reading_problem(
    reading: Reading, refs: Mapping[str, Mapping[str, Any]], catalogue: Mapping[tuple[str, str, int], Any]
) -> str:
    where = f"further_reading {reading.key!r}"
    if reading.catalogue is not None:
        problem = _link_problem(where, reading.catalogue, catalogue)
        if problem:
            return problem
        entry = catalogue[(reading.catalogue.country, reading.catalogue.section, reading.catalogue.seed_line)]
        return _differs(where, reading, str(entry.get("title") or ""), [str(u) for u in entry.get("links") or []])
    ref = refs.get(reading.key)
    if ref is None:
        return f"{where}: no reference with this key in references.yaml"
    if reading.authors and list(reading.authors) != [str(a) for a in ref.get("authors") or []]:
        return f"{where}: authors differ from references.yaml ({ref.get('authors')})"
    if reading.year and reading.year != str(ref.get("year", "")):
        return f"{where}: year differs from references.yaml ({ref.get('year')!r})"
    return _differs(where, reading, str(ref.get("title") or ""), [str(ref.get("url") or "")])


def _differs(where: str, reading: Reading, title: str, urls: list[str]) -> str:
    if norm(reading.title) != norm(title):
        return f"{where}: title differs from the catalogue ({title!r})"
    if reading.url not in urls:
        return f"{where}: url {reading.url!r} is not the catalogue's ({', '.join(urls) or 'none'})"
    return ""
