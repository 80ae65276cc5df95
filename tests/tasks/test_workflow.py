"""A task's whole journey through `tasks.services`, played by the personas of `world`.

"Today" is moved with the clock's own handle (`thucthi.core.clock.travel`). Every refusal is checked to
leave nothing behind: the task's fields, its timeline, the audit chain and every related row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.utils import translation

from tests.conftest import World
from thucthi.audit.models import AuditRecord
from thucthi.audit.services import audit_verify, snapshot
from thucthi.core import clock as core_clock
from thucthi.core.clock import Travel as Clock
from thucthi.core.errors import DomainError
from thucthi.tasks import services
from thucthi.tasks.models import (
    Coordination,
    CoordinationRequest,
    DeadlineChange,
    DeadlineKind,
    Decision,
    EventKind,
    ExtensionRequest,
    ProductKind,
    ProgressReport,
    ReviewState,
    State,
    Status,
    Task,
    TaskEvent,
)
from thucthi.tasks.services import CoordinationInput
from thucthi.tasks.status import derive_status, status_expression

D = dt.date
TITLE = "Xây dựng phương án phân bổ vốn đầu tư công năm 2026"
PRODUCT = "Tờ trình UBND tỉnh về phương án phân bổ vốn"


@pytest.fixture
def clock() -> Iterator[Clock]:
    with core_clock.travel(D(2026, 2, 10)) as t:
        yield t


@pytest.fixture(autouse=True)
def return_days(settings: Any) -> int:
    settings.TASK_RETURN_DAYS = 3
    return 3


def _footprint(task: Task) -> dict[str, Any]:
    """Everything a service may write, so a refusal can be shown to have written nothing."""
    fresh = Task.objects.get(pk=task.pk)
    return {
        "task": snapshot(fresh),
        "tasks": Task.objects.count(),
        "events": list(TaskEvent.objects.values_list("pk", "kind")),
        "audit": AuditRecord.objects.count(),
        "reports": list(ProgressReport.objects.values_list("pk", "review", "review_note", "reviewed_by")),
        "extensions": list(ExtensionRequest.objects.values_list("pk", "decision", "decided_by", "decision_note")),
        "coordination_requests": list(CoordinationRequest.objects.values_list("pk", "answer", "answered_on")),
        "deadline_changes": list(DeadlineChange.objects.values_list("pk", "old_deadline", "new_deadline")),
        "coordinations": list(Coordination.objects.values_list("pk", "unit", "duty")),
    }


def _refused(task: Task, call: Callable[[], object], match: str | None = None) -> DomainError:
    before = _footprint(task)
    with pytest.raises(DomainError, match=match) as caught:
        call()
    assert _footprint(task) == before
    return caught.value


def _status(task: Task, today: dt.date) -> Status:
    """The status, from Python and from SQL, which must agree."""
    fresh = Task.objects.get(pk=task.pk)
    python = derive_status(state=fresh.state, deadline=fresh.deadline, completed_on=fresh.completed_on, today=today)
    sql = Task.objects.annotate(s=status_expression(today)).values_list("s", flat=True).get(pk=task.pk)
    assert sql == python.value
    return python


def _draft(w: World, **fields: Any) -> Task:
    values: dict[str, Any] = {
        "accepting_unit": w.committee,
        "responsible": w.officer.person,
        "expected_product": PRODUCT,
        "deadline_kind": DeadlineKind.DATE,
        "deadline": D(2026, 2, 26),
        **fields,
    }
    return services.task_create(actor=w.committee_office, title=TITLE, issuer=w.committee, lead_unit=w.finance, **values)


def _received(w: World, clock: Clock, **fields: Any) -> Task:
    """Issued Thu 12/02/2026 (deadline 26/02 unless told), received Fri 13/02."""
    clock.to(D(2026, 2, 12))
    task = services.task_issue(actor=w.committee_office, task=_draft(w, **fields))
    clock.to(D(2026, 2, 13))
    return services.task_receive(actor=w.officer, task=task)


# --- the whole journey -----------------------------------------------------------------------


def test_it_takes_a_task_from_draft_to_completed_on_time(world: World, clock: Clock) -> None:
    w = world
    # 10/02/2026: the committee office drafts a task without a responsible person or a product.
    task = services.task_create(
        actor=w.committee_office, title=TITLE, issuer=w.committee, lead_unit=w.finance, accepting_unit=w.committee,
        deadline_kind=DeadlineKind.WORKING_DAYS, working_days=5,
        coordinations=[CoordinationInput(w.health, duty="Cung cấp số liệu đầu tư ngành y tế", deadline=D(2026, 2, 24))],
    )
    assert (task.state, task.issued_on, task.deadline) == (State.DRAFT, None, None)
    assert [c.key for c in services.missing_clears(task)] == ["person", "product"]
    assert list(task.coordinations.values_list("unit", "duty")) == [(w.health.pk, "Cung cấp số liệu đầu tư ngành y tế")]
    assert _status(task, clock.day) == Status.NOT_STARTED

    with translation.override("vi"):
        error = _refused(task, lambda: services.task_issue(actor=w.committee_office, task=task), match="6 rõ")
    assert "Rõ người" in error.message and "Rõ sản phẩm" in error.message
    for present in ("Rõ việc", "Rõ thời gian", "Rõ trách nhiệm", "Rõ thẩm quyền"):
        assert present not in error.message

    task = services.task_update(
        actor=w.committee_office, task=task, expected_version=task.version,
        responsible=w.officer.person, expected_product=PRODUCT, product_kind=ProductKind.SUBMISSION,
    )
    assert services.missing_clears(task) == []

    # Thu 12/02/2026: issued. 5 working days: Fri 13 = 1; 14-22 weekend + Tết; Mon 23 = 2,
    # Tue 24 = 3, Wed 25 = 4, Thu 26/02 = 5.
    clock.to(D(2026, 2, 12))
    task = services.task_issue(actor=w.committee_office, task=task)
    assert (task.state, task.issued_on) == (State.ISSUED, D(2026, 2, 12))
    assert task.deadline == task.original_deadline == D(2026, 2, 26)
    assert _status(task, clock.day) == Status.NOT_STARTED

    # Fri 13/02: the finance officer receives it.
    clock.to(D(2026, 2, 13))
    task = services.task_receive(actor=w.officer, task=task)
    assert (task.state, task.received_on) == (State.RECEIVED, D(2026, 2, 13))
    assert _status(task, clock.day) == Status.IN_PROGRESS

    # Progress: the head approves one report, returns another with a note.
    first = services.progress_submit(actor=w.officer, task=task, percent=40, narrative="Đã tổng hợp nhu cầu vốn của các sở")
    assert Task.objects.get(pk=task.pk).progress == 0  # not until approved
    services.progress_review(actor=w.head, report=first, approve=True)
    first.refresh_from_db()
    assert (first.review, first.reviewed_by) == (ReviewState.APPROVED, w.head)
    assert Task.objects.get(pk=task.pk).progress == 40

    second = services.progress_submit(actor=w.officer, task=task, percent=70, narrative="Đã dự thảo phương án")
    _refused(task, lambda: services.progress_review(actor=w.head, report=second, approve=False, note="  "), match="ý kiến")
    services.progress_review(actor=w.head, report=second, approve=False, note="Bổ sung số liệu giải ngân quý I")
    second.refresh_from_db()
    assert (second.review, second.review_note) == (ReviewState.RETURNED, "Bổ sung số liệu giải ngân quý I")
    assert Task.objects.get(pk=task.pk).progress == 40
    _refused(task, lambda: services.progress_review(actor=w.head, report=second, approve=True), match="đã được duyệt")

    # The officer asks health, the coordinating unit, for its figures; health's head answers.
    _refused(task, lambda: services.coordination_request(
        actor=w.officer, task=task, to_unit=w.committee, message="Đề nghị cho ý kiến", due_on=D(2026, 2, 24)), match="không phải cơ quan phối hợp")
    _refused(task, lambda: services.coordination_request(
        actor=w.officer, task=task, to_unit=w.health, message="Đề nghị cung cấp số liệu", due_on=D(2026, 2, 12)), match="trước hôm nay")
    ask = services.coordination_request(
        actor=w.officer, task=task, to_unit=w.health, message="Đề nghị cung cấp số liệu đầu tư ngành y tế", due_on=D(2026, 2, 24)
    )
    clock.to(D(2026, 2, 23))
    services.coordination_answer(actor=w.other_head, request=ask, answer="Gửi kèm số liệu theo Công văn số 123/SYT")
    ask.refresh_from_db()
    assert (ask.answered_by, ask.answered_on, ask.answer) == (w.other_head, D(2026, 2, 23), "Gửi kèm số liệu theo Công văn số 123/SYT")
    _refused(task, lambda: services.coordination_answer(actor=w.other_head, request=ask, answer="Lần nữa"), match="đã được trả lời")

    # Wed 25/02, before the deadline: extension asked, approved by the issuer.
    clock.to(D(2026, 2, 25))
    _refused(task, lambda: services.extension_request(
        actor=w.officer, task=task, proposed_deadline=D(2026, 2, 26), reason="Chờ số liệu"), match="sau thời hạn hiện tại")
    request = services.extension_request(actor=w.officer, task=task, proposed_deadline=D(2026, 3, 13), reason="Chờ số liệu quyết toán")
    assert request.current_deadline == D(2026, 2, 26)
    _refused(task, lambda: services.extension_request(
        actor=w.officer, task=task, proposed_deadline=D(2026, 3, 20), reason="Thêm nữa"), match="đang chờ")
    services.extension_decide(actor=w.committee_office, request=request, approve=True)
    request.refresh_from_db()
    task.refresh_from_db()
    assert (request.decision, request.decided_by) == (Decision.APPROVED, w.committee_office)
    assert (task.deadline, task.original_deadline) == (D(2026, 3, 13), D(2026, 2, 26))
    assert list(task.deadline_changes.values_list("old_deadline", "new_deadline", "changed_by")) == [
        (D(2026, 2, 26), D(2026, 3, 13), w.committee_office.pk)
    ]
    # Past the original deadline but within the extended one: still in progress.
    clock.to(D(2026, 3, 2))
    assert _status(task, clock.day) == Status.IN_PROGRESS

    # Fri 13/03, the (extended) deadline day: completion requested; accepted Tue 17/03.
    clock.to(D(2026, 3, 13))
    _refused(task, lambda: services.completion_request(actor=w.officer, task=task, note=" "), match="sản phẩm")
    task = services.completion_request(actor=w.officer, task=task, note="Tờ trình số 45/TTr-STC ngày 13/03/2026")
    assert (task.state, task.completed_on) == (State.COMPLETION_REQUESTED, D(2026, 3, 13))
    _refused(task, lambda: services.progress_submit(actor=w.officer, task=task, percent=90, narrative="Muộn"), match="chưa đề nghị hoàn thành")
    clock.to(D(2026, 3, 17))
    assert _status(task, clock.day) == Status.IN_PROGRESS  # waiting is the acceptor's delay, not the unit's
    task = services.completion_decide(actor=w.committee_office, task=task, accept=True)
    assert (task.state, task.completed_on) == (State.COMPLETED, D(2026, 3, 13))
    assert Task.objects.get(pk=task.pk).progress == 100
    assert _status(task, clock.day) == Status.COMPLETED_ON_TIME

    assert list(task.events.order_by("id").values_list("kind", flat=True)) == [
        EventKind.CREATED, EventKind.UPDATED, EventKind.ISSUED, EventKind.RECEIVED,
        EventKind.PROGRESS, EventKind.PROGRESS_REVIEWED, EventKind.PROGRESS, EventKind.PROGRESS_RETURNED,
        EventKind.COORDINATION_REQUESTED, EventKind.COORDINATION_ANSWERED,
        EventKind.EXTENSION_REQUESTED, EventKind.EXTENSION_DECIDED,
        EventKind.COMPLETION_REQUESTED, EventKind.COMPLETION_ACCEPTED,
    ]
    actions = list(AuditRecord.objects.filter(object_type="tasks.task", object_id=str(task.pk)).order_by("seq").values_list("action", flat=True))
    assert actions == [
        "tasks.task.create", "tasks.task.update", "tasks.task.issue", "tasks.task.receive", "tasks.task.progress",
        "tasks.task.extend", "tasks.task.request_completion", "tasks.task.decide_completion",
    ]
    assert audit_verify().ok


# --- issue ----------------------------------------------------------------------------------


def test_it_issues_a_complete_task_on_creation(world: World, clock: Clock) -> None:
    clock.to(D(2026, 2, 12))
    task = services.task_create(
        actor=world.committee_office, title=TITLE, issuer=world.committee, lead_unit=world.finance, accepting_unit=world.committee,
        responsible=world.officer.person, expected_product=PRODUCT, deadline_kind=DeadlineKind.WORKING_DAYS, working_days=1, issue=True,
    )
    # Thu 12/02 + 1 working day = Fri 13/02.
    assert (task.state, task.issued_on, task.deadline) == (State.ISSUED, D(2026, 2, 12), D(2026, 2, 13))


def test_it_lists_every_missing_clear_of_an_empty_draft(world: World, clock: Clock) -> None:
    task = services.task_create(actor=world.committee_office, title="Ngắn", issuer=world.committee, lead_unit=world.finance)
    with translation.override("vi"):
        error = _refused(task, lambda: services.task_issue(actor=world.committee_office, task=task))
    # The lead unit and the issuer are there; the rest is missing.
    assert [c.key for c in services.missing_clears(task)] == ["person", "work", "time", "authority", "product"]
    for label in ("Rõ người", "Rõ việc", "Rõ thời gian", "Rõ thẩm quyền", "Rõ sản phẩm"):
        assert label in error.message
    assert "Rõ trách nhiệm" not in error.message


def test_it_refuses_to_issue_a_task_twice(world: World, clock: Clock) -> None:
    task = services.task_issue(actor=world.committee_office, task=_draft(world))
    _refused(task, lambda: services.task_issue(actor=world.committee_office, task=task), match="dự thảo")


def test_it_refuses_to_strip_an_issued_task_of_one_of_its_clears(world: World, clock: Clock) -> None:
    task = services.task_issue(actor=world.committee_office, task=_draft(world))
    _refused(task, lambda: services.task_update(actor=world.committee_office, task=task, expected_version=task.version, expected_product=""), match="6 rõ")


def test_it_records_a_deadline_change_when_the_issuer_edits_an_issued_task(world: World, clock: Clock) -> None:
    task = services.task_issue(actor=world.committee_office, task=_draft(world))
    task = services.task_update(actor=world.committee_office, task=task, expected_version=task.version, deadline=D(2026, 3, 6))
    task.refresh_from_db()
    assert (task.deadline, task.original_deadline) == (D(2026, 3, 6), D(2026, 2, 26))
    assert list(task.deadline_changes.values_list("old_deadline", "new_deadline")) == [(D(2026, 2, 26), D(2026, 3, 6))]


def test_it_refuses_to_edit_a_received_task(world: World, clock: Clock) -> None:
    task = _received(world, clock)
    _refused(task, lambda: services.task_update(actor=world.committee_office, task=task, expected_version=task.version, deadline=D(2026, 3, 6)), match="tiếp nhận")


# --- optimistic locking ---------------------------------------------------------------------------


def test_it_refuses_the_second_of_two_edits_made_from_the_same_version(world: World, clock: Clock) -> None:
    task = _draft(world)
    version = task.version
    stale = Task.objects.get(pk=task.pk)
    services.task_update(actor=world.committee_office, task=task, expected_version=version, title="Phương án phân bổ vốn (bản của Bình)")
    audit_before = AuditRecord.objects.count()
    _refused(
        stale,
        lambda: services.task_update(actor=world.committee_office, task=stale, expected_version=version, title="Phương án (bản khác)", deadline=D(2026, 3, 31)),
        match="người khác cập nhật",
    )
    fresh = Task.objects.get(pk=task.pk)
    assert (fresh.title, fresh.deadline, fresh.version) == ("Phương án phân bổ vốn (bản của Bình)", D(2026, 2, 26), version + 1)
    assert AuditRecord.objects.count() == audit_before


def test_it_raises_the_version_on_every_saved_change(world: World, clock: Clock) -> None:
    task = _draft(world)
    v = task.version
    task = services.task_update(actor=world.committee_office, task=task, expected_version=v, title=TITLE + " (sửa)")
    assert task.version == Task.objects.get(pk=task.pk).version == v + 1
    task = services.task_issue(actor=world.committee_office, task=task)
    assert task.version == Task.objects.get(pk=task.pk).version == v + 2
    # An edit started before the issue is now stale.
    _refused(task, lambda: services.task_update(actor=world.committee_office, task=task, expected_version=v + 1, title=TITLE), match="người khác")


# --- no deadline --------------------------------------------------------------------------------


def test_it_requires_a_reason_and_inactivity_days_for_a_task_without_deadline(world: World, clock: Clock) -> None:
    task = _draft(world, deadline_kind=DeadlineKind.NONE, deadline=None)
    assert [c.key for c in services.missing_clears(task)] == ["time"]
    with translation.override("vi"):
        error = _refused(task, lambda: services.task_issue(actor=world.committee_office, task=task), match="Rõ thời gian")
    assert "Rõ người" not in error.message

    task = services.task_update(actor=world.committee_office, task=task, expected_version=task.version, no_deadline_reason="Nhiệm vụ thường xuyên")
    _refused(task, lambda: services.task_issue(actor=world.committee_office, task=task), match="Rõ thời gian")
    task = services.task_update(actor=world.committee_office, task=task, expected_version=task.version, no_deadline_reason="   ", inactivity_days=30)
    _refused(task, lambda: services.task_issue(actor=world.committee_office, task=task), match="Rõ thời gian")

    task = services.task_update(actor=world.committee_office, task=task, expected_version=task.version, no_deadline_reason="Nhiệm vụ thường xuyên")
    clock.to(D(2026, 2, 12))
    task = services.task_issue(actor=world.committee_office, task=task)
    assert (task.state, task.deadline, task.original_deadline) == (State.ISSUED, None, None)
    task = services.task_receive(actor=world.officer, task=task)
    assert _status(task, D(2030, 1, 1)) == Status.IN_PROGRESS


def test_it_refuses_a_date_on_a_task_without_deadline(world: World, clock: Clock) -> None:
    tasks = Task.objects.count()
    with pytest.raises(DomainError, match="không thời hạn"):
        _draft(world, deadline_kind=DeadlineKind.NONE, deadline=D(2026, 3, 1), no_deadline_reason="Thường xuyên", inactivity_days=30)
    assert Task.objects.count() == tasks
    assert not TaskEvent.objects.exists()


# --- return ------------------------------------------------------------------------------------


def test_it_lets_the_lead_return_a_task_on_the_last_day_allowed(world: World, clock: Clock, return_days: int) -> None:
    task = _received(world, clock)
    # Issued Thu 12/02; 3 working days: Fri 13 = 1; 14-22 off; Mon 23 = 2; Tue 24/02 = 3.
    clock.to(D(2026, 2, 24))
    _refused(task, lambda: services.task_return(actor=world.officer, task=task, reason="  "), match="lý do")
    task = services.task_return(actor=world.officer, task=task, reason="Thuộc chức năng của Sở Y tế")
    assert (task.state, task.received_on) == (State.RETURNED, None)
    assert task.events.order_by("-id").values_list("kind", "note").first() == (EventKind.RETURNED, "Thuộc chức năng của Sở Y tế")
    assert _status(task, clock.day) == Status.NOT_STARTED

    # The issuer corrects it: back to issued, and it can be received again.
    task = services.task_update(actor=world.committee_office, task=task, expected_version=task.version, description="Làm rõ phạm vi")
    assert Task.objects.get(pk=task.pk).state == State.ISSUED
    task = services.task_receive(actor=world.officer, task=task)
    assert (task.state, task.received_on) == (State.RECEIVED, D(2026, 2, 24))


def test_it_refuses_to_return_a_task_after_the_allowed_working_days(world: World, clock: Clock, return_days: int) -> None:
    task = _received(world, clock)
    clock.to(D(2026, 2, 25))  # the 4th working day after 12/02
    _refused(task, lambda: services.task_return(actor=world.officer, task=task, reason="Giao nhầm"), match="24/02/2026")


def test_it_reads_the_return_window_from_the_setting(world: World, clock: Clock, settings: Any) -> None:
    settings.TASK_RETURN_DAYS = 1
    task = _received(world, clock)
    # Issued Thu 12/02; 1 working day: Fri 13/02. Mon 23/02 is already too late.
    clock.to(D(2026, 2, 23))
    _refused(task, lambda: services.task_return(actor=world.officer, task=task, reason="Giao nhầm"), match="13/02/2026")


def test_it_lets_the_lead_return_an_issued_task_it_has_not_received(world: World, clock: Clock) -> None:
    clock.to(D(2026, 2, 12))
    task = services.task_issue(actor=world.committee_office, task=_draft(world))
    clock.to(D(2026, 2, 13))
    task = services.task_return(actor=world.officer, task=task, reason="Giao nhầm")
    assert task.state == State.RETURNED


# --- extension ----------------------------------------------------------------------------------


def test_it_accepts_an_extension_request_on_the_deadline_day(world: World, clock: Clock) -> None:
    task = _received(world, clock)
    clock.to(D(2026, 2, 26))
    request = services.extension_request(actor=world.officer, task=task, proposed_deadline=D(2026, 3, 6), reason="Chờ số liệu")
    assert request.decision == Decision.PENDING


def test_it_refuses_an_extension_requested_after_the_deadline(world: World, clock: Clock) -> None:
    task = _received(world, clock)
    clock.to(D(2026, 2, 27))
    _refused(task, lambda: services.extension_request(
        actor=world.officer, task=task, proposed_deadline=D(2026, 3, 13), reason="Chờ số liệu"), match="trước khi hết hạn")


def test_it_keeps_the_deadline_when_the_issuer_rejects_an_extension(world: World, clock: Clock) -> None:
    task = _received(world, clock)
    clock.to(D(2026, 2, 20))
    request = services.extension_request(actor=world.officer, task=task, proposed_deadline=D(2026, 3, 13), reason="Chờ số liệu")
    _refused(task, lambda: services.extension_decide(actor=world.committee_office, request=request, approve=False), match="lý do")
    services.extension_decide(actor=world.committee_office, request=request, approve=False, note="Đủ thời gian")
    request.refresh_from_db()
    task.refresh_from_db()
    assert (request.decision, request.decision_note) == (Decision.REJECTED, "Đủ thời gian")
    assert task.deadline == D(2026, 2, 26)
    assert not task.deadline_changes.exists()
    _refused(task, lambda: services.extension_decide(actor=world.committee_office, request=request, approve=True), match="đã được quyết định")


def test_it_grants_a_different_deadline_than_proposed_but_never_an_earlier_one(world: World, clock: Clock) -> None:
    task = _received(world, clock)
    clock.to(D(2026, 2, 20))
    request = services.extension_request(actor=world.officer, task=task, proposed_deadline=D(2026, 3, 13), reason="Chờ số liệu")
    _refused(task, lambda: services.extension_decide(
        actor=world.committee_office, request=request, approve=True, new_deadline=D(2026, 2, 26)), match="sau thời hạn hiện tại")
    services.extension_decide(actor=world.committee_office, request=request, approve=True, new_deadline=D(2026, 3, 6))
    task.refresh_from_db()
    assert (task.deadline, task.original_deadline) == (D(2026, 3, 6), D(2026, 2, 26))


# --- completion -----------------------------------------------------------------------------------


def test_it_marks_a_task_completed_late_when_completion_is_requested_after_the_deadline(world: World, clock: Clock) -> None:
    task = _received(world, clock)
    clock.to(D(2026, 2, 27))
    task = services.completion_request(actor=world.officer, task=task, note="Tờ trình số 50/TTr-STC")
    assert task.completed_on == D(2026, 2, 27)
    clock.to(D(2026, 3, 2))
    assert _status(task, clock.day) == Status.OVERDUE
    task = services.completion_decide(actor=world.committee_office, task=task, accept=True)
    assert _status(task, clock.day) == Status.COMPLETED_LATE


def test_it_sends_a_rejected_completion_back_to_work(world: World, clock: Clock) -> None:
    task = _received(world, clock)
    clock.to(D(2026, 2, 25))
    task = services.completion_request(actor=world.officer, task=task, note="Tờ trình số 50/TTr-STC")
    _refused(task, lambda: services.completion_decide(actor=world.committee_office, task=task, accept=False, note=""), match="lý do")
    task = services.completion_decide(actor=world.committee_office, task=task, accept=False, note="Thiếu phụ lục số liệu")
    assert (task.state, task.completed_on) == (State.RECEIVED, None)
    clock.to(D(2026, 2, 27))
    assert _status(task, clock.day) == Status.OVERDUE
    _refused(task, lambda: services.completion_decide(actor=world.committee_office, task=task, accept=True), match="chưa được đề nghị")


def test_it_refuses_progress_and_completion_before_the_task_is_received(world: World, clock: Clock) -> None:
    clock.to(D(2026, 2, 12))
    task = services.task_issue(actor=world.committee_office, task=_draft(world))
    _refused(task, lambda: services.progress_submit(actor=world.officer, task=task, percent=10, narrative="Bắt đầu"), match="đã tiếp nhận")
    _refused(task, lambda: services.completion_request(actor=world.officer, task=task, note="Xong"), match="đang thực hiện")


def test_it_refuses_a_progress_percent_outside_0_to_100(world: World, clock: Clock) -> None:
    task = _received(world, clock)
    _refused(task, lambda: services.progress_submit(actor=world.officer, task=task, percent=101, narrative="Vượt"), match="0 đến 100")
    _refused(task, lambda: services.progress_submit(actor=world.officer, task=task, percent=50, narrative="  "), match="kết quả")


def test_it_keeps_a_completed_task_at_100_percent_when_an_older_report_is_approved_late(world: World, clock: Clock) -> None:
    task = _received(world, clock)
    report = services.progress_submit(actor=world.officer, task=task, percent=60, narrative="Đã dự thảo phương án")
    task = services.completion_request(actor=world.officer, task=task, note="Tờ trình số 50/TTr-STC")
    task = services.completion_decide(actor=world.committee_office, task=task, accept=True)
    services.progress_review(actor=world.head, report=report, approve=True)
    report.refresh_from_db()
    assert report.review == ReviewState.APPROVED
    assert Task.objects.get(pk=task.pk).progress == 100


# --- cancel ---------------------------------------------------------------------------------------


def test_it_cancels_an_open_task_with_a_reason_and_only_once(world: World, clock: Clock) -> None:
    task = _received(world, clock, coordinations=[CoordinationInput(world.health, duty="Cung cấp số liệu")])
    _refused(task, lambda: services.task_cancel(actor=world.committee_office, task=task, reason=""), match="lý do")
    task = services.task_cancel(actor=world.committee_office, task=task, reason="Không còn phù hợp")
    assert (task.state, task.cancelled_on) == (State.CANCELLED, D(2026, 2, 13))
    assert _status(task, D(2026, 12, 31)) == Status.CANCELLED
    _refused(task, lambda: services.task_cancel(actor=world.committee_office, task=task, reason="Lần nữa"), match="kết thúc")
    _refused(task, lambda: services.coordination_request(
        actor=world.officer, task=task, to_unit=world.health, message="Phối hợp", due_on=D(2026, 3, 1)), match="không còn đang thực hiện")


def test_it_refuses_to_cancel_a_completed_task(world: World, clock: Clock) -> None:
    task = _received(world, clock)
    task = services.completion_request(actor=world.officer, task=task, note="Tờ trình số 50/TTr-STC")
    task = services.completion_decide(actor=world.committee_office, task=task, accept=True)
    _refused(task, lambda: services.task_cancel(actor=world.committee_office, task=task, reason="Không còn phù hợp"), match="kết thúc")
    assert _status(task, D(2026, 3, 1)) == Status.COMPLETED_ON_TIME


def test_it_counts_blank_text_as_a_missing_clear(world: World, clock: Clock) -> None:
    # A title of fewer than 10 letters does not say what the work is; spaces name no product.
    task = _draft(world, expected_product="   ")
    task = services.task_update(actor=world.committee_office, task=task, expected_version=task.version, title="   Báo cáo   ")
    assert [c.key for c in services.missing_clears(task)] == ["work", "product"]
    _refused(task, lambda: services.task_issue(actor=world.committee_office, task=task), match="6 rõ")


def test_it_refuses_to_remove_the_issuer_of_a_draft(world: World, clock: Clock) -> None:
    task = _draft(world)
    error = _refused(task, lambda: services.task_update(actor=None, task=task, expected_version=task.version, issuer=None), match="cơ quan giao")
    assert error.field == "issuer"
