from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thucthi.notifications.models import Notification
from thucthi.notifications.services import mark_read
from thucthi.web.common import current_user


@login_required
@require_http_methods(["GET", "POST"])
def notification_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()]
        count = mark_read(user=user, ids=ids or None)
        messages.success(request, _("Đã đánh dấu %(n)s thông báo là đã đọc.") % {"n": count})
        return redirect("notifications")
    page = Paginator(Notification.objects.filter(recipient=user).select_related("task"), 50).get_page(request.GET.get("page"))
    return render(request, "web/notifications.html", {"page": page})
