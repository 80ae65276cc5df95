"""Gunicorn settings for `thucthi serve`: load the program once in the master and warm it there,
so that every worker forks ready and the first visitor does not pay for the imports.

Without this each worker imported Django, the URLconf (every view and the API schema), the
translation catalogues and the templates on its first request: the first page took 7–11 s.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connections
from django.test import Client
from django.urls import get_resolver
from django.utils import translation

preload_app = True


def when_ready(server: Any) -> None:
    """Runs in the master after the application is loaded and before the workers fork: import
    every view (URLconf), load the catalogues, and render the home page and the sign-in page once
    so the compiled templates are in the inherited template cache. Close the database connections
    it opened: a connection must never be shared by forked processes."""
    get_resolver().url_patterns  # noqa: B018 (imports every view module)
    for language in ("vi", "en"):
        translation.activate(language)
        translation.gettext("Thực Thi")
    translation.deactivate()
    hosts = [h for h in settings.ALLOWED_HOSTS if h != "*" and not h.startswith(".")]
    client = Client(HTTP_HOST=hosts[0] if hosts else "localhost", raise_request_exception=False)
    for path in ("/", "/login/", "/units/"):
        try:
            client.get(path)
        except Exception as exc:  # a warm-up must never stop the server
            server.log.warning("warm-up of %s failed: %s", path, exc)
    connections.close_all()
