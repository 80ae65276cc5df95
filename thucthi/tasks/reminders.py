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
from django.db.models import Q
from django.utils import timezone

from thucthi.accounts.models import User
from thucthi.accounts.policy import UNIT_HEAD_ROLES, UNIT_STAFF_ROLES, issuer_office_role, users_with_roles
from thucthi.core import clock
from thucthi.notifications.models import Kind
from thucthi.notifications.services import notify
from thucthi.orgs.models import Unit, UnitKind
from thucthi.orgs.selectors import unit_duty_holders
from thucthi.tasks.models import CoordinationRequest, DeadlineKind, EventKind, State, Status, Task, TaskEvent
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


class Recipients:
    """Who hears about a task, worked out once per unit for the whole run."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self._holders: dict[int, list[int]] = {}
        self._staff: dict[tuple[object, ...], list[User]] = {}

    def holders(self, unit: Unit) -> list[int]:
        if unit.pk not in self._holders:
            self._holders[unit.pk] = [u.pk for u in unit_duty_holders(unit, on=self.today)]
        return self._holders[unit.pk]

    def staff(self, unit_ids: list[int], roles: tuple[str, ...]) -> list[User]:
        key = (*sorted(unit_ids), *roles)
        if key not in self._staff:
            self._staff[key] = list(User.objects.filter(users_with_roles(roles), unit_id__in=unit_ids, is_active=True))
        return self._staff[key]

    def lead(self, task: Task) -> list[User]:
        people = list(User.objects.filter(person_id=task.responsible_id, is_active=True)) if task.responsible_id else []
        return people + self.staff(self.holders(task.lead_unit), UNIT_STAFF_ROLES)

    def lead_heads(self, task: Task) -> list[User]:
        return self.staff(self.holders(task.lead_unit), UNIT_HEAD_ROLES)

    def issuer(self, task: Task) -> list[User]:
        issuer = task.issuer
        role = issuer_office_role(issuer.kind)
        if role is None:
            office = []
        elif issuer.kind == UnitKind.PEOPLES_COMMITTEE:  # the committee's office sits in the committee itself
            office = self.staff(self.holders(issuer), (role,)) or self._office(role, issuer)
        else:
            office = self._office(role, issuer)
        return office + self.staff(self.holders(issuer), UNIT_HEAD_ROLES)

    def _office(self, role: str, issuer: Unit) -> list[User]:
        area_ids = self.holders(issuer.area) if issuer.area else []
        in_area = Q(unit__area_id__in=area_ids) | Q(unit_id__in=self.holders(issuer))
        return list(User.objects.filter(users_with_roles((role,)), in_area, is_active=True))


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
        heads = people.staff(people.holders(request.to_unit), UNIT_STAFF_ROLES)
        if notify(recipients=heads, kind=Kind.COORDINATION, key=f"coordination:{request.pk}", message=message, target=request.task):
            result.coordination += 1
    return result
