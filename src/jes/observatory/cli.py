"""`jes observatory ...`: imports and published statistics (placeholder until the commands land)."""

from __future__ import annotations

from typing import Any


def register(sub: Any) -> None:
    """Add `jes observatory` and its commands."""
