"""The invoice API: drafts as plain CRUD, issuing as an explicit workflow action."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from apps.accounts.permissions import ModuleRightsPermission

from .models import Invoice
from .selectors import invoice_representations
from .serializers import InvoiceInputSerializer, InvoiceSerializer, IssueInputSerializer
from .services import invoice_create, invoice_issue, invoice_update


class InvoiceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Invoice.objects.all()
    serializer_class = InvoiceSerializer
    permission_classes = [ModuleRightsPermission]
    filterset_fields = ["status", "kind", "customer", "currency"]
    ordering_fields = ["issue_date", "number", "due_date"]

    def get_queryset(self) -> QuerySet[Invoice]:
        return invoice_representations()

    def _draft(self) -> Invoice:
        """The invoice a write names, unloaded: the service locks and loads it itself."""
        return get_object_or_404(Invoice.objects.only("pk"), pk=self.kwargs["pk"])

    def _respond(self, invoice: Invoice, code: int = status.HTTP_200_OK) -> Response:
        return Response(InvoiceSerializer(self.get_queryset().get(pk=invoice.pk)).data, status=code)

    @extend_schema(request=InvoiceInputSerializer, responses={201: InvoiceSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = InvoiceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._respond(invoice_create(data=data.draft_data()), status.HTTP_201_CREATED)

    @extend_schema(request=InvoiceInputSerializer, responses=InvoiceSerializer)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = InvoiceInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._respond(invoice_update(invoice=self._draft(), data=data.draft_data()))

    @extend_schema(request=IssueInputSerializer, responses=InvoiceSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, pk: str | None = None) -> Response:
        data = IssueInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._respond(invoice_issue(invoice=self._draft(), **data.validated_data))
