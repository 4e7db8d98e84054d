"""Time small-cell plus complementary suppression (with the LP audit) on a 50 x 30 and a 200 x 5 table.

Run: .venv/bin/python bench/observatory_suppression.py [--seed 1] [--k 10]

The tables are synthetic counts shaped like observatory tables (victims by country x citizenship, by month x
form of exploitation): a negative-binomial draw around a per-row and per-column level, so that many cells are
small or zero and a few are large. No case data is involved.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from jes.observatory.stats.suppression import _Suppressor, suppress_table


def synthetic(n_rows: int, n_cols: int, rng: np.random.Generator) -> list[list[int]]:
    row_level = rng.lognormal(2.0, 1.0, n_rows)
    col_level = rng.lognormal(0.0, 0.8, n_cols)
    mean = np.outer(row_level, col_level)
    # Negative binomial with dispersion 2: overdispersed like real registration counts.
    counts = rng.negative_binomial(2, 2 / (2 + mean))
    return [[int(n) for n in row] for row in counts]


def run(n_rows: int, n_cols: int, k: int, rng: np.random.Generator) -> None:
    counts = synthetic(n_rows, n_cols, rng)
    cells = n_rows * n_cols
    zeros = sum(1 for row in counts for n in row if n == 0)
    start = time.perf_counter()
    fast = suppress_table(counts, k=k, audit="flow")
    flow_time = time.perf_counter() - start
    start = time.perf_counter()
    result = suppress_table(counts, k=k)
    elapsed = time.perf_counter() - start
    assert fast.published == result.published and fast.audit == result.audit
    lost = sum(counts[i][j] for i, j in result.secondary)
    # Count the final audit's LP solves separately (same algorithm, untimed) so the figure explains the time.
    engine = _Suppressor(counts, k, k, "publish")
    engine.run()
    print(
        f"{n_rows:>3} x {n_cols:<3} cells={cells:<5} zeros={zeros:<4} primary={len(result.primary):<4} "
        f"secondary={len(result.secondary):<4} withheld_value={lost:<6} limited_by_totals="
        f"{sum(a.limited_by_totals for a in result.audit.values()):<3} protected={result.protected} "
        f"lp_solves={engine.lp_solves:<5} time_flow_audit={flow_time:.2f} s time_lp_audit={elapsed:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--k", type=int, default=10)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    print(f"small-cell suppression, k={args.k}, margin=k, zeros published")
    run(50, 30, args.k, rng)
    run(200, 5, args.k, rng)


if __name__ == "__main__":
    main()
