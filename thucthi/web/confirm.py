"""Actions that cannot be undone ask first, in the browser and on the server.

In the browser, site.js asks the question carried by the button's `data-confirm` and adds
`confirmed=1` to the submit once the user agrees. The server asks again for a submit without it
(JavaScript off, an old page, a script), on a page that repeats what was typed, so nothing that
cannot be undone happens on one unconfirmed click.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRMED = "confirmed"


def confirmation(request: HttpRequest, *, question: str, back: str) -> HttpResponse | None:
    """None when the submit was confirmed; otherwise the page that asks `question`, with a button
    that sends the same fields again confirmed and a way `back` that does nothing."""
    if request.POST.get(CONFIRMED) == "1":
        return None
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRMED)
        for value in values
    ]
    return render(request, "web/confirm.html", {"question": question, "fields": fields, "action": request.path, "back": back})
