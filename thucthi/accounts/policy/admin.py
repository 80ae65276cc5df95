"""Administration in the web UI: who sees the administration pages, and who runs which part of it.

Accounts and reorganisations are the administrator's (nationwide); the working-day calendar is
national (an override has no province), so it is the administrator's too; terms and delegates are
the council's record, kept by its office (`may_record_for_council`)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from thucthi.accounts.models import User
from thucthi.accounts.policy.base import Action, can

ADMIN_AREAS = (Action.USER_MANAGE, Action.UNIT_MANAGE, Action.CALENDAR_MANAGE, Action.COUNCIL_RECORD)


def administers(user: User | AnonymousUser | None) -> bool:
    """Does `user` run any part of the administration pages?"""
    return any(can(user, action) for action in ADMIN_AREAS)
