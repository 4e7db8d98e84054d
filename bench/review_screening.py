"""Screening benchmark: our active-learning ranker against ASReview's default model, same priors.

Runs every top-level *.csv in /work/shared/bench/screening (see its SOURCES.md) and prints a
side-by-side table. ASReview runs from its own virtualenv (never inside the project):

    python3 -m venv /work/asreview-venv && /work/asreview-venv/bin/pip install asreview==3.0.8

Both sides get the same prior records (``choose_priors(labels, seed)``: one included, one excluded)
and both screening orders are scored by *our* metrics module, so the definitions are identical.

    .venv/bin/python bench/review_screening.py [--seeds K] [--asreview PATH|none] [--only ours|asreview]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from jes.review.engine.metrics import screening_metrics
from jes.review.engine.ranking import Ranker
from jes.review.engine.simulate import choose_priors, read_labelled_csv, simulate_many

DATA = Path(__file__).resolve().parents[2] / "shared" / "bench" / "screening"  # ../shared beside the checkout
CACHE = Path(tempfile.gettempdir()) / "jes-bench-asreview"


def asreview_order(asreview: str, csv: Path, priors: tuple[int, int], seed: int) -> list[int]:
    """Screening order (0-based CSV rows, priors first) of ``asreview simulate`` with its default AI."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "sim.asreview"
        cmd = [asreview, "simulate", str(csv), "--prior-idx", *map(str, priors), "--seed", str(seed), "-o", str(out)]
        subprocess.run(cmd, check=True, capture_output=True)
        with zipfile.ZipFile(out) as z:
            z.extract("results.db", tmp)
        con = sqlite3.connect(Path(tmp) / "results.db")
        # ASReview's record_id is the 0-based row of the dataset (checked on asreview 3.0.8).
        rows = con.execute("SELECT r.dataset_row FROM results s JOIN record r USING (record_id) ORDER BY s.rowid")
        order = [int(r[0]) for r in rows]
        con.close()
    return order


def complete(order: list[int], n: int) -> list[int]:
    seen = set(order)
    return order + [i for i in range(n) if i not in seen]


def run_asreview(asreview: str, csv: Path, seeds: int) -> list[dict[str, Any]]:
    labels = read_labelled_csv(csv).labels
    CACHE.mkdir(exist_ok=True)
    runs = []
    for seed in range(seeds):
        cached = CACHE / f"{csv.stem}-{seed}.json"
        if cached.exists():
            runs.append(json.loads(cached.read_text()))
            continue
        start = time.perf_counter()
        order = complete(asreview_order(asreview, csv, choose_priors(labels, seed), seed), len(labels))
        m = screening_metrics([labels[i] for i in order])
        run = {"seed": seed, **m.__dict__, "seconds": time.perf_counter() - start}
        cached.write_text(json.dumps(run))
        runs.append(run)
    return runs


def step_time(n_records: int = 20_000) -> float:
    """Seconds for one retrain-and-rank step on n_records synthetic records with 500 labelled."""
    rng = np.random.default_rng(0)
    vocab = [f"w{i}" for i in range(20_000)]
    texts = [" ".join(rng.choice(vocab, size=150)) for _ in range(n_records)]
    ranker = Ranker.from_texts(texts[: n_records // 2] * 2, texts)
    labelled = list(range(500))
    labels = [int(i % 20 == 0) for i in labelled]
    start = time.perf_counter()
    ranker.rank(labelled, labels)
    return time.perf_counter() - start


def mean(runs: list[dict[str, Any]], key: str) -> float:
    return float(np.mean([r[key] for r in runs])) if runs else float("nan")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--asreview", default="/work/asreview-venv/bin/asreview", help="path to asreview, or 'none'")
    ap.add_argument("--only", choices=["ours", "asreview"], default=None)
    args = ap.parse_args()
    files = sorted(DATA.glob("*.csv"))
    rows = []
    for csv in files:
        ours: list[dict[str, Any]] = []
        theirs: list[dict[str, Any]] = []
        if args.only != "asreview":
            d = read_labelled_csv(csv)
            ours = [r.__dict__ for r in simulate_many(d.titles, d.abstracts, d.labels, seeds=args.seeds).per_seed]
        if args.only != "ours" and args.asreview != "none":
            try:
                theirs = run_asreview(args.asreview, csv, args.seeds)
            except (OSError, subprocess.CalledProcessError) as exc:
                print(f"{csv.name}: ASReview failed: {exc}", file=sys.stderr)
        n, inc = (ours or theirs)[0]["n_records"], (ours or theirs)[0]["n_included"]
        rows.append((csv.stem, n, inc, ours, theirs))
        print(f"done {csv.name}", file=sys.stderr, flush=True)
    header = f"{'dataset':22} {'n':>5} {'incl':>4} {'wss95 ours':>10} {'asreview':>8} {'diff':>6} "
    header += f"{'wss100 ours':>11} {'asreview':>8} {'r@10 ours':>9} {'asreview':>8} {'s ours':>7} {'s asr':>6}"
    print(f"seeds per dataset: {args.seeds}; ASReview default AI (asreview simulate, same priors)")
    print(header)
    for name, n, inc, ours, theirs in rows:
        w_o, w_t = mean(ours, "wss_95"), mean(theirs, "wss_95")
        print(
            f"{name:22} {n:5d} {inc:4d} {w_o:10.3f} {w_t:8.3f} {w_o - w_t:+6.3f} "
            f"{mean(ours, 'wss_100'):11.3f} {mean(theirs, 'wss_100'):8.3f} "
            f"{mean(ours, 'recall_at_10pct'):9.3f} {mean(theirs, 'recall_at_10pct'):8.3f} "
            f"{mean(ours, 'seconds'):7.1f} {mean(theirs, 'seconds'):6.1f}"
        )
    all_o = float(np.mean([mean(r[3], "wss_95") for r in rows]))
    all_t = float(np.mean([mean(r[4], "wss_95") for r in rows]))
    print(f"{'MEAN':33} {all_o:10.3f} {all_t:8.3f} {all_o - all_t:+6.3f}")
    if args.only != "asreview":
        print(f"one retrain-and-rank step, 20,000 records, 500 labelled: {step_time():.3f} s")


if __name__ == "__main__":
    main()
