from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from apps.core.services import email_queue
from apps.tenants.models import Membership, Right, Role, Tenant, User
from apps.tenants.selectors import business_modules, member_users_by_email


class LoginForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )


class OtpForm(forms.Form):
    otp = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class TwoFactorConfirmForm(forms.Form):
    token = forms.CharField(
        label=_("Code shown by the app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class CompanySecurityForm(forms.Form):
    require_two_factor = forms.BooleanField(label=_("Require two-factor login for every member"), required=False)


class MemberPasswordResetForm(PasswordResetForm):
    """Sends a reset link only to members of the company whose host this is, through Celery."""

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.tenant = tenant

    def get_users(self, email: str) -> Iterator[User]:
        """Members with or without a password yet: an invited person may use this to choose one."""
        return iter(member_users_by_email(tenant=self.tenant, email=email))

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        email_queue(
            message_key=f"reset:{context['uid']}:{context['token']}",
            to=[to_email],
            subject=" ".join(render_to_string(subject_template_name, context).split()),
            body=render_to_string(email_template_name, context),
        )


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    full_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.MEMBER)


class MemberForm(forms.Form):
    """A member's role and, per module, the rights that differ from the role's defaults."""

    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.modules = business_modules()
        for label, name in self.modules:
            self.fields[f"rights_{label}"] = forms.MultipleChoiceField(
                label=name,
                choices=Right.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=sorted(membership.rights_in(label)),
            )
        self.fields["role"].initial = membership.role

    def module_rights(self) -> dict[str, set[str]]:
        return {label: set(self.cleaned_data[f"rights_{label}"]) for label, _name in self.modules}
