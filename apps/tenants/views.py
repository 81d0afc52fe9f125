"""The public site: what Kontor is, and signing a company up."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from apps.core.errors import ApplicationError

from .forms import SignupForm
from .selectors import slug_problem, tenant_url
from .services import tenant_provision


@require_http_methods(["GET"])
def slug_check_view(request: HttpRequest) -> HttpResponse:
    """htmx fragment under the signup form: is this address still free?"""
    slug = request.GET.get("slug", "").strip().lower()
    problem = slug_problem(slug)
    context = {"slug": slug, "problem": problem, "base_domain": settings.KONTOR_BASE_DOMAIN}
    return render(request, "tenants/_slug_check.html", context)


def landing_view(request: HttpRequest) -> HttpResponse:
    return render(request, "tenants/landing.html")


@require_http_methods(["GET", "POST"])
def signup_view(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tenant = tenant_provision(**form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, messages)
        else:
            login_url = tenant_url(
                tenant=tenant, path=reverse("accounts:login", urlconf=settings.ROOT_URLCONF), secure=request.is_secure()
            )
            return HttpResponseRedirect(f"{login_url}?welcome=1")
    return render(request, "tenants/signup.html", {"form": form, "base_domain": settings.KONTOR_BASE_DOMAIN})
