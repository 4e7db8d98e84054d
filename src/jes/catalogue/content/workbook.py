"""The national report template as an XLSX workbook (openpyxl): one sheet per section.

Partners fill it in and send it back; reading validates every row against the
content schema and names the sheet, row and column of the first problems.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from pydantic import ValidationError

from .schema import ACTIONS, COUNTRIES, ENTRY_MODELS, FORMS, SECTIONS, TARGET_GROUPS

LIST_COLUMNS = {"authors", "writers", "links", "sources", "missing", "forms", "target_groups", "actions"}
TAG_COLUMNS = {"forms": FORMS, "target_groups": TARGET_GROUPS, "actions": ACTIONS}
SEPARATOR = ";"
SHEET_TITLES = {code: label[:31] for code, label in SECTIONS.items()}
META_SHEET = "About"


def section_columns(section: str) -> list[str]:
    """id first (blank for a new entry), then the template's fields, then tags and provenance."""
    model = ENTRY_MODELS[section]
    own = [name for name in model.model_fields if name not in {"tags", "seed_line", "row", "missing", "notes"}]
    return ["id", "row", *own, "forms", "target_groups", "actions", "seed_line", "missing", "notes"]


class WorkbookError(ValueError):
    """A workbook that cannot be imported; the message lists every problem found."""

    def __init__(self, path: Path, problems: list[str]):
        self.problems = problems
        super().__init__(f"{path.name}: refused, nothing imported:\n" + "\n".join(f"  - {p}" for p in problems))


@dataclass
class WorkbookRow:
    section: str
    sheet_row: int
    id: int | None
    data: dict[str, Any]  # validated by the section's content model, tags as a dict


def _cell_text(value: Any) -> str:
    if isinstance(value, list):
        return f"{SEPARATOR} ".join(str(v) for v in value)
    return "" if value is None else str(value)


def write_template(path: Path, country: str, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Write the template for ``country`` with its current ``rows`` (per section, exchange records)."""
    wb = Workbook()
    about = wb.active
    about.title = META_SHEET
    about.append(["JeS national report template"])
    about.append(["country", country])
    about.append(["country name", COUNTRIES[country]])
    about.append([])
    about.append(["How to fill it in"])
    about.append(["One sheet per section. Keep the id column: blank for a new entry, unchanged for an existing one."])
    about.append(
        [f"Lists (authors, links, tags) are separated by '{SEPARATOR}'. Tag codes: see the Vocabularies sheet."]
    )
    about.append(["Leave unknown cells empty; never guess a number, URL or date."])
    about["A1"].font = Font(bold=True, size=14)
    vocab = wb.create_sheet("Vocabularies")
    for col, (name, vocabulary) in enumerate(TAG_COLUMNS.items(), start=1):
        vocab.cell(row=1, column=col, value=name).font = Font(bold=True)
        for r, code in enumerate(vocabulary, start=2):
            vocab.cell(row=r, column=col, value=code)
    for section in SECTIONS:
        _write_section(wb, section, rows.get(section, []))
    wb.save(path)


def _write_section(wb: Workbook, section: str, records: list[dict[str, Any]]) -> None:
    ws = wb.create_sheet(SHEET_TITLES[section])
    columns = section_columns(section)
    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="E6EEF4")
    for record in records:
        tags = record.get("tags", {})
        ws.append([_cell_text(tags.get(c) if c in TAG_COLUMNS else record.get(c)) for c in columns])
    ws.freeze_panes = "B2"
    for i, name in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = 14 if name in {"id", "row", "year", "seed_line"} else 36
        for cell in ws.iter_cols(min_col=i, max_col=i, min_row=2):
            for c in cell:
                c.alignment = Alignment(wrap_text=True, vertical="top")
    for name, vocabulary in TAG_COLUMNS.items():
        letter = get_column_letter(columns.index(name) + 1)
        source = f"Vocabularies!${get_column_letter(list(TAG_COLUMNS).index(name) + 1)}$2:"
        source += f"${get_column_letter(list(TAG_COLUMNS).index(name) + 1)}${len(vocabulary) + 1}"
        # Information style: the drop-down offers one code, typing several separated by ';' stays allowed;
        # the importer checks every code strictly.
        dv = DataValidation(type="list", formula1=f"={source}", errorStyle="information", allow_blank=True)
        dv.promptTitle = name
        dv.prompt = f"One or more codes, separated by '{SEPARATOR}'"
        ws.add_data_validation(dv)
        dv.add(f"{letter}2:{letter}2000")


def _split(value: Any) -> list[str]:
    text = "" if value is None else str(value)
    return [part.strip() for part in text.replace("\n", SEPARATOR).split(SEPARATOR) if part.strip()]


def _parse_row(section: str, header: list[str], values: tuple[Any, ...]) -> tuple[int | None, dict[str, Any]]:
    raw = dict(zip(header, values, strict=False))
    entry_id = raw.pop("id", None)
    data: dict[str, Any] = {"tags": {}}
    for name, value in raw.items():
        if name in TAG_COLUMNS:
            data["tags"][name] = _split(value)
        elif name in LIST_COLUMNS:
            data[name] = _split(value)
        elif value is None or (isinstance(value, str) and not value.strip()):
            continue
        elif name in {"row", "year", "seed_line"}:
            data[name] = value
        else:
            data[name] = str(value)
    return (int(entry_id) if entry_id not in (None, "") else None), data


def read_workbook(path: Path) -> tuple[str, list[WorkbookRow]]:
    """Return (country, rows); raise WorkbookError naming sheet, row and column of every problem."""
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a file that is not a workbook
        raise WorkbookError(path, [f"not an XLSX workbook ({type(exc).__name__}: {exc})"]) from exc
    problems: list[str] = []
    country = _read_country(wb, problems)
    rows: list[WorkbookRow] = []
    titles = {title: code for code, title in SHEET_TITLES.items()}
    for ws in wb.worksheets:
        section = titles.get(ws.title)
        if section is None:
            continue
        rows.extend(_read_sheet(ws, section, problems))
    wb.close()
    if problems:
        raise WorkbookError(path, problems)
    return country, rows


def _read_country(wb: Any, problems: list[str]) -> str:
    if META_SHEET not in wb.sheetnames:
        problems.append(f"sheet {META_SHEET!r} is missing (it names the country)")
        return ""
    for row in wb[META_SHEET].iter_rows(min_row=1, max_row=10, values_only=True):
        if row and row[0] == "country":
            code = str(row[1] or "").strip().upper()
            if code in COUNTRIES:
                return code
            problems.append(
                f"sheet {META_SHEET!r}, row 2, column B: country {code!r} is not one of {', '.join(COUNTRIES)}"
            )
            return ""
    problems.append(f"sheet {META_SHEET!r}: no 'country' row")
    return ""


def _read_sheet(ws: Any, section: str, problems: list[str]) -> list[WorkbookRow]:
    iterator = ws.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(iterator, ())]
    expected = section_columns(section)
    unknown = [h for h in header if h and h not in expected]
    if unknown or "id" not in header:
        problems.append(f"sheet {ws.title!r}, row 1: unexpected columns {unknown or ['(no id column)']}")
        return []
    model = ENTRY_MODELS[section]
    rows = []
    for number, values in enumerate(iterator, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        try:
            entry_id, data = _parse_row(section, header, values)
            entry = model.model_validate(data)
        except ValueError as exc:
            problems.extend(_row_problems(ws.title, number, header, exc))
            continue
        rows.append(WorkbookRow(section, number, entry_id, entry.model_dump()))
    return rows


def _row_problems(sheet: str, number: int, header: list[str], exc: ValueError) -> list[str]:
    if not isinstance(exc, ValidationError):
        return [f"sheet {sheet!r}, row {number}, column A (id): {exc}"]
    out = []
    for err in exc.errors():
        field = str(err["loc"][-1]) if err["loc"] and err["loc"][0] != "tags" else str(err["loc"][1])
        if isinstance(err["loc"][-1], int) and len(err["loc"]) > 1:
            field = str(err["loc"][-2]) if err["loc"][0] != "tags" else str(err["loc"][1])
        column = get_column_letter(header.index(field) + 1) if field in header else "?"
        value = err.get("input")
        out.append(f"sheet {sheet!r}, row {number}, column {column} ({field}): {err['msg']} (value {value!r})")
    return out
