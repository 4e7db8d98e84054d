"""HTCDS as data, its mapping to CTDC, and the translation of one HTCDS row into a case record.

Pure Python (no Django). The data are data/observatory/htcds/: fields.yaml (the HTCDS fields the observatory
reads, and the identity fields it never reads), ctdc_mapping.csv (HTCDS field and value -> CTDC variable and
value -> the case record's field and value) and countries.csv (ISO 3166-1 alpha-2 -> alpha-3 and CTDC region).
The mapping is checked against both sides' values when it is loaded, and a bad row refuses the whole mapping,
naming the row: a half-checked mapping would silently miscount victims.

`Standard.translate` turns one row (column -> text) into the dict the observatory importer writes, the same
keys as `ctdc_case` returns plus `citizenship`, `country_of_exploitation` and the boolean column of every form
of exploitation (CTDC's file has two forms; HTCDS has more), or None with (column, value, reason) problems.
Columns are matched by the standard's field name, with or without its table prefix (prs_, vic_ ...), ignoring
case, spaces and underscores. Identity columns are dropped unread (their non-empty cells are counted); other
columns the observatory does not use are ignored.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml

DEFAULT_DIR = Path(__file__).resolve().parents[4] / "data" / "observatory" / "htcds"

# CTDC's variables and their published values (CTDC_VPsynthetic_dict_20221201.xlsx, sheets Main and TabStat).
# An empty set: free values (yearRegister is a year or a band, checked by the importer).
CTDC_REGIONS = frozenset({"Africa", "Americas/Oceania", "Asia", "Europe"})
CTDC_GENDERS = frozenset({"Female", "Male"})
CTDC_FLAG = frozenset({"1"})
CTDC_VALUES: dict[str, frozenset[str]] = {
    "yearRegister": frozenset(),
    "gender": CTDC_GENDERS,
    "majorityStatus": frozenset({"Adult", "Minor"}),
    "isForcedLabour": CTDC_FLAG,
    "isSexualExploit": CTDC_FLAG,
    "UN_COO_Region": CTDC_REGIONS,
    "UN_COE_Region": CTDC_REGIONS,
    "IP_Exploiter": CTDC_FLAG,
    "IP_Gender": CTDC_GENDERS,
    "IP_ageBroad": frozenset({"0--29", "30--38", "39--47", "48+"}),
    "IP_citizen_UNRegion": CTDC_REGIONS,
    "IP_Relation": frozenset({"FamilyIntimatePartner", "FriendAcquaintance", "StrangerUnknownOther"}),
    "IP_PayMoney": frozenset({"Yes", "No"}),
    "IP_RecruiterBroker": CTDC_FLAG,
    "IP_TransactionProcess": CTDC_FLAG,
    "IP_ControlAbuseKidnap": CTDC_FLAG,
}

# The observatory's forms of exploitation and their boolean columns (models.FORM_FIELDS), and perpetrator roles
# (importer.ROLE_COLUMNS), in the order the models and the CTDC import list them.
FORM_COLUMNS: dict[str, str] = {
    "forced_labour": "is_forced_labour",
    "sexual_exploitation": "is_sexual_exploitation",
    "forced_criminality": "is_forced_criminality",
    "forced_begging": "is_forced_begging",
    "domestic_servitude": "is_domestic_servitude",
    "forced_marriage": "is_forced_marriage",
    "illegal_adoption": "is_illegal_adoption",
    "organ_removal": "is_organ_removal",
    "other": "is_other_exploitation",
}
FORMS: tuple[str, ...] = tuple(FORM_COLUMNS)
ROLES: tuple[str, ...] = ("exploiter", "recruiter_broker", "transaction", "control_abuse_kidnap")
# A CTDC flag and what the observatory stores for it: mapping rows must agree with the CTDC import.
CTDC_FLAG_CASE: dict[str, tuple[str, str]] = {
    "isForcedLabour": ("forms", "forced_labour"),
    "isSexualExploit": ("forms", "sexual_exploitation"),
    "IP_Exploiter": ("details.perpetrator_roles", "exploiter"),
    "IP_RecruiterBroker": ("details.perpetrator_roles", "recruiter_broker"),
    "IP_TransactionProcess": ("details.perpetrator_roles", "transaction"),
    "IP_ControlAbuseKidnap": ("details.perpetrator_roles", "control_abuse_kidnap"),
}
# Case fields a mapping row may fill, and the values it may give (None: any value of the HTCDS field).
CASE_VALUES: dict[str, frozenset[str] | None] = {
    "gender": CTDC_GENDERS,
    "forms": frozenset(FORMS),
    "means_of_control": None,
    "details.perpetrator_roles": frozenset(ROLES),
    "citizenship": frozenset({"*"}),
    "citizenship_region": frozenset({"*"}),
    "country_of_exploitation": frozenset({"*"}),
    "exploitation_region": frozenset({"*"}),
    # Named in rows without an HTCDS counterpart, so a reader sees which record field stays empty.
    "year_label": frozenset(),
    "age_band": frozenset(),
    "recruiter_relation": frozenset(),
}
LIST_FIELDS = frozenset({"forms", "means_of_control", "details.perpetrator_roles"})
COUNTRY_FIELDS: dict[str, Literal["iso3", "ctdc_region"]] = {
    "citizenship": "iso3",
    "country_of_exploitation": "iso3",
    "citizenship_region": "ctdc_region",
    "exploitation_region": "ctdc_region",
}
# A CTDC region variable and the case field its value goes to.
REGION_FIELDS: dict[str, str] = {"UN_COO_Region": "citizenship_region", "UN_COE_Region": "exploitation_region"}
MATCHES = frozenset({"exact", "approximate", "broader", "none"})
MAPPING_COLUMNS: tuple[str, ...] = (
    "htcds_field",
    "htcds_value",
    "ctdc_variable",
    "ctdc_value",
    "case_field",
    "case_value",
    "match",
    "note",
    "htcds_source",
    "ctdc_source",
)
ANY = "*"
MAX_LISTED_VALUES = 12
_PREFIX = re.compile(r"^(org|prs|vic|per|hte|cas|con)_", re.IGNORECASE)
_COMMIT = re.compile(r"^[0-9a-f]{40}$")
_ISO2 = re.compile(r"^[A-Z]{2}$")
_ISO3 = re.compile(r"^[A-Z]{3}$")

Problems = list[tuple[str, str, str]]


class StandardsError(ValueError):
    """A standards file does not match its schema, or the mapping disagrees with either standard."""


@dataclass(frozen=True)
class Source:
    repo: str
    path: str
    commit: str


@dataclass(frozen=True)
class Field:
    """One HTCDS field the observatory reads."""

    name: str
    prefix: str
    label: str
    type: str
    multiple: bool
    values: tuple[str, ...]  # empty when values_from is "countries"
    values_from: str = ""
    value_labels: Mapping[str, str] = field(default_factory=dict)
    value_aliases: Mapping[str, str] = field(default_factory=dict)
    column_aliases: tuple[str, ...] = ()
    refuse_values: Mapping[str, str] = field(default_factory=dict)
    description: str = ""

    @property
    def countries(self) -> bool:
        return self.values_from == "countries"


@dataclass(frozen=True)
class Named:
    """A field of the standard that is not read: an identity field, or one the observatory does not use."""

    name: str
    prefix: str
    label: str
    reason: str
    column_aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Country:
    iso2: str
    iso3: str  # "" where the CTDC Region sheet has none
    ctdc_region: str  # "" where it has none


@dataclass(frozen=True)
class MappingRow:
    row: int
    htcds_field: str
    htcds_value: str
    ctdc_variable: str
    ctdc_value: str
    case_field: str
    case_value: str
    match: str
    note: str
    htcds_source: str
    ctdc_source: str


@dataclass(frozen=True)
class Column:
    """What one column of an input file is: a field read, an identity field, another known field, or unknown."""

    kind: Literal["field", "identity", "ignored", "unknown"]
    name: str  # the standard's field name ("" when unknown)


@dataclass
class HeaderPlan:
    """How a header's columns are read; the identity and ignored columns are listed in the import summary."""

    fields: dict[str, str]  # column -> field name
    identity: list[str]
    ignored: list[str]
    unknown: list[str]


def normalize(text: str) -> str:
    """A column or value name without case, spaces, underscores or punctuation: "vic_Methods_of_Control" and
    "MethodsOfControl" are one name."""
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def _column_key(column: str) -> str:
    return normalize(_PREFIX.sub("", column.strip()))


def _ordered(values: Iterable[str], order: Sequence[str]) -> list[str]:
    found = set(values)
    return [v for v in order if v in found]


class Standard:
    """HTCDS fields, their CTDC mapping and the country table, checked against each other."""

    def __init__(
        self,
        fields: Sequence[Field],
        identity: Sequence[Named],
        ignored: Sequence[Named],
        mapping: Sequence[MappingRow],
        countries: Mapping[str, Country],
    ) -> None:
        self.fields = {f.name: f for f in fields}
        self.identity = list(identity)
        self.ignored = list(ignored)
        self.mapping = list(mapping)
        self.countries = dict(countries)
        self._columns = self._column_index()
        self._values = {f.name: self._value_index(f) for f in fields}
        # (field, value) -> the rows that fill a case field; a value with a row of its own never falls back on *.
        self._rows: dict[tuple[str, str], list[MappingRow]] = {}
        for row in self.mapping:
            if row.htcds_field:
                rows = self._rows.setdefault((row.htcds_field, row.htcds_value), [])
                if row.case_field:
                    rows.append(row)
        self._resolved: dict[str, Column] = {}

    # --- columns ------------------------------------------------------------------------------------------

    def _column_index(self) -> dict[str, Column]:
        """Normalized name -> column kind. A bare name shared by two fields (hte_Country, ...) needs its prefix."""
        named: list[tuple[Column, str, str, tuple[str, ...]]] = [
            (Column("field", f.name), f.prefix, f.name, f.column_aliases) for f in self.fields.values()
        ]
        named += [(Column("identity", n.name), n.prefix, n.name, n.column_aliases) for n in self.identity]
        named += [(Column("ignored", n.name), n.prefix, n.name, n.column_aliases) for n in self.ignored]
        index: dict[str, Column] = {}
        bare: dict[str, list[Column]] = {}
        for column, prefix, name, aliases in named:
            for spelling in (name, *aliases):
                index[normalize(prefix + spelling)] = column
                bare.setdefault(normalize(spelling), []).append(column)
        for key, columns in bare.items():
            if len(set(columns)) == 1:
                index.setdefault(key, columns[0])
        return index

    def column(self, column: str) -> Column:
        """What a column of an input file is, by its header."""
        found = self._resolved.get(column)
        if found is None:
            stripped = column.strip()
            found = self._columns.get(normalize(stripped)) or self._columns.get(_column_key(stripped))
            found = found or Column("unknown", "")
            self._resolved[column] = found
        return found

    def _kind(self, column: str) -> tuple[str, str]:
        found = self.column(column)
        return found.kind, found.name

    def plan(self, header: Sequence[str]) -> HeaderPlan:
        """How the columns of HEADER are read; StandardsError if it reads no HTCDS field or one field twice."""
        ctdc = [h for h in header if h.strip() in CTDC_VALUES]
        if len(ctdc) >= 3:  # CTDC's "gender" is also an HTCDS name: a CTDC file would import its genders only
            raise StandardsError(f"the header has CTDC columns ({', '.join(ctdc)}): this is the CTDC layout")
        plan = HeaderPlan({}, [], [], [])
        seen: dict[str, str] = {}
        for name in header:
            if not name.strip():
                continue
            column = self.column(name)
            if column.kind == "field":
                if column.name in seen:
                    raise StandardsError(f"columns {seen[column.name]!r} and {name!r} are both HTCDS {column.name}")
                seen[column.name] = name
                plan.fields[name] = column.name
            elif column.kind == "identity":
                plan.identity.append(name)
            elif column.kind == "ignored":
                plan.ignored.append(name)
            else:
                plan.unknown.append(name)
        if not plan.fields:
            raise StandardsError(
                "not in the HTCDS layout: no column is one of the HTCDS fields the observatory reads "
                f"({', '.join(self.fields)})"
            )
        return plan

    def is_label_row(self, cells: Mapping[str, str]) -> bool:
        """True for a row of field labels under the field names (the toolkit spreadsheets show one)."""
        labels = {f.name: (f.label, f.name) for f in self.fields.values()}
        labels |= {n.name: (n.label, n.name) for n in (*self.identity, *self.ignored)}
        compared = 0
        for column, text in cells.items():
            if not text.strip():
                continue
            known = self.column(column)
            if known.kind == "unknown" or normalize(text) not in {normalize(s) for s in labels[known.name]}:
                return False
            compared += 1
        return compared > 0

    # --- values -------------------------------------------------------------------------------------------

    def _value_index(self, f: Field) -> dict[str, str]:
        if f.countries:
            return {normalize(code): code for code in self.countries}
        index: dict[str, str] = {}
        for value in f.values:
            index[normalize(value)] = value
            if value in f.value_labels:
                index.setdefault(normalize(f.value_labels[value]), value)
        for alias, value in f.value_aliases.items():
            index.setdefault(normalize(alias), value)
        return index

    def _allowed_text(self, f: Field) -> str:
        if f.countries:
            return "an ISO 3166-1 alpha-2 country code listed by HTCDS (data/observatory/htcds/countries.csv)"
        if len(f.values) > MAX_LISTED_VALUES:
            return f"one of the {len(f.values)} HTCDS values of {f.name} (data/observatory/htcds/fields.yaml)"
        return f"one of {', '.join(f.values)}"

    def values(self, f: Field, column: str, text: str, problems: Problems) -> list[str] | None:
        """The standard's value names in one cell, or None with a problem. Several values are split on ";"
        (the toolkit spreadsheets) or on spaces (XForm select-multiple answers)."""
        index = self._values[f.name]
        whole = index.get(normalize(text))
        if ";" in text:
            tokens = [t.strip() for t in text.split(";")]
        elif whole is not None:
            tokens = [text]
        else:
            tokens = text.split()
        found: list[str] = []
        wrong: list[str] = []
        for token in (t for t in tokens if t):
            value = index.get(normalize(token))
            if value is None:
                wrong.append(token)
            elif value not in found:
                found.append(value)
        if wrong:
            problems.append((column, text, f"{', '.join(map(repr, wrong))} not {self._allowed_text(f)}"))
            return None
        if not f.multiple and len(found) > 1:
            problems.append((column, text, f"one value expected for {f.name}, got {len(found)}"))
            return None
        refused = [f.refuse_values[v] for v in found if v in f.refuse_values]
        if refused:
            problems.append((column, text, refused[0]))
            return None
        return found

    # --- translation --------------------------------------------------------------------------------------

    def _case_value(self, row: MappingRow, value: str) -> str:
        if row.case_value != ANY:
            return row.case_value
        country = self.countries[value]
        return country.iso3 if COUNTRY_FIELDS[row.case_field] == "iso3" else country.ctdc_region

    def translate(
        self, cells: Mapping[str, str], problems: Problems, identity: Counter[str] | None = None
    ) -> dict[str, Any] | None:
        """The case-record fields of one HTCDS row, or None with (column, value, reason) appended to PROBLEMS.

        Identity cells are never read: a non-empty one is counted in IDENTITY (by column) and dropped.
        """
        before = len(problems)
        read: dict[str, list[str]] = {}
        for column, raw in cells.items():
            kind, name = self._kind(column)
            text = raw.strip()
            if kind == "identity":
                if text and identity is not None:
                    identity[column] += 1
                continue
            if kind != "field" or not text:
                continue
            found = self.values(self.fields[name], column, text, problems)
            if found:
                read[name] = found
        if len(problems) > before:
            return None
        return self._case(read)

    def _case(self, read: Mapping[str, list[str]]) -> dict[str, Any]:
        outputs: dict[str, list[str]] = {}
        for name, found in read.items():
            for value in found:
                rows = self._rows.get((name, value))
                for row in self._rows.get((name, ANY), []) if rows is None else rows:
                    outputs.setdefault(row.case_field, []).append(self._case_value(row, value))

        def one(case_field: str) -> str | None:
            # Several different values (two countries, or regions) give no single value: left empty.
            values = {v for v in outputs.get(case_field, []) if v}
            return values.pop() if len(values) == 1 else None

        forms = _ordered(outputs.get("forms", []), FORMS)
        details: dict[str, Any] = {}
        roles = _ordered(outputs.get("details.perpetrator_roles", []), ROLES)
        if roles:
            details["perpetrator_roles"] = roles
        if read:
            details["htcds"] = {
                name: (found if self.fields[name].multiple else found[0]) for name, found in sorted(read.items())
            }
        controls = self.fields.get("MethodsOfControl")
        means = outputs.get("means_of_control", [])
        return {
            "year_label": None,
            "year_start": None,
            "year_end": None,
            "gender": one("gender"),
            "age_band": None,
            "citizenship_region": one("citizenship_region"),
            "exploitation_region": one("exploitation_region"),
            "citizenship": one("citizenship") if len(read.get("Citizenship", [])) == 1 else None,
            "country_of_exploitation": (
                one("country_of_exploitation") if len(read.get("LocationOfExploitation", [])) == 1 else None
            ),
            "forms": forms,
            **{column: form in forms for form, column in FORM_COLUMNS.items()},
            "means_of_control": _ordered(means, controls.values) if controls else sorted(set(means)),
            "recruiter_relation": None,
            "details": details,
        }


# --- loading --------------------------------------------------------------------------------------------


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


def _htcds_error(row: MappingRow, sources: set[str], fields: Mapping[str, Field]) -> str:
    for key in filter(None, (k.strip() for k in row.htcds_source.split(";"))):
        if key not in sources:
            return f"htcds_source {key!r} is not a source of fields.yaml ({', '.join(sorted(sources))})"
    if not row.htcds_field:
        if row.htcds_value or not row.ctdc_variable or row.match != "none":
            return "a row without an HTCDS field names a CTDC variable with no counterpart (match none)"
        return ""
    f = fields.get(row.htcds_field)
    if f is None:
        return f"{row.htcds_field!r} is not an HTCDS field of fields.yaml"
    if row.htcds_value != ANY and (f.countries or row.htcds_value not in f.values):
        listed = ", ".join(f.values) or "country codes: use *"
        return f"{row.htcds_value!r} is not a value of HTCDS {f.name} ({listed})"
    return ""


def _ctdc_error(row: MappingRow) -> str:
    if not row.ctdc_source:
        return "ctdc_source is empty: name where the CTDC side comes from"
    if not row.ctdc_variable:
        return "a CTDC value without a CTDC variable" if row.ctdc_value else ""
    allowed = CTDC_VALUES.get(row.ctdc_variable)
    if allowed is None:
        return f"{row.ctdc_variable!r} is not a CTDC variable ({', '.join(CTDC_VALUES)})"
    if row.ctdc_value == ANY:
        if REGION_FIELDS.get(row.ctdc_variable) != row.case_field or row.case_value != ANY:
            return "a CTDC value * (a region by country) goes with its region field and case value *"
    elif row.ctdc_value and row.ctdc_value not in allowed:
        return f"{row.ctdc_value!r} is not a CTDC value of {row.ctdc_variable} ({', '.join(sorted(allowed))})"
    return ""


def _case_error(row: MappingRow, fields: Mapping[str, Field]) -> str:
    if not row.case_field:
        return "a case value without a case field" if row.case_value else ""
    if row.case_field not in CASE_VALUES:
        return f"case_field {row.case_field!r} is not one of {', '.join(CASE_VALUES)}"
    allowed = CASE_VALUES[row.case_field]
    if allowed is None and row.case_value != row.htcds_value:
        return f"{row.case_field} keeps the HTCDS value: case_value must be {row.htcds_value!r}"
    if allowed is not None and row.case_value and row.case_value not in allowed:
        return f"{row.case_value!r} is not a value of {row.case_field} ({', '.join(sorted(allowed)) or 'none'})"
    by_country = row.htcds_value == ANY and row.htcds_field in fields and fields[row.htcds_field].countries
    if row.case_value == ANY and not by_country:
        return "case value * (by country) needs a country field and HTCDS value *"
    expected = CTDC_FLAG_CASE.get(row.ctdc_variable)
    if expected is not None and (row.case_field, row.case_value) != expected:
        return f"CTDC {row.ctdc_variable} is {expected[0]} {expected[1]!r} in the CTDC import"
    if row.case_field == "gender" and row.case_value != row.ctdc_value:
        return "gender must be stored as its CTDC value"
    return ""


def _row_error(row: MappingRow, sources: set[str], fields: Mapping[str, Field]) -> str:
    """What is wrong with one mapping row ("" if nothing)."""
    if row.match not in MATCHES:
        return f"match {row.match!r} is not one of {', '.join(sorted(MATCHES))}"
    if row.match != "exact" and not row.note:
        return f"a {row.match} mapping needs a note"
    return _htcds_error(row, sources, fields) or _ctdc_error(row) or _case_error(row, fields)


def check_mapping(path: Path, rows: Sequence[MappingRow], fields: Mapping[str, Field], sources: set[str]) -> None:
    """Every row agrees with both standards, and every value of every mapped field has a row."""
    seen: set[tuple[str, str, str, str]] = set()
    for row in rows:
        error = _row_error(row, sources, fields)
        key = (row.htcds_field, row.htcds_value, row.ctdc_variable, row.case_field)
        if not error and key in seen:
            error = "the same HTCDS value, CTDC variable and case field as an earlier row"
        if error:
            name = f"{row.htcds_field or '-'} {row.htcds_value or ''}".strip()
            raise StandardsError(f"{path.name}, row {row.row} ({name}): {error}")
        seen.add(key)
    covered = {(r.htcds_field, r.htcds_value) for r in rows}
    for f in fields.values():
        if (f.name, ANY) in covered:
            continue
        missing = [v for v in f.values if (f.name, v) not in covered] if f.values else [ANY]
        if missing:
            raise StandardsError(
                f"{path.name}: HTCDS {f.name} {', '.join(missing)} has no row (give one, or {f.name},*)"
            )


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
