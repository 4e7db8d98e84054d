"""The ILO/EC combination rule on worked vignettes and clause by clause."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jes.referral.rules.assessment import (
    ProfileError,
    assess,
    assess_dimension,
    groups_for,
    parse_profile,
)
from jes.referral.rules.indicators import Indicator, IndicatorError, load_indicator_sets

CATALOGUE = load_indicator_sets()
AL = "iloec.adult_labour."
CL = "iloec.child_labour."


def _dim(result, dimension):
    return next(d for d in result.dimensions if d.id == dimension)


def _ind(strength: str, n: int) -> Indicator:
    return Indicator(
        id=f"iloec.adult_labour.exploitation.x{n}",
        name=f"x{n}",
        set="iloec",
        group="adult_labour",
        dimension="exploitation",
        strength=strength,  # type: ignore[arg-type]
    )


def _dimension(strong=0, medium=0, weak=0):
    found = (
        [_ind("strong", i) for i in range(strong)]
        + [_ind("medium", 10 + i) for i in range(medium)]
        + [_ind("weak", 20 + i) for i in range(weak)]
    )
    return assess_dimension("exploitation", found)


# --- the clauses one by one -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "clause"),
    [
        ((2, 0, 0), "two_strong"),
        ((1, 1, 0), "strong_and_other"),
        ((1, 0, 1), "strong_and_other"),
        ((0, 3, 0), "three_medium"),
        ((0, 2, 1), "two_medium_one_weak"),
    ],
)
def test_each_clause_makes_a_dimension_count(counts, clause):
    result = _dimension(*counts)
    assert result.met and result.clause == clause


@pytest.mark.parametrize("counts", [(0, 0, 0), (1, 0, 0), (0, 2, 0), (0, 1, 2), (0, 0, 5)])
def test_less_than_the_clauses_ask_does_not_count(counts):
    result = _dimension(*counts)
    assert not result.met and result.clause == "not_met"


def test_weak_indicators_alone_never_make_a_dimension():
    assert not _dimension(weak=10).met


# --- worked vignettes --------------------------------------------------------------------------


def test_adult_farm_worker_deceived_about_wages_with_passport_taken_and_debt():
    result = assess(
        [
            AL + "deceptive_recruitment.deceived_about_wages",
            AL + "coercion_destination.confiscation_of_documents",
            AL + "coercion_destination.debt_bondage",
        ],
        {"age": 34, "sector": "agriculture"},
        CATALOGUE,
    )
    assert [g.group for g in result.groups] == ["adult_labour"]
    assert _dim(result, "coercion_destination").met  # two strong
    assert _dim(result, "coercion_destination").clause == "two_strong"
    assert not _dim(result, "deceptive_recruitment").met  # one medium is not enough
    assert not _dim(result, "exploitation").met
    assert result.outcome == "insufficient_so_far"
    assert "exploitative conditions of work" in result.explanation
    assert "not a victim" not in result.explanation.lower()


def test_the_same_adult_with_deception_and_exploitation_shows_indicators_present():
    result = assess(
        [
            AL + "deceptive_recruitment.deceived_about_job",
            AL + "deceptive_recruitment.deceived_about_wages",
            AL + "exploitation.excessive_hours",
            AL + "exploitation.low_or_no_salary",
            AL + "coercion_destination.confiscation_of_documents",
            AL + "coercion_destination.debt_bondage",
        ],
        {"age": 34, "sector": "agriculture"},
        CATALOGUE,
    )
    assert result.outcome == "indicators_present"
    assert [d.id for d in result.dimensions if d.met] == [
        "deceptive_recruitment",
        "exploitation",
        "coercion_destination",
    ]
    assert "national referral mechanism" in result.explanation
    assert "Deceived about the nature of the job" in result.explanation


def test_an_adult_without_coercion_or_abuse_at_destination_is_not_yet_enough():
    result = assess(
        [
            AL + "deceptive_recruitment.deceived_about_job",
            AL + "deceptive_recruitment.deceived_about_wages",
            AL + "exploitation.excessive_hours",
            AL + "exploitation.hazardous_work",
        ],
        {"age": 30, "exploitation": ["labour"]},
        CATALOGUE,
    )
    assert result.outcome == "insufficient_so_far"
    assert "coercion or abuse of vulnerability at destination" in result.explanation


def test_a_child_needs_no_coercion_at_destination():
    result = assess(
        [
            CL + "deceptive_recruitment.deceived_about_job",
            CL + "deceptive_recruitment.deceived_about_education",  # strong for children
            CL + "exploitation.excessive_hours",
            CL + "exploitation.hazardous_work",
        ],
        {"age": 16, "sector": "construction"},
        CATALOGUE,
    )
    assert [g.group for g in result.groups] == ["child_labour"]
    assert result.outcome == "indicators_present"
    assert not _dim(result, "coercion_destination").met
    assert "coercion at destination is not required" in result.explanation


def test_an_insufficient_case_says_to_keep_observing_and_never_not_a_victim():
    result = assess([AL + "exploitation.low_or_no_salary"], {"age": 40}, CATALOGUE)
    assert result.outcome == "insufficient_so_far"
    text = result.explanation.lower()
    assert "not a victim" not in text
    assert "insufficient so far" in text and "ask again" in text


def test_no_indicators_at_all_is_insufficient_so_far():
    result = assess([], {}, CATALOGUE)
    assert result.outcome == "insufficient_so_far"
    assert "not a victim" not in result.explanation.lower()


def test_indicators_of_another_age_group_are_reported_as_not_counted():
    ids = [CL + "exploitation.excessive_hours"]
    result = assess(ids, {"age": 30, "sector": "agriculture"}, CATALOGUE)
    assert result.not_counted == tuple(ids)
    assert "Not counted" in result.explanation


def test_forced_labour_indicators_are_reported_present_and_absent_with_their_note():
    result = assess(["ilofl.debt_bondage", "ilofl.retention_of_documents"], {"age": 30}, CATALOGUE)
    assert result.forced_labour.present == ("ilofl.debt_bondage", "ilofl.retention_of_documents")
    assert len(result.forced_labour.absent) == 9
    assert "clues" in result.forced_labour.note
    assert "Retention of identity documents" in result.explanation


def test_a_sexual_exploitation_profile_reports_the_missing_list():
    result = assess([], {"age": 25, "exploitation": ["sexual"]}, CATALOGUE)
    assert [g.group for g in result.groups] == ["adult_sexual"]
    assert not result.groups[0].available
    assert "not yet in this tool" in result.explanation


def test_unknown_ids_raise_an_error_naming_the_id():
    with pytest.raises(IndicatorError, match="'made.up'"):
        assess(["made.up"], {}, CATALOGUE)


def test_a_malformed_profile_names_the_field():
    with pytest.raises(ProfileError, match="profile.age"):
        parse_profile({"age": "thirty"})


# --- which lists the profile selects ------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "groups"),
    [
        ({"age": 34, "sector": "agriculture"}, ["adult_labour"]),
        ({"age": 17, "sector": "agriculture"}, ["child_labour"]),
        ({"age": 18, "exploitation": ["sexual"]}, ["adult_sexual"]),
        ({"age": 15, "sector": "prostitution"}, ["child_sexual"]),
        ({"age": 30}, ["adult_labour", "adult_sexual"]),
        ({"sector": "construction"}, ["adult_labour", "child_labour"]),
        ({}, ["adult_labour", "adult_sexual", "child_labour", "child_sexual"]),
    ],
)
def test_the_profile_selects_the_lists(profile, groups):
    assert groups_for(parse_profile(profile)) == groups


# --- monotonicity -------------------------------------------------------------------------------

ALL_IDS = sorted(CATALOGUE.by_id)
PROFILES = st.fixed_dictionaries(
    {},
    optional={
        "age": st.integers(min_value=0, max_value=99),
        "sector": st.sampled_from(["agriculture", "prostitution", "domestic work"]),
        "exploitation": st.lists(st.sampled_from(["labour", "sexual", "begging"]), max_size=2),
    },
)


@settings(max_examples=150, deadline=None)
@given(
    base=st.lists(st.sampled_from(ALL_IDS), max_size=25),
    more=st.lists(st.sampled_from(ALL_IDS), max_size=10),
    profile=PROFILES,
)
def test_adding_indicators_never_turns_present_into_insufficient(base, more, profile):
    before = assess(base, profile, CATALOGUE)
    after = assess(base + more, profile, CATALOGUE)
    if before.outcome == "indicators_present":
        assert after.outcome == "indicators_present"
    for b, a in zip(before.groups, after.groups, strict=True):
        for db, da in zip(b.dimensions, a.dimensions, strict=True):
            assert not db.met or da.met


@settings(max_examples=100, deadline=None)
@given(ids=st.lists(st.sampled_from(ALL_IDS), max_size=30), profile=PROFILES)
def test_the_explanation_never_says_not_a_victim(ids, profile):
    assert "not a victim" not in assess(ids, profile, CATALOGUE).explanation.lower()
