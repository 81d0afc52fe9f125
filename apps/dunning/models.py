"""Dunning: the levels a company escalates through, the notices it sent, and what it claims on them.

A notice is a claim printed on a letter: the open amount, the fee and the default interest.
Fees and interest are not posted to the ledger (see docs/dunning.md): small businesses book
them when, and if, they are paid.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.invoicing.models import SendStatus, money_field

ZERO = Decimal("0")
STANDARD_TEXT_HELP = _("Leave empty for the standard text.")


def rate_field(verbose_name: object, **kwargs: object) -> models.DecimalField:
    """An annual interest rate in percent, e.g. 3.37 (the German base rate was negative for years)."""
    return models.DecimalField(verbose_name, max_digits=6, decimal_places=2, **kwargs)  # type: ignore[arg-type]


class CountsFrom(models.TextChoices):
    DUE_DATE = "due_date", _("days after the due date")
    PREVIOUS_NOTICE = "previous_notice", _("days after the previous notice")


def standard_wording() -> dict[int, tuple[str, str, str]]:
    """The usual name, introduction and closing of the first three levels, in the active language."""
    return {
        1: (
            gettext("Payment reminder"),
            gettext("Perhaps our invoice has escaped your attention. We kindly ask you to pay the open amount."),
            gettext("If you have paid in the meantime, please disregard this letter."),
        ),
        2: (
            gettext("1st notice"),
            gettext("We have not yet received your payment despite our reminder. Please pay the amount below."),
            gettext("Please transfer the total within 7 days."),
        ),
        3: (
            gettext("2nd and final notice"),
            gettext("Despite our reminders the invoice below is still unpaid. We claim fees and default interest."),
            gettext("Unless we receive the total within 7 days, we will hand the claim over without further notice."),
        ),
    }


class DunningLevel(models.Model):
    """One step of escalation; an invoice climbs them in order of `level`, never skipping one.

    Blank texts mean the standard wording, in the language of whoever reads it: the letter
    in the customer's, the page in the user's. Written texts are printed as they are.
    """

    level = models.PositiveSmallIntegerField(_("level"), unique=True, validators=[MinValueValidator(1)])
    name = models.CharField(_("name"), max_length=100, blank=True, help_text=_("Leave empty for the standard name."))
    days = models.PositiveSmallIntegerField(_("days"), validators=[MaxValueValidator(3650)])
    counts_from = models.CharField(
        _("counted from"), max_length=16, choices=CountsFrom.choices, default=CountsFrom.DUE_DATE
    )
    fee = money_field(_("fee"))
    charges_interest = models.BooleanField(_("charge default interest"), default=False)
    intro_text = models.TextField(
        _("letter introduction"), blank=True, help_text=_("Leave empty for the standard text.")
    )
    closing_text = models.TextField(_("letter closing"), blank=True, help_text=_("Leave empty for the standard text."))

    class Meta:
        verbose_name = _("dunning level")
        verbose_name_plural = _("dunning levels")
        ordering = ["level"]
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1), name="dunning_level_positive"),
            models.CheckConstraint(condition=Q(fee__gte=0), name="dunning_level_fee_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.level}. {self.title}"

    def _standard(self, index: int) -> str:
        wording = standard_wording().get(self.level)
        if wording:
            return wording[index]
        return gettext("Notice %(level)s") % {"level": self.level} if index == 0 else ""

    @property
    def title(self) -> str:
        return self.name or self._standard(0)

    @property
    def intro(self) -> str:
        return self.intro_text or self._standard(1)

    @property
    def closing(self) -> str:
        return self.closing_text or self._standard(2)


class InterestMode(models.TextChoices):
    NONE = "none", _("No default interest")
    FIXED = "fixed", _("Fixed annual rate")
    STATUTORY_DE = "statutory_de", _("German statutory rate (§ 288 BGB)")


class DunningSettings(models.Model):
    """One row per company, made on first save; without it no interest is charged.

    The single row is enforced by a unique constant column rather than a fixed id, so the
    row may carry any id (the admin's isolation test plants rows with ids of its own).
    """

    singleton = models.BooleanField(default=True, unique=True, editable=False)
    interest_mode = models.CharField(
        _("default interest"), max_length=16, choices=InterestMode.choices, default=InterestMode.NONE
    )
    fixed_rate = rate_field(
        _("fixed annual rate (%)"), default=ZERO, validators=[MinValueValidator(ZERO), MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("dunning settings")
        verbose_name_plural = _("dunning settings")
        constraints = [
            models.CheckConstraint(condition=Q(singleton=True), name="dunning_settings_singleton"),
            models.CheckConstraint(condition=Q(fixed_rate__gte=0), name="dunning_settings_rate_not_negative"),
        ]

    def __str__(self) -> str:
        return str(_("Dunning settings"))


class BaseRate(models.Model):
    """The Deutsche Bundesbank's base rate (Basiszinssatz, § 247 BGB), valid from a date until the next."""

    valid_from = models.DateField(_("valid from"), unique=True)
    rate = rate_field(_("base rate (%)"))

    class Meta:
        verbose_name = _("base rate")
        verbose_name_plural = _("base rates")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.valid_from}: {self.rate} %"


class DunningStop(models.Model):
    """No notices for this customer while stopped (until `until`, if given): a dispute, an agreed plan."""

    party = models.OneToOneField(
        "parties.Party", verbose_name=_("customer"), on_delete=models.CASCADE, related_name="dunning_stop"
    )
    stopped = models.BooleanField(_("dunning stopped"), default=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    until = models.DateField(_("until"), null=True, blank=True, help_text=_("Empty: until lifted."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dunning stop")
        verbose_name_plural = _("dunning stops")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return str(self.party)


class DunningNotice(models.Model):
    """One letter at one level for one invoice; (invoice, level) is unique, so a run repeats nothing."""

    invoice = models.ForeignKey(
        "invoicing.Invoice", verbose_name=_("invoice"), on_delete=models.PROTECT, related_name="dunning_notices"
    )
    level = models.ForeignKey(DunningLevel, verbose_name=_("level"), on_delete=models.PROTECT, related_name="notices")
    notice_date = models.DateField(_("notice date"))
    currency = models.CharField(_("currency"), max_length=3)
    open_amount = money_field(_("open amount"))
    earlier_fees = money_field(_("fees of earlier notices"))
    fee = money_field(_("fee"))
    interest = money_field(_("interest"))
    interest_periods = models.JSONField(
        _("interest periods"), default=list, blank=True, help_text=_("From, to, days and annual rate of each period.")
    )
    total = money_field(_("total claimed"))
    send_status = models.CharField(_("sending"), max_length=10, choices=SendStatus.choices, default=SendStatus.NOT_SENT)
    recipients = models.CharField(_("recipients"), max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(_("error"), blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dunning notice")
        verbose_name_plural = _("dunning notices")
        ordering = ["-notice_date", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["invoice", "level"], name="dunning_notice_once_per_level"),
            models.CheckConstraint(
                condition=Q(open_amount__gt=0, fee__gte=0, interest__gte=0, earlier_fees__gte=0),
                name="dunning_notice_amounts",
            ),
            models.CheckConstraint(
                condition=Q(
                    total=models.F("open_amount") + models.F("earlier_fees") + models.F("fee") + models.F("interest")
                ),
                name="dunning_notice_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invoice} – {self.level}"
