"""Units and people: who edits a unit's contact details, who adds a person to the register."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from thucthi.accounts.models import User
from thucthi.accounts.policy.base import (
    Action,
    can,
)
from thucthi.orgs.models import Unit


def own_unit(user: User, unit: Any) -> bool:
    if not isinstance(unit, Unit) or user.unit_id is None:
        return False
    return unit.pk == user.unit_id


def may_record_person(user: User | AnonymousUser | None) -> bool:
    """Who adds a person to the register: the administrator, and whoever names a person in their
    own record — the secretariat or a delegate naming the official a question is put to, and
    the People's Committee office naming the person in charge of a remedy."""
    return can(user, Action.UNIT_MANAGE) or can(user, Action.QUESTION_REGISTER) or can(user, Action.ASSESSMENT_WRITE)
