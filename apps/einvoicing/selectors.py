"""Reads of the e-invoicing app."""

from __future__ import annotations

from django.db.models import QuerySet

from apps.invoicing.models import Invoice

from .models import EinvoiceTransmission


def transmission_list(*, invoice: Invoice) -> QuerySet[EinvoiceTransmission]:
    """The invoice's transmissions, newest first, without the stored document (it can be large)."""
    return EinvoiceTransmission.objects.filter(invoice=invoice).defer("document").order_by("-created_at", "-pk")
