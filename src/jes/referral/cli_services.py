"""`jes referral services` and `jes referral route`: the service directory and referral routing."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from .rules.routing import REFLECTION_PERIOD, ProfileError, parse_profile, reflection_period_applies, route
from .rules.services import COUNTRIES, NOT_STATED, Service, ServiceError, load_directory

COUNTRY_CHOICES = sorted(COUNTRIES) + sorted(c.lower() for c in COUNTRIES)


def _directory(args: argparse.Namespace) -> list[Service]:
    from .rules.services import default_root

    return load_directory(Path(args.data) if args.data else default_root())


def _service_text(s: Service) -> str:
    def show(value: object) -> str:
        return str(value) if value not in (None, "", []) else NOT_STATED

    return "\n".join(
        [
            f"{s.name}  [{s.id}]",
            f"  kind: {s.kind_label}; organisation: {show(s.organisation)}",
            f"  for: {show(s.eligibility.target_groups)}",
            f"  offers: {show(s.services_text)}",
            f"  phone: {show(s.phone)}; hours: {show(s.hours)}; languages: {show(s.languages)}",
            f"  area: {show(s.area)}; links: {show(' '.join(s.links))}",
            f"  source: seed report lines {', '.join(map(str, s.seed_lines))}",
        ]
    )


def cmd_services(args: argparse.Namespace) -> int:
    try:
        services = [s for s in _directory(args) if not args.country or s.country == args.country.upper()]
    except ServiceError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if args.json:
        json.dump([s.model_dump(mode="json") for s in services], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print("\n\n".join(_service_text(s) for s in services))
    return 0


def _read_profile(path: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ProfileError(f"{path}: cannot read: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise ProfileError(f"{path}: not valid JSON: {exc}") from exc


def cmd_route(args: argparse.Namespace) -> int:
    try:
        profile = parse_profile(_read_profile(args.profile), where=args.profile) if args.profile else parse_profile({})
        matches = route(args.country, profile, _directory(args))
    except (ProfileError, ServiceError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    shown = [m for m in matches if m.eligible or args.all]
    if args.json:
        json.dump([m.as_dict() for m in shown], sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    for rank, m in enumerate(shown, start=1):
        print(f"{rank}. {m.name} [{m.id}]{'' if m.eligible else ' (does not fit)'}\n   {m.reason}")
        if m.service.phone:
            print(f"   phone: {m.service.phone}")
    hidden = len(matches) - len(shown)
    if hidden:
        print(f"\n{hidden} service(s) whose stated eligibility excludes this person are hidden; --all shows them.")
    if reflection_period_applies(profile):
        print(f"\n{REFLECTION_PERIOD['title']}: {REFLECTION_PERIOD['text']}\n  {REFLECTION_PERIOD['source']}")
    return 0


def register(group: Any) -> None:
    """Add this area's commands to `jes referral`."""
    p = group.add_parser("services", help="the service directory transcribed from the seed report")
    p.add_argument("--country", choices=COUNTRY_CHOICES)
    p.add_argument("--json", action="store_true", help="print a JSON list")
    p.add_argument("--data", help="directory folder (default: data/referral/services)")
    p.set_defaults(func=cmd_services)
    p = group.add_parser("route", help="rank a country's services for a person's situation")
    p.add_argument("--country", required=True, choices=COUNTRY_CHOICES)
    p.add_argument("--profile", help="JSON file: age, place, identified_by_police, ..., needs")
    p.add_argument("--all", action="store_true", help="also list services whose stated eligibility excludes the person")
    p.add_argument("--json", action="store_true", help="print a ranked JSON list of {id, name, reason, ...}")
    p.add_argument("--data", help="directory folder (default: data/referral/services)")
    p.set_defaults(func=cmd_route)
