"""Working-day overrides: a make-up Saturday or an extra day off, with its basis; removing one."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import World
from thucthi.accounts.policy import PermissionDenied
from thucthi.audit.models import AuditRecord
from thucthi.orgs.calendar import override_add
from thucthi.workdays.calendar import calendar
from thucthi.workdays.models import CalendarOverride, OverrideKind

pytestmark = pytest.mark.django_db

SATURDAY = dt.date(2027, 5, 8)


def test_a_make_up_saturday_becomes_a_working_day(world: World) -> None:
    assert not calendar().is_working_day(SATURDAY)
    response = world.client_for(world.admin).post(
        "/administration/calendar/",
        {
            "day": "08/05/2027",
            "kind": OverrideKind.WORKING_DAY,
            "name": "Làm bù cho ngày 03/5",
            "legal_basis": "Thông báo (mẫu) số 1/TB-BNV",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("?year=2027")
    assert calendar().is_working_day(SATURDAY)
    assert AuditRecord.objects.get(action="workdays.override.add").actor_id == world.admin.pk
    page = world.client_for(world.admin).get("/administration/calendar/?year=2027").content.decode()
    assert "Làm bù cho ngày 03/5" in page


def test_a_bad_override_shows_every_error_and_keeps_what_was_typed(world: World) -> None:
    client = world.client_for(world.admin)
    page = client.post(
        "/administration/calendar/", {"day": "31/02/2027", "kind": OverrideKind.WORKING_DAY, "name": "", "legal_basis": ""}
    ).content.decode()
    assert (
        "Ngày không hợp lệ" in page and "Cần ghi tên ngày" in page and "Cần ghi căn cứ" in page and 'value="31/02/2027"' in page
    )
    page = client.post(
        "/administration/calendar/",
        {"day": "10/05/2027", "kind": OverrideKind.WORKING_DAY, "name": "Thứ Hai", "legal_basis": "x"},
    ).content.decode()
    assert "vốn đã là ngày làm việc" in page
    assert not CalendarOverride.objects.exists()


def test_removing_an_override_asks_first_then_restores_the_national_day(world: World) -> None:
    override = override_add(actor=world.admin, day=SATURDAY, kind=OverrideKind.WORKING_DAY, name="Làm bù", legal_basis="TB (mẫu)")
    client = world.client_for(world.admin)
    page = client.get(f"/administration/calendar/{override.pk}/remove/").content.decode()
    assert "Xóa ngày điều chỉnh 08/05/2027?" in page
    assert CalendarOverride.objects.exists()
    client.post(f"/administration/calendar/{override.pk}/remove/")
    assert not CalendarOverride.objects.exists() and not calendar().is_working_day(SATURDAY)
    before = AuditRecord.objects.get(action="workdays.override.remove").before
    assert before is not None and before["name"] == "Làm bù"


def test_overrides_are_national_so_only_the_administrator_sets_them(world: World) -> None:
    with pytest.raises(PermissionDenied):
        override_add(actor=world.committee_office, day=SATURDAY, kind=OverrideKind.WORKING_DAY, name="x", legal_basis="y")
    assert world.client_for(world.committee_office).get("/administration/calendar/").status_code == 403
