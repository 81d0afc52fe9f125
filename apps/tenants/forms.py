from django import forms
from django.utils.translation import gettext_lazy as _

from .countries import Country


class SignupForm(forms.Form):
    name = forms.CharField(label=_("Legal name of the company"), max_length=200)
    slug = forms.SlugField(
        label=_("Web address"),
        max_length=40,
        help_text=_("Lowercase letters, digits and hyphens; it becomes your company's web address."),
        widget=forms.TextInput(
            attrs={
                "hx-get": "/signup/slug-check/",
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#slug-check",
            }
        ),
    )
    country = forms.ChoiceField(label=_("Country"), choices=Country.choices)
    tax_id = forms.CharField(label=_("VAT ID or RNC"), max_length=20, required=False)
    owner_name = forms.CharField(label=_("Your name"), max_length=150, required=False)
    owner_email = forms.EmailField(label=_("Your e-mail"))
    owner_password = forms.CharField(
        label=_("Choose a password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
