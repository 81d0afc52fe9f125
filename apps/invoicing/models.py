"""Sales invoices, credit notes and debit notes, with the EN 16931 line and document model.

Amounts the engine computes are stored when the invoice is issued; a draft's totals are
always computed afresh (`selectors.invoice_totals`). Issued documents never change: a
correction is a credit note, an additional charge a debit note.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
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
    DEBIT_NOTE = "debit_note", _("Debit note")


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
        "self", verbose_name=_("corrects"), on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
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
    # Made by a recurring invoice for the period starting on `recurring_period`: once per period.
    recurring = models.ForeignKey(
        "RecurringInvoice",
        verbose_name=_("recurring invoice"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invoices",
    )
    recurring_period = models.DateField(_("period"), null=True, blank=True)
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
            models.UniqueConstraint(
                fields=["recurring", "recurring_period"],
                condition=Q(recurring__isnull=False),
                name="invoice_recurring_period_unique",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"], name="invoice_status_due")]

    def __str__(self) -> str:
        return self.number or _("Draft %(id)s") % {"id": self.pk}

    @property
    def is_draft(self) -> bool:
        return self.status == InvoiceStatus.DRAFT


class LineFields(models.Model):
    """What a line says, shared by invoice lines and the lines of a recurring invoice's template."""

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
        "ledger.Account",
        verbose_name=_("revenue account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Leave empty for the product's account, or the chart's for the tax code."),
    )

    class Meta:
        abstract = True


def line_constraints(prefix: str) -> list[models.BaseConstraint]:
    """The row checks of `LineFields`, named per table (`prefix`) as PostgreSQL wants."""
    return [
        models.CheckConstraint(condition=Q(unit_price__gte=0), name=f"{prefix}_price_not_negative"),
        models.CheckConstraint(condition=Q(base_quantity__gt=0), name=f"{prefix}_base_quantity_positive"),
        models.CheckConstraint(
            condition=Q(discount_percent__gte=0, discount_percent__lte=100), name=f"{prefix}_discount_range"
        ),
    ]


class InvoiceLine(LineFields):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "position"], name="invoice_line_position_unique"),
            *line_constraints("invoice_line"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.description}"


class AllowanceChargeFields(models.Model):
    """A document-level allowance (discount) or charge (freight, packing) for one tax code."""

    is_charge = models.BooleanField(_("charge"), default=False)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2, null=True, blank=True)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2, null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200)
    tax_code = models.ForeignKey("taxes.TaxRate", verbose_name=_("tax code"), on_delete=models.PROTECT)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.reason


def allowance_charge_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=(Q(amount__isnull=False) & Q(percent__isnull=True))
            | (Q(amount__isnull=True) & Q(percent__isnull=False)),
            name=f"{prefix}_amount_or_percent",
        ),
    ]


class InvoiceAllowanceCharge(AllowanceChargeFields):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="allowances_charges")

    class Meta:
        verbose_name = _("allowance or charge")
        verbose_name_plural = _("allowances and charges")
        constraints = allowance_charge_constraints("invoice_allowance")


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
    credit_note_series = models.CharField(
        _("credit note series"),
        max_length=10,
        blank=True,
        help_text=_("Prefix of credit note numbers; blank: the country's usual one (RK, CN, NC)."),
    )
    debit_note_series = models.CharField(
        _("debit note series"),
        max_length=10,
        blank=True,
        help_text=_("Prefix of debit note numbers; blank: the country's usual one (ND, DN)."),
    )
    # The seller contact e-invoices carry (XRechnung requires name, phone and e-mail, BR-DE-2).
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    peppol_id = models.CharField(
        _("Peppol participant id"),
        max_length=100,
        blank=True,
        help_text=_("e.g. 0208:0403019261; blank: derived from the VAT id where the country allows it."),
    )

    class Meta:
        verbose_name = _("invoicing settings")
        verbose_name_plural = _("invoicing settings")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="invoicing_settings_singleton")]

    def __str__(self) -> str:
        return str(_("Invoicing settings"))


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    YEARLY = "yearly", _("Yearly")


MONTHS_PER_PERIOD = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.YEARLY: 12}


class RecurringInvoice(models.Model):
    """An invoice template billed every `interval` months, quarters or years from `start_date`.

    The lines are real rows (`RecurringInvoiceLine`, `RecurringAllowanceCharge`) rather than
    a hidden draft invoice: a draft would show up in every invoice list, count in reports
    and could be issued by hand, and the template would need the exclusion everywhere.
    Blank terms (payment days, Skonto, currency) are the customer's on the day of billing.
    """

    name = models.CharField(_("name"), max_length=200)
    customer = models.ForeignKey(
        "parties.Party", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="recurring_invoices"
    )
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY)
    interval = models.PositiveSmallIntegerField(_("every"), default=1, help_text=_("e.g. 2: every second month."))
    start_date = models.DateField(
        _("first period"), help_text=_("Its day of the month is kept; the 31st bills on the last day of short months.")
    )
    end_date = models.DateField(_("last period until"), null=True, blank=True)
    max_count = models.PositiveIntegerField(_("number of invoices"), null=True, blank=True)
    next_run = models.DateField(_("next invoice on"), null=True, blank=True, help_text=_("Empty when finished."))
    issued_count = models.PositiveIntegerField(_("invoices made"), default=0, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    auto_issue = models.BooleanField(_("issue automatically"), default=True)
    auto_send = models.BooleanField(_("send automatically"), default=False)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    exchange_rate = models.DecimalField(_("exchange rate"), max_digits=18, decimal_places=8, default=Decimal("1"))
    buyer_reference = models.CharField(_("buyer reference"), max_length=100, blank=True)
    payment_days = models.PositiveSmallIntegerField(_("payment days (net)"), null=True, blank=True)
    skonto_percent = models.DecimalField(_("skonto percent"), max_digits=5, decimal_places=2, null=True, blank=True)
    skonto_days = models.PositiveSmallIntegerField(_("skonto days"), null=True, blank=True)
    rounding_increment = models.DecimalField(_("cash rounding"), max_digits=6, decimal_places=2, null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    last_run_on = models.DateField(_("last run"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("recurring invoice")
        verbose_name_plural = _("recurring invoices")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(interval__gte=1), name="recurring_interval_positive"),
            models.CheckConstraint(condition=Q(auto_issue=True) | Q(auto_send=False), name="recurring_send_issued"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")), name="recurring_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(max_count__isnull=True) | Q(max_count__gte=1), name="recurring_count_positive"
            ),
            models.CheckConstraint(condition=Q(exchange_rate__gt=0), name="recurring_exchange_rate_positive"),
        ]
        indexes = [models.Index(fields=["is_active", "next_run"], name="recurring_due")]

    def __str__(self) -> str:
        return self.name

    @property
    def months_per_run(self) -> int:
        return MONTHS_PER_PERIOD[Frequency(self.frequency)] * self.interval


class RecurringInvoiceLine(LineFields):
    recurring = models.ForeignKey(RecurringInvoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("recurring invoice line")
        verbose_name_plural = _("recurring invoice lines")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["recurring", "position"], name="recurring_line_position_unique"),
            *line_constraints("recurring_line"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.description}"


class RecurringAllowanceCharge(AllowanceChargeFields):
    recurring = models.ForeignKey(RecurringInvoice, on_delete=models.CASCADE, related_name="allowances_charges")

    class Meta:
        verbose_name = _("allowance or charge")
        verbose_name_plural = _("allowances and charges")
        constraints = allowance_charge_constraints("recurring_allowance")
