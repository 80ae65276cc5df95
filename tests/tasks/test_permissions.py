"""Object-level permissions on tasks, through the services: who may issue, work, review,
accept and answer, including the unit that absorbed another in a merger.

Every denial is checked to have written nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.conftest import World, make_user
from thucthi.accounts.models import Role, User
from thucthi.accounts.policy import Action, PermissionDenied, can
from thucthi.audit.models import AuditRecord
from thucthi.audit.services import snapshot
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.tasks import services
from thucthi.tasks.models import (
    CoordinationRequest,
    DeadlineKind,
    ExtensionRequest,
    ProgressReport,
    ReviewState,
    State,
    Task,
    TaskEvent,
)
from thucthi.tasks.services import CoordinationInput

D = dt.date
TITLE = "Rà soát dự toán thu ngân sách năm 2026"
PRODUCT = "Báo cáo rà soát dự toán"


@pytest.fixture(autouse=True)
def today() -> Iterator[dt.date]:
    day = D(2026, 3, 10)
    with clock.frozen(day):
        yield day


@pytest.fixture
def health_officer(world: World) -> User:
    return make_user("minh", Role.UNIT_OFFICER, world.health)


def _footprint(task: Task) -> dict[str, Any]:
    return {
        "task": snapshot(Task.objects.get(pk=task.pk)),
        "tasks": Task.objects.count(),
        "events": TaskEvent.objects.count(),
        "audit": AuditRecord.objects.count(),
        "reports": list(ProgressReport.objects.values_list("pk", "review", "reviewed_by")),
        "extensions": list(ExtensionRequest.objects.values_list("pk", "decision")),
        "coordination_requests": list(CoordinationRequest.objects.values_list("pk", "answer", "answered_on")),
    }


def _denied(task: Task, call: Callable[[], object]) -> None:
    before = _footprint(task)
    with pytest.raises(PermissionDenied):
        call()
    assert _footprint(task) == before


def _fields(w: World) -> dict[str, Any]:
    return {
        "accepting_unit": w.committee, "responsible": w.officer.person, "expected_product": PRODUCT,
        "deadline_kind": DeadlineKind.DATE, "deadline": D(2026, 3, 31),
    }


def _finance_task(w: World, *, receive: bool = True) -> Task:
    """Issued by the committee to finance, health coordinating."""
    task = services.task_create(
        actor=w.committee_office, title=TITLE, issuer=w.committee, lead_unit=w.finance, issue=True,
        coordinations=[CoordinationInput(w.health, duty="Số liệu thu sự nghiệp y tế")], **_fields(w),
    )
    return services.task_receive(actor=w.officer, task=task) if receive else task


# --- another unit ------------------------------------------------------------------------------


def test_it_forbids_an_officer_of_another_unit_to_receive_a_finance_task(world: World, health_officer: User) -> None:
    task = _finance_task(world, receive=False)
    _denied(task, lambda: services.task_receive(actor=health_officer, task=task))
    _denied(task, lambda: services.task_return(actor=health_officer, task=task, reason="Giao nhầm"))
    assert Task.objects.get(pk=task.pk).state == State.ISSUED


def _work_on(w: World, task: Task, user: User) -> list[Callable[[], object]]:
    return [
        lambda: services.progress_submit(actor=user, task=task, percent=50, narrative="Đã làm"),
        lambda: services.extension_request(actor=user, task=task, proposed_deadline=D(2026, 4, 30), reason="Chậm"),
        lambda: services.completion_request(actor=user, task=task, note="Xong"),
        lambda: services.coordination_request(actor=user, task=task, to_unit=w.health, message="Phối hợp", due_on=D(2026, 3, 20)),
        lambda: services.task_return(actor=user, task=task, reason="Giao nhầm"),
    ]


@pytest.mark.parametrize("outsider", ["health_officer", "other_head"])
def test_it_forbids_another_unit_to_report_on_request_or_complete_a_finance_task(world: World, health_officer: User, outsider: str) -> None:
    task = _finance_task(world)
    user = health_officer if outsider == "health_officer" else world.other_head
    for attempt in _work_on(world, task, user):
        _denied(task, attempt)
    # The finance officer may do each of them (here: the first one).
    _work_on(world, task, world.officer)[0]()


def test_it_lets_a_coordinating_unit_see_the_task_but_not_work_on_it(world: World, health_officer: User) -> None:
    task = _finance_task(world)
    assert can(health_officer, Action.TASK_VIEW, task)
    assert not can(health_officer, Action.TASK_WORK, task)


def test_it_hides_a_task_from_a_unit_with_no_part_in_it(world: World) -> None:
    task = services.task_create(actor=world.committee_office, title=TITLE, issuer=world.committee, lead_unit=world.finance, **_fields(world))
    assert not can(world.other_head, Action.TASK_VIEW, task)
    assert can(world.officer, Action.TASK_VIEW, task)


def test_it_forbids_the_head_of_another_unit_to_review_finance_progress(world: World) -> None:
    task = _finance_task(world)
    report = services.progress_submit(actor=world.officer, task=task, percent=30, narrative="Đã tổng hợp")
    _denied(task, lambda: services.progress_review(actor=world.other_head, report=report, approve=True))
    assert ProgressReport.objects.get(pk=report.pk).review == ReviewState.PENDING


def test_it_forbids_an_officer_to_review_progress_even_in_their_own_unit(world: World) -> None:
    task = _finance_task(world)
    report = services.progress_submit(actor=world.officer, task=task, percent=30, narrative="Đã tổng hợp")
    _denied(task, lambda: services.progress_review(actor=world.officer, report=report, approve=True))


def test_it_lets_only_the_addressed_unit_answer_a_coordination_request(world: World, health_officer: User) -> None:
    task = _finance_task(world)
    ask = services.coordination_request(actor=world.officer, task=task, to_unit=world.health, message="Đề nghị cung cấp số liệu", due_on=D(2026, 3, 20))
    _denied(task, lambda: services.coordination_answer(actor=world.head, request=ask, answer="Sở TC tự trả lời"))
    services.coordination_answer(actor=health_officer, request=ask, answer="Số liệu kèm theo")
    assert CoordinationRequest.objects.get(pk=ask.pk).answered_by == health_officer


def test_it_forbids_the_lead_units_head_to_decide_its_own_extension_or_completion(world: World) -> None:
    task = _finance_task(world)
    request = services.extension_request(actor=world.officer, task=task, proposed_deadline=D(2026, 4, 30), reason="Chờ số liệu")
    _denied(task, lambda: services.extension_decide(actor=world.head, request=request, approve=True))
    task = services.completion_request(actor=world.officer, task=task, note="Báo cáo số 12/BC-STC")
    _denied(task, lambda: services.completion_decide(actor=world.head, task=task, accept=True))
    _denied(task, lambda: services.completion_decide(actor=world.officer, task=task, accept=True))


# --- the merger: finance holds planning's duties --------------------------------------------------


def _planning_task(w: World) -> Task:
    task = services.task_create(
        actor=None, title="Tổng hợp kế hoạch đầu tư công trung hạn", issuer=w.committee, lead_unit=w.planning,
        allow_historical=True, **_fields(w),
    )
    return services.task_issue(actor=None, task=task)


def test_it_refuses_a_task_for_an_absorbed_unit_unless_history_is_allowed(world: World) -> None:
    tasks = Task.objects.count()
    with pytest.raises(DomainError, match="không còn hiệu lực"):
        services.task_create(actor=None, title="Tổng hợp kế hoạch đầu tư công", issuer=world.committee, lead_unit=world.planning, **_fields(world))
    assert Task.objects.count() == tasks


def test_it_lets_finance_work_on_a_task_assigned_to_the_planning_department_it_absorbed(world: World) -> None:
    task = _planning_task(world)
    assert task.lead_unit_id == world.planning.pk  # the task keeps the unit it was assigned to
    assert can(world.officer, Action.TASK_VIEW, task)
    task = services.task_receive(actor=world.officer, task=task)
    report = services.progress_submit(actor=world.officer, task=task, percent=50, narrative="Đã tổng hợp danh mục dự án")
    services.progress_review(actor=world.head, report=report, approve=True)
    task = services.completion_request(actor=world.officer, task=task, note="Báo cáo số 15/BC-STC")
    task = services.completion_decide(actor=world.committee_office, task=task, accept=True)
    assert (task.state, task.lead_unit_id) == (State.COMPLETED, world.planning.pk)


def test_it_forbids_health_to_work_on_a_task_of_the_planning_department(world: World, health_officer: User) -> None:
    task = _planning_task(world)
    assert not can(world.other_head, Action.TASK_VIEW, task)
    _denied(task, lambda: services.task_receive(actor=health_officer, task=task))
    _denied(task, lambda: services.task_receive(actor=world.other_head, task=task))


# --- delegates watch, they do not work ----------------------------------------------------------------


def test_it_lets_a_delegate_view_any_task_but_not_work_on_it(world: World) -> None:
    issued = _finance_task(world, receive=False)
    assert can(world.delegate, Action.TASK_VIEW, issued)
    _denied(issued, lambda: services.task_receive(actor=world.delegate, task=issued))
    received = services.task_receive(actor=world.officer, task=issued)
    _denied(received, lambda: services.progress_submit(actor=world.delegate, task=received, percent=10, narrative="Theo dõi"))
    _denied(received, lambda: services.completion_request(actor=world.delegate, task=received, note="Xong"))
    _denied(received, lambda: services.task_cancel(actor=world.delegate, task=received, reason="Không cần"))
    with pytest.raises(PermissionDenied):
        services.task_create(actor=world.delegate, title=TITLE, issuer=world.council, lead_unit=world.finance, **_fields(world))


# --- who issues for whom ----------------------------------------------------------------------


def _council_draft(w: World) -> Task:
    return services.task_create(actor=w.council_office, title="Báo cáo kết quả giải quyết kiến nghị cử tri", issuer=w.council, lead_unit=w.finance, **_fields(w))


def test_it_forbids_the_committee_office_to_issue_a_council_task(world: World) -> None:
    task = _council_draft(world)
    _denied(task, lambda: services.task_issue(actor=world.committee_office, task=task))
    _denied(task, lambda: services.task_update(actor=world.committee_office, task=task, expected_version=task.version, title="Sửa nội dung nhiệm vụ"))
    _denied(task, lambda: services.task_cancel(actor=world.committee_office, task=task, reason="Hủy"))


def test_it_lets_the_council_office_issue_a_council_task(world: World) -> None:
    task = services.task_issue(actor=world.council_office, task=_council_draft(world))
    assert task.state == State.ISSUED


def test_it_forbids_the_council_office_to_issue_a_committee_task(world: World) -> None:
    task = _finance_task(world, receive=False)
    _denied(task, lambda: services.task_cancel(actor=world.council_office, task=task, reason="Hủy"))


def test_it_forbids_the_committee_office_to_create_a_task_in_the_councils_name(world: World) -> None:
    tasks = Task.objects.count()
    with pytest.raises(PermissionDenied):
        services.task_create(actor=world.committee_office, title=TITLE, issuer=world.council, lead_unit=world.finance, **_fields(world))
    assert Task.objects.count() == tasks


def test_it_forbids_the_committee_office_to_move_its_draft_into_the_councils_name(world: World) -> None:
    task = services.task_create(actor=world.committee_office, title=TITLE, issuer=world.committee, lead_unit=world.finance, **_fields(world))
    _denied(task, lambda: services.task_update(actor=world.committee_office, task=task, expected_version=task.version, issuer=world.council))


def test_it_lets_a_unit_head_issue_in_their_own_units_name_only(world: World) -> None:
    own = services.task_create(
        actor=world.head, title="Rà soát hồ sơ quyết toán dự án", issuer=world.finance, lead_unit=world.finance, issue=True, **_fields(world)
    )
    assert own.state == State.ISSUED
    with pytest.raises(PermissionDenied):
        services.task_create(actor=world.head, title=TITLE, issuer=world.health, lead_unit=world.finance, **_fields(world))
    with pytest.raises(PermissionDenied):
        services.task_create(actor=world.officer, title=TITLE, issuer=world.finance, lead_unit=world.finance, **_fields(world))
