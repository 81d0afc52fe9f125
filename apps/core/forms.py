"""What every web editor does with a form and its formsets: find the rows typed into, place service errors."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms

from .errors import ApplicationError


class ModelFieldsForm(forms.Form):
    """A plain form with a model's fields and labels, but no model validation: the service checks once.

    A ModelForm would run the model's `full_clean()` and save; here the service does both, so its
    rules and its error messages stay in one place.
    """

    model: type[Any]
    model_fields: list[str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(forms.fields_for_model(self.model, fields=self.model_fields))

    def row_data(self) -> dict[str, Any]:
        """The model's fields only (a formset row also carries DELETE)."""
        return {name: self.cleaned_data[name] for name in self.model_fields}


def filled_rows(formset: Any) -> list[Any]:
    """The rows someone typed into and did not delete, in order: row i is the service's `<prefix>.i`."""
    return [
        form
        for form in formset.forms
        if not (form.empty_permitted and not form.has_changed()) and not bool(form["DELETE"].data)
    ]


def error_place(error: ApplicationError, *, form: forms.Form, rows: Mapping[str, Sequence[forms.Form]]) -> None:
    """Puts a service error beside the field it names, or above the form if it names none shown.

    "tax_id" lands on `form`; "addresses.1.city" on the second filled row of `rows["addresses"]`.
    """
    parts = (error.field or "").split(".")
    group = rows.get(parts[0])
    if group is not None and len(parts) >= 3 and parts[1].isdigit() and int(parts[1]) < len(group):
        row, name = group[int(parts[1])], parts[2]
        row.add_error(name if name in row.fields else None, error.message)
    elif parts[0] in form.fields:
        form.add_error(parts[0], error.message)
    else:
        form.add_error(None, error.message)
