"""Tasks in the API: a filtered list, the task with its timeline, and one operation per step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import ConfigDict

from thucthi.accounts.models import User
from thucthi.accounts.policy import Action, require
from thucthi.api import errors
from thucthi.api.auth import AUTH_REQUIRED, caller
from thucthi.api.common import check_page, unit_out
from thucthi.api.schemas import ErrorOut, UnitOut
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.orgs.models import Person, Unit
from thucthi.orgs.selectors import person_get, unit_get
from thucthi.tasks import selectors, services, sources
from thucthi.tasks.models import CoordinationRequest, ExtensionRequest, ProgressReport, Task
from thucthi.tasks.status import derive_status

router = Router(tags=["tasks"], auth=AUTH_REQUIRED)
ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}

StatusName = Literal["not_started", "in_progress", "overdue", "completed_on_time", "completed_late", "cancelled"]
DeadlineKindName = Literal["date", "working_days", "recurring", "none"]
RecurrenceName = Literal["monthly", "quarterly", "half_yearly", "yearly"]


class TaskOut(Schema):
    id: int
    title: str
    status: StatusName
    state: str
    issuer: UnitOut
    lead_unit: UnitOut
    responsible: str | None
    deadline_kind: DeadlineKindName
    deadline: dt.date | None
    original_deadline: dt.date | None
    recurrence: RecurrenceName | None
    recurrence_until: dt.date | None
    issued_on: dt.date | None
    completed_on: dt.date | None
    progress: int
    version: int
    source: str | None
    source_ref: str
    is_sample: bool


class TaskPage(Schema):
    count: int
    items: list[TaskOut]


class CoordinationOut(Schema):
    unit: UnitOut
    duty: str
    deadline: dt.date | None


class EventOut(Schema):
    kind: str
    label: str
    at: dt.datetime
    actor: str | None
    note: str


class ReportOut(Schema):
    id: int
    percent: int
    narrative: str
    submitted_by: str | None
    submitted_at: dt.datetime
    review: str
    review_note: str


class ExtensionOut(Schema):
    id: int
    current_deadline: dt.date
    proposed_deadline: dt.date
    reason: str
    decision: str
    decision_note: str


class CoordinationRequestOut(Schema):
    id: int
    to_unit: UnitOut
    message: str
    due_on: dt.date
    answer: str
    answered_on: dt.date | None


class ClearOut(Schema):
    key: str
    label: str
    hint: str


class TaskDetailOut(TaskOut):
    description: str
    expected_product: str
    accepting_unit: UnitOut | None
    responsible_units_today: list[UnitOut]
    missing_clears: list[ClearOut]
    coordinations: list[CoordinationOut]
    events: list[EventOut]
    progress_reports: list[ReportOut]
    extension_requests: list[ExtensionOut]
    coordination_requests: list[CoordinationRequestOut]


class CoordinationIn(Schema):
    unit: int
    duty: str = ""
    deadline: dt.date | None = None


class TaskIn(Schema):
    title: str
    description: str = ""
    issuer: int
    lead_unit: int
    responsible: int | None = None
    accepting_unit: int | None = None
    expected_product: str = ""
    deadline_kind: DeadlineKindName = "date"
    deadline: dt.date | None = None
    working_days: int | None = None
    recurrence: RecurrenceName | None = Field(None, description="Chu kỳ của nhiệm vụ định kỳ (deadline_kind=recurring); deadline là hạn kỳ đầu tiên.")
    recurrence_until: dt.date | None = Field(None, description="Định kỳ đến ngày (bỏ trống: không hạn kết thúc).")
    no_deadline_reason: str = ""
    inactivity_days: int | None = None
    coordinations: list[CoordinationIn] = Field(default_factory=list)
    issue: bool = False


class TaskPatch(Schema):
    """Only the fields sent are changed; a field this operation does not know is refused (422), never ignored."""

    model_config = ConfigDict(extra="forbid")

    version: int
    title: str | None = None
    description: str | None = None
    responsible: int | None = None
    accepting_unit: int | None = None
    expected_product: str | None = None
    deadline: dt.date | None = None
    recurrence: RecurrenceName | None = None
    recurrence_until: dt.date | None = None
    lead_unit: int | None = Field(None, description=(
        "Giao lại cho đơn vị khác (nhiệm vụ bị trả lại hoặc chưa tiếp nhận): cần `reason` và người chịu trách nhiệm "
        "thuộc đơn vị mới (`responsible`)."))
    reason: str = Field("", description="Lý do giao lại cho đơn vị khác.")


class NoteIn(Schema):
    note: str = ""


class ReasonIn(Schema):
    reason: str


class ProgressIn(Schema):
    percent: int
    narrative: str


class ReviewIn(Schema):
    approve: bool
    note: str = ""


class DecisionIn(Schema):
    accept: bool
    note: str = ""


class ExtensionIn(Schema):
    proposed_deadline: dt.date
    reason: str


class ExtensionDecisionIn(Schema):
    approve: bool
    note: str = ""
    new_deadline: dt.date | None = None


class CoordinationRequestIn(Schema):
    to_unit: int
    message: str
    due_on: dt.date


class AnswerIn(Schema):
    answer: str


def task_out(task: Task, *, today: dt.date) -> dict[str, Any]:
    status = getattr(task, "status", None) or derive_status(state=task.state, deadline=task.deadline, completed_on=task.completed_on, today=today)
    source = selectors.source_kind(task)
    return {
        "id": task.pk, "title": task.title, "status": status, "state": task.state,
        "issuer": unit_out(task.issuer), "lead_unit": unit_out(task.lead_unit),
        "responsible": task.responsible.full_name if task.responsible else None,
        "deadline_kind": task.deadline_kind, "deadline": task.deadline, "original_deadline": task.original_deadline,
        "recurrence": task.recurrence or None, "recurrence_until": task.recurrence_until,
        "issued_on": task.issued_on, "completed_on": task.completed_on, "progress": task.progress, "version": task.version,
        "source": source.key if source else None, "source_ref": task.source_ref, "is_sample": task.is_sample,
    }


def _visible(request: HttpRequest, task_id: int) -> Task:
    task = selectors.task_detail(caller(request), task_id, today=clock.today())
    if task is None:
        raise HttpError(404, "Không tìm thấy nhiệm vụ, hoặc bạn không có quyền xem.")
    return task


def _user(request: HttpRequest) -> User:
    user = caller(request)
    assert isinstance(user, User)
    return user


def _unit(unit_id: int | None, field: str) -> Unit | None:
    if unit_id is None:
        return None
    unit = unit_get(unit_id)
    if unit is None:
        raise DomainError(f"Không có đơn vị #{unit_id}.", field=field)
    return unit


def _person(person_id: int | None) -> Person | None:
    if person_id is None:
        return None
    person = person_get(person_id)
    if person is None:
        raise DomainError(f"Không có người #{person_id}.", field="responsible")
    return person


def detail_out(task: Task, *, today: dt.date) -> dict[str, Any]:
    return {
        **task_out(task, today=today),
        "description": task.description, "expected_product": task.expected_product,
        "accepting_unit": unit_out(task.accepting_unit) if task.accepting_unit else None,
        "responsible_units_today": [unit_out(u) for u in selectors.responsible_now(task, today=today)],
        "missing_clears": [{"key": c.key, "label": str(c.label), "hint": str(c.hint)} for c in services.missing_clears(task)],
        "coordinations": [{"unit": unit_out(c.unit), "duty": c.duty, "deadline": c.deadline} for c in task.coordinations.all()],
        "events": [
            {"kind": e.kind, "label": e.get_kind_display(), "at": e.at, "actor": e.actor.display_name if e.actor else None, "note": e.note}
            for e in task.events.all()
        ],
        "progress_reports": [
            {"id": r.pk, "percent": r.percent, "narrative": r.narrative, "submitted_by": r.submitted_by.display_name if r.submitted_by else None,
             "submitted_at": r.submitted_at, "review": r.review, "review_note": r.review_note}
            for r in task.progress_reports.all()
        ],
        "extension_requests": [
            {"id": x.pk, "current_deadline": x.current_deadline, "proposed_deadline": x.proposed_deadline, "reason": x.reason,
             "decision": x.decision, "decision_note": x.decision_note}
            for x in task.extension_requests.all()
        ],
        "coordination_requests": [
            {"id": c.pk, "to_unit": unit_out(c.to_unit), "message": c.message, "due_on": c.due_on, "answer": c.answer, "answered_on": c.answered_on}
            for c in task.coordination_requests.all()
        ],
    }


TASK_FILTERS = ["status", "lead_unit", "coordinating_unit", "issuer", "source", "deadline_from", "deadline_to", "overdue", "q", "limit", "offset"]


@router.get("", response={200: TaskPage, **ERRORS}, summary="Danh sách nhiệm vụ")
def task_list(
    request: HttpRequest,
    status: Query[list[StatusName]] = [],  # noqa: B006 - ninja reads the default, never mutates it
    lead_unit: int | None = None,
    coordinating_unit: int | None = None,
    issuer: int | None = None,
    source: str = "",
    deadline_from: dt.date | None = None,
    deadline_to: dt.date | None = None,
    overdue: bool | None = None,
    q: str = "",
    limit: Query[int] = 50,
    offset: Query[int] = 0,
) -> dict[str, Any]:
    """Lọc theo trạng thái, cơ quan chủ trì, cơ quan phối hợp, cơ quan giao, nguồn, khoảng thời hạn, quá hạn; sắp theo thời hạn."""
    errors.reject_unknown(request, TASK_FILTERS)
    require(caller(request), Action.TASK_VIEW)
    check_page(limit, offset)
    if source and sources.by_key(source) is None:
        raise DomainError(f"Nguồn “{source}” không có; dùng: {', '.join(k.key for k in sources.kinds())}.", field="source")
    today = clock.today()
    qs = selectors.task_list(
        caller(request), today=today, status=status, lead_unit=lead_unit, coordinating_unit=coordinating_unit, issuer=issuer,
        source=source, deadline_from=deadline_from, deadline_to=deadline_to, overdue=overdue, q=q,
    )
    return {"count": qs.count(), "items": [task_out(t, today=today) for t in qs[offset : offset + limit]]}


@router.post("", response={201: TaskDetailOut, **ERRORS}, summary="Tạo (và giao) nhiệm vụ")
def task_create(request: HttpRequest, body: TaskIn) -> Status[dict[str, Any]]:
    user = _user(request)
    issuer, lead = _unit(body.issuer, "issuer"), _unit(body.lead_unit, "lead_unit")
    assert issuer is not None and lead is not None
    coordinations = []
    for c in body.coordinations:
        unit = _unit(c.unit, "coordinations")
        assert unit is not None
        coordinations.append(services.CoordinationInput(unit=unit, duty=c.duty, deadline=c.deadline))
    task = services.task_create(
        actor=user, title=body.title, issuer=issuer, lead_unit=lead, coordinations=coordinations, issue=body.issue,
        description=body.description, responsible=_person(body.responsible), accepting_unit=_unit(body.accepting_unit, "accepting_unit"),
        expected_product=body.expected_product, deadline_kind=body.deadline_kind, deadline=body.deadline,
        working_days=body.working_days, no_deadline_reason=body.no_deadline_reason, inactivity_days=body.inactivity_days,
        recurrence=body.recurrence or "", recurrence_until=body.recurrence_until,
    )
    return Status(201, detail_out(_visible(request, task.pk), today=clock.today()))


@router.get("/{task_id}", response={200: TaskDetailOut, **ERRORS}, summary="Nhiệm vụ và toàn bộ diễn biến")
def task_get(request: HttpRequest, task_id: int) -> dict[str, Any]:
    errors.reject_unknown(request, [])
    task = _visible(request, task_id)
    require(caller(request), Action.TASK_VIEW, task)
    return detail_out(task, today=clock.today())


@router.patch("/{task_id}", response={200: TaskDetailOut, **ERRORS}, summary="Sửa nhiệm vụ (kèm version để tránh ghi đè)")
def task_patch(request: HttpRequest, task_id: int, body: TaskPatch) -> dict[str, Any]:
    task = _visible(request, task_id)
    changes: dict[str, Any] = {}
    data = body.model_dump(exclude_unset=True)
    for name in ("title", "description", "expected_product", "deadline", "recurrence_until"):
        if name in data:
            changes[name] = data[name]
    if "recurrence" in data:
        changes["recurrence"] = data["recurrence"] or ""
    if "lead_unit" in data:
        changes["lead_unit"] = _unit(data["lead_unit"], "lead_unit")
    if "responsible" in data:
        changes["responsible"] = _person(data["responsible"])
    if "accepting_unit" in data:
        changes["accepting_unit"] = _unit(data["accepting_unit"], "accepting_unit")
    services.task_update(actor=_user(request), task=task, expected_version=body.version, reason=body.reason, **changes)
    return detail_out(_visible(request, task_id), today=clock.today())


SUB_ITEMS: dict[type[Any], Callable[[Task, int], Any]] = {
    ProgressReport: selectors.task_report,
    ExtensionRequest: selectors.task_extension,
    CoordinationRequest: selectors.task_coordination_request,
}
"""How each kind of thing of a task's is read, by its model."""


def _step(request: HttpRequest, task_id: int, action: Any) -> dict[str, Any]:
    task = _visible(request, task_id)
    action(_user(request), task)
    return detail_out(_visible(request, task_id), today=clock.today())


def _sub_step(request: HttpRequest, task_id: int, model: Any, sub_id: int, action: Any) -> dict[str, Any]:
    """A step on something of the task's (a report, an extension request, a coordination request)."""
    task = _visible(request, task_id)
    item = SUB_ITEMS[model](task, sub_id)
    if item is None:
        raise Http404(f"No {model._meta.object_name} matches the given query.")
    action(_user(request), item)
    return detail_out(_visible(request, task_id), today=clock.today())


@router.post("/{task_id}/issue", response={200: TaskDetailOut, **ERRORS}, summary="Giao nhiệm vụ (kiểm tra 6 rõ)")
def task_issue(request: HttpRequest, task_id: int) -> dict[str, Any]:
    return _step(request, task_id, lambda u, t: services.task_issue(actor=u, task=t))


@router.post("/{task_id}/receive", response={200: TaskDetailOut, **ERRORS}, summary="Tiếp nhận nhiệm vụ")
def task_receive(request: HttpRequest, task_id: int) -> dict[str, Any]:
    return _step(request, task_id, lambda u, t: services.task_receive(actor=u, task=t))


@router.post("/{task_id}/return", response={200: TaskDetailOut, **ERRORS}, summary="Trả lại nhiệm vụ giao không đúng")
def task_return(request: HttpRequest, task_id: int, body: ReasonIn) -> dict[str, Any]:
    return _step(request, task_id, lambda u, t: services.task_return(actor=u, task=t, reason=body.reason))


@router.post("/{task_id}/progress", response={200: TaskDetailOut, **ERRORS}, summary="Báo cáo tiến độ")
def task_progress(request: HttpRequest, task_id: int, body: ProgressIn) -> dict[str, Any]:
    return _step(request, task_id, lambda u, t: services.progress_submit(actor=u, task=t, percent=body.percent, narrative=body.narrative))


@router.post("/{task_id}/progress/{report_id}/review", response={200: TaskDetailOut, **ERRORS}, summary="Duyệt báo cáo tiến độ")
def task_progress_review(request: HttpRequest, task_id: int, report_id: int, body: ReviewIn) -> dict[str, Any]:
    return _sub_step(request, task_id, ProgressReport, report_id,
                     lambda u, r: services.progress_review(actor=u, report=r, approve=body.approve, note=body.note))


@router.post("/{task_id}/completion-request", response={200: TaskDetailOut, **ERRORS}, summary="Đề nghị công nhận hoàn thành")
def task_completion_request(request: HttpRequest, task_id: int, body: NoteIn) -> dict[str, Any]:
    return _step(request, task_id, lambda u, t: services.completion_request(actor=u, task=t, note=body.note))


@router.post("/{task_id}/completion-decision", response={200: TaskDetailOut, **ERRORS}, summary="Công nhận hoặc chưa công nhận hoàn thành")
def task_completion_decision(request: HttpRequest, task_id: int, body: DecisionIn) -> dict[str, Any]:
    return _step(request, task_id, lambda u, t: services.completion_decide(actor=u, task=t, accept=body.accept, note=body.note))


@router.post("/{task_id}/extensions", response={200: TaskDetailOut, **ERRORS}, summary="Đề nghị gia hạn (trước khi hết hạn)")
def task_extension(request: HttpRequest, task_id: int, body: ExtensionIn) -> dict[str, Any]:
    return _step(request, task_id, lambda u, t: services.extension_request(actor=u, task=t, proposed_deadline=body.proposed_deadline, reason=body.reason))


@router.post("/{task_id}/extensions/{extension_id}/decision", response={200: TaskDetailOut, **ERRORS}, summary="Quyết định gia hạn")
def task_extension_decision(request: HttpRequest, task_id: int, extension_id: int, body: ExtensionDecisionIn) -> dict[str, Any]:
    return _sub_step(request, task_id, ExtensionRequest, extension_id, lambda u, x: services.extension_decide(
        actor=u, request=x, approve=body.approve, note=body.note, new_deadline=body.new_deadline))


@router.post("/{task_id}/coordination-requests", response={200: TaskDetailOut, **ERRORS}, summary="Đề nghị cơ quan phối hợp cho ý kiến")
def task_coordination_request(request: HttpRequest, task_id: int, body: CoordinationRequestIn) -> dict[str, Any]:
    unit = _unit(body.to_unit, "to_unit")
    assert unit is not None
    return _step(request, task_id, lambda u, t: services.coordination_request(actor=u, task=t, to_unit=unit, message=body.message, due_on=body.due_on))


@router.post("/{task_id}/coordination-requests/{request_id}/answer", response={200: TaskDetailOut, **ERRORS}, summary="Trả lời đề nghị phối hợp")
def task_coordination_answer(request: HttpRequest, task_id: int, request_id: int, body: AnswerIn) -> dict[str, Any]:
    return _sub_step(request, task_id, CoordinationRequest, request_id,
                     lambda u, c: services.coordination_answer(actor=u, request=c, answer=body.answer))


@router.post("/{task_id}/cancel", response={200: TaskDetailOut, **ERRORS}, summary="Hủy nhiệm vụ")
def task_cancel(request: HttpRequest, task_id: int, body: ReasonIn) -> dict[str, Any]:
    return _step(request, task_id, lambda u, t: services.task_cancel(actor=u, task=t, reason=body.reason))



@router.post("/{task_id}/remind", response={200: TaskDetailOut, **ERRORS}, summary="Nhắc việc (nhiệm vụ quá hạn hoặc sắp đến hạn; mỗi ngày một lần)")
def task_remind(request: HttpRequest, task_id: int, body: NoteIn) -> dict[str, Any]:
    return _step(request, task_id, lambda u, t: services.task_remind(actor=u, task=t, note=body.note))
