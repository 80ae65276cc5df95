"""A target's forecast and status, refreshed when a figure is approved, are audited in the name of
whoever approved it (they were saved without a trace before)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from tests.conftest import World
from tests.indicators.fixtures import PlanWorld, approved, plan_world
from thucthi.audit.models import AuditRecord
from thucthi.audit.services import audit_verify
from thucthi.indicators import services
from thucthi.indicators.models import Target


@pytest.fixture
def pw(world: World) -> PlanWorld:
    return plan_world(world)


def test_it_audits_the_refreshed_forecast_in_the_name_of_the_approver(world: World, pw: PlanWorld) -> None:
    for year, value in [(2016, 1150), (2017, 1320), (2018, 1520)]:
        approved(pw.revenue, world.province, str(year), value)
    target = Target.objects.get(pk=pw.targets["REV"].pk)
    services.refresh_target(target)
    [actual] = services.actuals_enter(
        actor=world.officer,
        unit=world.province,
        period="2019",
        entries=[services.Entry(pw.revenue, D(1750), "preliminary", "Báo cáo số 5/BC-STC")],
    )
    services.actual_review(actor=world.head, actual=actual, approve=True)

    record = AuditRecord.objects.filter(action="indicators.target.refresh", object_id=str(target.pk)).order_by("-seq").first()
    assert record is not None and record.actor_id == world.head.pk
    assert (record.before or {}).get("as_of") == "2018" and (record.after or {}).get("as_of") == "2019"
    assert audit_verify().ok


def test_a_refresh_that_changes_nothing_writes_nothing(world: World, pw: PlanWorld) -> None:
    target = Target.objects.get(pk=pw.targets["REV"].pk)
    services.refresh_target(target)
    count = AuditRecord.objects.filter(action="indicators.target.refresh").count()
    services.refresh_target(target)
    assert AuditRecord.objects.filter(action="indicators.target.refresh").count() == count
