"""The tenant registry and who may work in which company. All of it lives in the public schema."""

from __future__ import annotations

from typing import Any

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth import get_backends
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.validators import RegexValidator
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tenants.clone import CloneSchema
from django_tenants.models import DomainMixin, TenantMixin
from django_tenants.utils import schema_exists

from .countries import PROFILES, Country, normalize_tax_id

SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$"
RESERVED_SLUGS = frozenset({"www", "admin", "api", "app", "static", "media", "public", "mail", "kontor"})


def schema_name_for_slug(slug: str) -> str:
    """`acme-gmbh` lives in schema `t_acme_gmbh`; the prefix keeps tenants clear of system schemas."""
    return "t_" + slug.replace("-", "_")


class Tenant(TenantMixin):
    """A client company: the unit of data isolation, with its own PostgreSQL schema."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")

    slug = models.CharField(
        _("web address"),
        max_length=40,
        unique=True,
        validators=[RegexValidator(SLUG_PATTERN, _("Use 3–40 lowercase letters, digits and hyphens."))],
    )
    name = models.CharField(_("legal name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    base_currency = models.CharField(_("base currency"), max_length=3)
    tax_id = models.CharField(_("VAT ID or RNC"), max_length=20, blank=True)
    address_line = models.CharField(_("street and number"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    require_two_factor = models.BooleanField(_("require two-factor login for all members"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    auto_create_schema = True
    auto_drop_schema = True
    clone_mode = "DATA"  # the template's migration records and content types come along

    def create_schema(self, check_if_exists: bool = False, sync_schema: bool = True, verbosity: int = 1) -> bool:
        """Clones the migrated template when it is current; otherwise migrates a fresh schema.

        Cloning copies the template's django_migrations rows, so no migration has to run
        (django-tenants would still fake-migrate, a third of the time). A template that
        lags behind the code is never cloned: that would leave the company without the
        newest tables.
        """
        from .selectors import template_schema_is_current

        if check_if_exists and schema_exists(self.schema_name):
            return False
        template = settings.TENANT_BASE_SCHEMA
        if sync_schema and template_schema_is_current():
            CloneSchema().clone_schema(template, self.schema_name, self.clone_mode)
        else:
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE SCHEMA "{self.schema_name}"')
            if sync_schema:
                call_command("migrate_schemas", tenant=True, schema_name=self.schema_name, verbosity=verbosity)
        connection.set_schema_to_public()  # type: ignore[attr-defined]  # django-tenants backend
        return True

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(country__in=Country.values), name="tenant_country_known"),
            models.CheckConstraint(condition=models.Q(status__in=["active", "suspended"]), name="tenant_status_known"),
        ]

    def __str__(self) -> str:
        return self.name or self.schema_name

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    def clean(self) -> None:
        """Keeps slug, schema, currency and tax id consistent with each other and the country."""
        errors: dict[str, Any] = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("This address is reserved.")
        if self.slug and not self.schema_name:  # type: ignore[has-type]
            self.schema_name = schema_name_for_slug(self.slug)
        if self.country in PROFILES:
            self.base_currency = self.base_currency or PROFILES[self.country].currency
            if self.tax_id:
                try:
                    self.tax_id = normalize_tax_id(self.country, self.tax_id)
                except ValueError as exc:
                    label = PROFILES[self.country].tax_id_label
                    errors["tax_id"] = _("%(label)s is not valid: %(reason)s") % {"label": label, "reason": exc}
        if errors:
            raise ValidationError(errors)


class Domain(DomainMixin):
    """A host name routed to a tenant (`acme.kontor.app`)."""

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")


class UserManager(BaseUserManager["User"]):
    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        return self.create_user(email, password, is_superuser=True, **fields)


class User(AbstractBaseUser):
    """A person, identified by e-mail, who may belong to several companies.

    `is_superuser` marks platform operators: they run the public admin (tenant
    registry) but see no company's data unless they are its member too.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)  # type: ignore[misc]
    is_superuser = models.BooleanField(_("platform operator"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def is_staff(self) -> bool:
        """The admin asks this before anything else; the site itself decides who gets in."""
        return self.is_active

    def has_perm(self, perm: str, obj: models.Model | None = None) -> bool:
        """Asks the backends only: a superuser is not all-powerful inside a company's schema."""
        return self.is_active and any(
            backend.has_perm(self, perm, obj) for backend in get_backends() if hasattr(backend, "has_perm")
        )

    def has_perms(self, perm_list: Any, obj: models.Model | None = None) -> bool:
        return all(self.has_perm(perm, obj) for perm in perm_list)

    def has_module_perms(self, app_label: str) -> bool:
        return self.is_active and any(
            backend.has_module_perms(self, app_label)
            for backend in get_backends()
            if hasattr(backend, "has_module_perms")
        )


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    ACCOUNTANT = "accountant", _("Accountant")
    MEMBER = "member", _("Member")
    VIEWER = "viewer", _("Viewer")


class Right(models.TextChoices):
    VIEW = "view", _("View")
    EDIT = "edit", _("Edit")
    DELETE = "delete", _("Delete")
    APPROVE = "approve", _("Approve")


# What each role may do in every module unless a ModuleAccess row says otherwise.
ROLE_DEFAULT_RIGHTS: dict[str, frozenset[str]] = {
    Role.OWNER: frozenset(Right.values),
    Role.ACCOUNTANT: frozenset(Right.values),
    Role.MEMBER: frozenset({Right.VIEW, Right.EDIT}),
    Role.VIEWER: frozenset({Right.VIEW}),
}
# Roles that work in the Django admin, the accountant's workplace.
ADMIN_ROLES = frozenset({Role.OWNER, Role.ACCOUNTANT})


class Membership(models.Model):
    """A user's seat in one company, with a role."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "tenant"], name="membership_unique_user_tenant"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="membership_role_known"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.tenant} ({self.get_role_display()})"

    def rights_in(self, module: str) -> frozenset[str]:
        """The rights in `module`: an explicit ModuleAccess row wins over the role's defaults."""
        for access in self.module_access.all():
            if access.module == module:
                return access.rights
        return ROLE_DEFAULT_RIGHTS[self.role]


class ModuleAccess(models.Model):
    """Narrows or widens a member's rights in one module (`invoicing`, `expenses`, ...)."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="module_access")
    module = models.CharField(_("module"), max_length=40)
    can_view = models.BooleanField(_("view"), default=True)
    can_edit = models.BooleanField(_("edit"), default=False)
    can_delete = models.BooleanField(_("delete"), default=False)
    can_approve = models.BooleanField(_("approve"), default=False)

    class Meta:
        verbose_name = _("module rights")
        verbose_name_plural = _("module rights")
        constraints = [
            models.UniqueConstraint(fields=["membership", "module"], name="module_access_unique"),
            # Editing, deleting or approving what one cannot see makes no sense.
            models.CheckConstraint(
                condition=models.Q(can_view=True) | models.Q(can_edit=False, can_delete=False, can_approve=False),
                name="module_access_rights_need_view",
            ),
        ]

    def __str__(self) -> str:
        """`Tax rates: View, Edit`, in the reader's language."""
        try:
            module = str(django_apps.get_app_config(self.module).verbose_name)
        except LookupError:
            module = self.module
        rights = [str(right.label) for right in Right if right in self.rights]
        return f"{module}: {', '.join(rights) or '—'}"

    @property
    def rights(self) -> frozenset[str]:
        flags = {
            Right.VIEW: self.can_view,
            Right.EDIT: self.can_edit,
            Right.DELETE: self.can_delete,
            Right.APPROVE: self.can_approve,
        }
        return frozenset(right for right, granted in flags.items() if granted)
