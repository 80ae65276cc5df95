"""The chasing rules (đôn đốc), run every morning by the worker and by `thucthi reminders run`.

1. Reminder: THUCTHI_REMINDER_DAYS working days before a deadline, to the responsible person
   and the lead unit's staff.
2. Overdue notice: once the deadline has passed, to the heads of the unit that holds the task.
3. Escalation: THUCTHI_ESCALATION_DAYS days overdue, to the issuing authority's office or head.
4. Inactivity: a task with no deadline and no activity for its inactivity period (default
   THUCTHI_INACTIVITY_DAYS) is flagged to the lead unit's heads and the issuer.
5. Coordination: a coordination request past its date without an answer, to the addressee's heads.

Each notification has a key (rule, task, deadline), so running twice notifies nobody twice,
and a moved deadline starts the cycle again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone

from thucthi.core import clock
from thucthi.notifications.models import Kind
from thucthi.notifications.services import notify
from thucthi.tasks.models import CoordinationRequest, DeadlineKind, EventKind, State, Status, Task, TaskEvent
from thucthi.tasks.notify import TaskRecipients as Recipients
from thucthi.tasks.status import status_filter
from thucthi.workdays.calendar import WorkCalendar

CHASED_STATES = [State.ISSUED, State.RECEIVED, State.RETURNED, State.COMPLETION_REQUESTED]


@dataclass
class RunResult:
    reminders: int = 0
    overdue: int = 0
    escalations: int = 0
    inactive: int = 0
    coordination: int = 0
    tasks: set[int] = field(default_factory=set)

    @property
    def total(self) -> int:
        return self.reminders + self.overdue + self.escalations + self.inactive + self.coordination


def _chased(task: Task, kind: EventKind, note: str) -> None:
    TaskEvent.objects.create(task=task, kind=kind, note=note)


def run(*, today: dt.date | None = None) -> RunResult:
    today = today or clock.today()
    calendar = WorkCalendar.load()
    people = Recipients(today)
    result = RunResult()
    base = Task.objects.filter(state__in=CHASED_STATES).select_related("lead_unit", "issuer", "issuer__area")

    horizon = calendar.add_working_days(today, settings.TASK_REMINDER_DAYS)
    for task in base.filter(deadline__gt=today, deadline__lte=horizon).exclude(state=State.COMPLETION_REQUESTED):
        assert task.deadline is not None
        left = calendar.working_days_between(today, task.deadline)
        message = f"Còn {left} ngày làm việc đến hạn {task.deadline:%d/%m/%Y}: {task.title}"
        if notify(recipients=people.lead(task), kind=Kind.REMINDER, key=f"reminder:{task.pk}:{task.deadline}", message=message, target=task):
            result.reminders += 1
            _chased(task, EventKind.REMINDED, message)

    for task in base.filter(status_filter(Status.OVERDUE, today)):
        assert task.deadline is not None
        late = (today - task.deadline).days
        message = f"Quá hạn {late} ngày (hạn {task.deadline:%d/%m/%Y}): {task.title}"
        if notify(recipients=people.lead_heads(task), kind=Kind.OVERDUE, key=f"overdue:{task.pk}:{task.deadline}", message=message, target=task):
            result.overdue += 1
            _chased(task, EventKind.REMINDED, message)
        if late >= settings.TASK_ESCALATION_DAYS:
            message = f"{task.lead_unit} chưa hoàn thành, quá hạn {late} ngày (hạn {task.deadline:%d/%m/%Y}): {task.title}"
            if notify(recipients=people.issuer(task), kind=Kind.ESCALATION, key=f"escalate:{task.pk}:{task.deadline}", message=message, target=task):
                result.escalations += 1
                _chased(task, EventKind.ESCALATED, message)

    for task in base.filter(deadline_kind=DeadlineKind.NONE):
        days = task.inactivity_days or settings.TASK_INACTIVITY_DAYS
        if task.last_activity_at is None:
            continue
        last = timezone.localdate(task.last_activity_at)
        if (today - last).days < days:
            continue
        message = f"Không có hoạt động từ {last:%d/%m/%Y} (quá {days} ngày): {task.title}"
        recipients = people.lead_heads(task) + people.issuer(task)
        if notify(recipients=recipients, kind=Kind.INACTIVE, key=f"inactive:{task.pk}:{last.isoformat()}", message=message, target=task):
            result.inactive += 1
            _chased(task, EventKind.REMINDED, message)

    late_requests = CoordinationRequest.objects.filter(answered_on__isnull=True, due_on__lt=today, task__state__in=CHASED_STATES)
    for request in late_requests.select_related("task", "to_unit"):
        message = f"{request.to_unit} chưa trả lời đề nghị phối hợp (hạn {request.due_on:%d/%m/%Y}): {request.task.title}"
        heads = people.unit_staff(request.to_unit)
        if notify(recipients=heads, kind=Kind.COORDINATION, key=f"coordination:{request.pk}", message=message, target=request.task):
            result.coordination += 1
    return result
