"""Reads of purchase e-CF for the API and the admin: the rows without their signed bytes unless asked for."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

from .models import PurchaseEcf


def purchase_ecf_list() -> QuerySet[PurchaseEcf]:
    """Newest first, with supplier and lines; the signed document is left out of lists (it can be large)."""
    return PurchaseEcf.objects.select_related("supplier").prefetch_related("lines").defer("document")


def purchase_ecf_document(*, pk: int) -> tuple[str, bytes]:
    """The file name DGII expects (RNC of the issuer + e-NCF + .xml) and the exact signed bytes."""
    encf, document = PurchaseEcf.objects.values_list("encf", "document").get(pk=pk)
    return f"{connection.tenant.tax_id}{encf}.xml", bytes(document)  # type: ignore[attr-defined]
