from __future__ import annotations

import csv
import io

import pytest

from jes.catalogue.models import Entry

pytestmark = pytest.mark.django_db


def test_home_shows_every_country(client, catalogue):
    response = client.get("/")
    assert response.status_code == 200
    for name in ["Slovenia", "Belgium", "Finland", "Italy", "Spain"]:
        assert name in response.content.decode()


def test_the_list_searches_and_shows_facets(client, catalogue):
    response = client.get("/catalogue/", {"q": "berry"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Case 1: Labour Trafficking in Berry Picking" in page
    assert 'name="country" value="FI"' in page


def test_the_entry_page_shows_source_links_and_the_seed_line(client, catalogue):
    entry = Entry.objects.filter(country="SI", section="research", row=1).get()
    page = client.get(entry.get_absolute_url()).content.decode()
    assert "researchgate.net" in page
    assert f"line {entry.seed_line}" in page
    assert "Bučar Ručman" in page


def test_csv_download_of_a_result_set(client, catalogue):
    response = client.get("/catalogue/", {"country": "IT", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == Entry.objects.filter(country="IT").count()
    assert {r["country"] for r in rows} == {"IT"}


def test_an_unknown_entry_is_404(client, catalogue):
    assert client.get("/catalogue/entry/999999/").status_code == 404


def test_the_report_link_says_when_it_is_not_built(client, settings, tmp_path, catalogue):
    settings.REPORT_DIR = tmp_path
    assert client.get("/catalogue/report/pdf/").status_code == 404
    (tmp_path / "joint-report.pdf").write_bytes(b"%PDF-1.7 test")
    assert client.get("/catalogue/report/pdf/").status_code == 200


def test_healthz(client, db):
    assert client.get("/healthz").json()["status"] == "ok"
