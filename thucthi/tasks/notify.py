"""Who hears about each event of a task, and what they read.

`services._event` calls `task_event_notify` for every event it writes, inside the flow's
transaction: the people who must act next are worked out there, and told once the flow commits
(`notify_on_commit`); a flow that rolls back tells nobody, and whoever acted is never told of
their own act. The morning chase (`reminders`) uses the same `TaskRecipients`.
"""

from __future__ import annotations

from collections.abc import Callable

from thucthi.accounts.models import User
from thucthi.core import clock
from thucthi.notifications.models import Kind
from thucthi.notifications.recipients import Recipients
from thucthi.notifications.services import notify_on_commit
from thucthi.orgs.models import Unit
from thucthi.tasks.models import CoordinationRequest, EventKind, ProgressReport, Task


class TaskRecipients(Recipients):
    """The people of a task: its lead unit, its issuer, the body that accepts it."""

    def lead(self, task: Task) -> list[User]:
        """The responsible person and the lead unit's officers and heads."""
        return self.person(task.responsible_id) + self.unit_staff(task.lead_unit)

    def lead_heads(self, task: Task) -> list[User]:
        return self.unit_heads(task.lead_unit)

    def issuer(self, task: Task) -> list[User]:
        """The office that chases in the issuing body's name, and the body's heads."""
        return self.authority(task.issuer)

    def acceptor(self, task: Task) -> list[User]:
        return self.authority(task.accepting_unit or task.issuer)

    def coordinating(self, task: Task) -> list[User]:
        return [u for c in task.coordinations.select_related("unit") for u in self.unit_staff(c.unit)]


def _name(unit: Unit) -> str:
    return unit.short_name or unit.name


def _with_note(text: str, note: str) -> str:
    return f"{text} ({note[:200]})" if note else text


def _latest_reviewed(task: Task) -> list[User]:
    report = ProgressReport.objects.filter(task=task, reviewed_at__isnull=False).order_by("-reviewed_at", "-pk").first()
    return [report.submitted_by] if report is not None and report.submitted_by is not None else []


def _latest_request(task: Task) -> CoordinationRequest | None:
    return CoordinationRequest.objects.filter(task=task).select_related("to_unit").order_by("-pk").first()


def _answered_request(task: Task, note: str) -> CoordinationRequest | None:
    answered = CoordinationRequest.objects.filter(task=task, answered_on__isnull=False).select_related("to_unit").order_by("-answered_on", "-pk")
    return next((r for r in answered if note == f"{r.to_unit}: {r.answer[:200]}"), answered.first())


Message = tuple[list[User], str]
Rule = Callable[[TaskRecipients, Task, str], Message]


def _reminded(p: TaskRecipients, t: Task, note: str) -> Message:
    assert t.deadline is not None
    late = (clock.today() - t.deadline).days
    when = f"quá hạn {late} ngày" if late > 0 else f"đến hạn {t.deadline:%d/%m/%Y}"
    said = note.split(": ", 1)[1] if ": " in note else ""
    return p.lead(t) + p.lead_heads(t), _with_note(f"{_name(t.issuer)} nhắc việc ({when}): {t.title}", said)


def _issued(p: TaskRecipients, t: Task, note: str) -> Message:
    due = f", hạn {t.deadline:%d/%m/%Y}" if t.deadline else ""
    return p.lead(t) + p.coordinating(t), f"{_name(t.issuer)} giao nhiệm vụ cho {_name(t.lead_unit)}{due}: {t.title}"


def _requested(p: TaskRecipients, t: Task, note: str) -> Message:
    request = _latest_request(t)
    if request is None:
        return [], ""
    return p.unit_staff(request.to_unit), (
        f"{_name(t.lead_unit)} đề nghị {_name(request.to_unit)} phối hợp (hạn trả lời {request.due_on:%d/%m/%Y}): {t.title}"
    )


def _answered(p: TaskRecipients, t: Task, note: str) -> Message:
    request = _answered_request(t, note)
    if request is None:
        return [], ""
    asker = [request.requested_by] if request.requested_by is not None else p.unit_staff(t.lead_unit)
    return asker, f"{_name(request.to_unit)} đã trả lời đề nghị phối hợp: {t.title}"


_RULES: dict[str, Rule] = {
    EventKind.ISSUED: _issued,
    EventKind.RECEIVED: lambda p, t, n: (p.issuer(t), f"{_name(t.lead_unit)} đã tiếp nhận nhiệm vụ: {t.title}"),
    EventKind.RETURNED: lambda p, t, n: (p.issuer(t), _with_note(f"{_name(t.lead_unit)} trả lại nhiệm vụ (giao không đúng): {t.title}", n)),
    EventKind.PROGRESS: lambda p, t, n: (p.lead_heads(t), f"{_name(t.lead_unit)} gửi báo cáo tiến độ chờ duyệt ({n.split(':')[0]}): {t.title}"),
    EventKind.PROGRESS_REVIEWED: lambda p, t, n: (
        _latest_reviewed(t),
        ("Báo cáo tiến độ đã bị trả lại" if n.startswith("Trả lại") else "Báo cáo tiến độ đã được duyệt") + f": {t.title}",
    ),
    # Written by name: a returned report is its own kind of event where the tasks app has it.
    "progress_returned": lambda p, t, n: (_latest_reviewed(t), _with_note(f"Báo cáo tiến độ bị trả lại để bổ sung: {t.title}", n)),
    EventKind.COMPLETION_REQUESTED: lambda p, t, n: (p.acceptor(t), f"{_name(t.lead_unit)} đề nghị công nhận hoàn thành: {t.title}"),
    EventKind.COMPLETION_ACCEPTED: lambda p, t, n: (p.lead(t), f"{_name(t.accepting_unit or t.issuer)} đã công nhận hoàn thành: {t.title}"),
    EventKind.COMPLETION_REJECTED: lambda p, t, n: (
        p.lead(t), _with_note(f"{_name(t.accepting_unit or t.issuer)} chưa công nhận hoàn thành: {t.title}", n),
    ),
    EventKind.EXTENSION_REQUESTED: lambda p, t, n: (p.issuer(t), f"{_name(t.lead_unit)} đề nghị gia hạn ({n.split(':')[0]}): {t.title}"),
    EventKind.EXTENSION_DECIDED: lambda p, t, n: (p.lead(t), f"{_name(t.issuer)} đã quyết định gia hạn — {n[:200]}: {t.title}"),
    EventKind.COORDINATION_REQUESTED: _requested,
    EventKind.COORDINATION_ANSWERED: _answered,
    EventKind.CANCELLED: lambda p, t, n: (p.lead(t), _with_note(f"{_name(t.issuer)} đã hủy nhiệm vụ: {t.title}", n)),
    EventKind.REMINDED: _reminded,
}
# Keyed by the stored value ("issued"), which is what `_event` may be handed.
RULES: dict[str, Rule] = {k.value if isinstance(k, EventKind) else k: rule for k, rule in _RULES.items()}


def task_event_notify(task: Task, kind: str, actor: User | None, note: str, event_id: int) -> None:
    """Tell the people who must act about an event of `task`, once the flow commits.

    Events written by the system (the morning chase writes its own notices) and a draft's
    creation tell nobody; a reminder tells only when someone asked for it (`task_remind`).
    """
    rule = RULES.get(kind)
    if rule is None or (kind == EventKind.REMINDED.value and actor is None):
        return
    people, message = rule(TaskRecipients(clock.today()), task, note)
    if not people:
        return
    notify_on_commit(
        acted=actor, recipients=people, kind=Kind.NUDGE if kind == EventKind.REMINDED.value else Kind.TASK_EVENT,
        key=f"event:{event_id}", message=message, target=task,
    )
