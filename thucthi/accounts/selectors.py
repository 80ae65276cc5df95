"""Reads on the audit log, already scoped to what the user may see (`policy.audit_visibility`).

Here, not in the audit app: the audit chain sits below accounts and imports only core, while
scoping a read asks the policy, which lives in accounts."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from thucthi.accounts.models import User
from thucthi.accounts.policy import audit_visibility, users_with_roles
from thucthi.audit.models import AuditRecord
from thucthi.orgs.models import Unit


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


def user_list(*, q: str = "", role: str = "", unit_id: int | None = None, active: bool | None = None) -> QuerySet[User]:
    """Accounts for the administration page: `q` matches the username, name or
    e-mail, narrowed by role, unit and whether the account is open."""
    qs = User.objects.select_related("unit").order_by("username")
    for term in q.split():
        qs = qs.filter(Q(username__icontains=term) | Q(full_name__icontains=term) | Q(email__icontains=term))
    if role:
        qs = qs.filter(users_with_roles((role,)))
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs


def user_get(pk: int) -> User | None:
    return User.objects.select_related("unit").filter(pk=pk).first()


def account_units() -> QuerySet[Unit]:
    """The units some account belongs to (the accounts list's filter)."""
    return Unit.objects.filter(users__isnull=False).distinct().order_by("sort_key", "id")
