import pytest

from apps.ledger.models import Account, AccountRole
from apps.ledger.tests.sample_books import SampleAccounts, post_sample_books
from apps.tenants.models import Tenant


@pytest.fixture
def role_codes(in_alpha: Tenant) -> dict[str, str]:
    """Account number per role in alpha's chart: tests post by role, not by SKR number."""
    return dict(Account.objects.exclude(role="").values_list("role", "code"))


@pytest.fixture
def bank(role_codes: dict[str, str]) -> str:
    return role_codes[AccountRole.BANK]


@pytest.fixture
def revenue(role_codes: dict[str, str]) -> str:
    return role_codes[AccountRole.REVENUE]


@pytest.fixture
def books(in_alpha: Tenant) -> SampleAccounts:
    """The hand-computed sample books of `sample_books`, posted in alpha."""
    return post_sample_books()
