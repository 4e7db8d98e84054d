"""The PRISMA 2020 diagram and the seed's simplified table, drawn from a flow."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jes.review.engine.prisma import Decision, FlowRecord, PrismaFlow, Removal, Source, SourceKind
from jes.review.engine.prisma_draw import FORMATS, TableRow, export, render, seed_table
from jes.review.engine.prisma_examples import load_example


@pytest.fixture(scope="module")
def seed_flow() -> PrismaFlow:
    return load_example("seed").flow()


@pytest.fixture(scope="module")
def busy_flow() -> PrismaFlow:
    """A flow where every box has its own number, so a number missing from the drawing cannot hide."""
    sources = [
        Source("Scopus", SourceKind.DATABASE),
        Source("Trials", SourceKind.REGISTER),
        Source("NGO site", SourceKind.WEBSITE),
        Source("Ministry", SourceKind.ORGANISATION),
        Source("Snowball", SourceKind.CITATION),
    ]
    plan: list[tuple[int, FlowRecord]] = [
        (31, FlowRecord("", "Scopus", removed=Removal.DUPLICATE)),
        (5, FlowRecord("", "Scopus", removed=Removal.AUTOMATION)),
        (3, FlowRecord("", "Trials", removed=Removal.OTHER)),
        (97, FlowRecord("", "Scopus", screening=Decision.EXCLUDE, screening_reason="Not on topic")),
        (44, FlowRecord("", "Trials", screening=Decision.EXCLUDE, screening_reason="Wrong $ design")),
        (6, FlowRecord("", "Scopus", screening=Decision.DUPLICATE)),
        (2, FlowRecord("", "Scopus")),
        (7, FlowRecord("", "Scopus", screening=Decision.INCLUDE, retrieved=False)),
        (
            13,
            FlowRecord(
                "", "Scopus", screening=Decision.INCLUDE, eligibility=Decision.EXCLUDE, eligibility_reason="No data"
            ),
        ),
        (11, FlowRecord("", "Scopus", screening=Decision.INCLUDE, eligibility=Decision.INCLUDE)),
        (4, FlowRecord("", "NGO site", screening=Decision.INCLUDE, eligibility=Decision.INCLUDE)),
        (17, FlowRecord("", "Ministry", retrieved=False)),
        (19, FlowRecord("", "Snowball", eligibility=Decision.EXCLUDE, eligibility_reason="Commentary")),
        (23, FlowRecord("", "Snowball", eligibility=Decision.INCLUDE)),
    ]
    records: list[FlowRecord] = []
    for count, template in plan:
        for _ in range(count):
            records.append(FlowRecord(**{**template.__dict__, "id": f"r{len(records)}"}))
    flow = PrismaFlow.from_decisions(sources, records)
    flow.check()
    return flow


def numbers_in_flow(flow: PrismaFlow) -> set[int]:
    boxes = [
        flow.identified_databases,
        flow.identified_registers,
        flow.identified_other,
        flow.removed_duplicates,
        flow.removed_automation,
        flow.removed_other,
        flow.screened,
        flow.awaiting_screening,
        flow.other_to_screening,
        flow.excluded_screening,
        flow.duplicates_at_screening,
        flow.included_reports,
        flow.included_studies,
    ]
    for column in (flow.main, flow.other):
        boxes += [
            column.sought,
            column.not_retrieved,
            column.assessed,
            column.excluded,
            *column.excluded_reasons.values(),
        ]
    boxes += [*flow.databases.values(), *flow.registers.values(), *flow.other_sources.values()]
    return set(boxes) | set(flow.excluded_screening_reasons.values())


def drawn_numbers(svg: str) -> set[int]:
    return {int(n) for n in re.findall(r"\(n = (\d+)\)", svg)}


@pytest.mark.parametrize("name", ["seed_flow", "busy_flow"])
def test_it_writes_every_number_of_the_flow_into_the_svg(name: str, request: pytest.FixtureRequest) -> None:
    flow = request.getfixturevalue(name)
    svg = render(flow, "svg").decode()
    assert numbers_in_flow(flow) - {0} <= drawn_numbers(svg)


def test_it_labels_each_box_of_the_seed_diagram_with_its_count(seed_flow: PrismaFlow) -> None:
    svg = render(seed_flow, "svg").decode()
    for text in [
        "Databases (n = 826)",
        "Websites (n = 1)",
        "Records screened (n = 827)",
        "Records excluded (n = 801)",
        "Duplicates excluded at screening (n = 8)",
        "Reports sought for retrieval (n = 18)",
        "Reports assessed for eligibility (n = 18)",
        "Reports excluded (n = 8)",
        "Studies included in review (n = 8)",
        "Reports of included studies (n = 10)",
        "Identification of studies via other methods",
    ]:
        assert text in svg


def test_it_prints_a_dollar_in_a_reason_as_text_not_maths(busy_flow: PrismaFlow) -> None:
    assert "Wrong $ design (n = 44)" in render(busy_flow, "svg").decode()


def test_it_draws_the_same_svg_twice(seed_flow: PrismaFlow) -> None:
    assert render(seed_flow, "svg") == render(seed_flow, "svg")


def test_it_exports_svg_png_and_pdf(seed_flow: PrismaFlow, tmp_path: Path) -> None:
    paths = export(seed_flow, tmp_path / "prisma")
    assert [p.suffix for p in paths] == [f".{fmt}" for fmt in FORMATS]
    assert paths[0].read_bytes().lstrip().startswith(b"<?xml")
    assert paths[1].read_bytes().startswith(b"\x89PNG")
    assert paths[2].read_bytes().startswith(b"%PDF")


def test_it_refuses_an_unknown_format(seed_flow: PrismaFlow) -> None:
    with pytest.raises(ValueError, match="unknown diagram format 'gif'"):
        render(seed_flow, "gif")


def test_it_lays_out_the_seed_table_with_the_labels_and_numbers_of_table_1(seed_flow: PrismaFlow) -> None:
    assert seed_table(seed_flow) == [
        TableRow("Identification", "No. of results identified through database searching", 826),
        TableRow("Identification", "No. of results identified through additional search (i.e., grey field)", 1),
        TableRow("Screening", "No. of results reviewed by titles, keywords, and other information", 827),
        TableRow("Screening", "No. of results excluded after reviewing", 801),
        TableRow("Screening", "No. of excluded duplicates", 8),
        TableRow("Eligibility", "No. of results reviewed by texts or abstracts", 18),
        TableRow("Eligibility", "No. of results excluded after reviewing the contents", 8),
        TableRow("Included", "No. of all publications included in the analysis", 10),
        TableRow("Included", "No. of all research included in the analysis", 8),
    ]


def test_it_adds_table_rows_the_seed_lacks_only_when_they_count_something(busy_flow: PrismaFlow) -> None:
    rows = {row.label: row.n for row in seed_table(busy_flow)}
    assert rows["No. of results removed by automation tools"] == 5
    assert rows["No. of results not retrieved"] == 7 + 17
    assert rows["No. of excluded duplicates"] == 31 + 6
