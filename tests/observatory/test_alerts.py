"""Early warning on count series: Farrington flexible and Poisson CUSUM (jes.observatory.stats.alerts)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jes.observatory.stats.alerts import (
    Detection,
    _cusum_arl,
    _cusum_design,
    detect,
    evaluate,
    synthetic_series,
)

METHODS = ["farrington", "cusum"]


def years(n: int, start: int = 2008) -> list[str]:
    return [str(start + i) for i in range(n)]


def months(n: int, start: int = 2015) -> list[str]:
    return [f"{start + i // 12}-{i % 12 + 1:02d}" for i in range(n)]


@pytest.mark.parametrize("method", METHODS)
def test_flat_poisson_false_alert_rate_is_near_alpha(method: str) -> None:
    # 100 flat series at 40 a year, the last 8 years of each checked: 800 checks, about 8 alerts expected at 1%.
    alerts = checks = 0
    for seed in range(100):
        counts = np.random.default_rng(seed).poisson(40, 16).tolist()
        result = detect(counts, years(16), method, alpha=0.01, last=8)  # type: ignore[arg-type]
        alerts += len(result)
        checks += len(result.checks)
    assert checks == 800
    assert 0.002 <= alerts / checks <= 0.025


@pytest.mark.parametrize("method", METHODS)
def test_flat_high_rate_series_has_no_alert(method: str) -> None:
    counts = [50, 47, 53, 49, 52, 48, 51, 50, 46, 54, 49, 52]
    assert list(detect(counts, years(12), method)) == []  # type: ignore[arg-type]


@pytest.mark.parametrize("method", METHODS)
def test_large_yearly_outbreak_is_flagged_at_its_period(method: str) -> None:
    counts = [10, 12, 9, 11, 13, 10, 12, 11, 9, 12, 10, 13, 12, 31]
    result = detect(counts, years(14, 2010), method)  # type: ignore[arg-type]
    assert [a.period for a in result] == ["2023"]
    alert = result[0]
    assert alert.observed == 31 and alert.direction == "up"
    assert 9 < alert.expected < 14 and alert.expected < alert.upper < 31
    assert alert.score > 1


@pytest.mark.parametrize("method", METHODS)
def test_large_monthly_outbreak_is_flagged_at_its_month(method: str) -> None:
    rng = np.random.default_rng(7)
    counts = rng.poisson(4, 60).tolist()
    counts[50] = 25
    periods = months(60)
    flagged = [a.period for a in detect(counts, periods, method)]  # type: ignore[arg-type]
    assert periods[50] in flagged


def test_farrington_downweights_a_past_outbreak_so_a_new_one_is_still_seen() -> None:
    counts = [20, 22, 19, 21, 23, 20, 90, 21, 19, 22, 20, 21, 60]
    result = detect(counts, years(13, 2010), "farrington")
    assert [a.period for a in result] == ["2016", "2022"]
    assert "down-weighted" in result[1].explanation
    assert result[1].expected < 25  # the 90 of 2016 did not raise the baseline


def test_farrington_follows_a_significant_falling_trend() -> None:
    counts = [40, 37, 34, 31, 28, 26, 23, 20, 18, 15, 13]
    result = detect(counts, years(11), "farrington", directions="both")
    assert list(result) == []  # 13 is where the trend leads, not a fall below the mean of 2008-2017 (~27)
    assert result.checks[-1].expected < 16
    # A rising trend is not extrapolated beyond the largest reference count (Farrington's guard).
    rising = detect([5, 7, 9, 12, 14, 17, 20, 23, 26, 30, 33], years(11), "farrington")
    assert rising.checks[-1].expected <= 30


@pytest.mark.parametrize("method", METHODS)
def test_falls_are_flagged_only_when_asked(method: str) -> None:
    counts = [60, 58, 62, 59, 61, 60, 63, 57, 60, 61, 12]
    assert list(detect(counts, years(11), method)) == []  # type: ignore[arg-type]
    falls = detect(counts, years(11), method, directions="down")  # type: ignore[arg-type]
    assert [(a.period, a.direction) for a in falls] == [("2018", "down")]
    assert "below the expected" in falls[0].explanation and "lower limit" in falls[0].explanation


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("seed", range(20))
def test_small_counts_never_alert(method: str, seed: int) -> None:
    rng = np.random.default_rng(seed)
    counts = rng.choice([0, 1, 2], size=30, p=[0.6, 0.3, 0.1]).tolist()
    counts[-1] = 2
    for labels in (years(30), months(30)):
        assert list(detect(counts, labels, method, directions="both")) == []  # type: ignore[arg-type]


@pytest.mark.parametrize("method", METHODS)
def test_one_to_two_is_not_an_alert(method: str) -> None:
    assert list(detect([0, 0, 0, 0, 0, 0, 1, 2], years(8), method)) == []  # type: ignore[arg-type]
    assert list(detect([1, 1, 1, 1, 1, 1, 1, 2], years(8), method)) == []  # type: ignore[arg-type]


def test_too_short_series_give_the_reason_and_no_alert() -> None:
    result = detect([2, 3, 40], years(3), "farrington")
    assert isinstance(result, Detection) and list(result) == []
    assert result.reason is not None and "too short" in result.reason and "5" in result.reason
    assert "CUSUM" in result.reason  # points to the method that needs less history
    cusum = detect([2, 3, 40], years(3), "cusum")
    assert list(cusum) == [] and cusum.reason is not None and "3" in cusum.reason
    assert detect([], [], "farrington").reason is not None
    monthly = detect([1] * 20, months(20), "farrington")
    assert monthly.reason is not None and "months" in monthly.reason


def test_bad_periods_give_a_reason_and_bad_input_raises() -> None:
    assert detect([1, 2, 3], ["2010", "2012", "2013"]).reason == (
        "periods must be consecutive and in order, with zero counts written as 0"
    )
    assert "YYYY" in (detect([1, 2], ["2010", "2010-02"]).reason or "")
    with pytest.raises(ValueError):
        detect([1, 2], ["2010"])
    with pytest.raises(ValueError):
        detect([1, -2], ["2010", "2011"])


def test_explanation_names_observed_expected_threshold_and_method() -> None:
    counts = [10, 12, 9, 11, 13, 10, 12, 11, 9, 12, 10, 13, 12, 31]
    (alert,) = detect(counts, years(14, 2010), label="victims of labour exploitation", place="ES")
    text = alert.explanation
    assert text.startswith("In 2023, 31 victims of labour exploitation were recorded in ES, above the expected 11 ")
    assert f"(upper limit {alert.upper:.0f})" in text
    assert "based on 2013-2022" in text
    assert "method: Farrington flexible" in text and "α=0.01" in text
    (cusum,) = detect(counts, years(14, 2010), "cusum", label="victims", place="ES")
    assert "Poisson CUSUM (Lucas 1985)" in cusum.explanation and "upper limit" in cusum.explanation


def test_cusum_decision_limit_meets_the_in_control_run_length() -> None:
    mu0, alpha = 4.0, 0.01
    k, h = _cusum_design(mu0, alpha, 1.5, True)
    unit = 0.1  # 1/20 of sd = 2: Lucas's exact integer lattice
    assert _cusum_arl(mu0, round(k / unit), round(h / unit), unit, True) >= 1 / alpha
    assert _cusum_arl(mu0, round(k / unit), round(h / unit) - 1, unit, True) < 1 / alpha
    # Large counts use a coarser lattice and still give a finite, sensible limit (a few standard deviations).
    k_big, h_big = _cusum_design(1e6, alpha, 1.5, True)
    assert 1e6 < k_big < 1e6 + 1500 and 1000 < h_big < 10_000


def test_evaluation_reports_precision_and_recall() -> None:
    rows = evaluate(frequencies=("year",), distributions=("poisson",), levels={"year": (30.0,)}, n_series=10)
    assert [(r.method, r.level) for r in rows] == [("farrington", 30.0), ("cusum", 30.0)]
    for row in rows:
        assert row.events == 10 and 0 <= row.recall <= 1
        assert math.isnan(row.precision) or 0 <= row.precision <= 1
        assert row.false_alerts_per_series_year >= 0
    assert rows == evaluate(frequencies=("year",), distributions=("poisson",), levels={"year": (30.0,)}, n_series=10)


def test_synthetic_series_carry_their_event() -> None:
    rng = np.random.default_rng(1)
    item = synthetic_series(rng, "month", 5.0, "negbin", "step")
    assert len(item.counts) == len(item.periods) == 84
    assert item.event_periods == frozenset(range(78, 84))
    assert all(c >= 0 for c in item.counts)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    counts=st.lists(st.integers(min_value=0, max_value=10**6), max_size=40)
    | st.lists(st.integers(min_value=0, max_value=6), max_size=40),
    method=st.sampled_from(METHODS),
    monthly=st.booleans(),
    directions=st.sampled_from(["up", "down", "both"]),
)
# Found by CI: a fall to 0 from an expected 5.7 is a legitimate alert; the minimum count is for rises.
@example(counts=[0, 0, 17, 0], method="cusum", monthly=False, directions="down")
def test_detect_never_raises_and_alerts_only_at_existing_periods(
    counts: list[int], method: str, monthly: bool, directions: str
) -> None:
    periods = months(len(counts)) if monthly else years(len(counts), 1980)
    result = detect(counts, periods, method, directions=directions)  # type: ignore[arg-type]
    assert set(a.period for a in result) <= set(periods)
    for alert in result:
        assert alert.observed == counts[periods.index(alert.period)]
        if alert.direction == "up":
            assert alert.observed >= 5  # the minimum count: 1 -> 2 is never an alert
        else:
            assert alert.expected >= 5  # falls are flagged only from an expected 5 or more
    if not result.checks:
        assert result.reason
