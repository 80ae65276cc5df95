"""Working days in Vietnam: where deadlines counted in working days are computed.

A working day is Monday to Friday, not a public holiday and not a compensatory day off, plus
the Saturdays or Sundays the Government makes working days in exchange (Labour Code 2019,
art. 111-112; the yearly Prime Minister's notices on Tết and 2/9). `CalendarOverride` rows
win over the package.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays

from thucthi.workdays.models import CalendarOverride, OverrideKind

ONE_DAY = dt.timedelta(days=1)


@lru_cache(maxsize=64)
def _national(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=year, language="vi")


@dataclass(frozen=True)
class WorkCalendar:
    """National calendar plus overrides, loaded once and used for many computations."""

    days_off: frozenset[dt.date]
    working_days: frozenset[dt.date]

    @classmethod
    def load(cls) -> WorkCalendar:
        rows = list(CalendarOverride.objects.values_list("day", "kind"))
        return cls(
            days_off=frozenset(d for d, k in rows if k == OverrideKind.DAY_OFF),
            working_days=frozenset(d for d, k in rows if k == OverrideKind.WORKING_DAY),
        )

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.working_days:
            return True
        if day in self.days_off:
            return False
        national = _national(day.year)
        return bool(national.is_working_day(day))

    def holiday_name(self, day: dt.date) -> str | None:
        name = _national(day.year).get(day)
        return str(name) if name else None

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The day `count` working days after `start` (start itself not counted).

        "Trong thời hạn 05 ngày làm việc kể từ ngày nhận" counts from the next day.
        """
        if count < 0:
            raise ValueError("count must not be negative")
        day = start
        remaining = count
        while remaining:
            day += ONE_DAY
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (negative if end is earlier)."""
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += ONE_DAY
            if self.is_working_day(day):
                count += 1
        return count

    def next_working_day(self, day: dt.date) -> dt.date:
        """`day` itself if it is a working day, else the next one (a deadline falling on a
        holiday moves to the next working day, Civil Code 2015 art. 148)."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day


def calendar() -> WorkCalendar:
    return WorkCalendar.load()
