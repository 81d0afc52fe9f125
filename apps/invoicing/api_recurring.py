"""The recurring invoice API: templates as CRUD, pausing, resuming and billing now as actions."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from apps.accounts.permissions import ModuleRightsPermission

from .models import RecurringInvoice
from .recurring_selectors import recurring_invoice_list
from .selectors import SERIALIZED_PREFETCH, invoice_representations
from .serializers import InvoiceSerializer, RecurringInvoiceInputSerializer, RecurringInvoiceSerializer
from .services import (
    recurring_invoice_create,
    recurring_invoice_delete,
    recurring_invoice_pause,
    recurring_invoice_resume,
    recurring_invoice_run,
    recurring_invoice_update,
)


class RecurringInvoiceViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet
):
    queryset = RecurringInvoice.objects.all()
    serializer_class = RecurringInvoiceSerializer
    permission_classes = [ModuleRightsPermission]
    filterset_fields = ["is_active", "customer", "frequency"]
    ordering_fields = ["name", "next_run"]

    def get_queryset(self) -> QuerySet[RecurringInvoice]:
        return recurring_invoice_list().prefetch_related(*SERIALIZED_PREFETCH)

    def _respond(self, recurring: RecurringInvoice, code: int = status.HTTP_200_OK) -> Response:
        return Response(RecurringInvoiceSerializer(self.get_queryset().get(pk=recurring.pk)).data, status=code)

    def _input(self, request: Request) -> RecurringInvoiceInputSerializer:
        data = RecurringInvoiceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return data

    @extend_schema(request=RecurringInvoiceInputSerializer, responses={201: RecurringInvoiceSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self._input(request)
        recurring = recurring_invoice_create(schedule=data.schedule_data(), draft=data.draft_data())
        return self._respond(recurring, status.HTTP_201_CREATED)

    @extend_schema(request=RecurringInvoiceInputSerializer, responses=RecurringInvoiceSerializer)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        recurring = self.get_object()
        data = self._input(request)
        return self._respond(
            recurring_invoice_update(recurring=recurring, schedule=data.schedule_data(), draft=data.draft_data())
        )

    def perform_destroy(self, instance: RecurringInvoice) -> None:
        recurring_invoice_delete(recurring=instance)

    @extend_schema(request=None, responses=RecurringInvoiceSerializer)
    @action(detail=True, methods=["post"])
    def pause(self, request: Request, pk: str | None = None) -> Response:
        return self._respond(recurring_invoice_pause(recurring=self.get_object()))

    @extend_schema(request=None, responses=RecurringInvoiceSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request: Request, pk: str | None = None) -> Response:
        return self._respond(recurring_invoice_resume(recurring=self.get_object(), on=timezone.localdate()))

    @extend_schema(request=None, responses={201: InvoiceSerializer})
    @action(detail=True, methods=["post"])
    def run(self, request: Request, pk: str | None = None) -> Response:
        """Bills the next period now, ahead of its date if need be."""
        invoice = recurring_invoice_run(recurring=self.get_object(), on=timezone.localdate())
        detail = invoice_representations().get(pk=invoice.pk)
        return Response(InvoiceSerializer(detail).data, status=status.HTTP_201_CREATED)
