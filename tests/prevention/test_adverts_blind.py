"""The blind advert set is well formed (it is only ever measured, never tuned on: bench/prevention_jobad.py --blind)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml

from jes.prevention.checks.jobad import flag_catalogue

BLIND = Path(__file__).resolve().parent / "adverts_blind"


def test_the_blind_set_is_balanced_and_uses_known_flags():
    known = {f["id"] if isinstance(f, dict) else f.id for f in flag_catalogue("en")}
    seen: set[str] = set()
    for path in sorted(BLIND.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        labels = Counter(a["label"] for a in data["adverts"])
        assert labels == {"suspicious": 5, "ordinary": 5}, path.name
        for advert in data["adverts"]:
            assert advert["id"].startswith(data["lang"] + "-") and advert["id"] not in seen
            seen.add(advert["id"])
            assert set(advert["flags"]) <= known, (advert["id"], set(advert["flags"]) - known)
            assert advert["text"].strip()
    assert len(seen) == 70
