"""`jes referral ...`: the batch side of identification and referral. Each area adds its own commands."""

from __future__ import annotations

from typing import Any


def register(sub: Any) -> None:
    from . import cli_reports, cli_rules, cli_services, cli_workspace

    referral = sub.add_parser("referral", help="identification, referral and anonymous reporting").add_subparsers(
        dest="action", required=True
    )
    cli_rules.register(referral)
    cli_services.register(referral)
    cli_reports.register(referral)
    cli_workspace.register(referral)
