"""The party registry: customers and suppliers of one company, shared by sales and purchasing."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.postgres.indexes import GinIndex, GistIndex
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from . import identifiers


class Language(models.TextChoices):
    GERMAN = "de", _("German")
    FRENCH = "fr", _("French")
    DUTCH = "nl", _("Dutch")
    SPANISH = "es", _("Spanish")
    ENGLISH = "en", _("English")


class FiscalRegime(models.TextChoices):
    """How the Dominican tax authority (DGII) classifies a buyer; it decides the e-CF type of a sale."""

    STANDARD = "standard", _("Standard")
    SPECIAL_REGIME = "special_regime", _("Special tax regime (e.g. free zone)")
    GOVERNMENT = "government", _("Government body")


class Party(models.Model):
    """A customer, a supplier or both; identifiers are stored in their compact canonical form."""

    number = models.CharField(_("number"), max_length=20, unique=True, editable=False)
    is_customer = models.BooleanField(_("customer"), default=False)
    is_supplier = models.BooleanField(_("supplier"), default=False)
    legal_name = models.CharField(_("legal name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166-1 alpha-2"))
    tax_id = models.CharField(_("tax id"), max_length=32, blank=True)
    fiscal_regime = models.CharField(
        _("fiscal regime"),
        max_length=20,
        choices=FiscalRegime.choices,
        default=FiscalRegime.STANDARD,
        help_text=_("DGII classification of a Dominican buyer: decides the e-CF type of its invoices."),
    )
    peppol_id = models.CharField(_("Peppol id"), max_length=100, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True, db_index=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    payment_days = models.PositiveSmallIntegerField(_("payment days (net)"), default=14)
    skonto_percent = models.DecimalField(
        _("skonto percent"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    skonto_days = models.PositiveSmallIntegerField(_("skonto days"), default=0)
    credit_limit = models.DecimalField(
        _("credit limit"), max_digits=18, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH)
    currency = models.CharField(_("currency"), max_length=3, help_text=_("ISO 4217"))
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["number"]
        indexes = [
            # GiST, not GIN: it walks names in order of trigram distance (ORDER BY … LIMIT).
            GistIndex(fields=["legal_name"], opclasses=["gist_trgm_ops"], name="party_legal_name_trgm_gist"),
            GinIndex(fields=["number"], opclasses=["gin_trgm_ops"], name="party_number_trgm"),
            GinIndex(fields=["tax_id"], opclasses=["gin_trgm_ops"], name="party_tax_id_trgm"),
            GinIndex(fields=["email"], opclasses=["gin_trgm_ops"], name="party_email_trgm"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_customer=True) | models.Q(is_supplier=True), name="party_customer_or_supplier"
            ),
            models.CheckConstraint(
                condition=models.Q(skonto_percent__gte=0, skonto_percent__lte=100), name="party_skonto_percent_range"
            ),
            models.CheckConstraint(
                condition=models.Q(skonto_days=0) | models.Q(skonto_days__lt=models.F("payment_days")),
                name="party_skonto_before_net",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.legal_name}"

    def clean(self) -> None:
        """Normalizes the identifiers and collects every broken rule, each under its field."""
        errors: dict[str, StrOrPromise] = {}
        self.country = self.country.strip().upper()
        self.currency = self.currency.strip().upper()
        if not (self.is_customer or self.is_supplier):
            errors["is_customer"] = _("A party is a customer, a supplier or both.")
        if not identifiers.is_country(self.country):
            errors["country"] = _("Not an ISO 3166-1 country code.")
        if not identifiers.is_currency(self.currency):
            errors["currency"] = _("Not an ISO 4217 currency code.")
        if self.skonto_days and self.skonto_days >= self.payment_days:
            errors["skonto_days"] = _("Skonto days must be fewer than the net payment days.")
        normalizers = {
            "iban": identifiers.iban_normalize,
            "bic": identifiers.bic_normalize,
            "peppol_id": identifiers.peppol_id_normalize,
        }
        if "country" not in errors:
            normalizers["tax_id"] = lambda value: identifiers.tax_id_normalize(country=self.country, value=value)
        for field, normalize in normalizers.items():
            try:
                setattr(self, field, normalize(getattr(self, field)))
            except ValueError as exc:
                errors[field] = str(exc)
        if errors:
            raise ValidationError(errors)


class PartySequence(models.Model):
    """The one row whose lock serializes party numbering, so concurrent creates never collide."""

    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.last_number)


class AddressKind(models.TextChoices):
    BILLING = "billing", _("Billing")
    SHIPPING = "shipping", _("Shipping")
    OTHER = "other", _("Other")


class Address(models.Model):
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="addresses")
    kind = models.CharField(_("kind"), max_length=10, choices=AddressKind.choices, default=AddressKind.BILLING)
    line1 = models.CharField(_("address line 1"), max_length=200)
    line2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country"), max_length=2)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.line1}, {self.postal_code} {self.city}".strip()

    def clean(self) -> None:
        self.country = self.country.strip().upper()
        if not identifiers.is_country(self.country):
            raise ValidationError({"country": _("Not an ISO 3166-1 country code.")})


class Contact(models.Model):
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    role = models.CharField(_("role"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
