"""Agreement between blind screeners: Cohen's kappa (two), Fleiss' kappa (more), and the conflicts list.

Both kappas come from statsmodels.stats.inter_rater, a maintained and documented implementation, so that
the numbers shown to reviewers are the ones other tools print. Kappa is undefined when chance agreement is
already complete (every rating in one category); it is then returned as NaN, never silently as 1.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from statsmodels.stats.inter_rater import aggregate_raters, cohens_kappa, fleiss_kappa

Label = Hashable  # "include", "exclude", "maybe" or any label the project uses


def cohen_kappa(first: Sequence[Label], second: Sequence[Label]) -> float:
    """Cohen's kappa of two reviewers who rated the same records in the same order."""
    if len(first) != len(second):
        raise ValueError(f"the two reviewers rated different numbers of records ({len(first)} and {len(second)})")
    if not first:
        raise ValueError("kappa needs at least one record rated by both reviewers")
    labels = sorted({*first, *second}, key=repr)
    index = {label: i for i, label in enumerate(labels)}
    table = np.zeros((len(labels), len(labels)))
    for a, b in zip(first, second, strict=True):
        table[index[a], index[b]] += 1
    if len(labels) == 1:
        return math.nan
    return float(cohens_kappa(table, return_results=False))


def fleiss(ratings: Sequence[Sequence[Label]]) -> float:
    """Fleiss' kappa: one row per record, one column per reviewer, every record rated by every reviewer."""
    if not ratings:
        raise ValueError("kappa needs at least one record")
    widths = {len(row) for row in ratings}
    if len(widths) != 1 or min(widths) < 2:
        raise ValueError("Fleiss' kappa needs the same number (two or more) of ratings for every record")
    labels = sorted({label for row in ratings for label in row}, key=repr)
    if len(labels) == 1:
        return math.nan
    index = {label: i for i, label in enumerate(labels)}
    coded = np.array([[index[label] for label in row] for row in ratings])
    counts, _ = aggregate_raters(coded, n_cat=len(labels))
    return float(fleiss_kappa(counts, method="fleiss"))


@dataclass(frozen=True)
class Conflict:
    record: str
    decisions: dict[str, Label]  # reviewer -> label


@dataclass(frozen=True)
class Agreement:
    method: str  # "cohen" or "fleiss"
    kappa: float  # NaN when undefined
    records: int  # records rated by every reviewer, the ones kappa is computed on
    reviewers: list[str]
    conflicts: list[Conflict]

    @property
    def observed(self) -> float:
        """Share of fully rated records on which all reviewers agree."""
        if not self.records:
            return math.nan
        fully_rated_conflicts = sum(len(c.decisions) == len(self.reviewers) for c in self.conflicts)
        return 1 - fully_rated_conflicts / self.records


def agreement(decisions: Mapping[str, Mapping[str, Label]]) -> Agreement:
    """Kappa and conflicts from {record id: {reviewer: label}} as blind screening stores them.

    Conflicts list every record where two reviewers who rated it disagree, even if a third has not rated it
    yet; kappa uses only the records every reviewer has rated (both statistics require complete rows).
    """
    reviewers = sorted({reviewer for votes in decisions.values() for reviewer in votes})
    if len(reviewers) < 2:
        raise ValueError(f"agreement needs two or more reviewers, found {len(reviewers)}")
    conflicts = [
        Conflict(record, dict(sorted(votes.items())))
        for record, votes in decisions.items()
        if len(votes) > 1 and len(set(votes.values())) > 1
    ]
    complete = [[votes[r] for r in reviewers] for votes in decisions.values() if len(votes) == len(reviewers)]
    if not complete:
        kappa = math.nan
    elif len(reviewers) == 2:
        kappa = cohen_kappa([row[0] for row in complete], [row[1] for row in complete])
    else:
        kappa = fleiss(complete)
    method = "cohen" if len(reviewers) == 2 else "fleiss"
    return Agreement(method, kappa, len(complete), reviewers, conflicts)
