"""Reporting periods of plan indicators and their data cut-offs under Decree 09/2019/NĐ-CP.

A period is keyed as users write it: 2020 (year), 2020-H1 / H2 (half-year), 2020-Q1 … Q4
(quarter) and 2020-01 … 12 (month). Decree 09/2019/NĐ-CP (the reporting regime of state
administrative agencies), Article 12(1), fixes the data cut-off of periodic reports:
- monthly: from the 15th of the previous month to the 14th of the reporting month;
- quarterly: from the 15th of the month before the quarter to the 14th of its last month;
- six-monthly: from 15 December of the previous year to 14 June;
- yearly: from 15 December of the previous year to 14 December.
(The second half-year is not a report of the Decree; its figures cover 15 June–14 December.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from thucthi.core.periods import parse_period


@dataclass(frozen=True)
class ReportingPeriod:
    key: str
    year: int
    month_end: int  # the month the period ends with: 2020-H1 → 6
    months: int  # 1, 3, 6 or 12
    label: str
    cutoff_start: dt.date
    cutoff_end: dt.date

    @property
    def is_year(self) -> bool:
        return self.months == 12

    @property
    def first_day(self) -> dt.date:
        year, month = _month_back(self.year, self.month_end, self.months - 1)
        return dt.date(year, month, 1)

    @property
    def last_day(self) -> dt.date:
        year, month = _month_back(self.year, self.month_end, -1)
        return dt.date(year, month, 1) - dt.timedelta(days=1)

    @property
    def kind(self) -> str:
        return {1: "month", 3: "quarter", 6: "half", 12: "year"}[self.months]


def _month_back(year: int, month: int, back: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) - back
    return index // 12, index % 12 + 1


def reporting_period(key: str) -> ReportingPeriod:
    """Parse "2020-H1" etc.; a bad key raises DomainError with a Vietnamese message."""
    p = parse_period(key)
    months = (p.end.year - p.start.year) * 12 + p.end.month - p.start.month + 1
    year, month_end = p.end.year, p.end.month
    # The cut-off window starts on the 15th of the month before the period's first month.
    start_year, start_month = _month_back(p.start.year, p.start.month, 1)
    return ReportingPeriod(
        key=p.key, year=year, month_end=month_end, months=months, label=p.label,
        cutoff_start=dt.date(start_year, start_month, 15), cutoff_end=dt.date(year, month_end, 14),
    )


def period_key(year: int, months: int, month_end: int) -> str:
    if months == 12:
        return str(year)
    if months == 6:
        return f"{year}-H{month_end // 6}"
    if months == 3:
        return f"{year}-Q{month_end // 3}"
    return f"{year}-{month_end:02d}"


def periods_of_year(year: int, kind: str) -> list[str]:
    if kind == "year":
        return [str(year)]
    if kind == "half":
        return [f"{year}-H1", f"{year}-H2"]
    if kind == "quarter":
        return [f"{year}-Q{q}" for q in range(1, 5)]
    return [f"{year}-{m:02d}" for m in range(1, 13)]
