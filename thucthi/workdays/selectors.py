"""Reads on the working-day calendar for the administration page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import holidays
from django.db.models import QuerySet

from thucthi.workdays.models import CalendarOverride


def overrides_in_year(year: int) -> QuerySet[CalendarOverride]:
    return CalendarOverride.objects.filter(day__year=year).order_by("day")


def override_get(pk: int) -> CalendarOverride | None:
    return CalendarOverride.objects.filter(pk=pk).first()


@dataclass(frozen=True)
class Holiday:
    day: dt.date
    name: str


def national_holidays(year: int) -> list[Holiday]:
    """The year's public holidays as the national calendar (the `holidays` package) knows them."""
    return [Holiday(day, str(name)) for day, name in sorted(holidays.country_holidays("VN", years=year, language="vi").items())]
