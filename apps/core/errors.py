"""The one application error type that services raise for a broken business rule."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError


class ApplicationError(Exception):
    """A rule of the business was broken; the caller gets a 4xx naming the field.

    `status` is the HTTP status an API answers with; services choose it because
    only they know whether the input was wrong (400), a conflict (409) or refused (403).
    `details` are the individual problems behind a refusal that has several (each failed rule of
    an e-invoice, at its field); the API lists them after the refusal itself.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str = "invalid",
        field: str | None = None,
        status: int = 400,
        details: Sequence[ApplicationError] = (),
    ):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field
        self.status = status
        self.details = tuple(details)

    @classmethod
    def from_validation(cls, error: ValidationError, *, prefix: str = "") -> ApplicationError:
        """A model's `full_clean()` refusal as the 400 an API shows: the first field, its message and code."""
        name, messages = next(iter(error.message_dict.items()))
        code = next((item.code for item in error.error_dict.get(name, []) if item.code), "invalid")
        return cls(messages[0], code=code, field=None if name == "__all__" else f"{prefix}{name}")
