"""What a follower is told about: each followable thing as a set of items (key → value, and a
sentence for the e-mail). The daily job compares today's items with those last sent."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from thucthi.council.models import Commitment, Delegate, Question, QuestionState, Resolution
from thucthi.council.selectors import commitment_status
from thucthi.follows.models import Follow, FollowRequest, FollowState
from thucthi.tasks.models import State, Status, Task
from thucthi.tasks.selectors import published_progress_notes
from thucthi.tasks.status import status_expression


@dataclass(frozen=True)
class Item:
    value: str
    text: str


Snapshot = dict[str, Item]


@dataclass(frozen=True)
class Kind:
    """A kind of thing the public may follow: its model, its page, what is followed of it."""

    name: str
    model: type[models.Model]
    page: str  # the URL name of its public page, which takes the object's pk
    label: Callable[[models.Model], str]
    snapshot: Callable[[models.Model, dt.date], Snapshot]


def _status_label(status: str) -> str:
    return str(Status(status).label) if status in Status.values else status


def _tasks_of(source: models.Model, today: dt.date) -> QuerySet[Task]:
    return (
        Task.objects.filter(source_type=ContentType.objects.get_for_model(source), source_id=source.pk)
        .exclude(state=State.DRAFT)
        .select_related("lead_unit")
        .annotate(status=status_expression(today))
        .order_by("id")
    )


def _progress_items(titles: dict[int, str]) -> Snapshot:
    """The latest progress the public may read of each task (an approved report, or the product of
    an accepted completion; never a report still waiting for the unit head)."""
    return {
        f"note:{pk}": Item(
            hashlib.sha256(note.encode()).hexdigest()[:16],
            _("Kết quả mới nhất của «%(title)s»: %(note)s") % {"title": titles[pk], "note": note[:300]},
        )
        for pk, note in published_progress_notes(list(titles)).items()
    }


def resolution_snapshot(resolution: models.Model, today: dt.date) -> Snapshot:
    """A resolution's tasks: a new one, one whose status changes (overdue included), and the
    progress each publishes."""
    items = {}
    tasks = list(_tasks_of(resolution, today))
    for task in tasks:
        status = task.status  # type: ignore[attr-defined]
        where = f" ({task.source_ref})" if task.source_ref else ""
        items[f"task:{task.pk}"] = Item(
            f"{status}|{task.state}",
            _("Nhiệm vụ%(where)s «%(title)s», %(unit)s chủ trì: %(status)s")
            % {"where": where, "title": task.title, "unit": task.lead_unit, "status": _status_label(status)},
        )
    items |= _progress_items({t.pk: t.title for t in tasks})
    return items


def commitment_snapshot(commitment: models.Model, today: dt.date) -> Snapshot:
    """A commitment's status (overdue included), its deadline, and the task made from it."""
    assert isinstance(commitment, Commitment)
    status = commitment_status(commitment, today=today)
    items = {"status": Item(status, _("Tình trạng cam kết: %(s)s") % {"s": _status_label(status)})}
    due = commitment.task.deadline if commitment.task is not None and commitment.task.deadline else commitment.due_on
    if due is not None:
        items["due"] = Item(due.isoformat(), _("Thời hạn: %(d)s") % {"d": f"{due:%d/%m/%Y}"})
    if commitment.task is not None:
        items["task"] = Item(str(commitment.task.pk), _("Đã giao thành nhiệm vụ cho %(u)s") % {"u": commitment.task.lead_unit})
        items |= _progress_items({commitment.task.pk: commitment.task.title})
    return items


def delegate_snapshot(delegate: models.Model, today: dt.date) -> Snapshot:
    """A delegate's questions: a new one asked, and an answer received."""
    assert isinstance(delegate, Delegate)
    items = {}
    questions = Question.objects.filter(asker=delegate).select_related("session", "answer").order_by("id")
    for q in questions:
        answer = getattr(q, "answer", None)
        if q.state == QuestionState.ANSWERED and answer is not None:
            text = _("Câu hỏi «%(q)s» đã được trả lời (%(mode)s, %(d)s)") % {
                "q": q.text[:120],
                "mode": answer.get_mode_display(),
                "d": f"{answer.answered_on:%d/%m/%Y}",
            }
        else:
            text = _("Chất vấn tại kỳ họp thứ %(n)s: «%(q)s» (%(state)s)") % {
                "n": q.session.number,
                "q": q.text[:120],
                "state": q.get_state_display(),
            }
        items[f"question:{q.pk}"] = Item(q.state, text)
    return items


def _resolution_label(obj: models.Model) -> str:
    assert isinstance(obj, Resolution)
    return f"{obj}: {obj.title}"


def _commitment_label(obj: models.Model) -> str:
    assert isinstance(obj, Commitment)
    return _("Cam kết «%(t)s»") % {"t": obj.text}


def _delegate_label(obj: models.Model) -> str:
    assert isinstance(obj, Delegate)
    return _("%(n)s, đại biểu %(council)s khóa %(term)s") % {
        "n": obj.person,
        "council": obj.term.council.name,
        "term": obj.term.roman,
    }


KINDS: dict[str, Kind] = {
    "resolution": Kind("resolution", Resolution, "session-detail", _resolution_label, resolution_snapshot),
    "commitment": Kind("commitment", Commitment, "session-detail", _commitment_label, commitment_snapshot),
    "delegate": Kind("delegate", Delegate, "delegate-detail", _delegate_label, delegate_snapshot),
}
_RELATED: dict[str, tuple[str, ...]] = {
    "resolution": ("session",),
    "commitment": ("task__lead_unit", "answer__question__session"),
    "delegate": ("person", "term__council"),
}


def kind_of(follow: Follow) -> Kind | None:
    model = follow.target_type.model_class()
    return next((k for k in KINDS.values() if k.model is model), None)


def target_get(kind: str, pk: int) -> models.Model | None:
    """The thing to follow, or None when no such kind or object exists."""
    k = KINDS.get(kind)
    if k is None:
        return None
    return k.model._default_manager.select_related(*_RELATED[kind]).filter(pk=pk).first()


def target_page_pk(kind: str, obj: models.Model) -> int:
    """The pk the target's public page takes: a commitment and a resolution show on their session's page."""
    if isinstance(obj, Commitment):
        return obj.answer.question.session_id
    if isinstance(obj, Resolution) and obj.session_id is not None:
        return obj.session_id
    return int(obj.pk)


def follow_get(pk: int) -> Follow | None:
    return Follow.objects.select_related("target_type").filter(pk=pk).first()


def follows_active() -> QuerySet[Follow]:
    return (
        Follow.objects.filter(state=FollowState.ACTIVE)
        .select_related("target_type")
        .order_by("target_type_id", "target_id", "id")
    )


def recent_requests(*, email_hash: str, ip_hash: str, since: dt.datetime) -> tuple[int, int]:
    """How many follow requests this address and this IP made since `since` (the rate limit)."""
    recent = FollowRequest.objects.filter(at__gte=since)
    return recent.filter(email_hash=email_hash).count(), recent.filter(ip_hash=ip_hash).count()
