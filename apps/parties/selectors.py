"""Reads over the party registry: filtered lists, fuzzy search, duplicate detection."""

from __future__ import annotations

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import Q, QuerySet
from django.db.models.functions import Greatest

from .models import Party


def party_list(*, filters: dict[str, object] | None = None) -> QuerySet[Party]:
    return Party.objects.filter(**(filters or {})).prefetch_related("addresses", "contacts")


def party_search(query: str, limit: int = 20) -> list[Party]:
    """Parties whose name resembles `query` (typos too) or whose number, tax id or e-mail starts with it.

    One SQL query, best match first. The `%>` operator and the prefix matches are answered
    by the trigram indexes, so the cost stays flat as the registry grows. Plain LIKE, not
    Django's UPPER()-wrapped `istartswith`, which no index answers: numbers and tax ids are
    stored upper-case and e-mails are searched in lower case.
    """
    query = query.strip()
    if not query:
        return []
    compact = query.replace(" ", "").upper()
    matches = (
        Q(legal_name__trigram_similar=query)
        | Q(legal_name__trigram_word_similar=query)
        | Q(number__startswith=compact)
        | Q(tax_id__startswith=compact)
        | Q(email__startswith=query.lower())
    )
    ranked = Party.objects.filter(matches).annotate(
        score=Greatest(
            TrigramWordSimilarity(query, "legal_name"),
            TrigramWordSimilarity(query, "number"),
            TrigramWordSimilarity(query, "email"),
        )
    )
    return list(ranked.order_by("-score", "legal_name", "id")[:limit])


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
