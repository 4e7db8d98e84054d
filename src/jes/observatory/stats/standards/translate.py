"""The checked standard: which column is which field, the values in a cell, and one row as a case dict."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .records import Column, Country, Field, HeaderPlan, MappingRow, Named, Problems, StandardsError
from .vocabulary import ANY, COUNTRY_FIELDS, CTDC_VALUES, FORM_COLUMNS, FORMS, MAX_LISTED_VALUES, ROLES

_PREFIX = re.compile(r"^(org|prs|vic|per|hte|cas|con)_", re.IGNORECASE)


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
