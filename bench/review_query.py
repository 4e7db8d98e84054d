"""Search-strategy benchmark: the seed's Slovenian COBIB strategy (12 terms and the OR line) over synthetic records.

Run: .venv/bin/python bench/review_query.py [--records N] [--seed S]

Records are synthetic: a title of 6-14 words, an abstract of 120-220 words and 3-6 keywords drawn from a mixed
Slovenian-English vocabulary with diacritics, in which about one record in ten holds one of the strategy's phrases.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from jes.review.engine.query import compile_strategy, run_strategy
from jes.review.engine.records import Record
from jes.review.engine.strategy import load_strategy

STRATEGY = Path(__file__).resolve().parents[1] / "data" / "review" / "strategies" / "slovenia-cobib-2023.yaml"

VOCABULARY = (  # noqa: SIM905 (a sentence is easier to edit than a list of 62 strings)
    "raziskava študija žrtve policija socialno delo nasilje družina migracije begunci mladostniki šola "
    "zakonodaja kazensko pravo sodišče preiskava Slovenija Ljubljana Evropa meja delavci delodajalci plača "
    "izkušnje intervju anketa vprašalnik analiza podatki the of and in study victims police social work "
    "violence family migration refugees youth school law criminal court investigation border workers "
    "employers wages experience interview survey questionnaire analysis data človekove pravice varnost"
).split()
PHRASES = [
    "trgovina z ljudmi",
    "trgovanje z ljudmi",
    "prostitucija",
    "prisilno delovno izkoriščanje",
    "prisilna kazniva dejanja",
    "trgovina z belim blagom",
    "prisilno beračenje",
    "trgovina otrok",
    "poroka otrok",
    "prisilne poroke",
    "nezakonite posvojitve",
    "služabnik",
    "trgovina človeških organov",
]


def synthetic_records(n: int, rng: random.Random) -> list[Record]:
    def text(low: int, high: int) -> str:
        words = rng.choices(VOCABULARY, k=rng.randint(low, high))
        if rng.random() < 0.1:
            words.insert(rng.randrange(len(words) + 1), rng.choice(PHRASES))
        return " ".join(words).capitalize() + "."

    return [
        Record(title=text(6, 14), abstract=text(120, 220), keywords=rng.choices(VOCABULARY, k=rng.randint(3, 6)))
        for _ in range(n)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    strategy = load_strategy(STRATEGY)
    started = time.perf_counter()
    records = synthetic_records(args.records, random.Random(args.seed))
    generated = time.perf_counter() - started
    size = sum(len(r.title) + len(r.abstract) + sum(map(len, r.keywords)) for r in records) / len(records)

    started = time.perf_counter()
    compile_strategy(strategy.queries)
    compiled = time.perf_counter() - started

    started, cpu_started = time.perf_counter(), time.process_time()
    results = run_strategy(strategy.queries, records)
    ran, cpu = time.perf_counter() - started, time.process_time() - cpu_started

    print(f"records: {len(records):,} synthetic (mean {size:,.0f} characters of title+abstract+keywords)")
    print(f"generate: {generated:.2f} s; compile {len(strategy.queries)} lines: {compiled * 1000:.1f} ms")
    print(
        f"run_strategy: {ran:.2f} s wall, {cpu:.2f} s CPU ({cpu / len(records) * 1e6:.1f} us CPU per record, all lines)"
    )
    for result in results:
        print(f"  #{result.number:<3} {result.hits:>7,}  {result.query}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
