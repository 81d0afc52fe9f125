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
    """

    invoice = models.ForeignKey(
        "invoicing.Invoice", on_delete=models.PROTECT, related_name="einvoice_transmissions", verbose_name=_("invoice")
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
            models.UniqueConstraint(
                fields=["invoice", "channel"],
                condition=~Q(status__in=TRANSMISSION_CLOSED),
                name="einvoice_transmission_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.format_key} #{self.pk} ({self.status})"

    @property
    def security_code(self) -> str:
        """DGII's CodigoSeguridad of the e-CF sent, read from the stored signature (blank for Peppol)."""
        if self.format_key != "ecf":
            return ""
        from .ecf.signing import security_code  # signing imports the certificate model from here

        return security_code(bytes(self.document))
