"""Quotes: written as drafts, numbered when sent, then accepted, declined or left to expire."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.errors import ApplicationError

from ..models import Quote, QuoteLine, QuoteStatus
from .lines import (
    QUOTE_SERIES,
    SalesLineData,
    customer_require,
    document_currency,
    document_number_next,
    lines_build,
    lines_check_totals,
)

DEFAULT_VALIDITY_DAYS = 30

# Which status each transition may start from; everything else is refused with 409.
QUOTE_TRANSITIONS: dict[str, tuple[str, ...]] = {
    QuoteStatus.SENT: (QuoteStatus.DRAFT,),
    QuoteStatus.ACCEPTED: (QuoteStatus.SENT,),
    QuoteStatus.DECLINED: (QuoteStatus.SENT,),
    QuoteStatus.EXPIRED: (QuoteStatus.SENT,),
}


@dataclass(frozen=True)
class QuoteData:
    customer: int
    lines: list[SalesLineData]
    valid_until: datetime.date | None = None
    currency: str = ""
    notes: str = ""


def quote_status_require(quote: Quote, *allowed: str) -> None:
    if quote.status not in allowed:
        raise ApplicationError(
            _("Quote %(quote)s is %(status)s; this is not possible now.")
            % {"quote": quote, "status": quote.get_status_display()},
            code="invalid_transition",
            field="status",
            status=409,
        )


def _locked(quote: Quote) -> Quote:
    return Quote.objects.select_for_update(of=("self",)).select_related("customer").get(pk=quote.pk)


def _write(quote: Quote, data: QuoteData) -> Quote:
    customer = customer_require(data.customer)
    quote.customer = customer
    quote.currency = document_currency(data.currency, customer)
    quote.valid_until = data.valid_until or timezone.localdate() + datetime.timedelta(days=DEFAULT_VALIDITY_DAYS)
    quote.notes = data.notes
    lines = lines_build(data.lines, QuoteLine)
    lines_check_totals(currency=quote.currency, lines=lines)
    quote.save()
    quote.lines.all().delete()
    for line in lines:
        line.quote = quote
    QuoteLine.objects.bulk_create(lines)
    return quote


@transaction.atomic
def quote_create(*, data: QuoteData) -> Quote:
    """A draft quote; valid for 30 days unless told otherwise."""
    return _write(Quote(), data)


@transaction.atomic
def quote_update(*, quote: Quote, data: QuoteData) -> Quote:
    """Rewrites a draft; a sent quote is what the customer has and stays as it is."""
    quote = _locked(quote)
    quote_status_require(quote, QuoteStatus.DRAFT)
    return _write(quote, data)


def _transition(quote: Quote, target: str) -> Quote:
    quote_status_require(quote, *QUOTE_TRANSITIONS[target])
    quote.status = target
    quote.save(update_fields=["status", "number", "issue_date", "updated_at"])
    return quote


@transaction.atomic
def quote_send(*, quote: Quote, sent_on: datetime.date | None = None) -> Quote:
    """Marks the draft sent and numbers it (AN-2026-0001); the number is taken last, under its lock."""
    quote = _locked(quote)
    quote_status_require(quote, *QUOTE_TRANSITIONS[QuoteStatus.SENT])
    quote.issue_date = sent_on or timezone.localdate()
    if quote.valid_until < quote.issue_date:
        raise ApplicationError(
            _("The quote would be expired when sent; move its validity date."),
            code="expired",
            field="valid_until",
        )
    quote.number = document_number_next(series=QUOTE_SERIES, on=quote.issue_date)
    return _transition(quote, QuoteStatus.SENT)


@transaction.atomic
def quote_accept(*, quote: Quote, accepted_on: datetime.date | None = None) -> Quote:
    """The customer said yes; after the validity date the offer no longer stands."""
    quote = _locked(quote)
    quote_status_require(quote, *QUOTE_TRANSITIONS[QuoteStatus.ACCEPTED])
    if (accepted_on or timezone.localdate()) > quote.valid_until:
        raise ApplicationError(
            _("Quote %(quote)s was valid until %(date)s.") % {"quote": quote, "date": quote.valid_until},
            code="expired",
            field="valid_until",
            status=409,
        )
    return _transition(quote, QuoteStatus.ACCEPTED)


@transaction.atomic
def quote_decline(*, quote: Quote) -> Quote:
    return _transition(_locked(quote), QuoteStatus.DECLINED)


@transaction.atomic
def quotes_expire(*, on: datetime.date) -> int:
    """Sent quotes whose validity ended before `on` become expired; returns how many did.

    A second run the same day finds none left to expire, so it changes nothing.
    """
    due = Quote.objects.filter(status__in=QUOTE_TRANSITIONS[QuoteStatus.EXPIRED], valid_until__lt=on)
    return due.update(status=QuoteStatus.EXPIRED, updated_at=timezone.now())
