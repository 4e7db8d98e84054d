"""Loading and validating fields.yaml, ctdc_mapping.csv and countries.csv into a checked `Standard`."""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .checks import check_mapping
from .records import Country, Field, MappingRow, Named, Source, StandardsError
from .translate import Standard
from .vocabulary import CTDC_REGIONS, MAPPING_COLUMNS

# parents[5] is the repository root: this file is src/jes/observatory/stats/standards/files.py (one level deeper
# than the single module it was split from).
DEFAULT_DIR = Path(__file__).resolve().parents[5] / "data" / "observatory" / "htcds"
_COMMIT = re.compile(r"^[0-9a-f]{40}$")
_ISO2 = re.compile(r"^[A-Z]{2}$")
_ISO3 = re.compile(r"^[A-Z]{3}$")


def _need(entry: Mapping[str, Any], key: str, where: str, kind: type = str) -> Any:
    value = entry.get(key)
    if not isinstance(value, kind):
        raise StandardsError(f"{where}: {key!r} must be a {kind.__name__}, got {value!r}")
    return value


def _source(value: Any, where: str) -> Source:
    if not isinstance(value, dict):
        raise StandardsError(f"{where}: a source is a mapping with repo, path and commit")
    commit = _need(value, "commit", where)
    if not _COMMIT.fullmatch(commit):
        raise StandardsError(f"{where}: commit {commit!r} is not 40 hex digits")
    return Source(_need(value, "repo", where), _need(value, "path", where), commit)


def _str_map(value: Any, where: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise StandardsError(f"{where}: must map names to names")
    return dict(value)


def _str_list(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        raise StandardsError(f"{where}: must be a list of names")
    return tuple(str(v) for v in value)  # YAML reads a value such as 4Sale as text, 4 as a number


def _field(entry: Any, path: Path, number: int) -> Field:
    if not isinstance(entry, dict):
        raise StandardsError(f"{path.name}: fields entry {number} is not a mapping")
    name = _need(entry, "name", f"{path.name}: fields entry {number}")
    where = f"{path.name}: field {name}"
    sources = _need(entry, "source", where, dict)
    for key, value in sources.items():
        _source(value, f"{where}, source {key}")
    values = _str_list(entry.get("values"), f"{where}, values")
    values_from = entry.get("values_from", "")
    if values_from not in ("", "countries") or bool(values) == bool(values_from):
        raise StandardsError(f"{where}: give either values or values_from: countries")
    f = Field(
        name=name,
        prefix=_need(entry, "prefix", where),
        label=_need(entry, "label", where),
        type=_need(entry, "type", where),
        multiple=_need(entry, "multiple", where, bool),
        values=values,
        values_from=values_from,
        value_labels=_str_map(entry.get("value_labels"), f"{where}, value_labels"),
        value_aliases=_str_map(entry.get("value_aliases"), f"{where}, value_aliases"),
        column_aliases=_str_list(entry.get("column_aliases"), f"{where}, column_aliases"),
        refuse_values=_str_map(entry.get("refuse_values"), f"{where}, refuse_values"),
        description=_need(entry, "description", where),
    )
    for key in (*f.value_labels, *f.value_aliases.values(), *f.refuse_values):
        if key not in f.values:
            raise StandardsError(f"{where}: {key!r} is not one of its values")
    return f


def _named(entry: Any, path: Path, section: str) -> Named:
    if not isinstance(entry, dict):
        raise StandardsError(f"{path.name}: {section}: an entry is not a mapping")
    name = _need(entry, "name", f"{path.name}: {section}")
    where = f"{path.name}: {section}: {name}"
    _source(entry.get("source"), where)
    return Named(
        name=name,
        prefix=_need(entry, "prefix", where),
        label=_need(entry, "label", where),
        reason=_need(entry, "reason", where),
        column_aliases=_str_list(entry.get("column_aliases"), f"{where}, column_aliases"),
    )


def load_fields(path: Path) -> tuple[list[Field], list[Named], list[Named], set[str]]:
    """The fields read, the identity fields, the other fields not read, and the source keys."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise StandardsError(f"{path.name}: cannot be read ({error})") from None
    if not isinstance(data, dict):
        raise StandardsError(f"{path.name}: not a mapping")
    sources = _need(data, "sources", path.name, dict)
    fields = [_field(e, path, i) for i, e in enumerate(_need(data, "fields", path.name, list), start=1)]
    identity = [
        _named(e, path, "excluded_identity_fields") for e in _need(data, "excluded_identity_fields", path.name, list)
    ]
    ignored = [_named(e, path, "not_imported_fields") for e in data.get("not_imported_fields") or []]
    for named in identity:
        if named.reason != "never enters the observatory":
            raise StandardsError(
                f"{path.name}: excluded_identity_fields: {named.name}: reason must be 'never enters the observatory'"
            )
    names = [f.prefix + f.name for f in fields] + [n.prefix + n.name for n in (*identity, *ignored)]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise StandardsError(f"{path.name}: listed twice: {', '.join(twice)}")
    return fields, identity, ignored, set(sources)


def load_countries(path: Path) -> dict[str, Country]:
    countries: dict[str, Country] = {}
    try:
        with path.open(encoding="utf-8", newline="") as f:
            for number, row in enumerate(csv.DictReader(f), start=2):
                iso2, iso3, region = row.get("iso2") or "", row.get("iso3") or "", row.get("ctdc_region") or ""
                if not _ISO2.fullmatch(iso2) or (iso3 and not _ISO3.fullmatch(iso3)) or iso2 in countries:
                    raise StandardsError(
                        f"{path.name}, row {number}: not a new alpha-2 / alpha-3 pair: {iso2!r}, {iso3!r}"
                    )
                if region and region not in CTDC_REGIONS:
                    raise StandardsError(f"{path.name}, row {number}: {region!r} is not a CTDC region")
                countries[iso2] = Country(iso2, iso3, region)
    except OSError as error:
        raise StandardsError(f"{path.name}: cannot be read ({error})") from None
    return countries


def _read_mapping(path: Path) -> list[MappingRow]:
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            if tuple(reader.fieldnames or ()) != MAPPING_COLUMNS:
                raise StandardsError(f"{path.name}, row 1: the columns must be {', '.join(MAPPING_COLUMNS)}")
            rows = []
            for number, row in enumerate(reader, start=2):
                if None in row or any(v is None for v in row.values()):
                    raise StandardsError(f"{path.name}, row {number}: {len(MAPPING_COLUMNS)} cells expected")
                rows.append(MappingRow(number, *(row[c].strip() for c in MAPPING_COLUMNS)))
    except OSError as error:
        raise StandardsError(f"{path.name}: cannot be read ({error})") from None
    return rows


def load_standard(
    fields_path: Path | None = None, mapping_path: Path | None = None, countries_path: Path | None = None
) -> Standard:
    """The fields, mapping and country table (default: data/observatory/htcds/), checked; StandardsError if not."""
    fields_path = fields_path or DEFAULT_DIR / "fields.yaml"
    mapping_path = mapping_path or DEFAULT_DIR / "ctdc_mapping.csv"
    countries_path = countries_path or DEFAULT_DIR / "countries.csv"
    fields, identity, ignored, sources = load_fields(fields_path)
    rows = _read_mapping(mapping_path)
    check_mapping(mapping_path, rows, {f.name: f for f in fields}, sources)
    return Standard(fields, identity, ignored, rows, load_countries(countries_path))


@cache
def default_standard() -> Standard:
    """The bundled standard, loaded and checked once per process."""
    return load_standard()
