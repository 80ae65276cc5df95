from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thucthi.notifications.models import Notification
from thucthi.notifications.selectors import notifications_of, target_label
from thucthi.notifications.services import mark_read
from thucthi.web.common import current_user

# The page that shows each kind of notification target, by model label. A notification holds
# its target as content type and id; only the web knows where an object is shown.
TARGET_PAGES = {"tasks.task": "task-detail"}


def target_link(notification: Notification) -> str:
    label = target_label(notification)
    page = TARGET_PAGES.get(label) if label is not None else None
    return reverse(page, args=[notification.target_id]) if page else ""


@login_required
@require_http_methods(["GET", "POST"])
def notification_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()]
        count = mark_read(user=user, ids=ids or None)
        messages.success(request, _("Đã đánh dấu %(n)s thông báo là đã đọc.") % {"n": count})
        return redirect("notifications")
    page = Paginator(notifications_of(user), 50).get_page(request.GET.get("page"))
    rows = [(n, target_link(n)) for n in page]
    return render(request, "web/notifications/list.html", {"page": page, "rows": rows})
