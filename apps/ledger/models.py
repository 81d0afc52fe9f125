"""The books: chart of accounts, fiscal calendar, journals and their entries.

Amounts are base-currency NUMERIC(18, 2), non-negative, with a side (debit or credit).
PostgreSQL itself guards what the whole system relies on (see migration 0002): posted
entries balance, are immutable, and never land in a closed period.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

ZERO = Decimal("0.00")


def amount_field(verbose_name: StrOrPromise) -> models.DecimalField:
    """The one field for base-currency amounts: precision from settings.KONTOR_AMOUNT_DIGITS."""
    return models.DecimalField(verbose_name, max_digits=settings.KONTOR_AMOUNT_DIGITS, decimal_places=2, default=ZERO)


class AccountType(models.TextChoices):
    ASSET = "asset", _("Asset")
    LIABILITY = "liability", _("Liability")
    EQUITY = "equity", _("Equity")
    INCOME = "income", _("Income")
    EXPENSE = "expense", _("Expense")


BALANCE_SHEET_TYPES = frozenset({AccountType.ASSET, AccountType.LIABILITY, AccountType.EQUITY})
PROFIT_AND_LOSS_TYPES = frozenset({AccountType.INCOME, AccountType.EXPENSE})


class Side(models.TextChoices):
    DEBIT = "debit", _("Debit")
    CREDIT = "credit", _("Credit")


NORMAL_SIDE = {
    AccountType.ASSET: Side.DEBIT,
    AccountType.EXPENSE: Side.DEBIT,
    AccountType.LIABILITY: Side.CREDIT,
    AccountType.EQUITY: Side.CREDIT,
    AccountType.INCOME: Side.CREDIT,
}


class Chart(models.TextChoices):
    SKR03 = "skr03", _("SKR 03 (DATEV, Germany)")
    SKR04 = "skr04", _("SKR 04 (DATEV, Germany)")
    BE_PCMN = "be_pcmn", _("Belgian minimum chart (PCMN/MAR)")
    DO_DGII = "do_dgii", _("Dominican chart of accounts (DGII)")


class AccountRole(models.TextChoices):
    """Accounts other apps post to without knowing the chart's numbers."""

    RECEIVABLE = "receivable", _("Trade receivables")
    PAYABLE = "payable", _("Trade payables")
    BANK = "bank", _("Bank")
    CASH = "cash", _("Cash")
    REVENUE = "revenue", _("Default revenue")
    EXPENSE = "expense", _("Default expense")
    RETAINED_EARNINGS = "retained_earnings", _("Retained earnings")
    OPENING_BALANCE = "opening_balance", _("Opening balance clearing")
    ROUNDING = "rounding", _("Rounding differences")
    DISCOUNT_GRANTED = "discount_granted", _("Early-payment discounts granted")
    DISCOUNT_RECEIVED = "discount_received", _("Early-payment discounts received")
    FX_GAIN = "fx_gain", _("Exchange rate gains")
    FX_LOSS = "fx_loss", _("Exchange rate losses")
    WRITE_OFF = "write_off", _("Bad debt write-offs")
    VAT_SETTLEMENT = "vat_settlement", _("VAT settlement")


class LedgerSettings(models.Model):
    """One row per company: which chart it keeps its books in."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    chart = models.CharField(_("chart of accounts"), max_length=10, choices=Chart.choices)

    class Meta:
        verbose_name = _("ledger settings")
        verbose_name_plural = _("ledger settings")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="ledger_settings_singleton")]

    def __str__(self) -> str:
        return str(self.get_chart_display())


class Account(models.Model):
    code = models.CharField(_("number"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=255)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    type = models.CharField(_("type"), max_length=10, choices=AccountType.choices)
    normal_side = models.CharField(_("normal side"), max_length=6, choices=Side.choices)
    is_postable = models.BooleanField(_("postable"), default=True, help_text=_("Headings group accounts."))
    role = models.CharField(_("role"), max_length=20, choices=AccountRole.choices, blank=True)
    default_tax_code = models.ForeignKey(
        "taxes.TaxRate", verbose_name=_("default tax code"), on_delete=models.PROTECT, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("Only for foreign-currency accounts.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["role"], condition=~Q(role=""), name="ledger_account_role_unique"),
            models.CheckConstraint(
                condition=Q(type__in=AccountType.values) & Q(normal_side__in=Side.values), name="ledger_account_type"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.normal_side:
            self.normal_side = NORMAL_SIDE[AccountType(self.type)]
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class TaxPosting(models.Model):
    """Where a tax code's tax goes in this company's chart.

    Reverse charge and intra-community acquisitions post `self_assessment_rate` both as
    tax owed (output account) and, where deductible, as input tax.
    """

    tax_code = models.OneToOneField(
        "taxes.TaxRate", verbose_name=_("tax code"), on_delete=models.CASCADE, related_name="posting"
    )
    output_account = models.ForeignKey(
        Account, verbose_name=_("output tax account"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    input_account = models.ForeignKey(
        Account, verbose_name=_("input tax account"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    self_assessment_rate = models.DecimalField(
        _("self-assessed rate (%)"), max_digits=5, decimal_places=2, default=ZERO
    )

    class Meta:
        verbose_name = _("tax posting")
        verbose_name_plural = _("tax postings")

    def __str__(self) -> str:
        return str(self.tax_code)


class OpenClosed(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class FiscalYear(models.Model):
    start_date = models.DateField(_("start"), unique=True)
    end_date = models.DateField(_("end"), unique=True)
    status = models.CharField(_("status"), max_length=6, choices=OpenClosed.choices, default=OpenClosed.OPEN)

    class Meta:
        verbose_name = _("fiscal year")
        verbose_name_plural = _("fiscal years")
        ordering = ["start_date"]
        constraints = [models.CheckConstraint(condition=Q(end_date__gt=F("start_date")), name="ledger_year_ordered")]

    def __str__(self) -> str:
        if self.start_date.year == self.end_date.year:
            return str(self.start_date.year)
        return f"{self.start_date.year}/{self.end_date.year}"


class PeriodKind(models.TextChoices):
    OPENING = "opening", _("Opening balances")
    REGULAR = "regular", _("Month")
    CLOSING = "closing", _("Year-end closing")


class Period(models.Model):
    """A month of a fiscal year, or the year's opening (number 0) or closing (13) period.

    Opening and closing periods hold only the entries the year-end close makes, so a
    profit and loss over months never sees the closing entry that zeroes it.
    """

    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.PROTECT, related_name="periods")
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=8, choices=PeriodKind.choices, default=PeriodKind.REGULAR)
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    status = models.CharField(_("status"), max_length=6, choices=OpenClosed.choices, default=OpenClosed.OPEN)

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["start_date", "number"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "number"], name="ledger_period_number_unique"),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="ledger_period_ordered"),
            models.CheckConstraint(condition=Q(number__lte=13), name="ledger_period_number_range"),
        ]
        indexes = [models.Index(fields=["start_date", "end_date"], name="ledger_period_dates")]

    def __str__(self) -> str:
        return f"{self.fiscal_year}-{self.number:02d}"

    @property
    def is_open(self) -> bool:
        return self.status == OpenClosed.OPEN


class Journal(models.Model):
    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("journal")
        verbose_name_plural = _("journals")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class JournalSequence(models.Model):
    """The last number used per journal and fiscal year, locked while posting: no gaps."""

    journal = models.ForeignKey(Journal, on_delete=models.PROTECT)
    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.PROTECT)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["journal", "fiscal_year"], name="ledger_sequence_unique")]

    def __str__(self) -> str:
        return f"{self.journal_id}/{self.fiscal_year_id}: {self.last_number}"


class EntryState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    POSTED = "posted", _("Posted")
    REVERSED = "reversed", _("Reversed")


BOOKED_STATES = (EntryState.POSTED, EntryState.REVERSED)


def entry_reference(journal_code: str, year: int, number: int | None) -> str:
    """An entry's human number, e.g. `GJ-2026-000042`."""
    return f"{journal_code}-{year}-{number or 0:06d}"


class JournalEntry(models.Model):
    journal = models.ForeignKey(Journal, verbose_name=_("journal"), on_delete=models.PROTECT)
    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="entries")
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    date = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=255, blank=True)
    # The source document as tax reports and DATEV need it: its number (invoice no., NCF) and party.
    document_number = models.CharField(_("document number"), max_length=36, blank=True)
    party_name = models.CharField(_("party name"), max_length=200, blank=True)
    party_tax_id = models.CharField(_("party tax id"), max_length=20, blank=True)
    state = models.CharField(_("state"), max_length=8, choices=EntryState.choices, default=EntryState.DRAFT)
    source_type = models.CharField(_("source type"), max_length=50, blank=True)
    source_id = models.CharField(_("source id"), max_length=64, blank=True)
    reversal_of = models.OneToOneField(
        "self", verbose_name=_("reverses"), on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["journal", "fiscal_year", "number"],
                condition=Q(number__isnull=False),
                name="ledger_entry_number",
            ),
            models.UniqueConstraint(
                fields=["source_type", "source_id"], condition=~Q(source_type=""), name="ledger_entry_source_once"
            ),
            models.CheckConstraint(condition=Q(state="draft") | Q(number__isnull=False), name="ledger_entry_numbered"),
        ]
        indexes = [models.Index(fields=["date"], name="ledger_entry_date")]

    def __str__(self) -> str:
        return f"{self.journal.code} {self.fiscal_year}/{self.number or '—'}"

    @property
    def reference(self) -> str:
        return entry_reference(self.journal.code, self.fiscal_year.start_date.year, self.number)


class TaxSide(models.TextChoices):
    SALE = "sale", _("Sale")
    PURCHASE = "purchase", _("Purchase")


class JournalLine(models.Model):
    """One debit or credit. `date` and `period` repeat the entry's so reports skip a join."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="lines")
    account = models.ForeignKey(Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="lines")
    date = models.DateField()
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    debit = amount_field(_("debit"))
    credit = amount_field(_("credit"))
    description = models.CharField(_("text"), max_length=255, blank=True)
    tax_code = models.ForeignKey(
        "taxes.TaxRate", verbose_name=_("tax code"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    tax_side = models.CharField(_("tax side"), max_length=8, choices=TaxSide.choices, blank=True)
    is_tax = models.BooleanField(_("tax amount"), default=False, help_text=_("Off: the line is the taxable base."))
    party_ref = models.CharField(_("party"), max_length=64, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    amount_currency = models.DecimalField(
        _("amount in currency"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    exchange_rate = models.DecimalField(_("exchange rate"), max_digits=18, decimal_places=8, null=True, blank=True)

    class Meta:
        verbose_name = _("journal line")
        verbose_name_plural = _("journal lines")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(debit__gte=0) & Q(credit__gte=0), name="ledger_line_not_negative"),
            # Exactly one side carries the amount.
            models.CheckConstraint(
                condition=(Q(debit=0) & Q(credit__gt=0)) | (Q(debit__gt=0) & Q(credit=0)), name="ledger_line_one_side"
            ),
            models.CheckConstraint(condition=Q(tax_code__isnull=True) | ~Q(tax_side=""), name="ledger_line_tax_side"),
        ]
        indexes = [
            models.Index(fields=["account", "date"], name="ledger_line_account_date"),
            models.Index(fields=["period", "account"], name="ledger_line_period_account"),
        ]

    def __str__(self) -> str:
        return f"{self.account.code} {self.debit or -self.credit}"


class AccountPeriodBalance(models.Model):
    """Debits and credits per account and period of booked entries, kept by a trigger.

    Reports sum these instead of scanning millions of lines; migration 0002 updates them
    in the same transaction that posts.
    """

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    debit = amount_field(_("debit"))
    credit = amount_field(_("credit"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "account"], name="ledger_balance_unique")]

    def __str__(self) -> str:
        return f"{self.account_id}@{self.period_id}: {self.debit - self.credit}"
