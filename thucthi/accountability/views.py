"""What the scorecard page and the API show: ranked scores with flags, for a period and area."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from thucthi.accountability.flags import Flag, flags
from thucthi.accountability.periods import Period
from thucthi.accountability.scorecards import UnitScore, head_scorecard, ranking, unit_scorecard
from thucthi.orgs.models import Unit


def in_province(area_id: int) -> Q:
    """A province, its agencies, and its communes' councils and committees (whose area is the
    commune, a child of the province)."""
    return Q(pk=area_id) | Q(area_id=area_id) | Q(area__parent_id=area_id)


@dataclass(frozen=True)
class Row:
    score: UnitScore
    flags: list[Flag]
    rank: int


def scorecard_rows(
    *, period: Period, today: dt.date, area_id: int | None = None, unit_id: int | None = None, by_head: bool = False
) -> list[Row]:
    """Ranked scores of the units (or their heads) holding tasks issued in `period`, optionally in one province."""
    ids = [unit_id] if unit_id is not None else None
    scoped = area_id is not None and unit_id is None
    if area_id is not None and unit_id is None:
        # Only the province's own units are scored (tasks of units merged into them still
        # count: the scorecard follows successions back), not the whole country then filtered.
        ids = list(Unit.objects.filter(in_province(area_id)).values_list("pk", flat=True))
    scores: list[UnitScore] = (
        list(head_scorecard(ids, start=period.start, end=period.end, today=today)) if by_head
        else unit_scorecard(ids, start=period.start, end=period.end, today=today)
    )
    if scoped and not by_head:  # given ids, every unit gets a score, even with nothing to count
        scores = [s for s in scores if s.assigned or s.coordination_requests_received]
    if area_id is not None and not scoped:
        in_area = set(Unit.objects.filter(in_province(area_id), pk__in=[s.unit_id for s in scores]).values_list("pk", flat=True))
        scores = [s for s in scores if s.unit_id in in_area]
    return [Row(score, flags(score), rank) for rank, score in enumerate(ranking(scores), start=1)]
