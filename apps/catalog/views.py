"""Products on the web: a searchable list, the editor and a detail page.

Thin views: the form parses, `services.product_create`/`product_update` decide, and their
`ApplicationError`s are shown beside the field they name.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from apps.accounts.decorators import right_required
from apps.core.errors import ApplicationError
from apps.core.forms import error_place
from apps.tenants.http import MemberRequest

from .forms import ProductFilterForm, ProductForm, product_initial
from .models import Product
from .selectors import product_detail, product_list
from .services import product_create, product_update

PAGE_SIZE = 50

catalog_view_required = right_required("catalog.view_product")
catalog_edit_required = right_required("catalog.change_product")


def _product(pk: int) -> Product:
    try:
        return product_detail(pk=pk)
    except Product.DoesNotExist:
        raise Http404 from None


@catalog_view_required
@require_GET
def product_list_view(request: MemberRequest) -> HttpResponse:
    """Active products by number; a search ranks number prefixes, then names (htmx swaps the rows)."""
    filters = ProductFilterForm(request.GET)
    chosen: dict[str, Any] = filters.cleaned_data if filters.is_valid() else {"q": "", "inactive": False}
    products = product_list(query=chosen["q"], include_inactive=chosen["inactive"])
    page = Paginator(products, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filters": filters, "page": page, "can_edit": request.user.has_perm("catalog.change_product")}
    template = (
        "catalog/partials/product_rows.html" if request.headers.get("HX-Request") else "catalog/product_list.html"
    )
    return render(request, template, context)


def _editor(request: MemberRequest, product: Product | None) -> HttpResponse:
    if request.method == "POST":
        form = ProductForm(request.POST)
        if form.is_valid():
            try:
                saved = (
                    product_update(product=product, data=form.row_data())
                    if product
                    else product_create(**form.row_data())
                )
            except ApplicationError as error:
                error_place(error, form=form, rows={})
            else:
                messages.success(request, _("%(product)s is saved.") % {"product": saved})
                return redirect("catalog:detail", pk=saved.pk)
        status = 400
    else:
        form = ProductForm(initial=product_initial(product) if product else None)
        status = 200
    return render(request, "catalog/product_form.html", {"product": product, "form": form}, status=status)


@catalog_edit_required
@require_http_methods(["GET", "POST"])
def product_create_view(request: MemberRequest) -> HttpResponse:
    return _editor(request, None)


@catalog_edit_required
@require_http_methods(["GET", "POST"])
def product_edit_view(request: MemberRequest, pk: int) -> HttpResponse:
    return _editor(request, _product(pk))


@catalog_view_required
@require_GET
def product_detail_view(request: MemberRequest, pk: int) -> HttpResponse:
    context = {"product": _product(pk), "can_edit": request.user.has_perm("catalog.change_product")}
    return render(request, "catalog/product_detail.html", context)
