"""Tasks: who issues for whom, who sees, works on and accepts a task, who is told about it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q

from thucthi.accounts.models import Role, User
from thucthi.accounts.policy.base import (
    OVERSIGHT,
    PUBLIC,
    WORKERS,
    Action,
    can,
    role_of,
)
from thucthi.accounts.policy.scopes import (
    held_units,
    issuing_side,
    issuing_side_units,
    unit_in_province,
    units_in_province,
)
from thucthi.orgs.models import Person, Unit, UnitKind


def task_issuer(user: User, task: Any) -> bool:
    return issuing_side(user, task.issuer_id)


def task_acceptor(user: User, task: Any) -> bool:
    return issuing_side(user, task.accepting_unit_id or task.issuer_id)


def task_lead(user: User, task: Any) -> bool:
    return task.lead_unit_id in held_units(user)


def task_visible(user: User, task: Any) -> bool:
    """The rule `tasks.selectors.visible_tasks` applies as a query (`task_visibility`), which
    also keeps drafts to their issuing side."""
    held = held_units(user)
    if task.lead_unit_id in held or task.issuer_id in held:
        return True
    if role_of(user) in OVERSIGHT and (unit_in_province(user, task.issuer) or unit_in_province(user, task.lead_unit)):
        return True
    return bool(held & {c.unit_id for c in task.coordinations.all()})


def coordination_addressee(user: User, request: Any) -> bool:
    return request.to_unit_id in held_units(user)


def issuable_units(user: User | AnonymousUser | None) -> set[int] | None:
    """The one answer to "for whom may this user issue a task": None for every body (the
    administrator), else the bodies it acts for (empty for those who issue nothing). The form's
    choices, the services, the Excel import and the documents page all ask it."""
    if not can(user, Action.TASK_CREATE):
        return set()
    assert isinstance(user, User)
    return issuing_side_units(user)


def may_issue_for(user: User | AnonymousUser | None, unit_id: int) -> bool:
    issuable = issuable_units(user)
    return issuable is None or unit_id in issuable


def task_visibility(user: User | AnonymousUser | None) -> Any:
    """`can(user, TASK_VIEW, task)` as a query on tasks (a Q); `tasks.selectors.visible_tasks`
    applies it. Drafts only to their issuing side; issued tasks to the units they concern and to
    the overseers (offices, delegates) of the province they were issued or led in."""
    # By name: the policy reads the tasks' tables but does not import the tasks app.
    coordination = apps.get_model("tasks", "Coordination")
    nothing = Q(pk__in=[])
    role = role_of(user)
    if role == PUBLIC:
        return nothing
    assert isinstance(user, User)
    if role == Role.ADMIN:
        return Q()
    issuing = issuing_side_units(user)
    assert issuing is not None
    draft = Q(state="draft")
    held = held_units(user)
    mine = (Q(lead_unit_id__in=held) | Q(issuer_id__in=held)
            | Exists(coordination.objects.filter(task=OuterRef("pk"), unit_id__in=held)))
    if role in OVERSIGHT:
        mine |= units_in_province(user, "issuer__") | units_in_province(user, "lead_unit__")
    return (~draft & mine) | (draft & Q(issuer_id__in=issuing))


def task_hub_default_view(user: User) -> str:
    """Where the task hub opens: a unit's staff on their inbox, issuers on what they issued,
    overseers on every task they may see."""
    if role_of(user) in WORKERS:
        return "inbox"
    return "issued" if can(user, Action.TASK_CREATE) else "all"


# Who hears about a task (tasks/reminders.py): the roles, by what they do.
UNIT_STAFF_ROLES: tuple[str, ...] = (Role.UNIT_OFFICER.value, Role.UNIT_HEAD.value)


UNIT_HEAD_ROLES: tuple[str, ...] = (Role.UNIT_HEAD.value,)


def users_with_roles(roles: tuple[str, ...]) -> Q:
    """Users holding one of `roles` (a Q on accounts.User): the one place users are picked by role."""
    return Q(role__in=roles)


def issuer_office_role(issuer_kind: str) -> str | None:
    """The office that chases tasks in the name of a body of this kind, if any."""
    if issuer_kind == UnitKind.PEOPLES_COMMITTEE:
        return Role.COMMITTEE_OFFICE.value
    if issuer_kind in (UnitKind.PEOPLES_COUNCIL, UnitKind.STANDING_COMMITTEE):
        return Role.COUNCIL_OFFICE.value
    return None


def responsible_candidates(units: Any, today: dt.date) -> Q:
    """Who may answer for a task led by one of `units` (a Q on orgs.Person): those holding a post
    there today, and the unit's own staff (officers and heads) with an active account there. Not
    the offices' clerks: they chase and record tasks, they do not carry them."""
    holding = Q(positions__unit__in=units) & (Q(positions__end__isnull=True) | Q(positions__end__gte=today))
    holding &= Q(positions__start__isnull=True) | Q(positions__start__lte=today)
    staff = Q(accounts__unit__in=units, accounts__is_active=True, accounts__role__in=UNIT_STAFF_ROLES)
    return holding | staff


def may_answer_for(person: Person, unit: Unit, today: dt.date) -> bool:
    return Person.objects.filter(pk=person.pk).filter(responsible_candidates([unit.pk], today)).exists()
