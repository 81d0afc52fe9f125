"""The recurring invoice editor's form: a schedule on top of the invoice editor's header and lines."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import DraftForm
from .models import Frequency, RecurringInvoice
from .services import ScheduleData
from .services.recurring import SCHEDULE_FIELDS

DATE = forms.DateInput(attrs={"type": "date"})


class RecurringForm(DraftForm):
    """Schedule fields beside the draft header; the service checks both and names the wrong field."""

    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("e.g. Maintenance contract Hotel Sonnenhof"))
    frequency = forms.ChoiceField(label=_("Frequency"), choices=Frequency.choices)
    interval = forms.IntegerField(label=_("Every"), min_value=1, initial=1, help_text=_("2: every second period."))
    start_date = forms.DateField(label=_("First period"), widget=DATE)
    end_date = forms.DateField(label=_("Last period until"), required=False, widget=DATE)
    max_count = forms.IntegerField(label=_("Number of invoices"), required=False, min_value=1)
    auto_issue = forms.BooleanField(label=_("Issue automatically"), required=False, initial=True)
    auto_send = forms.BooleanField(label=_("Send automatically by e-mail"), required=False)
    delivery_date = None  # type: ignore[assignment]  # each invoice is delivered in its own period

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["delivery_date"] = None  # what `draft_data` reads for the draft
        return data

    def schedule_data(self) -> ScheduleData:
        return ScheduleData(**{name: self.cleaned_data[name] for name in SCHEDULE_FIELDS})


def recurring_initial(recurring: RecurringInvoice) -> dict[str, Any]:
    names = [*SCHEDULE_FIELDS, "currency", "payment_days", "skonto_percent", "skonto_days", "notes"]
    return {"customer": recurring.customer_id, **{name: getattr(recurring, name) for name in names}}
