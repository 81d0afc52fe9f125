"""Overdue invoices and their notices for `make run`'s demo companies.

Two customers without e-mail (letters go by post, so seeding queues no mail): a business
whose invoice reached the final notice, and a consumer at the reminder. The notices come
from replaying the daily run over the past days, as the scheduler would have done.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from apps.invoicing.services import DraftData, LineData, invoice_create, invoice_issue, invoices_mark_overdue
from apps.parties.services import party_create
from apps.taxes.models import TaxRate
from apps.tenants.countries import PROFILES
from apps.tenants.models import Tenant

from .models import DunningSettings, InterestMode
from .services import dunning_run

STANDARD = {"DE": "de-standard-19", "BE": "be-standard-21", "DO": "do-itbis-18"}
# A business has a tax id (see docs/dunning.md); the same valid ids the invoicing demo uses.
BUSINESS_TAX_ID = {"DE": "DE811907980", "BE": "BE0202239951", "DO": "101014334"}
# (customer, is a business, days since the invoice was issued, net amount)
OVERDUE = [("Schreinerei Holzwurm", True, 60, "1840.00"), ("Familie Berger", False, 25, "389.50")]
PAYMENT_DAYS = 14
DEMO_FIXED_RATE = Decimal("8")  # where no statutory rate is modelled (Belgium, Dominican Republic)


def dunning_demo_seed(tenant: Tenant) -> None:
    profile = PROFILES[tenant.country]
    mode = InterestMode.STATUTORY_DE if tenant.country == "DE" else InterestMode.FIXED
    DunningSettings.objects.update_or_create(
        singleton=True, defaults={"interest_mode": mode, "fixed_rate": Decimal("8")}
    )
    today = timezone.localdate()
    first_due = today
    for name, is_business, age, net in OVERDUE:
        customer = party_create(
            legal_name=name, country=tenant.country, is_customer=True, currency=profile.currency,
            payment_days=PAYMENT_DAYS, language=profile.language,
            tax_id=BUSINESS_TAX_ID[tenant.country] if is_business else "",
        ).party  # fmt: skip
        line = LineData(description="Einbauküche, Montage", quantity=Decimal("1"), unit_price=Decimal(net),
                        tax_code=TaxRate.objects.get(code=STANDARD[tenant.country]).code)  # fmt: skip
        draft = invoice_create(data=DraftData(customer=customer.pk, lines=[line]))
        issued = invoice_issue(invoice=draft, issue_date=today - datetime.timedelta(days=age))
        if issued.due_date is not None:
            first_due = min(first_due, issued.due_date)
    day = first_due
    while day <= today:
        invoices_mark_overdue(on=day)
        dunning_run(on=day)
        day += datetime.timedelta(days=1)
