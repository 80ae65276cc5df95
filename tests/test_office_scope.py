"""A province's offices act for their own province only, including the bodies it took over."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import World, make_user
from thucthi.accounts.models import Role
from thucthi.accounts.policy import Action, PermissionDenied, can
from thucthi.core import clock
from thucthi.orgs.loader import SuccessionSpec, UnitSpec, units_load
from thucthi.orgs.models import SuccessionKind, Unit, UnitKind
from thucthi.tasks import services
from thucthi.tasks.selectors import issuer_board


def _province(code: str, name: str, *, valid_to: dt.date | None = None) -> Unit:
    units_load(actor=None, dataset=f"test-{code}", units=[
        UnitSpec(code=code, kind=UnitKind.PROVINCE, name=f"Tỉnh {name}", short_name=name, valid_to=valid_to),
        UnitSpec(code=f"UBND:{code}", kind=UnitKind.PEOPLES_COMMITTEE, name=f"Ủy ban nhân dân tỉnh {name}", parent=code, valid_to=valid_to),
    ], links=[])
    return Unit.objects.get(code=f"UBND:{code}")


def test_an_office_of_another_province_can_neither_issue_nor_manage_here(world: World) -> None:
    elsewhere = _province("P98", "Khác")
    stranger = make_user("xuan", Role.COMMITTEE_OFFICE, elsewhere)
    with pytest.raises(PermissionDenied):
        services.task_create(actor=stranger, title="Báo cáo tình hình thu ngân sách", issuer=world.committee, lead_unit=world.finance)
    task = services.task_create(actor=world.committee_office, title="Báo cáo tình hình thu ngân sách", issuer=world.committee,
                                lead_unit=world.finance, responsible=world.officer.person, accepting_unit=world.committee,
                                expected_product="Báo cáo", deadline=dt.date(2030, 1, 15), issue=True)
    assert not can(stranger, Action.TASK_MANAGE, task) and not can(stranger, Action.TASK_ACCEPT, task)
    assert can(world.committee_office, Action.TASK_MANAGE, task)
    assert issuer_board(stranger, today=dt.date(2026, 11, 24))[0].count() == 0
    assert issuer_board(world.committee_office, today=dt.date(2026, 11, 24))[0].count() == 1


def test_an_office_acts_for_the_bodies_its_province_took_over(world: World) -> None:
    merged = _province("P97@old", "Cũ", valid_to=dt.date(2025, 6, 30))
    units_load(actor=None, dataset="test-merge", units=[], links=[
        SuccessionSpec("P97@old", "P99", SuccessionKind.MERGE, dt.date(2025, 7, 1), "Nghị quyết số 202/2025/QH15"),
    ])
    with clock.frozen(dt.date(2024, 3, 1)):
        old = services.task_create(actor=None, title="Rà soát quy hoạch xây dựng đô thị", issuer=merged, lead_unit=world.finance,
                                   responsible=world.officer.person, accepting_unit=merged, expected_product="Báo cáo",
                                   deadline=dt.date(2024, 9, 30), issue=True, allow_historical=True)
    fresh = type(world.committee_office).objects.get(pk=world.committee_office.pk)  # no cached scope
    assert can(fresh, Action.TASK_MANAGE, old)
    assert issuer_board(fresh, today=dt.date(2026, 11, 24))[0].filter(pk=old.pk).exists()
