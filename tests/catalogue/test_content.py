"""The bundled data files: they load, validate, and match the seed report."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from jes.catalogue.content.loader import ContentError, load_catalogue, load_section
from tests.conftest import ROOT, SEED

CONTENT = ROOT / "data" / "catalogue"

# Rows per country and section as transcribed from the seed's tables.
EXPECTED = {
    ("SI", "research"): 8,
    ("SI", "project"): 10,
    ("SI", "practice"): 5,
    ("SI", "other"): 7,
    ("SI", "case_study"): 2,
    ("BE", "research"): 5,
    ("BE", "project"): 5,
    ("BE", "practice"): 5,
    ("BE", "other"): 5,
    ("FI", "research"): 5,
    ("FI", "project"): 5,
    ("FI", "practice"): 5,
    ("FI", "student_contribution"): 18,
    ("FI", "case_study"): 1,
    ("IT", "research"): 2,
    ("IT", "project"): 5,
    ("IT", "practice"): 4,
    ("IT", "other"): 3,
    ("ES", "research"): 5,
    ("ES", "project"): 5,
    ("ES", "practice"): 5,
    ("ES", "other"): 3,
}


@pytest.fixture(scope="module")
def cat():
    return load_catalogue(CONTENT)


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    if not SEED.exists():
        pytest.skip("the seed report is not beside the checkout (../shared)")
    return SEED.read_text(encoding="utf-8").splitlines()


def test_it_loads_every_file_with_the_expected_counts(cat):
    counts = Counter()
    for section in cat.sections:
        counts[(section.meta.country, section.meta.section)] += len(section.entries)
    assert dict(counts) == EXPECTED


def test_it_has_every_country_in_the_seed_order(cat):
    countries = []
    for section in cat.sections:
        if section.meta.country not in countries:
            countries.append(section.meta.country)
    assert countries == ["SI", "BE", "FI", "IT", "ES"]


def test_every_seed_line_lies_inside_its_section(cat):
    for section in cat.sections:
        first, last = section.meta.seed_lines
        for entry in section.entries:
            assert first <= entry.seed_line <= last, (section.path, entry.seed_line)


def test_the_prisma_table_matches_the_seed_exactly(cat):
    values = [row.value for row in cat.prisma["SI"].rows]
    assert values == [826, 1, 827, 801, 8, 18, 8, 10, 8]


def test_graph_1_holds_only_the_years_the_seed_states(cat):
    points = {s.period: s.value for s in cat.statistics["SI"] if s.graph == "graph-1"}
    assert points == {"2010": "3", "2014": "3", "2018": "71"}


def test_the_preface_statistics_match_the_seed(cat):
    values = {(s.value, s.period) for s in cat.statistics["SI"]}
    for expected in [("360", "2010-2022"), ("434", "2010-2022"), ("89", "2010-2022"), ("230", "2010-2022")]:
        assert expected in values


def test_every_statistic_value_appears_on_its_seed_line(cat, seed_lines):
    for country, stats in cat.statistics.items():
        for stat in stats:
            window = " ".join(seed_lines[stat.seed_line - 3 : stat.seed_line + 3])
            assert stat.value in window or stat.value.replace(",", "") in window, (country, stat)


def test_spain_reports_129_victims_in_2022(cat):
    assert any(s.value == "129" and "2022" in s.period for s in cat.statistics["ES"])


def test_the_berry_case_keeps_the_seed_figures(cat):
    case = next(s for s in cat.sections if s.meta.country == "FI" and s.meta.section == "case_study").entries[0]
    for figure in ["77 counts", "300,000 euros", "more than 100 victims"]:
        assert figure in case.narrative


def test_no_ocr_damage_remains_in_names(cat):
    # "€" before a letter is OCR for "č" ("Bu€ar"); before a digit it is the euro sign.
    damaged = re.compile(r"¢|€(?=[A-Za-z])|Ru[ée]man|\bBucar\b|\bFrangez\b|Kljuc\b")
    for section in cat.sections:
        for entry in section.entries:
            # Links keep their ASCII spelling and notes may quote the OCR; the rest must be repaired.
            text = yaml.safe_dump(entry.model_dump(exclude={"links", "notes"}), allow_unicode=True)
            assert not damaged.search(text), (
                section.path,
                entry.seed_line,
            )


def test_what_the_ocr_lost_is_recorded_not_invented(cat):
    italy = next(s for s in cat.sections if s.meta.country == "IT" and s.meta.section == "research")
    assert italy.meta.missing
    finland_cases = next(s for s in cat.sections if s.meta.country == "FI" and s.meta.section == "case_study")
    assert "second case study" in finland_cases.meta.missing
    assert "not in the OCR" in cat.references_missing or "lost" in cat.references_missing.lower()


def test_references_cite_seed_lines_that_exist(cat, seed_lines):
    assert len(cat.references) > 40
    for ref in cat.references:
        assert all(1 <= line <= len(seed_lines) for line in ref.cited_at), ref.key


def test_it_refuses_an_entry_without_its_seed_line(tmp_path: Path):
    folder = tmp_path / "si"
    folder.mkdir()
    (folder / "research.yaml").write_text(
        "country: SI\nsection: research\nheading: x\nseed_lines: [1, 2]\nentries:\n  - authors: [A]\n"
    )
    with pytest.raises(ContentError, match=r"research.yaml: entry 1: field seed_line"):
        load_section(folder / "research.yaml")


def test_it_names_the_file_entry_and_field_of_a_bad_tag(tmp_path: Path):
    folder = tmp_path / "be"
    folder.mkdir()
    (folder / "practice.yaml").write_text(
        "country: BE\nsection: practice\nheading: x\nseed_lines: [1, 9]\nentries:\n"
        "  - seed_line: 3\n    title: ok\n  - seed_line: 4\n    tags: {forms: [smuggling]}\n"
    )
    with pytest.raises(ContentError, match=r"practice.yaml: entry 2: field tags.forms.0"):
        load_section(folder / "practice.yaml")


def test_it_refuses_a_link_split_over_cells(tmp_path: Path):
    folder = tmp_path / "fi"
    folder.mkdir()
    (folder / "project.yaml").write_text(
        "country: FI\nsection: project\nheading: x\nseed_lines: [1, 9]\nentries:\n"
        "  - seed_line: 3\n    links: ['https://heuni.fi/- /elect']\n"
    )
    with pytest.raises(ContentError, match="not a single URL"):
        load_section(folder / "project.yaml")
