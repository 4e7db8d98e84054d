"""The public dashboard (/observatory/), its CSV download and the JSON API: published values only, never a small
count."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jes.observatory.importer import import_file
from jes.observatory.publish import aggregate, publish

SMALL = Path(__file__).resolve().parent / "fixtures" / "ctdc_small.csv"
pytestmark = [pytest.mark.django_db]


class _Table(HTMLParser):
    """The first table's rows as lists of cell texts (th and td)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None
        self.in_table = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table":
            self.in_table = True
        elif self.in_table and tag == "tr":
            self.rows.append([])
        elif self.in_table and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.in_table = False
        elif tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def table(html: str) -> list[list[str]]:
    parser = _Table()
    parser.feed(html)
    return parser.rows


def true_counts(by: list[str]) -> dict[tuple, int]:
    return {tuple(r[d] or "Unknown" for d in by): r["n"] for r in aggregate(by)}


@pytest.fixture
def small(db):
    import_file(SMALL)


def test_dashboard_renders_the_published_table_with_suppressed_cells(client, small):
    response = client.get("/observatory/?by=gender")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html
    rows = table(html)
    assert rows[0][0] == "Gender"
    body = {r[0]: r[1] for r in rows[1:]}
    # True counts Female 15, Male 10, Unknown 5; Male is withheld as the complement of Unknown.
    assert body == {"Female": "15", "Male": "suppressed*", "Unknown": "suppressed*", "Total": "30"}
    assert "small-cell suppression" in html and "Totals are exact" in html


def test_two_way_table_hides_every_suppressed_cell_and_keeps_totals(client, small):
    by = ["year", "gender"]
    result = publish(by, k=10)
    truth = true_counts(by)
    rows = table(client.get("/observatory/?by=year&by=gender&k=10").content.decode())
    header = rows[0][1:]
    assert header[-1] == "Total"
    grid = {(r[0], header[j]): cell for r in rows[1:] for j, cell in enumerate(r[1:])}
    suppressed = 0
    for i, year in enumerate(result.row_labels):
        for j, gender in enumerate(result.col_labels):
            shown = grid[(year, gender)]
            if result.published[i][j] is None:
                suppressed += 1
                assert shown == "suppressed*" and truth[(year, gender)] > 0
            else:
                assert shown == str(truth.get((year, gender), 0))
    assert suppressed == 14
    assert grid[("Total", "Total")] == "30"
    assert grid[("Total", "Female")] == "15" and grid[("2014-2018", "Total")] == "8"


def test_csv_download_is_the_published_table(client, small):
    response = client.get("/observatory/?by=gender&k=10&format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["gender"], r["n"], r["flag"]) for r in rows] == [
        ("Female", "15", ""),
        ("Male", "", "suppressed"),
        ("Unknown", "", "suppressed"),
        ("Total", "30", ""),
    ]
    assert "primary" not in response.content.decode() and "secondary" not in response.content.decode()


def test_csv_labels_cannot_run_as_formulas(client, small):
    from jes.observatory.models import CaseRecord

    CaseRecord.objects.filter(gender="Female").update(gender="=HYPERLINK(1)")
    rows = list(csv.reader(io.StringIO(client.get("/observatory/?by=gender&format=csv").content.decode())))
    labels = [r[0] for r in rows[1:]]
    assert "'=HYPERLINK(1)" in labels and not any(label.startswith(("=", "+", "-", "@")) for label in labels)


def test_json_api_publishes_only_the_suppressed_table(client, small):
    response = client.get("/observatory/api/stats.json?by=year,gender&k=10")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"by", "k", "filters", "rows", "suppressed", "source"}
    assert body["by"] == ["year", "gender"] and body["k"] == 10 and body["suppressed"] == 14
    assert body["rows"] == publish(["year", "gender"], k=10).to_rows()
    truth = true_counts(["year", "gender"])
    for row in body["rows"]:
        key = (row["year"], row["gender"])
        if "Total" not in key:
            assert row["n"] is None or row["n"] == truth.get(key, 0)
            assert row["n"] in (None, 0)  # every non-zero cell here is under 10
    assert {"year": "Total", "gender": "Total", "n": 30} in body["rows"]
    assert "CTDC" in body["source"]
    text = response.content.decode()
    assert "primary" not in text and "secondary" not in text and "source_row" not in text


def test_json_api_gender_table(client, small):
    rows = client.get("/observatory/api/stats.json?by=gender").json()["rows"]
    assert rows == [
        {"gender": "Female", "n": 15},
        {"gender": "Male", "n": None},
        {"gender": "Unknown", "n": None},
        {"gender": "Total", "n": 30},
    ]


def test_filters_apply(client, small):
    body = client.get("/observatory/api/stats.json?by=gender&region=Europe&source=ctdc&k=5").json()
    assert body["filters"] == {"region": "Europe", "source": "ctdc"}
    assert body["rows"][-1] == {"gender": "Total", "n": 15}
    html = client.get("/observatory/?by=gender&region=Europe&k=5").content.decode()
    assert table(html)[-1] == ["Total", "15"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("by=name", "by"),
        ("by=year,gender,form", "by"),
        ("by=year,year", "by"),
        ("by=year&k=4", "k"),
        ("by=year&k=1", "k"),
        ("by=year&k=ten", "k"),
        ("by=year&country=XX", "country"),
        ("by=year&region=%3Cscript%3E", "region"),
    ],
)
def test_bad_parameters_give_400_naming_the_parameter(client, small, query, parameter):
    response = client.get(f"/observatory/api/stats.json?{query}")
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter and response.json()["error"].startswith(f"{parameter}:")
    response = client.get(f"/observatory/?{query}")
    assert response.status_code == 400
    assert f"{parameter}:" in response.content.decode() and "<table" not in response.content.decode()
    assert client.get(f"/observatory/?{query}&format=csv").status_code == 400


def test_k_below_five_is_refused_and_explained(client, small):
    response = client.get("/observatory/?by=gender&k=3")
    assert response.status_code == 400
    assert "never publish counts of fewer than 5" in response.content.decode()
    assert 'min="5"' in client.get("/observatory/").content.decode()


def test_empty_database_says_no_data_yet(client, db):
    response = client.get("/observatory/")
    assert response.status_code == 200
    assert "No data yet" in response.content.decode() and "<table" not in response.content.decode()
    body = client.get("/observatory/api/stats.json?by=year").json()
    assert body["rows"] == [] and "No data yet" in body["message"]


def test_no_match_is_not_an_error(client, small):
    response = client.get("/observatory/?by=gender&country=ESP")
    assert response.status_code == 200 and "No case records match" in response.content.decode()


def _aggregate_only(queries: list[dict]) -> None:
    for q in queries:
        sql = q["sql"].upper()
        if "DJANGO_SESSION" in sql or "AUTH_USER" in sql:
            continue
        assert "COUNT(" in sql and "GROUP BY" in sql or re.search(r"SELECT COUNT\(", sql), sql


@pytest.mark.parametrize(
    "url",
    [
        "/observatory/?by=year&by=gender",
        "/observatory/?by=form,country&format=csv",
        "/observatory/api/stats.json?by=form,gender",
        "/observatory/api/stats.json?by=citizenship_region",
    ],
)
def test_views_run_only_aggregate_queries(client, small, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(8), CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert queries.captured_queries
    _aggregate_only(queries.captured_queries)
