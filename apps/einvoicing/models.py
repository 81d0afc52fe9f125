"""Dominican e-CF reference data: the e-NCF ranges DGII authorised and the signing certificate.

Both rows are the company's own: DGII hands out ranges per e-CF type, and every e-CF is signed
with the certificate issued to the company's RNC. Both expire, which is why both carry dates
that the admin warns about.
"""

from __future__ import annotations

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import BigIntegerRangeField, RangeOperators
from django.db import models
from django.db.models import F, Func, Q, Value
from django.utils.translation import gettext_lazy as _

from apps.invoicing.models import money_field


class EcfType(models.IntegerChoices):
    CREDITO_FISCAL = 31, _("31 Tax credit invoice")
    CONSUMO = 32, _("32 Consumer invoice")
    NOTA_DEBITO = 33, _("33 Debit note")
    NOTA_CREDITO = 34, _("34 Credit note")
    COMPRAS = 41, _("41 Purchases")
    GASTOS_MENORES = 43, _("43 Minor expenses")
    REGIMENES_ESPECIALES = 44, _("44 Special regimes")
    GUBERNAMENTAL = 45, _("45 Government")
    EXPORTACIONES = 46, _("46 Exports")
    PAGOS_EXTERIOR = 47, _("47 Payments abroad")


# Types are two digits and sequences ten: type × 10¹⁰ + number is the e-NCF as one integer.
TYPE_SHIFT = 10_000_000_000
MAX_SEQUENCE = TYPE_SHIFT - 1


class EncfRange(models.Model):
    """Sequence numbers `first..last` of one e-CF type, authorised by DGII until `expires_on`.

    `next_number` is taken under a row lock by `encf_take`; a range is exhausted when it passes
    `last`. Ranges of one type never overlap: an e-NCF must never be issued twice.
    """

    ecf_type = models.PositiveSmallIntegerField(_("e-CF type"), choices=EcfType.choices)
    first_number = models.PositiveBigIntegerField(_("first number"))
    last_number = models.PositiveBigIntegerField(_("last number"))
    next_number = models.PositiveBigIntegerField(_("next number"))
    expires_on = models.DateField(_("expires on"), help_text=_("DGII: 31 December of the year after authorisation."))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("e-NCF range")
        verbose_name_plural = _("e-NCF ranges")
        ordering = ["ecf_type", "first_number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_number__gte=1, first_number__lte=F("last_number"), last_number__lte=MAX_SEQUENCE),
                name="encf_range_bounds",
            ),
            models.CheckConstraint(
                condition=Q(next_number__gte=F("first_number"), next_number__lte=F("last_number") + 1),
                name="encf_range_next_inside",
            ),
            ExclusionConstraint(
                name="encf_range_no_overlap",
                expressions=[
                    (
                        Func(
                            F("ecf_type") * TYPE_SHIFT + F("first_number"),
                            F("ecf_type") * TYPE_SHIFT + F("last_number"),
                            Value("[]"),
                            function="int8range",
                            output_field=BigIntegerRangeField(),
                        ),
                        RangeOperators.OVERLAPS,
                    )
                ],
            ),
        ]

    def __str__(self) -> str:
        return f"E{self.ecf_type} {self.first_number}–{self.last_number}"

    @property
    def remaining(self) -> int:
        return self.last_number + 1 - self.next_number


class EcfCertificate(models.Model):
    """The company's signing certificate (.p12) and its password, both Fernet-encrypted.

    The key derives from SECRET_KEY (`ecf.signing`), so a database dump alone cannot sign.
    """

    subject_rnc = models.CharField(_("subject RNC"), max_length=11)
    subject_name = models.CharField(_("subject"), max_length=300)
    valid_from = models.DateTimeField(_("valid from"))
    valid_to = models.DateTimeField(_("valid to"))
    encrypted_p12 = models.BinaryField(editable=False)
    encrypted_password = models.BinaryField(editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("e-CF certificate")
        verbose_name_plural = _("e-CF certificates")
        ordering = ["-valid_to"]
        constraints = [models.CheckConstraint(condition=Q(valid_from__lt=F("valid_to")), name="ecf_cert_period")]

    def __str__(self) -> str:
        return f"{self.subject_name} ({self.subject_rnc})"


class TransmissionStatus(models.TextChoices):
    VALIDATED = "validated", _("Validated")
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    REJECTED = "rejected", _("Rejected")
    FAILED = "failed", _("Failed")


# A transmission that failed or was rejected no longer blocks sending the invoice again.
TRANSMISSION_CLOSED = (TransmissionStatus.FAILED, TransmissionStatus.REJECTED)


class EinvoiceTransmission(models.Model):
    """One e-invoice handed to the Peppol network: exactly the bytes that passed validation.

    `document` is a copy taken at validation time, so a later change of settings or party data
    can never make what is sent differ from what was checked. `idempotency_key` goes to the
    access point with every submission: a retried request never delivers the invoice twice.
    It carries either a sales document (`invoice`) or a purchase e-CF the company issued itself
    (`purchase`, types 41/43/47), never both.
    """

    invoice = models.ForeignKey(
        "invoicing.Invoice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="einvoice_transmissions",
        verbose_name=_("invoice"),
    )
    purchase = models.ForeignKey(
        "einvoicing.PurchaseEcf",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transmissions",
        verbose_name=_("purchase e-CF"),
    )
    format_key = models.CharField(_("format"), max_length=30)
    channel = models.CharField(_("channel"), max_length=20, default="peppol")
    status = models.CharField(
        _("status"), max_length=20, choices=TransmissionStatus.choices, default=TransmissionStatus.VALIDATED
    )
    reason = models.TextField(_("reason"), blank=True)
    document = models.BinaryField(editable=False)
    sender_id = models.CharField(_("sender endpoint"), max_length=100)
    receiver_id = models.CharField(_("receiver endpoint"), max_length=100)
    message_id = models.CharField(_("provider message id"), max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("e-invoice transmission")
        verbose_name_plural = _("e-invoice transmissions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(invoice__isnull=False, purchase__isnull=True)
                | Q(invoice__isnull=True, purchase__isnull=False),
                name="einvoice_transmission_invoice_or_purchase",
            ),
            models.UniqueConstraint(
                fields=["invoice", "channel"],
                condition=~Q(status__in=TRANSMISSION_CLOSED),
                name="einvoice_transmission_one_active",
            ),
            models.UniqueConstraint(
                fields=["purchase", "channel"],
                condition=~Q(status__in=TRANSMISSION_CLOSED),
                name="einvoice_transmission_one_active_purchase",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.format_key} #{self.pk} ({self.status})"

    @property
    def security_code(self) -> str:
        """DGII's CodigoSeguridad of the e-CF sent or summarised (a summary repeats its e-CF's); blank for Peppol.

        Read from the signed e-CF kept beside the invoice or the purchase, not from these bytes:
        `transmission_list` leaves the documents out and joins those rows.
        """
        if self.purchase_id:
            return self.purchase.security_code  # type: ignore[union-attr]
        signed = getattr(self.invoice, "signed_ecf", None)
        return signed.security_code if signed is not None and self.channel != "peppol" else ""


class SignedEcf(models.Model):
    """The one signed e-CF of an issued document: the bytes DGII, the buyer and the PDF's QR all refer to.

    Signing stamps a time and yields the security code printed under the QR, so an invoice is
    signed once and this copy is what every later download, transmission and RFCE summary uses.
    Rows are never changed: a correction is a new note with a new e-NCF.
    """

    invoice = models.OneToOneField(
        "invoicing.Invoice", on_delete=models.PROTECT, related_name="signed_ecf", verbose_name=_("invoice")
    )
    encf = models.CharField(_("e-NCF"), max_length=13, unique=True)
    ecf_type = models.PositiveSmallIntegerField(_("e-CF type"), choices=EcfType.choices)
    document = models.BinaryField(editable=False)
    security_code = models.CharField(_("security code"), max_length=6)
    signed_at = models.DateTimeField(_("signed"))
    total = models.DecimalField(_("total"), max_digits=18, decimal_places=2)
    buyer_rnc = models.CharField(_("buyer RNC"), max_length=11, blank=True)

    class Meta:
        verbose_name = _("signed e-CF")
        verbose_name_plural = _("signed e-CF")
        ordering = ["-signed_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(total__gte=0), name="signed_ecf_total_not_negative")]

    def __str__(self) -> str:
        return self.encf


# e-CF a Dominican company issues itself when it buys: from an informal supplier (41), for minor
# expenses like parking and tolls (43), and when it pays a supplier abroad (47).
PURCHASE_ECF_TYPES = (EcfType.COMPRAS, EcfType.GASTOS_MENORES, EcfType.PAGOS_EXTERIOR)


class ItbisBucket(models.IntegerChoices):
    """DGII's IndicadorFacturacion of a line: which ITBIS rate applies, or exempt."""

    RATE_18 = 1, _("ITBIS 18 %")
    RATE_16 = 2, _("ITBIS 16 %")
    RATE_0 = 3, _("ITBIS 0 %")
    EXEMPT = 4, _("Exempt")


class PurchaseEcf(models.Model):
    """A purchase e-CF (41, 43 or 47): the company is the issuer, the supplier stands where a buyer would.

    Created signed and validated in one step, so every row is an issued document; it is never
    changed afterwards (DGII voids a wrong one with an ANECF). Supplier name and id are copied
    at issue: they are what the signed document shows. `amount_payable` is what the supplier
    receives once the company withheld ITBIS and ISR for DGII.
    """

    ecf_type = models.PositiveSmallIntegerField(_("e-CF type"), choices=EcfType.choices)
    encf = models.CharField(_("e-NCF"), max_length=13, unique=True)
    supplier = models.ForeignKey(
        "parties.Party",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="purchase_ecfs",
        verbose_name=_("supplier"),
    )
    supplier_name = models.CharField(_("supplier name"), max_length=150, blank=True)
    supplier_tax_id = models.CharField(_("supplier tax id"), max_length=20, blank=True)
    issue_date = models.DateField(_("issue date"))
    currency = models.CharField(_("currency"), max_length=3, default="DOP")
    taxable_amount = money_field(_("taxable amount"))
    exempt_amount = money_field(_("exempt amount"))
    itbis_amount = money_field(_("ITBIS"))
    total = money_field(_("total"))
    itbis_withheld = money_field(_("ITBIS withheld"))
    isr_withheld = money_field(_("ISR withheld"))
    amount_payable = money_field(_("amount payable"))
    document = models.BinaryField(editable=False)
    security_code = models.CharField(_("security code"), max_length=6)
    signed_at = models.DateTimeField(_("signed"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("purchase e-CF")
        verbose_name_plural = _("purchase e-CF")
        ordering = ["-issue_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ecf_type__in=PURCHASE_ECF_TYPES, encf__regex=r"^E(41|43|47)[0-9]{10}$")
                & (
                    Q(ecf_type=EcfType.COMPRAS, encf__startswith="E41")
                    | Q(ecf_type=EcfType.GASTOS_MENORES, encf__startswith="E43")
                    | Q(ecf_type=EcfType.PAGOS_EXTERIOR, encf__startswith="E47")
                ),
                name="purchase_ecf_type_matches_encf",
            ),
            models.CheckConstraint(condition=Q(currency="DOP"), name="purchase_ecf_currency_dop"),
            models.CheckConstraint(
                condition=Q(ecf_type=EcfType.GASTOS_MENORES) | Q(supplier__isnull=False),
                name="purchase_ecf_supplier_unless_minor",
            ),
            models.CheckConstraint(
                condition=Q(
                    taxable_amount__gte=0,
                    exempt_amount__gte=0,
                    itbis_amount__gte=0,
                    itbis_withheld__gte=0,
                    isr_withheld__gte=0,
                    amount_payable__gte=0,
                ),
                name="purchase_ecf_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(total=F("taxable_amount") + F("exempt_amount") + F("itbis_amount"))
                & Q(amount_payable=F("total") - F("itbis_withheld") - F("isr_withheld"))
                & Q(itbis_withheld__lte=F("itbis_amount")),
                name="purchase_ecf_totals_add_up",
            ),
            # 43 carries no ITBIS and withholds nothing; 47 is exempt and withholds ISR only.
            models.CheckConstraint(
                condition=~Q(ecf_type=EcfType.GASTOS_MENORES)
                | Q(taxable_amount=0, itbis_amount=0, itbis_withheld=0, isr_withheld=0),
                name="purchase_ecf_minor_without_tax",
            ),
            models.CheckConstraint(
                condition=~Q(ecf_type=EcfType.PAGOS_EXTERIOR) | Q(taxable_amount=0, itbis_amount=0, itbis_withheld=0),
                name="purchase_ecf_abroad_without_itbis",
            ),
        ]

    def __str__(self) -> str:
        return self.encf


class PurchaseEcfLine(models.Model):
    """One line of a purchase e-CF; `amount` is quantity × unit price rounded half-up to cents."""

    purchase = models.ForeignKey(PurchaseEcf, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("line"))
    description = models.TextField(_("description"))
    is_service = models.BooleanField(_("service"), default=True)
    quantity = models.DecimalField(_("quantity"), max_digits=18, decimal_places=2)
    unit_price = models.DecimalField(_("unit price"), max_digits=20, decimal_places=4)
    itbis_bucket = models.PositiveSmallIntegerField(_("ITBIS"), choices=ItbisBucket.choices, default=ItbisBucket.EXEMPT)
    amount = money_field(_("amount"))
    itbis_withheld = money_field(_("ITBIS withheld"))
    isr_withheld = money_field(_("ISR withheld"))

    class Meta:
        verbose_name = _("purchase e-CF line")
        verbose_name_plural = _("purchase e-CF lines")
        ordering = ["purchase", "position"]
        constraints = [
            models.UniqueConstraint(fields=["purchase", "position"], name="purchase_ecf_line_position_unique"),
            models.CheckConstraint(
                condition=Q(
                    quantity__gt=0,
                    unit_price__gte=0,
                    amount__gte=0,
                    itbis_withheld__gte=0,
                    isr_withheld__gte=0,
                    itbis_bucket__in=ItbisBucket.values,
                ),
                name="purchase_ecf_line_values",
            ),
            models.CheckConstraint(condition=Q(isr_withheld__lte=F("amount")), name="purchase_ecf_line_isr_within"),
            models.CheckConstraint(
                condition=Q(itbis_bucket__in=[ItbisBucket.RATE_18, ItbisBucket.RATE_16]) | Q(itbis_withheld=0),
                name="purchase_ecf_line_itbis_withheld_needs_itbis",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.description[:40]}"
