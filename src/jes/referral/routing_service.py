"""The workspace's view of the service directory and routing (data/referral/services via rules/)."""

from __future__ import annotations

from typing import Any


def ranked_services(country: str, profile: dict[str, Any]) -> list[dict[str, Any]]:
    """Services of COUNTRY ranked for PROFILE: dicts with id, name, reason and eligible."""
    raise NotImplementedError("wired when the directory lands")


def service_name(country: str, service_id: str) -> str | None:
    raise NotImplementedError("wired when the directory lands")
