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


def help_contacts(country: str, exploitation: str = "labour", limit: int = 5) -> list[dict[str, Any]]:
    """Where a person in COUNTRY can turn, for other pillars: helplines first, then the best-fitting services.

    Each entry has id, name, kind, phone, hours, around_the_clock and links exactly as the directory holds
    them (empty where the seed states nothing).
    """
    directory = _directory()
    by_id = {s.id: s for s in directory if s.country == country.upper()}
    profile = {"exploitation": [exploitation], "needs": ["information", "legal"]}
    ranked = [m.as_dict()["id"] for m in route(country.upper(), profile, directory) if m.as_dict()["eligible"]]
    helplines = [sid for sid, s in by_id.items() if s.kind == "helpline"]
    chosen = list(dict.fromkeys(helplines + ranked))[:limit]
    return [
        {
            "id": s.id,
            "name": s.name,
            "kind": s.kind,
            "phone": s.phone or "",
            "hours": s.hours or "",
            "around_the_clock": s.around_the_clock,
            "links": list(s.links),
        }
        for s in (by_id[sid] for sid in chosen)
    ]


def service_summaries(service_ids: list[str] | tuple[str, ...]) -> list[dict[str, Any]]:
    """Name, country, phone and first link of the given directory services (unknown ids are left out)."""
    by_id = {s.id: s for s in _directory()}
    return [
        {"id": s.id, "name": s.name, "country": s.country, "phone": s.phone or "", "links": list(s.links)}
        for s in (by_id[i] for i in service_ids if i in by_id)
    ]
