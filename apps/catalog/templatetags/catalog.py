"""Template filters for what catalogue values look like on pages: unit names and unit prices."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from ..prices import price_trimmed
from ..units import Unit

register = template.Library()


@register.filter
def unit_name(code: str) -> str:
    """The unit's name in the reader's language ("hour" for HUR); a code outside our list shows as is."""
    try:
        return str(Unit(code).label)
    except ValueError:
        return code


@register.filter
def unit_price(value: Decimal | None) -> str:
    """A unit price with 2 to 4 decimals, localized and grouped like the amounts beside it."""
    if value is None:
        return ""
    trimmed = price_trimmed(value)
    return number_format(trimmed, decimal_pos=-trimmed.as_tuple().exponent, use_l10n=True, force_grouping=True)  # type: ignore[operator]
