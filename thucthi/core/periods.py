"""Periods as users name them: 2020, 2020-Q3, 2020-H1, 2020-07, with their first and last day.

Domain-free: the scorecards rank units over one, the indicators report figures for one
(indicators/periods.py adds the reporting cut-offs of Decree 09/2019/NĐ-CP).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from thucthi.core.errors import DomainError

_PATTERN = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<q>Q[1-4])|(?P<h>H[12])|(?P<m>0[1-9]|1[0-2])))?$")


@dataclass(frozen=True)
class Period:
    key: str
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        year = self.start.year
        if self.key.endswith(("Q1", "Q2", "Q3", "Q4")):
            return f"Quý {['I', 'II', 'III', 'IV'][int(self.key[-1]) - 1]}/{year}"
        if self.key.endswith(("H1", "H2")):
            return f"6 tháng {'đầu' if self.key.endswith('H1') else 'cuối'} năm {year}"
        if len(self.key) == 7:
            return f"Tháng {self.start.month:02d}/{year}"
        return f"Năm {year}"


def parse_period(text: str) -> Period:
    match = _PATTERN.match(text.strip().upper())
    if match is None:
        raise DomainError("Kỳ không hợp lệ: dùng YYYY, YYYY-Q1…Q4, YYYY-H1/H2 hoặc YYYY-MM (ví dụ 2020, 2020-Q3).", field="period")
    year = int(match["year"])
    if not 1990 <= year <= 2100:
        raise DomainError("Năm của kỳ phải từ 1990 đến 2100.", field="period")
    if match["q"]:
        q = int(match["q"][1])
        start, end_month = dt.date(year, 3 * q - 2, 1), 3 * q
    elif match["h"]:
        h = int(match["h"][1])
        start, end_month = dt.date(year, 6 * h - 5, 1), 6 * h
    elif match["m"]:
        start, end_month = dt.date(year, int(match["m"]), 1), int(match["m"])
    else:
        start, end_month = dt.date(year, 1, 1), 12
    end = dt.date(year, end_month, calendar.monthrange(year, end_month)[1])
    return Period(text.strip().upper(), start, end)
