"""The official status of a task, derived from its state, deadline, completion date and today.

`derive_status` (Python), `status_expression` (SQL annotation) and `status_filter` (SQL WHERE)
are the same rule written three times; the matrix below pins the rule by hand and the
database test checks the three agree on every combination.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from tests.conftest import World
from thucthi.tasks.models import DeadlineKind, State, Status, Task
from thucthi.tasks.status import derive_status, status_expression, status_filter

TODAY = dt.date(2026, 3, 10)
DAY = dt.timedelta(days=1)

DEADLINES: dict[str, dt.date | None] = {
    "none": None,
    "future": TODAY + 5 * DAY,
    "today": TODAY,
    "past": TODAY - 5 * DAY,
}
COMPLETIONS = ("none", "before", "on", "after")


def _completed_on(deadline: dt.date | None, when: str) -> dt.date | None:
    """Completion date relative to the deadline (relative to today when there is none)."""
    anchor = deadline or TODAY
    return {"none": None, "before": anchor - DAY, "on": anchor, "after": anchor + DAY}[when]


NS, IP, OV = Status.NOT_STARTED, Status.IN_PROGRESS, Status.OVERDUE
OT, CL, CA = Status.COMPLETED_ON_TIME, Status.COMPLETED_LATE, Status.CANCELLED

# Hand-written: (state, deadline) → status for completed_on = (none, before, on, after) the deadline.
EXPECTED: dict[tuple[State, str], tuple[Status, Status, Status, Status]] = {
    # A draft has not started, whatever its dates say.
    (State.DRAFT, "none"): (NS, NS, NS, NS),
    (State.DRAFT, "future"): (NS, NS, NS, NS),
    (State.DRAFT, "today"): (NS, NS, NS, NS),
    (State.DRAFT, "past"): (NS, NS, NS, NS),
    # Issued and not received: not started until the deadline passes, then overdue.
    (State.ISSUED, "none"): (NS, NS, NS, NS),
    (State.ISSUED, "future"): (NS, NS, NS, NS),
    (State.ISSUED, "today"): (NS, NS, NS, NS),
    (State.ISSUED, "past"): (OV, OV, OV, OV),
    (State.RETURNED, "none"): (NS, NS, NS, NS),
    (State.RETURNED, "future"): (NS, NS, NS, NS),
    (State.RETURNED, "today"): (NS, NS, NS, NS),
    (State.RETURNED, "past"): (OV, OV, OV, OV),
    # Received: in progress up to and including the deadline day, overdue the day after.
    (State.RECEIVED, "none"): (IP, IP, IP, IP),
    (State.RECEIVED, "future"): (IP, IP, IP, IP),
    (State.RECEIVED, "today"): (IP, IP, IP, IP),
    (State.RECEIVED, "past"): (OV, OV, OV, OV),
    # Completion requested by the deadline: waiting for acceptance is not the unit's delay.
    (State.COMPLETION_REQUESTED, "none"): (IP, IP, IP, IP),
    (State.COMPLETION_REQUESTED, "future"): (IP, IP, IP, IP),
    (State.COMPLETION_REQUESTED, "today"): (IP, IP, IP, IP),
    (State.COMPLETION_REQUESTED, "past"): (OV, IP, IP, OV),
    # Completed: on time when completed on or before the deadline (or there is none).
    (State.COMPLETED, "none"): (OT, OT, OT, OT),
    (State.COMPLETED, "future"): (CL, OT, OT, CL),
    (State.COMPLETED, "today"): (CL, OT, OT, CL),
    (State.COMPLETED, "past"): (CL, OT, OT, CL),
    # Cancelled is cancelled.
    (State.CANCELLED, "none"): (CA, CA, CA, CA),
    (State.CANCELLED, "future"): (CA, CA, CA, CA),
    (State.CANCELLED, "today"): (CA, CA, CA, CA),
    (State.CANCELLED, "past"): (CA, CA, CA, CA),
}

MATRIX = [
    (state, dl, when, expected)
    for (state, dl), row in EXPECTED.items()
    for when, expected in zip(COMPLETIONS, row, strict=True)
]


def test_it_has_an_expectation_for_every_state_and_deadline() -> None:
    assert set(EXPECTED) == set(itertools.product(State, DEADLINES))


@pytest.mark.parametrize(("state", "deadline", "completed", "expected"), MATRIX, ids=str)
def test_it_derives_the_hand_written_status(state: State, deadline: str, completed: str, expected: Status) -> None:
    d = DEADLINES[deadline]
    assert derive_status(state=state, deadline=d, completed_on=_completed_on(d, completed), today=TODAY) == expected


# --- the cases that matter most, spelled out ------------------------------------------------


def test_it_marks_task_completed_on_the_deadline_day_on_time() -> None:
    deadline = dt.date(2026, 2, 26)
    status = derive_status(state=State.COMPLETED, deadline=deadline, completed_on=deadline, today=dt.date(2026, 3, 20))
    assert status == Status.COMPLETED_ON_TIME


def test_it_marks_task_completed_the_day_after_the_deadline_late() -> None:
    deadline = dt.date(2026, 2, 26)
    status = derive_status(state=State.COMPLETED, deadline=deadline, completed_on=dt.date(2026, 2, 27), today=dt.date(2026, 2, 27))
    assert status == Status.COMPLETED_LATE


def test_it_keeps_task_in_progress_while_a_timely_completion_request_waits_past_the_deadline() -> None:
    deadline, requested = dt.date(2026, 2, 26), dt.date(2026, 2, 25)
    waiting = derive_status(state=State.COMPLETION_REQUESTED, deadline=deadline, completed_on=requested, today=dt.date(2026, 3, 5))
    accepted = derive_status(state=State.COMPLETED, deadline=deadline, completed_on=requested, today=dt.date(2026, 3, 6))
    assert (waiting, accepted) == (Status.IN_PROGRESS, Status.COMPLETED_ON_TIME)


def test_it_marks_a_late_completion_request_overdue_while_it_waits() -> None:
    deadline = dt.date(2026, 2, 26)
    status = derive_status(state=State.COMPLETION_REQUESTED, deadline=deadline, completed_on=dt.date(2026, 2, 27), today=dt.date(2026, 3, 2))
    assert status == Status.OVERDUE


def test_it_marks_task_overdue_after_deadline() -> None:
    deadline = dt.date(2026, 2, 26)
    assert derive_status(state=State.RECEIVED, deadline=deadline, completed_on=None, today=deadline) == Status.IN_PROGRESS
    assert derive_status(state=State.RECEIVED, deadline=deadline, completed_on=None, today=deadline + DAY) == Status.OVERDUE


def test_it_marks_an_issued_task_nobody_received_overdue_once_the_deadline_passes() -> None:
    deadline = dt.date(2026, 2, 26)
    assert derive_status(state=State.ISSUED, deadline=deadline, completed_on=None, today=deadline) == Status.NOT_STARTED
    assert derive_status(state=State.ISSUED, deadline=deadline, completed_on=None, today=deadline + DAY) == Status.OVERDUE


def test_it_never_marks_a_draft_overdue() -> None:
    assert derive_status(state=State.DRAFT, deadline=dt.date(2020, 1, 1), completed_on=None, today=TODAY) == Status.NOT_STARTED


def test_it_never_marks_a_cancelled_task_overdue() -> None:
    assert derive_status(state=State.CANCELLED, deadline=dt.date(2020, 1, 1), completed_on=None, today=TODAY) == Status.CANCELLED


def test_it_never_marks_a_task_without_deadline_overdue() -> None:
    far = dt.date(2099, 1, 1)
    assert derive_status(state=State.RECEIVED, deadline=None, completed_on=None, today=far) == Status.IN_PROGRESS
    assert derive_status(state=State.COMPLETED, deadline=None, completed_on=dt.date(2098, 1, 1), today=far) == Status.COMPLETED_ON_TIME


# --- the SQL versions agree with the Python one --------------------------------------------------


@pytest.fixture
def matrix_tasks(world: World) -> dict[int, Status]:
    """One task per combination; returns pk → the status `derive_status` gives it."""
    rows = []
    for state, dl, when, _ in MATRIX:
        deadline = DEADLINES[dl]
        rows.append(
            Task(
                title=f"Nhiệm vụ {state} {dl} {when}",
                issuer=world.committee,
                lead_unit=world.finance,
                state=state,
                deadline=deadline,
                deadline_kind=DeadlineKind.NONE if deadline is None else DeadlineKind.DATE,
                completed_on=_completed_on(deadline, when),
            )
        )
    Task.objects.bulk_create(rows)
    tasks = Task.objects.all()
    assert len(tasks) == len(MATRIX)
    return {
        t.pk: derive_status(state=t.state, deadline=t.deadline, completed_on=t.completed_on, today=TODAY) for t in tasks
    }


def test_it_annotates_every_task_with_the_status_derive_status_gives(matrix_tasks: dict[int, Status]) -> None:
    annotated = dict(Task.objects.annotate(status=status_expression(TODAY)).values_list("pk", "status"))
    assert annotated == {pk: s.value for pk, s in matrix_tasks.items()}


@pytest.mark.parametrize("status", list(Status))
def test_it_filters_exactly_the_tasks_derive_status_puts_in_each_status(matrix_tasks: dict[int, Status], status: Status) -> None:
    expected = {pk for pk, s in matrix_tasks.items() if s == status}
    assert expected, f"the matrix has no task in {status}"
    assert set(Task.objects.filter(status_filter(status, TODAY)).values_list("pk", flat=True)) == expected
    by_annotation = set(Task.objects.annotate(s=status_expression(TODAY)).filter(s=status.value).values_list("pk", flat=True))
    assert by_annotation == expected


@pytest.mark.parametrize("status", list(Status))
def test_it_excludes_exactly_the_tasks_outside_each_status(matrix_tasks: dict[int, Status], status: Status) -> None:
    # Lists offer "not overdue": the negated filter must not lose rows to SQL's NULL logic.
    outside = {pk for pk, s in matrix_tasks.items() if s != status}
    assert set(Task.objects.exclude(status_filter(status, TODAY)).values_list("pk", flat=True)) == outside
    assert set(Task.objects.filter(~status_filter(status, TODAY)).values_list("pk", flat=True)) == outside


def test_it_puts_every_task_in_exactly_one_status_filter(matrix_tasks: dict[int, Status]) -> None:
    seen: dict[int, list[Status]] = {pk: [] for pk in matrix_tasks}
    for status in Status:
        for pk in Task.objects.filter(status_filter(status, TODAY)).values_list("pk", flat=True):
            seen[pk].append(status)
    assert all(len(found) == 1 for found in seen.values()), {pk: f for pk, f in seen.items() if len(f) != 1}
