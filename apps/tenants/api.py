"""Company API: signup on the public host; the company's own record on its host."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from apps.accounts.permissions import IsTenantMember

from .http import MemberApiRequest
from .serializers import CompanySecurityInputSerializer, CompanySerializer, SignupInputSerializer
from .services import tenant_provision, tenant_security_update


class SignupApi(APIView):
    """Creates a company, its owner and its host; answers with the company's URL."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "signup"

    @extend_schema(request=SignupInputSerializer, responses={201: CompanySerializer})
    def post(self, request: Request) -> Response:
        serializer = SignupInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        tenant = tenant_provision(**serializer.validated_data)
        return Response(CompanySerializer(tenant, context={"request": request}).data, status=status.HTTP_201_CREATED)


class CompanyApi(APIView):
    """The company whose host this is."""

    permission_classes = [IsTenantMember]

    @extend_schema(responses=CompanySerializer)
    def get(self, request: MemberApiRequest) -> Response:  # type: ignore[override]
        return Response(CompanySerializer(request.tenant, context={"request": request}).data)


class CompanySecurityApi(APIView):
    """Owners switch mandatory two-factor login on or off for every member."""

    permission_classes = [IsTenantMember]

    @extend_schema(request=CompanySecurityInputSerializer, responses=CompanySerializer)
    def post(self, request: MemberApiRequest) -> Response:  # type: ignore[override]
        serializer = CompanySecurityInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        tenant = tenant_security_update(tenant=request.tenant, changed_by=request.user, **serializer.validated_data)
        return Response(CompanySerializer(tenant, context={"request": request}).data)
