"""GLOTIP import, the report's own figures, the published-figures page and early warning on those series."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jes.observatory.figures import import_glotip, load_seed_figures
from jes.observatory.importer import ImportRefused
from jes.observatory.models import FigureOrigin, ImportBatch, PublishedFigure
from jes.observatory.series import glotip_series
from jes.observatory.warning import check_series

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SMALL = FIXTURES / "glotip_small.csv"
INVALID = FIXTURES / "glotip_invalid.csv"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data" / "unodc_glotip"
pytestmark = [pytest.mark.django_db]


def test_it_imports_every_row_as_published():
    batch = import_glotip(SMALL)
    assert (batch.rows_read, batch.rows_imported, batch.rows_rejected) == (53, 53, 0)
    masked = PublishedFigure.objects.get(country="FIN", year_start=2010, dimension="Total")
    assert masked.value is None and masked.value_text == "<5"
    thousands = PublishedFigure.objects.get(country="FIN", year_start=2018, dimension="Total")
    assert thousands.value == Decimal(1011) and thousands.value_text == "1,011"


def test_it_refuses_a_bad_file_naming_row_and_column_and_writes_nothing():
    with pytest.raises(ImportRefused) as refused:
        import_glotip(INVALID)
    message = str(refused.value)
    assert "glotip_invalid.csv, row 4, column txtVALUE" in message
    assert "row 5, column Iso3_code" in message
    assert not PublishedFigure.objects.exists() and not ImportBatch.objects.exists()


def test_skip_invalid_keeps_the_good_rows():
    batch = import_glotip(INVALID, policy="skip-invalid")
    assert (batch.rows_imported, batch.rows_rejected) == (3, 2)


def test_it_refuses_a_file_without_the_glotip_columns(tmp_path):
    other = tmp_path / "other.csv"
    other.write_text("yearRegister,gender\n2020,Female\n")
    with pytest.raises(ImportRefused, match=r"other.csv, row 1: not a GLOTIP export, missing column\(s\) Iso3_code"):
        import_glotip(other)


def test_the_same_file_twice_is_refused():
    import_glotip(SMALL)
    with pytest.raises(ImportRefused, match="already imported"):
        import_glotip(SMALL)


def test_series_keep_masked_years_as_gaps_not_zeros():
    import_glotip(SMALL)
    (fin,) = glotip_series(["FIN"])
    assert [p.value for p in fin.points[:3]] == [None, None, 6]
    assert fin.points[0].text == "<5"


def test_early_warning_flags_the_jump_and_explains_it():
    import_glotip(SMALL)
    (svn,) = glotip_series(["SVN"])
    result = check_series(svn)
    assert [a.period for a in result.alerts] == ["2019"]
    assert "60" in result.alerts[0].explanation


def test_early_warning_counts_masked_years_only_for_the_baseline_and_says_so():
    import_glotip(SMALL)
    (fin,) = glotip_series(["FIN"])
    result = check_series(fin)
    assert result.masked_years == [2010, 2011, 2014]
    assert "masked years (2010, 2011, 2014) counted as 2" in result.note
    assert all(a.period not in {"2010", "2011", "2014"} for a in result.alerts)


def test_a_series_mostly_masked_is_not_checked():
    import_glotip(SMALL)
    PublishedFigure.objects.filter(country="SVN", dimension="Total", year_start__lt=2016).update(
        value=None, value_text="<5"
    )
    (svn,) = glotip_series(["SVN"])
    result = check_series(svn)
    assert result.detection is None and result.note.startswith("not checked: 6 of 13 years are masked")


def test_seed_figures_come_from_the_catalogue_with_graph_1_only_for_stated_years(settings):
    from jes.catalogue.services import load_bundled

    load_bundled()
    loaded = load_seed_figures()
    assert loaded == PublishedFigure.objects.filter(origin=FigureOrigin.SEED).count() > 10
    graph = PublishedFigure.objects.filter(origin=FigureOrigin.SEED, graph="graph-1").order_by("year_start")
    assert [(f.period, f.value_text) for f in graph] == [("2010", "3"), ("2014", "3"), ("2018", "71")]
    total = PublishedFigure.objects.get(origin=FigureOrigin.SEED, indicator__startswith="Cases of", period="2010-2022")
    assert (total.value, total.country, total.seed_line) == (Decimal(360), "SVN", 118)
    assert "Policija" in total.source
    assert load_seed_figures() == loaded  # reloading replaces, never doubles


def test_the_figures_page_compares_countries_and_downloads_csv(client):
    import_glotip(SMALL)
    page = client.get("/observatory/figures/?country=SVN&country=FIN")
    assert page.status_code == 200
    html = page.content.decode()
    assert "data:image/svg+xml;base64," in html and "&lt;5" in html and "1,011" in html
    download = client.get("/observatory/figures/?country=FIN&format=csv")
    lines = download.content.decode().splitlines()
    assert lines[0].startswith("country,place,indicator") and "FIN,Finland,Detected trafficking victims" in lines[1]


def test_the_figures_page_shows_graph_1_with_three_years(client):
    from jes.catalogue.services import load_bundled

    load_bundled()
    load_seed_figures()
    html = client.get("/observatory/figures/").content.decode()
    assert "Graph 1" in html and "2018: 71" in html and "2014: 3" in html and "2011:" not in html


def test_the_warning_page_lists_the_flagged_series_first(client):
    import_glotip(SMALL)
    html = client.get("/observatory/early-warning/?country=SVN&country=FIN").content.decode()
    assert "2 series with flags" in html and "2 series without flags" in html
    assert html.index('<h3 id="s1">Detected trafficking victims · Slovenia') < html.index("without flags")
    assert "<strong>2019</strong>" in html


@pytest.mark.skipif(not (SHARED / "glotip_europe.csv").exists(), reason="../shared/data/unodc_glotip not beside")
def test_it_imports_the_real_glotip_europe_export():
    batch = import_glotip(SHARED / "glotip_europe.csv")
    assert (batch.rows_read, batch.rows_imported, batch.rows_rejected) == (23718, 23718, 0)
    assert PublishedFigure.objects.filter(value__isnull=True, value_text="<5").count() == 11268
    svn = {p.year: p.text for p in glotip_series(["SVN"])[0].points}
    assert svn[2018] == "101"  # as UNODC published it (Detected trafficking victims, all forms, Slovenia)
    assert PublishedFigure.objects.filter(place="Sark", country="").count() == 26  # no ISO code: kept by name


def test_the_warning_command_prints_the_alerts_as_json(capsys):
    import json

    from jes.cli import main

    import_glotip(SMALL)
    assert main(["observatory", "warning", "--countries", "SVN"]) == 0
    rows = json.loads(capsys.readouterr().out)
    flagged = [r for r in rows if r["alerts"]]
    assert flagged[0]["place"] == "Slovenia" and flagged[0]["alerts"][0]["period"] == "2019"


def test_the_warning_api_gives_the_same_alerts_as_json(client):
    import_glotip(SMALL)
    body = client.get("/observatory/api/early-warning.json?country=SVN&method=farrington").json()
    assert body["countries"] == ["SVN"] and body["method"] == "farrington"
    flagged = [s for s in body["series"] if s["alerts"]]
    assert flagged[0]["country"] == "SVN" and flagged[0]["alerts"][0]["period"] == "2019"
    assert flagged[0]["alerts"][0]["observed"] == 60 and flagged[0]["checked_years"][0] == 2010


def test_unknown_warning_options_fall_back_to_the_defaults(client):
    import_glotip(SMALL)
    body = client.get("/observatory/api/early-warning.json?method=magic&direction=sideways&country=XXX").json()
    assert (body["method"], body["direction"], body["countries"]) == ("farrington", "up", ["SVN", "FIN"])
