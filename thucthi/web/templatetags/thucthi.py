from __future__ import annotations

import datetime as dt

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext

from thucthi.audit.labels import action_label
from thucthi.tasks.models import Status, Task
from thucthi.tasks.status import derive_status

register = template.Library()


@register.filter
def vn_date(value: dt.date | None, precision: str = "day") -> str:
    """A date as 24/07/2020, 07/2020 or 2020, as precisely as the source knew it."""
    if value is None:
        return ""
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return f"{value.month:02d}/{value.year}"
    return date_format(value, "SHORT_DATE_FORMAT")


@register.filter
def status_label(value: str) -> str:
    """The Vietnamese (or English) label of a task status code."""
    try:
        return str(Status(value).label)
    except ValueError:
        return value


METRIC_LABELS = {
    "assigned": "Được giao", "completed_on_time": "Hoàn thành đúng hạn", "completed_late": "Hoàn thành quá hạn",
    "overdue": "Đang quá hạn", "open": "Chưa hoàn thành", "cancelled": "Đã hủy", "extensions_requested": "Xin gia hạn",
    "tasks_returned": "Trả lại", "overdue_1_30": "Quá hạn 1–30 ngày", "overdue_31_90": "Quá hạn 31–90 ngày",
    "overdue_over_90": "Quá hạn trên 90 ngày", "coordination_requests_received": "Đề nghị phối hợp nhận được",
    "answered_on_time": "Trả lời phối hợp đúng hạn", "answered_late": "Trả lời phối hợp quá hạn",
    "unanswered_overdue": "Chưa trả lời phối hợp, đã quá hạn",
}


@register.filter
def metric_label(metric: str) -> str:
    return gettext(METRIC_LABELS.get(metric, metric))


@register.filter
def score_cells(score: object) -> list[tuple[str, int]]:
    """The linked count columns of a scorecard row, in table order."""
    return [(m, int(getattr(score, m))) for m in ("assigned", "completed_on_time", "completed_late", "overdue")]


@register.filter
def task_status(task: object, today: object) -> str:
    """The derived status of a task object (not annotated), for templates."""
    if not isinstance(task, Task) or not hasattr(today, "year"):
        return ""
    return derive_status(state=task.state, deadline=task.deadline, completed_on=task.completed_on, today=today)  # type: ignore[arg-type]


@register.filter
def get_item(mapping: object, key: object) -> object:
    """`mapping[key]`, or None when there is no such key or no mapping at all (a context variable
    the view did not set)."""
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def pair(first: object, second: object) -> tuple[object, object]:
    return (first, second)


@register.filter
def audit_action(code: str) -> str:
    """A recorded action's name for people (`tasks.task.issue` → "Giao nhiệm vụ")."""
    return str(action_label(code))


@register.filter
def unmarked(name: object, sample: object = True) -> str:
    """A sample record's name without its " (mẫu)" suffix, for a page that shows the "mẫu" badge
    beside it (one label, not two): `{{ x.name|unmarked:x.is_sample }}`. A record that is not marked
    sample keeps its name as it is, label included."""
    return str(name).removesuffix(" (mẫu)") if sample else str(name)
