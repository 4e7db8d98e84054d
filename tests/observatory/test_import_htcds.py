"""Importing HTCDS case files (CSV and XLSX) and CTDC files as XLSX: one row/transaction/problem machinery."""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import openpyxl
import pytest
from django.db.models import Count

from jes.observatory import importer
from jes.observatory.cli import register
from jes.observatory.importer import ImportRefused, import_file
from jes.observatory.models import FORM_FIELDS, CaseRecord, ImportBatch
from jes.observatory.stats import standards

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SMALL = FIXTURES / "htcds_small.csv"
SMALL_XLSX = FIXTURES / "htcds_small.xlsx"
INVALID = FIXTURES / "htcds_invalid.csv"
CTDC_SMALL = FIXTURES / "ctdc_small.csv"
RECORD_FIELDS = (
    "gender",
    "citizenship",
    "citizenship_region",
    "country_of_exploitation",
    "exploitation_region",
    "forms",
    "means_of_control",
    "details",
)


def counts(field: str) -> dict[object, int]:
    return {row[field]: row["n"] for row in CaseRecord.objects.values(field).annotate(n=Count("id"))}


def records(batch: ImportBatch) -> list[tuple[object, ...]]:
    rows = CaseRecord.objects.filter(batch=batch).order_by("source_row").values_list(*RECORD_FIELDS)
    return [tuple(json.dumps(v, sort_keys=True) for v in row) for row in rows]


def xlsx_from_csv(source: Path, target: Path, *, numbers: bool = False) -> Path:
    """The rows of a CSV file in the first sheet of a workbook (digits as numbers if NUMBERS, as Excel keeps them)."""
    book = openpyxl.Workbook()
    sheet = book.active
    with source.open(encoding="utf-8", newline="") as f:
        for row in csv.reader(f):
            sheet.append([int(c) if numbers and c.isdigit() else (c or None) for c in row])
    book.save(target)
    return target


def test_it_shares_ctdc_values_and_names_with_the_engine():
    assert standards.CTDC_VALUES["gender"] == importer.GENDERS
    assert importer.UN_REGIONS == standards.CTDC_REGIONS
    assert set(importer.CTDC_COLUMNS) == set(standards.CTDC_VALUES)
    assert standards.FORM_COLUMNS == FORM_FIELDS
    assert tuple(importer.ROLE_COLUMNS.values()) == standards.ROLES


def test_the_csv_fixture_imports_every_row_with_counts_by_column(db):
    batch = import_file(SMALL, "htcds")
    assert (batch.rows_read, batch.rows_imported, batch.rows_rejected) == (8, 8, 0)
    assert batch.format == "htcds" and CaseRecord.objects.filter(data_source="htcds").count() == 8
    assert counts("gender") == {"Female": 4, "Male": 2, None: 2}
    assert counts("exploitation_region") == {"Europe": 7, "Asia": 1}
    assert counts("citizenship_region") == {"Africa": 1, "Europe": 2, "Americas/Oceania": 1, "Asia": 2, None: 2}
    assert counts("is_forced_labour") == {True: 5, False: 3}
    assert counts("is_sexual_exploitation") == {True: 3, False: 5}
    first = CaseRecord.objects.get(source_row=2)
    assert (first.citizenship, first.country_of_exploitation) == ("NGA", "ITA")
    assert first.means_of_control == ["DebtBondage", "Threats"]
    assert first.details["perpetrator_roles"] == ["exploiter", "recruiter_broker"]
    assert first.year_label is None and first.age_band is None and first.recruiter_relation is None


def test_identity_columns_are_counted_never_stored(db):
    batch = import_file(SMALL, "htcds")
    assert batch.ignored_columns == {
        "identity_columns": ["prs_FirstName", "prs_Birthdate", "prs_MobilePhone"],
        "identity_cells_dropped": 13,
        "other_columns": ["vic_DetailsOfVulnerabilities", "cas_Status", "Internal note"],
    }
    stored = json.dumps([list(r) for r in CaseRecord.objects.values_list(*RECORD_FIELDS)])
    for text in ("Test-", "1990-01-01", "+1000", "free text", "Active"):
        assert text not in stored
    assert importer.summary(batch)["ignored_columns"]["identity_cells_dropped"] == 13


def test_the_xlsx_fixture_gives_the_same_records_as_the_csv(db):
    from_csv = import_file(SMALL, "htcds")
    # The workbook has a row of labels under the field names and a picklist in a hidden column (cells under no
    # header), as the toolkit spreadsheets do; neither is a record.
    from_xlsx = import_file(SMALL_XLSX, "htcds")
    assert (from_xlsx.rows_read, from_xlsx.rows_imported, from_xlsx.rows_rejected) == (8, 8, 0)
    assert records(from_xlsx) == records(from_csv)
    rows = CaseRecord.objects.filter(batch=from_xlsx).values_list("source_row", flat=True)
    assert sorted(rows) == list(range(3, 11))  # sheet rows: 1 field names, 2 labels


def test_strict_refuses_the_whole_file_naming_file_row_and_column(db):
    with pytest.raises(ImportRefused) as refused:
        import_file(INVALID, "htcds")
    assert "htcds_invalid.csv" in str(refused.value) and "6 of 8 rows invalid" in str(refused.value)
    summary = refused.value.summary
    assert (summary["rows_read"], summary["rows_imported"], summary["rows_rejected"]) == (8, 0, 6)
    assert {(p["row"], p["column"], p["value"]) for p in summary["problems"]} == {
        (3, "prs_Gender", "Femme"),
        (4, "vic_TraffickingStatus", "NotAVictimOfTrafficking"),
        (5, "prs_Citizenship", "XX"),
        (6, "vic_LocationOfExploitation", "Madrid"),
        (7, "prs_Gender", "Feminine;Masculine"),
        (9, "", ""),
    }
    assert all(p["file"] == "htcds_invalid.csv" and p["reason"] for p in summary["problems"])
    assert not CaseRecord.objects.exists() and not ImportBatch.objects.exists()


def test_a_bad_row_late_in_an_xlsx_file_rolls_back_the_chunks_written(db, tmp_path, monkeypatch):
    monkeypatch.setattr("jes.observatory.importer.CHUNK", 3)
    path = tmp_path / "late.xlsx"
    xlsx_from_csv(SMALL, path)
    book = openpyxl.load_workbook(path)
    book.active.append([None, None, "Femme"])
    book.save(path)
    with pytest.raises(ImportRefused, match=r"late\.xlsx, row 10, column prs_Gender"):
        import_file(path, "htcds")
    assert not CaseRecord.objects.exists() and not ImportBatch.objects.exists()


def test_skip_invalid_imports_the_good_rows(db):
    batch = import_file(INVALID, "htcds", policy="skip-invalid")
    assert (batch.rows_read, batch.rows_imported, batch.rows_rejected) == (8, 2, 6)
    assert sorted(CaseRecord.objects.values_list("source_row", flat=True)) == [2, 8]
    assert {p["row"] for p in batch.problems} == {3, 4, 5, 6, 7, 9}


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Name,Age\nx,1\n", "row 1: not in the HTCDS layout"),
        ("prs_Gender,Gender\nFeminine,Feminine\n", "both HTCDS Gender"),
        ("prs_Gender,prs_Gender\nFeminine,Feminine\n", "column named more than once"),
    ],
)
def test_a_header_not_in_the_layout_is_refused_whole(db, tmp_path, header, message):
    path = tmp_path / "odd.csv"
    path.write_text(header, encoding="utf-8")
    with pytest.raises(ImportRefused, match=message):
        import_file(path, "htcds", policy="skip-invalid")
    assert not ImportBatch.objects.exists()


def test_a_ctdc_file_given_as_htcds_is_refused(db):
    with pytest.raises(ImportRefused, match="this is the CTDC layout"):
        import_file(CTDC_SMALL, "htcds")


def test_files_that_are_not_workbooks_are_refused(db, tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"prs_Gender\nFeminine\n")
    with pytest.raises(ImportRefused, match="fake.xlsx: not a readable XLSX file"):
        import_file(fake, "htcds")
    book = openpyxl.Workbook()
    book.save(tmp_path / "blank.xlsx")
    with pytest.raises(ImportRefused, match="blank.xlsx: the file is empty"):
        import_file(tmp_path / "blank.xlsx", "htcds")


def test_a_ctdc_file_as_xlsx_imports_like_the_csv(db, tmp_path):
    fields = ("year_label", "year_start", "gender", "age_band", "exploitation_region", "forms", "details")
    from_csv = import_file(CTDC_SMALL)
    path = xlsx_from_csv(CTDC_SMALL, tmp_path / "ctdc_small.xlsx", numbers=True)  # flags 1 and years as numbers
    from_xlsx = import_file(path)
    # The CSV's last record has every cell empty: a spreadsheet row with no value is no row at all.
    assert (from_xlsx.rows_read, from_xlsx.rows_imported, from_xlsx.rows_rejected) == (29, 29, 0)
    csv_rows = list(CaseRecord.objects.filter(batch=from_csv).order_by("source_row").values_list(*fields))
    xlsx_rows = list(CaseRecord.objects.filter(batch=from_xlsx).order_by("source_row").values_list(*fields))
    assert xlsx_rows == csv_rows[:-1] and csv_rows[-1] == (None, None, None, None, None, [], {})


def test_the_cli_imports_htcds_and_prints_the_summary(db, capsys):
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["observatory", "import", str(SMALL), "--format", "htcds", "--skip-invalid"])
    assert args.func(args) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["format"], summary["rows_read"], summary["rows_imported"], summary["refused"]) == (
        "htcds",
        8,
        8,
        False,
    )
    assert summary["ignored_columns"]["identity_columns"] == ["prs_FirstName", "prs_Birthdate", "prs_MobilePhone"]


def test_glotip_goes_to_the_published_figures_not_the_case_records(db):
    from jes.observatory.models import CaseRecord, PublishedFigure

    batch = import_file(Path(__file__).parent / "fixtures" / "glotip_small.csv", "glotip")
    assert batch.format == "glotip" and PublishedFigure.objects.count() == 53 and not CaseRecord.objects.exists()


def test_means_of_control_get_their_boolean_columns_for_the_public_tables(db):
    from jes.observatory.models import MEANS_FIELDS, CaseRecord

    import_file(Path(__file__).parent / "fixtures" / "htcds_small.csv", "htcds", policy="skip-invalid")
    with_means = [c for c in CaseRecord.objects.all() if c.means_of_control]
    assert with_means
    for case in with_means:
        flagged = {value for value, column in MEANS_FIELDS.items() if getattr(case, column)}
        assert flagged == set(case.means_of_control)
