"""`/api/v1/parties/`: plain CRUD of the registry; writes go through the services."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from .models import Party
from .selectors import party_list, party_search
from .serializers import PartyInputSerializer, PartyOutputSerializer, PartyWriteResultSerializer
from .services import PartyResult, party_create, party_deactivate, party_update

SEARCH_LIMIT = 50


class PartyFilter(filters.FilterSet):
    class Meta:
        model = Party
        fields = ["is_customer", "is_supplier", "country", "is_active"]


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("search", OpenApiTypes.STR, description="Fuzzy name, number, tax id, e-mail")]
    ),
    create=extend_schema(request=PartyInputSerializer, responses={201: PartyWriteResultSerializer}),
    partial_update=extend_schema(request=PartyInputSerializer, responses={200: PartyWriteResultSerializer}),
    destroy=extend_schema(description="Deactivates the party; parties are never deleted.", responses={204: None}),
)
class PartyViewSet(viewsets.ModelViewSet):
    queryset = Party.objects.all()
    serializer_class = PartyOutputSerializer
    filterset_class = PartyFilter
    ordering_fields = ["number", "legal_name"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self) -> QuerySet[Party]:
        return party_list()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = request.query_params.get("search", "")
        if not query:
            return super().list(request, *args, **kwargs)
        # The search ranks; the filtered, prefetched queryset supplies the rows (no query per party).
        ranking = [party.pk for party in party_search(query, limit=SEARCH_LIMIT)]
        kept = {party.pk: party for party in self.filter_queryset(self.get_queryset()).filter(pk__in=ranking)}
        ranked = [kept[pk] for pk in ranking if pk in kept]
        page = self.paginate_queryset(ranked)
        return self.get_paginated_response(PartyOutputSerializer(page, many=True).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = PartyInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = party_create(**serializer.validated_data)
        return self._result(result, status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = PartyInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        result = party_update(party=self.get_object(), **serializer.validated_data)
        return self._result(result, status.HTTP_200_OK)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        party_deactivate(party=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _result(self, result: PartyResult, status_code: int) -> Response:
        party = party_list().get(pk=result.party.pk)
        party.warnings = result.warnings  # type: ignore[attr-defined]
        return Response(PartyWriteResultSerializer(party).data, status=status_code)
