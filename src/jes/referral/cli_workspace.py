"""`jes referral staff ...` and `jes referral retention`: staff accounts and the retention sweep."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .models.workspace import COUNTRIES


def cmd_staff(args: argparse.Namespace) -> int:
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from .models import Organisation, Staff

    user = get_user_model().objects.filter(username=args.username).first()
    if user is None:
        print(
            f"username: no account named {args.username!r}; create it with `jes manage createsuperuser`",
            file=sys.stderr,
        )
        return 2
    with transaction.atomic():
        org, _ = Organisation.objects.get_or_create(name=args.organisation, defaults={"country": args.country})
        if org.country != args.country:
            print(f"country: {org.name} is in {org.country}, not {args.country}", file=sys.stderr)
            return 2
        Staff.objects.update_or_create(user=user, defaults={"organisation": org, "role": args.role})
    print(f"{args.username}: {args.role} at {org.name} ({org.country})")
    return 0


def cmd_retention(args: argparse.Namespace) -> int:
    from .cases import due_for_erasure, erase_case

    due = due_for_erasure()
    for case in due:
        if args.apply:
            erase_case(None, case, "retention period ended")
    verb = "erased" if args.apply else "due for erasure (run with --apply to erase)"
    print(f"{len(due)} closed case(s) {verb}")
    return 0


def register(group: Any) -> None:
    from .models import StaffRole

    p = group.add_parser("staff", help="make an account referral staff of an organisation")
    p.add_argument("username")
    p.add_argument("--organisation", required=True)
    p.add_argument("--country", required=True, choices=[c for c, _ in COUNTRIES])
    p.add_argument("--role", required=True, choices=StaffRole.values)
    p.set_defaults(func=cmd_staff)
    p = group.add_parser("retention", help="erase closed cases whose retention period has ended")
    p.add_argument("--apply", action="store_true", help="erase (default: only count)")
    p.set_defaults(func=cmd_retention)
