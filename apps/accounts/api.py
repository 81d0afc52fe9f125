"""Sign-in API: JWT pairs bound to the company host, and who am I here."""

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from apps.tenants.http import MemberApiRequest
from apps.tenants.selectors import membership_for, membership_rights

from .permissions import IsTenantMember
from .selectors import totp_device_confirmed
from .serializers import MeSerializer


class TokenObtainApi(TokenObtainPairView):
    """E-mail + password (+ `otp` when two-factor login is on) → access and refresh tokens for this company."""

    throttle_scope = "auth"


class TokenRefreshApi(TokenRefreshView):
    """Rotates the pair: the refresh token sent is spent, and using it again is refused."""

    throttle_scope = "auth"


class MeApi(APIView):
    permission_classes = [IsTenantMember]

    @extend_schema(responses=MeSerializer)
    def get(self, request: MemberApiRequest) -> Response:  # type: ignore[override]
        user = request.user
        membership = membership_for(user=user, tenant=request.tenant)
        if membership is None:  # revoked between the permission check and here
            raise exceptions.PermissionDenied()
        data = {
            "email": user.email,
            "full_name": user.full_name,
            "role": membership.role,
            "rights": membership_rights(membership=membership),
            "two_factor_enabled": totp_device_confirmed(user=user) is not None,
            "companies": user.memberships.filter(is_active=True).select_related("tenant"),
        }
        return Response(MeSerializer(data).data)
