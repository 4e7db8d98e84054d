"""Screening simulation on a fully labelled data set, as ASReview's ``simulate`` does it.

Start from one random included and one random excluded record (seeded), then repeat: retrain, rank
the unscreened records, "screen" the top of the ranking by revealing its true label, until every
inclusion has been found. The order in which records were screened gives the metrics.

Query size: one record per retrain, as ASReview does, while fewer than ``exact_until`` records have
been screened; after that we screen ``ceil(labelled / 100)`` records per retrain (1 % growth), which
keeps a 2,000-record simulation to well under a minute. Pass ``exact_until=None`` for one record per
step throughout, ASReview's exact protocol. Measured on ADHD (5 seeds) the batches do not change the
result: WSS@95 0.589 batched vs 0.590 exact with the SVM ranker (0.543 vs 0.544 with the old LR
ranker), while the exact protocol took about three times as long (ASReview's model: 9 s vs 27 s).
"""

from __future__ import annotations

import csv
import math
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from jes.review.engine.metrics import screening_metrics
from jes.review.engine.ranking import Ranker, RankerConfig

REQUIRED_COLUMNS = ("title", "abstract", "label_included")


@dataclass(frozen=True)
class SimulationResult:
    seed: int
    n_records: int
    n_included: int
    records_to_95: int
    wss_95: float
    wss_100: float
    recall_at_10pct: float
    seconds: float
    order: list[int] = field(repr=False)  # record indices in screening order, priors first


@dataclass(frozen=True)
class SimulationSummary:
    n_records: int
    n_included: int
    records_to_95: float
    wss_95: float
    wss_100: float
    recall_at_10pct: float
    seconds: float
    per_seed: list[SimulationResult]

    def to_json(self) -> dict[str, Any]:
        """The stable shape printed by ``jes review simulate DATA.csv --json``."""
        out = {k: v for k, v in asdict(self).items() if k != "per_seed"}
        out["per_seed"] = [{k: v for k, v in asdict(r).items() if k != "order"} for r in self.per_seed]
        return out


@dataclass(frozen=True)
class LabelledData:
    titles: list[str]
    abstracts: list[str]
    labels: list[int]


def read_labelled_csv(path: str | Path) -> LabelledData:
    """Read a CSV with ``title``, ``abstract`` and ``label_included`` (1/0) columns; other columns are ignored."""
    p = Path(path)
    titles: list[str] = []
    abstracts: list[str] = []
    labels: list[int] = []
    with p.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{p}: missing column(s) {', '.join(missing)}")
        for number, row in enumerate(reader, start=1):
            raw = (row["label_included"] or "").strip()
            if raw not in ("0", "1"):
                raise ValueError(f"{p}: record {number}: label_included must be 0 or 1, got {raw!r}")
            titles.append(row["title"] or "")
            abstracts.append(row["abstract"] or "")
            labels.append(int(raw))
    if not labels:
        raise ValueError(f"{p}: no records")
    if 0 not in labels or 1 not in labels:
        raise ValueError(f"{p}: needs at least one included and one excluded record")
    return LabelledData(titles, abstracts, labels)


def choose_priors(labels: Sequence[int], seed: int) -> tuple[int, int]:
    """One random included and one random excluded record index; the benchmark gives ASReview the same."""
    y = np.asarray(labels)
    rng = np.random.default_rng(seed)
    return int(rng.choice(np.flatnonzero(y == 1))), int(rng.choice(np.flatnonzero(y == 0)))


def _query_size(n_labelled: int, exact_until: int | None) -> int:
    if exact_until is None or n_labelled < exact_until:
        return 1
    return math.ceil(n_labelled / 100)


def screening_order(
    ranker: Ranker, labels: Sequence[int], priors: Sequence[int], exact_until: int | None = 200
) -> list[int]:
    """Record indices in the order an active-learning reviewer would screen them."""
    y = np.asarray(labels, dtype=np.int64)
    order = list(priors)
    found, total = int(y[order].sum()), int(y.sum())
    while found < total:
        ranked = ranker.rank(order, y[order].tolist())
        batch = ranked[: _query_size(len(order), exact_until)].tolist()
        order.extend(batch)
        found += int(y[batch].sum())
    # Once every inclusion is found the rest can be read in any order: only exclusions remain.
    seen = set(order)
    order.extend(i for i in range(len(y)) if i not in seen)
    return order


def simulate(
    titles: Sequence[str],
    abstracts: Sequence[str],
    labels: Sequence[int],
    seed: int,
    config: RankerConfig | None = None,
    exact_until: int | None = 200,
) -> SimulationResult:
    start = time.perf_counter()
    ranker = Ranker.from_texts(titles, abstracts, config)
    return _run(ranker, labels, seed, start, exact_until)


def _run(ranker: Ranker, labels: Sequence[int], seed: int, start: float, exact_until: int | None) -> SimulationResult:
    order = screening_order(ranker, labels, choose_priors(labels, seed), exact_until)
    m = screening_metrics([labels[i] for i in order])
    return SimulationResult(
        seed=seed,
        n_records=m.n_records,
        n_included=m.n_included,
        records_to_95=m.records_to_95,
        wss_95=m.wss_95,
        wss_100=m.wss_100,
        recall_at_10pct=m.recall_at_10pct,
        seconds=time.perf_counter() - start,
        order=order,
    )


def simulate_many(
    titles: Sequence[str],
    abstracts: Sequence[str],
    labels: Sequence[int],
    seeds: int = 5,
    config: RankerConfig | None = None,
    exact_until: int | None = 200,
) -> SimulationSummary:
    """Seeds 0..seeds-1; features are built once and shared, their cost is counted in the first seed."""
    if seeds < 1:
        raise ValueError("seeds must be at least 1")
    start = time.perf_counter()
    ranker = Ranker.from_texts(titles, abstracts, config)
    runs = []
    for seed in range(seeds):
        runs.append(_run(ranker, labels, seed, start, exact_until))
        start = time.perf_counter()
    return SimulationSummary(
        n_records=runs[0].n_records,
        n_included=runs[0].n_included,
        records_to_95=float(np.mean([r.records_to_95 for r in runs])),
        wss_95=float(np.mean([r.wss_95 for r in runs])),
        wss_100=float(np.mean([r.wss_100 for r in runs])),
        recall_at_10pct=float(np.mean([r.recall_at_10pct for r in runs])),
        seconds=float(np.mean([r.seconds for r in runs])),
        per_seed=runs,
    )


def simulate_csv(path: str | Path, seeds: int = 5) -> SimulationSummary:
    """Entry point for ``jes review simulate DATA.csv --json [--seeds K]``."""
    data = read_labelled_csv(path)
    return simulate_many(data.titles, data.abstracts, data.labels, seeds=seeds)
