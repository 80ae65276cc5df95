"""Scorecards in the API: each unit's numbers for a period, with flags and the tasks behind them."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema

from thucthi.accountability.scorecards import HeadScore
from thucthi.accountability.selectors import scorecard_rows
from thucthi.accounts.policy import Action, require
from thucthi.api import errors
from thucthi.api.auth import AUTH_REQUIRED, caller
from thucthi.api.schemas import ErrorOut
from thucthi.core import clock
from thucthi.core.periods import parse_period
from thucthi.tasks.selectors import visible_task_ids

router = Router(tags=["scorecards"], auth=AUTH_REQUIRED)


class FoldedOut(Schema):
    unit_id: int
    name: str
    merged_on: dt.date | None


class FlagOut(Schema):
    kind: str
    label: str
    value: float
    threshold: float


class HeadOut(Schema):
    person_id: int
    name: str
    title: str
    held_from: dt.date
    held_to: dt.date


class ScoreOut(Schema):
    rank: int
    head: HeadOut | None
    unit_id: int
    name: str
    period_start: dt.date
    period_end: dt.date
    as_of: dt.date
    assigned: int
    completed_on_time: int
    completed_late: int
    cancelled: int
    open: int
    overdue: int
    overdue_1_30: int
    overdue_31_90: int
    overdue_over_90: int
    on_time_rate: float | None
    average_delay_days: float | None
    extensions_requested: int
    tasks_returned: int
    coordination_requests_received: int
    answered_on_time: int
    answered_late: int
    unanswered_overdue: int
    folded: list[FoldedOut]
    flags: list[FlagOut]
    task_ids: dict[str, list[int]]


class ScorePage(Schema):
    period: str
    period_label: str
    count: int
    items: list[ScoreOut]


@router.get("", response={200: ScorePage, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut}, summary="Bảng đánh giá trách nhiệm theo đơn vị và kỳ")
def scorecards(
    request: HttpRequest, period: str = "", unit: int | None = None, area: int | None = None, by: Literal["unit", "head"] = "unit"
) -> dict[str, Any]:
    """`period`: YYYY, YYYY-Q1…Q4, YYYY-H1/H2 hoặc YYYY-MM (mặc định: năm nay). `unit`: một đơn vị; `area`: một tỉnh;
    `by=head`: điểm của từng người đứng đầu trong thời gian giữ chức."""
    errors.reject_unknown(request, ["period", "unit", "area", "by"])
    require(caller(request), Action.SCORECARD_VIEW)
    today = clock.today()
    chosen = parse_period(period or str(today.year))
    rows = scorecard_rows(period=chosen, today=today, area_id=area, unit_id=unit, by_head=by == "head")
    # The numbers are for every reader; the ids of the tasks behind them only for those who may see each one.
    visible = visible_task_ids(caller(request))
    items = []
    for row in rows:
        s = row.score
        items.append({
            "rank": row.rank, "unit_id": s.unit_id, "name": s.name, "head": (
                {"person_id": s.person_id, "name": s.person_name, "title": s.title, "held_from": s.held_from, "held_to": s.held_to}
                if isinstance(s, HeadScore) else None), "period_start": s.start, "period_end": s.end, "as_of": s.today,
            **{f: getattr(s, f) for f in (
                "assigned", "completed_on_time", "completed_late", "cancelled", "open", "overdue", "overdue_1_30", "overdue_31_90",
                "overdue_over_90", "on_time_rate", "average_delay_days", "extensions_requested", "tasks_returned",
                "coordination_requests_received", "answered_on_time", "answered_late", "unanswered_overdue",
            )},
            "folded": [{"unit_id": f.unit_id, "name": f.name, "merged_on": f.merged_on} for f in s.folded],
            "flags": [{"kind": f.kind, "label": f.label, "value": float(f.value), "threshold": float(f.threshold)} for f in row.flags],
            "task_ids": s.task_ids if visible is None else {m: [i for i in ids if i in visible] for m, ids in s.task_ids.items()},
        })
    return {"period": chosen.key, "period_label": chosen.label, "count": len(items), "items": items}
