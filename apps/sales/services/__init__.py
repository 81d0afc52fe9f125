"""Writes to quotes, orders and delivery notes. Views, the API, the admin and tasks call these."""

from .lines import SalesLineData
from .orders import QuantityData, delivery_note_create, invoice_create_from_order, order_cancel, order_create_from_quote
from .quotes import QuoteData, quote_accept, quote_create, quote_decline, quote_send, quote_update, quotes_expire

__all__ = [
    "QuantityData",
    "QuoteData",
    "SalesLineData",
    "delivery_note_create",
    "invoice_create_from_order",
    "order_cancel",
    "order_create_from_quote",
    "quote_accept",
    "quote_create",
    "quote_decline",
    "quote_send",
    "quote_update",
    "quotes_expire",
]
