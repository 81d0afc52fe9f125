"""Reads from the catalogue: the search behind product pickers and the API's ?search=."""

from __future__ import annotations

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from .models import Product


def product_matches(*, queryset: QuerySet[Product], query: str) -> QuerySet[Product]:
    """Narrows and ranks `queryset`: number prefixes first, then names by trigram word similarity.

    Word similarity (`%>`) rather than plain similarity, so "schraube" finds "Holzschraube 4x40 verzinkt"
    and a typo still matches; both conditions are served by the GIN trigram indexes.
    """
    query = query.strip()
    if not query:
        return queryset.order_by("number")
    return (
        queryset.filter(Q(number__istartswith=query) | Q(name__trigram_word_similar=query))
        .annotate(
            number_hit=Case(
                When(number__istartswith=query, then=Value(1)), default=Value(0), output_field=IntegerField()
            ),
            similarity=TrigramWordSimilarity(query, "name"),
        )
        .order_by("-number_hit", "-similarity", "number")
    )


def product_list(*, query: str = "", include_inactive: bool = False) -> QuerySet[Product]:
    """Products matching `query`, ranked (all by number without one); inactive ones only when asked."""
    products = Product.objects.select_related("tax_code")
    if not include_inactive:
        products = products.filter(is_active=True)
    return product_matches(queryset=products, query=query)


def product_search(*, query: str, limit: int = 20, include_inactive: bool = False) -> list[Product]:
    """The best `limit` matches; inactive products only when asked (an archive view)."""
    return list(product_list(query=query, include_inactive=include_inactive)[:limit])


def product_detail(*, pk: int) -> Product:
    """One product with what its page and an invoice line start from; DoesNotExist if there is none."""
    return Product.objects.select_related("tax_code", "revenue_account", "expense_account").get(pk=pk)
