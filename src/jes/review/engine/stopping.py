"""Statistical stopping rule for screening with active learning.

Callaghan, M. W. & Müller-Hansen, F. (2020). Statistical stopping criteria for automated screening in
systematic reviews. Systematic Reviews 9:273. doi:10.1186/s13643-020-01521-4

Once the ranking stops yielding inclusions, the reviewer screens a *random* sample (drawn without
replacement) of the N records still unscreened. Null hypothesis H0: recall so far is below the target
τ. Under H0 the urn of N records holds at least K_tar inclusions, the smallest integer with
(r_al + k) / (r_al + K_tar) < τ, i.e. K_tar = floor((r_al + k)/τ - r_al) + 1, where r_al is the number
found before sampling and k the number found in the n sampled. The chance of seeing k or fewer
inclusions in the sample is the hypergeometric CDF P(X <= k; N, K_tar, n). When it is below α = 1 -
confidence, H0 is rejected: screening can stop, and recall >= τ holds with that confidence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.stats import hypergeom


@dataclass(frozen=True)
class StoppingDecision:
    p_value: float  # probability of the sample under H0 (recall < target)
    can_stop: bool
    estimated_recall: float  # point estimate (r_al + k) / (r_al + k * N / n); NaN with no sample or no inclusion
    target_recall: float
    confidence: float


def recall_test(
    found_before_sampling: int,
    remaining_at_sampling: int,
    sampled: int,
    found_in_sample: int,
    target_recall: float = 0.95,
    confidence: float = 0.95,
) -> StoppingDecision:
    """Hypergeometric test of H0 "recall < target_recall" on a random sample of the unscreened records.

    found_before_sampling: inclusions found by prioritised screening (r_al);
    remaining_at_sampling: records unscreened when random sampling began (N);
    sampled: records of that random sample screened so far (n);
    found_in_sample: inclusions among them (k).
    """
    r_al, n_urn, n, k = found_before_sampling, remaining_at_sampling, sampled, found_in_sample
    if min(r_al, n_urn, n, k) < 0:
        raise ValueError("counts must not be negative")
    if n > n_urn or k > n:
        raise ValueError(f"impossible sample: {k} inclusions in {n} of {n_urn} remaining records")
    if not 0 < target_recall < 1 or not 0 < confidence < 1:
        raise ValueError("target_recall and confidence must lie strictly between 0 and 1")
    seen = r_al + k
    k_tar = math.floor(round(seen / target_recall - r_al, 9)) + 1  # round: 95/0.95 must be 100, not 100.0000001
    # When the unsampled records cannot hold K_tar inclusions, H0 is impossible: p = 0.
    p = 0.0 if k_tar > n_urn - (n - k) else float(hypergeom.cdf(k, n_urn, k_tar, n))
    estimated = seen / (r_al + k * n_urn / n) if n and seen else math.nan
    return StoppingDecision(
        p_value=p,
        can_stop=p < 1 - confidence,
        estimated_recall=min(estimated, 1.0),
        target_recall=target_recall,
        confidence=confidence,
    )
