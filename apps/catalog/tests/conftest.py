from collections.abc import Iterator

import pytest
from django_tenants.utils import tenant_context

from apps.ledger.models import Account, AccountRole, AccountType
from apps.taxes.models import TaxRate
from apps.tenants.models import Tenant


@pytest.fixture
def in_alpha(tenant_a: Tenant) -> Iterator[Tenant]:
    """Runs the test inside company alpha's schema (German, SKR 03, EUR)."""
    with tenant_context(tenant_a):
        yield tenant_a


@pytest.fixture
def vat19(in_alpha: Tenant) -> TaxRate:
    return TaxRate.objects.get(code="de-standard-19")


@pytest.fixture
def revenue(in_alpha: Tenant) -> Account:
    return Account.objects.get(role=AccountRole.REVENUE)


@pytest.fixture
def heading(in_alpha: Tenant) -> Account:
    return Account.objects.filter(is_postable=False, type=AccountType.INCOME).first()  # type: ignore[return-value]


@pytest.fixture
def other_income(in_alpha: Tenant, revenue: Account) -> Account:
    return Account.objects.filter(is_postable=True, type=AccountType.INCOME).exclude(pk=revenue.pk).first()  # type: ignore[return-value]


@pytest.fixture
def expense(in_alpha: Tenant) -> Account:
    return Account.objects.filter(is_postable=True, type=AccountType.EXPENSE).first()  # type: ignore[return-value]
