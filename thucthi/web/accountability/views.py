"""The scorecard page: units ranked for a period, charts, flags, and the tasks behind each number."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from thucthi.accountability.scorecards import METRICS
from thucthi.accountability.selectors import scorecard_rows
from thucthi.accounts.policy import Action, can
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.core.periods import parse_period
from thucthi.orgs.selectors import provinces as provinces_on
from thucthi.tasks.selectors import tasks_among

BAR_WIDTH = 240


@login_required
def scorecards(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.SCORECARD_VIEW):
        raise PermissionDenied
    today = clock.today()
    text = request.GET.get("period") or str(today.year)
    error = None
    try:
        period = parse_period(text)
    except DomainError as exc:
        error, period = exc.message, parse_period(str(today.year))
    provinces = provinces_on(on=today)
    area_id = int(request.GET["area"]) if request.GET.get("area", "").isdigit() else None
    by_head = request.GET.get("by") == "head"
    # The page shows the numbers; the ids behind one are fetched when it is clicked (scorecard_tasks).
    rows = scorecard_rows(period=period, today=today, area_id=area_id, by_head=by_head, task_ids=False)
    years = list(range(today.year, 2015, -1))
    return render(request, "web/accountability/scorecards.html", {
        "rows": rows, "period": period, "error": error, "typed": text, "provinces": provinces, "area_id": area_id, "years": years,
        "bar_width": BAR_WIDTH, "today": today, "by_head": by_head, "chart_height": 28 * len(rows) + 4,
    })


@login_required
def scorecard_tasks(request: HttpRequest, unit_id: int) -> HttpResponse:
    """The tasks behind one number of one unit's score."""
    if not can(request.user, Action.SCORECARD_VIEW):
        raise PermissionDenied
    metric = request.GET.get("metric", "assigned")
    if metric not in METRICS:
        raise Http404
    today = clock.today()
    try:
        period = parse_period(request.GET.get("period") or str(today.year))
    except DomainError as exc:
        raise Http404 from exc
    rows = scorecard_rows(period=period, today=today, unit_id=unit_id)
    if not rows:
        raise Http404
    score = rows[0].score
    ids = score.task_ids.get(metric, [])
    # The numbers are for every reader; the tasks behind them only for those who may see each one.
    tasks = tasks_among(request.user, ids, today=today)
    return render(request, "web/accountability/scorecard_tasks.html", {"score": score, "metric": metric, "period": period, "tasks": tasks})
