"""Small pieces every page module uses."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest

from thucthi.accounts.models import User


def current_user(request: HttpRequest) -> User:
    """The signed-in user (the view is behind login_required)."""
    assert isinstance(request.user, User)
    return request.user


def errors_text(form: forms.Form) -> str:
    """A bound form's errors as one sentence for a page message."""
    return " ".join(str(e) for errors in form.errors.values() for e in errors)
