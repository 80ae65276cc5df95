"""Rules fixed after review: each test failed before its fix."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.conftest import World
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.tasks import services
from thucthi.tasks.models import DeadlineKind, State, Task


def _task(w: World, on: dt.date, **extra: Any) -> Task:
    fields: dict[str, Any] = {"deadline": dt.date(2026, 12, 31)}
    fields.update(extra)
    with clock.frozen(on):
        return services.task_create(
            actor=None, title="Tổng hợp báo cáo kết quả thực hiện nhiệm vụ", issuer=w.committee, lead_unit=w.finance,
            responsible=w.officer.person, accepting_unit=w.committee, expected_product="Báo cáo", issue=True, **fields,
        )


def test_it_moves_a_deadline_on_a_day_off_to_the_next_working_day(world: World) -> None:
    # 16/02/2026 is Tết (Lunar New Year's Eve); 16–20/02 are off, 21–22/02 a weekend: next working day 23/02.
    task = _task(world, dt.date(2026, 2, 2), deadline=dt.date(2026, 2, 16))
    assert task.deadline == dt.date(2026, 2, 23)
    assert task.original_deadline == dt.date(2026, 2, 23)


def test_it_refuses_to_decide_an_extension_once_the_task_is_completed(world: World) -> None:
    task = _task(world, dt.date(2026, 11, 2))
    with clock.frozen(dt.date(2026, 11, 3)):
        services.task_receive(actor=None, task=task)
        request = services.extension_request(actor=None, task=task, proposed_deadline=dt.date(2027, 3, 31), reason="Chờ số liệu")
        services.completion_request(actor=None, task=task, note="Báo cáo số 1/BC")
        services.completion_decide(actor=None, task=task, accept=True)
        with pytest.raises(DomainError, match="đã kết thúc"):
            services.extension_decide(actor=None, request=request, approve=True)
    task.refresh_from_db()
    assert task.deadline == dt.date(2026, 12, 31)


def test_it_recomputes_a_working_day_deadline_when_the_count_changes(world: World) -> None:
    task = _task(world, dt.date(2026, 11, 2), deadline=None, deadline_kind=DeadlineKind.WORKING_DAYS, working_days=5)
    assert task.deadline == dt.date(2026, 11, 9)  # Tue 3 … Fri 6 = 4, Mon 9 = 5
    with clock.frozen(dt.date(2026, 11, 2)):
        task = services.task_update(actor=None, task=task, expected_version=task.version, working_days=10)
    assert task.deadline == dt.date(2026, 11, 16)  # from Mon 2/11: 3–6 (4), 9–13 (9), 16 (10)


def test_it_restarts_the_return_window_when_a_returned_task_is_given_again(world: World, settings: Any) -> None:
    settings.TASK_RETURN_DAYS = 3
    task = _task(world, dt.date(2026, 11, 2))
    with clock.frozen(dt.date(2026, 11, 3)):
        task = services.task_return(actor=None, task=task, reason="Không thuộc chức năng")
    with clock.frozen(dt.date(2026, 11, 20)):
        task = services.task_update(
            actor=None, task=task, expected_version=task.version, lead_unit=world.health, responsible=world.other_head.person,
            reason="Thuộc chức năng của Sở Y tế",
        )
        assert task.state == State.ISSUED and task.issued_on == dt.date(2026, 11, 20)
    with clock.frozen(dt.date(2026, 11, 25)):  # 23, 25 (24 is a holiday): still within 3 working days
        services.task_return(actor=None, task=task, reason="Cũng không thuộc chức năng")


def test_it_keeps_progress_when_an_older_report_is_approved_last(world: World) -> None:
    task = _task(world, dt.date(2026, 11, 2))
    with clock.frozen(dt.date(2026, 11, 3)):
        services.task_receive(actor=None, task=task)
    with clock.frozen(dt.date(2026, 11, 4)):
        older = services.progress_submit(actor=None, task=task, percent=30, narrative="Đã làm 30%")
    with clock.frozen(dt.date(2026, 11, 5)):
        newer = services.progress_submit(actor=None, task=task, percent=60, narrative="Đã làm 60%")
        services.progress_review(actor=None, report=newer, approve=True)
        services.progress_review(actor=None, report=older, approve=True)
    task.refresh_from_db()
    assert task.progress == 60


def test_it_says_so_when_the_lead_unit_is_removed(world: World) -> None:
    task = _task(world, dt.date(2026, 11, 2))
    with pytest.raises(DomainError, match="Cần chọn cơ quan chủ trì"):
        services.task_update(actor=None, task=task, expected_version=task.version, lead_unit=None)


def test_it_lets_an_issuer_edit_a_task_of_a_unit_since_merged(world: World) -> None:
    with clock.frozen(dt.date(2024, 6, 3)):
        task = services.task_create(
            actor=None, title="Rà soát danh mục dự án đầu tư công trung hạn", issuer=world.committee, lead_unit=world.planning,
            responsible=world.officer.person, accepting_unit=world.committee, expected_product="Báo cáo", deadline=dt.date(2024, 9, 30),
            issue=True,
        )
    with clock.frozen(dt.date(2026, 11, 2)):
        task = services.task_update(actor=None, task=task, expected_version=task.version, expected_product="Báo cáo và danh mục")
    assert task.expected_product == "Báo cáo và danh mục"
