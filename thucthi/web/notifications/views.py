from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from thucthi.core.errors import DomainError
from thucthi.notifications.models import EmailChoice, Kind, Notification
from thucthi.notifications.selectors import email_choice, notifications_of, target_label
from thucthi.notifications.services import mark_read, preference_set
from thucthi.web.common import current_user

PER_PAGE = 20

# The page that shows each kind of notification target, by model label. A notification holds
# its target as content type and id; only the web knows where an object is shown. A figure is
# shown where its reader acts on it: the head's review queue, or the officer's entry grid.
TARGET_PAGES: dict[str, Callable[[Notification], str]] = {
    "tasks.task": lambda n: reverse("task-detail", args=[n.target_id]),
    "council.session": lambda n: reverse("session-detail", args=[n.target_id]),
    "indicators.actual": lambda n: reverse("indicator-review" if n.kind == Kind.FIGURE_ENTERED else "indicator-entry"),
}


def target_link(notification: Notification) -> str:
    label = target_label(notification)
    page = TARGET_PAGES.get(label) if label is not None else None
    return page(notification) if page else ""


@login_required
@require_http_methods(["GET", "POST"])
def notification_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    unread_only = request.GET.get("unread") == "1"
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()]
        count = mark_read(user=user, ids=ids or None)
        messages.success(request, _("Đã đánh dấu %(n)s thông báo là đã đọc.") % {"n": count})
        return redirect(reverse("notifications") + ("?unread=1" if request.POST.get("unread") == "1" else ""))
    page = Paginator(notifications_of(user, unread_only=unread_only), PER_PAGE).get_page(request.GET.get("page"))
    rows = [(n, target_link(n)) for n in page]
    return render(request, "web/notifications/list.html", {"page": page, "rows": rows, "unread_only": unread_only})


class PreferenceForm(forms.Form):
    email = forms.ChoiceField(
        label=gettext_lazy("Nhận thông báo qua e-mail"), choices=EmailChoice.choices, widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Hãy chọn một cách nhận e-mail."),
                        "invalid_choice": gettext_lazy("Hãy chọn một cách nhận e-mail.")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    form = PreferenceForm(request.POST or None, initial={"email": email_choice(user)})
    if request.method == "POST" and form.is_valid():
        try:
            preference_set(actor=user, email=form.cleaned_data["email"])
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Đã lưu cách nhận thông báo."))
            return redirect("notification-settings")
    return render(request, "web/notifications/settings.html", {"form": form})
