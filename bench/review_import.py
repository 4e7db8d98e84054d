"""Streaming RIS import benchmark: 100,000 generated records, read time and peak memory.

Target (issue 3): under 60 s and under 1 GB. Run: .venv/bin/python bench/review_import.py [N]
"""

from __future__ import annotations

import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from jes.review.engine.formats import read, read_all

WORDS = [
    "trgovina",
    "ljudmi",
    "prisilno",
    "beračenje",
    "poroke",
    "otrok",
    "izkoriščanje",
    "žrtve",
    "delo",
    "človekove",
    "pravice",
]
WORDS += [
    "human",
    "trafficking",
    "forced",
    "labour",
    "begging",
    "child",
    "marriage",
    "exploitation",
    "victims",
    "migration",
]


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def generate(path: Path, n: int, seed: int = 1) -> None:
    """Write n realistic records (title, 4 authors, ~150-word abstract, keywords, ids) line by line."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            f.write("TY  - JOUR\n")
            f.write(f"TI  - {_sentence(rng, 12).capitalize()}\n")
            for a in range(4):
                f.write(f"AU  - Šorli{i % 997}{a}, Žiga Č.\n")
            f.write(f"PY  - {rng.randint(1990, 2025)}///\n")
            f.write(f"AB  - {_sentence(rng, 150)}\n")
            f.write(f"T2  - Revija {rng.randint(1, 500)}\nVL  - {rng.randint(1, 80)}\nIS  - {rng.randint(1, 12)}\n")
            f.write(f"SP  - {rng.randint(1, 400)}\nEP  - {rng.randint(401, 900)}\n")
            f.write(f"DO  - https://doi.org/10.{rng.randint(1000, 9999)}/X{i}\n")
            for _ in range(5):
                f.write(f"KW  - {_sentence(rng, 2)}\n")
            f.write("ER  - \n\n")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.ris"
        start = time.perf_counter()
        generate(path, n)
        generated = time.perf_counter() - start
        mib = path.stat().st_size / 2**20
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start = time.perf_counter()
        count = sum(1 for _ in read(path, source="bench"))
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        # read_all holds every record (it refuses a malformed file before returning any): measured after
        # the streaming read because peak RSS only ever grows.
        start = time.perf_counter()
        held = len(read_all(path, source="bench"))
        all_seconds = time.perf_counter() - start
        all_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"records read:          {count:,} from a {mib:,.0f} MiB file (generated in {generated:.1f} s)")
    print(f"streaming read time:   {seconds:.1f} s  ({count / seconds:,.0f} records/s; target < 60 s)")
    print(f"peak RSS of process:   {peak:,.0f} MiB (before reading {rss_before:,.0f} MiB; target < 1024 MiB)")
    print(f"read_all (all in RAM): {held:,} records in {all_seconds:.1f} s, peak RSS {all_peak:,.0f} MiB")
    print(f"streaming within target: {seconds < 60 and peak < 1024}")


if __name__ == "__main__":
    main()
