"""Flags on a scorecard: chronic lateness, repeated extensions, unanswered coordination.

A flag is a prompt for the Standing Committee or the People's Committee office to look
closer ("xử lý nghiêm đơn vị né tránh, đùn đẩy trách nhiệm"), never a verdict: each one
carries the measured value, the threshold it crossed and the tasks behind it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from django.db import models
from django.utils.translation import gettext_lazy as _

from thucthi.accountability.scorecards import UnitScore


class FlagKind(models.TextChoices):
    CHRONIC_LATENESS = "chronic_lateness", _("Chậm muộn kéo dài")
    REPEATED_EXTENSIONS = "repeated_extensions", _("Xin gia hạn nhiều lần")
    UNANSWERED_COORDINATION = "unanswered_coordination", _("Không trả lời đề nghị phối hợp")


@dataclass(frozen=True)
class Thresholds:
    """When a score raises a flag. The defaults are a starting point for a province to set by
    its own working rules, not a legal norm:

    - `min_on_time_rate` = 0.7, `min_rated_tasks` = 5: chronic lateness when fewer than 7 in
      10 of the tasks whose timeliness is settled (`UnitScore.rated`) were on time, once there
      are at least 5 of them; with fewer, one late task moves the rate by 20 points or more.
    - `max_extensions_per_task` = 0.3, `min_assigned_tasks` = 5: repeated extensions when the
      unit asked for more than 0.3 extensions per assigned task (about one task in three),
      once it has at least 5 tasks.
    - `unanswered_overdue_limit` = 3: unanswered coordination when 3 or more coordination
      requests to the unit went past their due date without an answer.

    Comparisons are exact (fractions): 7 on time out of 10 is not below 0.7.
    """

    min_on_time_rate: float = 0.7
    min_rated_tasks: int = 5
    max_extensions_per_task: float = 0.3
    min_assigned_tasks: int = 5
    unanswered_overdue_limit: int = 3


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Flag:
    kind: FlagKind
    unit_id: int
    value: float  # on-time rate, extensions per assigned task, or unanswered requests
    threshold: float
    task_ids: list[int] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(self.kind.label)


def _exact(number: float) -> Fraction:
    return Fraction(str(number))


def flags(score: UnitScore, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> list[Flag]:
    """The flags `score` raises, in the order of `FlagKind`. Works on `HeadScore` too."""
    raised: list[Flag] = []
    rate = score.on_time_fraction
    if rate is not None and score.rated >= thresholds.min_rated_tasks and rate < _exact(thresholds.min_on_time_rate):
        late = sorted(set(score.task_ids.get("completed_late", [])) | set(score.task_ids.get("overdue", [])))
        raised.append(Flag(FlagKind.CHRONIC_LATENESS, score.unit_id, float(rate), thresholds.min_on_time_rate, late))
    if score.assigned and score.assigned >= thresholds.min_assigned_tasks:
        per_task = Fraction(score.extensions_requested, score.assigned)
        if per_task > _exact(thresholds.max_extensions_per_task):
            raised.append(
                Flag(
                    FlagKind.REPEATED_EXTENSIONS, score.unit_id, float(per_task), thresholds.max_extensions_per_task,
                    list(score.task_ids.get("extensions_requested", [])),
                )
            )
    if score.unanswered_overdue >= thresholds.unanswered_overdue_limit:
        raised.append(
            Flag(
                FlagKind.UNANSWERED_COORDINATION, score.unit_id, float(score.unanswered_overdue), float(thresholds.unanswered_overdue_limit),
                list(score.task_ids.get("unanswered_overdue", [])),
            )
        )
    return raised
