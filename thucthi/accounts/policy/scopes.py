"""Where a user acts: the units its unit answers for (`held_units`), its province (`province_scope`) and the
bodies an office acts for (`office_issuers`). Every domain's rules are built on these."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from thucthi.accounts.models import Role, User
from thucthi.accounts.policy.base import (
    role_of,
)
from thucthi.core import clock
from thucthi.orgs.models import Unit, UnitKind
from thucthi.orgs.selectors import units_held_by


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
    if not kinds or not province_scope(user):
        cached = set()
    else:
        cached = set(Unit.objects.filter(units_in_province(user), kind__in=kinds).values_list("pk", flat=True))
    user._office_issuers = cached  # type: ignore[attr-defined]
    return cached


def issuing_side(user: User, unit_id: int | None) -> bool:
    """The offices act for their province's bodies; a unit head for their own unit; the
    administrator for every body (`issuing_side_units`)."""
    if unit_id is None:
        return False
    units = issuing_side_units(user)
    return units is None or unit_id in units


def unit_in_province(user: User, unit: Any) -> bool:
    """`unit` (an agency or an area) belongs to the user's province (`province_scope`): the same
    three levels `office_issuers` reads, an agency's area, that area's parent and grandparent."""
    if unit is None:
        return False
    scope = province_scope(user)
    area = unit.area
    return area is not None and (area.pk in scope or area.parent_id in scope or
                                 (area.parent is not None and area.parent.parent_id in scope))


def units_in_province(user: User, prefix: str = "") -> Any:
    """`unit_in_province` as a query on the unit at `prefix` (e.g. "lead_unit__")."""
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
