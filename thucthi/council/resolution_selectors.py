"""Reads of a resolution's page: the resolution with its vote, its articles, and the tasks made
from each with their progress by official status. The selectors of `articles.py`'s records, kept
beside `selectors.py` (which the web and API read the rest of the council's record through)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from thucthi.accounts.models import User
from thucthi.council.articles import ref_key, resolution_tasks
from thucthi.council.models import Resolution, ResolutionArticle, Vote, VoteEvent
from thucthi.tasks.models import Task
from thucthi.tasks.selectors import visible_task_ids, visible_tasks
from thucthi.tasks.status import status_expression

# --- A resolution, its articles and the tasks made from them -----------------------------------


def resolution_get(pk: int) -> Resolution | None:
    return Resolution.objects.select_related("vote_event", "session__term__council", "council").filter(pk=pk).first()


def resolution_article(resolution: Resolution, pk: Any) -> ResolutionArticle | None:
    """Article `pk` of this resolution, or None."""
    try:
        return ResolutionArticle.objects.select_related("resolution__council").filter(resolution=resolution, pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def resolution_articles(resolution: Resolution) -> QuerySet[ResolutionArticle]:
    return ResolutionArticle.objects.filter(resolution=resolution).order_by("number", "order", "id")


def resolution_votes(event: VoteEvent) -> QuerySet[Vote]:
    """Each delegate's choice on an electronic vote, by name (a tally has none)."""
    return event.votes.select_related("delegate__person").order_by("delegate__person__full_name")


DONE = ("completed_on_time", "completed_late")


@dataclass
class Progress:
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(n for s, n in self.counts.items() if s != "cancelled")

    @property
    def done(self) -> int:
        return sum(self.counts.get(s, 0) for s in DONE)

    @property
    def percent_done(self) -> int | None:
        return round(100 * self.done / self.total) if self.total else None

    def add(self, status: str) -> None:
        self.counts[status] = self.counts.get(status, 0) + 1


@dataclass
class ArticleRow:
    article: ResolutionArticle
    tasks: list[Task]
    progress: Progress  # this row's tasks, and for an article those of its clauses too


@dataclass
class ResolutionView:
    resolution: Resolution
    rows: list[ArticleRow]
    other_tasks: list[Task]  # made from the whole resolution, or citing no article it has
    progress: Progress
    may_open: set[int] | None  # the tasks whose page this reader may open (None: all)


def resolution_view(user: User | AnonymousUser, resolution: Resolution, *, today: dt.date) -> ResolutionView:
    """A resolution's page: its articles, each with the tasks made from it and their progress by
    official status. An issued task made from a public resolution is public follow-up (title, lead
    unit, deadline, status), as a commitment's is on the session page; a draft shows only to its
    issuing side, and the task's own page opens only to those the policy lets see it."""
    visible = visible_tasks(user).values("pk")
    tasks = list(
        resolution_tasks(resolution)
        .filter(~Q(state="draft") | Q(pk__in=visible))
        .annotate(status=status_expression(today))
        .select_related("lead_unit")
        .order_by("deadline", "id")
    )
    articles = list(resolution_articles(resolution))
    by_key: dict[tuple[int, str], ArticleRow] = {(a.number, a.clause): ArticleRow(a, [], Progress()) for a in articles}
    others: list[Task] = []
    total = Progress()
    for task in tasks:
        status = getattr(task, "status", "")
        total.add(status)
        key = ref_key(task.source_ref)
        row = by_key.get(key) if key else None
        if row is None:
            others.append(task)
            continue
        row.tasks.append(task)
        row.progress.add(status)
        if key and key[1]:
            parent = by_key.get((key[0], ""))
            if parent is not None:
                parent.progress.add(status)
    ids = visible_task_ids(user)
    return ResolutionView(
        resolution,
        [by_key[(a.number, a.clause)] for a in articles],
        others,
        total,
        None if ids is None else ids & {t.pk for t in tasks},
    )
