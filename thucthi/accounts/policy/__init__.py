"""Who may do what. The one place permissions are decided and the only place a role is compared
(tests/test_architecture.py enforces it): views, API, CLI, services and selectors all ask here.

Rules are data (`RULES`): an action names the roles that may take it, and optionally an object
check that narrows it to the user's own unit, province or council. `can(user, action, obj)` answers
one question; the scopes (`task_visibility`, `reported_figures`, `audit_visibility`...) answer the
same rules for a whole list, as query filters, so a list never shows what `can` would refuse.

- `base`: roles, actions, `can`, `require`, `role_of`;
- `scopes`: where a user acts (its units, its province, the bodies an office acts for);
- `orgs`, `tasks`, `council`, `indicators`, `audit`: each domain's checks and scopes;
- `rules`: the table that ties actions to roles and checks.
"""

from __future__ import annotations

from thucthi.accounts.policy import rules  # fills RULES
from thucthi.accounts.policy.admin import administers
from thucthi.accounts.policy.audit import AUDIT_OBJECT_UNITS, AUDIT_TASK_OBJECTS, audit_visibility
from thucthi.accounts.policy.base import (
    ALL_ROLES,
    ISSUERS,
    OVERSIGHT,
    PUBLIC,
    RULES,
    STAFF_ROLES,
    WORKERS,
    Action,
    ObjectCheck,
    PermissionDenied,
    Rule,
    can,
    grants_superuser,
    needs_unit,
    require,
    role_of,
)
from thucthi.accounts.policy.council import (
    asks_in_own_name,
    council_records_scope,
    may_record_commitment_task,
    may_record_for_council,
)
from thucthi.accounts.policy.indicators import (
    Figure,
    issues_remedy_tasks,
    own_committee_area,
    plan_areas,
    plans_for,
    province_office,
    report_areas,
    reported_figures,
    reports_figure,
    reports_for_area,
)
from thucthi.accounts.policy.orgs import may_record_person, own_unit
from thucthi.accounts.policy.scopes import (
    held_units,
    in_own_province,
    issuing_side,
    issuing_side_units,
    office_issuers,
    province_scope,
    unit_in_province,
    units_in_province,
)
from thucthi.accounts.policy.tasks import (
    UNIT_HEAD_ROLES,
    UNIT_STAFF_ROLES,
    coordination_addressee,
    issuable_units,
    issuer_office_role,
    may_issue_for,
    task_acceptor,
    task_hub_default_view,
    task_issuer,
    task_lead,
    task_visibility,
    task_visible,
    users_with_roles,
)

__all__ = [
    "ALL_ROLES",
    "AUDIT_OBJECT_UNITS",
    "AUDIT_TASK_OBJECTS",
    "ISSUERS",
    "OVERSIGHT",
    "PUBLIC",
    "RULES",
    "STAFF_ROLES",
    "UNIT_HEAD_ROLES",
    "UNIT_STAFF_ROLES",
    "WORKERS",
    "Action",
    "Figure",
    "ObjectCheck",
    "PermissionDenied",
    "Rule",
    "administers",
    "asks_in_own_name",
    "audit_visibility",
    "can",
    "coordination_addressee",
    "council_records_scope",
    "grants_superuser",
    "held_units",
    "in_own_province",
    "issuable_units",
    "issuer_office_role",
    "issues_remedy_tasks",
    "issuing_side",
    "issuing_side_units",
    "may_issue_for",
    "may_record_commitment_task",
    "may_record_for_council",
    "may_record_person",
    "needs_unit",
    "office_issuers",
    "own_committee_area",
    "own_unit",
    "plan_areas",
    "plans_for",
    "province_office",
    "province_scope",
    "report_areas",
    "reported_figures",
    "reports_figure",
    "reports_for_area",
    "require",
    "role_of",
    "rules",
    "task_acceptor",
    "task_hub_default_view",
    "task_issuer",
    "task_lead",
    "task_visibility",
    "task_visible",
    "unit_in_province",
    "units_in_province",
    "users_with_roles",
]
