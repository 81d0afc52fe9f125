"""Members API: the team of the company whose host this is."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from apps.tenants.models import Membership
from apps.tenants.selectors import tenant_members
from apps.tenants.services import membership_revoke, membership_update

from .permissions import IsTenantMember
from .serializers import MemberInputSerializer, MemberInviteSerializer, MemberSerializer
from .services import member_invite


class MemberViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Every member may see the team; only owners invite, change and remove (the services decide)."""

    queryset = Membership.objects.none()  # narrowed to the host's company in get_queryset
    serializer_class = MemberSerializer
    permission_classes = [IsTenantMember]
    filterset_fields = ["role"]

    def get_queryset(self) -> QuerySet[Membership]:
        return tenant_members(tenant=self.request.tenant)  # type: ignore[attr-defined]

    @extend_schema(request=MemberInviteSerializer, responses={201: MemberSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = MemberInviteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = member_invite(
            tenant=request.tenant,  # type: ignore[attr-defined]
            invited_by=request.user,  # type: ignore[arg-type]
            secure=request.is_secure(),
            **data.validated_data,
        )
        return Response(MemberSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MemberInputSerializer, responses=MemberSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = MemberInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = membership_update(
            membership=self.get_object(),
            changed_by=request.user,  # type: ignore[arg-type]
            role=data.validated_data.get("role"),
            module_rights=data.module_rights(),
        )
        return Response(MemberSerializer(membership).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        membership_revoke(membership=self.get_object(), revoked_by=request.user)  # type: ignore[arg-type]
        return Response(status=status.HTTP_204_NO_CONTENT)
