"""Prevention tests count PDF downloads in a cache of their own, so runs never share rate-limit counters."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _own_cache(settings):
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "prev"}}
    cache.clear()
    yield
    cache.clear()
