"""Reads over the party registry: filtered lists, fuzzy search, duplicate detection."""

from __future__ import annotations

from django.contrib.postgres.search import TrigramWordDistance
from django.db.models import Q, QuerySet

from .models import Party


def party_list(*, filters: dict[str, object] | None = None) -> QuerySet[Party]:
    return Party.objects.filter(**(filters or {})).prefetch_related("addresses", "contacts")


def party_search(query: str, limit: int = 20, *, active_customers_only: bool = False) -> list[Party]:
    """Parties whose number, tax id or e-mail starts with `query`, then those whose name resembles it.

    Two small queries, each answered by an index: prefixes by the trigram GIN indexes, names
    by a nearest-neighbour walk of the GiST trigram index on `legal_name` (word distance, so
    one word or a misspelt word of a long name still matches). The cost stays flat as the
    registry grows. Plain LIKE, not Django's UPPER()-wrapped `istartswith`, which no index
    answers: numbers and tax ids are stored upper-case and e-mails are searched in lower case.
    """
    query = query.strip()
    if not query:
        return []
    compact = query.replace(" ", "").upper()
    # Filtered before the limit, so a picker of customers gets `limit` customers, not fewer.
    parties = Party.objects.filter(is_customer=True, is_active=True) if active_customers_only else Party.objects.all()
    prefixed = parties.filter(
        Q(number__startswith=compact) | Q(tax_id__startswith=compact) | Q(email__startswith=query.lower())
    ).order_by("number")[:limit]
    named = (
        parties.filter(Q(legal_name__trigram_similar=query) | Q(legal_name__trigram_word_similar=query))
        .annotate(distance=TrigramWordDistance(query, "legal_name"))
        .order_by("distance", "legal_name", "id")[:limit]
    )
    found = {party.pk: party for party in prefixed}
    for party in named:
        found.setdefault(party.pk, party)
    return list(found.values())[:limit]


def party_duplicates(*, tax_id: str, iban: str, exclude_pk: int | None = None) -> QuerySet[Party]:
    """Other parties with the same tax id or IBAN: likely the same business entered twice."""
    same = Q()
    if tax_id:
        same |= Q(tax_id=tax_id)
    if iban:
        same |= Q(iban=iban)
    if not same:
        return Party.objects.none()
    others = Party.objects.filter(same).order_by("pk")
    return others.exclude(pk=exclude_pk) if exclude_pk is not None else others
