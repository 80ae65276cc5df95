"""The progress form refuses what it must with a message, never a server error."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import World
from thucthi.core import clock
from thucthi.tasks import services


@pytest.mark.parametrize(("percent", "message"), [("150", "Tiến độ tối đa là 100%."), ("-5", "Tiến độ không được âm.")])
def test_a_progress_out_of_range_is_refused_next_to_its_field(world: World, percent: str, message: str) -> None:
    with clock.frozen(dt.date(2026, 11, 2)):
        task = services.task_create(
            actor=None, title="Báo cáo biên chế các ban quản lý dự án", issuer=world.committee, lead_unit=world.finance,
            responsible=world.officer.person, accepting_unit=world.committee, expected_product="Báo cáo",
            deadline=dt.date(2026, 12, 31), issue=True,
        )
        services.task_receive(actor=None, task=task)
        response = world.client_for(world.officer).post(f"/tasks/{task.pk}/act/progress/", {"percent": percent, "narrative": "Đã rà soát"}, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert task.progress_reports.count() == 0
