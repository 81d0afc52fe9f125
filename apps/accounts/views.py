"""Web sign-in on a company's host: password, second factor, set-up, switching companies."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.core.errors import ApplicationError
from apps.tenants.http import MemberRequest, TenantRequest
from apps.tenants.models import Tenant, User
from apps.tenants.selectors import membership_for, membership_is_owner, tenant_url
from apps.tenants.services import tenant_security_update

from .decorators import member_required
from .forms import CompanySecurityForm, LoginForm, MemberPasswordResetForm, OtpForm, TwoFactorConfirmForm
from .selectors import totp_device_confirmed, totp_device_pending, totp_qr_svg, two_factor_required
from .services import (
    login_lockout_clear,
    tenant_switch_token_issue,
    tenant_switch_token_redeem,
    totp_device_confirm,
    totp_device_start,
    totp_verify,
)

PENDING_USER_KEY = "kontor_pending_user"
BACKEND = "apps.accounts.backends.MembershipBackend"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("dashboard:home")


@require_http_methods(["GET", "POST"])
def login_view(request: TenantRequest) -> HttpResponse:
    """Step one: e-mail and password. Members with a second factor continue to `login_verify`."""
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, email=form.cleaned_data["email"], password=form.cleaned_data["password"])
        if user is None:
            form.add_error(None, _("E-mail or password is not correct."))
        elif membership_for(user=user, tenant=request.tenant) is None:
            form.add_error(None, _("This account has no access to %(company)s.") % {"company": request.tenant})
        elif totp_device_confirmed(user=user) is not None:
            request.session[PENDING_USER_KEY] = user.pk
            return redirect(f"{reverse('accounts:login_verify')}?next={_next_url(request)}")
        else:
            login(request, user, backend=BACKEND)
            if two_factor_required(user=user, tenant=request.tenant):
                return redirect("accounts:two_factor_setup")
            return HttpResponseRedirect(_next_url(request))
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request)})


@require_http_methods(["GET", "POST"])
def login_verify_view(request: TenantRequest) -> HttpResponse:
    """Step two: the code from the authenticator app."""
    pending_id = request.session.get(PENDING_USER_KEY)
    user = User.objects.filter(pk=pending_id, is_active=True).first() if pending_id else None
    if user is None:
        return redirect("accounts:login")
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = totp_verify(user=user, token=form.cleaned_data["otp"])
        except ApplicationError as exc:
            form.add_error("otp", exc.message)
        else:
            request.session.pop(PENDING_USER_KEY, None)
            login(request, user, backend=BACKEND)
            otp_login(request, device)
            return HttpResponseRedirect(_next_url(request))
    return render(request, "accounts/login_verify.html", {"form": form, "next": _next_url(request)})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You are signed out."))
    return redirect("accounts:login")


@member_required
@require_http_methods(["GET", "POST"])
def two_factor_setup_view(request: MemberRequest) -> HttpResponse:
    """Shows a QR code for a new secret and turns two-factor login on once a code checks out."""
    confirmed = totp_device_confirmed(user=request.user)
    form = TwoFactorConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = totp_device_confirm(user=request.user, token=form.cleaned_data["token"])
        except ApplicationError as exc:
            form.add_error("token", exc.message)
        else:
            otp_login(request, device)
            messages.success(request, _("Two-factor login is on."))
            return redirect("dashboard:home")
    device = totp_device_pending(user=request.user)
    if device is None and confirmed is None:
        device = totp_device_start(user=request.user)
    context = {
        "form": form,
        "confirmed": confirmed,
        "device": device,
        "qr_svg": totp_qr_svg(device=device) if device else "",
        "secret": _base32_secret(device) if device else "",
        "required": request.tenant.require_two_factor,
    }
    return render(request, "accounts/two_factor_setup.html", context)


def _base32_secret(device: TOTPDevice) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode().rstrip("=")


@member_required
@require_POST
def tenant_switch_view(request: MemberRequest, slug: str) -> HttpResponse:
    """Sends the user to another company they belong to, signed in there too."""
    target = get_object_or_404(Tenant, slug=slug, status=Tenant.Status.ACTIVE)
    device = getattr(request.user, "otp_device", None)
    try:
        token = tenant_switch_token_issue(
            user=request.user, target=target, otp_device_id=device.persistent_id if device else None
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("dashboard:home")
    url = tenant_url(tenant=target, path=reverse("accounts:switch_accept"), secure=request.is_secure())
    return HttpResponseRedirect(f"{url}?token={token}")


@require_http_methods(["GET"])
def tenant_switch_accept_view(request: TenantRequest) -> HttpResponse:
    try:
        user, device_id = tenant_switch_token_redeem(token=request.GET.get("token", ""), tenant=request.tenant)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:login")
    login(request, user, backend=BACKEND)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() if device_id else None
    if device is not None and device.persistent_id == device_id:
        otp_login(request, device)
    return redirect("dashboard:home")


@member_required
@require_http_methods(["GET", "POST"])
def company_security_view(request: MemberRequest) -> HttpResponse:
    """Owners decide whether every member must use two-factor login."""
    form = CompanySecurityForm(request.POST or None, initial={"require_two_factor": request.tenant.require_two_factor})
    if request.method == "POST" and form.is_valid():
        try:
            tenant_security_update(
                tenant=request.tenant,
                require_two_factor=form.cleaned_data["require_two_factor"],
                changed_by=request.user,
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Login rules saved."))
            return redirect("accounts:company_security")
    is_owner = membership_is_owner(user=request.user, tenant=request.tenant)
    return render(request, "accounts/company_security.html", {"form": form, "is_owner": is_owner})


class PasswordResetView(auth_views.PasswordResetView):
    form_class = MemberPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/emails/password_reset.txt"
    subject_template_name = "accounts/emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")
    extra_email_context = {"link_days": settings.PASSWORD_RESET_TIMEOUT // 86400}

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "tenant": self.request.tenant}  # type: ignore[attr-defined]


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        login_lockout_clear(user=form.user)
        return response
