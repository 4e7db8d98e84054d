"""The CTDC mapping checked row by row against both standards and the case record's fields."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from .records import Field, MappingRow, StandardsError
from .vocabulary import ANY, CASE_VALUES, CTDC_FLAG_CASE, CTDC_VALUES, MATCHES, REGION_FIELDS


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
