"""Writes of the e-invoicing app, split by subdomain: e-CF set-up and transmissions."""

from .ecf_documents import signed_ecf_get_or_create
from .ecf_setup import (
    ecf_certificate_check,
    ecf_certificate_upload,
    encf_range_check,
    encf_range_create,
)
from .purchases import PurchaseLineData, purchase_ecf_create, purchase_ecf_transmit
from .transmissions import consumer_summaries_send, einvoice_transmit, transmission_deliver, transmissions_poll

__all__ = [
    "PurchaseLineData",
    "consumer_summaries_send",
    "ecf_certificate_check",
    "ecf_certificate_upload",
    "einvoice_transmit",
    "encf_range_check",
    "encf_range_create",
    "purchase_ecf_create",
    "purchase_ecf_transmit",
    "signed_ecf_get_or_create",
    "transmission_deliver",
    "transmissions_poll",
]
