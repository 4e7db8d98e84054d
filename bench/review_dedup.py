"""Deduplication benchmark on /work/shared/bench/dedup (see its SOURCES.md), plus a 100,000-record timing run.

Run: .venv/bin/python bench/review_dedup.py [--synthetic N]

Ground truth, as reconstructed here (the files name no cluster ids):

ASySD labelled_test_set.csv. `source` is "unique" for exactly one record of every reference and "duplicate" for the
others (561 of the 597 normalised titles hold exactly one "unique" record; a title with several "unique" records is
a conference abstract and a later article sharing a title, which ASySD counts as different references). So the true
clusters are: one per "unique" record (584), and every "duplicate" record joins the "unique" record it matches best
(normalised title ratio >= 85, then agreement on year, first author, start page, volume and journal as
tie-breakers). A "duplicate" record with no such match starts a cluster of its own with its exact-title siblings.
`label` (In_database / Duplicate_in_trash) is a screening-tool state, not the truth: 370 "duplicate" records are
In_database. Pairwise sensitivity, specificity and precision are computed on all n*(n-1)/2 pairs.

copper.xml. The caption "Duplicate" marks every member of a duplicate set (the original too); clusters are not
given. The supported measures are per record: sensitivity = share of "Duplicate" records that we put in a cluster,
specificity = share of the other records that we leave alone; pairwise precision is bounded from below by
counting a predicted pair as certainly false when either record is not captioned "Duplicate". An approximate
pairwise figure is printed too, against clusters rebuilt by grouping "Duplicate" records on exact normalised title
(this misses pairs whose titles differ, so it understates sensitivity and overstates false pairs).
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import combinations
from pathlib import Path

from rapidfuzz import fuzz

from jes.review.engine.dedup import DedupResult, dedup
from jes.review.engine.dedup_normalise import blank, first_page, title_key, volume_key
from jes.review.engine.records import Provenance, Record

DATA = Path(__file__).resolve().parents[2] / "shared" / "bench" / "dedup"  # ../shared beside the checkout


# --- loaders (small on purpose: the full format readers live in engine/formats) -----------------------------


def _year(text: str) -> int | None:
    match = re.search(r"\d{4}", text)
    return int(match.group(0)) if match else None


def load_asysd(path: Path) -> tuple[list[Record], list[str]]:
    """Records and their `source` column. The file is Windows-1252/Latin-1, not UTF-8 (byte 0xA9 is "©")."""
    records, sources = [], []
    with path.open(encoding="latin-1", newline="") as handle:
        for position, row in enumerate(csv.DictReader(handle)):
            # Authors are run together as "Adeli K.Lewis G. F.": split where an initial's dot meets a capital.
            authors = [a.strip() for a in re.split(r"(?<=\.)(?=[A-Z])", blank(row["author"])) if a.strip()]
            records.append(
                Record(
                    title=row["title"],
                    abstract=blank(row["abstract"]),
                    authors=authors,
                    year=_year(row["year"]),
                    journal=blank(row["journal"]),
                    volume=blank(row["volume"]),
                    issue=blank(row["number"]),
                    pages=blank(row["pages"]),
                    doi=blank(row["doi"]),
                    isbn=blank(row["isbn"]),
                    provenance=Provenance(source="asysd", file=path.name, position=position),
                )
            )
            sources.append(row["source"])
    return records, sources


def _text(element: ET.Element | None) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""


def load_copper(path: Path) -> tuple[list[Record], list[bool]]:
    records, flagged = [], []
    root = ET.parse(path).getroot()  # noqa: S314 - a fixed local benchmark file
    for position, rec in enumerate(root.iter("record")):
        accession = _text(rec.find("accession-num"))
        records.append(
            Record(
                title=_text(rec.find("titles/title")),
                abstract=_text(rec.find("abstract")),
                authors=[_text(a) for a in rec.findall("contributors/authors/author")],
                year=_year(_text(rec.find("dates/year"))),
                journal=_text(rec.find("titles/secondary-title")) or _text(rec.find("periodical/full-title")),
                volume=_text(rec.find("volume")),
                issue=_text(rec.find("number")),
                pages=_text(rec.find("pages")),
                doi=_text(rec.find("electronic-resource-num")),
                # PubMed IDs have at most 8 digits; longer accession numbers are Embase's.
                pmid=accession if accession.isdigit() and len(accession) <= 8 else "",
                isbn=_text(rec.find("isbn")),
                provenance=Provenance(source="copper", file=path.name, position=position),
            )
        )
        flagged.append(_text(rec.find("caption")) == "Duplicate")
    return records, flagged


# --- ground truth ---------------------------------------------------------------------------------------------


def _affinity(a: Record, b: Record) -> float:
    score = fuzz.ratio(title_key(a.title), title_key(b.title))
    score += 10 * (a.year == b.year)
    score += 10 * bool(a.authors and b.authors and a.authors[0][:4].lower() == b.authors[0][:4].lower())
    score += 10 * bool(first_page(a.pages) and first_page(a.pages) == first_page(b.pages))
    score += 5 * bool(volume_key(a.volume) and volume_key(a.volume) == volume_key(b.volume))
    score += 5 * bool(a.journal and b.journal and a.journal.split()[0].lower() == b.journal.split()[0].lower())
    return score


def asysd_truth(records: Sequence[Record], sources: Sequence[str]) -> list[int]:
    """A cluster label per record, as the module docstring explains."""
    uniques = [i for i, s in enumerate(sources) if s == "unique"]
    label = {i: i for i in uniques}
    orphans: dict[str, list[int]] = defaultdict(list)
    for i, source in enumerate(sources):
        if source == "unique":
            continue
        key = title_key(records[i].title)
        scored = [(u, fuzz.ratio(key, title_key(records[u].title))) for u in uniques]
        near = [u for u, s in scored if s >= 85]
        if near:
            label[i] = max(near, key=lambda u: (_affinity(records[i], records[u]), -u))
        else:
            orphans[key].append(i)
    for group in orphans.values():
        for i in group:
            label[i] = group[0]
    return [label[i] for i in range(len(records))]


def copper_truth(records: Sequence[Record], flagged: Sequence[bool]) -> tuple[list[int], int]:
    """Approximate clusters: "Duplicate" records grouped by normalised title, every other record alone. Returns the
    labels and how many "Duplicate" records this leaves without a partner (their partner's title differs)."""
    first: dict[str, int] = {}
    labels = []
    for i, record in enumerate(records):
        labels.append(first.setdefault(title_key(record.title), i) if flagged[i] else -1 - i)
    sizes: dict[int, int] = defaultdict(int)
    for lab in labels:
        sizes[lab] += 1
    alone = sum(1 for i, lab in enumerate(labels) if flagged[i] and sizes[lab] == 1)
    return labels, alone


# --- measures -------------------------------------------------------------------------------------------------


def _pairs(labels: Iterable[int]) -> set[tuple[int, int]]:
    groups: dict[int, list[int]] = defaultdict(list)
    for index, lab in enumerate(labels):
        groups[lab].append(index)
    return {p for g in groups.values() for p in combinations(g, 2)}


def _predicted_pairs(result: DedupResult) -> set[tuple[int, int]]:
    return {p for c in result.clusters for p in combinations(c.members, 2)}


def pairwise(result: DedupResult, truth: Sequence[int]) -> dict[str, float]:
    n = result.n_records
    true_pairs, predicted = _pairs(truth), _predicted_pairs(result)
    tp = len(true_pairs & predicted)
    fp = len(predicted - true_pairs)
    negatives = n * (n - 1) // 2 - len(true_pairs)
    return {
        "true_pairs": len(true_pairs),
        "predicted_pairs": len(predicted),
        "sensitivity": tp / len(true_pairs),
        "specificity": 1 - fp / negatives,
        "precision": tp / len(predicted) if predicted else 1.0,
    }


def per_record(result: DedupResult, flagged: Sequence[bool]) -> dict[str, float]:
    clustered = {i for c in result.clusters for i in c.members}
    positives = [i for i, f in enumerate(flagged) if f]
    negatives = [i for i, f in enumerate(flagged) if not f]
    predicted = _predicted_pairs(result)
    surely_false = sum(1 for i, j in predicted if not (flagged[i] and flagged[j]))
    return {
        "duplicate_records": len(positives),
        "sensitivity_records": sum(i in clustered for i in positives) / len(positives),
        "specificity_records": sum(i not in clustered for i in negatives) / len(negatives),
        "predicted_pairs": len(predicted),
        "precision_upper_bound_false": surely_false,
        "precision_at_least": 1 - surely_false / len(predicted) if predicted else 1.0,
    }


# --- synthetic scale run --------------------------------------------------------------------------------------


class _Renamer:
    """Gives each reference of one round a fresh title and fresh surnames, so rounds are different references
    while the duplicates inside a round stay duplicates of each other."""

    def __init__(self, rng: random.Random, vocabulary: Sequence[str]) -> None:
        self.rng, self.vocabulary = rng, vocabulary
        self.titles: dict[str, str] = {}
        self.names: dict[str, str] = {}

    def title(self, title: str) -> str:
        key = title_key(title)
        if key not in self.titles:
            words = self.rng.choices(self.vocabulary, k=self.rng.randint(6, 14))
            self.titles[key] = " ".join(words).capitalize()
        return self.titles[key]

    def author(self, author: str) -> str:
        surname = author.split(",")[0].split(" ")[0]
        if surname not in self.names:
            self.names[surname] = "".join(self.rng.choices("abcdefghijklmnopqrstuvwxyz", k=7)).capitalize()
        return author.replace(surname, self.names[surname], 1)


def perturb(record: Record, rng: random.Random, renamer: _Renamer, tag: int) -> Record:
    """A renamed copy that differs as exports of one reference differ: case, trailing dot, page style, DOI kept or
    dropped."""
    title = renamer.title(record.title)
    if rng.random() < 0.3:
        title = title.upper()
    if rng.random() < 0.3:
        title += "."
    pages = record.pages
    match = re.fullmatch(r"(\d+)-(\d+)", pages)
    if match and len(match.group(2)) > 1 and rng.random() < 0.5:
        pages = f"{match.group(1)}-{match.group(2)[-1]}" if match.group(1)[:-1] == match.group(2)[:-1] else pages
    return Record(
        title=title,
        authors=[renamer.author(a) for a in record.authors],
        year=record.year,
        journal=record.journal,
        volume=record.volume,
        pages=pages,
        doi=f"{record.doi}/r{tag}" if record.doi and rng.random() < 0.7 else "",
    )


def synthetic(base: Sequence[Record], n: int, seed: int = 7) -> tuple[list[Record], list[tuple[int, int]]]:
    """n records and, for each, (round, index of the base record it was copied from)."""
    rng = random.Random(seed)
    vocabulary = sorted({w for r in base for w in title_key(r.title).split() if len(w) > 3})
    out: list[Record] = []
    origin: list[tuple[int, int]] = []
    tag = 0
    while len(out) < n:
        tag += 1
        renamer = _Renamer(rng, vocabulary)
        out.extend(perturb(r, rng, renamer, tag) for r in base)
        origin.extend((tag, i) for i in range(len(base)))
    return out[:n], origin[:n]


def synthetic_pairwise(
    result: DedupResult, origin: Sequence[tuple[int, int]], truth: Sequence[int]
) -> dict[str, float]:
    """Pairwise figures over the copies of ASySD records (the base's first len(truth) records), whose true
    clusters are (round, ASySD cluster); copies of copper records have no pairwise truth and are left out."""
    known = [i for i, (_, b) in enumerate(origin) if b < len(truth)]
    labels = {i: (origin[i][0], truth[origin[i][1]]) for i in known}
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, lab in labels.items():
        groups[lab].append(i)
    true_pairs = {p for g in groups.values() for p in combinations(g, 2)}
    predicted = {p for p in _predicted_pairs(result) if p[0] in labels and p[1] in labels}
    tp = len(true_pairs & predicted)
    negatives = len(known) * (len(known) - 1) // 2 - len(true_pairs)
    return {
        "records_with_truth": len(known),
        "true_pairs": len(true_pairs),
        "sensitivity": tp / len(true_pairs),
        "specificity": 1 - (len(predicted) - tp) / negatives,
        "precision": tp / len(predicted) if predicted else 1.0,
    }


# --- main -----------------------------------------------------------------------------------------------------


def _timed(records: Sequence[Record]) -> tuple[DedupResult, float]:
    start = time.perf_counter()
    result = dedup(records)
    return result, time.perf_counter() - start


def _show(name: str, figures: dict[str, float], seconds: float, result: DedupResult) -> None:
    n = result.n_records
    print(f"\n{name}: {n} records, {len(result.clusters)} clusters, {result.duplicates_removed} duplicates removed")
    print(f"  candidate pairs {result.candidate_pairs} of {n * (n - 1) // 2}; {seconds:.2f} s")
    for key, value in figures.items():
        print(f"  {key:<28} {value:.4f}" if isinstance(value, float) else f"  {key:<28} {value}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=100_000, help="records in the timing run (0 to skip)")
    parser.add_argument("--show-errors", action="store_true", help="list false and missed pairs on ASySD")
    args = parser.parse_args(argv)

    asysd, sources = load_asysd(DATA / "labelled_test_set.csv")
    truth = asysd_truth(asysd, sources)
    result, seconds = _timed(asysd)
    _show("ASySD labelled_test_set.csv (pairwise)", pairwise(result, truth), seconds, result)
    unique_after = len(asysd) - result.duplicates_removed
    print(f"  true clusters (reconstructed) {len(set(truth))}; unique records after dedup {unique_after}")
    if args.show_errors:
        _show_errors(asysd, result, truth)

    copper, flagged = load_copper(DATA / "copper.xml")
    result, seconds = _timed(copper)
    _show("IEBH copper.xml (per record)", per_record(result, flagged), seconds, result)
    labels, alone = copper_truth(copper, flagged)
    print(
        f"  approximate pairwise, against clusters rebuilt from exact normalised titles ({alone} flagged left alone):"
    )
    for key, value in pairwise(result, labels).items():
        print(f"    {key:<26} {value:.4f}" if isinstance(value, float) else f"    {key:<26} {value}")

    if args.synthetic:
        records, origin = synthetic(asysd + copper, args.synthetic)
        result, seconds = _timed(records)
        _show("synthetic (ASySD + copper replicated with new titles and names, perturbed)", {}, seconds, result)
        for key, value in synthetic_pairwise(result, origin, truth).items():
            print(f"  {key:<28} {value:.4f}" if isinstance(value, float) else f"  {key:<28} {value}")
    return 0


def _show_errors(records: Sequence[Record], result: DedupResult, truth: Sequence[int]) -> None:
    true_pairs, predicted = _pairs(truth), _predicted_pairs(result)

    def line(i: int) -> str:
        r = records[i]
        return f"    {i}: {r.title[:60]!r} | {r.authors[:1]} {r.year} {r.journal[:25]!r} v{r.volume} p{r.pages} {r.doi}"

    for label, pairs in (("false", predicted - true_pairs), ("missed", true_pairs - predicted)):
        print(f"  {label} pairs: {len(pairs)}")
        for i, j in sorted(pairs)[:40]:
            print(line(i))
            print(line(j))
            print()


if __name__ == "__main__":
    sys.exit(main())
