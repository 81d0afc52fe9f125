"""`/api/v1/dunning/`: levels and stops as plain CRUD, notices read-only, the run and one notice as actions."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from apps.accounts.permissions import IsTenantMember
from apps.core.pdf import pdf_response
from apps.invoicing.models import Invoice

from .letters import notice_filename, notice_pdf
from .models import DunningLevel, DunningNotice, DunningStop
from .selectors import notice_list, stop_list
from .serializers import (
    DunningLevelSerializer,
    DunningNoticeCreateInputSerializer,
    DunningNoticeSerializer,
    DunningRunInputSerializer,
    DunningRunResultSerializer,
    DunningStopSerializer,
)
from .services import dunning_notice_create, dunning_run, dunning_stop_set


class CanDun(BasePermission):
    """Reading needs the dunning view right; sending notices the edit right."""

    def has_permission(self, request: Request, view: Any) -> bool:
        right = "view_dunningnotice" if request.method in ("GET", "HEAD", "OPTIONS") else "change_dunningnotice"
        return bool(request.user.has_perm(f"dunning.{right}"))


class DunningLevelViewSet(viewsets.ModelViewSet):
    queryset = DunningLevel.objects.order_by("level")
    serializer_class = DunningLevelSerializer
    ordering_fields = ["level"]


class DunningStopViewSet(viewsets.ModelViewSet):
    """One stop per customer: creating it again for the same customer changes the existing one."""

    queryset = DunningStop.objects.all()
    serializer_class = DunningStopSerializer
    filterset_fields = ["party", "stopped"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> Any:
        return stop_list()

    def _saved(self, stop: DunningStop, code: int) -> Response:
        return Response(DunningStopSerializer(stop_list().get(pk=stop.pk)).data, status=code)

    @extend_schema(request=DunningStopSerializer, responses={201: DunningStopSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = DunningStopSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._saved(dunning_stop_set(**data.validated_data), status.HTTP_201_CREATED)

    @extend_schema(request=DunningStopSerializer, responses={200: DunningStopSerializer})
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        stop = self.get_object()
        data = DunningStopSerializer(stop, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = {"stopped": stop.stopped, "reason": stop.reason, "until": stop.until, **data.validated_data}
        values["party"] = stop.party
        return self._saved(dunning_stop_set(**values), status.HTTP_200_OK)


class DunningNoticeFilter(filters.FilterSet):
    customer = filters.NumberFilter(field_name="invoice__customer")

    class Meta:
        model = DunningNotice
        fields = ["invoice", "customer", "level", "send_status"]


class DunningNoticeViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = DunningNotice.objects.all()
    serializer_class = DunningNoticeSerializer
    filterset_class = DunningNoticeFilter
    ordering_fields = ["notice_date"]

    def get_queryset(self) -> Any:
        return notice_list()

    @extend_schema(request=DunningNoticeCreateInputSerializer, responses={201: DunningNoticeSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The next level for one overdue invoice now, without waiting for its days."""
        data = DunningNoticeCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        invoice = get_object_or_404(Invoice.objects.all(), pk=data.validated_data["invoice"])
        notice = dunning_notice_create(invoice=invoice, on=data.validated_data.get("on") or timezone.localdate())
        return Response(DunningNoticeSerializer(notice_list().get(pk=notice.pk)).data, status=status.HTTP_201_CREATED)


class DunningNoticePdfApi(GenericAPIView):
    """The letter of one notice as the customer receives it, shown inline."""

    queryset = DunningNotice.objects.all()
    permission_classes = [IsTenantMember, CanDun]

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request: Request, pk: int) -> HttpResponse:
        notice = get_object_or_404(notice_list(), pk=pk)
        return pdf_response(notice_pdf(notice=notice), filename=notice_filename(notice))


class DunningRunApi(GenericAPIView):
    """Runs today's (or a given day's) dunning now; what the nightly run would do, once."""

    permission_classes = [IsTenantMember, CanDun]
    serializer_class = DunningRunResultSerializer

    @extend_schema(request=DunningRunInputSerializer, responses={200: DunningRunResultSerializer})
    def post(self, request: Request) -> Response:
        data = DunningRunInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = dunning_run(on=data.validated_data.get("on") or timezone.localdate())
        notices = notice_list().filter(pk__in=[notice.pk for notice in created])
        return Response({"created": DunningNoticeSerializer(notices, many=True).data})
