"""Reads of the e-invoicing app."""

from __future__ import annotations

from django.db.models import QuerySet

from apps.invoicing.models import Invoice

from .models import EinvoiceTransmission
from .services import ECF_FORMAT, PEPPOL_FORMATS


def transmission_list(*, invoice: Invoice) -> QuerySet[EinvoiceTransmission]:
    """The invoice's transmissions, newest first, without the stored document (it can be large)."""
    return EinvoiceTransmission.objects.filter(invoice=invoice).defer("document").order_by("-created_at", "-pk")


def einvoice_sendable_formats(*, invoice: Invoice) -> tuple[str, ...]:
    """The formats "Send" is offered in: Peppol ones only to a customer with a Peppol id.

    e-CF is only ever offered to Dominican companies, so it is always sendable where it is listed.
    """
    return (*(PEPPOL_FORMATS if invoice.customer.peppol_id else ()), ECF_FORMAT)
