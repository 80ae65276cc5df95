"""Who may do what. The one place permissions are decided: views, API and CLI all call `can`.

Rules are data (`RULES`): an action names the roles that may take it, and optionally an
object check that narrows it to the user's own unit (or units that succeeded it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AnonymousUser

from thucthi.accounts.models import Role, User

PUBLIC = "public"  # the anonymous reader of published information
ALL_ROLES = frozenset({r.value for r in Role})
STAFF_ROLES = ALL_ROLES - {Role.DELEGATE.value}


class Action(StrEnum):
    VIEW_PUBLIC = "public.view"
    UNIT_VIEW = "orgs.unit.view"
    UNIT_EDIT_CONTACT = "orgs.unit.edit_contact"
    UNIT_MANAGE = "orgs.unit.manage"
    PERSON_VIEW = "orgs.person.view"
    AUDIT_VIEW = "audit.view"
    AUDIT_VERIFY = "audit.verify"
    PROFILE_VIEW = "accounts.profile.view"
    TOKEN_CREATE_OWN = "accounts.token.create_own"  # noqa: S105 (an action name)
    TOKEN_CREATE_ANY = "accounts.token.create_any"  # noqa: S105 (an action name)
    USER_MANAGE = "accounts.user.manage"


ObjectCheck = Callable[[User, Any], bool]


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]
    # Where set, a role in `roles` passes only if this says the object is theirs.
    object_check: ObjectCheck | None = None
    # Roles that pass without the object check (e.g. the administrator).
    unrestricted: frozenset[str] = frozenset({Role.ADMIN.value})


def _own_unit(user: User, unit: Any) -> bool:
    from thucthi.orgs.models import Unit

    if not isinstance(unit, Unit) or user.unit_id is None:
        return False
    return unit.pk == user.unit_id


RULES: dict[Action, Rule] = {
    Action.VIEW_PUBLIC: Rule(ALL_ROLES | {PUBLIC}),
    Action.UNIT_VIEW: Rule(ALL_ROLES | {PUBLIC}),
    Action.PERSON_VIEW: Rule(ALL_ROLES | {PUBLIC}),
    Action.UNIT_EDIT_CONTACT: Rule(frozenset({Role.ADMIN, Role.UNIT_HEAD}), object_check=_own_unit),
    Action.UNIT_MANAGE: Rule(frozenset({Role.ADMIN})),
    Action.AUDIT_VIEW: Rule(frozenset({Role.ADMIN, Role.COUNCIL_OFFICE, Role.COMMITTEE_OFFICE})),
    Action.AUDIT_VERIFY: Rule(frozenset({Role.ADMIN})),
    Action.PROFILE_VIEW: Rule(ALL_ROLES),
    Action.TOKEN_CREATE_OWN: Rule(ALL_ROLES),
    Action.TOKEN_CREATE_ANY: Rule(frozenset({Role.ADMIN})),
    Action.USER_MANAGE: Rule(frozenset({Role.ADMIN})),
}


def role_of(user: User | AnonymousUser | None) -> str:
    if user is None or not user.is_authenticated or not user.is_active:
        return PUBLIC
    assert isinstance(user, User)
    return Role.ADMIN.value if user.is_superuser else user.role


def can(user: User | AnonymousUser | None, action: Action, obj: Any = None) -> bool:
    """May `user` take `action` (on `obj`, where the rule looks at objects)?"""
    rule = RULES[action]
    role = role_of(user)
    if role not in rule.roles:
        return False
    if rule.object_check is None or role in rule.unrestricted:
        return True
    if obj is None:
        # Asked without an object ("may they edit some unit?"): yes if the role can at all.
        return True
    assert isinstance(user, User)
    return rule.object_check(user, obj)


class PermissionDenied(Exception):
    """Raised by services when the policy says no; views turn it into 403."""


def require(user: User | AnonymousUser | None, action: Action, obj: Any = None) -> None:
    if not can(user, action, obj):
        raise PermissionDenied(f"Bạn không có quyền thực hiện thao tác này ({action}).")
