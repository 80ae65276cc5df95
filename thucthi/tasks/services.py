"""Every state change of a task. Views, API, imports and jobs call these and nothing else."""

from __future__ import annotations

import calendar as calendar_module
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F
from django.utils.text import capfirst

from thucthi.accounts.models import User
from thucthi.accounts.policy import Action, PermissionDenied, may_issue_for, require
from thucthi.accounts.policy.tasks import may_answer_for
from thucthi.audit.services import audit_record, snapshot
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.orgs.models import Unit
from thucthi.tasks import six_clears, sources
from thucthi.tasks.attachments import check_attachment
from thucthi.tasks.models import (
    OPEN_STATES,
    Coordination,
    CoordinationRequest,
    DeadlineChange,
    DeadlineKind,
    Decision,
    EventKind,
    ExtensionRequest,
    ProgressReport,
    Recurrence,
    ReviewState,
    State,
    Task,
    TaskEvent,
)
from thucthi.tasks.notify import task_event_notify
from thucthi.workdays.calendar import calendar

EDITABLE = (
    "title", "description", "issuer", "lead_unit", "responsible", "accepting_unit", "expected_product", "product_kind",
    "deadline_kind", "deadline", "working_days", "recurrence", "recurrence_until", "no_deadline_reason", "inactivity_days",
    "source_ref", "parent",
)
TRACKED = [
    "title", "state", "issuer_id", "lead_unit_id", "responsible_id", "accepting_unit_id", "expected_product", "deadline_kind",
    "deadline", "original_deadline", "working_days", "recurrence", "issued_on", "received_on", "completed_on", "progress", "version",
]


@dataclass(frozen=True)
class CoordinationInput:
    unit: Unit
    duty: str = ""
    deadline: dt.date | None = None


def _event(task: Task, kind: EventKind, actor: User | None, note: str = "") -> None:
    """Write the event in the task's history and tell who must act next, once the flow commits."""
    event = TaskEvent.objects.create(task=task, kind=kind, actor=actor, note=note)
    task_event_notify(task, str(event.kind), actor, note, event.pk)


def _lock(task: Task, expected_version: int | None = None) -> Task:
    locked = Task.objects.select_for_update().get(pk=task.pk)
    if expected_version is not None and locked.version != expected_version:
        raise DomainError(
            "Nhiệm vụ vừa được người khác cập nhật. Hãy tải lại trang để xem thay đổi mới nhất rồi thực hiện lại; "
            "thay đổi của bạn chưa được lưu."
        )
    return locked


def _save(task: Task, actor: User | None, action: str, before: dict[str, Any], *fields: str) -> None:
    task.version = F("version") + 1
    task.last_activity_at = clock.now()
    task.save(update_fields=[*fields, "version", "last_activity_at", "updated_at"])
    task.refresh_from_db(fields=["version"])
    audit_record(actor=actor, action=action, obj=task, before=before, after=snapshot(task, TRACKED))


def _validate(fields: dict[str, Any], *, check_units: tuple[str, ...] = ("lead_unit", "issuer", "accepting_unit")) -> None:
    kind = fields.get("deadline_kind") or DeadlineKind.DATE
    if fields.get("lead_unit") is None:
        raise DomainError("Cần chọn cơ quan chủ trì.", field="lead_unit")
    if kind == DeadlineKind.NONE and fields.get("deadline") is not None:
        raise DomainError("Nhiệm vụ không thời hạn thì không ghi ngày thời hạn.", field="deadline")
    if kind == DeadlineKind.WORKING_DAYS and fields.get("working_days") is not None and not 1 <= fields["working_days"] <= 365:
        raise DomainError("Số ngày làm việc phải từ 1 đến 365.", field="working_days")
    if fields.get("recurrence") and fields["recurrence"] not in Recurrence.values:
        raise DomainError("Chu kỳ không hợp lệ.", field="recurrence")
    until, first = fields.get("recurrence_until"), fields.get("deadline")
    if kind == DeadlineKind.RECURRING and until is not None and first is not None and until < first:
        raise DomainError("Ngày kết thúc định kỳ phải sau kỳ đầu tiên.", field="recurrence_until")
    if fields.get("lead_unit") is not None and fields.get("issuer") is None:
        raise DomainError("Cần chọn cơ quan giao nhiệm vụ.", field="issuer")
    for key in check_units:
        unit = fields.get(key)
        if unit is not None and not unit.is_valid_on(clock.today()) and fields.get("_allow_historical") is not True:
            raise DomainError(f"“{unit}” không còn hiệu lực; hãy chọn đơn vị đang hoạt động.", field=key)


@transaction.atomic
def task_create(
    *,
    actor: User | None,
    title: str,
    issuer: Unit,
    lead_unit: Unit,
    coordinations: list[CoordinationInput] | None = None,
    source: models.Model | None = None,
    issue: bool = False,
    allow_historical: bool = False,
    **fields: Any,
) -> Task:
    """Create a task as a draft, or issue it at once when all six clears are there."""
    if actor is not None:
        require(actor, Action.TASK_CREATE)
        if not may_issue_for(actor, issuer.pk):
            raise PermissionDenied(f"Bạn không giao nhiệm vụ thay cho “{issuer}”.")
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise DomainError(f"Trường không hợp lệ: {', '.join(sorted(unknown))}.")
    values = {"title": title.strip(), "issuer": issuer, "lead_unit": lead_unit, **fields}
    _validate({**values, "_allow_historical": allow_historical})
    if source is not None and sources.kind_of(source) is None:
        raise DomainError("Nguồn nhiệm vụ không được hỗ trợ.", field="source")
    task = Task(created_by=actor, **values)
    if source is not None:
        task.source_type = ContentType.objects.get_for_model(source)
        task.source_id = source.pk
    task.last_activity_at = clock.now()
    task.save()
    for c in coordinations or []:
        if c.unit.pk == lead_unit.pk:
            raise DomainError("Cơ quan chủ trì không đồng thời là cơ quan phối hợp.", field="coordinations")
        Coordination.objects.create(task=task, unit=c.unit, duty=c.duty.strip(), deadline=c.deadline)
    _event(task, EventKind.CREATED, actor)
    audit_record(actor=actor, action="tasks.task.create", obj=task, after=snapshot(task, TRACKED))
    if issue:
        task = task_issue(actor=actor, task=task, on=fields.get("_issued_on"))
    return task


def missing_clears(task: Task) -> list[six_clears.Clear]:
    return six_clears.check({f: getattr(task, f) for f in EDITABLE})


@transaction.atomic
def task_issue(*, actor: User | None, task: Task, on: dt.date | None = None) -> Task:
    if actor is not None:
        require(actor, Action.TASK_MANAGE, task)
    task = _lock(task)
    if task.state != State.DRAFT:
        raise DomainError("Chỉ giao được nhiệm vụ đang ở dạng dự thảo.")
    missing = missing_clears(task)
    if missing:
        raise DomainError("Chưa đủ “6 rõ”: " + "; ".join(f"{c.label} ({c.hint})" for c in missing) + ".")
    before = snapshot(task, TRACKED)
    task.issued_on = on or clock.today()
    if task.deadline_kind == DeadlineKind.WORKING_DAYS:
        assert task.working_days
        task.deadline = calendar().add_working_days(task.issued_on, task.working_days)
    elif task.deadline_kind in (DeadlineKind.DATE, DeadlineKind.RECURRING) and task.deadline is not None:
        # Civil Code 2015 art. 148(5): a period ending on a day off ends on the next working day.
        task.deadline = calendar().next_working_day(task.deadline)
    elif task.deadline_kind == DeadlineKind.RECURRING and task.deadline is None:
        raise DomainError("Nhiệm vụ định kỳ cần ngày đến hạn của kỳ đầu tiên.", field="deadline")
    task.original_deadline = task.deadline
    task.state = State.ISSUED
    _save(task, actor, "tasks.task.issue", before, "issued_on", "deadline", "original_deadline", "state")
    _event(task, EventKind.ISSUED, actor)
    return task


def _shown(name: str, value: Any) -> str:
    """A field's value as the task's history shows it."""
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, models.Model):
        return str(getattr(value, "name", None) or getattr(value, "full_name", None) or value)
    choices = dict(Task._meta.get_field(name).flatchoices)  # type: ignore[union-attr]
    text = str(choices.get(value, value))
    return text if len(text) <= 80 else text[:79] + "…"


def _changes_note(before: dict[str, Any], task: Task) -> str:
    """“Thời hạn: 30/11/2026 → 15/12/2026; Sản phẩm: — → Báo cáo”, for the fields that moved."""
    parts = []
    for name, old in before.items():
        new = getattr(task, name)
        if _shown(name, old) != _shown(name, new):
            label = capfirst(str(Task._meta.get_field(name).verbose_name))  # type: ignore[union-attr]
            parts.append(f"{label}: {_shown(name, old)} → {_shown(name, new)}")
    return "; ".join(parts)


@transaction.atomic
def task_update(*, actor: User | None, task: Task, expected_version: int, reason: str = "", **changes: Any) -> Task:
    """Edit a draft or an issued task. Refused if someone saved it since `expected_version`.

    Giving an issued or returned task to another unit (`lead_unit`) is a new assignment: it needs
    a reason and a responsible person of that unit, restarts the return window, and is written to
    the history as "Giao nhiệm vụ" so the new unit hears of it like any task given to it."""
    if actor is not None:
        require(actor, Action.TASK_MANAGE, task)
    task = _lock(task, expected_version)
    if task.state not in (State.DRAFT, State.ISSUED, State.RETURNED):
        raise DomainError("Nhiệm vụ đã được tiếp nhận; thay đổi thời hạn bằng gia hạn, thay đổi nội dung bằng nhiệm vụ mới.")
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise DomainError(f"Trường không hợp lệ: {', '.join(sorted(unknown))}.")
    new_lead: Unit | None = changes.get("lead_unit")
    reassigned = task.state != State.DRAFT and new_lead is not None and new_lead.pk != task.lead_unit_id
    if reassigned:
        assert new_lead is not None
        if not reason.strip():
            raise DomainError("Cần nêu lý do giao lại cho đơn vị khác.", field="reason")
        if task.coordinations.filter(unit=new_lead).exists():
            raise DomainError("Cơ quan chủ trì không đồng thời là cơ quan phối hợp.", field="lead_unit")
        person = changes.get("responsible", task.responsible)
        if person is None or not may_answer_for(person, new_lead, clock.today()):
            raise DomainError(f"Hãy chọn người chịu trách nhiệm thuộc “{new_lead}”.", field="responsible")
    merged = {f: getattr(task, f) for f in EDITABLE} | changes
    # Units already on the task may have been reorganised since; only new choices must be in force.
    _validate(merged, check_units=tuple(k for k in ("lead_unit", "issuer", "accepting_unit") if k in changes))
    new_issuer = changes.get("issuer")
    # The same rule as task_create: nobody moves a task into the name of a body they do not act for.
    if actor is not None and new_issuer is not None and not may_issue_for(actor, new_issuer.pk):
        raise PermissionDenied(f"Bạn không giao nhiệm vụ thay cho “{new_issuer}”.")
    if task.state != State.DRAFT and six_clears.check(merged):
        raise DomainError("Nhiệm vụ đã giao phải giữ đủ “6 rõ”.")
    before = snapshot(task, TRACKED)
    shown_before = {name: getattr(task, name) for name in (*changes, "deadline")}
    was_returned = task.state == State.RETURNED
    old_deadline = task.deadline
    for name, value in changes.items():
        setattr(task, name, value)
    extra: list[str] = []
    if was_returned or reassigned:
        # Given again after a return, or to another unit: a new assignment, so the return window starts again.
        task.state, task.issued_on, task.received_on = State.ISSUED, clock.today(), None
        extra += ["issued_on", "received_on"]
    if task.state != State.DRAFT:
        assert task.issued_on is not None
        if task.deadline_kind == DeadlineKind.WORKING_DAYS and task.working_days:
            task.deadline = calendar().add_working_days(task.issued_on, task.working_days)
        elif task.deadline_kind in (DeadlineKind.DATE, DeadlineKind.RECURRING) and task.deadline is not None:
            task.deadline = calendar().next_working_day(task.deadline)
        extra.append("deadline")
    _save(task, actor, "tasks.task.update", before, *changes.keys(), "state", *extra)
    if task.issued_on and old_deadline != task.deadline:
        DeadlineChange.objects.create(task=task, old_deadline=old_deadline, new_deadline=task.deadline, reason="Sửa nhiệm vụ", changed_by=actor)
    note = _changes_note(shown_before, task)
    if note:
        _event(task, EventKind.UPDATED, actor, note)
    if reassigned:
        _event(task, EventKind.ISSUED, actor, f"Giao lại cho {task.lead_unit}: {reason.strip()}")
    elif was_returned:
        _event(task, EventKind.ISSUED, actor, "Giao lại sau khi đơn vị trả lại" + (f": {reason.strip()}" if reason.strip() else ""))
    return task


@transaction.atomic
def task_receive(*, actor: User | None, task: Task) -> Task:
    if actor is not None:
        require(actor, Action.TASK_WORK, task)
    task = _lock(task)
    if task.state != State.ISSUED:
        raise DomainError("Chỉ tiếp nhận được nhiệm vụ vừa được giao.")
    before = snapshot(task, TRACKED)
    task.state, task.received_on = State.RECEIVED, clock.today()
    _save(task, actor, "tasks.task.receive", before, "state", "received_on")
    _event(task, EventKind.RECEIVED, actor)
    return task


@transaction.atomic
def task_return(*, actor: User | None, task: Task, reason: str) -> Task:
    """Send a wrongly assigned task back, within the set number of working days after issue."""
    if actor is not None:
        require(actor, Action.TASK_WORK, task)
    task = _lock(task)
    if task.state not in (State.ISSUED, State.RECEIVED):
        raise DomainError("Nhiệm vụ này không thể trả lại.")
    if not reason.strip():
        raise DomainError("Cần nêu lý do trả lại.", field="reason")
    assert task.issued_on is not None
    limit = calendar().add_working_days(task.issued_on, settings.TASK_RETURN_DAYS)
    if clock.today() > limit:
        raise DomainError(f"Đã quá {settings.TASK_RETURN_DAYS} ngày làm việc kể từ ngày giao (hạn trả lại: {limit:%d/%m/%Y}).")
    before = snapshot(task, TRACKED)
    task.state, task.received_on = State.RETURNED, None
    _save(task, actor, "tasks.task.return", before, "state", "received_on")
    _event(task, EventKind.RETURNED, actor, reason.strip())
    return task


@transaction.atomic
def progress_submit(*, actor: User | None, task: Task, percent: int, narrative: str, attachment: Any = None) -> ProgressReport:
    if actor is not None:
        require(actor, Action.TASK_WORK, task)
    task = _lock(task)
    if task.state not in (State.RECEIVED,):
        raise DomainError("Chỉ báo cáo tiến độ cho nhiệm vụ đã tiếp nhận và chưa đề nghị hoàn thành.")
    if not 0 <= percent <= 100:
        raise DomainError("Tiến độ phải từ 0 đến 100%.", field="percent")
    if not narrative.strip():
        raise DomainError("Cần ghi kết quả thực hiện.", field="narrative")
    if attachment:
        check_attachment(attachment)
    report = ProgressReport.objects.create(task=task, percent=percent, narrative=narrative.strip(), submitted_by=actor, attachment=attachment or "")
    Task.objects.filter(pk=task.pk).update(last_activity_at=clock.now())
    _event(task, EventKind.PROGRESS, actor, f"{percent}%: {narrative.strip()[:200]}")
    audit_record(actor=actor, action="tasks.progress.submit", obj=report, after=snapshot(report, ["task_id", "percent", "narrative"]))
    return report


@transaction.atomic
def progress_review(*, actor: User | None, report: ProgressReport, approve: bool, note: str = "") -> ProgressReport:
    if actor is not None:
        require(actor, Action.TASK_REVIEW_PROGRESS, report.task)
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if report.review != ReviewState.PENDING:
        raise DomainError("Báo cáo này đã được duyệt.")
    if not approve and not note.strip():
        raise DomainError("Cần ghi ý kiến khi trả lại báo cáo.", field="note")
    report.review = ReviewState.APPROVED if approve else ReviewState.RETURNED
    report.reviewed_by, report.reviewed_at, report.review_note = actor, clock.now(), note.strip()
    report.save(update_fields=["review", "reviewed_by", "reviewed_at", "review_note"])
    task = _lock(report.task)
    # A completed task stays at 100%: a report approved after acceptance is history, not progress.
    # An older report approved after a newer one does not move progress backwards.
    newer_approved = task.progress_reports.filter(review=ReviewState.APPROVED, submitted_at__gt=report.submitted_at).exclude(pk=report.pk).exists()
    if approve and task.state != State.COMPLETED and not newer_approved:
        before = snapshot(task, TRACKED)
        task.progress = report.percent
        _save(task, actor, "tasks.task.progress", before, "progress")
        _roll_up(task.parent_id, actor)
    # A returned report is its own event, so the history never says "Duyệt" of a report sent back.
    kind = EventKind.PROGRESS_REVIEWED if approve else EventKind.PROGRESS_RETURNED
    _event(task, kind, actor, f"{report.percent}%" + (f": {note.strip()}" if note.strip() else ""))
    action = "tasks.progress.review" if approve else "tasks.progress.return"
    audit_record(actor=actor, action=action, obj=report, after=snapshot(report, ["review", "review_note"]))
    return report


@transaction.atomic
def completion_request(*, actor: User | None, task: Task, note: str) -> Task:
    if actor is not None:
        require(actor, Action.TASK_WORK, task)
    task = _lock(task)
    if task.state != State.RECEIVED:
        raise DomainError("Chỉ đề nghị công nhận hoàn thành nhiệm vụ đang thực hiện.")
    if not note.strip():
        raise DomainError("Cần nêu sản phẩm đã hoàn thành (số, ngày văn bản…).", field="note")
    before = snapshot(task, TRACKED)
    task.state, task.completed_on = State.COMPLETION_REQUESTED, clock.today()
    _save(task, actor, "tasks.task.request_completion", before, "state", "completed_on")
    _event(task, EventKind.COMPLETION_REQUESTED, actor, note.strip())
    return task


def _roll_up(parent_id: int | None, actor: User | None) -> None:
    """A parent's progress is the mean of its sub-tasks' (cancelled ones aside), up the tree."""
    while parent_id is not None:
        parent = Task.objects.select_for_update().get(pk=parent_id)
        values = list(parent.subtasks.exclude(state=State.CANCELLED).values_list("progress", flat=True))
        if values and parent.state not in (State.COMPLETED, State.CANCELLED):
            mean = round(sum(values) / len(values))
            if mean != parent.progress:
                before = snapshot(parent, TRACKED)
                parent.progress = mean
                _save(parent, actor, "tasks.task.roll_up", before, "progress")
        parent_id = parent.parent_id


def next_period(deadline: dt.date, recurrence: str) -> dt.date:
    """The due date one period on (a report due on 31/01 monthly is next due on 28 or 29/02)."""
    months = {Recurrence.MONTHLY: 1, Recurrence.QUARTERLY: 3, Recurrence.HALF_YEARLY: 6, Recurrence.YEARLY: 12}[Recurrence(recurrence)]
    month_index = deadline.year * 12 + deadline.month - 1 + months
    year, month = divmod(month_index, 12)
    last_day = calendar_module.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(deadline.day, last_day))


@transaction.atomic
def completion_decide(*, actor: User | None, task: Task, accept: bool, note: str = "") -> Task:
    if actor is not None:
        require(actor, Action.TASK_ACCEPT, task)
    task = _lock(task)
    if task.state != State.COMPLETION_REQUESTED:
        raise DomainError("Nhiệm vụ chưa được đề nghị công nhận hoàn thành.")
    if not accept and not note.strip():
        raise DomainError("Cần nêu lý do chưa công nhận hoàn thành.", field="note")
    before = snapshot(task, TRACKED)
    if accept and task.deadline_kind == DeadlineKind.RECURRING and task.recurrence and task.deadline is not None:
        following = calendar().next_working_day(next_period(task.deadline, task.recurrence))
        if task.recurrence_until is None or following <= task.recurrence_until:
            # A periodic report was delivered: the task goes on to the next period.
            done = task.completed_on
            verdict = "đúng hạn" if done is not None and done <= task.deadline else "quá hạn"
            DeadlineChange.objects.create(task=task, old_deadline=task.deadline, new_deadline=following,
                                          reason=f"Kỳ tiếp theo ({task.get_recurrence_display()})", changed_by=actor)
            _event(task, EventKind.COMPLETION_ACCEPTED, actor,
                   f"Kỳ đến hạn {task.deadline:%d/%m/%Y}: đã nộp {verdict}; kỳ tiếp theo đến hạn {following:%d/%m/%Y}. {note.strip()}".strip())
            task.state, task.completed_on, task.progress, task.deadline = State.RECEIVED, None, 0, following
            _save(task, actor, "tasks.task.next_period", before, "state", "completed_on", "progress", "deadline")
            return task
    if accept:
        task.state, task.progress = State.COMPLETED, 100
    else:
        task.state, task.completed_on = State.RECEIVED, None
    _save(task, actor, "tasks.task.decide_completion", before, "state", "progress", "completed_on")
    _event(task, EventKind.COMPLETION_ACCEPTED if accept else EventKind.COMPLETION_REJECTED, actor, note.strip())
    if accept:
        _roll_up(task.parent_id, actor)
    return task


@transaction.atomic
def extension_request(*, actor: User | None, task: Task, proposed_deadline: dt.date, reason: str) -> ExtensionRequest:
    if actor is not None:
        require(actor, Action.TASK_WORK, task)
    task = _lock(task)
    if task.state not in OPEN_STATES or task.deadline is None:
        raise DomainError("Chỉ xin gia hạn nhiệm vụ đang thực hiện và có thời hạn.")
    if clock.today() > task.deadline:
        raise DomainError(f"Phải đề nghị gia hạn trước khi hết hạn ({task.deadline:%d/%m/%Y}).")
    if proposed_deadline <= task.deadline:
        raise DomainError("Thời hạn đề nghị phải sau thời hạn hiện tại.", field="proposed_deadline")
    if not reason.strip():
        raise DomainError("Cần nêu lý do xin gia hạn.", field="reason")
    if task.extension_requests.filter(decision=Decision.PENDING).exists():
        raise DomainError("Đã có một đề nghị gia hạn đang chờ quyết định.")
    request = ExtensionRequest.objects.create(
        task=task, current_deadline=task.deadline, proposed_deadline=proposed_deadline, reason=reason.strip(), requested_by=actor
    )
    Task.objects.filter(pk=task.pk).update(last_activity_at=clock.now())
    _event(task, EventKind.EXTENSION_REQUESTED, actor, f"{task.deadline:%d/%m/%Y} → {proposed_deadline:%d/%m/%Y}: {reason.strip()}")
    audit_record(actor=actor, action="tasks.extension.request", obj=request, after=snapshot(request))
    return request


@transaction.atomic
def extension_decide(*, actor: User | None, request: ExtensionRequest, approve: bool, note: str = "", new_deadline: dt.date | None = None) -> ExtensionRequest:
    """The issuer decides; approving moves the deadline and keeps the old one in the history."""
    if actor is not None:
        require(actor, Action.TASK_MANAGE, request.task)
    request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    if request.decision != Decision.PENDING:
        raise DomainError("Đề nghị gia hạn này đã được quyết định.")
    if request.task.state not in OPEN_STATES:
        raise DomainError("Nhiệm vụ đã kết thúc; không còn quyết định gia hạn.")
    if not approve and not note.strip():
        raise DomainError("Cần nêu lý do không đồng ý gia hạn.", field="note")
    granted = new_deadline or request.proposed_deadline
    if approve and granted <= request.current_deadline:
        raise DomainError("Thời hạn mới phải sau thời hạn hiện tại.", field="new_deadline")
    request.decision = Decision.APPROVED if approve else Decision.REJECTED
    request.decided_by, request.decided_at, request.decision_note = actor, clock.now(), note.strip()
    request.save(update_fields=["decision", "decided_by", "decided_at", "decision_note"])
    task = _lock(request.task)
    if approve:
        before = snapshot(task, TRACKED)
        DeadlineChange.objects.create(task=task, old_deadline=task.deadline, new_deadline=granted, reason=f"Gia hạn: {request.reason}"[:300], changed_by=actor)
        task.deadline = granted
        _save(task, actor, "tasks.task.extend", before, "deadline")
    verdict = f"Đồng ý, thời hạn mới {granted:%d/%m/%Y}" if approve else "Không đồng ý"
    _event(task, EventKind.EXTENSION_DECIDED, actor, verdict + (f": {note.strip()}" if note.strip() else ""))
    audit_record(actor=actor, action="tasks.extension.decide", obj=request, after=snapshot(request, ["decision", "decision_note"]))
    return request


@transaction.atomic
def coordination_request(*, actor: User | None, task: Task, to_unit: Unit, message: str, due_on: dt.date) -> CoordinationRequest:
    if actor is not None:
        require(actor, Action.TASK_WORK, task)
    task = _lock(task)
    if not task.coordinations.filter(unit=to_unit).exists():
        raise DomainError(f"“{to_unit}” không phải cơ quan phối hợp của nhiệm vụ này.", field="to_unit")
    if task.state not in OPEN_STATES:
        raise DomainError("Nhiệm vụ không còn đang thực hiện.")
    if not message.strip():
        raise DomainError("Cần ghi nội dung đề nghị phối hợp.", field="message")
    if due_on < clock.today():
        raise DomainError("Hạn trả lời không được trước hôm nay.", field="due_on")
    request = CoordinationRequest.objects.create(task=task, to_unit=to_unit, message=message.strip(), due_on=due_on, requested_by=actor)
    Task.objects.filter(pk=task.pk).update(last_activity_at=clock.now())
    _event(task, EventKind.COORDINATION_REQUESTED, actor, f"{to_unit}: {message.strip()[:200]} (hạn {due_on:%d/%m/%Y})")
    audit_record(actor=actor, action="tasks.coordination.request", obj=request, after=snapshot(request))
    return request


@transaction.atomic
def coordination_answer(*, actor: User | None, request: CoordinationRequest, answer: str) -> CoordinationRequest:
    if actor is not None:
        require(actor, Action.COORDINATION_ANSWER, request)
    request = CoordinationRequest.objects.select_for_update().get(pk=request.pk)
    if request.answered_on is not None:
        raise DomainError("Đề nghị phối hợp này đã được trả lời.")
    if not answer.strip():
        raise DomainError("Cần ghi nội dung trả lời.", field="answer")
    request.answer, request.answered_by, request.answered_on = answer.strip(), actor, clock.today()
    request.save(update_fields=["answer", "answered_by", "answered_on"])
    _event(request.task, EventKind.COORDINATION_ANSWERED, actor, f"{request.to_unit}: {answer.strip()[:200]}")
    audit_record(actor=actor, action="tasks.coordination.answer", obj=request, after=snapshot(request, ["answer", "answered_on"]))
    return request


@transaction.atomic
def task_cancel(*, actor: User | None, task: Task, reason: str) -> Task:
    if actor is not None:
        require(actor, Action.TASK_MANAGE, task)
    task = _lock(task)
    if task.state in (State.COMPLETED, State.CANCELLED):
        raise DomainError("Nhiệm vụ đã kết thúc.")
    if not reason.strip():
        raise DomainError("Cần nêu lý do hủy.", field="reason")
    before = snapshot(task, TRACKED)
    task.state, task.cancelled_on = State.CANCELLED, clock.today()
    _save(task, actor, "tasks.task.cancel", before, "state", "cancelled_on")
    _event(task, EventKind.CANCELLED, actor, reason.strip())
    _roll_up(task.parent_id, actor)
    return task


def remind_due(task: Task) -> bool:
    """Whether "Nhắc việc" fits the task today: under way, and overdue or due within the
    reminder period (THUCTHI_REMINDER_DAYS working days)."""
    if task.state not in (State.ISSUED, State.RECEIVED) or task.deadline is None:
        return False
    return task.deadline <= calendar().add_working_days(clock.today(), settings.TASK_REMINDER_DAYS)


@transaction.atomic
def task_remind(*, actor: User, task: Task, note: str = "") -> Task:
    """"Nhắc việc": the issuing side reminds the lead unit of an overdue task, or one due soon.
    At most once a day per task; the lead unit's staff, heads and the responsible person are told."""
    require(actor, Action.TASK_REMIND, task)
    task = _lock(task)
    today = clock.today()
    if task.state not in (State.ISSUED, State.RECEIVED) or task.deadline is None:
        raise DomainError("Chỉ nhắc việc nhiệm vụ đang thực hiện và có thời hạn.")
    if not remind_due(task):
        raise DomainError(f"Nhiệm vụ chưa đến lúc nhắc: hạn {task.deadline:%d/%m/%Y} còn xa.")
    if TaskEvent.objects.filter(task=task, kind=EventKind.REMINDED, actor__isnull=False, at__date=today).exists():
        raise DomainError("Nhiệm vụ này đã được nhắc việc hôm nay; mỗi ngày chỉ nhắc một lần.")
    text = note.strip()
    state = "quá hạn" if task.deadline < today else f"đến hạn {task.deadline:%d/%m/%Y}"
    _event(task, EventKind.REMINDED, actor, f"Nhắc việc ({state})" + (f": {text}" if text else ""))
    audit_record(actor=actor, action="tasks.task.remind", obj=task, after={"deadline": str(task.deadline), "note": text})
    return task
