"""`jes referral keys ...` and `jes referral reports ...`: the batch side of anonymous reporting."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

PASSPHRASE_ENV = "JES_REPORT_PASSPHRASE"  # noqa: S105 - the name of a variable, not a secret


def _passphrase() -> str:
    """From the environment (tests, scripted set-ups) or a prompt typed twice; never an argument,
    which would land in shell history and in every process listing."""
    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return value
    if not sys.stdin.isatty():
        raise SystemExit(f"type the passphrase at a terminal, or set {PASSPHRASE_ENV}")
    first = getpass.getpass("Passphrase for the organisation's reports (a few words): ")
    if getpass.getpass("The same passphrase again: ") != first:
        raise SystemExit("the two passphrases differ; nothing was created")
    return first


def cmd_keys_generate(args: argparse.Namespace) -> int:
    from .reporting import generate_key

    passphrase = _passphrase()
    try:
        key = generate_key(args.organisation, passphrase, country=args.country, rotate=args.rotate)
    except ValueError as exc:
        print(f"jes referral keys generate: {exc}", file=sys.stderr)
        return 2
    print(
        f"Report key {key.pk} for {key.organisation} ({key.organisation.country}) created; "
        f"public key {bytes(key.public_key).hex()}.\n"
        "Keep the passphrase safe and shared only with the staff who triage reports: without it no "
        "report sent to this key can ever be read, by anyone."
    )
    return 0


def cmd_reports_list(args: argparse.Namespace) -> int:
    """Counts only: the command line never decrypts a report."""
    from django.db.models import Count

    from .models import Report

    rows = Report.objects.filter(organisation__name=args.organisation).values("status").annotate(n=Count("id"))
    for row in rows.order_by("status"):
        print(f"{row['status']}\t{row['n']}")
    return 0


def register(group: Any) -> None:
    """Add this area's commands to `jes referral`."""
    from .models.workspace import COUNTRIES

    keys = group.add_parser("keys", help="organisation keys for anonymous reports").add_subparsers(
        dest="keys_action", required=True
    )
    p = keys.add_parser(
        "generate",
        help=f"create a key pair locked under a passphrase (prompted, or ${PASSPHRASE_ENV})",
    )
    p.add_argument("--organisation", required=True, help="name of the receiving organisation")
    p.add_argument("--country", choices=[code for code, _ in COUNTRIES], help="needed if the organisation is new")
    p.add_argument("--rotate", action="store_true", help="retire the current key: new reports use the new one")
    p.set_defaults(func=cmd_keys_generate)
    reports = group.add_parser("reports", help="anonymous reports (counts only)").add_subparsers(
        dest="reports_action", required=True
    )
    p = reports.add_parser("list", help="number of reports per status for an organisation")
    p.add_argument("--organisation", required=True)
    p.set_defaults(func=cmd_reports_list)
