"""Customers and suppliers on the web: a searchable list, the editor with addresses and contacts, a detail page.

Thin views: the forms parse, `services.party_create`/`party_update` decide, and their errors are shown
beside the field they name ("addresses.0.country" is the first filled address row's country).
The party's account (open items, documents) belongs to invoicing, which depends on parties: the
detail page links there by URL name only.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from apps.accounts.decorators import right_required
from apps.core.errors import ApplicationError
from apps.core.forms import error_place, filled_rows
from apps.tenants.http import MemberRequest

from . import identifiers
from .forms import AddressFormSet, ContactFormSet, PartyFilterForm, PartyForm, children_initial, party_initial
from .models import Party
from .selectors import party_duplicates, party_list, party_search
from .services import party_create, party_update

PAGE_SIZE = 50
SEARCH_LIMIT = 50
ADDRESSES_PREFIX = "addresses"
CONTACTS_PREFIX = "contacts"

parties_view_required = right_required("parties.view_party")
parties_edit_required = right_required("parties.change_party")


def _party(pk: int) -> Party:
    try:
        return party_list().get(pk=pk)
    except Party.DoesNotExist:
        raise Http404 from None


@parties_view_required
@require_GET
def party_list_view(request: MemberRequest) -> HttpResponse:
    """Paged by number; with a search term, the best matches first (htmx swaps just the rows)."""
    filters = PartyFilterForm(request.GET)
    query, chosen = filters.chosen()
    if query:
        ranking = [party.pk for party in party_search(query, limit=SEARCH_LIMIT)]
        kept = {party.pk: party for party in party_list(filters={**chosen, "pk__in": ranking})}
        rows = [kept[pk] for pk in ranking if pk in kept]
    else:
        rows = party_list(filters=chosen)  # type: ignore[assignment]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filters": filters, "page": page, "can_edit": request.user.has_perm("parties.change_party")}
    template = "parties/partials/party_rows.html" if request.headers.get("HX-Request") else "parties/party_list.html"
    return render(request, template, context)


def _editor(request: MemberRequest, party: Party | None) -> HttpResponse:
    if request.method == "POST":
        form = PartyForm(request.POST)
        addresses = AddressFormSet(request.POST, prefix=ADDRESSES_PREFIX)
        contacts = ContactFormSet(request.POST, prefix=CONTACTS_PREFIX)
        if form.is_valid() and addresses.is_valid() and contacts.is_valid():
            address_rows, contact_rows = filled_rows(addresses), filled_rows(contacts)
            children = {
                "addresses": [row.row_data() for row in address_rows],
                "contacts": [row.row_data() for row in contact_rows],
            }
            try:
                result = (
                    party_update(party=party, **children, **form.party_data())
                    if party
                    else party_create(**children, **form.party_data())
                )
            except ApplicationError as error:
                error_place(error, form=form, rows={ADDRESSES_PREFIX: address_rows, CONTACTS_PREFIX: contact_rows})
            else:
                messages.success(request, _("%(party)s is saved.") % {"party": result.party})
                for warning in result.warnings:
                    messages.warning(request, warning["message"])
                return redirect("parties:detail", pk=result.party.pk)
        status = 400
    else:
        address_initial, contact_initial = children_initial(party) if party else (None, None)
        form = PartyForm(initial=party_initial(party) if party else {"is_customer": True})
        addresses = AddressFormSet(initial=address_initial, prefix=ADDRESSES_PREFIX)
        contacts = ContactFormSet(initial=contact_initial, prefix=CONTACTS_PREFIX)
        status = 200
    context = {"party": party, "form": form, "addresses": addresses, "contacts": contacts}
    return render(request, "parties/party_form.html", context, status=status)


@parties_edit_required
@require_http_methods(["GET", "POST"])
def party_create_view(request: MemberRequest) -> HttpResponse:
    return _editor(request, None)


@parties_edit_required
@require_http_methods(["GET", "POST"])
def party_edit_view(request: MemberRequest, pk: int) -> HttpResponse:
    return _editor(request, _party(pk))


def _typed_or_blank(normalize: Callable[[], str]) -> str:
    """The canonical form of what was typed, or blank while it is not valid yet (nothing to compare)."""
    try:
        return normalize()
    except ValueError:
        return ""


@parties_edit_required
@require_GET
def party_duplicates_view(request: MemberRequest) -> HttpResponse:
    """The editor's early warning: parties with the tax id or IBAN being typed, before saving."""
    country = request.GET.get("country", "").strip().upper()
    tax_id = _typed_or_blank(lambda: identifiers.tax_id_normalize(country=country, value=request.GET.get("tax_id", "")))
    iban = _typed_or_blank(lambda: identifiers.iban_normalize(request.GET.get("iban", "")))
    exclude = request.GET.get("party", "")
    others = party_duplicates(tax_id=tax_id, iban=iban, exclude_pk=int(exclude) if exclude.isdigit() else None)
    return render(request, "parties/partials/duplicates.html", {"duplicates": list(others)})


@parties_view_required
@require_GET
def party_detail_view(request: MemberRequest, pk: int) -> HttpResponse:
    party = _party(pk)
    context = {
        "party": party,
        "duplicates": list(party_duplicates(tax_id=party.tax_id, iban=party.iban, exclude_pk=party.pk)),
        "can_edit": request.user.has_perm("parties.change_party"),
    }
    return render(request, "parties/party_detail.html", context)
