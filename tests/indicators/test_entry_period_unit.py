"""Issue 10: an approved 2020 figure never reached the 2016–2020 dashboard, because the entry grid
put it on today's merged province; a figure belongs to the unit that existed in its period."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from tests.conftest import World
from tests.indicators.fixtures import indicator_plan
from thucthi.core.errors import DomainError
from thucthi.indicators import services
from thucthi.indicators.models import Actual, Indicator
from thucthi.indicators.periods import reporting_period
from thucthi.orgs.models import Succession, SuccessionKind, Unit, UnitKind

pytestmark = pytest.mark.django_db


def test_periods_know_their_first_and_last_day() -> None:
    assert (reporting_period("2020").first_day, reporting_period("2020").last_day) == (dt.date(2020, 1, 1), dt.date(2020, 12, 31))
    assert (reporting_period("2020-H1").first_day, reporting_period("2020-H1").last_day) == (dt.date(2020, 1, 1), dt.date(2020, 6, 30))
    assert reporting_period("2025-Q4").first_day == dt.date(2025, 10, 1)


def test_a_figure_for_a_period_before_the_unit_existed_is_refused_next_to_the_unit(world: World) -> None:
    plan = indicator_plan(world)
    Unit.objects.filter(pk=world.province.pk).update(valid_from=dt.date(2025, 7, 1))
    world.province.refresh_from_db()
    entry = services.Entry(plan.indicators["BUDGET_REVENUE"], Decimal(15000), "official", "", "")
    with pytest.raises(DomainError) as refused:
        services.actuals_enter(actor=world.officer, unit=world.province, period="2020", entries=[entry])
    assert refused.value.field == "unit" and "không hoạt động trong năm 2020" in str(refused.value)
    assert not Actual.objects.filter(unit=world.province, period="2020").exists()
    second_half = reporting_period("2025-H2")
    assert world.province.is_valid_between(second_half.first_day, second_half.last_day)


def test_the_grid_opens_on_a_unit_that_existed_in_the_chosen_period(world: World, client: Client) -> None:
    indicator_plan(world)
    merger = dt.date(2025, 7, 1)
    before = Unit.objects.create(code="P98@old", name="Tỉnh Trước Sáp Nhập", kind=UnitKind.PROVINCE, valid_to=merger - dt.timedelta(days=1))
    Unit.objects.filter(pk=world.province.pk).update(valid_from=merger)
    Succession.objects.create(predecessor=before, successor=world.province, kind=SuccessionKind.MERGE, effective_date=merger)
    client.force_login(world.officer)
    assert client.get("/indicators/entry/?period=2020").context["unit"] == before
    assert client.get("/indicators/entry/?period=2026-Q1").context["unit"].pk == world.province.pk


def test_editing_an_indicator_keeps_its_reporting_unit_even_after_a_merger(world: World, client: Client) -> None:
    """Issue 10: the edit form cleared the reporting unit (a department since merged was not offered)."""
    plan = indicator_plan(world)
    indicator = plan.indicators["BUDGET_REVENUE"]
    Indicator.objects.filter(pk=indicator.pk).update(reporting_unit=world.planning)  # merged into finance on 1/3/2025
    client.force_login(world.committee_office)
    form = client.get(f"/indicators/definitions/{indicator.pk}/").context["form"]
    assert form["reporting_unit"].value() == world.planning.pk
    assert world.planning in form.fields["reporting_unit"].queryset
