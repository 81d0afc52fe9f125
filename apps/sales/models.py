"""Quotes, sales orders and delivery notes: the documents before an invoice.

Each is made from the one before it and copies its lines, so a later change to a quote never
rewrites an order. Delivered and invoiced quantities are not stored on order lines: they are
sums over delivery note lines and `OrderLineInvoicing` rows, read under the order's row lock.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.invoicing.models import LineFields, line_constraints, quantity_field

ZERO = Decimal("0")


class QuoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")


class OrderStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PARTLY_DELIVERED = "partly_delivered", _("Partly delivered")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class SalesLine(LineFields):
    """The EN 16931 line model of invoice lines, so a line passes unchanged to the invoice."""

    position = models.PositiveSmallIntegerField(_("position"))

    class Meta(LineFields.Meta):
        abstract = True
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.description}"


def _line_constraints(prefix: str, parent: str) -> list[models.BaseConstraint]:
    """The invoice lines' row checks, plus one position per document and only positive quantities."""
    return [
        models.UniqueConstraint(fields=[parent, "position"], name=f"{prefix}_position_unique"),
        models.CheckConstraint(condition=Q(quantity__gt=0), name=f"{prefix}_quantity_positive"),
        *line_constraints(prefix),
    ]


class Quote(models.Model):
    status = models.CharField(_("status"), max_length=10, choices=QuoteStatus.choices, default=QuoteStatus.DRAFT)
    number = models.CharField(_("number"), max_length=30, blank=True)
    customer = models.ForeignKey(
        "parties.Party", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="quotes"
    )
    currency = models.CharField(_("currency"), max_length=3)
    issue_date = models.DateField(_("date sent"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"))
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="sales_quote_number_unique"),
            models.CheckConstraint(condition=Q(status__in=QuoteStatus.values), name="sales_quote_status_valid"),
            models.CheckConstraint(
                condition=Q(status="draft") | (~Q(number="") & Q(issue_date__isnull=False)),
                name="sales_quote_sent_numbered",
            ),
        ]
        indexes = [models.Index(fields=["status", "valid_until"], name="sales_quote_status_valid_until")]

    def __str__(self) -> str:
        return self.number or _("Draft quote %(id)s") % {"id": self.pk}


class QuoteLine(SalesLine):
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")

    class Meta(SalesLine.Meta):
        verbose_name = _("quote line")
        verbose_name_plural = _("quote lines")
        constraints = _line_constraints("sales_quote_line", "quote")


class SalesOrder(models.Model):
    """An order confirmation; it is born confirmed (and numbered) from an accepted quote."""

    status = models.CharField(_("status"), max_length=16, choices=OrderStatus.choices, default=OrderStatus.OPEN)
    number = models.CharField(_("number"), max_length=30)
    quote = models.OneToOneField(
        Quote, verbose_name=_("quote"), on_delete=models.PROTECT, null=True, blank=True, related_name="order"
    )
    customer = models.ForeignKey(
        "parties.Party", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="sales_orders"
    )
    currency = models.CharField(_("currency"), max_length=3)
    order_date = models.DateField(_("order date"))
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sales order")
        verbose_name_plural = _("sales orders")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="sales_order_number_unique"),
            models.CheckConstraint(condition=~Q(number=""), name="sales_order_numbered"),
            models.CheckConstraint(condition=Q(status__in=OrderStatus.values), name="sales_order_status_valid"),
        ]

    def __str__(self) -> str:
        return self.number


class OrderLine(SalesLine):
    order = models.ForeignKey(SalesOrder, on_delete=models.CASCADE, related_name="lines")

    class Meta(SalesLine.Meta):
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        constraints = _line_constraints("sales_order_line", "order")


class DeliveryNote(models.Model):
    """What left the house for one order; numbered when written, never changed afterwards."""

    number = models.CharField(_("number"), max_length=30)
    order = models.ForeignKey(
        SalesOrder, verbose_name=_("order"), on_delete=models.PROTECT, related_name="delivery_notes"
    )
    delivered_on = models.DateField(_("delivered on"))
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("delivery note")
        verbose_name_plural = _("delivery notes")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="sales_delivery_note_number_unique"),
            models.CheckConstraint(condition=~Q(number=""), name="sales_delivery_note_numbered"),
        ]

    def __str__(self) -> str:
        return self.number


class DeliveryNoteLine(models.Model):
    note = models.ForeignKey(DeliveryNote, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("position"))
    order_line = models.ForeignKey(
        OrderLine, verbose_name=_("order line"), on_delete=models.PROTECT, related_name="deliveries"
    )
    quantity = quantity_field(_("delivered quantity"))

    class Meta:
        verbose_name = _("delivery note line")
        verbose_name_plural = _("delivery note lines")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["note", "position"], name="sales_delivery_line_position_unique"),
            models.UniqueConstraint(fields=["note", "order_line"], name="sales_delivery_line_once_per_note"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="sales_delivery_line_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.order_line.description}"


class OrderLineInvoicing(models.Model):
    """How much of an order line one invoice bills.

    Tied to the invoice rather than only to its line: editing a draft rewrites its lines, and
    the quantity must stay counted until the invoice is cancelled. `invoice_line` points at the
    line as created and is cleared if the draft is rewritten.
    """

    order_line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="invoicings")
    invoice = models.ForeignKey("invoicing.Invoice", on_delete=models.CASCADE, related_name="+")
    invoice_line = models.ForeignKey(
        "invoicing.InvoiceLine", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    quantity = quantity_field(_("invoiced quantity"))

    class Meta:
        verbose_name = _("invoiced order quantity")
        verbose_name_plural = _("invoiced order quantities")
        constraints = [
            models.UniqueConstraint(fields=["order_line", "invoice"], name="sales_invoicing_once_per_invoice"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="sales_invoicing_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.order_line} → {self.invoice_id}: {self.quantity}"
