"""Recording a merger, split or rename from the administration page: preview, then confirm."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import World
from thucthi.accounts.policy import PermissionDenied
from thucthi.core.errors import DomainError
from thucthi.orgs.models import Succession, SuccessionKind, Unit
from thucthi.orgs.selectors import unit_duty_holders
from thucthi.orgs.services import ReorgPlan, reorganisation_record
from thucthi.tasks import services

pytestmark = pytest.mark.django_db

DAY = dt.date(2027, 1, 1)


def _rename(world: World, step: str) -> dict[str, object]:
    return {
        "kind": SuccessionKind.RENAME,
        "predecessors": [world.health.pk],
        "new_names": "Sở Y tế và Dân số tỉnh Thử Nghiệm",
        "effective_date": "01/01/2027",
        "legal_basis": "Quyết định (mẫu) số 12/QĐ-UBND",
        "step": step,
    }


def test_a_rename_is_previewed_then_recorded_and_duties_follow(world: World) -> None:
    task = services.task_create(
        actor=None,
        title="Báo cáo tiêm chủng (mẫu)",
        issuer=world.committee,
        lead_unit=world.health,
        responsible=world.other_head.person,
        accepting_unit=world.committee,
        expected_product="Báo cáo",
        deadline=dt.date(2027, 3, 1),
        issue=True,
    )
    client = world.client_for(world.admin)
    page = client.post("/administration/reorganisation/", _rename(world, "preview")).content.decode()
    assert "Sẽ ghi" in page and "Sở Y tế và Dân số tỉnh Thử Nghiệm" in page
    assert "1 tài khoản thuộc đơn vị này cần chuyển đơn vị" in page
    assert "1 nhiệm vụ đang thực hiện giữ nguyên đơn vị này" in page
    assert not Succession.objects.filter(predecessor=world.health).exists()
    response = client.post("/administration/reorganisation/", _rename(world, "confirm"))
    assert response.status_code == 302
    new = Unit.objects.get(name="Sở Y tế và Dân số tỉnh Thử Nghiệm")
    assert (new.kind, new.parent, new.area, new.valid_from) == (world.health.kind, world.committee, world.province, DAY)
    world.health.refresh_from_db()
    assert world.health.valid_to == DAY - dt.timedelta(days=1)
    assert unit_duty_holders(world.health, on=DAY) == [new]
    assert Succession.objects.get(predecessor=world.health).legal_basis == "Quyết định (mẫu) số 12/QĐ-UBND"
    task.refresh_from_db()
    assert task.lead_unit == world.health


def test_searching_keeps_what_was_typed_without_judging_it(world: World) -> None:
    data = _rename(world, "search") | {"q": "y te", "legal_basis": ""}
    page = world.client_for(world.admin).post("/administration/reorganisation/", data).content.decode()
    assert "Cần ghi căn cứ" not in page and "Sở Y tế và Dân số tỉnh Thử Nghiệm" in page
    assert f'value="{world.health.pk}" id="pred-{world.health.pk}"' in page and "checked" in page


def test_a_wrong_plan_shows_its_errors_and_records_nothing(world: World) -> None:
    data = _rename(world, "preview") | {"kind": SuccessionKind.MERGE, "legal_basis": ""}
    page = world.client_for(world.admin).post("/administration/reorganisation/", data).content.decode()
    assert "Cần ghi căn cứ pháp lý" in page and "Sáp nhập: chọn" in page
    assert not Succession.objects.filter(predecessor=world.health).exists()


def test_a_merger_into_an_existing_unit_and_a_split(world: World) -> None:
    merge = ReorgPlan(
        kind=SuccessionKind.MERGE,
        predecessors=[world.health],
        successors=[world.finance],
        new_names=[],
        effective_date=DAY,
        legal_basis="Nghị quyết (mẫu) 1/NQ-HĐND",
    )
    reorganisation_record(actor=world.admin, plan=merge)
    assert unit_duty_holders(world.health, on=DAY) == [world.finance]
    split = ReorgPlan(
        kind=SuccessionKind.SPLIT,
        predecessors=[world.finance],
        successors=[],
        new_names=["Sở A (mẫu)", "Sở B (mẫu)"],
        effective_date=DAY + dt.timedelta(days=31),
        legal_basis="Nghị quyết (mẫu) 2/NQ-HĐND",
    )
    reorganisation_record(actor=world.admin, plan=split)
    assert {u.name for u in unit_duty_holders(world.finance, on=DAY + dt.timedelta(days=31))} == {"Sở A (mẫu)", "Sở B (mẫu)"}
    with pytest.raises(DomainError):
        reorganisation_record(
            actor=world.admin,
            plan=ReorgPlan(
                kind=SuccessionKind.SPLIT,
                predecessors=[world.council],
                successors=[],
                new_names=["Một"],
                effective_date=DAY,
                legal_basis="x",
            ),
        )


def test_only_the_administrator_reorganises(world: World) -> None:
    plan = ReorgPlan(
        kind=SuccessionKind.RENAME,
        predecessors=[world.health],
        successors=[],
        new_names=["Tên mới"],
        effective_date=DAY,
        legal_basis="x",
    )
    with pytest.raises(PermissionDenied):
        reorganisation_record(actor=world.committee_office, plan=plan)
    assert world.client_for(world.committee_office).get("/administration/reorganisation/").status_code == 403
