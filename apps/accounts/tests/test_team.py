"""Owners run their team: invite, change roles and rights, remove; everyone else only looks."""

import re

import pytest
from django.core import mail

from apps.tenants.models import Membership, ModuleAccess, Role, User
from apps.tenants.selectors import business_modules
from apps.tenants.tests.factories import PASSWORD

MEMBER_DEFAULT = ["edit", "view"]  # a member's rights in every module by default


def _member_form(**rights: list[str]) -> dict[str, object]:
    """The team form for a member: the given modules' rights, every other module at its default."""
    data: dict[str, object] = {"role": "member"}
    for label, _name in business_modules():
        data[f"rights_{label}"] = rights.get(label, MEMBER_DEFAULT)
    return data


def _member_rights(**rights: list[str]) -> dict[str, list[str]]:
    return {label: rights.get(label, MEMBER_DEFAULT) for label, _name in business_modules()}


pytestmark = pytest.mark.django_db


def link_in(message):
    return re.search(r"http://\S+", message.body).group(0)


def test_owner_invites_a_new_person_who_chooses_a_password_and_signs_in(
    tenant_a, owner_a, login_as, web_client, run_queued_work
):
    client = login_as(tenant_a, owner_a)

    with run_queued_work():
        response = client.post("/accounts/team/", {"email": "Lena@Alpha.test", "full_name": "Lena", "role": "member"})

    assert response.status_code == 302
    invited = User.objects.get(email="lena@alpha.test")
    assert not invited.has_usable_password()
    assert Membership.objects.get(user=invited, tenant=tenant_a).role == Role.MEMBER
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lena@alpha.test"]
    assert "Alpha Bau GmbH" in mail.outbox[0].subject

    url = link_in(mail.outbox[0])
    assert url.startswith("http://alpha.kontor.test/accounts/password-reset/")
    newcomer = web_client(tenant_a)
    form_page = newcomer.get(url.removeprefix("http://alpha.kontor.test"), follow=True)
    choose = form_page.redirect_chain[-1][0]
    done = newcomer.post(choose, {"new_password1": "a-brand-new-secret-42", "new_password2": "a-brand-new-secret-42"})
    assert done.status_code == 302
    assert (
        newcomer.post("/accounts/login/", {"email": "lena@alpha.test", "password": "a-brand-new-secret-42"})["Location"]
        == "/"
    )


def test_only_owners_invite(tenant_a, member_of, login_as):
    accountant = member_of(tenant_a, Role.ACCOUNTANT)
    client = login_as(tenant_a, accountant)

    response = client.post("/accounts/team/", {"email": "x@alpha.test", "role": "member"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Only an owner can do this."]
    assert not User.objects.filter(email="x@alpha.test").exists()


def test_owner_narrows_a_members_rights_in_one_module(tenant_a, owner_a, member_of, login_as, token_for):
    member = member_of(tenant_a, Role.MEMBER)
    membership = Membership.objects.get(user=member, tenant=tenant_a)
    client = login_as(tenant_a, owner_a)

    response = client.post(
        f"/accounts/team/{membership.pk}/",
        _member_form(taxes=["view"]),
    )

    assert response.status_code == 302
    assert ModuleAccess.objects.get(membership=membership, module="taxes").rights == {"view"}
    member_api = token_for(tenant_a, member)
    assert member_api.get("/api/v1/tax-rates/").status_code == 200
    assert member_api.post("/api/v1/tax-rates/", {}, format="json").status_code == 403

    client.post(
        f"/accounts/team/{membership.pk}/",
        _member_form(taxes=["view", "edit"]),
    )
    assert not ModuleAccess.objects.filter(membership=membership).exists()  # back to the role's defaults


def test_the_last_owner_cannot_leave_or_be_demoted(tenant_a, owner_a, token_for):
    own = Membership.objects.get(user=owner_a, tenant=tenant_a)
    client = token_for(tenant_a, owner_a)

    demote = client.patch(f"/api/v1/members/{own.pk}/", {"role": "viewer"}, format="json")
    remove = client.delete(f"/api/v1/members/{own.pk}/")

    assert (demote.status_code, remove.status_code) == (409, 409)
    assert demote.json()["errors"] == [
        {
            "code": "last_owner",
            "message": "The company needs at least one owner. Make someone else owner first.",
            "field": "role",
        }
    ]
    own.refresh_from_db()
    assert (own.role, own.is_active) == (Role.OWNER, True)


def test_members_api_lists_the_team_and_owners_manage_it(tenant_a, owner_a, member_of, token_for):
    viewer = member_of(tenant_a, Role.VIEWER)
    owner_api = token_for(tenant_a, owner_a)

    team = owner_api.get("/api/v1/members/").json()["results"]
    assert {m["email"] for m in team} >= {owner_a.email, viewer.email}

    viewer_membership = Membership.objects.get(user=viewer, tenant=tenant_a)
    refused = token_for(tenant_a, viewer).patch(f"/api/v1/members/{viewer_membership.pk}/", {"role": "owner"})
    assert refused.status_code == 403
    viewer_membership.refresh_from_db()
    assert viewer_membership.role == Role.VIEWER

    promoted = owner_api.patch(
        f"/api/v1/members/{viewer_membership.pk}/", {"role": "member", "rights": {"taxes": ["view"]}}, format="json"
    )
    assert promoted.status_code == 200
    assert (promoted.json()["role"], promoted.json()["rights"]) == (
        "member",
        _member_rights(taxes=["view"]),  # modules left out keep the role's rights
    )

    assert owner_api.delete(f"/api/v1/members/{viewer_membership.pk}/").status_code == 204
    viewer_membership.refresh_from_db()
    assert viewer_membership.is_active is False


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"rights": {"nonsense": ["view"]}}, "rights"),
        ({"rights": {"taxes": ["edit"]}}, "rights.taxes"),
        ({"rights": {"taxes": ["fly"]}}, "rights.taxes.0"),
        ({"role": "king"}, "role"),
    ],
)
def test_members_api_names_the_field_of_bad_input(tenant_a, owner_a, member_of, token_for, payload, field):
    membership = Membership.objects.get(user=member_of(tenant_a, Role.MEMBER), tenant=tenant_a)

    response = token_for(tenant_a, owner_a).patch(f"/api/v1/members/{membership.pk}/", payload, format="json")

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert not ModuleAccess.objects.filter(membership=membership).exists()


def test_invite_through_the_api_mails_an_existing_user_a_sign_in_link(
    tenant_a, owner_a, owner_b, token_for, run_queued_work
):
    with run_queued_work():
        response = token_for(tenant_a, owner_a).post(
            "/api/v1/members/", {"email": owner_b.email, "role": "accountant"}, format="json"
        )

    assert response.status_code == 201
    assert Membership.objects.get(user=owner_b, tenant=tenant_a).role == Role.ACCOUNTANT
    assert link_in(mail.outbox[0]) == "http://alpha.kontor.test/accounts/login/"
    assert owner_b.check_password(PASSWORD)


def test_invitations_speak_the_companys_language_and_keep_names_intact(tenant_a, owner_a, token_for, run_queued_work):
    tenant_a.name = "Müller & Söhne GmbH"
    tenant_a.save()
    with run_queued_work():
        token_for(tenant_a, owner_a).post("/api/v1/members/", {"email": "neu@alpha.test", "role": "viewer"})

    assert mail.outbox[0].subject == "Sie wurden zu Müller & Söhne GmbH in Kontor eingeladen"
    assert "Müller & Söhne GmbH" in mail.outbox[0].body
