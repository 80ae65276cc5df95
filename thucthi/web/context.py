from __future__ import annotations

from typing import Any

from django.http import HttpRequest

import thucthi
from thucthi.accounts.policy import Action, can


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "version": thucthi.__version__,
        "may_view_audit": can(user, Action.AUDIT_VIEW),
    }
