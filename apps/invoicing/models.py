"""Sales invoices and credit notes, with the EN 16931 line and document model.

Amounts the engine computes are stored when the invoice is issued; a draft's totals are
always computed afresh (`selectors.invoice_totals`). Issued documents never change: a
correction is a credit note.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

ZERO = Decimal("0")


def quantity_field(verbose_name: object, **kwargs: object) -> models.DecimalField:
    """Quantities and unit prices carry four decimals (EN 16931 allows more; four is what people type)."""
    return models.DecimalField(verbose_name, max_digits=18, decimal_places=4, **kwargs)  # type: ignore[arg-type]


def money_field(verbose_name: object) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=settings.KONTOR_AMOUNT_DIGITS, decimal_places=2, default=ZERO)  # type: ignore[arg-type]


class InvoiceKind(models.TextChoices):
    INVOICE = "invoice", _("Invoice")
    CREDIT_NOTE = "credit_note", _("Credit note")


class InvoiceStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    SENT = "sent", _("Sent")
    PARTLY_PAID = "partly_paid", _("Partly paid")
    PAID = "paid", _("Paid")
    OVERDUE = "overdue", _("Overdue")
    CANCELLED = "cancelled", _("Cancelled")


class SendStatus(models.TextChoices):
    NOT_SENT = "not_sent", _("Not sent")
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class InvoiceSequence(models.Model):
    """The last number used per series and year, locked while issuing: no gaps, no duplicates."""

    series = models.CharField(max_length=10)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="invoice_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.series}-{self.year}: {self.last_number}"


class Invoice(models.Model):
    kind = models.CharField(_("kind"), max_length=12, choices=InvoiceKind.choices, default=InvoiceKind.INVOICE)
    status = models.CharField(_("status"), max_length=12, choices=InvoiceStatus.choices, default=InvoiceStatus.DRAFT)
    series = models.CharField(_("series"), max_length=10, default="RE")
    number = models.CharField(_("number"), max_length=30, blank=True)
    customer = models.ForeignKey(
        "parties.Party", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="invoices"
    )
    corrects = models.ForeignKey(
        "self", verbose_name=_("corrects"), on_delete=models.PROTECT, null=True, blank=True, related_name="credit_notes"
    )
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    delivery_date = models.DateField(_("delivery date"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    exchange_rate = models.DecimalField(
        _("exchange rate"), max_digits=18, decimal_places=8, default=Decimal("1"), validators=[MinValueValidator(0)]
    )
    language = models.CharField(_("language"), max_length=2, default="en")
    buyer_reference = models.CharField(_("buyer reference"), max_length=100, blank=True)
    payment_days = models.PositiveSmallIntegerField(_("payment days (net)"), default=14)
    skonto_percent = models.DecimalField(_("skonto percent"), max_digits=5, decimal_places=2, default=ZERO)
    skonto_days = models.PositiveSmallIntegerField(_("skonto days"), default=0)
    prepaid_amount = money_field(_("prepaid amount"))
    rounding_increment = models.DecimalField(
        _("cash rounding"), max_digits=6, decimal_places=2, null=True, blank=True, help_text=_("e.g. 0.05")
    )
    notes = models.TextField(_("notes"), blank=True)
    # Snapshot of the buyer at issue: the document must show what was true then.
    customer_name = models.CharField(_("customer name"), max_length=200, blank=True)
    customer_tax_id = models.CharField(_("customer tax id"), max_length=32, blank=True)
    # Totals stored at issue (BT-109, BT-110, BT-112, BT-115) for lists and reports.
    total_net = money_field(_("total without tax"))
    total_tax = money_field(_("total tax"))
    total_gross = money_field(_("total with tax"))
    amount_due = money_field(_("amount due"))
    ledger_entry_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    send_status = models.CharField(_("sending"), max_length=10, choices=SendStatus.choices, default=SendStatus.NOT_SENT)
    issued_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issue_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="invoice_number_unique"),
            models.CheckConstraint(condition=Q(status="draft") | ~Q(number=""), name="invoice_issued_numbered"),
            models.CheckConstraint(
                condition=Q(kind="invoice") | Q(corrects__isnull=False), name="credit_note_corrects_invoice"
            ),
            models.CheckConstraint(condition=Q(exchange_rate__gt=0), name="invoice_exchange_rate_positive"),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="invoice_status_due")]

    def __str__(self) -> str:
        return self.number or _("Draft %(id)s") % {"id": self.pk}

    @property
    def is_draft(self) -> bool:
        return self.status == InvoiceStatus.DRAFT


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("position"))
    product = models.ForeignKey(
        "catalog.Product", verbose_name=_("product"), on_delete=models.PROTECT, null=True, blank=True
    )
    description = models.CharField(_("description"), max_length=500)
    quantity = quantity_field(_("quantity"))
    unit_code = models.CharField(_("unit"), max_length=3, default="C62")
    unit_price = quantity_field(_("net unit price"))
    base_quantity = quantity_field(_("price per quantity"), default=Decimal("1"))
    discount_percent = models.DecimalField(_("discount (%)"), max_digits=5, decimal_places=2, default=ZERO)
    tax_code = models.ForeignKey("taxes.TaxRate", verbose_name=_("tax code"), on_delete=models.PROTECT)
    revenue_account = models.ForeignKey(
        "ledger.Account", verbose_name=_("revenue account"), on_delete=models.PROTECT, null=True, blank=True
    )

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "position"], name="invoice_line_position_unique"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="invoice_line_price_not_negative"),
            models.CheckConstraint(condition=Q(base_quantity__gt=0), name="invoice_line_base_quantity_positive"),
            models.CheckConstraint(
                condition=Q(discount_percent__gte=0, discount_percent__lte=100), name="invoice_line_discount_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.description}"


class InvoiceAllowanceCharge(models.Model):
    """A document-level allowance (discount) or charge (freight, packing) for one tax code."""

    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="allowances_charges")
    is_charge = models.BooleanField(_("charge"), default=False)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2, null=True, blank=True)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2, null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200)
    tax_code = models.ForeignKey("taxes.TaxRate", verbose_name=_("tax code"), on_delete=models.PROTECT)

    class Meta:
        verbose_name = _("allowance or charge")
        verbose_name_plural = _("allowances and charges")
        constraints = [
            models.CheckConstraint(
                condition=(Q(amount__isnull=False) & Q(percent__isnull=True))
                | (Q(amount__isnull=True) & Q(percent__isnull=False)),
                name="invoice_allowance_amount_or_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.reason


class InvoiceDispatch(models.Model):
    """One sending of a document by e-mail: the sent log, and the idempotency key of the task."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="dispatches")
    key = models.CharField(max_length=64, unique=True, help_text=_("A retried or duplicated task sends once."))
    recipients = models.CharField(_("recipients"), max_length=500)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"))
    status = models.CharField(_("status"), max_length=10, choices=SendStatus.choices, default=SendStatus.QUEUED)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    queued_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("sent log")
        ordering = ["-queued_at"]

    def __str__(self) -> str:
        return f"{self.invoice} → {self.recipients}"


class PaymentKind(models.TextChoices):
    PAYMENT = "payment", _("Payment")
    WRITE_OFF = "write_off", _("Write-off")


class Payment(models.Model):
    """Money received against an invoice (or written off), in the invoice's currency."""

    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField(_("kind"), max_length=10, choices=PaymentKind.choices, default=PaymentKind.PAYMENT)
    paid_on = models.DateField(_("paid on"))
    amount = money_field(_("amount"))
    discount_amount = money_field(_("early-payment discount"))
    reference = models.CharField(_("reference"), max_length=140, blank=True)
    ledger_entry_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0) & Q(discount_amount__gte=0), name="payment_not_negative"),
            models.CheckConstraint(condition=Q(amount__gt=0) | Q(discount_amount__gt=0), name="payment_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.invoice} {self.paid_on} {self.amount}"


class InvoicingSettings(models.Model):
    """One row per company: what every invoice prints about the seller's bank and terms."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    bank_name = models.CharField(_("bank"), max_length=100, blank=True)
    footer = models.TextField(_("footer"), blank=True, help_text=_("Printed at the bottom of every document."))
    small_business = models.BooleanField(
        _("small business (§ 19 UStG)"), default=False, help_text=_("German small-business exemption: no VAT charged.")
    )

    class Meta:
        verbose_name = _("invoicing settings")
        verbose_name_plural = _("invoicing settings")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="invoicing_settings_singleton")]

    def __str__(self) -> str:
        return str(_("Invoicing settings"))
