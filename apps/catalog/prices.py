"""How a unit price reads: cents always, up to the 4 decimals EN 16931 allows, no trailing zeros beyond."""

from __future__ import annotations

from decimal import Decimal

CENTS = Decimal("0.01")


def price_trimmed(value: Decimal) -> Decimal:
    """10.5000 → 10.50, 1.2345 stays, 3 → 3.00: trailing zeros go, but never below two decimals."""
    exponent = value.normalize().as_tuple().exponent
    return value.quantize(CENTS) if isinstance(exponent, int) and exponent > -2 else value.normalize()
