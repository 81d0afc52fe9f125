from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django_tenants.utils import schema_exists, tenant_context

from apps.core.errors import ApplicationError
from apps.taxes.models import TaxRate
from apps.tenants import defaults
from apps.tenants.models import Domain, Membership, Role, Tenant, User
from apps.tenants.services import membership_grant, tenant_provision, tenant_security_update
from apps.tenants.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def provision(**overrides):
    details = {
        "slug": "gamma",
        "name": "Gamma Werkstatt GmbH",
        "country": "DE",
        "owner_email": "Chef@Gamma.test",
        "owner_password": PASSWORD,
    }
    return tenant_provision(**{**details, **overrides})


def footprint():
    return (
        Tenant.objects.count(),
        Domain.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
    )


@pytest.mark.parametrize(
    ("country", "tax_id", "currency", "rates"),
    [
        ("DE", "DE 136 695 976", "EUR", {"19.00", "7.00", "0.00"}),
        ("BE", "BE 0403.019.261", "EUR", {"21.00", "12.00", "6.00", "0.00"}),
        ("DO", "1-31-24679-6", "DOP", {"18.00", "16.00", "0.00"}),
    ],
)
def test_provision_creates_schema_host_owner_and_country_defaults(country, tax_id, currency, rates):
    tenant = provision(country=country, tax_id=tax_id)

    assert tenant.schema_name == "t_gamma" and schema_exists("t_gamma")
    assert tenant.base_currency == currency
    assert tenant.tax_id == {"DE": "DE136695976", "BE": "BE0403019261", "DO": "131246796"}[country]
    assert Domain.objects.get(tenant=tenant).domain == "gamma.kontor.test"
    membership = Membership.objects.get(tenant=tenant)
    assert (membership.user.email, membership.role) == ("chef@gamma.test", Role.OWNER)
    with tenant_context(tenant):
        assert {str(rate) for rate in TaxRate.objects.values_list("rate", flat=True)} == rates
        assert TaxRate.objects.filter(category="S").count() == len(rates - {"0.00"})


def test_provision_failing_midway_leaves_nothing_behind(monkeypatch):
    before = footprint()

    def broken_seeder(tenant):
        TaxRate.objects.create(code="half", name="half", category="S", rate=Decimal("1"), valid_from="2024-01-01")
        raise RuntimeError("seeding failed")

    monkeypatch.setitem(defaults._seeders, "broken", broken_seeder)
    with pytest.raises(RuntimeError):
        provision()

    connection.set_schema_to_public()
    assert footprint() == before
    assert not schema_exists("t_gamma")


def test_provision_refuses_a_taken_slug_without_creating_anything(tenant_a):
    before = footprint()

    with pytest.raises(ApplicationError) as error:
        provision(slug="alpha")

    assert (error.value.field, error.value.code) == ("slug", "slug_taken")
    assert footprint() == before


@pytest.mark.parametrize(
    ("country", "tax_id"),
    [("DE", "DE136695977"), ("DE", "BE0403019261"), ("BE", "BE0403019262"), ("DO", "131246797"), ("DO", "12345")],
)
def test_provision_refuses_an_invalid_tax_id(country, tax_id):
    before = footprint()

    with pytest.raises(ValidationError) as error:
        provision(country=country, tax_id=tax_id)

    assert list(error.value.message_dict) == ["tax_id"]
    assert footprint() == before


@pytest.mark.parametrize("slug", ["ab", "Has Space", "-lead", "trail-", "www", "admin", "under_score"])
def test_provision_refuses_a_malformed_or_reserved_slug(slug):
    with pytest.raises(ValidationError) as error:
        provision(slug=slug)

    assert "slug" in error.value.message_dict


def test_existing_user_adds_a_company_only_with_their_password(owner_a):
    with pytest.raises(ApplicationError) as error:
        provision(owner_email=owner_a.email, owner_password="not-their-password")
    assert error.value.field == "owner_email"

    tenant = provision(owner_email=owner_a.email, owner_password=PASSWORD)
    assert Membership.objects.get(tenant=tenant).user == owner_a


def test_weak_owner_password_is_refused_on_its_field():
    with pytest.raises(ValidationError) as error:
        provision(owner_password="12345678")

    assert list(error.value.message_dict) == ["owner_password"]


def test_membership_grant_sets_role_and_module_rights(tenant_a):
    user = UserFactory()

    membership = membership_grant(tenant=tenant_a, user=user, role=Role.MEMBER, module_rights={"taxes": {"view"}})

    assert membership.rights_in("taxes") == {"view"}
    assert membership.rights_in("invoicing") == {"view", "edit"}


def test_only_owners_change_the_two_factor_rule(tenant_a, owner_a):
    accountant = UserFactory()
    membership_grant(tenant=tenant_a, user=accountant, role=Role.ACCOUNTANT)

    with pytest.raises(ApplicationError) as error:
        tenant_security_update(tenant=tenant_a, require_two_factor=True, changed_by=accountant)
    assert error.value.status == 403
    tenant_a.refresh_from_db()
    assert tenant_a.require_two_factor is False

    tenant_security_update(tenant=tenant_a, require_two_factor=True, changed_by=owner_a)
    tenant_a.refresh_from_db()
    assert tenant_a.require_two_factor is True


def test_a_template_behind_the_code_is_never_cloned():
    from apps.tenants.selectors import template_schema_is_current

    assert template_schema_is_current()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM tenant_template.django_migrations WHERE app = 'taxes'")
        cursor.execute("DROP TABLE tenant_template.taxes_taxrate CASCADE")
    assert not template_schema_is_current()

    tenant = provision()

    with tenant_context(tenant):
        assert TaxRate.objects.count() == 7  # the table came from running the migrations
