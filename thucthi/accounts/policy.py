"""Who may do what. The one place permissions are decided: views, API and CLI all call `can`.

Rules are data (`RULES`): an action names the roles that may take it, and optionally an
object check that narrows it to the user's own unit (or units that succeeded it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast

from thucthi.accounts.models import Role, User
from thucthi.core import clock
from thucthi.orgs.models import Unit, UnitKind
from thucthi.orgs.selectors import units_held_by

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


def _own_unit(user: User, unit: Any) -> bool:
    if not isinstance(unit, Unit) or user.unit_id is None:
        return False
    return unit.pk == user.unit_id


def held_units(user: User) -> set[int]:
    """Units whose tasks this user's unit is answerable for today (itself and predecessors)."""
    cached: set[int] | None = getattr(user, "_held_units", None)
    if cached is None:
        cached = units_held_by(user.unit_id, on=clock.today()) if user.unit_id else set()
        user._held_units = cached  # type: ignore[attr-defined]
    return cached


def province_scope(user: User) -> set[int]:
    """The area the user's unit belongs to (a province, or a commune for a commune's committee)
    and every area it took over by today: where its offices, departments and heads act."""
    cached: set[int] | None = getattr(user, "_province_scope", None)
    if cached is None:
        area_id = user.unit.area_id if user.unit is not None else None
        cached = units_held_by(area_id, on=clock.today()) if area_id is not None else set()
        user._province_scope = cached  # type: ignore[attr-defined]
    return cached


def in_own_province(user: User, unit: Any) -> bool:
    """`unit` is one of the user's areas (`province_scope`) or directly under one (a commune)."""
    scope = province_scope(user)
    return unit.pk in scope or unit.parent_id in scope


def office_issuers(user: User) -> set[int]:
    """The bodies an office acts for: the People's Committees (or councils) of its own province,
    of that province's communes, and of the provinces and districts it took over in 2025."""
    cached: set[int] | None = getattr(user, "_office_issuers", None)
    if cached is not None:
        return cached
    kinds = {
        Role.COMMITTEE_OFFICE: [UnitKind.PEOPLES_COMMITTEE],
        Role.COUNCIL_OFFICE: [UnitKind.PEOPLES_COUNCIL, UnitKind.STANDING_COMMITTEE, UnitKind.COUNCIL_COMMITTEE],
    }.get(Role(user.role), [])
    scope = province_scope(user)
    if not kinds or not scope:
        cached = set()
    else:
        in_scope = Q(area_id__in=scope) | Q(area__parent_id__in=scope) | Q(area__parent__parent_id__in=scope)
        cached = set(Unit.objects.filter(in_scope, kind__in=kinds).values_list("pk", flat=True))
    user._office_issuers = cached  # type: ignore[attr-defined]
    return cached


def issuing_side(user: User, unit_id: int | None) -> bool:
    """The offices act for their province's bodies; a unit head for their own unit; the
    administrator for every body (`issuing_side_units`)."""
    if unit_id is None:
        return False
    units = issuing_side_units(user)
    return units is None or unit_id in units


def _task_issuer(user: User, task: Any) -> bool:
    return issuing_side(user, task.issuer_id)


def _task_acceptor(user: User, task: Any) -> bool:
    return issuing_side(user, task.accepting_unit_id or task.issuer_id)


def _task_lead(user: User, task: Any) -> bool:
    return task.lead_unit_id in held_units(user)


def _task_visible(user: User, task: Any) -> bool:
    """The rule `tasks.selectors.visible_tasks` applies as a query (`task_visibility`), which
    also keeps drafts to their issuing side."""
    held = held_units(user)
    if task.lead_unit_id in held or task.issuer_id in held:
        return True
    if role_of(user) in OVERSIGHT and (_unit_in_province(user, task.issuer) or _unit_in_province(user, task.lead_unit)):
        return True
    return bool(held & {c.unit_id for c in task.coordinations.all()})


def _province_office(user: User, area: Any) -> bool:
    """An office (or a head) acts for the province it belongs to, including what that province
    took over in 2025 and the communes in it."""
    return isinstance(area, Unit) and in_own_province(user, area)


def _coordination_addressee(user: User, request: Any) -> bool:
    return request.to_unit_id in held_units(user)


# --- Indicators (NAME=indicators): who reports which figure, where offices plan ---------------
# One rule for "who reports this figure", read three ways: for one figure
# (`can(user, Action.ACTUAL_ENTER or ACTUAL_APPROVE, Figure(indicator, unit))`), as a filter on
# figures (`reported_figures`), and as the areas a user enters figures for (`report_areas`).


@dataclass(frozen=True)
class Figure:
    """One reported figure: `indicator` (an `indicators.Indicator`) for `unit` (the area it is about)."""

    indicator: Any
    unit: Any


def _own_committee_area(user: User) -> int | None:
    """The area whose People's Committee the user's unit is (a commune reports for itself)."""
    unit = user.unit
    return unit.area_id if unit is not None and unit.kind == UnitKind.PEOPLES_COMMITTEE else None


def _reports_figure(user: User, figure: Any) -> bool:
    """The indicator's reporting unit (or the unit that took it over) reports for its province,
    what that province took over and its communes; a commune's People's Committee reports for
    its own commune."""
    if not isinstance(figure, Figure):
        return False
    if figure.indicator.reporting_unit_id in held_units(user):
        return in_own_province(user, figure.unit)
    return bool(figure.unit.pk == _own_committee_area(user))


def reported_figures(user: User | AnonymousUser | None) -> Q:
    """`_reports_figure` as a filter on `indicators.Actual`: the figures `user` enters or
    reviews. Nothing for the public and for roles that neither enter nor approve figures;
    everything for the administrator."""
    nothing = Q(pk__in=[])
    if not (can(user, Action.ACTUAL_ENTER) or can(user, Action.ACTUAL_APPROVE)):
        return nothing
    if role_of(user) == Role.ADMIN:
        return ~nothing
    assert isinstance(user, User)
    own_indicator = Q(indicator__reporting_unit_id__in=held_units(user))
    scope = province_scope(user)
    in_scope = Q(unit_id__in=scope) | Q(unit__parent_id__in=scope) if scope else nothing
    area = _own_committee_area(user)
    own_commune = Q(unit_id=area) if area is not None else nothing
    return (own_indicator & in_scope) | (~own_indicator & own_commune)


def report_areas(user: User | AnonymousUser | None) -> Q | None:
    """The areas `user` enters figures for, as a filter on units (None: every administrative
    unit, for the administrator): a commune's People's Committee its own commune; anyone else
    their province (and what it took over) and that province's communes."""
    nothing = Q(pk__in=[])
    if not can(user, Action.ACTUAL_ENTER):
        return nothing
    if role_of(user) == Role.ADMIN:
        return None
    assert isinstance(user, User)
    unit = user.unit
    if unit is None or unit.area is None:
        return nothing
    if unit.kind == UnitKind.PEOPLES_COMMITTEE and unit.area.kind == UnitKind.COMMUNE:
        return Q(pk=unit.area_id)
    scope = province_scope(user)
    return Q(pk__in=scope) | Q(parent_id__in=scope, kind=UnitKind.COMMUNE)


def reports_for_area(user: User | AnonymousUser | None, unit: Unit) -> bool:
    """`report_areas` for one unit."""
    areas = report_areas(user)
    if areas is None:
        return unit.is_administrative
    return Unit.objects.filter(areas, pk=unit.pk).exists()


def plan_areas(user: User | AnonymousUser | None) -> set[int] | None:
    """The provinces whose plans and targets `user` manages (None: all, for the administrator):
    the People's Committee office its own province and those it took over in 2025."""
    if not can(user, Action.PLAN_MANAGE):
        return set()
    if role_of(user) == Role.ADMIN:
        return None
    assert isinstance(user, User)
    return province_scope(user)


def _plans_for(user: User, obj: Any) -> bool:
    """A plan's area in the office's province (`plan_areas`); an indicator's definition whose
    reporting unit belongs to that province (one with no reporting unit is every office's)."""
    if isinstance(obj, Unit):
        return obj.pk in province_scope(user)
    if hasattr(obj, "reporting_unit_id"):  # an indicators.Indicator (the policy does not import indicators)
        reporting = obj.reporting_unit
        return reporting is None or (reporting.area is not None and in_own_province(user, reporting.area))
    return False


def issues_remedy_tasks(user: User | AnonymousUser | None, issuer_id: int) -> bool:
    """A remedy of a submitted assessment becomes a task issued in the name of the People's
    Committee that holds the plan area. The People's Committee office that submits the
    assessment issues it, acting for its province's committees (`office_issuers`), the same
    rule as for any task it issues; the administrator for every committee."""
    if not can(user, Action.TASK_CREATE):
        return False
    if role_of(user) == Role.ADMIN:
        return True
    assert isinstance(user, User)
    return issuing_side(user, issuer_id)


WORKERS = frozenset({Role.UNIT_OFFICER, Role.UNIT_HEAD})
ISSUERS = frozenset({Role.ADMIN, Role.COMMITTEE_OFFICE, Role.COUNCIL_OFFICE, Role.UNIT_HEAD})
OVERSIGHT = frozenset({Role.ADMIN, Role.COUNCIL_OFFICE, Role.COMMITTEE_OFFICE, Role.DELEGATE})

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
    Action.CALENDAR_MANAGE: Rule(frozenset({Role.ADMIN, Role.COMMITTEE_OFFICE})),
    # Councils supervise their own province: their office and delegates (and the committee's
    # office) see every task issued or led there; units see theirs; the administrator all.
    Action.TASK_VIEW: Rule(ALL_ROLES, object_check=_task_visible),
    Action.TASK_CREATE: Rule(ISSUERS),
    Action.TASK_MANAGE: Rule(ISSUERS, object_check=_task_issuer),
    Action.TASK_WORK: Rule(WORKERS | {Role.ADMIN}, object_check=_task_lead),
    Action.TASK_REVIEW_PROGRESS: Rule(frozenset({Role.ADMIN, Role.UNIT_HEAD}), object_check=_task_lead),
    Action.TASK_ACCEPT: Rule(ISSUERS, object_check=_task_acceptor),
    Action.COORDINATION_ANSWER: Rule(WORKERS | {Role.ADMIN}, object_check=_coordination_addressee),
    # Scorecards hold units to account before the council: every signed-in role reads them.
    Action.SCORECARD_VIEW: Rule(ALL_ROLES),
    # The council's secretariat records sessions, votes, answers and commitments.
    Action.COUNCIL_RECORD: Rule(frozenset({Role.ADMIN, Role.COUNCIL_OFFICE})),
    Action.QUESTION_REGISTER: Rule(frozenset({Role.ADMIN, Role.COUNCIL_OFFICE, Role.DELEGATE})),
    # Plans, targets and approved figures are public. A figure is entered and approved by those
    # who report it (`_reports_figure`: the reporting unit for its province, a commune for itself);
    # an office plans for its own province.
    Action.INDICATOR_VIEW: Rule(ALL_ROLES | {PUBLIC}),
    Action.PLAN_MANAGE: Rule(frozenset({Role.ADMIN, Role.COMMITTEE_OFFICE}), object_check=_plans_for),
    Action.ACTUAL_ENTER: Rule(WORKERS | {Role.ADMIN}, object_check=_reports_figure),
    Action.ACTUAL_APPROVE: Rule(frozenset({Role.ADMIN, Role.UNIT_HEAD}), object_check=_reports_figure),
    Action.AGGREGATE_APPROVE: Rule(frozenset({Role.ADMIN, Role.COMMITTEE_OFFICE}), object_check=_province_office),
    Action.ASSESSMENT_WRITE: Rule(frozenset({Role.ADMIN, Role.COMMITTEE_OFFICE}), object_check=_province_office),
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


class PermissionDenied(DjangoPermissionDenied):
    """Raised by services when the policy says no. A Django PermissionDenied, so a view that
    does not catch it answers with the 403 page; the API turns it into a 401/403 JSON error."""


def require(user: User | AnonymousUser | None, action: Action, obj: Any = None) -> None:
    if not can(user, action, obj):
        raise PermissionDenied(f"Bạn không có quyền thực hiện thao tác này ({action}).")


# --- Council (NAME=council): who records for which council, who asks in whose name -------------


def council_records_scope(user: User | AnonymousUser | None) -> set[int] | None:
    """The councils whose record this user keeps: None for every council (the administrator),
    else the councils (and their Standing Committees and committees) its council office serves,
    including those it took over; empty for everyone else."""
    if not can(user, Action.COUNCIL_RECORD):
        return set()
    assert isinstance(user, User)
    if role_of(user) == Role.ADMIN:
        return None
    return office_issuers(user) if user.role == Role.COUNCIL_OFFICE else set()


def may_record_for_council(user: User | AnonymousUser | None, council_id: int) -> bool:
    """The secretariat records for its own council: a council office for the councils of its
    province (and those it took over), the administrator for all."""
    scope = council_records_scope(user)
    return scope is None or council_id in scope


def asks_in_own_name(user: User | AnonymousUser | None) -> bool:
    """A delegate registers questions only in their own name; the secretariat (which records
    questions handed in on paper) names the asking delegate."""
    return role_of(user) == Role.DELEGATE


def may_record_commitment_task(user: User | AnonymousUser | None, council_id: int, issuer_id: int) -> bool:
    """A commitment made in answer to a question becomes a task issued in the name of the
    council's Standing Committee (or the council). The council office that records the answer
    records that task too, acting for the body it serves (Law on Supervisory Activities of the
    National Assembly and People's Councils, art. 61: the Standing Committee follows up)."""
    scope = council_records_scope(user)
    return scope is None or (council_id in scope and issuer_id in scope)


def may_record_person(user: User | AnonymousUser | None) -> bool:
    """Who adds a person to the register: the administrator, and whoever names a person in their
    own record — the secretariat or a delegate naming the official a question is put to, and
    the People's Committee office naming the person in charge of a remedy (NAME=indicators)."""
    return can(user, Action.UNIT_MANAGE) or can(user, Action.QUESTION_REGISTER) or can(user, Action.ASSESSMENT_WRITE)


# --- Tasks and the audit log (NAME=tasks): who issues for whom, who sees which tasks and records -


def _unit_in_province(user: User, unit: Any) -> bool:
    """`unit` (an agency or an area) belongs to the user's province (`province_scope`): the same
    three levels `office_issuers` reads, an agency's area, that area's parent and grandparent."""
    if unit is None:
        return False
    scope = province_scope(user)
    area = unit.area
    return area is not None and (area.pk in scope or area.parent_id in scope or
                                 (area.parent is not None and area.parent.parent_id in scope))


def units_in_province(user: User, prefix: str = "") -> Any:
    """`_unit_in_province` as a query on the unit at `prefix` (e.g. "lead_unit__")."""
    scope = province_scope(user)
    return (Q(**{f"{prefix}area_id__in": scope}) | Q(**{f"{prefix}area__parent_id__in": scope})
            | Q(**{f"{prefix}area__parent__parent_id__in": scope}))


def issuing_side_units(user: User) -> set[int] | None:
    """The bodies whose tasks this user manages, as `issuing_side` decides for one: None for
    every body (the administrator); an office's bodies; otherwise the user's own units."""
    if role_of(user) == Role.ADMIN:
        return None
    if user.role in (Role.COMMITTEE_OFFICE, Role.COUNCIL_OFFICE):
        return office_issuers(user)
    return held_units(user)


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


# The audit log, scoped like the rest: an office reads the records about its own province's
# objects (and what it did itself); the administrator reads everything. Each recorded object type
# names the paths from its object to the units it is about; a type not listed here (a person, a
# loaded dataset, the national catalogue) is read by the administrator only.
AUDIT_OBJECT_UNITS: dict[str, tuple[str, ...]] = {
    "accounts.user": ("unit__",),
    "accounts.apitoken": ("user__unit__",),
    "orgs.unit": ("",),
    "orgs.position": ("unit__",),
    "orgs.succession": ("predecessor__", "successor__"),
    "tasks.issueddocument": ("issuer__",),
    "council.term": ("council__",),
    "council.resolution": ("council__",),
    "council.delegate": ("term__council__",),
    "council.delegategroup": ("term__council__",),
    "council.groupmembership": ("group__term__council__",),
    "council.session": ("term__council__",),
    "council.sitting": ("session__term__council__",),
    "council.agendaitem": ("session__term__council__",),
    "council.sessiondocument": ("session__term__council__",),
    "council.voteevent": ("session__term__council__",),
    "council.question": ("session__term__council__",),
    "council.answer": ("question__session__term__council__",),
    "council.commitment": ("answer__question__session__term__council__",),
    "indicators.indicator": ("reporting_unit__",),
    "indicators.plan": ("area__",),
    "indicators.target": ("plan__area__",),
    "indicators.aggregateapproval": ("area__",),
    "indicators.assessment": ("target__plan__area__",),
    "indicators.remedy": ("assessment__target__plan__area__",),
    # Figures: only approved ones (`/api/v1/actuals` shows the offices no other); see audit_visibility.
    "indicators.actual": ("unit__",),
}
# Records about a task or what hangs from it follow the task's own visibility (`task_visibility`).
AUDIT_TASK_OBJECTS: dict[str, str] = {
    "tasks.task": "pk__in", "tasks.progressreport": "task__in", "tasks.extensionrequest": "task__in",
    "tasks.coordinationrequest": "task__in",
}


def audit_visibility(user: User | AnonymousUser | None) -> Any:
    """Which audit records `user` reads, as a Q on `audit.AuditRecord` (the audit selector applies
    it): nothing without AUDIT_VIEW, everything for the administrator, else the records about
    objects of the user's province. Records of a figure not yet approved are kept from those who
    may not see it: AUDIT_VIEW's roles other than the administrator report no figure, so they
    read the records of approved figures only."""
    if not can(user, Action.AUDIT_VIEW):
        return Q(pk__in=[])
    assert isinstance(user, User)
    if role_of(user) == Role.ADMIN:
        return Q()

    def ids(qs: Any) -> Any:
        return qs.annotate(audit_id=Cast("pk", CharField())).values("audit_id")

    visible = Q(actor_id=user.pk)
    for label, paths in AUDIT_OBJECT_UNITS.items():
        model = apps.get_model(label)
        where = Q(pk__in=[])
        for path in paths:
            where |= units_in_province(user, path)
        if label == "indicators.actual":
            where &= Q(state="approved")
        visible |= Q(object_type=label, object_id__in=ids(model.objects.filter(where)))
    tasks = apps.get_model("tasks", "Task").objects.filter(task_visibility(user))
    for label, lookup in AUDIT_TASK_OBJECTS.items():
        visible |= Q(object_type=label, object_id__in=ids(apps.get_model(label).objects.filter(**{lookup: tasks})))
    return visible


def grants_superuser(role: str) -> bool:
    """Only the administrator's account is a Django superuser (and staff)."""
    return role == Role.ADMIN


def needs_unit(role: str) -> bool:
    """A unit's officer or head must belong to a unit."""
    return role in WORKERS
