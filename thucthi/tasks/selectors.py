"""Reads on tasks, already scoped to what the user may see."""

from __future__ import annotations

import datetime as dt
from collections import Counter, namedtuple
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connection
from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When, Window
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
from django.utils import timezone

from thucthi.accounts.models import User
from thucthi.accounts.policy import Action, can, held_units, issuable_units, issuing_side_units, task_visibility
from thucthi.accounts.policy.tasks import responsible_candidates
from thucthi.core import clock
from thucthi.core.text import search_terms
from thucthi.orgs.models import Person, Position, Unit, UnitKind, UnitQuerySet
from thucthi.orgs.selectors import HeldUnits, person_get, unit_duty_holders, unit_get, units_held_by
from thucthi.tasks import sources
from thucthi.tasks.documents import document_tasks
from thucthi.tasks.models import (
    OPEN_STATES,
    Coordination,
    CoordinationRequest,
    Decision,
    EventKind,
    ExtensionRequest,
    IssuedDocument,
    ProgressReport,
    ReviewState,
    State,
    Status,
    Task,
    TaskEvent,
)
from thucthi.tasks.status import status_expression, status_filter


def issuing_units(user: User) -> Q:
    """Which issuers' tasks this user manages: their office's bodies, or their own units."""
    units = issuing_side_units(user)
    return Q() if units is None else Q(issuer_id__in=units)


def visible_tasks(user: User | AnonymousUser) -> QuerySet[Task]:
    """Tasks the user may see, by the policy's rule (`policy.task_visibility`): overseers those of
    their province, units theirs, drafts only their issuers."""
    return Task.objects.filter(task_visibility(user))


def visible_task_ids(user: User | AnonymousUser) -> set[int] | None:
    """The ids of `visible_tasks`, or None where the user sees every task (the administrator)."""
    rule = task_visibility(user)
    if rule == Q():
        return None
    return set(Task.objects.filter(rule).values_list("pk", flat=True))


def task_list(
    user: User | AnonymousUser,
    *,
    today: dt.date,
    status: Iterable[str] = (),
    lead_unit: int | None = None,
    coordinating_unit: int | None = None,
    issuer: int | None = None,
    source: str = "",
    deadline_from: dt.date | None = None,
    deadline_to: dt.date | None = None,
    overdue: bool | None = None,
    q: str = "",
    responsible: int | None = None,
) -> QuerySet[Task]:
    qs = visible_tasks(user)
    statuses = [Status(s) for s in status if s]
    if statuses:
        condition = Q()
        for s in statuses:
            condition |= status_filter(s, today)
        qs = qs.filter(condition)
    if overdue is not None:
        qs = qs.filter(status_filter(Status.OVERDUE, today)) if overdue else qs.exclude(status_filter(Status.OVERDUE, today))
    if lead_unit is not None:
        qs = qs.filter(lead_unit_id=lead_unit)
    if coordinating_unit is not None:
        qs = qs.filter(coordinations__unit_id=coordinating_unit)
    if issuer is not None:
        qs = qs.filter(issuer_id=issuer)
    if responsible is not None:
        qs = qs.filter(responsible_id=responsible)
    if source:
        kind = sources.by_key(source)
        if kind is None:
            return qs.none()
        qs = qs.filter(source_type=ContentType.objects.get_for_model(kind.model))
    if deadline_from is not None:
        qs = qs.filter(deadline__gte=deadline_from)
    if deadline_to is not None:
        qs = qs.filter(deadline__lte=deadline_to)
    for term in search_terms(q):
        qs = qs.filter(search_text__contains=" " + term)
    return (
        qs.annotate(status=status_expression(today))
        .select_related("lead_unit", "issuer", "responsible")
        .order_by("deadline", "id")
    )


def inbox(user: User, *, today: dt.date) -> QuerySet[Task]:
    """An officer's open tasks: led by their unit (or a unit it absorbed), soonest deadline first.

    The units come in as a subquery (`HeldUnits`, the rule of `held_units`, read on the same
    day), so the list needs no round trip to find them first."""
    if not user.unit_id:
        return Task.objects.none()
    return _inbox(user.unit_id, on=clock.today(), today=today).select_related("lead_unit", "issuer", "responsible")


def _inbox(unit_id: int, *, on: dt.date, today: dt.date) -> QuerySet[Task]:
    """The inbox's definition, shared by `inbox` and the compiled page of `inbox_page`."""
    return (
        Task.objects.filter(lead_unit_id__in=HeldUnits(unit_id, on=on), state__in=[*OPEN_STATES, State.RETURNED])
        .annotate(status=status_expression(today))
        .order_by("deadline", "id")
    )


def issued_tasks(user: User, *, today: dt.date) -> QuerySet[Task]:
    """Everything the user's office or unit issued, soonest deadline first."""
    return (
        Task.objects.filter(issuing_units(user))
        .annotate(status=status_expression(today))
        .select_related("lead_unit", "issuer", "responsible")
        .order_by("deadline", "id")
    )


def status_counts(qs: QuerySet[Task]) -> Counter[str]:
    """How many tasks of an annotated list are in each status, counted in the database:
    pulling every row to count it in Python was most of the board's time at national scale
    (docs/performance.md, tasks, finding 2)."""
    # `status` is the annotation every task list here carries; the type plugin cannot see
    # annotations through a QuerySet[Task] parameter.
    return Counter(dict(qs.order_by().values_list("status").annotate(n=Count("pk"))))  # type: ignore[misc]


def issuer_board(user: User, *, today: dt.date) -> tuple[QuerySet[Task], Counter[str]]:
    """The issuer's board: what the user issued, with counts by status."""
    qs = issued_tasks(user, today=today)
    return qs, status_counts(qs)


def mine(user: User, *, today: dt.date) -> QuerySet[Task]:
    """Tasks naming this user's person as responsible (rõ người), not yet finished."""
    if user.person_id is None:
        return Task.objects.none()
    return (
        visible_tasks(user).filter(responsible_id=user.person_id, state__in=[*OPEN_STATES, State.RETURNED])
        .annotate(status=status_expression(today)).select_related("lead_unit", "issuer", "responsible").order_by("deadline", "id")
    )


def tasks_for_view(user: User, view: str, *, today: dt.date, q: str = "", status: str = "") -> QuerySet[Task]:
    """The task list a user is looking at: their own, their unit's inbox, what they issued, or
    all they may see, narrowed by a search and a status. The hub page and the Excel export share it."""
    if view == "mine":
        qs = mine(user, today=today)
    elif view == "inbox":
        qs = inbox(user, today=today)
    elif view == "issued":
        qs = issued_tasks(user, today=today)
    else:
        qs = task_list(user, today=today)
    if status:
        qs = qs.filter(status_filter(Status(status), today))
    if q:
        qs = qs.filter(pk__in=task_list(user, today=today, q=q).values("pk"))
    return qs


# --- a page of a list -------------------------------------------------------------------------

PAGE_SIZE = 50
LIST_FIELDS = ("title", "is_sample", "deadline", "deadline_kind", "progress", "lead_unit__name", "lead_unit__short_name")
"""What a row of a task list shows (web/tasks/hub.html), besides its id and annotated status."""
SHORT_VIEWS = frozenset({"inbox", "mine"})
"""Hub views listing open work of one unit or person: short by nature, counted by `ShortListPaginator`."""


ROW_FIELDS = ("pk", *LIST_FIELDS, "status")
"""A list row: a named tuple of these (t.pk, t.title … t.lead_unit__name, t.status)."""


def for_list(qs: QuerySet[Task]) -> QuerySet[Any]:
    """Rows of a list: the columns it shows as named tuples, the lead unit's names joined in.
    Model instances (a task and its lead unit per row, with their deferred-field machinery)
    were the largest part of an inbox page's Python time (docs/performance.md, tasks)."""
    return qs.select_related(None).values_list(*ROW_FIELDS, named=True)


if TYPE_CHECKING:
    _TaskPaginator = Paginator[Any]
else:
    _TaskPaginator = Paginator


class ShortListPaginator(_TaskPaginator):
    """A paginator for lists that are short by nature (an inbox: one unit's open tasks): the
    page and the total in one statement, the total as a window `COUNT(*) OVER ()` on every
    row, instead of `count()` and then the page. Past the last page (no row, so no total),
    it counts, and `get_page` shows the last page, as `Paginator` does.

    Not for long lists: the window makes the database read every row of the list before it
    cuts the page, where `count()` and a `LIMIT` on an index read only what they need.
    """

    def __init__(self, tasks: QuerySet[Task], per_page: int) -> None:
        super().__init__(tasks, per_page)
        self.tasks = tasks.select_related(None)

    def page(self, number: Any) -> Page[Any]:
        if "count" in self.__dict__:  # already counted: as Paginator, on the list's rows
            self.object_list = for_list(self.tasks)
            return super().page(number)
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from exc
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        bottom = (number - 1) * self.per_page
        rows = list(self.tasks.annotate(list_total=Window(Count("*"))).values_list(*ROW_FIELDS, "list_total", named=True)
                    [bottom : bottom + self.per_page])
        if rows:
            self.__dict__["count"] = rows[0].list_total
        elif number == 1:
            self.__dict__["count"] = 0
        else:
            raise EmptyPage(self.error_messages["no_results"])
        return Page(rows, number, self)

    def get_page(self, number: Any) -> Page[Any]:
        try:
            return self.page(number)
        except PageNotAnInteger:
            return self.page(1)
        except EmptyPage:
            return self.page(self.num_pages)


class ListPaginator(_TaskPaginator):
    """Pages of a long list's rows (`for_list`), counted on the tasks themselves: counting the
    rows' query would wrap it, status and all, in a subquery."""

    def __init__(self, tasks: QuerySet[Task], per_page: int) -> None:
        super().__init__(for_list(tasks), per_page)
        self.tasks = tasks

    @cached_property
    def count(self) -> int:
        return self.tasks.count()


# --- the inbox page, compiled once per shape ----------------------------------------------------
#
# The inbox is the page officers open most, and most of its cost was Django building and
# compiling the same statement on every request (0.44 of 1.26 ms, docs/performance.md). As
# SQLAlchemy's compiled cache does, the statement is compiled once per shape (database, status
# filter, page) from the same queryset `inbox` returns, with marker values where the request's
# own go (the unit, the day the units are read on, the day statuses are read on), and each
# request runs it with its values. tests/tasks/test_web_tasks.py checks it gives what the queryset gives.

_UNIT_MARK = -918_273_645
_ON_MARK, _TODAY_MARK = dt.date(1901, 2, 3), dt.date(1902, 3, 4)
_COMPILED: dict[tuple[str, str, str, bool | None, int, int], tuple[str, tuple[Any, ...]]] = {}
_Row = namedtuple("_Row", [*ROW_FIELDS, "list_total"])  # type: ignore[misc]


def _inbox_statement(status: str, overdue: bool | None, bottom: int, per_page: int) -> tuple[str, tuple[Any, ...]]:
    key = (connection.vendor, connection.alias, status, overdue, bottom, per_page)
    compiled = _COMPILED.get(key)
    if compiled is None:
        qs = _inbox(_UNIT_MARK, on=_ON_MARK, today=_TODAY_MARK)
        if status:
            qs = qs.filter(status_filter(Status(status), _TODAY_MARK))
        if overdue is not None:
            late = status_filter(Status.OVERDUE, _TODAY_MARK)
            qs = qs.filter(late) if overdue else qs.exclude(late)
        page = qs.annotate(list_total=Window(Count("*"))).values_list(*ROW_FIELDS, "list_total")[bottom : bottom + per_page]
        sql, params = page.query.get_compiler(connection=connection).as_sql()
        compiled = _COMPILED[key] = (sql, tuple(params))
    return compiled


def inbox_page(
    user: User, *, today: dt.date, status: str = "", overdue: bool | None = None, number: Any = 1, per_page: int = PAGE_SIZE,
) -> Page[Any] | None:
    """The inbox's page `number` as `task_page(inbox(…) filtered, short=True)` gives it, through
    the compiled statement; None where that cannot answer (no unit, a page past the end): then
    ask `task_page`."""
    try:
        number = int(number)
    except (TypeError, ValueError):
        number = 1
    if not user.unit_id or number < 1:
        return None
    sql, marked = _inbox_statement(status, overdue, (number - 1) * per_page, per_page)
    values: dict[Any, Any] = {
        _UNIT_MARK: user.unit_id,
        connection.ops.adapt_datefield_value(_ON_MARK): connection.ops.adapt_datefield_value(clock.today()),
        connection.ops.adapt_datefield_value(_TODAY_MARK): connection.ops.adapt_datefield_value(today),
    }
    params = [values.get(p, p) if isinstance(p, (int, str, dt.date)) and not isinstance(p, bool) else p for p in marked]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        raw = cursor.fetchall()
    if not raw and number > 1:
        return None
    rows = [_row(r) for r in raw]
    paginator: Paginator[Any] = Paginator([], per_page)
    paginator.__dict__["count"] = rows[0].list_total if rows else 0
    return Page(rows, number, paginator)


def _row(values: tuple[Any, ...]) -> Any:
    """A database row as the list's named tuple, with the types Django would give it (SQLite
    returns dates as text and booleans as integers)."""
    row: Any = _Row(*values)
    deadline = row.deadline
    if isinstance(deadline, str):
        deadline = dt.date.fromisoformat(deadline)
    return row._replace(is_sample=bool(row.is_sample), deadline=deadline)


def task_page(qs: QuerySet[Task], number: Any, *, short: bool) -> Page[Any]:
    """Page `number` of a task list as the hub shows it: its columns, 50 rows, and the total
    (in the same statement for a short list, see `ShortListPaginator`)."""
    if short:
        return ShortListPaginator(qs, PAGE_SIZE).get_page(number)
    return ListPaginator(qs, PAGE_SIZE).get_page(number)


def coordination_inbox(user: User) -> QuerySet[CoordinationRequest]:
    return (
        CoordinationRequest.objects.filter(to_unit_id__in=held_units(user), answered_on__isnull=True)
        .select_related("task", "to_unit", "requested_by")
        .order_by("due_on", "id")
    )


def task_detail(user: User | AnonymousUser, pk: int, *, today: dt.date) -> Task | None:
    return (
        visible_tasks(user)
        .filter(pk=pk)
        .annotate(status=status_expression(today))
        .select_related("lead_unit", "issuer", "responsible", "accepting_unit", "parent", "source_type")
        .prefetch_related(
            Prefetch("coordinations", queryset=Coordination.objects.select_related("unit")),
            Prefetch("events", queryset=TaskEvent.objects.select_related("actor")),
            "progress_reports__submitted_by",
            "extension_requests",
            Prefetch("coordination_requests", queryset=CoordinationRequest.objects.select_related("to_unit")),
            "deadline_changes",
        )
        .first()
    )


def responsible_now(task: Task, *, today: dt.date) -> list[Unit]:
    """Who holds the lead unit's duties today (the lead unit itself unless reorganised)."""
    return unit_duty_holders(task.lead_unit, on=today)


def subtasks(task: Task, *, today: dt.date) -> QuerySet[Task]:
    """A task's subtasks with their status and lead unit, soonest deadline first (the task page)."""
    return task.subtasks.annotate(status=status_expression(today)).select_related("lead_unit").order_by("deadline", "id")


def coordinating_units(task: Task) -> UnitQuerySet:
    """The units coordinating on a task, the ones a coordination request may go to. Reads the
    task's coordinations as `task_detail` prefetched them: no query for a task without any."""
    return Unit.objects.filter(pk__in=[c.unit_id for c in task.coordinations.all()])


def task_report(task: Task, pk: Any) -> ProgressReport | None:
    """Progress report `pk` of this task, or None."""
    return ProgressReport.objects.filter(pk=pk, task=task).first()


def task_extension(task: Task, pk: Any) -> ExtensionRequest | None:
    """Extension request `pk` of this task, or None."""
    return ExtensionRequest.objects.filter(pk=pk, task=task).first()


def task_coordination_request(task: Task, pk: Any) -> CoordinationRequest | None:
    """Coordination request `pk` of this task, or None."""
    return CoordinationRequest.objects.filter(pk=pk, task=task).first()


def tasks_among(user: User | AnonymousUser, ids: Iterable[int], *, today: dt.date) -> QuerySet[Task]:
    """Those of the tasks `ids` the user may see, with their status and lead unit, soonest
    deadline first (the tasks behind a number of a scorecard, which every reader sees)."""
    return (
        visible_tasks(user).filter(pk__in=ids).annotate(status=status_expression(today))
        .select_related("lead_unit").order_by("deadline", "id")
    )


def source_kind(task: Task) -> sources.SourceKind | None:
    """The registered kind of the task's source (a resolution, a commitment, a document…), or
    None. Content types come from Django's cache, so a list asks the database once at most."""
    if not task.source_type_id:
        return None
    model = ContentType.objects.get_for_id(task.source_type_id).model_class()
    return sources.kind_for_model(model) if model is not None else None


def deadline_feed(kind: str, object_id: int, *, today: dt.date) -> tuple[str, QuerySet[Task]] | None:
    """The calendar feed behind a feed token: the name of its unit or person and their tasks with
    a deadline, neither drafts nor cancelled (a unit's: those led by it or a unit it absorbed by
    `today`), soonest first. None if the unit or person is gone."""
    open_or_recent = Task.objects.exclude(state__in=[State.DRAFT, State.CANCELLED]).filter(deadline__isnull=False)
    if kind == "unit":
        unit = unit_get(object_id)
        if unit is None:
            return None
        name, tasks = unit.name, open_or_recent.filter(lead_unit_id__in=units_held_by(unit.pk, on=today))
    else:
        person = person_get(object_id)
        if person is None:
            return None
        name, tasks = person.full_name, open_or_recent.filter(responsible=person)
    return name, tasks.select_related("lead_unit", "issuer").order_by("deadline", "id")


# --- documents that assign tasks --------------------------------------------------------------


def issued_document(pk: Any) -> IssuedDocument | None:
    """A conclusion notice or directive with its issuer, or None."""
    return IssuedDocument.objects.select_related("issuer").filter(pk=pk).first()


def document_visible_tasks(user: User | AnonymousUser, document: IssuedDocument, *, today: dt.date) -> QuerySet[Task]:
    """The tasks assigned from a document that the user may see, in the document's order."""
    return (
        document_tasks(document).filter(pk__in=visible_tasks(user).values("pk"))
        .annotate(status=status_expression(today)).select_related("lead_unit").order_by("source_ref", "id")
    )


# --- what the task forms offer ----------------------------------------------------------------

ASSIGNABLE_KINDS = [UnitKind.DEPARTMENT, UnitKind.AGENCY, UnitKind.PEOPLES_COMMITTEE, UnitKind.COUNCIL_COMMITTEE]


def assignable_units(user: User, today: dt.date) -> UnitQuerySet:
    """Units a task can be given to: today's departments and agencies of the user's province,
    its People's Committee and the committees of its communes."""
    qs = Unit.objects.valid_on(today).filter(kind__in=ASSIGNABLE_KINDS)
    area_id = user.unit.area_id if user.unit is not None else None
    if area_id is not None:
        qs = qs.filter(Q(area_id=area_id) | Q(area__parent_id=area_id))
    else:
        qs = qs.filter(Q(area__kind=UnitKind.PROVINCE) | Q(kind=UnitKind.DEPARTMENT))
    return qs.select_related("area").order_by("kind", "sort_key")


def issuing_choices(user: User, today: dt.date) -> UnitQuerySet:
    """The bodies in force today this user may issue for (`policy.issuable_units`); for the
    administrator, the provinces' People's Committees and Councils."""
    qs = Unit.objects.valid_on(today)
    issuable = issuable_units(user)
    if issuable is None:
        kinds = [UnitKind.PEOPLES_COMMITTEE, UnitKind.PEOPLES_COUNCIL, UnitKind.STANDING_COMMITTEE]
        return qs.filter(kind__in=kinds, area__kind=UnitKind.PROVINCE).order_by("sort_key")
    # The province's own bodies first (the usual issuer, and the form's default), then its communes'.
    level = Case(When(area__kind=UnitKind.PROVINCE, then=Value(0)), default=Value(1), output_field=IntegerField())
    return qs.filter(pk__in=issuable).order_by(level, "sort_key")


def responsible_choices(units: Any, today: dt.date, *, keep: int | None = None) -> QuerySet[Person]:
    """People who may answer for a task led by one of `units`, as the policy decides
    (`responsible_candidates`: holders of a post there, the unit's own staff; not office clerks),
    and `keep`, the person a task already names (an edit must not lose them)."""
    chosen = Q(pk__in=Person.objects.filter(responsible_candidates(units, today)).values("pk"))
    if keep is not None:
        chosen |= Q(pk=keep)
    # Each person with the unit they serve in (a post there today, else their account's unit), so a
    # list across many units is grouped by unit.
    post = Position.objects.filter(person=OuterRef("pk"), unit__in=units).filter(
        Q(end__isnull=True) | Q(end__gte=today), Q(start__isnull=True) | Q(start__lte=today)
    )
    account = User.objects.filter(person=OuterRef("pk"), unit__in=units, is_active=True)
    unit_label = Coalesce(Subquery(post.values("unit__name")[:1]), Subquery(account.values("unit__name")[:1]), Value(""))
    return Person.objects.filter(chosen).annotate(unit_label=unit_label).order_by("unit_label", "sort_key")


# --- "Việc của tôi": what waits for a user, by what the policy lets them do ---------------------

DUE_SOON_DAYS = 7
"""'Due soon' looks this many calendar days ahead (today included), as the home page says."""

TASK_WORK_KEYS = ("to-receive", "to-report", "report-returned", "overdue", "due-soon")
"""Lists of tasks led by the user's unit (the unit's officer and head)."""
TASK_ISSUER_KEYS = ("completions", "returned", "issued-overdue")
"""Lists of tasks on the issuing side (the offices, a head for what their unit issued)."""
REQUEST_KEYS = ("reports", "extensions", "coordination")
"""Lists of requests rather than tasks: progress reports, extension and coordination requests."""
APPROVAL_KEYS = ("reports", "completions", "extensions")
"""What waits for the user's decision on tasks (/tasks/approvals/)."""


def reporting_month_start(today: dt.date) -> dt.date:
    """The first day of the monthly reporting period `today` falls in: the 15th of the month
    before to the 14th (Decree 09/2019/NĐ-CP, art. 12)."""
    if today.day >= 15:
        return today.replace(day=15)
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=15)


def _period_start_moment(today: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(reporting_month_start(today), dt.time.min))


def _decides_for(user: User) -> set[int] | None:
    """The bodies whose tasks' requests this user decides (None: every body, the administrator)."""
    return issuing_side_units(user)


def _task_conditions(user: User, today: dt.date) -> dict[str, Q]:
    """Each task list of "Việc của tôi" the policy gives this user, as a condition on tasks. The
    lists and their counters both read these, so a counter always matches its list."""
    conditions: dict[str, Q] = {}
    held = held_units(user)
    overdue = status_filter(Status.OVERDUE, today)
    if held and can(user, Action.TASK_WORK):
        lead = Q(lead_unit_id__in=held)
        received = lead & Q(state=State.RECEIVED)
        latest_review = ProgressReport.objects.filter(task=OuterRef("pk")).order_by("-submitted_at", "-id").values("review")[:1]
        conditions["to-receive"] = lead & Q(state=State.ISSUED)
        conditions["to-report"] = received & Q(~Exists(
            ProgressReport.objects.filter(task=OuterRef("pk"), submitted_at__gte=_period_start_moment(today))))
        conditions["report-returned"] = received & Q(Exact(Subquery(latest_review), ReviewState.RETURNED.value))
        conditions["overdue"] = lead & Q(state__in=OPEN_STATES) & overdue
        conditions["due-soon"] = (lead & Q(state__in=[State.ISSUED, State.RECEIVED])
                                  & Q(deadline__gte=today, deadline__lt=today + dt.timedelta(days=DUE_SOON_DAYS)))
    deciding = _decides_for(user)
    everything = deciding is None
    if can(user, Action.TASK_ACCEPT) and (everything or deciding):
        accepting = Q() if everything else (
            Q(accepting_unit_id__in=deciding) | Q(accepting_unit__isnull=True, issuer_id__in=deciding))
        conditions["completions"] = Q(state=State.COMPLETION_REQUESTED) & accepting
    if can(user, Action.TASK_MANAGE) and (everything or deciding):
        issued = Q() if everything else Q(issuer_id__in=deciding)
        conditions["returned"] = Q(state=State.RETURNED) & issued
        conditions["issued-overdue"] = Q(state__in=OPEN_STATES) & issued & overdue
    return conditions


def _pending_reports(user: User) -> QuerySet[ProgressReport] | None:
    """Progress reports waiting for this user's review (`TASK_REVIEW_PROGRESS`: the head of the
    lead unit), or None where the policy gives the user no such list."""
    if not can(user, Action.TASK_REVIEW_PROGRESS):
        return None
    qs = ProgressReport.objects.filter(review=ReviewState.PENDING)
    if _decides_for(user) is not None:
        held = held_units(user)
        if not held:
            return None
        qs = qs.filter(task__lead_unit_id__in=held)
    return qs.select_related("task__lead_unit", "submitted_by").order_by("-submitted_at", "-id")


def _pending_extensions(user: User) -> QuerySet[ExtensionRequest] | None:
    """Extension requests of open tasks waiting for this user's decision (`TASK_MANAGE`: the issuer)."""
    deciding = _decides_for(user)
    if not can(user, Action.TASK_MANAGE) or deciding == set():
        return None
    qs = ExtensionRequest.objects.filter(decision=Decision.PENDING, task__state__in=OPEN_STATES)
    if deciding is not None:
        qs = qs.filter(task__issuer_id__in=deciding)
    return qs.select_related("task__lead_unit", "requested_by").order_by("-requested_at", "-id")


def _coordination_requests(user: User) -> QuerySet[CoordinationRequest] | None:
    if not held_units(user) or not can(user, Action.COORDINATION_ANSWER):
        return None
    return coordination_inbox(user)


def work_list(user: User, key: str, *, today: dt.date) -> QuerySet[Any] | None:
    """The whole list `key` of "Việc của tôi" ("xem tất cả"), or None where the policy gives the
    user no such list. Tasks soonest deadline first, with status and lead unit; requests newest first."""
    if key == "reports":
        return _pending_reports(user)
    if key == "extensions":
        return _pending_extensions(user)
    if key == "coordination":
        return _coordination_requests(user)
    condition = _task_conditions(user, today).get(key)
    if condition is None:
        return None
    return (Task.objects.filter(condition).annotate(status=status_expression(today))
            .select_related("lead_unit", "issuer").order_by("deadline", "id"))


@dataclass(frozen=True)
class MyWork:
    """What waits for a user: each list the policy gives them, its count and its first rows."""

    counts: dict[str, int]
    firsts: dict[str, list[Any]]

    def has(self, key: str) -> bool:
        return key in self.counts


def my_work(user: User, *, today: dt.date, first: int = 5) -> MyWork:
    """The counters and short lists of "Việc của tôi": every task list counted in one statement
    (a COUNT … FILTER per list), each request list in one, and the first `first` rows of each."""
    conditions = _task_conditions(user, today)
    counts: dict[str, int] = {}
    if conditions:
        any_of = Q()
        for condition in conditions.values():
            any_of |= condition
        counts.update(Task.objects.filter(any_of).aggregate(
            **{key: Count("pk", filter=condition) for key, condition in conditions.items()}))
    requests = {key: work_list(user, key, today=today) for key in REQUEST_KEYS}
    for key, qs in requests.items():
        if qs is not None:
            counts[key] = qs.count()
    firsts: dict[str, list[Any]] = {}
    for key, n in counts.items():
        if n:
            qs = requests[key] if key in requests else work_list(user, key, today=today)
            assert qs is not None
            firsts[key] = list(qs[:first])
        else:
            firsts[key] = []
    return MyWork(counts=counts, firsts=firsts)


def approvals(user: User, *, today: dt.date) -> dict[str, list[Any]]:
    """Everything waiting for this user's decision on tasks: progress reports to review,
    completions to accept, extensions to decide; only the lists the policy gives them."""
    lists: dict[str, list[Any]] = {}
    for key in APPROVAL_KEYS:
        qs = work_list(user, key, today=today)
        if qs is not None:
            lists[key] = list(qs)
    return lists


def pending_report(user: User, pk: Any) -> ProgressReport | None:
    """Progress report `pk` if it is in the user's review list (its attachment's download)."""
    qs = _pending_reports(user)
    try:
        return None if qs is None else qs.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def published_progress_notes(task_ids: Iterable[int]) -> dict[int, str]:
    """What the public may read of each task's progress: the latest approved progress report, or
    the product reported once the task's completion was accepted. A report not yet approved, or
    returned, is never shown, nor a reviewer's verdict in place of the note."""
    ids = list(task_ids)
    notes: dict[int, tuple[dt.datetime, str]] = {}
    approved = ProgressReport.objects.filter(task_id__in=ids, review=ReviewState.APPROVED).values_list("task_id", "submitted_at", "narrative")
    completions = TaskEvent.objects.filter(task_id__in=ids, task__state=State.COMPLETED, kind=EventKind.COMPLETION_REQUESTED).values_list("task_id", "at", "note")
    for task_id, at, text in [*approved, *completions]:
        if text and (task_id not in notes or at >= notes[task_id][0]):
            notes[task_id] = (at, text)
    return {task_id: text for task_id, (_, text) in notes.items()}
