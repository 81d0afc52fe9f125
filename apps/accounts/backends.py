"""Authentication by e-mail, and permissions from the member's role in the current company."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from apps.tenants.models import Right, User
from apps.tenants.selectors import current_tenant, membership_for

# Django's permission codename prefixes, mapped to Kontor's module rights.
_ACTION_RIGHTS = {"view": Right.VIEW, "add": Right.EDIT, "change": Right.EDIT, "delete": Right.DELETE}


def _tenant_app_labels() -> frozenset[str]:
    return frozenset(app.rsplit(".", 1)[-1] for app in settings.TENANT_APPS)


class MembershipBackend(ModelBackend):
    """`user.has_perm("taxes.change_taxrate")` asks: may this member edit in module `taxes` here?

    In a company's schema only that company's membership counts, and only for the
    apps whose data lives in that schema. In the public schema only platform
    operators (superusers) hold permissions. Nobody is all-powerful everywhere.
    """

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> User | None:
        email = kwargs.get("email", username)
        return super().authenticate(request, username=email.strip().lower() if email else None, password=password)

    def has_perm(self, user_obj: Any, perm: str, obj: object = None) -> bool:
        if not user_obj.is_active or user_obj.is_anonymous:
            return False
        tenant = current_tenant()
        if tenant is None:
            return bool(user_obj.is_superuser)
        app_label, _dot, codename = perm.partition(".")
        if app_label not in _tenant_app_labels():
            return False
        action = codename.split("_", 1)[0]
        right = _ACTION_RIGHTS.get(action, action)
        membership = membership_for(user=user_obj, tenant=tenant)
        return membership is not None and right in membership.rights_in(app_label)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return self.has_perm(user_obj, f"{app_label}.view_")

    def get_all_permissions(self, user_obj: Any, obj: object = None) -> set[str]:
        return set()

    def get_user_permissions(self, user_obj: Any, obj: object = None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj: Any, obj: object = None) -> set[str]:
        return set()
