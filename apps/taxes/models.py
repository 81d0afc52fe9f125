"""The VAT / ITBIS rates a company charges and pays."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class TaxCategory(models.TextChoices):
    """EN 16931 VAT category codes (UNCL5305), which e-invoices carry as they are."""

    STANDARD = "S", _("Standard or reduced rate")
    ZERO = "Z", _("Zero rated")
    EXEMPT = "E", _("Exempt")
    REVERSE_CHARGE = "AE", _("Reverse charge")
    INTRA_EU = "K", _("Intra-community supply")
    EXPORT = "G", _("Export outside the EU")
    OUT_OF_SCOPE = "O", _("Outside the scope of VAT")


class TaxRate(models.Model):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    category = models.CharField(_("category"), max_length=2, choices=TaxCategory.choices)
    rate = models.DecimalField(
        _("rate (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("tax rate")
        verbose_name_plural = _("tax rates")
        ordering = ["-rate", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(rate__gte=0) & Q(rate__lte=100), name="tax_rate_between_0_and_100"),
            # Only standard-category rates carry a percentage; every other category is 0 %.
            models.CheckConstraint(condition=Q(category="S") | Q(rate=0), name="tax_rate_zero_unless_standard"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")), name="tax_rate_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.rate} %)"

    def clean(self) -> None:
        """The constraints above, reported on the field a person has to correct."""
        errors = {}
        if self.category != TaxCategory.STANDARD and self.rate not in (None, Decimal("0")):
            errors["rate"] = ValidationError(_("Only standard-category rates carry a percentage."), code="not_zero")
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            errors["valid_to"] = ValidationError(_("The end date is before the start date."), code="before_start")
        if errors:
            raise ValidationError(errors)
