"""Money is Decimal, never float, rounded to cents (ROUND_HALF_UP) once, where a line or a figure is made."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def _cents(value: Decimal) -> Decimal:
    rounded = value.quantize(CENT, rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded == 0 else rounded  # never "-0.00"
