"""The catalogue: what a company sells and buys, with the defaults an invoice line starts from."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _
from stdnum import ean

from apps.ledger.models import Account, AccountType

from .units import Unit

# Unit prices go to 4 decimals (EN 16931 BT-146); the integer part is as wide as an amount's.
PRICE_DECIMALS = 4
PRICE_DIGITS = settings.KONTOR_AMOUNT_DIGITS + PRICE_DECIMALS - 2


class ProductKind(models.TextChoices):
    GOODS = "goods", _("Goods")
    SERVICE = "service", _("Service")


class Product(models.Model):
    number = models.CharField(_("number"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=7, choices=ProductKind.choices, default=ProductKind.GOODS)
    unit = models.CharField(_("unit"), max_length=3, choices=Unit.choices, default=Unit.ONE)
    unit_price = models.DecimalField(
        _("net unit price"), max_digits=PRICE_DIGITS, decimal_places=PRICE_DECIMALS, default=Decimal("0")
    )
    price_base_quantity = models.DecimalField(
        _("price base quantity"),
        max_digits=12,
        decimal_places=4,
        default=Decimal("1"),
        help_text=_("The quantity the price is for, such as 100 for a price per hundred pieces."),
    )
    currency = models.CharField(
        _("currency"), max_length=3, validators=[RegexValidator(r"^[A-Z]{3}$", _("Use an ISO 4217 code."))]
    )
    tax_code = models.ForeignKey(
        "taxes.TaxRate", verbose_name=_("tax code"), on_delete=models.PROTECT, related_name="products"
    )
    revenue_account = models.ForeignKey(
        Account, verbose_name=_("revenue account"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    expense_account = models.ForeignKey(
        Account, verbose_name=_("expense account"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    gtin = models.CharField(_("GTIN"), max_length=14, blank=True, help_text=_("EAN/GTIN barcode number."))
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="catalog_product_price_not_negative"),
            models.CheckConstraint(
                condition=Q(price_base_quantity__gt=0), name="catalog_product_base_quantity_positive"
            ),
        ]
        indexes = [
            # Serve product_search at 100,000 articles: fuzzy words of the name, prefixes of the number.
            GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="catalog_product_name_trgm"),
            # istartswith compares UPPER(number) with LIKE 'X%': a pattern-ops b-tree answers the prefix.
            models.Index(OpClass(Upper("number"), name="text_pattern_ops"), name="catalog_product_number_prefix"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def clean(self) -> None:
        """Reports on the field to correct what would otherwise post a sale to the wrong kind of account."""
        errors: dict[str, ValidationError] = {}
        for field, account_type in (("revenue_account", AccountType.INCOME), ("expense_account", AccountType.EXPENSE)):
            account = getattr(self, field)
            if account is None:
                continue
            if not account.is_postable:
                errors[field] = ValidationError(_("A heading account cannot be posted to."), code="not_postable")
            elif account.type != account_type:
                errors[field] = ValidationError(
                    _("Choose an account of type %(type)s.") % {"type": account_type.label}, code="wrong_type"
                )
        if self.unit_price is not None and self.unit_price < 0:
            errors["unit_price"] = ValidationError(_("The price cannot be negative."), code="negative")
        if self.price_base_quantity is not None and self.price_base_quantity <= 0:
            errors["price_base_quantity"] = ValidationError(_("Must be greater than zero."), code="not_positive")
        if self.gtin and not ean.is_valid(self.gtin):
            errors["gtin"] = ValidationError(_("This is not a valid GTIN/EAN."), code="invalid_gtin")
        if errors:
            raise ValidationError(errors)
