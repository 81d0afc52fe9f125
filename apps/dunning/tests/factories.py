import datetime
from decimal import Decimal

import factory

from apps.dunning.models import BaseRate, DunningLevel, DunningNotice, DunningSettings, DunningStop
from apps.invoicing.models import InvoiceStatus
from apps.invoicing.tests.factories import InvoiceFactory
from apps.parties.tests.factories import PartyFactory


class DunningLevelFactory(factory.django.DjangoModelFactory):
    """Levels above the three every company is given."""

    class Meta:
        model = DunningLevel

    level = factory.Sequence(lambda n: 10 + n)
    name = factory.Sequence(lambda n: f"Level {10 + n}")
    days = 60


class DunningSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DunningSettings


class BaseRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BaseRate

    valid_from = factory.Sequence(lambda n: datetime.date(2040, 1, 1) + datetime.timedelta(days=n))
    rate = Decimal("2.00")


class DunningStopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DunningStop

    party = factory.SubFactory(PartyFactory)
    reason = "Disputed"


class DunningNoticeFactory(factory.django.DjangoModelFactory):
    """A notice on a bare numbered invoice; real ones come from the run."""

    class Meta:
        model = DunningNotice

    invoice = factory.SubFactory(
        InvoiceFactory,
        status=InvoiceStatus.ISSUED,
        number=factory.Sequence(lambda n: f"DUN-{n:05d}"),
        issue_date=datetime.date(2031, 1, 1),
        due_date=datetime.date(2031, 1, 15),
        amount_due=Decimal("100.00"),
    )
    level = factory.LazyFunction(lambda: DunningLevel.objects.order_by("level").first())
    notice_date = datetime.date(2031, 1, 22)
    currency = "EUR"
    open_amount = Decimal("100.00")
    total = Decimal("100.00")
