from __future__ import annotations

from typing import Any

from django.http import HttpRequest

import thucthi
from thucthi.accounts.policy import Action, can
from thucthi.notifications.models import Notification


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    unread = 0
    if user is not None and user.is_authenticated:
        unread = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()
    return {
        "version": thucthi.__version__,
        "may_view_audit": can(user, Action.AUDIT_VIEW),
        "unread_notifications": unread,
    }
