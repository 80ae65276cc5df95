"""The council's record: who records for which council, who asks in whose name, who records a commitment's task."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from thucthi.accounts.models import Role, User
from thucthi.accounts.policy.base import (
    Action,
    can,
    role_of,
)
from thucthi.accounts.policy.scopes import (
    office_issuers,
)


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
