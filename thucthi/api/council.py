"""Council open data: sessions with their votes, resolutions, questions and commitments (read-only,
public), in the Popolo / Open Civic Data vocabulary where it fits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from thucthi.accounts.models import User
from thucthi.accounts.policy import Action, require
from thucthi.api import errors
from thucthi.api import tasks as task_api
from thucthi.api.auth import AUTH_PUBLIC, AUTH_REQUIRED, caller
from thucthi.api.common import check_page
from thucthi.api.schemas import ErrorOut
from thucthi.api.tasks import TaskDetailOut, TaskIn
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.council import articles, questioning, resolution_selectors, selectors, services
from thucthi.council.models import Question, Resolution, Session, SessionState, VoteEvent
from thucthi.orgs.selectors import person_get, unit_get
from thucthi.tasks.services import CoordinationInput
from thucthi.tasks.status import derive_status

router = Router(tags=["council"], auth=AUTH_PUBLIC)
ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ResolutionOut(Schema):
    id: int
    number: str
    title: str
    adopted_on: dt.date
    legal_normative: bool
    council_id: int
    session_id: int | None
    passed_by_vote: int | None
    adopted: bool
    is_sample: bool


class VoteCountOut(Schema):
    option: str
    value: int


class VoteEventOut(Schema):
    id: int
    motion: str
    day: dt.date
    method: str
    result: str
    total_delegates: int
    counts: list[VoteCountOut]
    votes: list[dict[str, str]]
    resolution_id: int | None
    is_sample: bool


class SessionOut(Schema):
    id: int
    council_id: int
    council: str
    term: int
    number: int
    kind: str
    start: dt.date
    end: dt.date
    place: str
    state: str
    actions: list[str]
    dates_are_sample: bool


class SessionDetailOut(SessionOut):
    resolutions: list[ResolutionOut]
    vote_events: list[VoteEventOut]


class CommitmentOut(Schema):
    id: int
    text: str
    due_on: dt.date | None
    lead_unit_id: int
    task_id: int | None
    task_status: str | None


class QuestionOut(Schema):
    id: int
    session_id: int
    asker: str
    respondent: str
    respondent_title: str
    topic: str
    text: str
    state: str
    answer: str | None
    answer_mode: str | None
    commitments: list[CommitmentOut]
    follow_up_of: int | None
    is_sample: bool


class SessionPage(Schema):
    count: int
    items: list[SessionOut]


class ResolutionPage(Schema):
    count: int
    items: list[ResolutionOut]


class QuestionPage(Schema):
    count: int
    items: list[QuestionOut]


def resolution_out(r: Resolution) -> dict[str, Any]:
    vote = getattr(r, "vote_event", None)
    return {"id": r.pk, "number": r.number, "title": r.title, "adopted_on": r.adopted_on, "legal_normative": r.legal_normative,
            "council_id": r.council_id, "session_id": r.session_id, "passed_by_vote": vote.pk if vote and vote.passed else None,
            "adopted": r.adopted, "is_sample": r.is_sample}


def vote_out(v: VoteEvent) -> dict[str, Any]:
    return {
        "id": v.pk, "motion": v.motion, "day": v.day, "method": v.method, "result": "pass" if v.passed else "fail",
        "total_delegates": v.total_delegates,
        "counts": [{"option": o, "value": getattr(v, o)} for o in ("yes", "no", "abstain", "absent")],
        "votes": [{"voter": str(x.delegate.person), "option": x.choice} for x in v.votes.all()],
        "resolution_id": v.resolution_id, "is_sample": v.is_sample,
    }


def session_out(s: Session) -> dict[str, Any]:
    return {"id": s.pk, "council_id": s.term.council_id, "council": s.term.council.name, "term": s.term.number, "number": s.number,
            "kind": s.kind, "start": s.start, "end": s.end, "place": s.place, "state": s.state,
            "actions": services.session_actions(s), "dates_are_sample": s.dates_are_sample}


def question_out(q: Question, today: dt.date) -> dict[str, Any]:
    answer = getattr(q, "answer", None)
    commitments = []
    if answer is not None:
        for c in answer.commitments.all():
            t = c.task
            status = derive_status(state=t.state, deadline=t.deadline, completed_on=t.completed_on, today=today) if t else None
            commitments.append({"id": c.pk, "text": c.text, "due_on": c.due_on, "lead_unit_id": c.lead_unit_id, "task_id": c.task_id,
                                "task_status": status})
    return {
        "id": q.pk, "session_id": q.session_id, "asker": str(q.asker.person), "respondent": str(q.respondent),
        "respondent_title": q.respondent_title, "topic": q.topic, "text": q.text, "state": q.state,
        "answer": answer.text if answer else None, "answer_mode": answer.mode if answer else None, "commitments": commitments,
        "follow_up_of": q.follow_up_of_id, "is_sample": q.is_sample,
    }


@router.get("/sessions", response={200: SessionPage, **ERRORS}, summary="Các kỳ họp")
def sessions(request: HttpRequest, council: int | None = None, limit: Query[int] = 50, offset: Query[int] = 0) -> dict[str, Any]:
    errors.reject_unknown(request, ["council", "limit", "offset"])
    require(caller(request), Action.VIEW_PUBLIC)
    check_page(limit, offset)
    qs = selectors.session_list(council=council)
    return {"count": qs.count(), "items": [session_out(s) for s in qs[offset : offset + limit]]}


@router.get("/sessions/{session_id}", response={200: SessionDetailOut, **ERRORS}, summary="Kỳ họp: nghị quyết và biểu quyết")
def session_detail(request: HttpRequest, session_id: int) -> dict[str, Any]:
    errors.reject_unknown(request, [])
    require(caller(request), Action.VIEW_PUBLIC)
    s = _session(session_id)
    return _session_detail(s)


def _session(session_id: int) -> Session:
    session = selectors.session_get(session_id)
    if session is None:
        raise Http404
    return session


def _session_detail(s: Session) -> dict[str, Any]:
    resolutions, votes = selectors.session_resolutions(s), selectors.session_vote_events(s)
    return {**session_out(s), "resolutions": [resolution_out(r) for r in resolutions], "vote_events": [vote_out(v) for v in votes]}


@router.get("/resolutions", response={200: ResolutionPage, **ERRORS}, summary="Nghị quyết")
def resolutions(request: HttpRequest, council: int | None = None, year: int | None = None, session: int | None = None,
                adopted: bool | None = None, limit: Query[int] = 50, offset: Query[int] = 0) -> dict[str, Any]:
    """`adopted=true` lists only resolutions adopted (no failed vote), `adopted=false` only those whose vote failed."""
    errors.reject_unknown(request, ["council", "year", "session", "adopted", "limit", "offset"])
    require(caller(request), Action.VIEW_PUBLIC)
    check_page(limit, offset)
    qs = selectors.resolution_list(council=council, year=year, session=session, adopted=adopted)
    return {"count": qs.count(), "items": [resolution_out(r) for r in qs[offset : offset + limit]]}


@router.get("/questions", response={200: QuestionPage, **ERRORS}, summary="Câu hỏi chất vấn, trả lời và cam kết")
def questions(request: HttpRequest, session: int | None = None, respondent: int | None = None, limit: Query[int] = 50,
              offset: Query[int] = 0) -> dict[str, Any]:
    errors.reject_unknown(request, ["session", "respondent", "limit", "offset"])
    require(caller(request), Action.VIEW_PUBLIC)
    check_page(limit, offset)
    qs = selectors.question_list(session=session, respondent=respondent)
    today = clock.today()
    return {"count": qs.count(), "items": [question_out(q, today) for q in qs[offset : offset + limit]]}


# --- The secretariat's and delegates' writes: the same services as the session page ------------


class ReopenIn(Schema):
    reason: str = Field(..., description="Vì sao mở lại kỳ họp đã bế mạc (ít nhất 10 ký tự)")


class QuestionIn(Schema):
    respondent_unit: int
    respondent_title: str
    text: str
    respondent: int | None = Field(None, description="Người bị chất vấn đã có trong danh bạ")
    respondent_name: str = Field("", description="Hoặc họ tên người bị chất vấn (được thêm vào danh bạ nếu chưa có)")
    asker: int | None = Field(None, description="Đại biểu chất vấn (thư ký kỳ họp ghi thay); đại biểu tự đăng ký thì bỏ trống")
    topic: str = ""
    follow_up_of: int | None = None


def _user(request: HttpRequest) -> User:
    user = caller(request)
    assert isinstance(user, User)
    return user


def _ref(pk: int | None, field: str, find: Callable[[int], Any]) -> Any:
    """The row `pk` names, read by the selector `find`, or a Vietnamese refusal on `field`."""
    if pk is None:
        return None
    found = find(pk)
    if found is None:
        raise DomainError(f"Không tìm thấy mã {pk}.", field=field)
    return found


@router.post("/sessions/{session_id}/open", auth=AUTH_REQUIRED, response={200: SessionDetailOut, **WRITE_ERRORS}, summary="Khai mạc kỳ họp")
def session_open(request: HttpRequest, session_id: int) -> dict[str, Any]:
    errors.reject_unknown(request, [])
    s = services.session_set_state(actor=_user(request), session=_session(session_id), state=SessionState.OPEN)
    return _session_detail(_session(s.pk))


@router.post("/sessions/{session_id}/close", auth=AUTH_REQUIRED, response={200: SessionDetailOut, **WRITE_ERRORS}, summary="Bế mạc kỳ họp")
def session_close(request: HttpRequest, session_id: int) -> dict[str, Any]:
    errors.reject_unknown(request, [])
    s = services.session_set_state(actor=_user(request), session=_session(session_id), state=SessionState.CLOSED)
    return _session_detail(_session(s.pk))


@router.post("/sessions/{session_id}/reopen", auth=AUTH_REQUIRED, response={200: SessionDetailOut, **WRITE_ERRORS},
             summary="Mở lại kỳ họp đã bế mạc (ghi lý do)")
def session_reopen(request: HttpRequest, session_id: int, body: ReopenIn) -> dict[str, Any]:
    errors.reject_unknown(request, [])
    s = services.session_reopen(actor=_user(request), session=_session(session_id), reason=body.reason)
    return _session_detail(_session(s.pk))


@router.post("/sessions/{session_id}/questions", auth=AUTH_REQUIRED, response={201: QuestionOut, **WRITE_ERRORS},
             summary="Đăng ký câu hỏi chất vấn")
def question_register(request: HttpRequest, session_id: int, body: QuestionIn) -> Status[dict[str, Any]]:
    errors.reject_unknown(request, [])
    session = _session(session_id)
    question = questioning.question_submit(
        actor=_user(request), session=session, asker=_ref(body.asker, "asker", lambda pk: selectors.term_delegate(session.term_id, pk)),
        respondent=_ref(body.respondent, "respondent", person_get), respondent_name=body.respondent_name,
        respondent_title=body.respondent_title, respondent_unit=_ref(body.respondent_unit, "respondent_unit", unit_get),
        text=body.text, topic=body.topic, follow_up_of=_ref(body.follow_up_of, "follow_up_of", selectors.question_get),
    )
    found = selectors.question_list().get(pk=question.pk)
    return Status(201, question_out(found, clock.today()))


# --- A resolution with its articles; tasks made from it ------------------------------------------


class ArticleTaskOut(Schema):
    id: int
    title: str
    lead_unit_id: int
    deadline: dt.date | None
    status: str
    source_ref: str


class ProgressOut(Schema):
    total: int
    done: int
    percent_done: int | None
    by_status: dict[str, int]


class ArticleOut(Schema):
    id: int
    number: int
    clause: str
    label: str = Field(description="Cách trích dẫn: “Điều 2, khoản 1”")
    title: str
    text: str
    is_sample: bool
    tasks: list[ArticleTaskOut]
    progress: ProgressOut


class ResolutionDetailOut(ResolutionOut):
    vote_event: VoteEventOut | None
    articles: list[ArticleOut]
    other_tasks: list[ArticleTaskOut] = Field(description="Nhiệm vụ giao từ cả nghị quyết, không gắn với điều nào")
    progress: ProgressOut


class ResolutionTaskIn(TaskIn):
    article: int | None = Field(None, description="Điều, khoản của nghị quyết mà nhiệm vụ giao từ đó (mã trong `articles`)")
    source_ref: str = Field("", description="Hoặc trích dẫn điều, khoản: “Điều 2, khoản 1” (bỏ qua khi có `article`)")


def _progress_out(p: resolution_selectors.Progress) -> dict[str, Any]:
    return {"total": p.total, "done": p.done, "percent_done": p.percent_done, "by_status": dict(p.counts)}


def _article_task_out(t: Any) -> dict[str, Any]:
    return {"id": t.pk, "title": t.title, "lead_unit_id": t.lead_unit_id, "deadline": t.deadline, "status": t.status,
            "source_ref": t.source_ref}


def _resolution(resolution_id: int) -> Resolution:
    resolution = resolution_selectors.resolution_get(resolution_id)
    if resolution is None:
        raise Http404
    return resolution


@router.get("/resolutions/{resolution_id}", response={200: ResolutionDetailOut, **ERRORS},
            summary="Nghị quyết: biểu quyết, các điều và nhiệm vụ giao từ mỗi điều")
def resolution_detail(request: HttpRequest, resolution_id: int) -> dict[str, Any]:
    """A resolution whose vote failed answers `adopted: false` with its vote. Each article lists the
    tasks made from it that the caller may see (issued tasks are public follow-up; drafts only for
    their issuing side) and its progress by official status (an article's includes its clauses')."""
    errors.reject_unknown(request, [])
    user = caller(request)
    require(user, Action.VIEW_PUBLIC)
    resolution = _resolution(resolution_id)
    view = resolution_selectors.resolution_view(user, resolution, today=clock.today())
    vote = getattr(resolution, "vote_event", None)
    return {
        **resolution_out(resolution),
        "vote_event": vote_out(vote) if vote is not None else None,
        "articles": [{
            "id": row.article.pk, "number": row.article.number, "clause": row.article.clause, "label": row.article.label,
            "title": row.article.title, "text": row.article.text, "is_sample": row.article.is_sample,
            "tasks": [_article_task_out(t) for t in row.tasks], "progress": _progress_out(row.progress),
        } for row in view.rows],
        "other_tasks": [_article_task_out(t) for t in view.other_tasks],
        "progress": _progress_out(view.progress),
    }


@router.post("/resolutions/{resolution_id}/tasks", auth=AUTH_REQUIRED, response={201: TaskDetailOut, **WRITE_ERRORS},
             summary="Giao nhiệm vụ từ nghị quyết hoặc một điều, khoản của nghị quyết")
def resolution_task_create(request: HttpRequest, resolution_id: int, body: ResolutionTaskIn) -> Status[dict[str, Any]]:
    """The task's source is the resolution and its `source_ref` the article (“Điều 2, khoản 1”); a
    resolution whose vote failed is refused (422, field `source`)."""
    errors.reject_unknown(request, [])
    user = _user(request)
    resolution = _resolution(resolution_id)
    article = _ref(body.article, "article", lambda pk: resolution_selectors.resolution_article(resolution, pk))
    issuer, lead = task_api._unit(body.issuer, "issuer"), task_api._unit(body.lead_unit, "lead_unit")
    assert issuer is not None and lead is not None
    coordinations = []
    for c in body.coordinations:
        unit = task_api._unit(c.unit, "coordinations")
        assert unit is not None
        coordinations.append(CoordinationInput(unit=unit, duty=c.duty, deadline=c.deadline))
    # The recurrence fields, where the task schema has them.
    recurring = {name: getattr(body, name) or ("" if name == "recurrence" else None)
                 for name in ("recurrence", "recurrence_until") if hasattr(body, name)}
    task = articles.resolution_task_create(
        actor=user, resolution=resolution, source_ref=article.label if article is not None else body.source_ref,
        title=body.title, issuer=issuer, lead_unit=lead, coordinations=coordinations, issue=body.issue,
        description=body.description, responsible=task_api._person(body.responsible),
        accepting_unit=task_api._unit(body.accepting_unit, "accepting_unit"), expected_product=body.expected_product,
        deadline_kind=body.deadline_kind, deadline=body.deadline, working_days=body.working_days,
        no_deadline_reason=body.no_deadline_reason, inactivity_days=body.inactivity_days, **recurring,
    )
    return Status(201, task_api.detail_out(task_api._visible(request, task.pk), today=clock.today()))
