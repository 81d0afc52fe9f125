"""Writes about companies and their members: provisioning, membership, security settings."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tenants.utils import tenant_context

from apps.core.errors import ApplicationError

from .defaults import seed_tenant_defaults
from .models import (
    ROLE_DEFAULT_RIGHTS,
    Domain,
    Membership,
    ModuleAccess,
    Right,
    Role,
    Tenant,
    User,
    schema_name_for_slug,
)
from .selectors import business_modules, membership_is_owner, slug_is_available


def _owner_for_signup(*, email: str, password: str, full_name: str) -> User:
    """A new user, or the existing one if the password proves it is theirs."""
    email = User.objects.normalize_email(email).lower()
    existing = User.objects.filter(email=email).first()
    if existing is not None:
        if not existing.check_password(password):
            raise ApplicationError(
                _("An account with this e-mail already exists: enter its password to add a company to it."),
                code="email_taken",
                field="owner_email",
            )
        return existing
    try:
        validate_password(password, User(email=email, full_name=full_name))
    except ValidationError as exc:
        raise ValidationError({"owner_password": exc.messages}) from exc
    return User.objects.create_user(email, password, full_name=full_name)


@transaction.atomic
def tenant_provision(
    *,
    slug: str,
    name: str,
    country: str,
    owner_email: str,
    owner_password: str,
    owner_name: str = "",
    tax_id: str = "",
    address_line: str = "",
    postal_code: str = "",
    city: str = "",
) -> Tenant:
    """Creates a company with its schema, host, owner and country defaults, or nothing at all.

    Everything happens in one transaction; PostgreSQL's DDL is transactional, so a
    failure at any step (even while seeding) leaves no schema, domain, user or row.
    Used by the signup page, the signup API and `manage.py create_tenant`.
    """
    slug = slug.strip().lower()
    tenant = Tenant(
        slug=slug,
        schema_name=schema_name_for_slug(slug),
        name=name.strip(),
        country=country,
        tax_id=tax_id.strip(),
        address_line=address_line,
        postal_code=postal_code,
        city=city,
    )
    tenant.full_clean(exclude=["schema_name", "base_currency"], validate_unique=False)
    if not slug_is_available(slug):
        raise ApplicationError(_("This address is already taken."), code="slug_taken", field="slug")
    owner = _owner_for_signup(email=owner_email, password=owner_password, full_name=owner_name)
    try:
        with transaction.atomic():
            tenant.save(verbosity=0)
    except IntegrityError as exc:  # a concurrent signup won the race for this slug
        raise ApplicationError(_("This address is already taken."), code="slug_taken", field="slug") from exc
    Domain.objects.create(domain=f"{slug}.{settings.KONTOR_BASE_DOMAIN}", tenant=tenant, is_primary=True)
    Membership.objects.create(user=owner, tenant=tenant, role=Role.OWNER)
    with tenant_context(tenant):
        seed_tenant_defaults(tenant)
    return tenant


def _module_access_set(membership: Membership, module_rights: dict[str, set[str]]) -> None:
    known = {label for label, _name in business_modules()}
    unknown = set(module_rights) - known
    if unknown:
        message = ngettext("Unknown module: %(modules)s.", "Unknown modules: %(modules)s.", len(unknown))
        raise ApplicationError(message % {"modules": ", ".join(sorted(unknown))}, code="invalid", field="rights")
    for module, rights in module_rights.items():
        if rights - set(Right.values):
            raise ApplicationError(_("Unknown right."), code="invalid", field=f"rights.{module}")
        if rights and Right.VIEW not in rights:
            raise ApplicationError(
                _("Editing, deleting or approving needs the right to view."),
                code="needs_view",
                field=f"rights.{module}",
            )
        if rights == ROLE_DEFAULT_RIGHTS[membership.role]:  # no exception to the role: keep no row
            ModuleAccess.objects.filter(membership=membership, module=module).delete()
            continue
        ModuleAccess.objects.update_or_create(
            membership=membership,
            module=module,
            defaults={
                "can_view": Right.VIEW in rights,
                "can_edit": Right.EDIT in rights,
                "can_delete": Right.DELETE in rights,
                "can_approve": Right.APPROVE in rights,
            },
        )


@transaction.atomic
def membership_grant(
    *, tenant: Tenant, user: User, role: str, module_rights: dict[str, set[str]] | None = None
) -> Membership:
    """Gives `user` a seat in `tenant` (or changes it), with optional per-module rights."""
    if role not in Role.values:
        raise ApplicationError(_("Unknown role."), code="invalid_choice", field="role")
    membership, _created = Membership.objects.select_for_update().update_or_create(
        user=user, tenant=tenant, defaults={"role": role, "is_active": True}
    )
    _module_access_set(membership, module_rights or {})
    user.__dict__.pop("_membership_cache", None)
    return membership


def owner_require(*, tenant: Tenant, user: User) -> None:
    """Raises 403 unless `user` owns `tenant`; the one check behind every owner-only change."""
    if not membership_is_owner(user=user, tenant=tenant):
        raise ApplicationError(_("Only an owner can do this."), code="permission_denied", status=403)


def _keep_an_owner(membership: Membership) -> None:
    """A company never loses its last owner: nobody could manage it any more."""
    owners = Membership.objects.select_for_update().filter(tenant=membership.tenant, role=Role.OWNER, is_active=True)
    # Locking every owner row (in pk order) makes two owners demoting each other wait their turn.
    if not [owner for owner in owners.order_by("pk") if owner.pk != membership.pk]:
        raise ApplicationError(
            _("The company needs at least one owner. Make someone else owner first."),
            code="last_owner",
            field="role",
            status=409,
        )


@transaction.atomic
def membership_update(
    *,
    membership: Membership,
    changed_by: User,
    role: str | None = None,
    module_rights: dict[str, set[str]] | None = None,
) -> Membership:
    """Owners change a member's role and module rights."""
    owner_require(tenant=membership.tenant, user=changed_by)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if role is not None and role != membership.role:
        if role not in Role.values:
            raise ApplicationError(_("Unknown role."), code="invalid_choice", field="role")
        if membership.role == Role.OWNER:
            _keep_an_owner(membership)
        membership.role = role
        membership.save(update_fields=["role"])
    if module_rights is not None:
        _module_access_set(membership, module_rights)
    return membership


@transaction.atomic
def membership_revoke(*, membership: Membership, revoked_by: User) -> None:
    """Owners take a seat away; the row stays (inactive) so the history keeps its names."""
    owner_require(tenant=membership.tenant, user=revoked_by)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == Role.OWNER:
        _keep_an_owner(membership)
    membership.is_active = False
    membership.save(update_fields=["is_active"])


@transaction.atomic
def tenant_security_update(*, tenant: Tenant, require_two_factor: bool, changed_by: User) -> Tenant:
    """Only an owner may make two-factor login mandatory (or optional again) for everyone."""
    owner_require(tenant=tenant, user=changed_by)
    tenant = Tenant.objects.select_for_update().get(pk=tenant.pk)
    tenant.require_two_factor = require_two_factor
    tenant.save(update_fields=["require_two_factor"])
    return tenant
