"""Screening-simulation metrics, defined as in ASReview's simulation studies (issue 3).

Every function takes ``labels_in_order``: the true labels (1 included, 0 excluded) of *all*
records in the order they were screened, the prior records first. Counting the priors as screened
records is what ASReview does, so our figures and theirs are comparable.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ScreeningMetrics:
    n_records: int
    n_included: int
    records_to_95: int
    records_to_100: int
    wss_95: float
    wss_100: float
    recall_at_10pct: float


def _check(labels_in_order: Sequence[int]) -> np.ndarray:
    labels = np.asarray(labels_in_order, dtype=np.int64)
    if labels.ndim != 1 or labels.size == 0:
        raise ValueError("labels_in_order must be a non-empty sequence of 0/1 labels")
    if not np.isin(labels, (0, 1)).all():
        raise ValueError("labels_in_order may only hold 0 and 1")
    if labels.sum() == 0:
        raise ValueError("no included record: recall-based metrics are undefined")
    return labels


def records_to_recall(labels_in_order: Sequence[int], recall: float) -> int:
    """Records screened (priors included) when ceil(recall * n_included) inclusions have been found."""
    labels = _check(labels_in_order)
    target = math.ceil(round(recall * int(labels.sum()), 9))  # round: 0.95*20 must be 19, not 19.000000000000004
    # searchsorted on the cumulative count gives the 0-based position where the target is first reached.
    return int(np.searchsorted(np.cumsum(labels), target)) + 1


def wss(labels_in_order: Sequence[int], recall: float) -> float:
    """Work saved over sampling at a recall level: (N - records_to_recall)/N - (1 - recall)."""
    n = len(labels_in_order)
    return (n - records_to_recall(labels_in_order, recall)) / n - (1.0 - recall)


def recall_at_fraction(labels_in_order: Sequence[int], fraction: float) -> float:
    """Share of inclusions found after screening floor(fraction * N) records (priors included)."""
    labels = _check(labels_in_order)
    screened = math.floor(round(fraction * labels.size, 9))
    return float(labels[:screened].sum() / labels.sum())


def screening_metrics(labels_in_order: Sequence[int]) -> ScreeningMetrics:
    labels = _check(labels_in_order)
    return ScreeningMetrics(
        n_records=int(labels.size),
        n_included=int(labels.sum()),
        records_to_95=records_to_recall(labels_in_order, 0.95),
        records_to_100=records_to_recall(labels_in_order, 1.0),
        wss_95=wss(labels_in_order, 0.95),
        wss_100=wss(labels_in_order, 1.0),
        recall_at_10pct=recall_at_fraction(labels_in_order, 0.10),
    )
