"""Reads about companies and who belongs to them."""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_exists

from .models import ADMIN_ROLES, RESERVED_SLUGS, Membership, Role, Tenant, User


@functools.cache
def _known_migrations() -> frozenset[tuple[str, str]]:
    """Every migration in the code base; read from the files once per process."""
    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)


def template_schema_is_current() -> bool:
    """True when the template schema exists and has every migration the code knows of."""
    template = settings.TENANT_BASE_SCHEMA
    if not template or not schema_exists(template):
        return False
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT app, name FROM "{template}".django_migrations')  # noqa: S608 (a setting)
        applied = set(cursor.fetchall())
    return _known_migrations() <= applied


def current_schema_name() -> str:
    """The schema the database connection works in (django-tenants sets it per request and task)."""
    return str(getattr(connection, "schema_name", get_public_schema_name()))


def current_tenant() -> Tenant | None:
    tenant = getattr(connection, "tenant", None)
    return tenant if isinstance(tenant, Tenant) else None


def membership_for(*, user: User, tenant: Tenant) -> Membership | None:
    """The user's active membership in an active tenant, with its module rights loaded.

    Cached on the user object: a request asks many permission questions, one query answers them.
    """
    cache: dict[int, Membership | None] = user.__dict__.setdefault("_membership_cache", {})
    if tenant.pk not in cache:
        cache[tenant.pk] = (
            Membership.objects.filter(user=user, tenant=tenant, is_active=True, tenant__status=Tenant.Status.ACTIVE)
            .select_related("tenant")
            .prefetch_related("module_access")
            .first()
        )
    return cache[tenant.pk]


def membership_is_owner(*, user: User, tenant: Tenant) -> bool:
    membership = membership_for(user=user, tenant=tenant)
    return membership is not None and membership.role == Role.OWNER


def membership_can_use_admin(membership: Membership | None) -> bool:
    return membership is not None and membership.role in ADMIN_ROLES


def tenant_members(*, tenant: Tenant) -> QuerySet[Membership]:
    """The company's active members with what the team page shows of them."""
    return (
        Membership.objects.filter(tenant=tenant, is_active=True)
        .select_related("user")
        .prefetch_related("module_access")
        .order_by("user__full_name", "user__email")
    )


def member_users_by_email(*, tenant: Tenant, email: str) -> QuerySet[User]:
    return User.objects.filter(
        email__iexact=email.strip(), is_active=True, memberships__tenant=tenant, memberships__is_active=True
    )


def tenants_for_user(*, user: User) -> QuerySet[Tenant]:
    """The companies the user may switch to, for the switcher."""
    return Tenant.objects.filter(
        memberships__user=user, memberships__is_active=True, status=Tenant.Status.ACTIVE
    ).order_by("name")


def tenant_url(*, tenant: Tenant, path: str = "/", secure: bool = False) -> str:
    """The absolute URL of `path` on the tenant's primary host."""
    domain = tenant.get_primary_domain()
    host = domain.domain if domain else f"{tenant.slug}.{settings.KONTOR_BASE_DOMAIN}"
    port = f":{settings.KONTOR_PUBLIC_PORT}" if settings.KONTOR_PUBLIC_PORT else ""
    return f"{'https' if secure else 'http'}://{host}{port}{path}"


def slug_is_available(slug: str) -> bool:
    return not Tenant.objects.filter(slug=slug).exists()


def slug_problem(slug: str) -> str | None:
    """Why `slug` cannot be a new company's address, or None if it can."""
    if not slug:
        return None
    try:
        Tenant._meta.get_field("slug").run_validators(slug)
    except ValidationError as exc:
        return " ".join(exc.messages)
    if slug in RESERVED_SLUGS:
        return str(_("This address is reserved."))
    if not slug_is_available(slug):
        return str(_("This address is already taken."))
    return None


def business_modules() -> list[tuple[str, str]]:
    """(label, name) of every app whose data is governed by module rights."""
    from django.apps import apps

    return [
        (config.label, str(config.verbose_name))
        for config in apps.get_app_configs()
        if getattr(config, "business_module", False)
    ]


def membership_rights(*, membership: Membership) -> dict[str, list[str]]:
    """The member's rights per business module, for clients deciding what to show."""
    return {label: sorted(membership.rights_in(label)) for label, _name in business_modules()}
