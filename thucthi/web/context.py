from __future__ import annotations

from typing import Any

from django.http import HttpRequest

import thucthi
from thucthi.accounts.policy import Action, can
from thucthi.notifications.selectors import unread_count


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    unread = 0
    if user is not None and user.is_authenticated:
        unread = unread_count(user.pk)
    return {
        "version": thucthi.__version__,
        "may_view_audit": can(user, Action.AUDIT_VIEW),
        "may_approve_tasks": can(user, Action.TASK_REVIEW_PROGRESS) or can(user, Action.TASK_ACCEPT),
        "may_add_session": can(user, Action.COUNCIL_RECORD),
        "unread_notifications": unread,
    }
