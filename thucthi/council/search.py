"""Finding the council's record: lists of sessions, resolutions, delegates, questions and commitments
with filters, and one search across them, units and the tasks the user may see.

Every text filter is diacritic-free: the query is folded (`core.text.search_terms`) and each word must
begin a word of the row's stored `search_text` ("ha tang" finds "hạ tầng"). Each list comes with its
related rows joined (`select_related`), so a page costs the same few queries however long it is.
The council's record is public; tasks are shown only as the policy lets the user see them
(`tasks.selectors.task_list` applies `policy.task_visibility`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractYear

from thucthi.accounts.models import User
from thucthi.accounts.policy import units_in_province
from thucthi.core.text import search_terms
from thucthi.council.models import (
    Commitment,
    Delegate,
    DelegateGroup,
    GroupMembership,
    Question,
    Resolution,
    Session,
    Term,
    adopted_filter,
)
from thucthi.council.selectors import resolution_list
from thucthi.orgs.models import Person, Unit, UnitKind
from thucthi.orgs.selectors import unit_list
from thucthi.tasks.models import Status, Task
from thucthi.tasks.selectors import task_list
from thucthi.tasks.status import status_filter

# A query shorter than this (after folding) would match nearly everything.
MIN_QUERY = 2

# A session's adopted resolutions (`Resolution.adopted`), counted on the sessions list.
_ADOPTED_HERE = adopted_filter("resolutions__")
# A commitment is done once its task is completed or cancelled.
_DONE = Q(task__state__in=["completed", "cancelled"])


Councils = int | Collection[int] | None
"""A council filter: one council, several (a province's, through the 2025 mergers), or any."""


def _of(field: str, council: Councils) -> Q:
    if council is None:
        return Q()
    if isinstance(council, int):
        return Q(**{field: council})
    return Q(**{f"{field}__in": list(council)})


def _matching(qs: QuerySet[Any], q: str, *fields: str) -> QuerySet[Any]:
    """Rows where every folded word of `q` begins a word of one of `fields` (search_text columns)."""
    for term in search_terms(q):
        condition = Q()
        for f in fields:
            condition |= Q(**{f"{f}__contains": " " + term})
        qs = qs.filter(condition)
    return qs


def query_too_short(q: str) -> bool:
    return len("".join(search_terms(q))) < MIN_QUERY


# --- Choices for the filters ---------------------------------------------------------------------


def councils() -> QuerySet[Unit]:
    """The councils that have a record here (a term at least)."""
    return Unit.objects.filter(kind=UnitKind.PEOPLES_COUNCIL, terms__isnull=False).distinct().order_by("sort_key", "id")


def own_councils(user: User | AnonymousUser | None) -> list[int]:
    """The councils of the user's province, those of the provinces it took over in 2025 included (the
    lists open on them); none for the public."""
    if not isinstance(user, User) or user.unit_id is None:
        return []
    return list(councils().filter(units_in_province(user)).values_list("pk", flat=True))


def terms() -> QuerySet[Term]:
    return Term.objects.filter(council__in=councils()).select_related("council").order_by("council__sort_key", "-number")


def session_years() -> list[int]:
    return sorted({y for y in Session.objects.annotate(y=ExtractYear("start")).values_list("y", flat=True)}, reverse=True)


def resolution_years() -> list[int]:
    return sorted(set(Resolution.objects.values_list("year", flat=True)), reverse=True)


def sessions_all(council: Councils = None) -> QuerySet[Session]:
    """The sessions a filter offers: those of the chosen council(s), or all."""
    return Session.objects.filter(_of("term__council_id", council)).select_related("term__council").order_by("-start", "id")


def delegate_groups() -> QuerySet[DelegateGroup]:
    return DelegateGroup.objects.select_related("term").order_by("-term__start_year", "name", "id")


def respondent_units() -> QuerySet[Unit]:
    """Units that were questioned at some session."""
    return Unit.objects.filter(questions_received__isnull=False).distinct().order_by("sort_key", "id")


def askers(council: Councils = None) -> QuerySet[Delegate]:
    """Delegates (of the chosen council(s), or all) who asked at least one question."""
    return (
        Delegate.objects.filter(_of("term__council_id", council), questions__isnull=False)
        .distinct()
        .select_related("person")
        .order_by("person__sort_key", "id")
    )


def commitment_units() -> QuerySet[Unit]:
    """Units that lead at least one commitment."""
    return Unit.objects.filter(commitments__isnull=False).distinct().order_by("sort_key", "id")


# --- The lists -----------------------------------------------------------------------------------


def sessions_find(
    *,
    council: Councils = None,
    term: int | None = None,
    year: int | None = None,
    state: str = "",
    q: str = "",
) -> QuerySet[Session]:
    """Sessions, latest first, with how many resolutions each adopted. `q` matches the session
    ("ky hop thu 12", its kind, place, summary) or its council's names ("hung yen")."""
    qs = Session.objects.select_related("term__council")
    qs = qs.filter(_of("term__council_id", council))
    if term is not None:
        qs = qs.filter(term_id=term)
    if year is not None:
        qs = qs.filter(start__year=year)
    if state:
        qs = qs.filter(state=state)
    qs = _matching(qs, q, "search_text", "term__council__search_text")
    return qs.annotate(n_resolutions=Count("resolutions", filter=_ADOPTED_HERE)).order_by("-start", "-id")


def resolutions_find(
    *,
    council: Councils = None,
    session: int | None = None,
    year: int | None = None,
    adopted: bool | None = None,
    sample: bool | None = None,
    q: str = "",
) -> QuerySet[Resolution]:
    """Resolutions, latest first. `adopted=True` never lists one whose vote failed; `False` lists only those."""
    qs = resolution_list(council=council, session=session, year=year, adopted=adopted).select_related("council", "session__term")
    if sample is not None:
        qs = qs.filter(is_sample=sample)
    return _matching(qs, q, "search_text").order_by("-adopted_on", "number", "id")


def _serving(today: dt.date) -> Q:
    """In office on `today`: elected by then, not left, and the term not over."""
    term_running = Q(term__end__gte=today) | Q(term__end__isnull=True, term__end_year__gte=today.year)
    return Q(elected_on__lte=today) & (Q(left_on__isnull=True) | Q(left_on__gte=today)) & term_running


def delegates_find(
    *,
    today: dt.date,
    council: Councils = None,
    term: int | None = None,
    group: int | None = None,
    serving: bool | None = None,
    q: str = "",
) -> QuerySet[Delegate]:
    """Mandates (a person in a term), with each one's groups over time, latest first (`groups`)."""
    qs = Delegate.objects.select_related("person", "term__council").prefetch_related(
        Prefetch(
            "group_memberships",
            queryset=GroupMembership.objects.select_related("group").order_by("-start", "-id"),
            to_attr="groups",
        )
    )
    qs = qs.filter(_of("term__council_id", council))
    if term is not None:
        qs = qs.filter(term_id=term)
    if group is not None:
        qs = qs.filter(pk__in=GroupMembership.objects.filter(group_id=group).values("delegate_id"))
    if serving is not None:
        qs = qs.filter(_serving(today)) if serving else qs.exclude(_serving(today))
    qs = _matching(qs, q, "person__search_text")
    return qs.order_by("-term__start_year", "term__council__sort_key", "person__sort_key", "id")


def questions_find(
    *,
    council: Councils = None,
    session: int | None = None,
    respondent_unit: int | None = None,
    state: str = "",
    asker: int | None = None,
    q: str = "",
) -> QuerySet[Question]:
    """Questions, latest session first. `q` matches the question, its topic, the respondent's title
    or the asking delegate's name."""
    qs = Question.objects.select_related("session__term__council", "asker__person", "respondent", "respondent_unit")
    qs = qs.filter(_of("session__term__council_id", council))
    if session is not None:
        qs = qs.filter(session_id=session)
    if respondent_unit is not None:
        qs = qs.filter(respondent_unit_id=respondent_unit)
    if state:
        qs = qs.filter(state=state)
    if asker is not None:
        qs = qs.filter(asker_id=asker)
    qs = _matching(qs, q, "search_text", "asker__person__search_text", "respondent__search_text")
    return qs.order_by("-session__start", "order", "id")


# Commitment filters: by due date, and by the task made of it.
DUE_OVERDUE, DUE_SOON = "overdue", "soon"
TASK_NONE, TASK_MADE = "none", "made"
SOON_DAYS = 30


def commitments_find(
    *,
    today: dt.date,
    council: Councils = None,
    lead_unit: int | None = None,
    due: str = "",
    task: str = "",
    q: str = "",
) -> QuerySet[Commitment]:
    """Commitments made in answers, soonest due first. `due`: "overdue" (due date passed, not done) or
    "soon" (due within 30 days, not done); `task`: "none", "made" or a task status."""
    qs = Commitment.objects.select_related(
        "answer__question__session__term__council",
        "answer__question__respondent",
        "lead_unit",
        "task",
    )
    qs = qs.filter(_of("answer__question__session__term__council_id", council))
    if lead_unit is not None:
        qs = qs.filter(lead_unit_id=lead_unit)
    if due == DUE_OVERDUE:
        qs = qs.filter(due_on__lt=today).exclude(_DONE)
    elif due == DUE_SOON:
        qs = qs.filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=SOON_DAYS)).exclude(_DONE)
    if task == TASK_NONE:
        qs = qs.filter(task__isnull=True)
    elif task == TASK_MADE:
        qs = qs.filter(task__isnull=False)
    elif task:
        qs = qs.filter(task_id__in=Task.objects.filter(status_filter(Status(task), today)).values("pk"))
    qs = _matching(qs, q, "search_text")
    return qs.order_by("due_on", "id")


# --- One search across the system ----------------------------------------------------------------


@dataclass(frozen=True)
class Hits:
    """One kind of result: how many match, and the first few."""

    kind: str
    count: int
    items: list[Any]


KINDS = ("sessions", "resolutions", "delegates", "people", "questions", "commitments", "units", "tasks")


def people_find(q: str) -> QuerySet[Person]:
    """People by name (respondents, officials, delegates): each has a public page."""
    return _matching(Person.objects.all(), q, "search_text").order_by("sort_key", "id")


def site_search(user: User | AnonymousUser, q: str, *, today: dt.date, limit: int = 5) -> list[Hits]:
    """Everything that matches `q`, grouped by kind, in `KINDS` order; tasks only those `user` may see."""
    lists: dict[str, QuerySet[Any]] = {
        "sessions": sessions_find(q=q),
        "resolutions": resolutions_find(q=q),
        "delegates": delegates_find(today=today, q=q),
        "people": people_find(q),
        "questions": questions_find(q=q),
        "commitments": commitments_find(today=today, q=q),
        "units": unit_list(q=q),
        "tasks": task_list(user, today=today, q=q),
    }
    return [Hits(kind, qs.count(), list(qs[:limit])) for kind, qs in lists.items()]
