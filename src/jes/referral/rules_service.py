"""The pages' view of the indicator sets and the ILO/EC rule (data/referral/indicators via rules/)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings

from .rules.assessment import assess as assess_indicators
from .rules.indicators import IndicatorCatalogue, load_indicator_sets


@lru_cache(maxsize=1)
def catalogue() -> IndicatorCatalogue:
    return load_indicator_sets(settings.CONTENT_DIR / "referral" / "indicators")


def indicator_ids() -> set[str]:
    return {i.id for i in catalogue().indicators()}


def assess(indicators: list[str], profile: dict[str, Any]) -> dict[str, Any]:
    """The assessment as JSON (the shape of `jes referral assess --json`), stored with the case."""
    return assess_indicators(indicators, profile, catalogue()).to_json()
