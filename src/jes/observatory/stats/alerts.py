"""Early warning for count series of trafficking victims: flag unusual rises (and, on request, falls).

The series are small: yearly or monthly counts per country and form of exploitation, often with many zeros and
only a handful of years. Two published methods from public-health surveillance are implemented:

``method="farrington"`` -- the quasi-Poisson regression baseline of Farrington, Andrews, Beale & Catchpole (1996),
"A statistical algorithm for the early detection of outbreaks of infectious disease", J R Stat Soc A 159:547-563,
in the improved ("flexible") form of Noufaily, Enki, Farrington, Garthwaite, Andrews & Charlett (2013), "An improved
algorithm for outbreak detection in multiple surveillance systems", Statistics in Medicine 32:1206-1222. For each
period t0:

* the reference window is the past ``years_back`` years before t0. Yearly series use every past year; monthly series
  follow Noufaily et al. and use every month of the window, with a seasonal factor (a 3-month window centred on the
  calendar month of t0, the other 9 months in 3 blocks of 3) instead of Farrington's few same-season weeks, and leave
  out the most recent 6 months (Noufaily's 26 weeks) so that the start of a current rise does not raise its own
  baseline;
* a quasi-Poisson GLM (statsmodels, log link) is fitted; a linear trend is kept only if significant at 5% and if it
  does not predict more than the largest reference count (Farrington's guard against extrapolation), and only with
  at least 3 years of reference data;
* past outbreaks are down-weighted: observations whose standardised Anscombe residual exceeds 2.58 get weight
  proportional to s^-2 (Noufaily; Farrington used 1), and the model is refitted;
* the upper limit is the (1 - alpha) quantile of a negative binomial with the predicted mean and variance
  phi * mu (Noufaily's plug-in threshold); ``threshold="power"`` instead uses Farrington's 2/3-power transformation,
  which also counts the uncertainty of the fitted mean;
* an alert needs at least ``min_count`` (5) cases in the period itself: Farrington's rule of 5 cases in the past
  4 weeks, here per period, so that a rise from 1 to 2 is never an alert.

``method="cusum"`` -- the Poisson CUSUM of Lucas (1985), "Counted data CUSUM's", Technometrics 27:129-144, meant for
short series: S_t = max(0, S_{t-1} + y_t - k) with reference value k = (mu1 - mu0) / (ln mu1 - ln mu0), tuned to
detect a shift from the in-control mean mu0 to mu1 = mu0 + ``cusum_shift`` * sqrt(mu0). mu0 is the mean of up to
``years_back`` earlier periods (periods that alerted are left out, so an outbreak does not become the norm). The
decision limit h is the smallest one whose in-control average run length, computed exactly with the Markov chain of
Brook & Evans (1972, Biometrika 59:539-549) on Lucas's integer-scaled CUSUM, is at least 1 / alpha periods, so that
both methods raise about alpha false alerts per period. The CUSUM restarts from 0 after an alert. It assumes
Poisson counts and no seasonality: use the Farrington method for long or seasonal series.

``detect`` returns a ``Detection`` (a list of ``Alert``) that also says why nothing could be checked when the series
is too short: a too-short series never gives an alert. ``evaluate`` injects outbreaks and step changes of known size
into synthetic Poisson and negative-binomial series and reports precision, recall and false alerts per series-year
(see bench/observatory_alerts.py). This module is pure Python (numpy, scipy, statsmodels): no Django.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import numpy as np
import numpy.typing as npt
import statsmodels.api as sm
from scipy import stats

Method = Literal["farrington", "cusum"]
Direction = Literal["up", "down"]
Directions = Literal["up", "down", "both"]
Frequency = Literal["year", "month"]
Threshold = Literal["nb", "power"]
FloatArray = npt.NDArray[np.float64]

METHOD_NAMES = {
    "farrington": "Farrington flexible (Noufaily et al. 2013)",
    "cusum": "Poisson CUSUM (Lucas 1985)",
}

# Defaults per frequency. Yearly: up to 10 past years, at least 5 for the regression (a trend and a dispersion need
# some degrees of freedom) and 3 for the CUSUM mean. Monthly: 5 years back as in Noufaily et al., at least 2 years
# so that every calendar month has been seen twice, 12 months for the CUSUM.
_YEARS_BACK = {"year": 10, "month": 5}
_MIN_REFERENCE = {("farrington", "year"): 5, ("farrington", "month"): 25, ("cusum", "year"): 3, ("cusum", "month"): 12}
_EXCLUDED_RECENT = {"year": 0, "month": 6}
_SEASON_HALF_WINDOW = 1  # months either side of the calendar month of t0 in the "same season" level
_SEASON_LEVELS = 4  # that window plus 3 blocks of 3 months
# Down-weighting threshold on the standardised Anscombe residual. Monthly: Noufaily's 2.58. Yearly: Farrington's
# original 1, because with 5-10 reference years one outbreak inflates the dispersion it is standardised by, so its
# own residual rarely passes 2.58 and it would stay in the baseline at full weight.
_REWEIGHT_THRESHOLD = {"year": 1.0, "month": 2.58}
_TREND_ALPHA = 0.05


@dataclass(frozen=True)
class Alert:
    """One unusual period. ``upper``/``lower`` are the count limits; ``score`` > 1 means beyond the limit."""

    period: str
    observed: int
    expected: float
    upper: float
    lower: float | None
    score: float
    direction: Direction
    method: Method
    reference: str
    explanation: str


@dataclass(frozen=True)
class Check:
    """The baseline computed for one period, alert or not (for charts of expected value and limits)."""

    period: str
    observed: int
    expected: float
    upper: float
    lower: float | None


class Detection(list[Alert]):
    """The alerts, plus ``reason`` when the series could not be checked and ``checks`` for every checked period."""

    def __init__(
        self,
        alerts: Sequence[Alert] = (),
        *,
        method: Method = "farrington",
        reason: str | None = None,
        checks: Sequence[Check] = (),
    ) -> None:
        super().__init__(alerts)
        self.method: Method = method
        self.reason = reason
        self.checks = list(checks)


# --- periods ----------------------------------------------------------------------------------------------------

_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")


def _period_index(periods: Sequence[str], frequency: Frequency | None) -> tuple[Frequency, str | None]:
    """The frequency of the labels, or a reason why they cannot be used (gaps would silently distort baselines)."""
    if not periods:
        return frequency or "year", None
    years = [_YEAR.match(p) for p in periods]
    months = [_MONTH.match(p) for p in periods]
    if all(years) and frequency in (None, "year"):
        keys = [int(m.group(1)) for m in years if m]
        found: Frequency = "year"
    elif all(months) and frequency in (None, "month"):
        keys = [int(m.group(1)) * 12 + int(m.group(2)) - 1 for m in months if m]
        if any(not 1 <= int(m.group(2)) <= 12 for m in months if m):
            return "month", "periods contain a month outside 01-12"
        found = "month"
    else:
        return frequency or "year", "periods must all be years (YYYY) or all be months (YYYY-MM)"
    if any(b - a != 1 for a, b in zip(keys, keys[1:], strict=False)):
        return found, "periods must be consecutive and in order, with zero counts written as 0"
    return found, None


def _describe_reference(periods: Sequence[str], first: int, last: int, frequency: Frequency) -> str:
    if first == last:
        return periods[first]
    joiner = "-" if frequency == "year" else " to "
    return f"{periods[first]}{joiner}{periods[last]}"


def _fmt(value: float) -> str:
    """Counts as people read them: whole numbers from 10 up, one decimal below."""
    if value >= 10 or float(value).is_integer():
        return f"{value:.0f}"
    return f"{value:.1f}"


def _explain(
    alert_period: str,
    observed: int,
    expected: float,
    limit: float,
    direction: Direction,
    reference: str,
    method: Method,
    alpha: float,
    label: str,
    place: str | None,
    notes: Sequence[str],
) -> str:
    verb = "was" if observed == 1 else "were"
    where = f" in {place}" if place else ""
    side, limit_name = ("above", "upper limit") if direction == "up" else ("below", "lower limit")
    text = (
        f"In {alert_period}, {observed} {label} {verb} recorded{where}, {side} the expected {_fmt(expected)} "
        f"({limit_name} {_fmt(limit)}) based on {reference}; method: {METHOD_NAMES[method]}, α={alpha:g}"
    )
    return text + "".join(f"; {note}" for note in notes)


# --- Farrington flexible ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Baseline:
    expected: float
    upper: float
    lower: float
    first: int
    last: int
    trend: bool = False
    downweighted: int = 0


@dataclass(frozen=True)
class _Fit:
    beta: FloatArray
    mu: FloatArray
    phi: float
    cov: FloatArray  # phi * (X'WX)^-1
    hat: FloatArray


def _season_level(lag: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Level 0 for the calendar months around t0, then 3 blocks of 3 consecutive months (Noufaily's factor)."""
    d = lag % 12
    same = (d <= _SEASON_HALF_WINDOW) | (d >= 12 - _SEASON_HALF_WINDOW)
    others = 12 - 2 * _SEASON_HALF_WINDOW - 1
    block = 1 + (d - _SEASON_HALF_WINDOW - 1) * (_SEASON_LEVELS - 1) // others
    return np.where(same, 0, block).astype(np.int64)


def _design(ref: npt.NDArray[np.int64], t0: int, per_year: int, trend: bool) -> FloatArray:
    """Columns: intercept (the log-mean at t0 in the same season), trend in years, season dummies."""
    columns = [np.ones(len(ref))]
    if trend:
        columns.append((ref - t0) / per_year)
    if per_year == 12:
        levels = _season_level(t0 - ref)
        # A dummy only for levels present, else X'WX is singular.
        columns.extend((levels == level).astype(float) for level in range(1, _SEASON_LEVELS) if (levels == level).any())
    return np.column_stack(columns).astype(np.float64)


def _fit(y: FloatArray, x: FloatArray, weights: FloatArray, start: FloatArray | None = None) -> _Fit | None:
    """Quasi-Poisson fit: statsmodels IRLS for the coefficients, Pearson dispersion floored at 1 as in Farrington."""
    n, p = x.shape
    if n <= p:
        return None
    with warnings.catch_warnings():
        # A season block with only zeros drives its coefficient to -inf; the fit is still usable (mu ~ 0 there).
        warnings.simplefilter("ignore")
        try:
            result = sm.GLM(y, x, family=sm.families.Poisson(), var_weights=weights).fit(start_params=start)
        except (ValueError, np.linalg.LinAlgError, FloatingPointError, OverflowError):
            return None
        beta = np.asarray(result.params, dtype=np.float64)
        mu = np.clip(np.asarray(result.mu, dtype=np.float64), 1e-10, None)
    if not (np.all(np.isfinite(beta)) and np.all(np.isfinite(mu))):
        return None
    phi = max(1.0, float(np.sum(weights * (y - mu) ** 2 / mu)) / (n - p))
    w_irls = weights * mu
    xtwx = x.T @ (x * w_irls[:, None])
    unscaled = np.linalg.pinv(xtwx)
    root = x * np.sqrt(w_irls)[:, None]
    hat = np.clip(np.sum((root @ unscaled) * root, axis=1), 0.0, 1.0 - 1e-9)
    return _Fit(beta=beta, mu=mu, phi=phi, cov=phi * unscaled, hat=hat)


def _reweight(y: FloatArray, fit: _Fit, cutoff: float) -> tuple[FloatArray, int]:
    """Farrington's weights: standardised Anscombe residual s > threshold gets s^-2, rescaled to sum to n."""
    mu = fit.mu
    anscombe = 1.5 * (np.cbrt(y) ** 2 - np.cbrt(mu) ** 2) / mu ** (1 / 6)
    s = anscombe / np.sqrt(fit.phi * (1.0 - fit.hat))
    high = s > cutoff
    weights = np.where(high, 1.0 / np.maximum(s, 1e-9) ** 2, 1.0)
    return weights * len(y) / weights.sum(), int(high.sum())


def _quantile(q: float, mu: float, phi: float) -> float:
    """Quantile of the count with mean mu and variance phi*mu: negative binomial, Poisson when phi = 1."""
    if mu <= 0:
        return 0.0
    if phi <= 1.0 + 1e-9:
        return float(stats.poisson.ppf(q, mu))
    return float(stats.nbinom.ppf(q, mu / (phi - 1.0), 1.0 / phi))


def _limits(mu0: float, fit: _Fit, alpha: float, threshold: Threshold) -> tuple[float, float]:
    if threshold == "nb":
        return _quantile(1 - alpha, mu0, fit.phi), _quantile(alpha, mu0, fit.phi)
    # Farrington 1996: y^(2/3) is nearly normal; tau adds the variance of the fitted mean to phi * mu0.
    z = float(stats.norm.ppf(1 - alpha))
    tau = fit.phi * mu0 + mu0**2 * float(fit.cov[0, 0])
    spread = (2.0 / 3.0) * z * math.sqrt(tau) / mu0
    upper = mu0 * (1 + spread) ** 1.5
    lower = mu0 * (1 - spread) ** 1.5 if spread < 1 else 0.0
    return upper, lower


def _farrington_at(
    y: FloatArray,
    t0: int,
    frequency: Frequency,
    years_back: int,
    alpha: float,
    threshold: Threshold,
) -> _Baseline | None:
    per_year = 12 if frequency == "month" else 1
    half = _SEASON_HALF_WINDOW if frequency == "month" else 0
    first = max(0, t0 - years_back * per_year - half)
    last = t0 - 1 - _EXCLUDED_RECENT[frequency]
    if last < first:
        return None
    ref = np.arange(first, last + 1, dtype=np.int64)
    y_ref = y[ref]
    if y_ref.sum() == 0:
        # Nothing ever recorded: expected 0, any count is above it, and min_count decides.
        return _Baseline(expected=0.0, upper=0.0, lower=0.0, first=first, last=last)
    span_years = (last - first + 1) / per_year
    candidates = [True, False] if span_years >= 3 else [False]
    for trend in candidates:
        x = _design(ref, t0, per_year, trend)
        fit = _fit(y_ref, x, np.ones(len(ref)))
        if fit is None:
            continue
        weights, downweighted = _reweight(y_ref, fit, _REWEIGHT_THRESHOLD[frequency])
        refit = _fit(y_ref, x, weights, start=fit.beta)  # starting from the first fit saves IRLS steps
        if refit is None:
            continue
        mu0 = float(math.exp(min(refit.beta[0], 700.0)))
        if trend:
            df = len(ref) - x.shape[1]
            se = math.sqrt(max(float(refit.cov[1, 1]), 0.0))
            p_value = float(2 * stats.t.sf(abs(refit.beta[1]) / se, df)) if se > 0 else 1.0
            if not (p_value < _TREND_ALPHA and mu0 <= float(y_ref.max())):
                continue
        upper, lower = _limits(mu0, refit, alpha, threshold)
        return _Baseline(mu0, upper, lower, first, last, trend=trend, downweighted=downweighted)
    return None


# --- Poisson CUSUM ------------------------------------------------------------------------------------------------


def _lattice_unit(mu0: float) -> float:
    """Counts per lattice step: 1/20 of a standard deviation, and an exact 1/integer below sd = 20 (Lucas's
    integer-scaled CUSUM); above that the steps are rounded, which is harmless when counts are nearly normal."""
    sd = math.sqrt(mu0)
    return 1.0 / max(1, round(20 / sd)) if sd <= 20 else sd / 20


def _cusum_arl(mu0: float, k_units: int, h_units: int, unit: float, upward: bool) -> float:
    """In-control average run length of the lattice CUSUM (steps of ``unit`` counts), by Brook & Evans (1972)."""
    states = h_units + 1
    sd = math.sqrt(mu0)
    # Counts far in the tails need not be listed one by one: below y_lo the upward CUSUM restarts at 0 (and the
    # downward one signals), above y_hi the upward one signals (and the downward one restarts).
    y_lo = max(0, math.floor(mu0 - 12 * sd - 5))
    y_hi = math.ceil(max(mu0 + 12 * sd + 5, (h_units + k_units) * unit + 2))
    y = np.arange(y_lo, y_hi + 1)
    pmf = stats.poisson.pmf(y, mu0)
    moves = np.rint(y / unit).astype(np.int64) - k_units
    step = np.arange(states)[:, None] + (moves if upward else -moves)[None, :]
    q = np.zeros((states, states))
    q[:, 0] = np.where(step <= 0, pmf[None, :], 0.0).sum(axis=1)
    rows, cols = np.nonzero((step > 0) & (step <= h_units))
    np.add.at(q, (rows, step[rows, cols]), pmf[cols])
    q[:, 0] += float(stats.poisson.cdf(y_lo - 1, mu0)) if upward else float(stats.poisson.sf(y_hi, mu0))
    try:
        arl = np.linalg.solve(np.eye(states) - q, np.ones(states))
    except np.linalg.LinAlgError:
        return math.inf
    return float(arl[0])


@lru_cache(maxsize=4096)
def _cusum_design(mu0: float, alpha: float, shift: float, upward: bool) -> tuple[float, float]:
    """Reference value k and decision limit h (in counts) for an in-control ARL of at least 1/alpha periods."""
    sd = math.sqrt(mu0)
    mu1 = mu0 + shift * sd if upward else max(mu0 - shift * sd, mu0 / 4)
    k = (mu1 - mu0) / (math.log(mu1) - math.log(mu0))
    unit = _lattice_unit(mu0)
    k_units = max(1, round(k / unit))
    target = 1.0 / alpha
    high = 20
    while _cusum_arl(mu0, k_units, high, unit, upward) < target:
        high *= 2
        if high > 2000:  # no usable limit (cannot happen for alpha >= 1e-6); never alert rather than guess
            return k_units * unit, math.inf
    low = 0
    while low < high:
        middle = (low + high) // 2
        if _cusum_arl(mu0, k_units, middle, unit, upward) >= target:
            high = middle
        else:
            low = middle + 1
    return k_units * unit, high * unit


def _round_mean(mu: float) -> float:
    """Two significant digits, so that the limits computed for nearby means are reused (cache)."""
    return float(f"{mu:.2g}")


# --- detection ----------------------------------------------------------------------------------------------------


def detect(
    series: Sequence[int],
    periods: Sequence[str],
    method: Method = "farrington",
    alpha: float = 0.01,
    *,
    directions: Directions = "up",
    frequency: Frequency | None = None,
    min_count: int = 5,
    years_back: int | None = None,
    threshold: Threshold = "nb",
    cusum_shift: float = 1.5,
    last: int | None = None,
    label: str = "cases",
    place: str | None = None,
) -> Detection:
    """Check each period that has enough history (or only the ``last`` n periods) and return the alerts.

    ``label`` and ``place`` only word the explanation ("victims of labour exploitation", "ES").
    """
    if len(series) != len(periods):
        raise ValueError(f"series has {len(series)} values but periods has {len(periods)} labels")
    if any(int(v) != v or v < 0 for v in series):
        raise ValueError("series must hold non-negative whole counts")
    if method not in METHOD_NAMES:
        raise ValueError(f"method must be one of {sorted(METHOD_NAMES)}")
    if not 0 < alpha < 0.5:
        raise ValueError("alpha must be between 0 and 0.5")
    found, problem = _period_index(periods, frequency)
    if problem:
        return Detection(method=method, reason=problem)
    back = years_back or _YEARS_BACK[found]
    need = _MIN_REFERENCE[(method, found)]
    unit = "years" if found == "year" else "months"
    if len(series) <= need:
        other = "cusum" if method == "farrington" else "farrington"
        return Detection(
            method=method,
            reason=(
                f"too short: {len(series)} {unit}; {METHOD_NAMES[method]} needs at least {need} earlier {unit} before "
                f"a period can be checked ({METHOD_NAMES[other]}: {_MIN_REFERENCE[(other, found)]})"
            ),
        )
    y = np.asarray(series, dtype=np.float64)
    start = need if last is None else max(need, len(series) - last)
    want_up = directions in ("up", "both")
    want_down = directions in ("down", "both")
    if method == "farrington":
        alerts, checks = _detect_farrington(
            y,
            periods,
            found,
            back,
            threshold,
            start,
            want_up,
            want_down,
            alpha=alpha,
            label=label,
            place=place,
            min_count=min_count,
        )
    else:
        alerts, checks = _detect_cusum(
            y,
            periods,
            found,
            back,
            cusum_shift,
            need,
            start,
            want_up,
            want_down,
            alpha=alpha,
            label=label,
            place=place,
            min_count=min_count,
        )
    reason = None if checks else "no period had a usable baseline"
    return Detection(alerts, method=method, reason=reason, checks=checks)


def _detect_farrington(
    y: FloatArray,
    periods: Sequence[str],
    frequency: Frequency,
    years_back: int,
    threshold: Threshold,
    start: int,
    want_up: bool,
    want_down: bool,
    *,
    alpha: float,
    label: str,
    place: str | None,
    min_count: int,
) -> tuple[list[Alert], list[Check]]:
    alerts: list[Alert] = []
    checks: list[Check] = []
    for t0 in range(start, len(y)):
        base = _farrington_at(y, t0, frequency, years_back, alpha, threshold)
        if base is None:
            continue
        observed = int(y[t0])
        checks.append(Check(periods[t0], observed, base.expected, base.upper, base.lower))
        reference = _describe_reference(periods, base.first, base.last, frequency)
        notes = []
        if base.trend:
            notes.append("a significant linear trend was included")
        if base.downweighted:
            plural = "s" if base.downweighted > 1 else ""
            notes.append(f"{base.downweighted} unusual past period{plural} down-weighted")
        if want_up and observed > base.upper and observed >= min_count:
            score = (observed - base.expected) / max(base.upper - base.expected, 0.5)
            direction: Direction = "up"
            limit = base.upper
        elif want_down and observed < base.lower and base.expected >= min_count:
            score = (base.expected - observed) / max(base.expected - base.lower, 0.5)
            direction = "down"
            limit = base.lower
        else:
            continue
        text = _explain(
            periods[t0], observed, base.expected, limit, direction, reference, "farrington", alpha, label, place, notes
        )
        alerts.append(
            Alert(
                periods[t0],
                observed,
                base.expected,
                base.upper,
                base.lower,
                score,
                direction,
                "farrington",
                reference,
                text,
            )
        )
    return alerts, checks


def _detect_cusum(
    y: FloatArray,
    periods: Sequence[str],
    frequency: Frequency,
    years_back: int,
    shift: float,
    need: int,
    start: int,
    want_up: bool,
    want_down: bool,
    *,
    alpha: float,
    label: str,
    place: str | None,
    min_count: int,
) -> tuple[list[Alert], list[Check]]:
    alerts: list[Alert] = []
    checks: list[Check] = []
    per_year = 12 if frequency == "month" else 1
    alerted: set[int] = set()
    s_up = 0.0
    s_down = 0.0
    # The CUSUM must run from the first period with a baseline even when only the last ones are reported.
    for t0 in range(need, len(y)):
        window = [t for t in range(max(0, t0 - years_back * per_year), t0) if t not in alerted]
        if len(window) < need:
            window = list(range(max(0, t0 - years_back * per_year), t0))
        # Half a case spread over the window keeps mu0 > 0 when nothing was recorded (log mu0 in k).
        mu0 = _round_mean(max(float(y[window].mean()), 0.5 / len(window)))
        k_up, h_up = _cusum_design(mu0, alpha, shift, True)
        falls = want_down and mu0 >= min_count  # a fall is only flagged from a baseline of min_count or more
        k_down, h_down = _cusum_design(mu0, alpha, shift, False) if falls else (0.0, math.inf)
        observed = int(y[t0])
        upper = s_up_limit = h_up + k_up - s_up  # the count that would signal in this period alone
        lower_limit = max(0.0, k_down + s_down - h_down)
        lower = lower_limit if falls else None
        s_up = max(0.0, s_up + observed - k_up)
        s_down = max(0.0, s_down + k_down - observed)
        reference = _describe_reference(periods, window[0], window[-1], frequency)
        direction: Direction | None = None
        if want_up and s_up > h_up and observed >= min_count:
            direction, score, limit = "up", s_up / h_up, s_up_limit
            s_up = 0.0
            alerted.add(t0)
        elif falls and s_down > h_down:
            direction, score, limit = "down", s_down / h_down, lower_limit
            s_down = 0.0
        if t0 < start:
            continue
        checks.append(Check(periods[t0], observed, mu0, upper, lower))
        if direction is None:
            continue
        notes = [f"cumulative sum {score:.1f} times the decision limit; in-control run length {1 / alpha:.0f} periods"]
        text = _explain(periods[t0], observed, mu0, limit, direction, reference, "cusum", alpha, label, place, notes)
        alerts.append(Alert(periods[t0], observed, mu0, upper, lower, score, direction, "cusum", reference, text))
    return alerts, checks


# --- evaluation on synthetic series -------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvaluationRow:
    """Detection quality for one method on one kind of synthetic series.

    precision = alerts inside an injected event / all alerts; recall = events with at least one alert inside them /
    events; false alerts per series-year = alerts outside events / checked non-event periods, per year.
    """

    method: Method
    frequency: Frequency
    distribution: str
    level: float
    series: int
    events: int
    detected: int
    alerts: int
    true_alerts: int
    checked_periods: int
    event_periods: int
    precision: float
    recall: float
    false_alerts_per_series_year: float


@dataclass(frozen=True)
class SyntheticSeries:
    counts: list[int]
    periods: list[str]
    event_kind: str  # "outbreak" or "step"
    event_periods: frozenset[int] = field(default_factory=frozenset)


def synthetic_series(
    rng: np.random.Generator,
    frequency: Frequency,
    level: float,
    distribution: Literal["poisson", "negbin"],
    event_kind: Literal["outbreak", "step"],
    *,
    years: int | None = None,
    dispersion: float = 2.0,
    outbreak_sd: float = 4.0,
    step_sd: float = 2.0,
) -> SyntheticSeries:
    """A baseline with a random trend (-4%, 0 or +4% a year) and, monthly, a seasonal wave of +-30%; one event.

    The event is an outbreak (extra cases ~ Poisson(outbreak_sd * baseline sd), in one year or spread over 1-2
    months) at a random period after the first 5 years, or a step (extra ~ Poisson(step_sd * sd) every period) over the
    last 3 years / 6 months. ``level`` is the mean count per period at the start of the monitored part.
    """
    per_year = 12 if frequency == "month" else 1
    years = years or (15 if frequency == "year" else 7)
    n = years * per_year
    t = np.arange(n)
    trend = float(rng.choice([-0.04, 0.0, 0.04]))
    mean = level * np.exp(trend * (t - 5 * per_year) / per_year)
    if per_year == 12:
        mean = mean * (1 + 0.3 * np.sin(2 * np.pi * (t + rng.integers(12)) / 12))
    phi = dispersion if distribution == "negbin" else 1.0
    counts = rng.negative_binomial(mean / (phi - 1), 1 / phi) if phi > 1 else rng.poisson(mean)
    sd = np.sqrt(phi * mean)
    first_monitored = 5 * per_year
    if event_kind == "outbreak":
        duration = 1 if per_year == 1 else int(rng.integers(1, 3))
        onset = int(rng.integers(first_monitored, n - duration + 1))
        extra = int(rng.poisson(outbreak_sd * sd[onset]))
        share = rng.multinomial(extra, [1 / duration] * duration)
        event = list(range(onset, onset + duration))
        for offset, add in zip(event, share, strict=True):
            counts[offset] += add
    else:
        length = 3 if per_year == 1 else 6
        event = list(range(n - length, n))
        counts[event] += rng.poisson(step_sd * sd[event])
    start_year = 2000
    if per_year == 1:
        labels = [str(start_year + i) for i in range(n)]
    else:
        labels = [f"{start_year + i // 12}-{i % 12 + 1:02d}" for i in range(n)]
    return SyntheticSeries([int(c) for c in counts], labels, event_kind, frozenset(event))


DEFAULT_LEVELS: dict[Frequency, tuple[float, ...]] = {"year": (3.0, 10.0, 30.0, 100.0), "month": (1.0, 3.0, 10.0, 30.0)}


def evaluate(
    methods: Sequence[Method] = ("farrington", "cusum"),
    frequencies: Sequence[Frequency] = ("year", "month"),
    distributions: Sequence[Literal["poisson", "negbin"]] = ("poisson", "negbin"),
    levels: dict[Frequency, tuple[float, ...]] | None = None,
    n_series: int = 100,
    alpha: float = 0.01,
    seed: int = 20240501,
) -> list[EvaluationRow]:
    """Precision, recall and false alerts per series-year on synthetic series (half outbreaks, half steps).

    Every method sees the same series (same seed per cell) and is checked only on the monitored part (after the
    first 5 years), so the figures compare like with like.
    """
    levels = levels or DEFAULT_LEVELS
    rows: list[EvaluationRow] = []
    for frequency in frequencies:
        per_year = 12 if frequency == "month" else 1
        for distribution in distributions:
            for level in levels[frequency]:
                cell_seed = [seed, per_year, distributions.index(distribution), int(level * 100)]
                rng = np.random.default_rng(cell_seed)
                kinds: list[Literal["outbreak", "step"]] = ["outbreak", "step"]
                made = [synthetic_series(rng, frequency, level, distribution, kinds[i % 2]) for i in range(n_series)]
                for method in methods:
                    rows.append(_score(method, frequency, distribution, level, made, alpha))
    return rows


def _score(
    method: Method,
    frequency: Frequency,
    distribution: str,
    level: float,
    made: Sequence[SyntheticSeries],
    alpha: float,
) -> EvaluationRow:
    per_year = 12 if frequency == "month" else 1
    detected = alerts = true_alerts = checked = event_checked = 0
    for item in made:
        monitored = len(item.counts) - 5 * per_year
        result = detect(item.counts, item.periods, method, alpha, frequency=frequency, last=monitored)
        index = {p: i for i, p in enumerate(item.periods)}
        hits = {index[a.period] for a in result}
        alerts += len(hits)
        true_alerts += len(hits & item.event_periods)
        detected += bool(hits & item.event_periods)
        checked_here = {index[c.period] for c in result.checks}
        checked += len(checked_here)
        event_checked += len(checked_here & item.event_periods)
    false_alerts = alerts - true_alerts
    quiet_years = (checked - event_checked) / per_year
    return EvaluationRow(
        method=method,
        frequency=frequency,
        distribution=distribution,
        level=level,
        series=len(made),
        events=len(made),
        detected=detected,
        alerts=alerts,
        true_alerts=true_alerts,
        checked_periods=checked,
        event_periods=event_checked,
        precision=true_alerts / alerts if alerts else math.nan,
        recall=detected / len(made) if made else math.nan,
        false_alerts_per_series_year=false_alerts / quiet_years if quiet_years else math.nan,
    )
