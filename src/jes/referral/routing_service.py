"""The workspace's view of the service directory and routing (data/referral/services via rules/)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from .rules.routing import route
from .rules.services import Service, bundled_directory


def _directory() -> tuple[Service, ...]:
    return bundled_directory(settings.CONTENT_DIR / "referral" / "services")


def ranked_services(country: str, profile: dict[str, Any]) -> list[dict[str, Any]]:
    """Services of COUNTRY ranked for PROFILE (eligible first), each with id, name, reason and eligible."""
    return [m.as_dict() for m in route(country, profile, _directory())]


def service_name(country: str, service_id: str) -> str | None:
    return next((s.name for s in _directory() if s.id == service_id and s.country == country), None)
