"""Reads for the indicator pages, the API and the benchmark: one function per question."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import OuterRef, Q, QuerySet, Subquery

from thucthi.accounts.models import User
from thucthi.accounts.policy import Action, Figure, can, report_areas, reported_figures
from thucthi.core import clock
from thucthi.indicators.aggregation import aggregate
from thucthi.indicators.models import Actual, ActualState, Assessment, AssessmentState, Indicator, Plan, Target
from thucthi.orgs.models import Unit, UnitKind


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
    return list(Unit.objects.filter(kind=UnitKind.PROVINCE).valid_on(clock.today()).values_list("pk", flat=True))


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
        return list(Unit.objects.filter(kind=UnitKind.PROVINCE).valid_on(clock.today()).order_by("sort_key"))
    return list(Unit.objects.filter(areas).order_by("-kind", "sort_key")[:400])


def entry_indicators(user: User, unit: Unit) -> list[Indicator]:
    """The indicators `user` reports for `unit` (`Action.ACTUAL_ENTER` on each figure)."""
    return [i for i in Indicator.objects.select_related("reporting_unit") if can(user, Action.ACTUAL_ENTER, Figure(i, unit))]
