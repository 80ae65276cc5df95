"""Plan indicators: one rule for who reports a figure (for one figure, as a filter, and as the areas a user
enters figures for), where an office plans, who issues a remedy's task."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from thucthi.accounts.models import Role, User
from thucthi.accounts.policy.base import (
    Action,
    can,
    role_of,
)
from thucthi.accounts.policy.scopes import (
    held_units,
    in_own_province,
    issuing_side,
    province_scope,
)
from thucthi.orgs.models import Unit, UnitKind


def province_office(user: User, area: Any) -> bool:
    """An office (or a head) acts for the province it belongs to, including what that province
    took over in 2025 and the communes in it."""
    return isinstance(area, Unit) and in_own_province(user, area)


# One rule for "who reports this figure", read three ways: for one figure
# (`can(user, Action.ACTUAL_ENTER or ACTUAL_APPROVE, Figure(indicator, unit))`), as a filter on
# figures (`reported_figures`), and as the areas a user enters figures for (`report_areas`).


@dataclass(frozen=True)
class Figure:
    """One reported figure: `indicator` (an `indicators.Indicator`) for `unit` (the area it is about)."""

    indicator: Any
    unit: Any


def own_committee_area(user: User) -> int | None:
    """The area whose People's Committee the user's unit is (a commune reports for itself)."""
    unit = user.unit
    return unit.area_id if unit is not None and unit.kind == UnitKind.PEOPLES_COMMITTEE else None


def reports_figure(user: User, figure: Any) -> bool:
    """The indicator's reporting unit (or the unit that took it over) reports for its province,
    what that province took over and its communes; a commune's People's Committee reports for
    its own commune."""
    if not isinstance(figure, Figure):
        return False
    if figure.indicator.reporting_unit_id in held_units(user):
        return in_own_province(user, figure.unit)
    return bool(figure.unit.pk == own_committee_area(user))


def reported_figures(user: User | AnonymousUser | None) -> Q:
    """`reports_figure` as a filter on `indicators.Actual`: the figures `user` enters or
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
    area = own_committee_area(user)
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


def plans_for(user: User, obj: Any) -> bool:
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
