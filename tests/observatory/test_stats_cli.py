"""`jes observatory import | stats`: the stable JSON interfaces, and suppression of small cells."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jes.cli import main
from jes.observatory.importer import import_file
from jes.observatory.models import CaseRecord
from jes.observatory.publish import StatsError, aggregate, country_code, publish

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SMALL = FIXTURES / "ctdc_small.csv"
SUMMARY_KEYS = {"file", "format", "policy", "batch", "rows_read", "rows_imported", "rows_rejected", "problems"}


def run(capsys, *argv: str) -> tuple[int, object, str]:
    code = main(["observatory", *argv])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.strip() else None, err


@pytest.mark.django_db
def test_import_prints_the_json_summary(capsys):
    code, summary, _ = run(capsys, "import", str(SMALL), "--format", "ctdc")
    assert code == 0
    assert set(summary) >= SUMMARY_KEYS
    assert (summary["rows_read"], summary["rows_imported"], summary["rows_rejected"]) == (30, 30, 0)
    assert summary["refused"] is False and summary["problems"] == []


@pytest.mark.django_db
def test_import_of_an_invalid_file_exits_2_with_the_problems(capsys):
    code, summary, err = run(capsys, "import", str(FIXTURES / "ctdc_invalid.csv"))
    assert code == 2 and summary["refused"] is True
    assert (summary["rows_read"], summary["rows_imported"], summary["rows_rejected"]) == (8, 0, 6)
    assert summary["problems"][0] == {
        "file": "ctdc_invalid.csv",
        "row": 3,
        "column": "gender",
        "value": "Femme",
        "reason": "not one of Female, Male",
    }
    assert "nothing was imported" in err
    assert not CaseRecord.objects.exists()


@pytest.mark.django_db
def test_import_skip_invalid_reports_the_rejected_rows(capsys):
    code, summary, _ = run(capsys, "import", str(FIXTURES / "ctdc_invalid.csv"), "--skip-invalid")
    assert code == 0
    assert (summary["rows_read"], summary["rows_imported"], summary["rows_rejected"]) == (8, 2, 6)
    assert len(summary["problems"]) == 6


@pytest.mark.django_db
def test_import_of_a_file_not_in_the_layout_exits_2(capsys):
    code, summary, err = run(capsys, "import", str(FIXTURES / "ctdc_missing_column.csv"), "--skip-invalid")
    assert code == 2 and summary["refused"] is True and summary["rows_imported"] == 0
    assert "missing column(s)" in err and "ctdc_missing_column.csv" in summary["error"]


@pytest.mark.django_db
def test_stats_json_suppresses_small_cells_and_keeps_totals(capsys):
    import_file(SMALL)
    code, rows, _ = run(capsys, "stats", "--by", "gender", "--k", "10", "--json")
    assert code == 0
    # Unknown (5) is under k; Male (10) is withheld as its complement: the total would give it away.
    assert rows == [
        {"gender": "Female", "n": 15},
        {"gender": "Male", "n": None},
        {"gender": "Unknown", "n": None},
        {"gender": "Total", "n": 30},
    ]


@pytest.mark.django_db
def test_stats_json_two_dimensions_has_every_cell_and_margin(capsys):
    import_file(SMALL)
    code, rows, _ = run(capsys, "stats", "--by", "year,gender", "--json")
    assert code == 0
    assert all(set(row) == {"year", "gender", "n"} for row in rows)
    cells = [r for r in rows if "Total" not in (r["year"], r["gender"])]
    assert len(cells) == 6 * 3 and all(r["n"] in (None, 0) for r in cells)  # a zero is published as 0
    assert sum(r["n"] is None for r in cells) == 14  # the 14 non-zero cells, all under 10
    by_gender = {r["gender"]: r["n"] for r in rows if r["year"] == "Total"}
    assert by_gender == {"Female": 15, "Male": 10, "Unknown": 5, "Total": 30}
    by_year = {r["year"]: r["n"] for r in rows if r["gender"] == "Total"}
    assert by_year["2014-2018"] == 8 and by_year["Unknown"] == 4
    code, rows, _ = run(capsys, "stats", "--by", "year,gender", "--k", "1", "--json")
    assert {r["n"] for r in rows if r["year"] == "2014-2018" and r["gender"] == "Female"} == {3}


@pytest.mark.django_db
def test_stats_by_form_counts_each_form_a_victim_has(capsys):
    import_file(SMALL)
    assert sorted((r["form"] or "", r["n"]) for r in aggregate(["form"])) == [
        ("", 4),
        ("forced_labour", 18),
        ("sexual_exploitation", 9),
    ]
    code, rows, _ = run(capsys, "stats", "--by", "form", "--k", "3", "--json")
    assert code == 0
    assert rows[-1] == {"form": "Total", "n": 31}  # one victim has both forms


@pytest.mark.django_db
def test_stats_are_database_aggregates_not_case_rows():
    import_file(SMALL)
    with CaptureQueriesContext(connection) as queries:
        publish("form,gender", k=3)
    assert len(queries) == 1  # one GROUP BY with a filtered COUNT per form and one for records without a form
    assert all("GROUP BY" in q["sql"] and "COUNT(" in q["sql"] for q in queries.captured_queries)


@pytest.mark.django_db
def test_stats_filters_by_region_and_country(capsys):
    import_file(SMALL)
    code, rows, _ = run(capsys, "stats", "--by", "gender", "--region", "Europe", "--k", "1", "--json")
    assert code == 0 and rows[-1] == {"gender": "Total", "n": 15}
    CaseRecord.objects.filter(gender="Male").update(country_of_exploitation="ESP")
    code, rows, _ = run(capsys, "stats", "--by", "age_band", "--country", "ES", "--k", "1", "--json")
    assert code == 0 and rows[-1] == {"age_band": "Total", "n": 10}
    assert country_code("svn") == "SVN"
    with pytest.raises(StatsError):
        country_code("XX")


@pytest.mark.django_db
def test_stats_refuses_unknown_dimensions_and_empty_tables(capsys):
    code, _, err = run(capsys, "stats", "--by", "name", "--json")
    assert code == 2 and "unknown dimension" in err
    code, _, err = run(capsys, "stats", "--by", "gender", "--json")
    assert code == 2 and "no case records" in err
