"""A year of plausible bookkeeping for `make run`'s demo companies.

Sales with output tax, purchases with input tax, rent, wages and the payments that
settle them, so every report has something true to show. Seeded, so it is the same
on every machine.
"""

from __future__ import annotations

import datetime
import random
from decimal import ROUND_HALF_UP, Decimal

from apps.tenants.models import Tenant

from .models import Account, AccountRole, LedgerSettings, TaxPosting, TaxSide
from .services import EntrySpec, LineSpec, entries_post

CENT = Decimal("0.01")


def _tax(net: Decimal, posting: TaxPosting) -> Decimal:
    return (net * posting.tax_code.rate / 100).quantize(CENT, ROUND_HALF_UP)


class _Books:
    def __init__(self) -> None:
        self.role = dict(Account.objects.exclude(role="").values_list("role", "code"))
        revenue = Account.objects.select_related("default_tax_code").get(role=AccountRole.REVENUE)
        self.tax = TaxPosting.objects.select_related("tax_code", "output_account", "input_account").get(
            tax_code=revenue.default_tax_code
        )
        assert self.tax.output_account and self.tax.input_account, "the chart maps the standard rate"  # noqa: S101
        self.output_account, self.input_account = self.tax.output_account.code, self.tax.input_account.code
        chart = LedgerSettings.objects.get().chart
        self.expenses = [code for code in PURCHASE_ACCOUNTS[chart] if Account.objects.filter(code=code).exists()] or [
            self.role[AccountRole.EXPENSE]
        ]
        self.rent = RENT_ACCOUNT[chart]

    def sale(self, day: datetime.date, number: int, net: Decimal, customer: str) -> EntrySpec:
        tax = _tax(net, self.tax)
        code = self.tax.tax_code.code
        return EntrySpec(
            date=day,
            journal="SAL",
            description=f"Invoice {number} {customer}",
            document_number=f"RE-{day.year}-{number:04d}",
            party_name=customer,
            lines=[
                LineSpec(account=self.role[AccountRole.RECEIVABLE], debit=net + tax, party_ref=customer),
                LineSpec(account=self.role[AccountRole.REVENUE], credit=net, tax_code=code, tax_side=TaxSide.SALE),
                LineSpec(account=self.output_account, credit=tax, tax_code=code, tax_side=TaxSide.SALE, is_tax=True),
            ],
        )

    def purchase(self, day: datetime.date, net: Decimal, expense: str, supplier: str) -> EntrySpec:
        tax = _tax(net, self.tax)
        code = self.tax.tax_code.code
        return EntrySpec(
            date=day,
            journal="PUR",
            description=f"{supplier}",
            document_number=f"ER-{day:%Y%m%d}",
            party_name=supplier,
            lines=[
                LineSpec(account=expense, debit=net, tax_code=code, tax_side=TaxSide.PURCHASE),
                LineSpec(
                    account=self.input_account,
                    debit=tax,
                    tax_code=code,
                    tax_side=TaxSide.PURCHASE,
                    is_tax=True,
                ),
                LineSpec(account=self.role[AccountRole.PAYABLE], credit=net + tax, party_ref=supplier),
            ],
        )

    def transfer(self, day: datetime.date, debit: str, credit: str, amount: Decimal, text: str) -> EntrySpec:
        return EntrySpec(
            date=day,
            journal="BNK",
            description=text,
            lines=[LineSpec(account=debit, debit=amount), LineSpec(account=credit, credit=amount)],
        )


# What a small business typically buys, per chart: goods, subcontractors, office, phone, car, upkeep.
PURCHASE_ACCOUNTS = {
    "skr03": ["3400", "3106", "4930", "4920", "4530", "4250", "4260", "4240", "4600", "4806"],
    "skr04": ["5400", "6815", "6805", "6530", "6330", "6335", "6600", "6470"],
    "be_pcmn": ["600000", "601000", "604000", "611000", "612100", "612500", "612600", "613100", "614000"],
    "do_dgii": ["510102", "510202", "620105", "620107", "620109", "620110", "620112"],
}
RENT_ACCOUNT = {"skr03": "4210", "skr04": "6310", "be_pcmn": "610000", "do_dgii": "620201"}
CUSTOMERS = ["Müller & Söhne", "Atelier Dupont", "Hotel Sonnenhof", "Familie Krause", "Café Central", "Stadtwerke"]
SUPPLIERS = ["Holzhandel Weber", "Bauhaus Fachcentrum", "Telekom", "Stadtwerke Energie", "Würth"]


def ledger_demo_seed(tenant: Tenant) -> None:
    """Twelve months up to today: ~20 sales and ~12 purchases a month, paid mostly on time."""
    books = _Books()
    rng = random.Random(f"kontor-demo-{tenant.slug}")  # noqa: S311 - sample data, not security
    today = datetime.date.today()
    specs: list[EntrySpec] = []
    number = 0
    for months_back in range(12, -1, -1):
        first = (today.replace(day=1) - datetime.timedelta(days=months_back * 30)).replace(day=1)
        for _sale in range(20):
            day = first + datetime.timedelta(days=rng.randint(0, 27))
            if day > today:
                continue
            number += 1
            net = Decimal(rng.randint(180, 6500)) + Decimal(rng.randint(0, 99)) / 100
            spec = books.sale(day, number, net, rng.choice(CUSTOMERS))
            specs.append(spec)
            paid = day + datetime.timedelta(days=rng.randint(5, 40))
            if paid <= today:
                specs.append(
                    books.transfer(
                        paid, books.role["bank"], books.role["receivable"], spec.lines[0].debit, spec.description
                    )
                )
        rent_day = first.replace(day=3)
        if rent_day <= today:
            specs.append(books.transfer(rent_day, books.rent, books.role["bank"], Decimal("1850.00"), "Rent"))
        for _purchase in range(12):
            day = first + datetime.timedelta(days=rng.randint(0, 27))
            if day > today:
                continue
            net = Decimal(rng.randint(40, 2500)) + Decimal(rng.randint(0, 99)) / 100
            spec = books.purchase(day, net, rng.choice(books.expenses), rng.choice(SUPPLIERS))
            specs.append(spec)
            paid = day + datetime.timedelta(days=rng.randint(3, 30))
            if paid <= today:
                specs.append(
                    books.transfer(
                        paid, books.role["payable"], books.role["bank"], spec.lines[2].credit, spec.description
                    )
                )
    specs.sort(key=lambda spec: spec.date)
    entries_post(specs=specs)
