"""The e-CF set-up forms. They only parse: `encf_range_create` and `ecf_certificate_upload` decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.errors import ApplicationError
from apps.core.forms import ModelFieldsForm

from .models import EncfRange


class EncfRangeForm(ModelFieldsForm):
    model = EncfRange
    model_fields = ["ecf_type", "first_number", "last_number", "expires_on"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EcfCertificateForm(forms.Form):
    certificate = forms.FileField(label=_("Certificate (.p12 / .pfx)"))
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, required=False, strip=False)

    def service_error_place(self, error: ApplicationError) -> None:
        """Beside the file when it cannot be opened ("p12") or cannot sign ("certificate"), else on its field."""
        if error.field in ("p12", "certificate"):
            self.add_error("certificate", error.message)
        else:
            self.add_error(error.field if error.field in self.fields else None, error.message)
