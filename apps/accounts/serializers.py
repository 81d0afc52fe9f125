"""Input and output shapes of the sign-in API."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.contrib.auth.models import update_last_login
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers
from rest_framework_simplejwt.serializers import TokenObtainSerializer, TokenRefreshSerializer
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import RefreshToken

from apps.core.errors import ApplicationError
from apps.tenants.models import Membership, Right, Role, Tenant, User
from apps.tenants.selectors import membership_for, membership_rights

from .authentication import TENANT_CLAIM
from .selectors import totp_device_confirmed
from .services import totp_verify


def _request_tenant(serializer: serializers.Serializer) -> Tenant:
    tenant = getattr(serializer.context.get("request"), "tenant", None)
    if not isinstance(tenant, Tenant):
        raise exceptions.NotFound(_("Tokens are issued on a company's own host."))
    return tenant


class TenantTokenObtainPairSerializer(TokenObtainSerializer):
    """E-mail, password and (when two-factor login is on) the current code, for this company."""

    token_class = RefreshToken
    otp = serializers.CharField(required=False, allow_blank=True, write_only=True, help_text=_("Two-factor code"))
    access = serializers.CharField(read_only=True)
    refresh = serializers.CharField(read_only=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, str]:
        otp = attrs.pop("otp", "")
        self.user = self._authenticate(attrs)
        tenant = _request_tenant(self)
        if membership_for(user=self.user, tenant=tenant) is None:
            raise exceptions.PermissionDenied(_("This account has no access to this company."))
        if totp_device_confirmed(user=self.user) is not None:
            if not otp:
                raise serializers.ValidationError(
                    {"otp": [_("Enter the code from your authenticator app.")]}, code="otp_required"
                )
            totp_verify(user=self.user, token=otp)
        elif tenant.require_two_factor:
            raise ApplicationError(
                gettext("This company requires two-factor login: set it up in the web app first."),
                code="two_factor_setup_required",
                field="otp",
                status=403,
            )
        refresh = RefreshToken.for_user(self.user)
        refresh[TENANT_CLAIM] = tenant.schema_name
        update_last_login(User, self.user)
        return {"refresh": str(refresh), "access": str(refresh.access_token)}

    def _authenticate(self, attrs: dict[str, Any]) -> User:
        """Authenticates with Django's own request, so login throttling sees and locks it."""
        request = self.context["request"]
        http_request = getattr(request, "_request", request)
        user = authenticate(http_request, email=attrs[self.username_field], password=attrs["password"])
        if not isinstance(user, User) or not jwt_settings.USER_AUTHENTICATION_RULE(user):
            raise exceptions.AuthenticationFailed(self.error_messages["no_active_account"], "no_active_account")
        return user


class TenantTokenRefreshSerializer(TokenRefreshSerializer):
    """Rotates the pair; a refresh token from another company, or one already used, is refused."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        tenant = _request_tenant(self)
        try:
            claim = RefreshToken(attrs["refresh"], verify=False).get(TENANT_CLAIM)
        except Exception as exc:  # any undecodable token is simply invalid
            raise exceptions.AuthenticationFailed(_("Token is invalid."), code="token_not_valid") from exc
        if claim != tenant.schema_name:
            raise exceptions.AuthenticationFailed(
                _("This token was issued for another company."), code="token_tenant_mismatch"
            )
        return super().validate(attrs)


class MembershipSerializer(serializers.ModelSerializer):
    company = serializers.CharField(source="tenant.name")
    slug = serializers.CharField(source="tenant.slug")

    class Meta:
        model = Membership
        fields = ["company", "slug", "role"]


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    full_name = serializers.CharField()
    role = serializers.CharField()
    rights = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    two_factor_enabled = serializers.BooleanField()
    companies = MembershipSerializer(many=True)


class MemberSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email")
    full_name = serializers.CharField(source="user.full_name")
    rights = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = ["id", "email", "full_name", "role", "rights"]

    def get_rights(self, membership: Membership) -> dict[str, list[str]]:
        return membership_rights(membership=membership)


class MemberInviteSerializer(serializers.Serializer):
    email = serializers.EmailField()
    full_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    role = serializers.ChoiceField(choices=Role.choices)


class MemberInputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices, required=False)
    rights = serializers.DictField(
        child=serializers.ListField(child=serializers.ChoiceField(choices=Right.choices)), required=False
    )

    def module_rights(self) -> dict[str, set[str]] | None:
        rights = self.validated_data.get("rights")
        return None if rights is None else {module: set(values) for module, values in rights.items()}
