"""Turning a service's ValidationError into what a form shows."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError


def apply_errors(form: forms.BaseForm, error: ValidationError, *, field: str | None = None) -> None:
    """Put each message of ``error`` next to its field on ``form``; messages keyed by a name the
    form does not have (or not keyed at all) go to its top, or to ``field`` when given."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else field, errors)
    else:
        form.add_error(field, error.messages)


def error_messages(request, error: ValidationError) -> None:
    """Every message of ``error`` as a page message (for an action taken without a form)."""
    for message in error.messages:
        messages.error(request, message)
