"""What the scorecard page and the API show: ranked scores with flags, for a period and area."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from thucthi.accountability.flags import Flag, flags
from thucthi.accountability.periods import Period
from thucthi.accountability.scorecards import UnitScore, head_scorecard, ranking, unit_scorecard
from thucthi.orgs.models import Unit


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
    scores: list[UnitScore] = (
        list(head_scorecard(ids, start=period.start, end=period.end, today=today)) if by_head
        else unit_scorecard(ids, start=period.start, end=period.end, today=today)
    )
    if area_id is not None:
        in_area = set(Unit.objects.filter(pk__in=[s.unit_id for s in scores], area_id=area_id).values_list("pk", flat=True))
        scores = [s for s in scores if s.unit_id in in_area or s.unit_id == area_id]
    return [Row(score, flags(score), rank) for rank, score in enumerate(ranking(scores), start=1)]
