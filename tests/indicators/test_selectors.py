"""The indicators' read layer as the pages, forms and API use it: the selectors that hold a rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from tests.conftest import World
from tests.indicators.fixtures import PlanWorld, approved, plan_world
from thucthi.indicators import selectors, services
from thucthi.indicators.models import PlanKind
from thucthi.orgs.loader import SuccessionSpec, UnitSpec, units_load
from thucthi.orgs.models import SuccessionKind, Unit, UnitKind

pytestmark = pytest.mark.django_db

AFTER_MERGERS = dt.date(2026, 1, 1)


def _old_province() -> Unit:
    """A province merged into the test province (P99) on 1/7/2025."""
    units_load(actor=None, dataset="test-old-province", links=[
        SuccessionSpec("OLD-A", "P99", SuccessionKind.MERGE, dt.date(2025, 7, 1), "Nghị quyết số 202/2025/QH15"),
    ], units=[UnitSpec(code="OLD-A", kind=UnitKind.PROVINCE, name="Tỉnh A cũ", valid_to=dt.date(2025, 6, 30))])
    return Unit.objects.get(code="OLD-A")


@pytest.fixture
def pw(world: World) -> PlanWorld:
    return plan_world(world)


def test_remedies_go_to_the_units_in_force_that_hold_the_plan_areas_duties(world: World) -> None:
    old = _old_province()
    owners = selectors.remedy_owners(old, on=AFTER_MERGERS)
    # A plan of a province merged away gives its remedies to today's province's committee and departments;
    # the planning department, merged into finance on 1/3/2025, is no longer one of them, nor is the council.
    assert {world.committee, world.finance, world.health} <= set(owners)
    assert world.planning not in owners and world.council not in owners
    assert world.other_department not in owners
    assert owners == selectors.remedy_owners(world.province, on=AFTER_MERGERS)
    assert [u.kind for u in owners] == sorted(u.kind for u in owners)


def test_a_target_page_shows_todays_series_only_for_a_succeeded_area(world: World, pw: PlanWorld) -> None:
    assert selectors.today_series(pw.revenue, world.province, on=AFTER_MERGERS) == []
    old = _old_province()
    approved(pw.revenue, old, "2019", 16000)
    [today] = selectors.today_series(pw.revenue, old, on=AFTER_MERGERS)
    assert today.points["2019"] == D(16000)


def test_indicators_are_listed_in_order_and_filtered_by_code_kind_and_reporting_unit(world: World, pw: PlanWorld) -> None:
    listed = [(i.order, i.code) for i in selectors.indicator_list()]
    assert len(listed) == 8 and listed == sorted(listed)
    assert [i.code for i in selectors.indicator_list(code=" rev ")] == ["REV"]
    assert {i.code for i in selectors.indicator_list(kind="ratio")} == {"POV"}
    assert {i.code for i in selectors.indicator_list(reporting_unit=world.planning.pk)} == {"DISB"}
    assert selectors.indicator_by_code(" pov ") == pw.poverty
    assert selectors.indicator_by_code("NONE") is None
    assert selectors.indicator_code_taken(" rev ") and not selectors.indicator_code_taken("NEW")
    assert set(selectors.indicators_by_code(["REV", "NONE"])) == {"REV"}


def test_trajectories_come_in_one_query_by_target_and_year(
    world: World, pw: PlanWorld, django_assert_num_queries: object,
) -> None:
    services.target_set(actor=None, plan=pw.targets["REV"].plan, indicator=pw.revenue, baseline_year=2015,
                        baseline_value=D(1000), year=2020, value=D(2000), trajectory={2018: D(1600), 2017: D(1400)})
    targets = [pw.targets["REV"], pw.targets["POV"]]
    with django_assert_num_queries(1):  # type: ignore[operator]
        paths = selectors.trajectories(targets)
    assert [p.year for p in paths[pw.targets["REV"].pk]] == [2017, 2018]
    assert paths[pw.targets["POV"].pk] == []


def test_plans_and_choices_are_limited_to_the_areas_given(world: World, pw: PlanWorld) -> None:
    annual = services.plan_create(actor=None, kind=PlanKind.ANNUAL, name="Kế hoạch năm 2021", area=world.province,
                                  start_year=2021, end_year=2021)
    assert selectors.plan_latest() == annual
    assert list(selectors.plan_choices()) == [annual, pw.targets["REV"].plan]
    assert list(selectors.plan_choices([world.other_province.pk])) == []
    assert list(selectors.plan_area_choices([world.province.pk])) == [world.province]
    before, after = dt.date(2024, 1, 1), AFTER_MERGERS
    assert world.planning in selectors.reporting_unit_choices([world.province.pk], on=before)
    assert world.planning not in selectors.reporting_unit_choices([world.province.pk], on=after)
    assert world.other_department not in selectors.reporting_unit_choices([world.province.pk], on=after)
    assert world.other_department in selectors.reporting_unit_choices(None, on=after)


def test_the_entry_grid_finds_a_units_figures_of_one_period_by_indicator(world: World, pw: PlanWorld) -> None:
    a = approved(pw.revenue, world.province, "2019", 1500)
    approved(pw.revenue, world.province, "2018", 1400)
    assert selectors.unit_period_actuals(world.province, "2019") == {pw.revenue.pk: a}
    assert selectors.actual_get(a.pk) == a and selectors.actual_get(0) is None
