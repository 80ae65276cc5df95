"""The official status of a task, derived from its facts and today's date.

Four official states (Hướng dẫn theo dõi nhiệm vụ: đang thực hiện trong hạn, quá hạn, hoàn
thành đúng hạn, hoàn thành quá hạn) plus not started and cancelled. The same rule exists twice
on purpose: `derive_status` for one task in Python, `status_expression` for a queryset in SQL;
`tests/test_task_status.py` checks that they agree on every combination.

- A task whose completion was requested on or before its deadline is not overdue while it
  waits for acceptance: the delay is the accepting authority's, not the unit's.
- An issued (or returned) task nobody has received is "not started" until its deadline
  passes; then it is overdue like any other.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, CharField, F, Q, Value, When

from thucthi.tasks.models import State, Status


def derive_status(
    *, state: str, deadline: dt.date | None, completed_on: dt.date | None, today: dt.date
) -> Status:
    if state == State.CANCELLED:
        return Status.CANCELLED
    if state == State.COMPLETED:
        if deadline is None or (completed_on is not None and completed_on <= deadline):
            return Status.COMPLETED_ON_TIME
        return Status.COMPLETED_LATE
    if state == State.DRAFT:
        return Status.NOT_STARTED
    if state == State.COMPLETION_REQUESTED and deadline is not None and completed_on is not None and completed_on <= deadline:
        return Status.IN_PROGRESS
    if deadline is not None and today > deadline:
        return Status.OVERDUE
    if state in (State.ISSUED, State.RETURNED):
        return Status.NOT_STARTED
    return Status.IN_PROGRESS


def status_expression(today: dt.date) -> Case:
    on_time = Q(deadline__isnull=True) | Q(completed_on__lte=F("deadline"))
    return Case(
        When(state=State.CANCELLED, then=Value(Status.CANCELLED.value)),
        When(Q(state=State.COMPLETED) & on_time, then=Value(Status.COMPLETED_ON_TIME.value)),
        When(state=State.COMPLETED, then=Value(Status.COMPLETED_LATE.value)),
        When(state=State.DRAFT, then=Value(Status.NOT_STARTED.value)),
        When(state=State.COMPLETION_REQUESTED, deadline__isnull=False, completed_on__lte=F("deadline"), then=Value(Status.IN_PROGRESS.value)),
        When(deadline__lt=today, then=Value(Status.OVERDUE.value)),
        When(state__in=[State.ISSUED, State.RETURNED], then=Value(Status.NOT_STARTED.value)),
        default=Value(Status.IN_PROGRESS.value),
        output_field=CharField(),
    )


def status_filter(status: Status, today: dt.date) -> Q:
    """The same rule as a WHERE clause, so a filtered list can use the (unit, state, deadline) indexes."""
    requested_in_time = Q(state=State.COMPLETION_REQUESTED, deadline__isnull=False, completed_on__lte=F("deadline"))
    open_states = [State.ISSUED, State.RECEIVED, State.RETURNED, State.COMPLETION_REQUESTED]
    on_time = Q(deadline__isnull=True) | Q(completed_on__lte=F("deadline"))
    if status == Status.CANCELLED:
        return Q(state=State.CANCELLED)
    if status == Status.COMPLETED_ON_TIME:
        return Q(state=State.COMPLETED) & on_time
    if status == Status.COMPLETED_LATE:
        return Q(state=State.COMPLETED) & ~on_time
    if status == Status.OVERDUE:
        return Q(state__in=open_states, deadline__lt=today) & ~requested_in_time
    not_overdue = Q(deadline__isnull=True) | Q(deadline__gte=today) | requested_in_time
    if status == Status.NOT_STARTED:
        return Q(state=State.DRAFT) | (Q(state__in=[State.ISSUED, State.RETURNED]) & not_overdue)
    return (Q(state__in=[State.RECEIVED, State.COMPLETION_REQUESTED]) & not_overdue)
