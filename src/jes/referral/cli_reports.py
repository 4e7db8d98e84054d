"""Placeholder: commands of this area are being written."""

from typing import Any


def register(group: Any) -> None:
    """Add this area's commands to `jes referral`."""
