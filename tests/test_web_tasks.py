"""Task pages as HTML: what the browser posts back must be what the server expects."""

from __future__ import annotations

import datetime as dt
import re

from tests.conftest import World
from thucthi.core import clock
from thucthi.orgs.models import Unit, UnitKind
from thucthi.tasks import services


def test_it_never_writes_ids_with_thousand_separators_into_forms(world: World) -> None:
    # Vietnamese number formatting turns 123456 into "123.456"; an id posted back like that is rejected.
    interior = Unit.objects.create(pk=123456, code="DEPT:P99:nv", kind=UnitKind.DEPARTMENT, name="Sở Nội vụ tỉnh Thử Nghiệm",
                                   parent=world.committee, area=world.province)
    with clock.frozen(dt.date(2026, 11, 2)):
        task = services.task_create(
            actor=None, title="Báo cáo biên chế các ban quản lý dự án", issuer=world.committee, lead_unit=world.finance,
            responsible=world.officer.person, accepting_unit=world.committee, expected_product="Báo cáo",
            deadline=dt.date(2026, 12, 31), coordinations=[services.CoordinationInput(unit=interior)], issue=True,
        )
        services.task_receive(actor=None, task=task)
    html = world.client_for(world.officer).get(f"/tasks/{task.pk}/").content.decode()
    assert 'value="123456"' in html
    assert not re.search(r'value="\d{1,3}(\.\d{3})+"', html)


def test_it_posts_a_coordination_request_from_the_task_page(world: World) -> None:
    with clock.frozen(dt.date(2026, 11, 2)):
        task = services.task_create(
            actor=None, title="Báo cáo biên chế các ban quản lý dự án", issuer=world.committee, lead_unit=world.finance,
            responsible=world.officer.person, accepting_unit=world.committee, expected_product="Báo cáo",
            deadline=dt.date(2030, 12, 31), coordinations=[services.CoordinationInput(unit=world.health)], issue=True,
        )
        services.task_receive(actor=None, task=task)
    client = world.client_for(world.officer)
    response = client.post(f"/tasks/{task.pk}/act/coordination/", {"to_unit": world.health.pk, "message": "Xin số liệu", "due_on": "04/12/2029"}, follow=True)
    assert "Đã gửi đề nghị phối hợp." in response.content.decode()
    bad = client.post(f"/tasks/{task.pk}/act/coordination/", {"to_unit": world.health.pk, "message": "", "due_on": "31/02/2029"}, follow=True)
    page = bad.content.decode()
    assert "Cần ghi nội dung đề nghị phối hợp." in page and "Ngày không hợp lệ" in page
    assert task.coordination_requests.count() == 1


def test_the_second_of_two_simultaneous_edits_is_refused_and_keeps_what_was_typed(world: World) -> None:
    with clock.frozen(dt.date(2026, 11, 2)):
        task = services.task_create(
            actor=None, title="Báo cáo biên chế các ban quản lý dự án", issuer=world.committee, lead_unit=world.finance,
            responsible=world.officer.person, accepting_unit=world.committee, expected_product="Báo cáo",
            deadline=dt.date(2030, 12, 31), issue=True,
        )
    first, second = world.client_for(world.committee_office), world.client_for(world.admin)
    version = task.version
    form = {"title": task.title, "issuer": world.committee.pk, "lead_unit": world.finance.pk, "responsible": world.officer.person_id,
            "accepting_unit": world.committee.pk, "deadline_kind": "date", "deadline": "31/12/2030", "version": version}
    assert first.post(f"/tasks/{task.pk}/edit/", {**form, "expected_product": "Báo cáo và phụ lục"}).status_code == 302
    response = second.post(f"/tasks/{task.pk}/edit/", {**form, "expected_product": "Báo cáo kèm số liệu chi tiết"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nhiệm vụ vừa được người khác cập nhật" in page
    assert "Báo cáo kèm số liệu chi tiết" in page, "the second person's typing is still in the form"
    task.refresh_from_db()
    assert task.expected_product == "Báo cáo và phụ lục"
