"""The joint report regenerated from the catalogue."""

from __future__ import annotations

import pytest

from jes.reports.charts import bar_chart_svg
from jes.reports.citations import bibliography_html, csl_item
from jes.reports.model import Graph, GraphPoint


def test_apa_references_come_from_the_citation_processor():
    items = [
        csl_item(
            "a", ["Bučar Ručman, A.", "Frangež, D."], "2014", "Analiza trgovine z ljudmi", url="https://x.example"
        ),
        csl_item("b", ["Policija"], "2023a"),
    ]
    out = bibliography_html(items)
    assert out[0].startswith("Bučar Ručman, A., &amp; Frangež, D. (2014).")
    assert "<i>Analiza trgovine z ljudmi</i>" in out[0]
    assert out[1].startswith("Policija. (2023a)")


def test_unknown_details_stay_absent():
    item = csl_item("x", ["Ministry of the Interior"], "n.d.")
    assert "issued" not in item and "title" not in item and "URL" not in item
    assert bibliography_html([item])[0].startswith("Ministry of the Interior. (n.d.)")


def test_et_al_is_not_turned_into_an_author():
    item = csl_item("k", ["Kogovšek Salamon", "et al."], "2023b")
    assert item["author"] == [{"literal": "Kogovšek Salamon"}]


def test_the_chart_marks_unstated_years_instead_of_drawing_them():
    graph = Graph("g", "Graph 1", "Policija", [GraphPoint("2010", 3), GraphPoint("2011", None), GraphPoint("2018", 71)])
    svg = bar_chart_svg(graph)
    # matplotlib draws one bar per year; the unstated year gets an empty (unfilled) bar and an "n/a" label.
    assert svg.count('id="patch_') >= 4
    assert "fill: none" in svg


@pytest.mark.django_db
def test_the_report_data_follows_the_seed(catalogue):
    from jes.catalogue.report import report_data

    data = report_data()
    assert [c.code for c in data.countries] == ["SI", "BE", "FI", "IT", "ES"]
    si = data.countries[0]
    assert [p.heading for p in si.prose][:3] == ["Preface", "Theoretical background", "Research methods"]
    assert [r[2] for r in si.prisma.rows] == [826, 1, 827, 801, 8, 18, 8, 10, 8]
    points = {p.label: p.value for p in si.graphs[0].points}
    assert points["2018"] == 71 and points["2010"] == 3 and points["2014"] == 3
    assert points["2011"] is None and len(points) == 13
    fi = data.countries[2]
    assert any("Berry" in case.title for case in fi.cases)
    assert len(data.references) >= 65


@pytest.mark.django_db
def test_the_html_has_every_country_table_and_the_references(catalogue):
    from jes.catalogue.report import report_data
    from jes.reports.render import render_html

    html = render_html(report_data())
    for country in ["SLOVENIA", "BELGIUM", "FINLAND", "ITALY", "SPAIN", "REFERENCES"]:
        assert f">{country}</a>" in html  # in the contents
    for heading in ["The latest research in Slovenia", "Good and sustainable practices in Spain"]:
        assert heading in html
    assert "Table 1: " in html and "Graph 1" in html
    assert "not stated" in html  # the chart's text alternative names the unstated years


@pytest.mark.slow
@pytest.mark.django_db
def test_report_build_writes_pdf_html_and_docx(catalogue, tmp_path):
    from pypdf import PdfReader

    from jes.cli import main

    assert main(["report", "build", "--out", str(tmp_path)]) == 0
    for name in ["joint-report.pdf", "joint-report.html", "joint-report.docx"]:
        assert (tmp_path / name).stat().st_size > 10_000
    reader = PdfReader(tmp_path / "joint-report.pdf")
    contents = reader.pages[1].extract_text()
    for country in ["SLOVENIA", "BELGIUM", "FINLAND", "ITALY", "SPAIN"]:
        assert country in contents
    assert len(reader.pages) > 30


def test_a_single_name_with_et_al_keeps_only_the_named_author():
    assert csl_item("m", ["Markelj et al."], "2022")["author"] == [{"literal": "Markelj"}]


@pytest.mark.django_db
def test_studies_already_cited_in_the_text_are_listed_once(catalogue):
    from jes.catalogue.report import references

    def key(item):
        name = item["author"][0]
        return (name.get("literal") or name["family"], str(item.get("issued")), item.get("year-suffix", ""))

    items = [i for i in references() if "author" in i]
    from_text = {key(i) for i in items if not i["id"].startswith("entry-")}
    from_catalogue = [key(i) for i in items if i["id"].startswith("entry-")]
    assert not from_text & set(from_catalogue)
    assert ("Markelj", "{'date-parts': [[2022]]}", "") in from_text
