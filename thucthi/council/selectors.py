"""Reads of the council's record: sessions with their sittings, agenda, papers, votes and
resolutions; delegates and groups as of a day; questions with answers and commitments; what
was promised at earlier sessions. The web pages, the API and the open-data exports all read
through these, each with its related rows fetched up front (no query per row).

The council's record is public. Where a list depends on who asks (the terms a clerk records
for), the selector takes the user and asks the policy.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet

from thucthi.accounts.models import User
from thucthi.accounts.policy import (
    Action,
    asks_in_own_name,
    can,
    council_records_scope,
    held_units,
    office_issuers,
    task_visibility,
)
from thucthi.core.text import fold, search_terms
from thucthi.council.models import (
    AgendaItem,
    Attendance,
    Commitment,
    Delegate,
    DelegateGroup,
    GroupMembership,
    Question,
    QuestionState,
    Resolution,
    Session,
    SessionDocument,
    SessionState,
    Sitting,
    Term,
    Vote,
    VoteChoice,
    VoteEvent,
    adopted_filter,
)
from thucthi.orgs.models import Person, Unit, UnitKind
from thucthi.orgs.selectors import unit_duty_holders
from thucthi.tasks.models import Status, Task
from thucthi.tasks.selectors import published_progress_notes
from thucthi.tasks.status import derive_status, status_expression

# The agencies that answer to a council (the kinds a task is assigned to): those a question or a
# commitment may be addressed to.
ANSWERING_KINDS = [UnitKind.DEPARTMENT, UnitKind.AGENCY, UnitKind.PEOPLES_COMMITTEE, UnitKind.COUNCIL_COMMITTEE]

# --- Terms and sessions ------------------------------------------------------------------------


def term_get(pk: int) -> Term | None:
    return Term.objects.select_related("council").filter(pk=pk).first()


def council_terms(council_id: int) -> QuerySet[Term]:
    return Term.objects.filter(council_id=council_id).order_by("-number")


def terms_recordable(user: User | AnonymousUser | None) -> QuerySet[Term]:
    """The terms whose sessions this user may record: every term for the administrator, the
    terms of the councils its council office serves, none for anyone else."""
    terms = Term.objects.select_related("council").order_by("-start_year", "council__sort_key", "id")
    scope = council_records_scope(user)
    return terms if scope is None else terms.filter(council_id__in=scope)


def session_get(pk: int) -> Session | None:
    return Session.objects.select_related("term__council__area").filter(pk=pk).first()


def session_list(*, council: int | None = None) -> QuerySet[Session]:
    qs = Session.objects.select_related("term__council").order_by("-start", "id")
    return qs if council is None else qs.filter(term__council_id=council)


# `Resolution.adopted` as a filter: a vote that passed, or no vote and a session that is over.
ADOPTED = adopted_filter()


def sessions_recent(limit: int = 3) -> list[Session]:
    """The sessions the home page shows: the latest ones that adopted resolutions, with those
    resolutions only (a resolution whose vote failed is not among them)."""
    adopted_here = adopted_filter("resolutions__")
    return list(
        Session.objects.select_related("term__council")
        .annotate(n_resolutions=Count("resolutions", filter=adopted_here))
        .filter(n_resolutions__gt=0)
        .prefetch_related(Prefetch("resolutions", queryset=Resolution.objects.filter(ADOPTED).order_by("number")))
        .order_by("-start", "-id")[:limit]
    )


def session_sittings(session: Session) -> QuerySet[Sitting]:
    """The sittings with how many delegates were recorded, and how many present."""
    return session.sittings.annotate(
        n_present=Count("attendance", filter=Q(attendance__present=True)), n_recorded=Count("attendance"),
    ).order_by("day", "id")


def session_attendance_present(session: Session) -> set[tuple[int, int]]:
    """(sitting, delegate) for every delegate recorded present at a sitting of the session."""
    return set(Attendance.objects.filter(sitting__session=session, present=True).values_list("sitting_id", "delegate_id"))


def session_resolutions(session: Session) -> QuerySet[Resolution]:
    return session.resolutions.select_related("vote_event").order_by("number")


def session_resolutions_without_vote(session: Session) -> QuerySet[Resolution]:
    return session.resolutions.filter(vote_event__isnull=True).order_by("number")


def session_vote_events(session: Session) -> QuerySet[VoteEvent]:
    return session.vote_events.prefetch_related(
        Prefetch("votes", queryset=Vote.objects.select_related("delegate__person").order_by("id"))
    ).order_by("day", "id")


def agenda_tree(session: Session) -> list[tuple[AgendaItem, list[AgendaItem]]]:
    items = list(session.agenda.select_related("presenter_unit").order_by("order", "id"))
    children: dict[int, list[AgendaItem]] = {}
    for item in items:
        if item.parent_id is not None:
            children.setdefault(item.parent_id, []).append(item)
    return [(item, children.get(item.pk, [])) for item in items if item.parent_id is None]


def agenda_top_items(session: Session) -> QuerySet[AgendaItem]:
    return session.agenda.filter(parent__isnull=True).order_by("order", "id")


def documents_current(session: Session, q: str = "") -> QuerySet[SessionDocument]:
    """The latest version of each paper, found with or without diacritics."""
    qs = session.documents.filter(replaced_by__isnull=True).select_related("agenda_item")
    for term in search_terms(q):
        qs = qs.filter(search_text__contains=" " + term)
    return qs.order_by("kind", "title")


def session_document(session_id: int, document_id: int) -> SessionDocument | None:
    return SessionDocument.objects.filter(session_id=session_id, pk=document_id).first()


def council_units(session: Session) -> QuerySet[Unit]:
    """Units that answer to this council: its province's agencies in force during the session."""
    area_id = session.term.council.area_id
    return (
        Unit.objects.valid_on(session.start).filter(kind__in=ANSWERING_KINDS)
        .filter(Q(area_id=area_id) | Q(area__parent_id=area_id)).order_by("kind", "sort_key")
    )


def commitment_units(session: Session, *, on: dt.date) -> QuerySet[Unit]:
    """Units a commitment made on `on` may go to: the agencies in force that day of the province
    this council serves, followed to its successor if the province has since merged (a 2020
    session's council reopened today hands new work to today's departments)."""
    area = session.term.council.area
    areas = [u.pk for u in unit_duty_holders(area, on=on)] if area is not None else []
    return (
        Unit.objects.valid_on(on).filter(kind__in=ANSWERING_KINDS)
        .filter(Q(area_id__in=areas) | Q(area__parent_id__in=areas)).order_by("kind", "sort_key")
    )


def commitment_unit_for(question: Question, *, on: dt.date) -> Unit | None:
    """The unit in force on `on` that holds the duties of the unit the question was put to."""
    holders = unit_duty_holders(question.respondent_unit, on=on)
    return holders[0] if holders else None


def answer_day(session: Session, question: Question, *, today: dt.date) -> dt.date:
    """The day an answer is most likely recorded on: today once the session has begun (or was
    reopened), its opening day before that; never before the question was registered."""
    return max(today if session.start <= today else session.start, question.registered_on)


def respondents(session: Session) -> QuerySet[Person]:
    """Heads of the units that answer to the council: who a question is usually put to."""
    return Person.objects.filter(positions__unit__in=council_units(session), positions__role="head").distinct().order_by("sort_key")


# --- Delegates and groups ----------------------------------------------------------------------


def delegates_in_office(term: Term, day: dt.date) -> list[Delegate]:
    return list(
        Delegate.objects.filter(term=term, elected_on__lte=day).filter(Q(left_on__isnull=True) | Q(left_on__gte=day))
        .select_related("person").order_by("person__sort_key", "id")
    )


def mandate_of(term: Term, person_id: int | None) -> Delegate | None:
    """The person's mandate in this term, if they are a delegate of it."""
    if person_id is None:
        return None
    return Delegate.objects.filter(term=term, person_id=person_id).first()


def term_last_day(term: Term) -> dt.date:
    return term.end or dt.date(term.end_year, 12, 31)


def as_of(term: Term, today: dt.date) -> dt.date:
    """The day a term's groups are shown for: today, or the term's last day once it is over."""
    first = term.start or dt.date(term.start_year, 1, 1)
    return max(first, min(today, term_last_day(term)))


@dataclass
class GroupView:
    group: DelegateGroup
    current: list[GroupMembership] = field(default_factory=list)
    past: list[GroupMembership] = field(default_factory=list)


def groups_of_term(term: Term, *, day: dt.date) -> list[GroupView]:
    """Each group of the term with its members on `day` and those who sat in it before or after."""
    views = {g.pk: GroupView(g) for g in DelegateGroup.objects.filter(term=term).order_by("name", "id")}
    memberships = (
        GroupMembership.objects.filter(group__term=term).select_related("delegate__person")
        .order_by("delegate__person__sort_key", "start", "id")
    )
    for m in memberships:
        view = views[m.group_id]
        in_office = m.delegate.in_office_on(day)
        (view.current if m.current_on(day) and in_office else view.past).append(m)
    return sorted(views.values(), key=lambda v: fold(v.group.name))


def delegates_without_group(term: Term, *, day: dt.date) -> list[Delegate]:
    """Delegates in office on `day` who are in no group that day."""
    placed = GroupMembership.objects.filter(group__term=term, start__lte=day).filter(Q(end__isnull=True) | Q(end__gte=day))
    return list(
        Delegate.objects.filter(term=term, elected_on__lte=day).filter(Q(left_on__isnull=True) | Q(left_on__gte=day))
        .exclude(pk__in=placed.values("delegate_id")).select_related("person").order_by("person__sort_key", "id")
    )


def group_of(delegate: Delegate, *, day: dt.date) -> GroupMembership | None:
    """The delegate's group on `day`."""
    return (
        GroupMembership.objects.filter(delegate=delegate, start__lte=day).filter(Q(end__isnull=True) | Q(end__gte=day))
        .select_related("group").first()
    )


def term_group(term: Term, pk: int) -> DelegateGroup | None:
    return DelegateGroup.objects.filter(term=term, pk=pk).select_related("term").first()


def term_membership(term: Term, pk: int) -> GroupMembership | None:
    return GroupMembership.objects.filter(group__term=term, pk=pk).select_related("group__term", "delegate__person").first()


def term_delegates(term: Term) -> QuerySet[Delegate]:
    return Delegate.objects.filter(term=term).select_related("person")


@dataclass
class DelegateRecord:
    """A delegate's page: groups over time, attendance, votes and the questions they asked."""

    delegate: Delegate
    memberships: list[GroupMembership]
    group: GroupMembership | None
    attendance: dict[str, int]
    votes: QuerySet[Vote]
    asked: QuerySet[Question]


def delegate_get(pk: int) -> Delegate | None:
    return Delegate.objects.select_related("person", "term__council").filter(pk=pk).first()


def term_delegate(term_id: int, pk: int) -> Delegate | None:
    """Delegate `pk` if their mandate is in term `term_id`, or None (who may ask at a session)."""
    return Delegate.objects.filter(pk=pk, term_id=term_id).first()


def delegate_record(delegate: Delegate, *, today: dt.date) -> DelegateRecord:
    memberships = list(delegate.group_memberships.select_related("group").order_by("start", "id"))
    day = as_of(delegate.term, today)
    group = next((m for m in memberships if m.current_on(day)), None) if delegate.in_office_on(day) else None
    attendance = delegate.attendance.aggregate(total=Count("id"), present=Count("id", filter=Q(present=True)))
    votes = Vote.objects.filter(delegate=delegate).select_related("vote_event__session").order_by("-vote_event__day", "id")
    asked = Question.objects.filter(asker=delegate).select_related("session", "respondent", "answer").order_by("-registered_on", "id")
    return DelegateRecord(delegate, memberships, group, attendance, votes, asked)


def people_with_mandates() -> QuerySet[Person]:
    return Person.objects.filter(mandates__isnull=False).distinct().order_by("sort_key", "id")


def mandates() -> QuerySet[Delegate]:
    return Delegate.objects.select_related("person", "term__council").order_by("term_id", "person__sort_key", "id")


def latest_groups() -> dict[int, str]:
    """Each delegate's latest group name (by start), for the flat open-data table."""
    latest: dict[int, str] = {}
    for delegate_id, name in GroupMembership.objects.order_by("start", "id").values_list("delegate_id", "group__name"):
        latest[delegate_id] = name
    return latest


# --- Votes and resolutions ---------------------------------------------------------------------


def resolution_list(
    *, council: int | Collection[int] | None = None, year: int | None = None, session: int | None = None,
    adopted: bool | None = None,
) -> QuerySet[Resolution]:
    """Resolutions with their vote; `adopted=True` leaves out those whose vote failed, `False` keeps only them.
    `council`: one council's id or several."""
    qs = Resolution.objects.select_related("vote_event", "session").order_by("-adopted_on", "number")
    if adopted is not None:
        qs = qs.filter(ADOPTED) if adopted else qs.exclude(ADOPTED)
    if isinstance(council, int):
        qs = qs.filter(council_id=council)
    elif council is not None:
        qs = qs.filter(council_id__in=list(council))
    if year is not None:
        qs = qs.filter(year=year)
    if session is not None:
        qs = qs.filter(session_id=session)
    return qs


def vote_event_list() -> QuerySet[VoteEvent]:
    return VoteEvent.objects.order_by("day", "id")


def vote_list() -> QuerySet[Vote]:
    return Vote.objects.select_related("delegate").order_by("vote_event_id", "id")


# --- Questions, answers, commitments -----------------------------------------------------------

_QUESTION_RELATED = ("asker__person", "respondent", "respondent_unit", "answer", "sitting", "follow_up_of__session")


def _with_commitments(qs: QuerySet[Question]) -> QuerySet[Question]:
    return qs.prefetch_related(Prefetch("answer__commitments", queryset=Commitment.objects.select_related("task").order_by("id")))


def questions_of(session: Session) -> QuerySet[Question]:
    return _with_commitments(session.questions.select_related(*_QUESTION_RELATED)).order_by("order", "id")


def question_list(*, session: int | None = None, respondent: int | None = None) -> QuerySet[Question]:
    qs = _with_commitments(Question.objects.select_related(*_QUESTION_RELATED)).order_by("session_id", "order", "id")
    if session is not None:
        qs = qs.filter(session_id=session)
    if respondent is not None:
        qs = qs.filter(respondent_id=respondent)
    return qs


def question_get(pk: int) -> Question | None:
    """Question `pk` of any session, or None (the one a new question follows up)."""
    return Question.objects.filter(pk=pk).first()


def question_in_session(session: Session, pk: int) -> Question | None:
    return Question.objects.filter(session=session, pk=pk).first()


def questions_open(session: Session) -> list[Question]:
    """Questions not answered yet: each gets an answer form on the session page."""
    return list(session.questions.exclude(state="answered").order_by("order", "id"))


def questions_to(person: Person) -> QuerySet[Question]:
    """The questions put to a person, with answers and commitments (the respondent's page)."""
    return _with_commitments(
        Question.objects.filter(respondent=person).select_related("session__term__council", "asker__person", "answer")
    ).order_by("-registered_on", "id")


def earlier_questions(session: Session) -> QuerySet[Question]:
    """Questions of the same council's earlier sessions, which a new question may ask again."""
    return (
        Question.objects.filter(session__term__council=session.term.council, session__start__lt=session.start)
        .select_related("session").order_by("-session__start", "order", "id")
    )


def commitment_list() -> QuerySet[Commitment]:
    return Commitment.objects.select_related("answer", "task").order_by("answer_id", "id")


@dataclass(frozen=True)
class FollowUp:
    commitment: Commitment
    task: Task | None
    status: str | None
    evidence: str


def commitments_follow_up(session: Session, *, today: dt.date) -> list[FollowUp]:
    """For the Standing Committee before `session`: what was promised at earlier sessions of the
    same council, how each stands today, and the latest progress or completion note."""
    earlier = list(
        Commitment.objects.filter(
            answer__question__session__term__council=session.term.council,
            answer__question__session__start__lt=session.start,
        ).select_related("answer__question__session", "answer__question__respondent", "lead_unit")
        .order_by("answer__question__session__start", "id")
    )
    tasks = {
        t.pk: t for t in Task.objects.filter(pk__in=[c.task_id for c in earlier if c.task_id]).annotate(status=status_expression(today))
    }
    # The public reads only what the unit head approved (tasks' own rule), never a draft note.
    notes = published_progress_notes(tasks)
    rows = []
    for c in earlier:
        task = tasks.get(c.task_id) if c.task_id else None
        evidence = notes.get(task.pk, "") if task is not None else ""
        rows.append(FollowUp(c, task, getattr(task, "status", None) if task else None, evidence))
    return rows


# --- A person ----------------------------------------------------------------------------------


@dataclass
class PersonRecord:
    person: Person
    positions: QuerySet[Any]
    mandates: QuerySet[Delegate]
    questions: QuerySet[Question]


def person_record(pk: int) -> PersonRecord | None:
    """A person: positions over time, mandates, and as a respondent the questions answered."""
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        return None
    return PersonRecord(
        person, person.positions.select_related("unit").order_by("-start", "id"), person.mandates.select_related("term__council"),
        questions_to(person),
    )


# --- Choices for the session page's forms ---------------------------------------------------------


def session_agenda_items(session: Session) -> QuerySet[AgendaItem]:
    return session.agenda.order_by("order", "id")


def session_documents_all(session: Session) -> QuerySet[SessionDocument]:
    return session.documents.order_by("kind", "title", "-version")


def session_sitting(session: Session, pk: int) -> Sitting | None:
    return Sitting.objects.filter(session=session, pk=pk).first()


def people() -> QuerySet[Person]:
    return Person.objects.order_by("sort_key", "id")


# --- A delegate's public record ---------------------------------------------------------------

def commitment_status(commitment: Commitment, *, today: dt.date) -> str:
    """A commitment's status in the tasks' official states: its task's, or, before a task is made
    from it, overdue once its promised date has passed and not started until then."""
    task = commitment.task
    if task is not None:
        return derive_status(state=task.state, deadline=task.deadline, completed_on=task.completed_on, today=today)
    if commitment.due_on is not None and commitment.due_on < today:
        return Status.OVERDUE
    return Status.NOT_STARTED


@dataclass
class CommitmentRow:
    commitment: Commitment
    status: str


@dataclass
class QuestionRow:
    question: Question
    commitments: list[CommitmentRow]

    @property
    def answered(self) -> bool:
        return getattr(self.question, "answer", None) is not None


@dataclass
class SittingRow:
    sitting: Sitting
    attendance: Attendance | None  # None: not recorded for this delegate

    @property
    def present(self) -> bool | None:
        return None if self.attendance is None else self.attendance.present


@dataclass
class SessionSittings:
    session: Session
    rows: list[SittingRow]

    @property
    def present(self) -> int:
        return sum(1 for r in self.rows if r.present)

    @property
    def recorded(self) -> int:
        return sum(1 for r in self.rows if r.present is not None)


@dataclass
class DelegatePublicRecord:
    """What a voter may read about a delegate: who, the summary numbers, the questions asked with
    their answers and the commitments they produced, the sittings attended and the votes cast."""

    delegate: Delegate
    memberships: list[GroupMembership]
    group: GroupMembership | None
    serving: bool
    questions: list[QuestionRow]
    sessions: list[SessionSittings]
    votes: list[Vote]
    vote_counts: list[tuple[str, str, int]]  # (choice, label, count), every choice in order

    @property
    def is_sample(self) -> bool:
        return self.delegate.is_sample or self.delegate.person.is_sample

    @property
    def n_asked(self) -> int:
        return len(self.questions)

    @property
    def n_answered(self) -> int:
        return sum(1 for q in self.questions if q.answered)

    @property
    def sittings_held(self) -> int:
        return sum(len(s.rows) for s in self.sessions)

    @property
    def sittings_recorded(self) -> int:
        """Sittings whose roll includes this delegate: attendance is counted out of these only."""
        return sum(1 for s in self.sessions for r in s.rows if r.present is not None)

    @property
    def sittings_unrecorded(self) -> int:
        return self.sittings_held - self.sittings_recorded

    @property
    def sittings_attended(self) -> int:
        return sum(s.present for s in self.sessions)

    @property
    def absences(self) -> list[SittingRow]:
        return [r for s in self.sessions for r in s.rows if r.present is False]


def delegate_public_record(delegate: Delegate, *, today: dt.date) -> DelegatePublicRecord:
    """A delegate's record in a fixed number of queries, whatever the number of sittings,
    questions and votes (tests/council/test_delegate_record.py counts them)."""
    memberships = list(delegate.group_memberships.select_related("group").order_by("start", "id"))
    day = as_of(delegate.term, today)
    serving = delegate.in_office_on(day) and day == today
    group = next((m for m in memberships if m.current_on(day)), None) if delegate.in_office_on(day) else None
    asked = _with_commitments(
        Question.objects.filter(asker=delegate).select_related("session", "respondent", "respondent_unit", "answer", "sitting")
    ).order_by("-registered_on", "-id")
    questions = []
    for q in asked:
        answer = getattr(q, "answer", None)
        commitments = [CommitmentRow(c, commitment_status(c, today=today)) for c in answer.commitments.all()] if answer else []
        questions.append(QuestionRow(q, commitments))
    # The sittings held while the delegate was in office, each with the delegate's attendance.
    last = min(delegate.left_on or today, today)
    sittings = list(
        Sitting.objects.filter(session__term_id=delegate.term_id, day__gte=delegate.elected_on, day__lte=last)
        .select_related("session")
        .order_by("session__start", "day", "id")
    )
    attendance = {a.sitting_id: a for a in delegate.attendance.all()}
    sessions: dict[int, SessionSittings] = {}
    for s in sittings:
        sessions.setdefault(s.session_id, SessionSittings(s.session, [])).rows.append(SittingRow(s, attendance.get(s.pk)))
    votes = list(
        Vote.objects.filter(delegate=delegate)
        .select_related("vote_event__session", "vote_event__resolution")
        .order_by("-vote_event__day", "-vote_event_id")
    )
    counts = Counter(v.choice for v in votes)
    vote_counts = [(str(choice), str(label), counts.get(choice, 0)) for choice, label in VoteChoice.choices]
    return DelegatePublicRecord(
        delegate,
        memberships,
        group,
        serving,
        questions,
        list(sessions.values()),
        votes,
        vote_counts,
    )


# --- "Việc của tôi": the council's lists on a user's home --------------------------------------

COMMITMENT_DUE_DAYS = 7
"""A commitment is 'due' on the home page when its date is at most this many days ahead (or past)."""

_OPEN_TASK_STATES = ("issued", "received", "completion_requested", "returned")


def council_work(user: User, *, today: dt.date) -> dict[str, QuerySet[Any]]:
    """The council's lists of "Việc của tôi" the policy gives `user`, each whole and ordered:
    - the council office (`council_records_scope`): questions to schedule, answers to record;
    - the offices (`office_issuers`): commitments of their province's tasks that fall due;
    - a delegate (`asks_in_own_name`): their questions, the commitments made in answer, and the
      sessions of their term still taking questions.
    The home page counts each and shows its first rows; its "xem tất cả" page shows the same list."""
    lists: dict[str, QuerySet[Any]] = {}
    scope = council_records_scope(user)
    if scope is None or scope:
        in_scope = Q() if scope is None else Q(session__term__council_id__in=scope)
        questions = Question.objects.filter(in_scope).select_related("session", "asker__person", "respondent")
        lists["questions-to-schedule"] = questions.filter(state=QuestionState.REGISTERED).order_by("session__start", "id")
        lists["answers-to-record"] = questions.filter(state=QuestionState.SCHEDULED).order_by("session__start", "order", "id")
    if isinstance(user, User) and can(user, Action.TASK_WORK) and held_units(user):
        # A unit's staff prepare the answers to the questions put to their unit (or to a unit whose
        # duties it took over), while the session may still hear them.
        lists["questions-to-answer"] = (
            Question.objects.filter(respondent_unit_id__in=held_units(user))
            .exclude(state=QuestionState.ANSWERED).exclude(session__state=SessionState.CLOSED)
            .select_related("session", "asker__person", "respondent")
            .order_by("session__start", "-registered_on", "id")
        )
    if isinstance(user, User) and office_issuers(user):
        lists["commitments-due"] = (
            Commitment.objects.filter(
                task__in=Task.objects.filter(task_visibility(user)).values("pk"),
                task__state__in=_OPEN_TASK_STATES,
                due_on__lte=today + dt.timedelta(days=COMMITMENT_DUE_DAYS),
            )
            .select_related("lead_unit", "task", "answer__question__session")
            .order_by("due_on", "id")
        )
    if asks_in_own_name(user):
        person = user.person_id or 0
        lists["my-questions"] = (
            Question.objects.filter(asker__person_id=person)
            .select_related("session", "respondent", "answer")
            .order_by("-registered_on", "-id")
        )
        lists["my-commitments"] = (
            Commitment.objects.filter(answer__question__asker__person_id=person)
            .select_related("task", "lead_unit", "answer__question__session")
            .order_by("due_on", "id")
        )
        lists["open-sessions"] = (
            Session.objects.exclude(state=SessionState.CLOSED)
            .filter(term__delegates__person_id=person, term__delegates__elected_on__lte=today)
            .filter(Q(term__delegates__left_on__isnull=True) | Q(term__delegates__left_on__gte=today))
            .select_related("term__council")
            .distinct()
            .order_by("start", "id")
        )
    return lists


def with_task_status(commitments: QuerySet[Commitment] | list[Commitment], *, today: dt.date) -> list[Commitment]:
    """The commitments, each with `task_status` (`commitment_status` today)."""
    rows = list(commitments)
    for c in rows:
        c.task_status = commitment_status(c, today=today)  # type: ignore[attr-defined]
    return rows
