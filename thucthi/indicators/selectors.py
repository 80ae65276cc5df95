"""Reads for the indicator pages, the API and the benchmark: one function per question."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import OuterRef, Q, QuerySet, Subquery

from thucthi.accounts.models import User
from thucthi.accounts.policy import Action, Figure, can, report_areas, reported_figures
from thucthi.core import clock
from thucthi.indicators.aggregation import Series, aggregate, series_in_today_structure
from thucthi.indicators.models import (
    Actual,
    ActualState,
    AggregateApproval,
    Assessment,
    AssessmentState,
    Indicator,
    Plan,
    Target,
    TrajectoryPoint,
)
from thucthi.orgs.models import Unit, UnitKind
from thucthi.orgs.selectors import provinces as org_provinces
from thucthi.orgs.selectors import unit_duty_holders, units_held_by_all


@dataclass
class DashboardRow:
    target: Target
    latest_period: str | None
    latest_value: Decimal | None
    latest_status: str | None
    years: dict[int, Decimal] = field(default_factory=dict)


def plans_for(area: Unit | None = None) -> QuerySet[Plan]:
    qs = Plan.objects.select_related("area", "resolution")
    return qs.filter(area=area) if area is not None else qs


def dashboard(plan: Plan) -> list[DashboardRow]:
    """Every target of a plan with its status, forecast, latest approved figure and the yearly
    series for its sparkline: three queries whatever the number of indicators (the latest figure
    is found once per target, by id, then read in one query)."""
    approved = Actual.objects.filter(indicator=OuterRef("indicator_id"), unit_id=plan.area_id, state=ActualState.APPROVED)
    latest = approved.order_by("-year", "-month_end", "-months")
    targets = list(
        Target.objects.filter(plan=plan).select_related("indicator")
        .annotate(latest_id=Subquery(latest.values("pk")[:1]))
        .order_by("indicator__order", "indicator__code")
    )
    found = {a["pk"]: a for a in Actual.objects.filter(pk__in=[t.latest_id for t in targets if t.latest_id])
             .values("pk", "period", "value", "data_status")}
    years: dict[int, dict[int, Decimal]] = defaultdict(dict)
    rows = Actual.objects.filter(
        unit_id=plan.area_id, indicator_id__in=[t.indicator_id for t in targets], months=12, state=ActualState.APPROVED,
        year__gte=plan.start_year - 1, year__lte=plan.end_year,
    ).values_list("indicator_id", "year", "value")
    for indicator_id, year, value in rows:
        years[indicator_id][year] = value
    out = []
    for t in targets:
        a = found.get(t.latest_id)
        out.append(DashboardRow(target=t, latest_period=a["period"] if a else None, latest_value=a["value"] if a else None,
                                 latest_status=a["data_status"] if a else None, years=dict(sorted(years[t.indicator_id].items()))))
    return out


def status_counts(rows: list[DashboardRow]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        counts[r.target.status or "none"] += 1
    return dict(counts)


def provinces(on: object = None) -> list[int]:
    return list(org_provinces(on=clock.today()).values_list("pk", flat=True))


def national_aggregate(indicator: Indicator, periods: list[str]) -> dict[str, tuple[Decimal | None, int]]:
    """The nation's figure per period from the 34 provinces' approved figures, by the indicator's
    rule (None for a period until every province has reported)."""
    return aggregate(indicator, provinces(), periods)


def series(indicator: Indicator, unit: Unit, *, approved_only: bool = True) -> list[Actual]:
    qs = Actual.objects.filter(indicator=indicator, unit=unit)
    if approved_only:
        qs = qs.filter(state=ActualState.APPROVED)
    return list(qs.order_by("year", "month_end", "-months"))


def pending_review(user: User) -> QuerySet[Actual]:
    """Figures waiting for approval that `user` reports (`policy.reported_figures`): the same
    figures `services.actual_review` lets them approve."""
    return (
        Actual.objects.filter(reported_figures(user), state=ActualState.ENTERED)
        .select_related("indicator", "unit", "entered_by").order_by("unit__sort_key", "indicator__order", "year", "month_end")
    )


def visible_actuals(user: User | AnonymousUser | None) -> QuerySet[Actual]:
    """Approved figures for everyone; entered and returned ones for those who report them."""
    return Actual.objects.filter(Q(state=ActualState.APPROVED) | reported_figures(user))


def visible_assessments(user: User | AnonymousUser | None) -> QuerySet[Assessment]:
    """Submitted assessments for everyone; drafts for those who may write the plan area's ones."""
    mine: list[int] = []
    if can(user, Action.ASSESSMENT_WRITE):
        draft_areas = Unit.objects.filter(plans__targets__assessments__state=AssessmentState.DRAFT).distinct()
        mine = [a.pk for a in draft_areas if can(user, Action.ASSESSMENT_WRITE, a)]
    return Assessment.objects.filter(Q(state=AssessmentState.SUBMITTED) | Q(target__plan__area_id__in=mine))


def entry_units(user: User) -> list[Unit]:
    """Where this user enters figures (`policy.report_areas`): their province (and what it took
    over) and its communes, or their own commune; the provinces in force for the administrator."""
    areas = report_areas(user)
    if areas is None:
        return list(org_provinces(on=clock.today()))
    return list(Unit.objects.filter(areas).order_by("-kind", "sort_key")[:400])


def entry_indicators(user: User, unit: Unit) -> list[Indicator]:
    """The indicators `user` reports for `unit` (`Action.ACTUAL_ENTER` on each figure)."""
    return [i for i in Indicator.objects.select_related("reporting_unit") if can(user, Action.ACTUAL_ENTER, Figure(i, unit))]


# --- plans, targets and definitions as the pages, forms and API look them up ----------------------


def plan_get(pk: int) -> Plan | None:
    """One plan with its area, or None: plans are public."""
    return Plan.objects.select_related("area").filter(pk=pk).first()


def plan_latest() -> Plan | None:
    """The plan the dashboard opens on when none is asked for: the one that ends last."""
    return Plan.objects.select_related("area").order_by("-end_year", "kind", "pk").first()


def plan_choices(areas: list[int] | None = None) -> QuerySet[Plan]:
    """Plans with their areas, latest first; only those of `areas` (province ids) unless None."""
    qs = Plan.objects.select_related("area").order_by("-end_year", "pk")
    return qs.filter(area_id__in=areas) if areas is not None else qs


def target_get(pk: int) -> Target | None:
    """One target with its indicator, reporting unit, plan, area and resolution, or None."""
    return Target.objects.select_related("indicator__reporting_unit", "plan__area", "plan__resolution").filter(pk=pk).first()


def target_for(plan: Plan, indicator_id: int | str) -> Target | None:
    """The plan's target for one indicator, or None (an id of 0 or none finds none)."""
    return Target.objects.filter(plan=plan, indicator_id=indicator_id or 0).first()


def indicator_targets(indicator: Indicator) -> list[Target]:
    """Every plan's target for an indicator, with its plan: latest plans first."""
    return list(Target.objects.filter(indicator=indicator).select_related("plan", "indicator").order_by("-plan__start_year", "plan_id"))


def trajectories(targets: list[Target]) -> defaultdict[int, list[TrajectoryPoint]]:
    """Each target's yearly path, by target id, in one query (an empty list for a target without one)."""
    by_target: defaultdict[int, list[TrajectoryPoint]] = defaultdict(list)
    for p in TrajectoryPoint.objects.filter(target_id__in=[t.pk for t in targets]).order_by("target_id", "year"):
        by_target[p.target_id].append(p)
    return by_target


def aggregate_approvals(indicator: Indicator, area: Unit) -> dict[str, AggregateApproval]:
    """The office's sign-offs of an area's figure for an indicator, by period."""
    return {a.period: a for a in AggregateApproval.objects.filter(indicator=indicator, area=area)}


def indicator_list(*, code: str = "", kind: str | None = None, reporting_unit: int | None = None) -> QuerySet[Indicator]:
    """Indicator definitions (public) with their reporting units, in the plan's order; filtered by
    code (any case), kind and reporting unit when given."""
    qs = Indicator.objects.select_related("reporting_unit").order_by("order", "code")
    if code:
        qs = qs.filter(code__iexact=code.strip())
    if kind:
        qs = qs.filter(kind=kind)
    if reporting_unit is not None:
        qs = qs.filter(reporting_unit_id=reporting_unit)
    return qs


def indicator_get(pk: int) -> Indicator | None:
    """One indicator definition, or None."""
    return Indicator.objects.filter(pk=pk).first()


def indicator_by_code(code: str) -> Indicator | None:
    """The indicator with this code (any case, spaces around ignored), with its reporting unit,
    numerator and denominator; or None."""
    return Indicator.objects.select_related("reporting_unit", "numerator", "denominator").filter(code__iexact=code.strip()).first()


def indicator_code_taken(code: str) -> bool:
    """Whether an indicator already has this code (as stored: trimmed, upper case)."""
    return Indicator.objects.filter(code=code.strip().upper()).exists()


def indicators_by_code(codes: list[str]) -> dict[str, Indicator]:
    """The indicators with these exact codes, by code (a code no indicator has is absent)."""
    return {i.code: i for i in Indicator.objects.filter(code__in=codes)}


def indicator_choices() -> QuerySet[Indicator]:
    """Every indicator, for a form's choice of indicator (a target's, a ratio's numerator or denominator)."""
    return Indicator.objects.all()


def reporting_unit_choices(areas: list[int] | None, *, on: dt.date, keep: int | None = None) -> QuerySet[Unit]:
    """Departments and agencies in force on `on` that may report an indicator: those of `areas`
    (province ids, `policy.plan_areas`), or all when None; in alphabetical order. `keep`: the unit
    an existing indicator names, offered even if it has since merged, so editing never clears it."""
    qs = Unit.objects.filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.AGENCY]).valid_on(on)
    qs = qs.filter(area_id__in=areas) if areas is not None else qs
    return (qs | Unit.objects.filter(pk=keep) if keep is not None else qs).order_by("sort_key")


def plan_area_choices(areas: list[int] | None) -> QuerySet[Unit]:
    """Provinces a plan may be made for: `areas` (`policy.plan_areas`), or every province when None."""
    qs = Unit.objects.filter(kind=UnitKind.PROVINCE)
    return (qs.filter(pk__in=areas) if areas is not None else qs).order_by("sort_key")


# --- figures -------------------------------------------------------------------------------------


def unit_period_actuals(unit: Unit, period: str) -> dict[int, Actual]:
    """A unit's figures for one period (a period key: 2020, 2020-H1, …), in any state, by indicator
    id: what the entry grid shows next to each indicator the user reports."""
    return {a.indicator_id: a for a in Actual.objects.filter(unit=unit, period=period)}


def actual_get(pk: int) -> Actual | None:
    """One figure, or None; whether the user may review it is the review service's to decide."""
    return Actual.objects.filter(pk=pk).first()


def actuals_shown(pks: list[int]) -> QuerySet[Actual]:
    """These figures with what the API shows of them (indicator, unit, who entered and reviewed),
    in the plan's order of indicators."""
    return (Actual.objects.filter(pk__in=pks).select_related("indicator", "unit", "entered_by", "reviewed_by")
            .order_by("indicator__order", "indicator__code"))


def entry_unit_choices(units: list[Unit]) -> QuerySet[Unit]:
    """`entry_units` as a form's choices: provinces before communes, alphabetical."""
    return Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("-kind", "sort_key")


# --- assessments ---------------------------------------------------------------------------------


def assessment_shown(pk: int) -> Assessment:
    """An assessment with its target, indicator, plan and remedies (their units and people), as the
    API answers it once saved."""
    return (Assessment.objects.select_related("target__indicator", "target__plan")
            .prefetch_related("remedies__owner_unit", "remedies__owner_person").get(pk=pk))


def target_assessments(user: User | AnonymousUser | None, target: Target) -> list[Assessment]:
    """A target's assessments the user may see (`visible_assessments`), latest first, with their
    remedies' units, tasks and people."""
    return list(
        visible_assessments(user).filter(target=target)
        .prefetch_related("remedies__owner_unit", "remedies__task", "remedies__owner_person").order_by("-as_of", "-id")
    )


def today_series(indicator: Indicator, area: Unit, *, on: dt.date) -> list[Series]:
    """When `area` has been succeeded by `on`: the indicator's series of each unit now holding its
    duties, in today's structure (`aggregation.series_in_today_structure`); empty otherwise."""
    holders = [u for u in unit_duty_holders(area, on=on) if u.pk != area.pk]
    return [series_in_today_structure(indicator, h, on=on) for h in holders]


def remedy_owners(area: Unit, *, on: dt.date) -> list[Unit]:
    """Units that may own a remedy for a plan of `area`: the departments, agencies and People's
    Committees in force on `on` of whoever holds the area's duties that day (and of the units whose
    duties passed to them), and of their communes; by kind, then alphabetically, at most 300."""
    area_scope = units_held_by_all([holder.pk for holder in unit_duty_holders(area, on=on)], on=on)
    return list(
        Unit.objects.filter(Q(area_id__in=area_scope) | Q(area__parent_id__in=area_scope),
                            kind__in=[UnitKind.DEPARTMENT, UnitKind.AGENCY, UnitKind.PEOPLES_COMMITTEE])
        .valid_on(on).order_by("kind", "sort_key")[:300]
    )


def figures_to_approve(user: User) -> QuerySet[Actual] | None:
    """The figures waiting for this user's approval (`ACTUAL_APPROVE`), the list the review page
    shows (`pending_review`); None where the policy gives the user no such list."""
    if not can(user, Action.ACTUAL_APPROVE):
        return None
    return pending_review(user)
