import datetime

import factory

from apps.ledger.models import (
    Account,
    AccountType,
    FiscalYear,
    Journal,
    JournalEntry,
    Period,
    Side,
    TaxPosting,
)
from apps.taxes.tests.factories import TaxRateFactory


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account

    code = factory.Sequence(lambda n: f"0000{n:04d}")  # sorts before every real account number
    name = factory.Sequence(lambda n: f"Test account {n}")
    type = AccountType.EXPENSE
    normal_side = Side.DEBIT


class TaxPostingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaxPosting

    tax_code = factory.SubFactory(TaxRateFactory)
    output_account = factory.SubFactory(AccountFactory, type=AccountType.LIABILITY, normal_side=Side.CREDIT)
    input_account = factory.SubFactory(AccountFactory, type=AccountType.ASSET)


class FiscalYearFactory(factory.django.DjangoModelFactory):
    """Years far in the future, so they never overlap the books a test posts to."""

    class Meta:
        model = FiscalYear

    start_date = factory.Sequence(lambda n: datetime.date(2200 + n, 1, 1))
    end_date = factory.LazyAttribute(lambda year: year.start_date.replace(month=12, day=31))


class PeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Period

    fiscal_year = factory.SubFactory(FiscalYearFactory)
    number = 1
    start_date = factory.LazyAttribute(lambda period: period.fiscal_year.start_date)
    end_date = factory.LazyAttribute(lambda period: period.start_date.replace(day=31))


class JournalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Journal

    code = factory.Sequence(lambda n: f"J{n}")
    name = factory.Sequence(lambda n: f"Journal {n}")


class JournalEntryFactory(factory.django.DjangoModelFactory):
    """A draft entry: posted ones come only from the posting service."""

    class Meta:
        model = JournalEntry

    journal = factory.SubFactory(JournalFactory)
    period = factory.SubFactory(PeriodFactory)
    fiscal_year = factory.SelfAttribute("period.fiscal_year")
    date = factory.SelfAttribute("period.start_date")
    description = factory.Sequence(lambda n: f"Draft entry {n}")
