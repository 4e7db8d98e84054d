"""Importing case records from a CSV file: validated row by row, written in one transaction.

Policy (what "a bad file changes nothing" means here):

* A file that is not in the layout at all (not UTF-8 text, not CSV, a required column missing, a column
  named twice) is refused whole before any row is read; nothing is written.
* strict (the default): every row is checked; if any row is invalid the whole file is refused, the problems
  are listed (file, row, column, value, reason; the first `MAX_LISTED`) and nothing is written.
* skip-invalid: the valid rows are imported and the invalid ones are counted in `rows_rejected`, each with
  its reasons (the first `MAX_KEPT` are kept on the batch).
* The same file (by SHA-256) imported twice is refused unless forced: it would count every victim twice.

Files are CSV (UTF-8) or XLSX/XLSM (the first sheet, read in openpyxl's streaming read-only mode); both go through
the same header, row and transaction checks below. In an XLSX file, cells under no header are ignored (the HTCDS
toolkit spreadsheets keep their picklists in hidden columns) and numbers are read as text ("1", "2019").

A row is read with the csv module (or openpyxl) and streamed: memory does not grow with the file. Rows go to the
database with one executemany INSERT (SQLite) or COPY (PostgreSQL) per chunk of `CHUNK` inside one transaction,
so an error late in a file (or a refusal in strict mode) rolls back every chunk written before it. Rows are
numbered as in a text editor or spreadsheet: the header is row 1, the first record row 2.

CTDC layout (../shared/data/ctdc/SOURCES.md and the CTDC dictionary of 1 December 2022): an empty cell is a
missing value; flags are "1" or empty; the perpetrator columns (IP_*) can hold several values joined by ";".
The victim's columns map to the standard's variables; the perpetrator columns, which are not dimensions of
the published tables, are kept in `CaseRecord.details`. CTDC's IP_Relation (the victim's relation to the
perpetrator) is the recruiter relation; several relations stay joined by ";" as CTDC publishes them.

HTCDS layout (IOM's Human Trafficking Case Data Standard, data/observatory/htcds/): columns named by HTCDS field
names (with or without the prs_/vic_ prefixes), translated to the same case fields by `stats.standards`. Identity
columns (names, birth dates, contact details, addresses) are dropped unread and counted in the summary; columns
the observatory does not use are listed and ignored. A second header row of field labels, as the toolkit
spreadsheets have, is skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from django.db import connection, models, transaction

from jes.files import file_sha256

from .models import CaseRecord, Form, ImportBatch, means_flags
from .stats.standards import CTDC_VALUES, Standard, StandardsError, default_standard

Policy = Literal["strict", "skip-invalid"]
POLICIES: tuple[str, ...] = ("strict", "skip-invalid")
FORMATS: tuple[str, ...] = ("ctdc", "htcds", "glotip")
PLANNED_FORMATS: tuple[str, ...] = ()
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
CHUNK = 5000
MAX_LISTED = 20  # problems named in a refusal / the CLI summary
MAX_KEPT = 100  # problems stored on the batch

CTDC_COLUMNS: tuple[str, ...] = (
    "yearRegister",
    "gender",
    "majorityStatus",
    "isForcedLabour",
    "isSexualExploit",
    "UN_COO_Region",
    "UN_COE_Region",
    "IP_Exploiter",
    "IP_Gender",
    "IP_ageBroad",
    "IP_citizen_UNRegion",
    "IP_Relation",
    "IP_PayMoney",
    "IP_RecruiterBroker",
    "IP_TransactionProcess",
    "IP_ControlAbuseKidnap",
)
# CTDC's values, kept with the CTDC <-> HTCDS mapping that is checked against them.
UN_REGIONS = CTDC_VALUES["UN_COO_Region"]
GENDERS = CTDC_VALUES["gender"]
AGE_BANDS = CTDC_VALUES["majorityStatus"]
RELATIONS = CTDC_VALUES["IP_Relation"]
PERPETRATOR_AGES = CTDC_VALUES["IP_ageBroad"]
YES_NO = CTDC_VALUES["IP_PayMoney"]
FLAG = "1"
# Perpetrator role flags -> the name kept in details["perpetrator_roles"].
ROLE_COLUMNS: dict[str, str] = {
    "IP_Exploiter": "exploiter",
    "IP_RecruiterBroker": "recruiter_broker",
    "IP_TransactionProcess": "transaction",
    "IP_ControlAbuseKidnap": "control_abuse_kidnap",
}
# Multi-valued perpetrator columns -> (allowed values, key in details).
LIST_COLUMNS: dict[str, tuple[frozenset[str], str]] = {
    "IP_Gender": (GENDERS, "perpetrator_genders"),
    "IP_ageBroad": (PERPETRATOR_AGES, "perpetrator_ages"),
    "IP_citizen_UNRegion": (UN_REGIONS, "perpetrator_citizenship_regions"),
    "IP_PayMoney": (YES_NO, "paid_money"),
}
_YEAR = re.compile(r"(\d{4})(?:-(\d{4}))?")
YEAR_MIN, YEAR_MAX = 1990, 2100


class ImportRefused(ValueError):
    """The file was refused and nothing was written; `summary` is what the CLI prints."""

    def __init__(self, message: str, summary: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.summary = summary or {}


@dataclass(frozen=True)
class Problem:
    """Why one cell (or a whole row, column "") was rejected."""

    file: str
    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}, row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.reason}" + (f" ({self.value!r})" if self.value else "")


@dataclass
class _Tally:
    rows_read: int = 0
    rows_imported: int = 0
    rows_rejected: int = 0
    problems: list[Problem] = field(default_factory=list)
    ignored: dict[str, Any] = field(default_factory=dict)

    def reject(self, file_name: str, row: int, found: list[tuple[str, str, str]]) -> None:
        """Count a rejected row and keep its (column, value, reason) problems, up to MAX_KEPT."""
        self.rows_rejected += 1
        if len(self.problems) < MAX_KEPT:
            self.problems += [Problem(file_name, row, c, v, r) for c, v, r in found]

    def save_to(self, batch: ImportBatch) -> None:
        """Record the counts and the first problems on the batch."""
        batch.rows_read, batch.rows_imported = self.rows_read, self.rows_imported
        batch.rows_rejected = self.rows_rejected
        batch.problems = [asdict(p) for p in self.problems[:MAX_KEPT]]
        batch.save(update_fields=["rows_read", "rows_imported", "rows_rejected", "problems"])

    def summary(self, batch: ImportBatch | None, file_name: str, fmt: str, policy: str) -> dict[str, Any]:
        return {
            "file": file_name,
            "format": fmt,
            "policy": policy,
            "batch": batch.pk if batch is not None else None,
            "rows_read": self.rows_read,
            "rows_imported": self.rows_imported,
            "rows_rejected": self.rows_rejected,
            "problems": [asdict(p) for p in self.problems[:MAX_LISTED]],
            "ignored_columns": self.ignored,
        }


# --- CTDC rows ------------------------------------------------------------------------------------------


def _year(value: str) -> tuple[int, int] | None:
    match = _YEAR.fullmatch(value)
    if match is None:
        return None
    start = int(match.group(1))
    end = int(match.group(2) or start)
    if not YEAR_MIN <= start <= end <= YEAR_MAX:
        return None
    return start, end


def ctdc_case(cells: dict[str, str], problems: list[tuple[str, str, str]]) -> dict[str, Any] | None:
    """The CaseRecord fields of one CTDC row, or None with (column, value, reason) appended to PROBLEMS."""

    def one_of(column: str, allowed: frozenset[str]) -> str | None:
        value = cells[column]
        if value == "":
            return None
        if value not in allowed:
            problems.append((column, value, f"not one of {', '.join(sorted(allowed))}"))
        return value

    def flag(column: str) -> bool:
        value = cells[column]
        if value not in ("", FLAG):
            problems.append((column, value, 'a flag is "1" or empty'))
        return value == FLAG

    def several(column: str, allowed: frozenset[str]) -> list[str]:
        value = cells[column]
        if value == "":
            return []
        parts = [p.strip() for p in value.split(";")]
        wrong = [p for p in parts if p not in allowed]
        if wrong:
            problems.append((column, value, f"{', '.join(map(repr, wrong))} not one of {', '.join(sorted(allowed))}"))
        return parts

    before = len(problems)
    year_label = cells["yearRegister"] or None
    years = None
    if year_label is not None:
        years = _year(year_label)
        if years is None:
            problems.append(
                ("yearRegister", year_label, f"not a year or a band YYYY-YYYY within {YEAR_MIN}-{YEAR_MAX}")
            )
    forms = []
    if flag("isForcedLabour"):
        forms.append(Form.FORCED_LABOUR.value)
    if flag("isSexualExploit"):
        forms.append(Form.SEXUAL_EXPLOITATION.value)
    relations = several("IP_Relation", RELATIONS)
    details: dict[str, Any] = {}
    roles = [name for column, name in ROLE_COLUMNS.items() if flag(column)]
    if roles:
        details["perpetrator_roles"] = roles
    for column, (allowed, key) in LIST_COLUMNS.items():
        values = several(column, allowed)
        if values:
            details[key] = values
    case = {
        "year_label": year_label,
        "year_start": years[0] if years else None,
        "year_end": years[1] if years else None,
        "gender": one_of("gender", GENDERS),
        "age_band": one_of("majorityStatus", AGE_BANDS),
        "citizenship_region": one_of("UN_COO_Region", UN_REGIONS),
        "exploitation_region": one_of("UN_COE_Region", UN_REGIONS),
        "forms": forms,
        "is_forced_labour": Form.FORCED_LABOUR.value in forms,
        "is_sexual_exploitation": Form.SEXUAL_EXPLOITATION.value in forms,
        "means_of_control": [],
        "recruiter_relation": ";".join(relations) or None,
        "details": details,
    }
    return None if len(problems) > before else case


# --- reading --------------------------------------------------------------------------------------------


def _csv_rows(path: Path, name: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for each non-blank row of a UTF-8 CSV file, the header included."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            for cells in reader:
                if not cells or (len(cells) == 1 and not cells[0].strip()):
                    continue  # a blank line is no record
                yield reader.line_num, cells
    except UnicodeDecodeError as error:
        raise ImportRefused(f"{name}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    except csv.Error as error:
        raise ImportRefused(f"{name}: not a readable CSV file ({error})") from None


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores 2019 and the flag 1 as 2019.0 and 1.0
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _xlsx_rows(path: Path, name: str) -> Iterator[tuple[int, list[str]]]:
    """(sheet row number, cells) for each non-blank row of the first sheet of an XLSX/XLSM file."""
    import openpyxl  # here: the web views import this module, and only an import reads workbooks
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ImportRefused(f"{name}: not a readable XLSX file ({error})") from None
    try:
        if not book.worksheets:
            raise ImportRefused(f"{name}: the workbook has no sheet")
        for number, values in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            while cells and not cells[-1].strip():
                cells.pop()
            if cells:
                yield number, cells
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ImportRefused(f"{name}: not a readable XLSX file ({error})") from None
    finally:
        book.close()


def _file_rows(path: Path, name: str) -> tuple[Iterator[tuple[int, list[str]]], bool]:
    """The rows of PATH by its type, and whether rows may be shorter or longer than the header (spreadsheets)."""
    if path.suffix.lower() in XLSX_SUFFIXES:
        return _xlsx_rows(path, name), True
    return _csv_rows(path, name), False


class _Layout:
    """A file layout: which header it needs, and how a row becomes case-record fields."""

    label = ""

    def keep(self, header: list[str], name: str, row: int) -> list[str]:
        """The columns to read (ImportRefused if the header is not in the layout)."""
        raise NotImplementedError

    def case(self, cells: dict[str, str], found: list[tuple[str, str, str]]) -> dict[str, Any] | None:
        raise NotImplementedError

    def is_label_row(self, cells: dict[str, str]) -> bool:
        return False

    def ignored(self) -> dict[str, Any]:
        """Columns of the file that were not read (for the summary)."""
        return {"identity_columns": [], "identity_cells_dropped": 0, "other_columns": []}


class _CtdcLayout(_Layout):
    label = "CTDC"

    def __init__(self) -> None:
        self.not_read: list[str] = []

    def keep(self, header: list[str], name: str, row: int) -> list[str]:
        self.not_read = [h for h in header if h and h not in CTDC_COLUMNS]
        missing = [c for c in CTDC_COLUMNS if c not in header]
        if missing:
            raise ImportRefused(
                f"{name}, row {row}: not in the CTDC layout: missing column(s) {', '.join(missing)} "
                f"(the header has {', '.join(h for h in header if h) or 'no names'})"
            )
        return list(CTDC_COLUMNS)

    def case(self, cells: dict[str, str], found: list[tuple[str, str, str]]) -> dict[str, Any] | None:
        return ctdc_case(cells, found)

    def ignored(self) -> dict[str, Any]:
        return super().ignored() | {"other_columns": self.not_read}


class _HtcdsLayout(_Layout):
    label = "HTCDS"

    def __init__(self, standard: Standard) -> None:
        self.standard = standard
        self.identity_cells: Counter[str] = Counter()
        self.identity: list[str] = []
        self.not_read: list[str] = []

    def keep(self, header: list[str], name: str, row: int) -> list[str]:
        try:
            plan = self.standard.plan(header)
        except StandardsError as error:
            raise ImportRefused(f"{name}, row {row}: {error}") from None
        self.identity = plan.identity
        self.not_read = plan.ignored + plan.unknown
        # Identity columns are handed to the translator only to be counted; it never reads them.
        return [h for h in header if h and h not in self.not_read]

    def case(self, cells: dict[str, str], found: list[tuple[str, str, str]]) -> dict[str, Any] | None:
        return self.standard.translate(cells, found, self.identity_cells)

    def is_label_row(self, cells: dict[str, str]) -> bool:
        return self.standard.is_label_row(cells)

    def ignored(self) -> dict[str, Any]:
        return {
            "identity_columns": self.identity,
            "identity_cells_dropped": sum(self.identity_cells.values()),
            "other_columns": self.not_read,
        }


def _layout(fmt: str) -> _Layout:
    if fmt == "htcds":
        try:
            return _HtcdsLayout(default_standard())
        except StandardsError as error:
            raise ImportRefused(f"the bundled HTCDS standard is broken: {error}") from None
    return _CtdcLayout()


def _records(path: Path, name: str, layout: _Layout) -> Iterator[tuple[int, dict[str, str] | str]]:
    """(row number, cells by column) for each record, or (row number, reason) for a row of the wrong width.

    Layout errors (file type, encoding, syntax, header) raise ImportRefused.
    """
    rows, ragged = _file_rows(path, name)
    first = next(rows, None)
    if first is None:
        raise ImportRefused(f"{name}: the file is empty; expected a header row in the {layout.label} layout")
    header_row, header = first[0], [h.strip() for h in first[1]]
    twice = sorted({h for h in header if h and header.count(h) > 1})
    if twice:
        raise ImportRefused(f"{name}, row {header_row}: column named more than once: {', '.join(twice)}")
    index = [(c, header.index(c)) for c in layout.keep(header, name, header_row)]
    width = len(header)
    for number, cells in rows:
        if ragged and len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        elif len(cells) != width and not ragged:
            yield number, f"{len(cells)} cells where the header has {width}"
            continue
        record = {c: cells[i].strip() for c, i in index}
        if number == header_row + 1 and layout.is_label_row(record):
            continue
        yield number, record


def _insert(cases: list[dict[str, Any]]) -> None:
    """One executemany INSERT for a chunk of validated rows (field name -> value).

    The ORM's bulk_create spent two thirds of an import compiling SQL per row; the values here are already
    validated, so they go straight to the driver, each prepared by its field as the ORM would.
    """
    for case in cases:  # the boolean mirror of the means list, every column in every row (one column list)
        case.update(means_flags(case.get("means_of_control") or []))
    fields = [CaseRecord._meta.get_field(name) for name in cases[0]]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(CaseRecord._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 - model names
    prepared = [(f, isinstance(f, models.JSONField)) for f in fields]
    params = [
        [f.get_db_prep_save(case[f.attname], connection) if is_json else case[f.attname] for f, is_json in prepared]
        for case in cases
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams rows without a statement per row: the 1M-row target (60 s) needs it on PostgreSQL.
            table = quote(CaseRecord._meta.db_table)
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in params:
                    copy.write_row(row)
        else:
            cursor.executemany(sql, params)


def refuse_repeat(name: str, sha256: str, consequence: str) -> None:
    """ImportRefused if a file with this content was imported before (CONSEQUENCE says why that matters)."""
    earlier = ImportBatch.objects.filter(sha256=sha256).order_by("-id").first()
    if earlier is not None:
        raise ImportRefused(
            f"{name}: this file was already imported on {earlier.imported:%Y-%m-%d} as {earlier.file_name!r} "
            f"(batch {earlier.pk}, {earlier.rows_imported} rows); {consequence} (force it only if you mean to)"
        )


def import_file(
    path: Path | str,
    fmt: str = "ctdc",
    *,
    policy: Policy = "strict",
    force: bool = False,
    file_name: str = "",
    progress: Callable[[int], None] | None = None,
) -> ImportBatch:
    """Import the case records of PATH; return the batch, or raise ImportRefused having written nothing.

    ``file_name`` is the name shown and stored (default: the file's own name).
    """
    path = Path(path)
    name = file_name or path.name
    if fmt == "glotip":  # published aggregates, not case records: they go to PublishedFigure
        from .figures import import_glotip  # here: figures builds on this module

        return import_glotip(path, policy=policy, force=force, file_name=file_name, progress=progress)
    if fmt in PLANNED_FORMATS:
        raise ImportRefused(f"{name}: the {fmt} format is not supported yet (supported: {', '.join(FORMATS)})")
    if fmt not in FORMATS:
        raise ImportRefused(f"{name}: unknown format {fmt!r} (supported: {', '.join(FORMATS)})")
    if policy not in POLICIES:
        raise ImportRefused(f"unknown policy {policy!r} (one of {', '.join(POLICIES)})")
    if not path.is_file():
        raise ImportRefused(f"{name}: no such file")
    layout = _layout(fmt)
    sha256 = file_sha256(path)
    if not force:
        refuse_repeat(name, sha256, "importing it again would count every victim twice")
    tally = _Tally()
    batch: ImportBatch | None = None
    try:
        with transaction.atomic():
            batch = ImportBatch.objects.create(file_name=name[:300], format=fmt, policy=policy, sha256=sha256)
            chunk: list[dict[str, Any]] = []
            for row, cells in _records(path, name, layout):
                tally.rows_read += 1
                found: list[tuple[str, str, str]] = []
                case = None
                if isinstance(cells, str):
                    found.append(("", "", cells))
                else:
                    case = layout.case(cells, found)
                if case is None:
                    tally.reject(name, row, found)
                    continue
                if policy == "strict" and tally.rows_rejected:
                    continue  # the file will be refused: keep checking, stop writing
                chunk.append(case | {"batch_id": batch.pk, "data_source": fmt, "source_row": row})
                if len(chunk) >= CHUNK:
                    _insert(chunk)
                    tally.rows_imported += len(chunk)
                    chunk = []
                    if progress is not None:
                        progress(tally.rows_read)
            tally.ignored = layout.ignored()
            if policy == "strict" and tally.rows_rejected:
                tally.rows_imported = 0
                listed = "; ".join(str(p) for p in tally.problems[:5])
                raise ImportRefused(
                    f"{name}: {tally.rows_rejected} of {tally.rows_read} rows invalid, nothing was imported "
                    f"(strict; --skip-invalid imports the valid rows): {listed}",
                    tally.summary(None, name, fmt, policy),
                )
            if chunk:
                _insert(chunk)
                tally.rows_imported += len(chunk)
            if progress is not None:
                progress(tally.rows_read)
            tally.save_to(batch)
            batch.ignored_columns = tally.ignored  # shown by summary(); not stored
    except ImportRefused as error:
        if not error.summary:
            error.summary = {**tally.summary(None, name, fmt, policy), "rows_imported": 0}
        raise
    return batch


def summary(batch: ImportBatch) -> dict[str, Any]:
    """What `jes observatory import` prints for a batch."""
    return {
        "file": batch.file_name,
        "format": batch.format,
        "policy": batch.policy,
        "batch": batch.pk,
        "rows_read": batch.rows_read,
        "rows_imported": batch.rows_imported,
        "rows_rejected": batch.rows_rejected,
        "problems": batch.problems[:MAX_LISTED],
        "ignored_columns": getattr(batch, "ignored_columns", {}),
    }
