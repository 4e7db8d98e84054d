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


def test_pages_have_a_language_a_skip_link_and_labelled_inputs(client, catalogue):
    from html.parser import HTMLParser

    class Inputs(HTMLParser):
        def __init__(self):
            super().__init__()
            self.ids, self.labels, self.unlabelled = set(), set(), []
            self._in_label = 0

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "label":
                self._in_label += 1
                if a.get("for"):
                    self.labels.add(a["for"])
            if tag in ("input", "select") and a.get("type") not in ("hidden", "submit"):
                if a.get("id"):
                    self.ids.add(a["id"])
                elif not self._in_label:
                    self.unlabelled.append(a)

        def handle_endtag(self, tag):
            if tag == "label":
                self._in_label -= 1

    for url in ["/", "/catalogue/?q=berry"]:
        page = client.get(url).content.decode()
        assert '<html lang="en">' in page and 'href="#main"' in page
        parser = Inputs()
        parser.feed(page)
        assert not parser.unlabelled, url
        assert parser.ids <= parser.labels, (url, parser.ids - parser.labels)


def test_home_states_figures_as_the_report_writes_them_slovenia_first(client, catalogue):
    page = client.get("/").content.decode()
    assert "4,000" in page and "434" in page
    assert page.index("<caption>Slovenia</caption>") < page.index("<caption>Finland</caption>")
