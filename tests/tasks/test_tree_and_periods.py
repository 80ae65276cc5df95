from __future__ import annotations

import datetime as dt
from typing import Any

from tests.conftest import World
from thucthi.core import clock
from thucthi.tasks import services
from thucthi.tasks.models import DeadlineKind, Recurrence, State, Task


def _make(w: World, title: str, *, parent: Task | None = None, on: dt.date = dt.date(2026, 3, 2), **extra: Any) -> Task:
    fields: dict[str, Any] = {"deadline": dt.date(2026, 12, 31)}
    fields.update(extra)
    with clock.frozen(on):
        task = services.task_create(
            actor=None, title=title, issuer=w.committee, lead_unit=w.finance, responsible=w.officer.person,
            accepting_unit=w.committee, expected_product="Báo cáo", parent=parent, issue=True, **fields,
        )
        return services.task_receive(actor=None, task=task)


def _progress(task: Task, percent: int) -> None:
    with clock.frozen(dt.date(2026, 4, 1)):
        report = services.progress_submit(actor=None, task=task, percent=percent, narrative=f"Đạt {percent}%")
        services.progress_review(actor=None, report=report, approve=True)


def test_it_rolls_sub_task_progress_up_to_the_parent_and_its_parent(world: World) -> None:
    top = _make(world, "Thực hiện các giải pháp thu ngân sách năm 2026")
    middle = _make(world, "Chống thất thu ngân sách trên địa bàn", parent=top)
    a = _make(world, "Rà soát nguồn thu từ đất đai", parent=middle)
    b = _make(world, "Rà soát nguồn thu từ doanh nghiệp", parent=middle)
    _progress(a, 40)
    _progress(b, 80)
    middle.refresh_from_db()
    top.refresh_from_db()
    assert (middle.progress, top.progress) == (60, 60)
    with clock.frozen(dt.date(2026, 5, 1)):
        services.task_cancel(actor=None, task=b, reason="Trùng với nhiệm vụ khác")
    middle.refresh_from_db()
    assert middle.progress == 40, "a cancelled sub-task no longer counts"


def test_it_moves_a_recurring_report_on_to_the_next_period(world: World) -> None:
    task = _make(world, "Báo cáo tình hình giải ngân vốn đầu tư công hằng tháng", deadline=dt.date(2026, 1, 31),
                 deadline_kind=DeadlineKind.RECURRING, recurrence=Recurrence.MONTHLY, recurrence_until=dt.date(2026, 4, 30),
                 on=dt.date(2026, 1, 5))
    # 31/01/2026 is a Saturday: the first period ends on Monday 02/02.
    assert task.deadline == dt.date(2026, 2, 2)
    with clock.frozen(dt.date(2026, 2, 2)):
        services.completion_request(actor=None, task=task, note="Báo cáo tháng 1")
        task = services.completion_decide(actor=None, task=task, accept=True)
    # One month on from 02/02 is 02/03, a Monday and a working day.
    assert (task.state, task.deadline, task.progress, task.completed_on) == (State.RECEIVED, dt.date(2026, 3, 2), 0, None)
    assert task.events.filter(note__contains="Kỳ đến hạn 02/02/2026: đã nộp đúng hạn").exists()
    assert task.original_deadline == dt.date(2026, 2, 2)


def test_it_completes_a_recurring_task_after_its_last_period(world: World) -> None:
    task = _make(world, "Báo cáo quý về cải cách hành chính năm 2026", deadline=dt.date(2026, 9, 30),
                 deadline_kind=DeadlineKind.RECURRING, recurrence=Recurrence.QUARTERLY, recurrence_until=dt.date(2026, 12, 15),
                 on=dt.date(2026, 7, 1))
    with clock.frozen(dt.date(2026, 9, 29)):
        services.completion_request(actor=None, task=task, note="Báo cáo quý III")
        task = services.completion_decide(actor=None, task=task, accept=True)
    assert task.state == State.COMPLETED, "the next period (31/12) lies after the end of the series"


def test_it_shows_an_officer_the_tasks_naming_them(world: World) -> None:
    _make(world, "Báo cáo tình hình thu ngân sách quý II năm 2026")
    page = world.client_for(world.officer).get("/tasks/?view=mine").content.decode()
    assert "Báo cáo tình hình thu ngân sách quý II năm 2026" in page
    other = world.client_for(world.head).get("/tasks/?view=mine").content.decode()
    assert "Báo cáo tình hình thu ngân sách quý II năm 2026" not in other
