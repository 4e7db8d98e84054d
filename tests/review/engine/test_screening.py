"""Agreement between blind screeners: Cohen's and Fleiss' kappa against hand-computed values, and conflicts."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jes.review.engine.screening import agreement, cohen_kappa, fleiss


def test_it_gives_the_hand_computed_cohen_kappa_of_a_two_by_two_table() -> None:
    # Both include 20, both exclude 15, disagree 5 + 10: po = 35/50 = 0.7,
    # pe = (25*30 + 25*20) / 50**2 = 0.5, kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4.
    first = ["include"] * 25 + ["exclude"] * 25
    second = ["include"] * 20 + ["exclude"] * 5 + ["include"] * 10 + ["exclude"] * 15
    assert cohen_kappa(first, second) == pytest.approx(0.4)


def test_it_gives_one_for_perfect_agreement() -> None:
    labels = ["include", "exclude", "maybe", "exclude"]
    assert cohen_kappa(labels, labels) == pytest.approx(1.0)


def test_it_gives_zero_when_agreement_is_what_chance_predicts() -> None:
    # po = 2/4 = 0.5 and pe = 0.5*0.5 + 0.5*0.5 = 0.5.
    assert cohen_kappa(["i", "i", "e", "e"], ["i", "e", "i", "e"]) == pytest.approx(0.0)


def test_it_gives_a_negative_kappa_for_systematic_disagreement() -> None:
    assert cohen_kappa(["i", "e"], ["e", "i"]) == pytest.approx(-1.0)


def test_it_says_kappa_is_undefined_when_every_rating_is_the_same() -> None:
    assert math.isnan(cohen_kappa(["exclude"] * 5, ["exclude"] * 5))


def test_it_refuses_ratings_of_different_lengths() -> None:
    with pytest.raises(ValueError, match="different numbers of records"):
        cohen_kappa(["i"], ["i", "e"])


def test_it_gives_the_hand_computed_fleiss_kappa_for_three_reviewers() -> None:
    # Per record agreement P_i: 1, 1, 1/3, 1/3 -> mean 2/3; category shares 6/12 and 6/12 -> Pe = 0.5;
    # kappa = (2/3 - 1/2) / (1 - 1/2) = 1/3.
    ratings = [["i", "i", "i"], ["e", "e", "e"], ["i", "i", "e"], ["i", "e", "e"]]
    assert fleiss(ratings) == pytest.approx(1 / 3)


def test_it_refuses_fleiss_ratings_with_missing_reviewers() -> None:
    with pytest.raises(ValueError, match="same number"):
        fleiss([["i", "i", "e"], ["i", "e"]])


def test_it_lists_the_records_where_blind_reviewers_disagree() -> None:
    result = agreement(
        {
            "r1": {"ana": "include", "bor": "exclude"},
            "r2": {"ana": "exclude", "bor": "exclude"},
            "r3": {"ana": "include", "bor": "include"},
            "r4": {"ana": "maybe"},  # one vote so far: no conflict yet, not in kappa
        }
    )
    assert [c.record for c in result.conflicts] == ["r1"]
    assert result.conflicts[0].decisions == {"ana": "include", "bor": "exclude"}
    assert (result.method, result.records, result.reviewers) == ("cohen", 3, ["ana", "bor"])
    # po = 2/3, pe = (2/3)(1/3) + (1/3)(2/3) = 4/9, kappa = (2/3 - 4/9) / (5/9) = 0.4
    assert result.kappa == pytest.approx(0.4)
    assert result.observed == pytest.approx(2 / 3)


def test_it_uses_fleiss_kappa_for_three_reviewers_and_flags_partial_conflicts() -> None:
    result = agreement(
        {
            "r1": {"a": "i", "b": "i", "c": "i"},
            "r2": {"a": "e", "b": "e", "c": "e"},
            "r3": {"a": "i", "b": "i", "c": "e"},
            "r4": {"a": "i", "b": "e", "c": "e"},
            "r5": {"a": "i", "b": "e"},  # c has not rated it: a conflict, but left out of kappa
        }
    )
    assert result.method == "fleiss"
    assert result.kappa == pytest.approx(1 / 3)
    assert [c.record for c in result.conflicts] == ["r3", "r4", "r5"]


def test_it_refuses_agreement_with_a_single_reviewer() -> None:
    with pytest.raises(ValueError, match="two or more reviewers"):
        agreement({"r1": {"ana": "include"}})


LABELS = st.sampled_from(["include", "exclude", "maybe"])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(LABELS, LABELS), min_size=1, max_size=40))
def test_it_keeps_kappa_within_its_bounds_and_symmetric(pairs: list[tuple[str, str]]) -> None:
    first, second = [a for a, _ in pairs], [b for _, b in pairs]
    kappa = cohen_kappa(first, second)
    if math.isnan(kappa):
        assert len({*first, *second}) == 1
        return
    assert -1 - 1e-9 <= kappa <= 1 + 1e-9
    assert kappa == pytest.approx(cohen_kappa(second, first))
    if first == second:
        assert kappa == pytest.approx(1.0)
