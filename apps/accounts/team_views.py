"""The team page: who works in this company, with which role and rights."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from apps.core.errors import ApplicationError
from apps.tenants.http import MemberRequest
from apps.tenants.models import Membership
from apps.tenants.selectors import membership_is_owner, tenant_members
from apps.tenants.services import membership_revoke, membership_update

from .decorators import member_required
from .forms import InviteForm, MemberForm
from .services import member_invite


def _is_owner(request: MemberRequest) -> bool:
    return membership_is_owner(user=request.user, tenant=request.tenant)


@member_required
@require_http_methods(["GET", "POST"])
def team_view(request: MemberRequest) -> HttpResponse:
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member_invite(
                tenant=request.tenant, invited_by=request.user, secure=request.is_secure(), **form.cleaned_data
            )
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                _("%(email)s now has access and has been told by e-mail.") % {"email": form.cleaned_data["email"]},
            )
            return redirect("accounts:team")
    context = {"members": tenant_members(tenant=request.tenant), "form": form, "is_owner": _is_owner(request)}
    return render(request, "accounts/team.html", context)


@member_required
@require_http_methods(["GET", "POST"])
def member_edit_view(request: MemberRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk, tenant=request.tenant, is_active=True)
    form = MemberForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            membership_update(
                membership=membership,
                changed_by=request.user,
                role=form.cleaned_data["role"],
                module_rights=form.module_rights(),
            )
        except ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("accounts:team")
    return render(
        request, "accounts/member_edit.html", {"form": form, "member": membership, "is_owner": _is_owner(request)}
    )


@member_required
@require_POST
def member_remove_view(request: MemberRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk, tenant=request.tenant, is_active=True)
    try:
        membership_revoke(membership=membership, revoked_by=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(person)s no longer has access.") % {"person": membership.user})
    return redirect("accounts:team")
