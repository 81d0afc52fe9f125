from django.http import HttpResponse
from django.shortcuts import render

from apps.accounts.decorators import member_required
from apps.accounts.selectors import totp_device_confirmed
from apps.taxes.selectors import tax_rates_active
from apps.tenants.http import MemberRequest


@member_required
def home_view(request: MemberRequest) -> HttpResponse:
    """The company's front page: who you are here and how the company is set up."""
    context = {
        "two_factor_enabled": totp_device_confirmed(user=request.user) is not None,
        "tax_rates": tax_rates_active(),
    }
    return render(request, "dashboard/home.html", context)
