"""Roles, actions and the rule table's machinery: `can`, `require`, `role_of`. The table (`RULES`) is filled by `policy.rules`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied

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
    CALENDAR_MANAGE = "workdays.calendar.manage"
    TASK_VIEW = "tasks.task.view"
    TASK_CREATE = "tasks.task.create"
    TASK_MANAGE = "tasks.task.manage"
    TASK_WORK = "tasks.task.work"
    TASK_REVIEW_PROGRESS = "tasks.task.review_progress"
    TASK_ACCEPT = "tasks.task.accept"
    TASK_REMIND = "tasks.task.remind"
    COORDINATION_ANSWER = "tasks.coordination.answer"
    SCORECARD_VIEW = "accountability.scorecard.view"
    COUNCIL_RECORD = "council.record"
    QUESTION_REGISTER = "council.question.register"
    INDICATOR_VIEW = "indicators.view"
    PLAN_MANAGE = "indicators.plan.manage"
    ACTUAL_ENTER = "indicators.actual.enter"
    ACTUAL_APPROVE = "indicators.actual.approve"
    AGGREGATE_APPROVE = "indicators.aggregate.approve"
    ASSESSMENT_WRITE = "indicators.assessment.write"


ObjectCheck = Callable[[User, Any], bool]


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]
    # Where set, a role in `roles` passes only if this says the object is theirs.
    object_check: ObjectCheck | None = None
    # Roles that pass without the object check (e.g. the administrator).
    unrestricted: frozenset[str] = frozenset({Role.ADMIN.value})


WORKERS = frozenset({Role.UNIT_OFFICER, Role.UNIT_HEAD})


ISSUERS = frozenset({Role.ADMIN, Role.COMMITTEE_OFFICE, Role.COUNCIL_OFFICE, Role.UNIT_HEAD})


OVERSIGHT = frozenset({Role.ADMIN, Role.COUNCIL_OFFICE, Role.COMMITTEE_OFFICE, Role.DELEGATE})


# Filled by `policy.rules` when the package is imported: the checks live in the domain modules,
# which themselves ask `can`, so the table is assembled after them.
RULES: dict[Action, Rule] = {}


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


class PermissionDenied(DjangoPermissionDenied):
    """Raised by services when the policy says no. A Django PermissionDenied, so a view that
    does not catch it answers with the 403 page; the API turns it into a 401/403 JSON error."""


def require(user: User | AnonymousUser | None, action: Action, obj: Any = None) -> None:
    if not can(user, action, obj):
        raise PermissionDenied(f"Bạn không có quyền thực hiện thao tác này ({action}).")


def grants_superuser(role: str) -> bool:
    """Only the administrator's account is a Django superuser (and staff)."""
    return role == Role.ADMIN


def needs_unit(role: str) -> bool:
    """A unit's officer or head must belong to a unit."""
    return role in WORKERS
