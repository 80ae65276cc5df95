"""What waits for the user's decision on tasks (/tasks/approvals/): progress reports to review,
completions to accept, extensions to decide, each with its Approve and Return buttons. A button
posts here and runs the task page's own action (`views.ACTIONS`: one service per submit), then
comes back to the list; a refusal is shown next to the item with what was typed."""

from __future__ import annotations

import os
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from thucthi.accounts.policy import Action, PermissionDenied, can
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.tasks import selectors
from thucthi.web.common import current_user
from thucthi.web.tasks.views import ACTIONS

# The task page's actions this page offers, and the POST field naming the item each decides.
DECISIONS = {"review": "report", "decide-completion": "task", "decide-extension": "extension"}


def may_approve(user: Any) -> bool:
    """Whoever decides anything on tasks: reviews progress, accepts completions, decides extensions."""
    return can(user, Action.TASK_REVIEW_PROGRESS) or can(user, Action.TASK_ACCEPT) or can(user, Action.TASK_MANAGE)


def _attachment(user: Any, pk: str) -> FileResponse:
    report = selectors.pending_report(user, pk)
    if report is None or not report.attachment:
        raise Http404
    return FileResponse(report.attachment.open("rb"), as_attachment=True, filename=os.path.basename(report.attachment.name or ""))


@login_required
@require_http_methods(["GET", "POST"])
def approvals(request: HttpRequest) -> HttpResponseBase:
    user = current_user(request)
    if not may_approve(user):
        raise PermissionDenied
    today = clock.today()
    if request.method == "GET" and request.GET.get("attachment"):
        return _attachment(user, request.GET["attachment"])
    failed: tuple[str, str, str, str] | None = None  # (action, item id, message, note typed)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action not in DECISIONS:
            raise Http404
        try:
            task_id = int(request.POST.get("task") or 0)
        except ValueError as exc:
            raise Http404 from exc
        task = selectors.task_detail(user, task_id, today=today)
        if task is None:
            raise Http404
        try:
            messages.success(request, ACTIONS[action](user, task, request))
        except DomainError as exc:
            failed = (action, request.POST.get(DECISIONS[action], ""), exc.message, request.POST.get("note", ""))
        else:
            return redirect("task-approvals")
    lists = selectors.approvals(user, today=today)
    if failed is not None:
        _mark(lists, failed)
    return render(
        request,
        "web/tasks/approvals.html",
        {
            "lists": lists,
            "total": sum(len(v) for v in lists.values()),
            "today": today,
        },
        status=400 if failed else 200,
    )


def _mark(lists: dict[str, list[Any]], failed: tuple[str, str, str, str]) -> None:
    """Put the refusal and the note typed on the item it was about."""
    action, item, message, note = failed
    key = {"review": "reports", "decide-completion": "completions", "decide-extension": "extensions"}[action]
    for row in lists.get(key, []):
        if str(row.pk) == item:
            row.form_error, row.typed_note = message, note
