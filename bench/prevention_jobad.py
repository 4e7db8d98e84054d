"""Job-advert check: precision and recall of the rules on the project's labelled adverts, per advert and per flag.

Run: .venv/bin/python bench/prevention_jobad.py [--detect] [--misses] [--split all|tuning|tuning2|heldout] [--blind]

The adverts (tests/prevention/adverts/<lang>.yaml) are CONSTRUCTED, not real: they were written for this project
from the patterns the seed report describes (Read twice!, seed lines 931-971; the Finnish berry-picking case, seed
lines 3084-3188) and from public guidance, each labelled suspicious or ordinary with the flags a careful reader would
raise. The rules were written and tuned with this set in view, so the figures are optimistic: they show that the
rules do what they say on the kind of text they were written for, not how they would fare on real adverts. Splits:
"tuning" (the first set), "tuning2" (written later for wording families and hard negatives, then tuned on) and
"heldout" (texts never read while tuning; the adverts README says what was seen). --split picks one; the default
scores all and prints advert-level figures for each split.

Advert level: predicted suspicious = risk medium or high. Flag level: a flag raised where the label has it is a true
positive, raised where it has not a false positive, missing where it has a false negative. --detect lets the check
choose the language (lang=None) instead of passing the labelled one, and also reports how often it chose right.
--misses lists every advert-level error and flag disagreement.

--blind scores tests/prevention/adverts_blind/ instead: 70 adverts written by another author who never saw the rules,
the engine or the first set. It measures how the rules fare on wording they were not written for. It must never be
used to change the rules (its README says so): once it is, it is spent.
"""

from __future__ import annotations

import argparse
import math
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from jes.prevention.checks.jobad import JobAdResult, bundled_rules, check_advert

ADVERTS = Path(__file__).resolve().parents[1] / "tests" / "prevention" / "adverts"
BLIND = ADVERTS.parent / "adverts_blind"
SPLITS = ("tuning", "tuning2", "heldout")


@dataclass(frozen=True)
class Advert:
    id: str
    lang: str
    label: str
    flags: frozenset[str]
    text: str
    # "tuning" (rules written with it in view), "tuning2" (written later for wording families, then tuned on) or
    # "heldout" (written after the rules were frozen, never used to change them)
    split: str


def load_adverts(root: Path = ADVERTS) -> list[Advert]:
    adverts: list[Advert] = []
    for path in sorted(root.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in data["adverts"]:
            if item.get("split", "tuning") not in SPLITS and root == ADVERTS:
                raise SystemExit(
                    f"{path.name}: {item['id']}: unknown split {item['split']!r} (known: {', '.join(SPLITS)})"
                )
            adverts.append(
                Advert(
                    item["id"],
                    data["lang"],
                    item["label"],
                    frozenset(item["flags"]),
                    item["text"],
                    item.get("split", "tuning" if root == ADVERTS else "blind"),
                )
            )
    return adverts


def _pct(num: int, den: int) -> str:
    return "   -" if den == 0 else f"{num / den:4.0%}"


def _f1(tp: int, fp: int, fn: int) -> float:
    return math.nan if tp == 0 else 2 * tp / (2 * tp + fp + fn)


def _advert_table(adverts: list[Advert], results: dict[str, JobAdResult]) -> None:
    print("Advert level (suspicious = risk medium or high)")
    header = f"{'lang':<6}{'n':>4}{'TP':>5}{'FP':>5}{'FN':>5}{'TN':>5}  {'precision':>9}{'recall':>8}{'F1':>7}"
    print(header)
    print("-" * len(header))
    groups: dict[str, list[Advert]] = defaultdict(list)
    for advert in adverts:
        groups[advert.lang].append(advert)
    for lang in [*sorted(groups, key=lambda code: code != "en"), "all"]:
        cell = adverts if lang == "all" else groups[lang]
        counts: Counter[str] = Counter()
        for advert in cell:
            predicted = results[advert.id].risk != "low"
            actual = advert.label == "suspicious"
            counts["TP" if predicted and actual else "FP" if predicted else "FN" if actual else "TN"] += 1
        tp, fp, fn, tn = counts["TP"], counts["FP"], counts["FN"], counts["TN"]
        f1 = _f1(tp, fp, fn)
        print(
            f"{lang:<6}{len(cell):>4}{tp:>5}{fp:>5}{fn:>5}{tn:>5}  {_pct(tp, tp + fp):>9}{_pct(tp, tp + fn):>8}"
            f"{'-' if math.isnan(f1) else f'{f1:.2f}':>7}"
        )
    print()
    print("Confusion table (rows: label, columns: risk)")
    print(f"{'':<12}{'low':>6}{'medium':>8}{'high':>6}")
    for label in ("suspicious", "ordinary"):
        risks = Counter(results[a.id].risk for a in adverts if a.label == label)
        print(f"{label:<12}{risks['low']:>6}{risks['medium']:>8}{risks['high']:>6}")
    print()


def _flag_table(adverts: list[Advert], results: dict[str, JobAdResult], by_lang: bool) -> None:
    flag_ids = [rule.id for rule in bundled_rules().flags]
    print("Flag level" + (" per language" if by_lang else ", all languages"))
    header = f"{'flag':<26}{'lang':<6}{'TP':>4}{'FP':>4}{'FN':>4}  {'precision':>9}{'recall':>8}"
    print(header)
    print("-" * len(header))
    langs = sorted({a.lang for a in adverts}, key=lambda code: (code != "en", code)) if by_lang else ["all"]
    for flag_id in flag_ids:
        for lang in langs:
            tp = fp = fn = 0
            for advert in adverts:
                if lang != "all" and advert.lang != lang:
                    continue
                raised = flag_id in results[advert.id].flag_ids
                wanted = flag_id in advert.flags
                tp += raised and wanted
                fp += raised and not wanted
                fn += wanted and not raised
            if tp + fp + fn == 0 and by_lang:
                continue
            print(f"{flag_id:<26}{lang:<6}{tp:>4}{fp:>4}{fn:>4}  {_pct(tp, tp + fp):>9}{_pct(tp, tp + fn):>8}")
    print()


def _misses(adverts: list[Advert], results: dict[str, JobAdResult]) -> None:
    print("Disagreements")
    for advert in adverts:
        result = results[advert.id]
        raised = set(result.flag_ids)
        wrong_label = (result.risk != "low") != (advert.label == "suspicious")
        if not wrong_label and raised == advert.flags:
            continue
        mark = "LABEL " if wrong_label else "      "
        print(
            f"{mark}{advert.id:<7} {advert.label:<10} risk={result.risk:<6} score={result.score:<3}"
            f" missed={sorted(advert.flags - raised)} extra={sorted(raised - advert.flags)}"
        )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--detect", action="store_true", help="let the check choose the language (lang=None)")
    parser.add_argument("--misses", action="store_true", help="list every disagreement with the labels")
    parser.add_argument("--split", choices=("all", *SPLITS), default="all", help="which adverts to score")
    parser.add_argument("--blind", action="store_true", help="score the blind set (never tune on it)")
    args = parser.parse_args()

    if args.blind:
        adverts = load_adverts(BLIND)
        print("BLIND set: written without sight of the rules; measure only, never tune on it.")
    else:
        adverts = [a for a in load_adverts() if args.split == "all" or a.split == args.split]
    bundled_rules()  # load once, outside the timing
    started = time.perf_counter()
    results = {a.id: check_advert(a.text, None if args.detect else a.lang) for a in adverts}
    elapsed = time.perf_counter() - started

    labels = Counter(a.label for a in adverts)
    print(
        f"Job-advert check on {len(adverts)} CONSTRUCTED adverts ({labels['suspicious']} suspicious, "
        f"{labels['ordinary']} ordinary) in {len({a.lang for a in adverts})} languages; "
        f"{'blind set' if args.blind else f'split {args.split}'}; rules "
        f"version {bundled_rules().version}; language {'detected' if args.detect else 'given'}."
    )
    if not args.blind:
        print("The rules were written with the tuning and tuning2 parts in view: their figures are optimistic.\n")
    if args.detect:
        right = sum(results[a.id].lang == a.lang for a in adverts)
        print(f"Language chosen right for {right} of {len(adverts)} adverts\n")
    _advert_table(adverts, results)
    if args.split == "all" and not args.blind:
        for split in SPLITS:
            part = [a for a in adverts if a.split == split]
            counts = Counter(
                ("T" if (results[a.id].risk != "low") == (a.label == "suspicious") else "F")
                + ("P" if results[a.id].risk != "low" else "N")
                for a in part
            )
            tp, fp, fn = counts["TP"], counts["FP"], counts["FN"]
            print(
                f"  {split:<8} {len(part):>3} adverts: precision {_pct(tp, tp + fp)}  recall {_pct(tp, tp + fn)}"
                f"  (TP {tp}, FP {fp}, FN {fn}, TN {counts['TN']})"
            )
        print()
    _flag_table(adverts, results, by_lang=False)
    _flag_table(adverts, results, by_lang=True)
    if args.misses:
        _misses(adverts, results)
    print(f"{len(adverts)} adverts checked in {elapsed * 1000:.0f} ms ({elapsed * 1000 / len(adverts):.1f} ms each)")


if __name__ == "__main__":
    main()
