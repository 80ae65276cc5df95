"""The signed-in home, "Việc của tôi". Counters (links to the list they count) and the first
rows of every list the policy gives the user; the same selectors give the whole list
("xem tất cả", /my-work/<key>/), so a counter always matches what it links to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from thucthi.accounts.models import User
from thucthi.accounts.policy import Action, can
from thucthi.core import clock
from thucthi.council import selectors as council_selectors
from thucthi.indicators import selectors as indicator_selectors
from thucthi.tasks import selectors as task_selectors
from thucthi.tasks.models import Status
from thucthi.web.common import current_user

FIRST = 5
"""How many rows of each list the home shows before "xem tất cả"."""

LABELS: dict[str, Any] = {
    "to-receive": _("Chờ tiếp nhận"),
    "to-report": _("Chưa báo cáo tiến độ kỳ này"),
    "report-returned": _("Báo cáo bị trả lại"),
    "overdue": _("Quá hạn"),
    "due-soon": _("Đến hạn trong 7 ngày tới"),
    "coordination": _("Đề nghị phối hợp chờ trả lời"),
    "questions-to-answer": _("Câu hỏi chất vấn gửi đơn vị chờ trả lời"),
    "reports": _("Báo cáo tiến độ chờ duyệt"),
    "completions": _("Đề nghị công nhận hoàn thành"),
    "extensions": _("Đề nghị gia hạn"),
    "figures": _("Số liệu chỉ tiêu chờ duyệt"),
    "returned": _("Bị trả lại, cần giao lại"),
    "issued-overdue": _("Đã giao, quá hạn"),
    "commitments-due": _("Cam kết đến hạn"),
    "questions-to-schedule": _("Câu hỏi chất vấn chờ xếp lịch"),
    "answers-to-record": _("Câu hỏi chờ ghi nội dung trả lời"),
    "my-questions": _("Câu hỏi chất vấn của tôi"),
    "my-commitments": _("Cam kết từ câu hỏi của tôi"),
    "open-sessions": _("Kỳ họp đang nhận câu hỏi chất vấn"),
}

HINTS: dict[str, Any] = {
    "to-report": _(
        "Đã tiếp nhận, chưa có báo cáo tiến độ từ ngày 15 tháng trước hoặc tháng này (kỳ báo cáo tháng theo Nghị định 09/2019/NĐ-CP)."
    ),
    "due-soon": _("Thời hạn trong 7 ngày lịch tới, kể cả hôm nay."),
    "commitments-due": _("Cam kết chưa hoàn thành, đến hạn trong 7 ngày lịch tới hoặc đã quá hạn."),
}

# The sections of the page, each with the lists it may hold; a section shows only the lists
# the policy gives the user (a unit's staff, those who decide, the issuing side, the council's
# secretariat, a delegate), and nothing where it gives none.
SECTIONS: list[tuple[str, Any, tuple[str, ...]]] = [
    ("approve", _("Chờ duyệt"), ("reports", "completions", "extensions", "figures")),
    ("unit", _("Việc của đơn vị"), ("to-receive", "to-report", "report-returned", "overdue", "due-soon", "coordination",
                                    "questions-to-answer")),
    ("issued", _("Việc đã giao"), ("returned", "issued-overdue", "commitments-due")),
    ("council", _("Chất vấn tại kỳ họp"), ("questions-to-schedule", "answers-to-record")),
    ("delegate", _("Hoạt động của đại biểu"), ("my-questions", "my-commitments", "open-sessions")),
]

ROW_KIND = {
    "reports": "report",
    "extensions": "extension",
    "coordination": "coordination",
    "figures": "figure",
    "commitments-due": "commitment",
    "my-commitments": "commitment",
    "questions-to-schedule": "question",
    "questions-to-answer": "question",
    "answers-to-record": "question",
    "my-questions": "question",
    "open-sessions": "session",
}

# Approvals are decided on one page (/tasks/approvals/), each kind in its own part of it.
APPROVAL_ANCHORS = {key: f"{key}" for key in task_selectors.APPROVAL_KEYS}


@dataclass
class WorkList:
    key: str
    label: Any
    count: int
    rows: list[Any]
    url: str
    hint: Any = ""

    @property
    def kind(self) -> str:
        return ROW_KIND.get(self.key, "task")


@dataclass
class Section:
    key: str
    title: Any
    lists: list[WorkList]

    @property
    def waiting(self) -> int:
        return sum(w.count for w in self.lists)


def list_url(key: str) -> str:
    """Where a counter leads: the approvals page for what waits for a decision on tasks, the
    indicators' review page for figures, else the whole list on its own page."""
    if key in APPROVAL_ANCHORS:
        return reverse("task-approvals") + "#" + APPROVAL_ANCHORS[key]
    if key == "figures":
        return reverse("indicator-review")
    return reverse("my-work-list", args=[key])


def _other_lists(user: User, *, today: Any) -> dict[str, Any]:
    """The lists that are not tasks' (the council's, the figures), whole and ordered."""
    lists: dict[str, Any] = dict(council_selectors.council_work(user, today=today))
    figures = indicator_selectors.figures_to_approve(user)
    if figures is not None:
        lists["figures"] = figures
    return lists


def _rows(key: str, rows: list[Any], *, today: Any) -> list[Any]:
    if ROW_KIND.get(key) == "commitment":
        return council_selectors.with_task_status(rows, today=today)
    return rows


def sections_for(user: User) -> tuple[list[Section], dict[str, int]]:
    today = clock.today()
    work = task_selectors.my_work(user, today=today, first=FIRST)
    counts, firsts = dict(work.counts), dict(work.firsts)
    for key, qs in _other_lists(user, today=today).items():
        counts[key] = qs.count()
        firsts[key] = list(qs[:FIRST]) if counts[key] else []
    sections = []
    for key, title, keys in SECTIONS:
        lists = [
            WorkList(
                key=k,
                label=LABELS[k],
                count=counts[k],
                rows=_rows(k, firsts[k], today=today),
                url=list_url(k),
                hint=HINTS.get(k, ""),
            )
            for k in keys
            if k in counts
        ]
        if lists:
            sections.append(Section(key=key, title=title, lists=lists))
    return sections, counts


SYSTEM_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.OVERDUE)
"""The open tasks' statuses the administrator's panel counts."""


def system_panel(user: User) -> list[WorkList] | None:
    """The administrator's short panel (whoever manages accounts): every open task by status,
    each count a link to the task hub's same list; None for everyone else."""
    if not can(user, Action.USER_MANAGE):
        return None
    today = clock.today()
    by_status = task_selectors.status_counts(task_selectors.task_list(user, today=today))
    return [
        WorkList(
            key=s.value,
            label=s.label,
            count=by_status.get(s.value, 0),
            rows=[],
            url=f"{reverse('task-hub')}?view=all&status={s.value}",
        )
        for s in SYSTEM_STATUSES
    ]


def my_work(request: HttpRequest) -> HttpResponse:
    """The signed-in home (`web.views.home` for a signed-in user)."""
    user = current_user(request)
    sections, counts = sections_for(user)
    waiting = sum(counts.get(k, 0) for k in task_selectors.APPROVAL_KEYS)
    return render(
        request,
        "web/my_work.html",
        {
            "sections": sections,
            "system": system_panel(user),
            "may_add_session": can(user, Action.COUNCIL_RECORD),
            "approvals_waiting": waiting,
            "may_approve": any(k in counts for k in task_selectors.APPROVAL_KEYS),
            "statuses": Status,
            "today": clock.today(),
        },
    )


@login_required
def my_work_list(request: HttpRequest, key: str) -> HttpResponse:
    """The whole of one list of "Việc của tôi", 50 rows a page."""
    user = current_user(request)
    today = clock.today()
    if key not in LABELS or key in APPROVAL_ANCHORS or key == "figures":
        raise Http404
    qs = task_selectors.work_list(user, key, today=today)
    if qs is None:
        qs = _other_lists(user, today=today).get(key)
    if qs is None:
        raise Http404
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = _rows(key, list(page.object_list), today=today)
    return render(
        request,
        "web/my_work_list.html",
        {
            "work": WorkList(key=key, label=LABELS[key], count=page.paginator.count, rows=rows, url="", hint=HINTS.get(key, "")),
            "page": page,
            "query": "",
            "today": today,
        },
    )
