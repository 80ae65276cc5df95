"""An account the administrator gave a password to (a one-time one above all) changes it before
anything else: every page but the password page, signing out and the static files sends it there.
The API (bearer tokens) is not concerned."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

EXEMPT_PREFIXES = ("/static/", "/api/", "/i18n/")


class PasswordChangeRequired:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            allowed = {reverse("password-change"), reverse("logout")}
            if request.path not in allowed and not request.path.startswith(EXEMPT_PREFIXES):
                return redirect("password-change")
        return self.get_response(request)
