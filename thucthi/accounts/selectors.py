"""Reads on the audit log, already scoped to what the user may see (`policy.audit_visibility`).

Here, not in the audit app: the audit chain sits below accounts and imports only core, while
scoping a read asks the policy, which lives in accounts."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from thucthi.accounts.models import User
from thucthi.accounts.policy import audit_visibility
from thucthi.audit.models import AuditRecord


def audit_records(
    user: User | AnonymousUser | None, *, object_type: str = "", object_id: str = "", action: str = "",
) -> QuerySet[AuditRecord]:
    """The records `user` may read, newest first, narrowed by object and action."""
    qs = AuditRecord.objects.filter(audit_visibility(user)).order_by("-seq")
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if action:
        qs = qs.filter(action=action)
    return qs
