"""Importing CTDC-layout CSV files: counts by column, the strict / skip-invalid policies, refused layouts."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from django.db.models import Count

from jes.observatory.importer import ImportRefused, import_file
from jes.observatory.models import CaseRecord, ImportBatch

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SMALL = FIXTURES / "ctdc_small.csv"
INVALID = FIXTURES / "ctdc_invalid.csv"
MISSING_COLUMN = FIXTURES / "ctdc_missing_column.csv"
# tests/observatory/ -> the clone -> its parent, where CI keeps ../shared beside the clone.
CTDC = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "ctdc" / "CTDC_VPsynthetic_condensed.csv"


def counts(field: str) -> dict[object, int]:
    return {row[field]: row["n"] for row in CaseRecord.objects.values(field).annotate(n=Count("id"))}


@pytest.mark.django_db
def test_small_fixture_imports_every_row_with_counts_by_column():
    batch = import_file(SMALL)
    assert (batch.rows_read, batch.rows_imported, batch.rows_rejected) == (30, 30, 0)
    assert batch.format == "ctdc" and batch.policy == "strict" and len(batch.sha256) == 64
    assert CaseRecord.objects.filter(batch=batch, data_source="ctdc").count() == 30
    assert counts("gender") == {"Female": 15, "Male": 10, None: 5}
    assert counts("age_band") == {"Adult": 22, "Minor": 3, None: 5}
    assert counts("year_label") == {"2005-2013": 4, "2014-2018": 8, "2019": 5, "2020": 4, "2021-2022": 5, None: 4}
    assert counts("exploitation_region") == {"Europe": 15, "Asia": 7, "Africa": 2, "Americas/Oceania": 2, None: 4}
    assert counts("is_forced_labour") == {True: 18, False: 12}
    assert counts("is_sexual_exploitation") == {True: 9, False: 21}
    assert counts("recruiter_relation") == {
        "StrangerUnknownOther": 9,
        "FriendAcquaintance": 5,
        "FamilyIntimatePartner": 4,
        "FriendAcquaintance;StrangerUnknownOther": 1,
        None: 11,
    }
    band = CaseRecord.objects.filter(year_label="2014-2018").first()
    assert (band.year_start, band.year_end) == (2014, 2018)
    single = CaseRecord.objects.filter(year_label="2019").first()
    assert (single.year_start, single.year_end) == (2019, 2019)
    both = CaseRecord.objects.get(is_forced_labour=True, is_sexual_exploitation=True)
    assert both.forms == ["forced_labour", "sexual_exploitation"]
    assert both.source_row == 8  # the header is row 1
    first = CaseRecord.objects.get(source_row=4)
    assert first.details == {
        "perpetrator_roles": ["exploiter", "recruiter_broker", "transaction", "control_abuse_kidnap"],
        "perpetrator_genders": ["Female", "Male"],
        "perpetrator_citizenship_regions": ["Europe"],
        "paid_money": ["No"],
    }
    assert first.means_of_control == [] and first.citizenship is None


@pytest.mark.django_db
def test_strict_refuses_the_whole_file_naming_file_row_and_column():
    with pytest.raises(ImportRefused) as refused:
        import_file(INVALID)
    message = str(refused.value)
    assert "ctdc_invalid.csv" in message and "6 of 8 rows invalid" in message
    assert "row 3, column gender" in message and "'Femme'" in message
    summary = refused.value.summary
    assert (summary["rows_read"], summary["rows_imported"], summary["rows_rejected"]) == (8, 0, 6)
    problems = {(p["row"], p["column"], p["value"]) for p in summary["problems"]}
    assert problems == {
        (3, "gender", "Femme"),
        (4, "isForcedLabour", "yes"),
        (5, "UN_COE_Region", "Oceania"),
        (6, "IP_Relation", "Cousin;FriendAcquaintance"),
        (7, "", ""),
        (8, "yearRegister", "2030-2025"),
    }
    assert all(p["file"] == "ctdc_invalid.csv" and p["reason"] for p in summary["problems"])
    assert not CaseRecord.objects.exists() and not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_strict_refusal_late_in_a_large_file_rolls_back_written_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr("jes.observatory.importer.CHUNK", 7)
    path = tmp_path / "late.csv"
    lines = SMALL.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, "2019,Female,Adult,2,,Europe,Europe,,,,,,,,,"]) + "\n", encoding="utf-8")
    with pytest.raises(ImportRefused, match=r"late\.csv, row 32, column isForcedLabour"):
        import_file(path)
    assert not CaseRecord.objects.exists() and not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_skip_invalid_imports_the_valid_rows_and_counts_the_rejected():
    batch = import_file(INVALID, policy="skip-invalid")
    assert (batch.rows_read, batch.rows_imported, batch.rows_rejected) == (8, 2, 6)
    assert batch.policy == "skip-invalid"
    assert sorted(CaseRecord.objects.values_list("source_row", flat=True)) == [2, 9]
    assert {p["row"] for p in batch.problems} == {3, 4, 5, 6, 7, 8}


@pytest.mark.django_db
def test_a_file_missing_columns_is_refused_whole_even_when_skipping_invalid_rows():
    with pytest.raises(ImportRefused, match=r"ctdc_missing_column\.csv, row 1: not in the CTDC layout") as refused:
        import_file(MISSING_COLUMN, policy="skip-invalid")
    assert "isSexualExploit" in str(refused.value) and "IP_Relation" in str(refused.value)
    assert not CaseRecord.objects.exists() and not ImportBatch.objects.exists()


@pytest.mark.django_db
def test_not_utf8_and_empty_files_are_refused(tmp_path):
    latin = tmp_path / "latin.csv"
    latin.write_bytes(SMALL.read_bytes().replace(b"Asia", "Asié".encode("latin-1"), 1))
    with pytest.raises(ImportRefused, match="not UTF-8"):
        import_file(latin)
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ImportRefused, match="empty"):
        import_file(empty)
    assert not CaseRecord.objects.exists()


@pytest.mark.django_db
def test_the_same_file_twice_is_refused_unless_forced(tmp_path):
    import_file(SMALL)
    copy = tmp_path / "renamed.csv"
    shutil.copy(SMALL, copy)
    with pytest.raises(ImportRefused, match="already imported"):
        import_file(copy)
    assert CaseRecord.objects.count() == 30
    import_file(copy, force=True)
    assert CaseRecord.objects.count() == 60


@pytest.mark.django_db
def test_a_ctdc_file_given_as_glotip_is_refused_naming_the_missing_columns():
    with pytest.raises(ImportRefused, match="not a GLOTIP export, missing column"):
        import_file(SMALL, "glotip")
    assert not CaseRecord.objects.exists()


@pytest.mark.django_db
def test_an_unknown_format_is_refused_clearly():
    with pytest.raises(ImportRefused, match="unknown format 'csv'"):
        import_file(SMALL, "csv")


@pytest.mark.django_db  # about 2 s: not marked slow
@pytest.mark.skipif(not CTDC.is_file(), reason="../shared/data/ctdc is not beside the clone")
def test_real_ctdc_file_matches_the_dictionary_frequency_tables():
    start = time.perf_counter()
    batch = import_file(CTDC)
    seconds = time.perf_counter() - start
    assert (batch.rows_read, batch.rows_imported, batch.rows_rejected) == (21_195, 21_195, 0)
    assert counts("gender") == {"Female": 9_589, "Male": 7_995, None: 3_611}
    assert CaseRecord.objects.filter(is_forced_labour=True).count() == 12_248
    assert CaseRecord.objects.filter(is_sexual_exploitation=True).count() == 2_775
    assert counts("age_band") == {"Adult": 16_379, "Minor": 1_212, None: 3_604}
    assert seconds < 30
