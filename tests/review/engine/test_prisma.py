"""The PRISMA 2020 flow: counted from decisions, every box the sum of its parts, the seed's Table 1 reproduced."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jes.review.engine.prisma import (
    Decision,
    FlowInputError,
    FlowRecord,
    PrismaArithmeticError,
    PrismaFlow,
    Removal,
    Source,
    SourceKind,
)
from jes.review.engine.prisma_examples import ExampleError, example_counts, load_example, load_example_file

TABLE_1 = {
    "identified_databases": 826,
    "identified_other": 1,
    "duplicates": 8,
    "screened": 827,
    "excluded_screening": 801,
    "assessed": 18,
    "excluded_eligibility": 8,
    "included_reports": 10,
    "included_studies": 8,
}

SOURCES = [
    Source("COBIB", SourceKind.DATABASE),
    Source("dLib", SourceKind.DATABASE),
    Source("ClinicalTrials", SourceKind.REGISTER),
    Source("NGO websites", SourceKind.WEBSITE),
    Source("Ministry", SourceKind.ORGANISATION),
    Source("Snowballing", SourceKind.CITATION),
]
OTHER_METHODS = {s.name for s in SOURCES if not s.kind.is_database_or_register}


def terminal_total(flow: PrismaFlow) -> int:
    """Every record ends in exactly one terminal box."""
    columns = (flow.main, flow.other)
    return (
        flow.removed_before_screening
        + flow.awaiting_screening
        + flow.excluded_screening
        + flow.duplicates_at_screening
        + sum(c.not_retrieved + c.awaiting_retrieval + c.awaiting_eligibility + c.excluded for c in columns)
        + flow.included_reports
    )


# --- the seed's worked example ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_flow() -> PrismaFlow:
    return load_example("seed").flow()


def test_it_reproduces_table_1_of_the_seed_report_exactly() -> None:
    assert example_counts("seed") == TABLE_1


def test_it_says_the_seed_example_records_are_synthetic() -> None:
    example = load_example("seed")
    assert example.synthetic
    assert len(example.records) == 827
    assert all("not a real publication" in line for line in _titles())


def _titles() -> list[str]:
    path = Path(__file__).resolve().parents[3] / "data" / "review" / "examples" / "seed-slovenia.yaml"
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("  - {id:")]


def test_it_models_the_seed_duplicates_as_found_during_screening_not_before(seed_flow: PrismaFlow) -> None:
    flow = seed_flow
    assert (flow.removed_before_screening, flow.duplicates_at_screening) == (0, 8)
    assert flow.screened == flow.excluded_screening + flow.duplicates_at_screening + flow.main.sought == 827
    assert flow.other_to_screening == 1  # the grey-literature record was screened with the COBIB records


def test_it_keeps_the_title_abstract_exclusion_reasons_of_the_seed(seed_flow: PrismaFlow) -> None:
    flow = seed_flow
    assert sum(flow.excluded_screening_reasons.values()) == 801
    assert sum(flow.main.excluded_reasons.values()) == 8


# --- the arithmetic -----------------------------------------------------------------------------------

Mutation = Callable[[PrismaFlow], None]


def _bump_reason(flow: PrismaFlow) -> None:
    flow.excluded_screening_reasons["Not empirical research"] += 1


def _drop_database(flow: PrismaFlow) -> None:
    flow.databases["COBIB"] -= 1


def _bump_report_reason(flow: PrismaFlow) -> None:
    flow.main.excluded_reasons["Not empirical research"] -= 1


def _add_automation(flow: PrismaFlow) -> None:
    flow.removed_automation = 3


def _more_studies(flow: PrismaFlow) -> None:
    flow.included_studies = 11


def _more_duplicates(flow: PrismaFlow) -> None:
    flow.duplicates_at_screening = 9


@pytest.mark.parametrize(
    ("mutate", "box"),
    [
        (_bump_reason, "Records excluded"),
        (_drop_database, "Records identified from databases"),
        (_bump_report_reason, "Reports excluded"),
        (_add_automation, "Records removed before screening"),
        (_more_studies, "Studies included in review"),
        (_more_duplicates, "Records screened"),
    ],
)
def test_it_refuses_a_broken_flow_naming_the_box(seed_flow: PrismaFlow, mutate: Mutation, box: str) -> None:
    seed_flow.check()
    flow = copy.deepcopy(seed_flow)
    mutate(flow)
    with pytest.raises(PrismaArithmeticError, match=f"PRISMA box '{box}'"):
        flow.check()


def test_it_sends_other_method_records_without_screening_straight_to_retrieval() -> None:
    records = [
        FlowRecord("a", "Snowballing", retrieved=False),
        FlowRecord("b", "Ministry", eligibility=Decision.INCLUDE),
        FlowRecord("c", "NGO websites", eligibility=Decision.EXCLUDE, eligibility_reason="Not empirical"),
    ]
    flow = PrismaFlow.from_decisions(SOURCES, records)
    flow.check()
    assert (flow.screened, flow.other_to_screening) == (0, 0)
    assert (flow.other.sought, flow.other.not_retrieved, flow.other.assessed) == (3, 1, 2)
    assert flow.other.excluded_reasons == {"Not empirical": 1}
    assert (flow.included_reports, flow.included_studies) == (1, 1)


def test_it_counts_reports_of_one_study_once_among_studies() -> None:
    records = [
        FlowRecord(str(i), "COBIB", screening=Decision.INCLUDE, eligibility=Decision.INCLUDE, study="s")
        for i in range(3)
    ]
    flow = PrismaFlow.from_decisions(SOURCES, records)
    assert (flow.included_reports, flow.included_studies) == (3, 1)


def test_it_counts_undecided_records_as_awaiting_rather_than_screened() -> None:
    records = [
        FlowRecord("a", "COBIB"),
        FlowRecord("b", "COBIB", screening=Decision.MAYBE),
        FlowRecord("c", "COBIB", screening=Decision.INCLUDE),
        FlowRecord("d", "COBIB", screening=Decision.INCLUDE, retrieved=True, eligibility=Decision.MAYBE),
    ]
    flow = PrismaFlow.from_decisions(SOURCES, records)
    flow.check()
    assert (flow.awaiting_screening, flow.screened) == (2, 2)
    assert (flow.main.awaiting_retrieval, flow.main.awaiting_eligibility) == (1, 1)


def test_it_counts_removals_before_screening_by_kind() -> None:
    records = [
        FlowRecord("a", "COBIB", removed=Removal.DUPLICATE),
        FlowRecord("b", "dLib", removed=Removal.AUTOMATION),
        FlowRecord("c", "ClinicalTrials", removed=Removal.OTHER),
    ]
    flow = PrismaFlow.from_decisions(SOURCES, records)
    flow.check()
    assert (flow.removed_duplicates, flow.removed_automation, flow.removed_other) == (1, 1, 1)
    assert (flow.identified_databases, flow.identified_registers, flow.screened) == (2, 1, 0)


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        (FlowRecord("x", "Scopus"), "unknown source 'Scopus'"),
        (FlowRecord("x", "COBIB", removed=Removal.DUPLICATE, screening=Decision.EXCLUDE), "removed before screening"),
        (FlowRecord("x", "COBIB", screening=Decision.EXCLUDE, eligibility=Decision.INCLUDE), "did not pass screening"),
        (
            FlowRecord("x", "COBIB", screening=Decision.INCLUDE, retrieved=False, eligibility=Decision.INCLUDE),
            "not retrieved",
        ),
        (FlowRecord("x", "COBIB", screening=Decision.INCLUDE, eligibility=Decision.EXCLUDE), "without a reason"),
        (FlowRecord("x", "COBIB", screening=Decision.INCLUDE, eligibility=Decision.DUPLICATE), "not an eligibility"),
    ],
)
def test_it_refuses_decisions_that_cannot_happen_together_naming_the_record(record: FlowRecord, reason: str) -> None:
    fine = FlowRecord("ok", "COBIB", screening=Decision.EXCLUDE)
    with pytest.raises(FlowInputError, match=rf"record 2 \('x'\): .*{reason}"):
        PrismaFlow.from_decisions(SOURCES, [fine, record])


# --- hypothesis: any valid set of decisions gives a consistent flow -----------------------------------

REASONS = st.sampled_from(["Not on topic", "Not empirical", "Not Slovenia", "Thesis"])


def build_record(
    number: int, choice: tuple[str, Removal | None, Decision | None, bool | None, Decision | None, str, str]
) -> FlowRecord:
    """One valid record from independent draws: choices a record cannot have are ignored, not refused."""
    source, removed, screening, retrieved, eligibility, reason, study = choice
    rid = f"r{number}"
    if removed is not None:
        return FlowRecord(rid, source, removed=removed)
    screening_reason = reason if screening is Decision.EXCLUDE else ""
    passed = screening is Decision.INCLUDE or (screening is None and source in OTHER_METHODS)
    if not passed:
        return FlowRecord(rid, source, screening=screening, screening_reason=screening_reason)
    if retrieved is False or eligibility is Decision.DUPLICATE:
        eligibility = None
    return FlowRecord(
        rid,
        source,
        screening=screening,
        retrieved=retrieved,
        eligibility=eligibility,
        eligibility_reason=reason if eligibility is Decision.EXCLUDE else "",
        study=study,
    )


CHOICES = st.tuples(
    st.sampled_from([s.name for s in SOURCES]),
    st.none() | st.sampled_from(list(Removal)),
    st.none() | st.sampled_from(list(Decision)),
    st.sampled_from([None, True, False]),
    st.none() | st.sampled_from(list(Decision)),
    REASONS,
    st.sampled_from(["", "s1", "s2"]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(CHOICES, max_size=60))
def test_it_gives_a_consistent_flow_for_any_valid_decisions(
    choices: list[tuple[str, Removal | None, Decision | None, bool | None, Decision | None, str, str]],
) -> None:
    records = [build_record(i, choice) for i, choice in enumerate(choices)]
    flow = PrismaFlow.from_decisions(SOURCES, records)
    flow.check()
    identified = flow.identified_databases + flow.identified_registers + flow.identified_other
    assert identified == len(records) == terminal_total(flow)
    summary = flow.summary()
    assert summary["included_studies"] <= summary["included_reports"]
    assert summary["assessed"] == summary["excluded_eligibility"] + summary["included_reports"] + (
        flow.main.awaiting_eligibility + flow.other.awaiting_eligibility
    )


# --- example files ------------------------------------------------------------------------------------

HEADER = """
example: broken
sources:
  - {name: COBIB, kind: database}
"""


def test_it_refuses_an_example_with_an_unknown_key_naming_file_and_record(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(HEADER + "records:\n  - {id: a, source: COBIB}\n  - {id: b, source: COBIB, screenig: include}\n")
    with pytest.raises(ExampleError, match=r"bad\.yaml: record 2: unknown key\(s\) screenig"):
        load_example_file(path)


def test_it_refuses_an_example_whose_records_do_not_give_its_expected_counts(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(HEADER + "expected: {screened: 2}\nrecords:\n  - {id: a, source: COBIB, screening: exclude}\n")
    with pytest.raises(ExampleError, match="screened: expected 2, records give 1"):
        load_example_file(path)


def test_it_refuses_an_unknown_example_name() -> None:
    with pytest.raises(KeyError, match="no PRISMA example 'nope'"):
        example_counts("nope")


def test_it_lists_a_searched_source_without_hits_with_zero() -> None:
    flow = PrismaFlow.from_decisions(SOURCES, [FlowRecord("a", "COBIB", screening=Decision.EXCLUDE)])
    assert flow.databases == {"COBIB": 1, "dLib": 0}
    assert flow.other_sources == {"NGO websites": 0, "Ministry": 0, "Snowballing": 0}
