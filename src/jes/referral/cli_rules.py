"""`jes referral indicators` and `jes referral assess`: the indicator sets and the ILO/EC rule from the shell."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .rules.assessment import Assessment, ProfileError, assess
from .rules.indicators import IndicatorCatalogue, IndicatorError, load_indicator_sets


def _catalogue() -> IndicatorCatalogue:
    from django.conf import settings

    return load_indicator_sets(Path(settings.CONTENT_DIR) / "referral" / "indicators")


def cmd_indicators(args: argparse.Namespace) -> int:
    try:
        catalogue = _catalogue()
    except IndicatorError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    rows = [
        {"id": i.id, "name": i.name, "set": i.set, "dimension": i.dimension, "strength": i.strength}
        for i in catalogue.indicators()
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
    else:
        for row in rows:
            print(f"{row['id']:70s} {row['strength'] or '-':7s} {row['name']}")
    return 0


def _read_answers(path: Path) -> tuple[list[Any], dict[str, Any]]:
    """The answers file as (indicator ids, profile); a ValueError names the file and the field."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"{path}: cannot be read: {exc.strerror}") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected an object with the keys 'profile' and 'indicators'")
    ids = data.get("indicators", [])
    profile = data.get("profile")
    profile = {} if profile is None else profile
    if not isinstance(ids, list):
        raise ValueError(f"{path}: field indicators: expected a list of indicator ids")
    if not isinstance(profile, dict):
        raise ValueError(f"{path}: field profile: expected an object")
    return ids, profile


def _summary(result: Assessment) -> str:
    lines = [f"Outcome: {result.outcome.replace('_', ' ')} (list: {result.main.group})"]
    for d in result.dimensions:
        mark = "met" if d.met else "   "
        lines.append(f"  [{mark}] {d.name}: {len(d.indicators)} indicator(s), {d.clause_text}")
    lines += ["", result.explanation]
    return "\n".join(lines)


def cmd_assess(args: argparse.Namespace) -> int:
    path = Path(args.answers)
    try:
        ids, profile = _read_answers(path)
        result = assess(ids, profile, _catalogue())
    except (ValueError, IndicatorError, ProfileError) as exc:
        message = str(exc)
        print(message if message.startswith(str(path)) else f"{path}: {message}", file=sys.stderr)
        return 2
    print(json.dumps(result.to_json(), ensure_ascii=False) if args.json else _summary(result))
    return 0


def register(group: Any) -> None:
    """Add this area's commands to `jes referral`."""
    p = group.add_parser("indicators", help="list the indicator sets (ILO/EC 2009, ILO forced labour 2012)")
    p.add_argument("--json", action="store_true", help="a JSON array of {id, name, set, dimension, strength}")
    p.set_defaults(func=cmd_indicators)
    p = group.add_parser("assess", help="apply the ILO/EC rule to observed indicators")
    p.add_argument("--answers", required=True, help='JSON file: {"profile": {...}, "indicators": ["<id>", ...]}')
    p.add_argument("--json", action="store_true", help="print the assessment as JSON")
    p.set_defaults(func=cmd_assess)
