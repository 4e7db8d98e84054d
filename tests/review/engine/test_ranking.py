"""Metrics, ranker, simulation and stopping rule of the active-learning screening engine."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jes.review.engine.metrics import recall_at_fraction, records_to_recall, screening_metrics, wss
from jes.review.engine.ranking import Ranker, RankerConfig, sample_weights
from jes.review.engine.simulate import choose_priors, read_labelled_csv, screening_order, simulate, simulate_many
from jes.review.engine.stopping import recall_test

# 20 records, 4 inclusions, found at screening positions 1, 2, 5 and 10 (1-based).
TOY = [1, 1, 0, 0, 1, 0, 0, 0, 0, 1] + [0] * 10


def test_it_counts_records_to_95_with_priors_and_rounds_the_target_up() -> None:
    # ceil(0.95 * 4) = 4 inclusions are needed: the 4th is at position 10.
    assert records_to_recall(TOY, 0.95) == 10
    assert records_to_recall(TOY, 0.5) == 2


def test_it_computes_wss_as_asreview_defines_it() -> None:
    m = screening_metrics(TOY)
    assert m.n_records == 20 and m.n_included == 4
    assert m.wss_95 == pytest.approx((20 - 10) / 20 - 0.05)
    assert m.wss_100 == pytest.approx((20 - 10) / 20)
    assert wss(TOY, 0.95) == pytest.approx(0.45)


def test_it_takes_exactly_19_of_20_inclusions_for_95_percent() -> None:
    labels = [1] * 19 + [0] * 80 + [1]
    assert records_to_recall(labels, 0.95) == 19
    assert records_to_recall(labels, 1.0) == 100


def test_it_measures_recall_after_screening_ten_percent() -> None:
    # 10 % of 20 records = the first 2, which hold 2 of 4 inclusions.
    assert recall_at_fraction(TOY, 0.10) == pytest.approx(0.5)
    assert screening_metrics(TOY).recall_at_10pct == pytest.approx(0.5)


def test_it_refuses_labels_without_inclusions_or_with_other_values() -> None:
    with pytest.raises(ValueError, match="no included"):
        screening_metrics([0, 0, 0])
    with pytest.raises(ValueError, match="0 and 1"):
        screening_metrics([0, 2, 1])


@given(st.lists(st.integers(0, 1), min_size=1, max_size=60).filter(lambda v: sum(v) > 0))
def test_it_keeps_metrics_within_their_bounds(labels: list[int]) -> None:
    m = screening_metrics(labels)
    assert 1 <= m.records_to_95 <= m.records_to_100 <= m.n_records
    assert -0.05 - 1e-9 <= m.wss_95 < 0.95
    assert 0.0 <= m.recall_at_10pct <= 1.0
    # A perfect ranking (inclusions first) never does worse than the given one.
    best = screening_metrics(sorted(labels, reverse=True))
    assert best.wss_100 >= m.wss_100


def _separable(n_pos: int = 10, n_neg: int = 90) -> tuple[list[str], list[str], list[int]]:
    titles = [f"human trafficking victims study {i}" for i in range(n_pos)]
    titles += [f"crop irrigation soil yield report {i}" for i in range(n_neg)]
    abstracts = ["forced labour exploitation of migrants"] * n_pos + ["wheat maize fertiliser drought"] * n_neg
    labels = [1] * n_pos + [0] * n_neg
    return titles, abstracts, labels


def test_it_finds_every_inclusion_first_on_a_separable_set() -> None:
    titles, abstracts, labels = _separable()
    result = simulate(titles, abstracts, labels, seed=3)
    assert result.records_to_95 <= 12  # 10 inclusions + the excluded prior + at most one miss
    assert result.wss_95 > 0.8
    assert sorted(result.order) == list(range(100))


def test_it_gives_the_same_result_for_the_same_seed() -> None:
    titles, abstracts, labels = _separable(8, 60)
    a = simulate(titles, abstracts, labels, seed=1)
    b = simulate(titles, abstracts, labels, seed=1)
    assert a.order == b.order
    assert choose_priors(labels, 1) == choose_priors(labels, 1)
    assert choose_priors(labels, 1) != choose_priors(labels, 2) or choose_priors(labels, 1) != choose_priors(labels, 5)


def test_it_starts_from_one_included_and_one_excluded_prior() -> None:
    _, _, labels = _separable()
    pos, neg = choose_priors(labels, 0)
    assert labels[pos] == 1 and labels[neg] == 0


def test_it_ranks_unlabelled_records_only_and_best_first() -> None:
    titles, abstracts, labels = _separable(5, 20)
    ranked = Ranker.from_texts(titles, abstracts).rank([0, 10], [1, 0])
    assert 0 not in ranked and 10 not in ranked and len(ranked) == 23
    assert set(ranked[:4].tolist()) == {1, 2, 3, 4}


def test_it_weighs_inclusions_as_a_fixed_multiple_of_exclusions_with_mean_one() -> None:
    y = np.array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0])
    w = sample_weights(y, 9.8)
    assert w[y == 1].sum() == pytest.approx(9.8 * w[y == 0].sum())
    assert w.mean() == pytest.approx(1.0)
    assert len(set(w[y == 1].tolist())) == 1 and len(set(w[y == 0].tolist())) == 1


@pytest.mark.parametrize("model", ["svm", "lr", "sgd"])
def test_every_model_ranks_the_obvious_inclusions_first(model: str) -> None:
    titles, abstracts, labels = _separable(5, 20)
    ranked = Ranker.from_texts(titles, abstracts, RankerConfig(model=model)).rank([0, 10], [1, 0])
    assert set(ranked[:4].tolist()) == {1, 2, 3, 4}


def test_it_refuses_an_unknown_model_or_a_single_class() -> None:
    titles, abstracts, _ = _separable(5, 20)
    with pytest.raises(ValueError, match="unknown model"):
        Ranker.from_texts(titles, abstracts, RankerConfig(model="forest")).rank([0, 10], [1, 0])
    with pytest.raises(ValueError, match="at least one included"):
        Ranker.from_texts(titles, abstracts).rank([0, 1], [1, 1])


class _CountingRanker(Ranker):
    calls = 0

    def rank(self, labelled: Sequence[int], labels: Sequence[int]) -> np.ndarray:
        self.calls += 1
        return super().rank(labelled, labels)


@pytest.mark.parametrize("exact_until", [None, 20])
def test_it_screens_one_record_per_retrain_until_exact_until_then_batches(exact_until: int | None) -> None:
    # Inclusions that look like exclusions force the simulation to screen (almost) everything.
    titles = [f"crop yield report {i}" for i in range(300)]
    labels = [1 if i % 100 == 7 else 0 for i in range(300)]
    ranker = _CountingRanker.from_texts(titles, [""] * 300)
    assert isinstance(ranker, _CountingRanker)
    order = screening_order(ranker, labels, choose_priors(labels, 0), exact_until)
    assert sorted(order) == list(range(300))
    last = max(order.index(i) for i, y in enumerate(labels) if y) + 1
    if exact_until is None:
        assert ranker.calls == last - 2  # one retrain per screened record after the two priors
    else:
        # 1 record per retrain up to 100 labelled (ceil(n / 100) = 1), then 2, then 3: about 190 retrains.
        assert 150 < ranker.calls < last - 50


def test_it_averages_seeds_and_keeps_per_seed_values() -> None:
    titles, abstracts, labels = _separable(6, 40)
    summary = simulate_many(titles, abstracts, labels, seeds=3)
    out = summary.to_json()
    assert len(out["per_seed"]) == 3
    assert out["wss_95"] == pytest.approx(sum(r["wss_95"] for r in out["per_seed"]) / 3)
    assert set(out) >= {"n_records", "n_included", "records_to_95", "wss_95", "wss_100", "recall_at_10pct", "seconds"}
    json.dumps(out)


def test_it_reads_a_labelled_csv_with_empty_fields(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text('title,abstract,label_included\n"A, b",,1\n,text,0\n', encoding="utf-8")
    data = read_labelled_csv(path)
    assert data.titles == ["A, b", ""] and data.abstracts == ["", "text"] and data.labels == [1, 0]


def test_it_names_file_and_record_for_a_bad_label(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("title,abstract,label_included\na,b,1\nc,d,yes\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.csv: record 2: label_included"):
        read_labelled_csv(path)
    (tmp_path / "nocol.csv").write_text("title,label\na,1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing column"):
        read_labelled_csv(tmp_path / "nocol.csv")


def test_it_lets_screening_stop_when_a_large_sample_finds_nothing_new() -> None:
    # 95 found; 3,000 of 5,000 remaining sampled at random with no new inclusion. H0 needs >= 6 missed
    # inclusions in the urn, and P(none of 6 in the sample) = (2000/5000)^6 ~ 0.004.
    d = recall_test(found_before_sampling=95, remaining_at_sampling=5000, sampled=3000, found_in_sample=0)
    assert d.can_stop and d.p_value < 0.05
    assert d.estimated_recall == pytest.approx(1.0)


def test_it_refuses_to_stop_on_a_small_sample_or_when_the_sample_finds_inclusions() -> None:
    assert not recall_test(95, 5000, 1000, 0).can_stop  # (4000/5000)^6 ~ 0.26
    d = recall_test(95, 5000, 1000, 5)
    assert not d.can_stop
    assert d.estimated_recall == pytest.approx(100 / (95 + 25))


def test_it_matches_the_hypergeometric_formula_of_callaghan_and_muller_hansen() -> None:
    from scipy.stats import hypergeom

    r_al, n_urn, n, k = 50, 2000, 300, 1
    k_tar = math.floor((r_al + k) / 0.95 - r_al) + 1  # = 4
    assert recall_test(r_al, n_urn, n, k).p_value == pytest.approx(hypergeom.cdf(k, n_urn, k_tar, n))


@given(st.integers(0, 200), st.integers(1, 3000), st.data())
def test_it_stops_more_readily_as_the_sample_grows(r_al: int, n_urn: int, data: st.DataObject) -> None:
    n = data.draw(st.integers(0, n_urn - 1))
    p_small = recall_test(r_al, n_urn, n, 0).p_value
    p_large = recall_test(r_al, n_urn, n + 1, 0).p_value
    assert 0.0 <= p_large <= p_small <= 1.0


def test_it_rejects_impossible_counts() -> None:
    with pytest.raises(ValueError):
        recall_test(10, 100, 200, 0)
    with pytest.raises(ValueError):
        recall_test(10, 100, 5, 6)
