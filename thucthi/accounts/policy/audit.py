"""The audit log, scoped like the rest: an office reads the records about its own province's objects; the
administrator reads everything."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from thucthi.accounts.models import Role, User
from thucthi.accounts.policy.base import (
    Action,
    can,
    role_of,
)
from thucthi.accounts.policy.scopes import (
    units_in_province,
)
from thucthi.accounts.policy.tasks import (
    task_visibility,
)

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
