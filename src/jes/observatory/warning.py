"""Early warning on the observatory's own series: which yearly counts rose (or fell) beyond what was expected.

The method is `stats.alerts.detect` (Farrington flexible by default; Poisson CUSUM on request). Published series
have gaps the method must not paper over silently:

* UNODC masks counts under five as "<5". For the baseline only, a masked year is counted as 2, the middle of
  0-4; the page says so for every series where it happened. A masked year can never raise an alert (the rule of
  five cases), and a series with more than a third of its years masked is not checked at all.
* A year the publisher did not report at all breaks the series; only the latest unbroken run of years is checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .series import Point, Series
from .stats.alerts import Alert, Detection, Directions, detect

MASKED_STAND_IN = 2
MAX_MASKED_SHARE = 1 / 3
Method = Literal["farrington", "cusum"]


@dataclass
class SeriesWarning:
    series: Series
    detection: Detection | None
    checked_years: list[int]
    masked_years: list[int]
    note: str

    @property
    def alerts(self) -> list[Alert]:
        return list(self.detection) if self.detection is not None else []


def _latest_run(points: list[Point]) -> list[Point]:
    """The latest run of consecutive years (a missing year breaks a series)."""
    run: list[Point] = []
    for point in sorted(points, key=lambda p: p.year):
        if run and point.year != run[-1].year + 1:
            run = []
        run.append(point)
    return run


def check_series(
    series: Series,
    *,
    method: Method = "farrington",
    alpha: float = 0.01,
    directions: Directions = "up",
    last: int | None = None,
) -> SeriesWarning:
    run = _latest_run(series.points)
    masked = [p.year for p in run if p.value is None]
    years = [p.year for p in run]
    if not run:
        return SeriesWarning(series, None, [], [], "no yearly values")
    if len(masked) > len(run) * MAX_MASKED_SHARE:
        note = f"not checked: {len(masked)} of {len(run)} years are masked by the publisher (<5)"
        return SeriesWarning(series, None, years, masked, note)
    counts = [MASKED_STAND_IN if p.value is None else p.value for p in run]
    detection = detect(
        counts,
        [str(y) for y in years],
        method=method,
        alpha=alpha,
        directions=directions,
        frequency="year",
        last=last,
        label=series.label.lower(),
        place=series.place,
    )
    notes = []
    if masked:
        notes.append(f"masked years ({', '.join(map(str, masked))}) counted as {MASKED_STAND_IN} for the baseline")
    if len(run) < len(series.points):
        notes.append(f"only the unbroken run {years[0]}-{years[-1]} is checked")
    if detection.reason:
        notes.append(detection.reason)
    return SeriesWarning(series, detection, years, masked, "; ".join(notes))


def check_all(
    series: list[Series], *, method: Method = "farrington", directions: Directions = "up"
) -> list[SeriesWarning]:
    """Every series checked; the ones with alerts first (latest alert first), then the rest in order."""
    results = [check_series(s, method=method, directions=directions) for s in series]
    flagged = [r for r in results if r.alerts]
    # Periods are "YYYY" or "YYYY-MM", so text order is time order; the sort is stable for equal periods.
    flagged.sort(key=lambda r: max(a.period for a in r.alerts), reverse=True)
    return flagged + [r for r in results if not r.alerts]


def to_rows(results: list[SeriesWarning]) -> list[dict[str, object]]:
    """The results as JSON-ready rows (the command line and the API print the same)."""
    return [
        {
            "series": r.series.label,
            "place": r.series.place,
            "country": r.series.country,
            "source": r.series.source,
            "checked_years": r.checked_years,
            "masked_years": r.masked_years,
            "note": r.note,
            "alerts": [
                {
                    "period": a.period,
                    "observed": a.observed,
                    "expected": round(a.expected, 2),
                    "upper": round(a.upper, 2),
                    "direction": a.direction,
                    "method": a.method,
                    "explanation": a.explanation,
                }
                for a in r.detection or []
            ],
        }
        for r in results
    ]
