"""The rule table: each action, the roles that may take it, and the object check that narrows it."""

from __future__ import annotations

from thucthi.accounts.models import Role
from thucthi.accounts.policy.base import (
    ALL_ROLES,
    ISSUERS,
    PUBLIC,
    RULES,
    WORKERS,
    Action,
    Rule,
)
from thucthi.accounts.policy.indicators import (
    plans_for,
    province_office,
    reports_figure,
)
from thucthi.accounts.policy.orgs import own_unit
from thucthi.accounts.policy.tasks import (
    coordination_addressee,
    task_acceptor,
    task_issuer,
    task_lead,
    task_visible,
)

RULES.update({
    Action.VIEW_PUBLIC: Rule(ALL_ROLES | {PUBLIC}),
    Action.UNIT_VIEW: Rule(ALL_ROLES | {PUBLIC}),
    Action.PERSON_VIEW: Rule(ALL_ROLES | {PUBLIC}),
    Action.UNIT_EDIT_CONTACT: Rule(frozenset({Role.ADMIN, Role.UNIT_HEAD}), object_check=own_unit),
    Action.UNIT_MANAGE: Rule(frozenset({Role.ADMIN})),
    Action.AUDIT_VIEW: Rule(frozenset({Role.ADMIN, Role.COUNCIL_OFFICE, Role.COMMITTEE_OFFICE})),
    Action.AUDIT_VERIFY: Rule(frozenset({Role.ADMIN})),
    Action.PROFILE_VIEW: Rule(ALL_ROLES),
    Action.TOKEN_CREATE_OWN: Rule(ALL_ROLES),
    Action.TOKEN_CREATE_ANY: Rule(frozenset({Role.ADMIN})),
    Action.USER_MANAGE: Rule(frozenset({Role.ADMIN})),
    # An override (a make-up Saturday, an extra day off) is national: `CalendarOverride` has no
    # province, so one province's office would move every province's deadlines. The administrator's.
    Action.CALENDAR_MANAGE: Rule(frozenset({Role.ADMIN})),
    # Councils supervise their own province: their office and delegates (and the committee's
    # office) see every task issued or led there; units see theirs; the administrator all.
    Action.TASK_VIEW: Rule(ALL_ROLES, object_check=task_visible),
    Action.TASK_CREATE: Rule(ISSUERS),
    Action.TASK_MANAGE: Rule(ISSUERS, object_check=task_issuer),
    Action.TASK_WORK: Rule(WORKERS | {Role.ADMIN}, object_check=task_lead),
    Action.TASK_REVIEW_PROGRESS: Rule(frozenset({Role.ADMIN, Role.UNIT_HEAD}), object_check=task_lead),
    Action.TASK_ACCEPT: Rule(ISSUERS, object_check=task_acceptor),
    # "Nhắc việc" on an overdue task: the issuing side, who chases what it gave.
    Action.TASK_REMIND: Rule(ISSUERS, object_check=task_issuer),
    Action.COORDINATION_ANSWER: Rule(WORKERS | {Role.ADMIN}, object_check=coordination_addressee),
    # Scorecards hold units to account before the council: every signed-in role reads them.
    Action.SCORECARD_VIEW: Rule(ALL_ROLES),
    # The council's secretariat records sessions, votes, answers and commitments.
    Action.COUNCIL_RECORD: Rule(frozenset({Role.ADMIN, Role.COUNCIL_OFFICE})),
    Action.QUESTION_REGISTER: Rule(frozenset({Role.ADMIN, Role.COUNCIL_OFFICE, Role.DELEGATE})),
    # Plans, targets and approved figures are public. A figure is entered and approved by those
    # who report it (`reports_figure`: the reporting unit for its province, a commune for itself);
    # an office plans for its own province.
    Action.INDICATOR_VIEW: Rule(ALL_ROLES | {PUBLIC}),
    Action.PLAN_MANAGE: Rule(frozenset({Role.ADMIN, Role.COMMITTEE_OFFICE}), object_check=plans_for),
    Action.ACTUAL_ENTER: Rule(WORKERS | {Role.ADMIN}, object_check=reports_figure),
    Action.ACTUAL_APPROVE: Rule(frozenset({Role.ADMIN, Role.UNIT_HEAD}), object_check=reports_figure),
    Action.AGGREGATE_APPROVE: Rule(frozenset({Role.ADMIN, Role.COMMITTEE_OFFICE}), object_check=province_office),
    Action.ASSESSMENT_WRITE: Rule(frozenset({Role.ADMIN, Role.COMMITTEE_OFFICE}), object_check=province_office),
})
