"""Writes about sign-in and people: two-factor devices, company hand-over, invitations, lockouts."""

from __future__ import annotations

import secrets

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.core.errors import ApplicationError
from apps.core.services import email_queue
from apps.tenants.countries import PROFILES
from apps.tenants.models import Membership, Tenant, User
from apps.tenants.selectors import membership_for, tenant_url
from apps.tenants.services import membership_grant, owner_require

from .selectors import totp_device_confirmed, totp_device_pending

SWITCH_SALT = "kontor.tenant-switch"
SWITCH_MAX_AGE_SECONDS = 60


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """A fresh, unconfirmed authenticator secret; earlier unconfirmed ones are discarded."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def totp_device_confirm(*, user: User, token: str) -> TOTPDevice:
    """Turns two-factor login on once the user proves the app shows the right codes."""
    device = totp_device_pending(user=user)
    if device is None:
        raise ApplicationError(_("Start the two-factor set-up first."), code="no_pending_device", field="token")
    if not device.verify_token(token.strip()):
        raise ApplicationError(
            _("That code is not valid. Check the time on your phone."), code="invalid", field="token"
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    return device


def totp_verify(*, user: User, token: str) -> TOTPDevice:
    """The confirmed device if `token` is its current code; django-otp throttles repeated failures."""
    device = totp_device_confirmed(user=user)
    if device is None or not token or not device.verify_token(token.strip()):
        raise ApplicationError(_("That code is not valid."), code="invalid_otp", field="otp")
    return device


def tenant_switch_token_issue(*, user: User, target: Tenant, otp_device_id: str | None) -> str:
    """A signed, one-minute, single-use ticket that signs the user in on `target`'s host."""
    if membership_for(user=user, tenant=target) is None:
        raise ApplicationError(_("You are not a member of that company."), code="not_a_member", status=403)
    payload = {"u": user.pk, "t": target.schema_name, "d": otp_device_id, "n": secrets.token_urlsafe(16)}
    return signing.dumps(payload, salt=SWITCH_SALT, compress=True)


def tenant_switch_token_redeem(*, token: str, tenant: Tenant) -> tuple[User, str | None]:
    """Checks the ticket was made for this company, is fresh and unused; returns user and device id."""
    invalid = ApplicationError(_("This sign-in link is invalid or has expired."), code="invalid_switch", status=403)
    try:
        payload = signing.loads(token, salt=SWITCH_SALT, max_age=SWITCH_MAX_AGE_SECONDS)
    except signing.BadSignature as exc:
        raise invalid from exc
    if payload.get("t") != tenant.schema_name or not cache.add(f"switch-nonce:{payload['n']}", 1, 300):
        raise invalid
    user = User.objects.filter(pk=payload["u"], is_active=True).first()
    if user is None or membership_for(user=user, tenant=tenant) is None:
        raise invalid
    return user, payload.get("d")


def _password_link(*, user: User, tenant: Tenant, secure: bool) -> str:
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
        urlconf=settings.ROOT_URLCONF,
    )
    return tenant_url(tenant=tenant, path=path, secure=secure)


@transaction.atomic
def member_invite(
    *, tenant: Tenant, email: str, role: str, invited_by: User, full_name: str = "", secure: bool = True
) -> Membership:
    """Adds a person to the company and e-mails them: a link to choose a password if they are new here,
    otherwise a note with the company's address. Only owners invite."""
    owner_require(tenant=tenant, user=invited_by)
    email = User.objects.normalize_email(email).strip().lower()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, None, full_name=full_name)  # no password until they choose one
    membership = membership_grant(tenant=tenant, user=user, role=role)
    context = {
        "tenant": tenant,
        "inviter": invited_by,
        "user": user,
        "role": membership.get_role_display(),
        "link_days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    if user.has_usable_password():
        context["link"] = tenant_url(
            tenant=tenant, path=reverse("accounts:login", urlconf=settings.ROOT_URLCONF), secure=secure
        )
        template = "accounts/emails/added"
    else:
        context["link"] = _password_link(user=user, tenant=tenant, secure=secure)
        template = "accounts/emails/invitation"
    with translation.override(PROFILES[tenant.country].language):  # the company's language, not the inviter's
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}.txt", context)
    email_queue(
        message_key=f"invite:{tenant.schema_name}:{membership.pk}:{membership.created_at.timestamp()}",
        to=[user.email],
        subject=subject,
        body=body,
    )
    return membership


def login_lockout_clear(*, user: User) -> None:
    """A person who just proved they own the mailbox may sign in again at once."""
    axes_reset(username=user.email)
