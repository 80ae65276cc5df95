"""Scorecards: how each unit, and each unit's head, delivered the tasks it was given.

Whose task it is
----------------
A task keeps the unit it was assigned to (`Task.lead_unit`) for ever. A scorecard counts it
for the unit that holds that unit's duties on `today`, following the succession links in
force by then: the rule of `orgs.selectors.unit_duty_holders`, worked out here for every
lead unit at once. A task given to Sở Kế hoạch và Đầu tư in 2024 counts for Sở Tài chính on
a scorecard dated after 01/03/2025 (the two merged that day), and the score lists Sở KH&ĐT in
`folded` so the page can say "gồm cả nhiệm vụ của Sở Kế hoạch và Đầu tư (hợp nhất từ
01/03/2025)"; on a scorecard dated before the merger the task still counts for Sở KH&ĐT.
Two choices the rule does not settle, made here:

- A split hands a unit's duties to several units: the task counts for each of them, as it
  sits in each one's inbox (`accounts.policy.held_units`).
- Duties that reach no unit in force (a unit closed with no successor recorded) stay with
  the last unit of the chain, so a task never drops out of every scorecard.

Coordination requests count, by the same rule, for the unit holding the duties of the unit
asked (`CoordinationRequest.to_unit`).

What is counted
---------------
Tasks issued (`issued_on`) from `start` to `end`, both days included; a draft is never issued
and never counted. Coordination requests made (local date of `requested_at`) from `start` to
`end`, whichever task they are about: a unit's responsiveness over a period is judged on what
it was asked in that period. Every status is the one rule of `tasks.status`
(`status_expression`) read on `today`, against the task's current deadline, i.e. after any
approved extension.

The metrics (`UnitScore` field = `task_ids` key, except the two ratios)
-----------------------------------------------------------------------
- assigned: tasks counted (cancelled and returned ones included).
- completed_on_time: status "completed on time" (completed on or before the deadline, or
  completed with no deadline).
- completed_late: status "completed late".
- cancelled: status "cancelled".
- open: neither completed nor cancelled (issued, received, returned, awaiting acceptance).
- overdue: status "overdue" on `today`; a subset of open.
- overdue_1_30, overdue_31_90, overdue_over_90: the overdue tasks by days past the deadline
  on `today` (today − deadline, calendar days: 1–30, 31–90, more than 90).
- rated: completed_on_time + completed_late + overdue, the tasks whose timeliness is settled.
  Not rated: tasks still within their deadline, tasks whose completion was requested by the
  deadline and awaits acceptance (the wait is the accepting body's), cancelled tasks.
- on_time_rate = completed_on_time / rated, a number from 0 to 1; None when rated is 0. An
  overdue task counts against the unit at once, without waiting to be completed late.
- delayed: completed_late + overdue, the tasks behind average_delay_days.
- average_delay_days: the mean, over delayed tasks, of (completed_on − deadline) for a task
  completed late and (today − deadline) for an overdue one, in calendar days; None when no
  task is delayed. (A task completed late with no completion date, which only imported data
  can have, is counted late but left out of the mean.)
- extensions_requested: extension requests on the counted tasks, whatever the decision; a
  task asking twice counts twice (and its id is listed once).
- tasks_returned: counted tasks sent back as wrongly assigned at least once (a "returned"
  event), whoever leads them now.
- coordination_requests_received: coordination requests made to the unit in the period,
  split into exactly one of:
  - answered_on_time: answered_on <= due_on;
  - answered_late: answered_on > due_on;
  - unanswered_moot: unanswered, but the task was completed (or its completion requested) or
    cancelled on or before the due date, so the answer stopped being needed before it was due;
  - unanswered_overdue: unanswered, due_on < today, and not moot;
  - unanswered_pending: unanswered and due_on >= today.
  Their drill-down lists the ids of the tasks the requests were about.

Queries: a fixed number for any number of tasks — one pass over the tasks (status, extension
count and "was returned" computed in SQL), one over the coordination requests, one for the
units, one for head positions, plus one per generation of succession links walked (one or
two for real reorganisations). Never one per task or per unit.

Counts without ids
------------------
The scorecard page shows the numbers, and lists the tasks behind one number only when that
number is clicked. `unit_scorecard(…, task_ids=False)` counts in the database instead: every
metric is a `COUNT(…) FILTER (WHERE …)` grouped by lead unit (by unit asked, for coordination
requests), the extension requests are counted in a query of their own, and Python only adds
up the groups of the units each unit holds the duties of — a few hundred groups where the
tally reads every task (docs/performance.md, tasks). The conditions are the ones above, in
SQL (`tasks.status.status_filter` for the statuses); `task_ids` is then empty, and the
flags carry no ids. Tests check both ways against the same hand counts.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, NamedTuple, TypeVar, cast

from django.db.models import Count, DateField, DurationField, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from thucthi.core.errors import DomainError
from thucthi.orgs.models import Position, PositionRole, Unit
from thucthi.orgs.selectors import Link, successions_from, units_held_by_all
from thucthi.tasks.models import CoordinationRequest, EventKind, ExtensionRequest, State, Status, Task, TaskEvent
from thucthi.tasks.status import status_expression, status_filter

TASK_METRICS = (
    "assigned", "completed_on_time", "completed_late", "cancelled", "open", "overdue",
    "overdue_1_30", "overdue_31_90", "overdue_over_90", "rated", "delayed",
    "extensions_requested", "tasks_returned",
)
COORDINATION_METRICS = (
    "coordination_requests_received", "answered_on_time", "answered_late",
    "unanswered_overdue", "unanswered_pending", "unanswered_moot",
)
METRICS = TASK_METRICS + COORDINATION_METRICS
"""Every key of `UnitScore.task_ids`; each is also a count field of `UnitScore`."""

AGEING = ((30, "overdue_1_30"), (90, "overdue_31_90"))
OVER_90 = "overdue_over_90"


@dataclass(frozen=True)
class FoldedUnit:
    """A predecessor whose tasks (or coordination requests) a score includes."""

    unit_id: int
    name: str
    short_name: str
    kind: str  # orgs.SuccessionKind of the link by which its duties left it
    merged_on: dt.date  # that link's effective date: from then on its tasks count elsewhere

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


@dataclass(frozen=True, kw_only=True)
class UnitScore:
    """One unit's record over a period; every count has its task ids in `task_ids`."""

    unit_id: int
    name: str
    short_name: str
    sort_key: str
    start: dt.date
    end: dt.date
    today: dt.date
    folded: tuple[FoldedUnit, ...] = ()
    assigned: int = 0
    completed_on_time: int = 0
    completed_late: int = 0
    cancelled: int = 0
    open: int = 0
    overdue: int = 0
    overdue_1_30: int = 0
    overdue_31_90: int = 0
    overdue_over_90: int = 0
    rated: int = 0
    on_time_rate: float | None = None
    delayed: int = 0
    average_delay_days: float | None = None
    extensions_requested: int = 0
    tasks_returned: int = 0
    coordination_requests_received: int = 0
    answered_on_time: int = 0
    answered_late: int = 0
    unanswered_overdue: int = 0
    unanswered_pending: int = 0
    unanswered_moot: int = 0
    task_ids: dict[str, list[int]] = field(default_factory=dict)

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def on_time_fraction(self) -> Fraction | None:
        """on_time_rate exactly, for comparisons that must not depend on float rounding."""
        return Fraction(self.completed_on_time, self.rated) if self.rated else None

    @property
    def order_key(self) -> str:
        """Vietnamese alphabetical order of what the score is about (`Unit.sort_key`)."""
        return self.sort_key


@dataclass(frozen=True, kw_only=True)
class HeadScore(UnitScore):
    """A head's record: their unit's score over the days they headed it (see `head_scorecard`)."""

    person_id: int
    person_name: str
    person_sort_key: str
    position_id: int
    title: str
    held_from: dt.date  # the scored window: the tenure within [start, end]
    held_to: dt.date
    as_of: dt.date  # the day on which whose-task-it-is was read

    @property
    def order_key(self) -> str:
        return self.person_sort_key + "9" + self.sort_key


S = TypeVar("S", bound=UnitScore)


def ranking(scores: Iterable[S]) -> list[S]:
    """Best first: higher on-time rate (no rate last), then fewer overdue tasks, then name in
    Vietnamese order (the unit's `sort_key`; for heads the person's, then the unit's)."""

    def key(score: S) -> tuple[bool, Fraction, int, str, int]:
        rate = score.on_time_fraction
        return (rate is None, -(rate or Fraction(0)), score.overdue, score.order_key, score.unit_id)

    return sorted(scores, key=key)


# --- reading the data -----------------------------------------------------------------------


class _TaskRow(NamedTuple):
    id: int
    lead_unit_id: int
    issued_on: dt.date
    state: str
    status: str
    deadline: dt.date | None
    completed_on: dt.date | None
    extensions: int
    returned: bool


class _RequestRow(NamedTuple):
    task_id: int
    to_unit_id: int
    requested_on: dt.date
    due_on: dt.date
    answered_on: dt.date | None
    task_state: str
    task_completed_on: dt.date | None
    task_cancelled_on: dt.date | None

    def outcome(self, today: dt.date) -> str:
        if self.answered_on is not None:
            return "answered_on_time" if self.answered_on <= self.due_on else "answered_late"
        if self.task_state == State.CANCELLED and self.task_cancelled_on is not None and self.task_cancelled_on <= self.due_on:
            return "unanswered_moot"
        done = self.task_state in (State.COMPLETED, State.COMPLETION_REQUESTED)
        if done and self.task_completed_on is not None and self.task_completed_on <= self.due_on:
            return "unanswered_moot"
        return "unanswered_overdue" if self.due_on < today else "unanswered_pending"


class _Unit(NamedTuple):
    """What a scorecard reads of a unit: read as plain rows, twice as fast as model instances
    for the few hundred units of a province."""

    pk: int
    name: str
    short_name: str
    sort_key: str
    valid_from: dt.date | None
    valid_to: dt.date | None

    def is_valid_on(self, day: dt.date) -> bool:  # as Unit.is_valid_on
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or self.valid_to >= day)


class _Lineage:
    """The succession links reachable from some units, and who holds whose duties on a day."""

    def __init__(self, links: list[Link], units: dict[int, _Unit]) -> None:
        self.units = units
        self.out: dict[int, list[Link]] = defaultdict(list)
        for link in sorted(links, key=lambda x: (x.effective_date, x.predecessor_id, x.successor_id)):
            self.out[link.predecessor_id].append(link)
        self._holders: dict[tuple[int, dt.date], dict[int, Link | None]] = {}

    @classmethod
    def load(cls, origins: set[int], *, on: dt.date, also: Iterable[int] = ()) -> _Lineage:
        """Walk forward from `origins` over links in force by `on` (the orgs succession walk)."""
        links = successions_from(origins, on=on)
        seen = set(origins) | {link.successor_id for link in links}
        fields = ("id", "name", "short_name", "sort_key", "valid_from", "valid_to")
        rows = Unit.objects.filter(pk__in=seen | set(also)).order_by().values_list(*fields)
        return cls(links, {row[0]: _Unit(*row) for row in rows})

    def holders(self, origin: int, on: dt.date) -> dict[int, Link | None]:
        """Units holding `origin`'s duties on `on`, each with the link by which the duties left
        `origin` (None when it holds them itself). Same walk as `unit_duty_holders`."""
        cached = self._holders.get((origin, on))
        if cached is not None:
            return cached
        found: dict[int, Link | None] = {}
        ends: dict[int, Link | None] = {}
        frontier: list[tuple[int, Link | None]] = [(origin, None)]
        seen = {origin}
        while frontier:
            following: list[tuple[int, Link | None]] = []
            for node, first in frontier:
                out = [link for link in self.out.get(node, ()) if link.effective_date <= on]
                if not out:
                    ends.setdefault(node, first)
                    unit = self.units.get(node)
                    if unit is not None and unit.is_valid_on(on):
                        found.setdefault(node, first)
                for link in out:
                    if link.successor_id not in seen:
                        seen.add(link.successor_id)
                        following.append((link.successor_id, first if first is not None else link))
            frontier = following
        result = found or ends or {origin: None}
        self._holders[(origin, on)] = result
        return result


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min), timezone.get_default_timezone())


def _task_rows(lead_units: set[int] | None, *, start: dt.date, end: dt.date, today: dt.date) -> list[_TaskRow]:
    extensions = (
        ExtensionRequest.objects.filter(task=OuterRef("pk")).order_by().values("task").annotate(n=Count("pk")).values("n")
    )
    qs = Task.objects.filter(issued_on__gte=start, issued_on__lte=end).exclude(state=State.DRAFT)
    if lead_units is not None:
        qs = qs.filter(lead_unit_id__in=lead_units)
    rows = (
        qs.annotate(
            status=status_expression(today),
            n_extensions=Coalesce(Subquery(extensions, output_field=IntegerField()), Value(0)),
            was_returned=Exists(TaskEvent.objects.filter(task=OuterRef("pk"), kind=EventKind.RETURNED)),
        )
        .order_by("id")
        .values_list("id", "lead_unit_id", "issued_on", "state", "status", "deadline", "completed_on", "n_extensions", "was_returned")
    )
    # issued_on is never null here: the filter on it excludes drafts' empty dates.
    return [_TaskRow(*row) for row in rows]  # type: ignore[arg-type]


def _request_rows(to_units: set[int] | None, *, start: dt.date, end: dt.date) -> list[_RequestRow]:
    qs = CoordinationRequest.objects.filter(requested_at__gte=_day_start(start), requested_at__lt=_day_start(end + dt.timedelta(days=1)))
    if to_units is not None:
        qs = qs.filter(to_unit_id__in=to_units)
    rows = qs.order_by("id").values_list(
        "task_id", "to_unit_id", "requested_at", "due_on", "answered_on", "task__state", "task__completed_on", "task__cancelled_on"
    )
    tz = timezone.get_default_timezone()
    return [_RequestRow(r[0], r[1], timezone.localdate(r[2], tz), *r[3:]) for r in rows]


@dataclass
class _Data:
    tasks: list[_TaskRow]
    requests: list[_RequestRow]
    lineage: _Lineage
    _task_index: dict[dt.date, dict[int, list[tuple[_TaskRow, Link | None]]]] = field(default_factory=dict)
    _request_index: dict[dt.date, dict[int, list[tuple[_RequestRow, Link | None]]]] = field(default_factory=dict)

    def _index(self, on: dt.date) -> None:
        if on in self._task_index:
            return
        tasks: dict[int, list[tuple[_TaskRow, Link | None]]] = defaultdict(list)
        for task in self.tasks:
            for holder, link in self.lineage.holders(task.lead_unit_id, on).items():
                tasks[holder].append((task, link))
        requests: dict[int, list[tuple[_RequestRow, Link | None]]] = defaultdict(list)
        for request in self.requests:
            for holder, link in self.lineage.holders(request.to_unit_id, on).items():
                requests[holder].append((request, link))
        self._task_index[on], self._request_index[on] = tasks, requests

    def tasks_held(self, unit_id: int, on: dt.date) -> list[tuple[_TaskRow, Link | None]]:
        """The tasks counted for `unit_id` when whose-task-it-is is read on `on`."""
        self._index(on)
        return self._task_index[on].get(unit_id, [])

    def requests_held(self, unit_id: int, on: dt.date) -> list[tuple[_RequestRow, Link | None]]:
        self._index(on)
        return self._request_index[on].get(unit_id, [])

    def holder_ids(self, on: dt.date) -> set[int]:
        self._index(on)
        return set(self._task_index[on]) | set(self._request_index[on])


def _load(targets: set[int] | None, *, start: dt.date, end: dt.date, today: dt.date) -> _Data:
    origins = None if targets is None else units_held_by_all(targets, on=today)
    tasks = _task_rows(origins, start=start, end=end, today=today)
    requests = _request_rows(origins, start=start, end=end)
    if origins is None:
        origins = {row.lead_unit_id for row in tasks} | {row.to_unit_id for row in requests}
    return _Data(tasks, requests, _Lineage.load(origins, on=today, also=targets or ()))


# --- counting ---------------------------------------------------------------------------------


class _Tally:
    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.counts: Counter[str] = Counter()
        self.ids: dict[str, set[int]] = defaultdict(set)
        self.delay_days = 0
        self.folded: dict[int, Link] = {}

    def _add(self, metric: str, task_id: int, n: int = 1) -> None:
        self.counts[metric] += n
        self.ids[metric].add(task_id)

    def _fold(self, origin: int, link: Link | None) -> None:
        if link is not None:
            self.folded.setdefault(origin, link)

    def _delay(self, task_id: int, days: int) -> None:
        self._add("delayed", task_id)
        self.delay_days += days

    def task(self, row: _TaskRow, link: Link | None) -> None:
        self._fold(row.lead_unit_id, link)
        self._add("assigned", row.id)
        if row.state not in (State.COMPLETED, State.CANCELLED):
            self._add("open", row.id)
        if row.status == Status.COMPLETED_ON_TIME:
            self._add("completed_on_time", row.id)
            self._add("rated", row.id)
        elif row.status == Status.COMPLETED_LATE:
            self._add("completed_late", row.id)
            self._add("rated", row.id)
            if row.deadline is not None and row.completed_on is not None:
                self._delay(row.id, (row.completed_on - row.deadline).days)
        elif row.status == Status.OVERDUE:
            assert row.deadline is not None
            days = (self.today - row.deadline).days
            self._add("overdue", row.id)
            self._add("rated", row.id)
            self._add(next((name for limit, name in AGEING if days <= limit), OVER_90), row.id)
            self._delay(row.id, days)
        elif row.status == Status.CANCELLED:
            self._add("cancelled", row.id)
        if row.extensions:
            self._add("extensions_requested", row.id, row.extensions)
        if row.returned:
            self._add("tasks_returned", row.id)

    def request(self, row: _RequestRow, link: Link | None) -> None:
        self._fold(row.to_unit_id, link)
        self._add("coordination_requests_received", row.task_id)
        self._add(row.outcome(self.today), row.task_id)

    def fields(self, lineage: _Lineage) -> dict[str, Any]:
        values: dict[str, Any] = {metric: self.counts[metric] for metric in METRICS}
        rated, on_time, delayed = self.counts["rated"], self.counts["completed_on_time"], self.counts["delayed"]
        values["on_time_rate"] = on_time / rated if rated else None
        values["average_delay_days"] = self.delay_days / delayed if delayed else None
        values["task_ids"] = {metric: sorted(self.ids[metric]) for metric in METRICS}
        values["folded"] = _folded(self.folded, lineage)
        return values


# --- counting in the database (no ids) -------------------------------------------------------


def _counted_tasks(lead_units: set[int] | None, *, start: dt.date, end: dt.date) -> QuerySet[Task]:
    qs = Task.objects.filter(issued_on__gte=start, issued_on__lte=end).exclude(state=State.DRAFT)
    return qs if lead_units is None else qs.filter(lead_unit_id__in=lead_units)


def _task_conditions(today: dt.date) -> dict[str, Q]:
    """Each task metric but `assigned` and `extensions_requested` as a condition on the task."""
    on_time = status_filter(Status.COMPLETED_ON_TIME, today)
    late = status_filter(Status.COMPLETED_LATE, today)
    overdue = status_filter(Status.OVERDUE, today)
    day_30, day_90 = today - dt.timedelta(days=30), today - dt.timedelta(days=90)  # today − deadline ≤ 30 ⇔ deadline ≥ day_30
    return {
        "completed_on_time": on_time,
        "completed_late": late,
        "cancelled": Q(state=State.CANCELLED),
        "open": ~Q(state__in=[State.COMPLETED, State.CANCELLED]),
        "overdue": overdue,
        "overdue_1_30": overdue & Q(deadline__gte=day_30),
        "overdue_31_90": overdue & Q(deadline__lt=day_30, deadline__gte=day_90),
        "overdue_over_90": overdue & Q(deadline__lt=day_90),
        "rated": on_time | late | overdue,
        "delayed": (late & Q(completed_on__isnull=False)) | overdue,
        "tasks_returned": Q(Exists(TaskEvent.objects.filter(task=OuterRef("pk"), kind=EventKind.RETURNED))),
    }


def _request_conditions(today: dt.date) -> dict[str, Q]:
    """`_RequestRow.outcome` as conditions: exactly one holds for each request."""
    unanswered = Q(answered_on__isnull=True)
    moot = unanswered & (
        Q(task__state=State.CANCELLED, task__cancelled_on__isnull=False, task__cancelled_on__lte=F("due_on"))
        | Q(task__state__in=[State.COMPLETED, State.COMPLETION_REQUESTED], task__completed_on__isnull=False,
            task__completed_on__lte=F("due_on"))
    )
    return {
        "answered_on_time": Q(answered_on__isnull=False, answered_on__lte=F("due_on")),
        "answered_late": Q(answered_on__isnull=False, answered_on__gt=F("due_on")),
        "unanswered_overdue": unanswered & ~moot & Q(due_on__lt=today),
        "unanswered_pending": unanswered & ~moot & Q(due_on__gte=today),
        "unanswered_moot": moot,
    }


@dataclass
class _Group:
    """The counts of one lead unit's tasks (or one asked unit's requests), before folding."""

    counts: Counter[str] = field(default_factory=Counter)
    delay_days: int = 0


def _days(value: dt.timedelta | None) -> int:
    return value.days if value is not None else 0


def _grouped(origins: set[int] | None, *, start: dt.date, end: dt.date, today: dt.date) -> dict[str, dict[int, _Group]]:
    """Three grouped queries: the tasks' metrics by lead unit, their extension requests by
    lead unit, the coordination requests' outcomes by unit asked."""
    tasks: dict[int, _Group] = defaultdict(_Group)
    conditions = _task_conditions(today)
    delay = {
        "late_delay": Sum(F("completed_on") - F("deadline"), output_field=DurationField(),
                          filter=conditions["completed_late"] & Q(completed_on__isnull=False)),
        "overdue_delay": Sum(Value(today, output_field=DateField()) - F("deadline"), output_field=DurationField(),
                             filter=conditions["overdue"]),
    }
    # cast: the type plugin knows only the first two keys of these rows.
    rows = cast("Iterable[dict[str, Any]]", (
        _counted_tasks(origins, start=start, end=end).order_by().values("lead_unit_id")
        .annotate(assigned=Count("pk"), **{m: Count("pk", filter=c) for m, c in conditions.items()}, **delay)
    ))
    for row in rows:
        group = tasks[row["lead_unit_id"]]
        group.counts.update({m: row[m] for m in ("assigned", *conditions)})
        group.delay_days = _days(row["late_delay"]) + _days(row["overdue_delay"])
    extensions = ExtensionRequest.objects.filter(task__issued_on__gte=start, task__issued_on__lte=end).exclude(task__state=State.DRAFT)
    if origins is not None:
        extensions = extensions.filter(task__lead_unit_id__in=origins)
    for lead_unit_id, n in extensions.order_by().values_list("task__lead_unit_id").annotate(n=Count("pk")):
        tasks[lead_unit_id].counts["extensions_requested"] = n
    requests: dict[int, _Group] = defaultdict(_Group)
    outcomes = _request_conditions(today)
    qs = CoordinationRequest.objects.filter(requested_at__gte=_day_start(start), requested_at__lt=_day_start(end + dt.timedelta(days=1)))
    if origins is not None:
        qs = qs.filter(to_unit_id__in=origins)
    rows = cast("Iterable[dict[str, Any]]", qs.order_by().values("to_unit_id").annotate(
        coordination_requests_received=Count("pk"), **{o: Count("pk", filter=c) for o, c in outcomes.items()}
    ))
    for row in rows:
        requests[row["to_unit_id"]].counts.update({m: row[m] for m in ("coordination_requests_received", *outcomes)})
    return {"tasks": tasks, "requests": requests}


def _counted_scores(targets: set[int] | None, *, start: dt.date, end: dt.date, today: dt.date) -> list[UnitScore]:
    """`unit_scorecard` without ids: the groups of `_grouped` added up per holder."""
    origins = None if targets is None else units_held_by_all(targets, on=today)
    grouped = _grouped(origins, start=start, end=end, today=today)
    tasks, requests = grouped["tasks"], grouped["requests"]
    # Only units with something counted need their successors walked.
    lineage = _Lineage.load(set(tasks) | set(requests), on=today, also=targets or ())
    held: dict[int, list[tuple[int, Link | None, _Group, bool]]] = defaultdict(list)
    for source, is_task in ((tasks, True), (requests, False)):
        for origin, group in source.items():
            for holder, link in lineage.holders(origin, today).items():
                held[holder].append((origin, link, group, is_task))
    chosen = set(held) if targets is None else targets
    scores = []
    for unit_id in chosen:
        unit = lineage.units.get(unit_id)
        if unit is None:
            continue
        counts: Counter[str] = Counter()
        delay_days = 0
        folded: dict[int, Link] = {}
        for origin, link, group, _ in sorted(held.get(unit_id, []), key=lambda h: (not h[3], h[0])):
            counts.update(group.counts)
            delay_days += group.delay_days
            if link is not None:
                folded.setdefault(origin, link)
        rated, delayed = counts["rated"], counts["delayed"]
        values: dict[str, Any] = {m: counts[m] for m in METRICS}
        values["on_time_rate"] = counts["completed_on_time"] / rated if rated else None
        values["average_delay_days"] = delay_days / delayed if delayed else None
        scores.append(
            UnitScore(
                unit_id=unit.pk, name=unit.name, short_name=unit.short_name, sort_key=unit.sort_key, start=start, end=end, today=today,
                folded=_folded(folded, lineage), **values,
            )
        )
    return sorted(scores, key=lambda s: (s.sort_key, s.unit_id))


def _folded(links: dict[int, Link], lineage: _Lineage) -> tuple[FoldedUnit, ...]:
    folded = []
    for origin, link in links.items():
        unit = lineage.units[origin]
        folded.append(FoldedUnit(origin, unit.name, unit.short_name, link.kind, link.effective_date))
    return tuple(sorted(folded, key=lambda f: (f.merged_on, lineage.units[f.unit_id].sort_key, f.unit_id)))


def _check_period(start: dt.date, end: dt.date) -> None:
    if start > end:
        raise DomainError(f"Kỳ đánh giá không hợp lệ: từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}.")


def unit_scorecard(
    unit_ids: Iterable[int] | None, *, start: dt.date, end: dt.date, today: dt.date, task_ids: bool = True
) -> list[UnitScore]:
    """Each unit's score for tasks issued from `start` to `end`, read on `today`.

    `unit_ids`: the units to score, each with the tasks of the units it took over (a unit
    whose duties passed to another by `today` gets an empty score); None: every unit that
    holds at least one counted task or coordination request. In Vietnamese order of names.
    `task_ids`: False counts in the database and leaves `UnitScore.task_ids` empty (see
    "Counts without ids"). See the module docstring for the exact definitions.
    """
    _check_period(start, end)
    targets = None if unit_ids is None else set(unit_ids)
    if not task_ids:
        return _counted_scores(targets, start=start, end=end, today=today)
    data = _load(targets, start=start, end=end, today=today)
    chosen = data.holder_ids(today) if targets is None else targets
    scores = []
    for unit_id in chosen:
        unit = data.lineage.units.get(unit_id)
        if unit is None:
            continue
        tally = _Tally(today)
        for task, link in data.tasks_held(unit_id, today):
            tally.task(task, link)
        for request, link in data.requests_held(unit_id, today):
            tally.request(request, link)
        scores.append(
            UnitScore(
                unit_id=unit.pk, name=unit.name, short_name=unit.short_name, sort_key=unit.sort_key,
                start=start, end=end, today=today, **tally.fields(data.lineage),
            )
        )
    return sorted(scores, key=lambda s: (s.sort_key, s.unit_id))


def head_scorecard(unit_ids: Iterable[int] | None, *, start: dt.date, end: dt.date, today: dt.date) -> list[HeadScore]:
    """Each head's score: their unit's score over the days they headed it.

    One score per head position (`orgs.Position` with role "head") overlapping [start, end],
    for the heads of `unit_ids` (None: all units). The score is the unit's score for tasks
    issued, and coordination requests made, between `held_from` = max(start, position start)
    and `held_to` = min(end, position end), statuses read on `today`. Whose task it is is read
    on `as_of` = the earliest of `today`, the position's end and the unit's own end of
    validity: the head of Sở Kế hoạch và Đầu tư until 28/02/2025 answers for the tasks given to
    that department in their time; the head of Sở Tài chính, for those given to Sở Tài chính in
    theirs and, like the department, for those of Sở KH&ĐT issued in the same days.

    Why positions rather than `Task.responsible`: the person named responsible on a task is
    whoever the issuing document names, often an officer or a deputy, and may be left
    unchanged when people move; the head of the lead unit answers for the unit's tasks
    whoever was named (the "người đứng đầu" accountability the design asks for), and a head
    who leaves is no longer charged with what happens under a successor's watch. Someone
    who headed two units, or one unit twice, gets one score per tenure.
    """
    _check_period(start, end)
    positions = Position.objects.filter(role=PositionRole.HEAD).filter(
        Q(start__isnull=True) | Q(start__lte=end), Q(end__isnull=True) | Q(end__gte=start)
    )
    if unit_ids is not None:
        positions = positions.filter(unit_id__in=set(unit_ids))
    heads = list(positions.select_related("person", "unit").order_by("unit_id", "start", "id"))
    if not heads:
        return []
    data = _load({p.unit_id for p in heads}, start=start, end=end, today=today)
    scores = []
    for position in heads:
        unit = position.unit
        held_from = max(start, position.start) if position.start else start
        held_to = min(end, position.end) if position.end else end
        as_of = min(day for day in (today, position.end, unit.valid_to) if day is not None)
        tally = _Tally(today)
        for task, link in data.tasks_held(unit.pk, as_of):
            if held_from <= task.issued_on <= held_to:
                tally.task(task, link)
        for request, link in data.requests_held(unit.pk, as_of):
            if held_from <= request.requested_on <= held_to:
                tally.request(request, link)
        scores.append(
            HeadScore(
                unit_id=unit.pk, name=unit.name, short_name=unit.short_name, sort_key=unit.sort_key,
                start=start, end=end, today=today,
                person_id=position.person_id, person_name=position.person.full_name, person_sort_key=position.person.sort_key,
                position_id=position.pk, title=position.title, held_from=held_from, held_to=held_to, as_of=as_of,
                **tally.fields(data.lineage),
            )
        )
    return sorted(scores, key=lambda s: (s.sort_key, s.held_from, s.person_sort_key, s.position_id))
