"""The official status of a task, derived from its facts and today's date.

Four official states (Hướng dẫn theo dõi nhiệm vụ: đang thực hiện trong hạn, quá hạn, hoàn
thành đúng hạn, hoàn thành quá hạn) plus not started and cancelled. The same rule exists twice
on purpose: `derive_status` for one task in Python, `status_expression` for a queryset in SQL;
`tests/tasks/test_status.py` checks that they agree on every combination.

- A task whose completion was requested on or before its deadline is not overdue while it
  waits for acceptance: the delay is the accepting authority's, not the unit's.
- An issued (or returned) task nobody has received is "not started" until its deadline
  passes; then it is overdue like any other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import BooleanField, CharField, Expression, F, Q

from thucthi.tasks.models import State, Status

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler


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


class _OnThreeColumns(Expression):
    """An expression read on a day from a task's state, deadline and completion date: only those
    three columns are resolved by the ORM; the SQL around them is fixed text."""

    def __init__(self, today: dt.date, state: Any = None, deadline: Any = None, completed_on: Any = None) -> None:
        super().__init__()
        self.today = today
        self.state: Any = F("state") if state is None else state
        self.deadline: Any = F("deadline") if deadline is None else deadline
        self.completed_on: Any = F("completed_on") if completed_on is None else completed_on

    def get_source_expressions(self) -> list[Any]:
        return [self.state, self.deadline, self.completed_on]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.state, self.deadline, self.completed_on = exprs


class _StatusExpression(_OnThreeColumns):
    """The CASE of `status_expression`, written out from three columns.

    The same CASE built from `Case(When(Q…))` is resolved condition by condition (eight
    `Q`s through the ORM's filter machinery) every time a list is annotated: about 0.4 ms of
    Python per request, a sixth of an inbox page (docs/performance.md, tasks). Here only the
    three columns are resolved; the SQL text is fixed. `tests/tasks/test_status.py` checks
    it against `derive_status` on every combination.
    """

    output_field = CharField()

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, tuple[Any, ...]]:
        state, state_params = compiler.compile(self.state)
        deadline, deadline_params = compiler.compile(self.deadline)
        completed, completed_params = compiler.compile(self.completed_on)
        assert not (state_params or deadline_params or completed_params), "status_expression reads plain columns"

        def q(value: str) -> str:
            return "'" + value + "'"  # the enums' own values: letters and underscores only

        on_time = f"({deadline} IS NULL OR {completed} <= {deadline})"
        sql = (
            f"CASE WHEN {state} = {q(State.CANCELLED)} THEN {q(Status.CANCELLED)}"
            f" WHEN {state} = {q(State.COMPLETED)} AND {on_time} THEN {q(Status.COMPLETED_ON_TIME)}"
            f" WHEN {state} = {q(State.COMPLETED)} THEN {q(Status.COMPLETED_LATE)}"
            f" WHEN {state} = {q(State.DRAFT)} THEN {q(Status.NOT_STARTED)}"
            f" WHEN {state} = {q(State.COMPLETION_REQUESTED)} AND {deadline} IS NOT NULL AND {completed} <= {deadline}"
            f" THEN {q(Status.IN_PROGRESS)}"
            f" WHEN {deadline} < %s THEN {q(Status.OVERDUE)}"
            f" WHEN {state} IN ({q(State.ISSUED)}, {q(State.RETURNED)}) THEN {q(Status.NOT_STARTED)}"
            f" ELSE {q(Status.IN_PROGRESS)} END"
        )
        return sql, (connection.ops.adapt_datefield_value(self.today),)


def status_expression(today: dt.date) -> Expression:
    """The status as an annotation: `derive_status` in SQL, read on `today`."""
    return _StatusExpression(today)


class _Overdue(_OnThreeColumns):
    """`status_filter(Status.OVERDUE)` as one condition on three columns, never NULL (so that
    `exclude` keeps the tasks with no deadline). Resolving it costs three column lookups where
    the same `Q` goes through the filter machinery leaf by leaf; `tests/tasks/test_status.py`
    checks both give the same tasks."""

    output_field = BooleanField()
    conditional = True

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, tuple[Any, ...]]:
        state, _ = compiler.compile(self.state)
        deadline, _ = compiler.compile(self.deadline)
        completed, _ = compiler.compile(self.completed_on)
        open_states = ", ".join(f"'{s}'" for s in (State.ISSUED, State.RECEIVED, State.RETURNED, State.COMPLETION_REQUESTED))
        sql = (
            f"({state} IN ({open_states}) AND {deadline} IS NOT NULL AND {deadline} < %s"
            f" AND NOT ({state} = '{State.COMPLETION_REQUESTED}' AND {completed} IS NOT NULL AND {completed} <= {deadline}))"
        )
        return sql, (connection.ops.adapt_datefield_value(self.today),)


def status_filter(status: Status, today: dt.date) -> Q:
    """The same rule as a WHERE clause, so a filtered list can use the (unit, state, deadline) indexes."""
    requested_in_time = Q(state=State.COMPLETION_REQUESTED, deadline__isnull=False, completed_on__lte=F("deadline"))
    on_time = Q(deadline__isnull=True) | Q(completed_on__lte=F("deadline"))
    if status == Status.CANCELLED:
        return Q(state=State.CANCELLED)
    if status == Status.COMPLETED_ON_TIME:
        return Q(state=State.COMPLETED) & on_time
    if status == Status.COMPLETED_LATE:
        return Q(state=State.COMPLETED) & ~on_time
    if status == Status.OVERDUE:
        return Q(_Overdue(today))
    not_overdue = Q(deadline__isnull=True) | Q(deadline__gte=today) | requested_in_time
    if status == Status.NOT_STARTED:
        return Q(state=State.DRAFT) | (Q(state__in=[State.ISSUED, State.RETURNED]) & not_overdue)
    return (Q(state__in=[State.RECEIVED, State.COMPLETION_REQUESTED]) & not_overdue)
