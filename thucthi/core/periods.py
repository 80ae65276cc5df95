"""Periods as users name them, with their first and last day: the keys 2020, 2020-Q3, 2020-H1 and
2020-07, and the ways Vietnamese documents write them ("quý III/2020", "Q3/2020", "6 tháng đầu năm
2020", "tháng 7/2020", "7/2020", "năm 2020"), with or without diacritics.

Domain-free: the scorecards rank units over one, the indicators report figures for one
(indicators/periods.py adds the reporting cut-offs of Decree 09/2019/NĐ-CP).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from thucthi.core.errors import DomainError
from thucthi.core.text import fold

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


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"(?:/|-|\s+nam\s+|\s+)(?P<year>\d{4})"
_WRITTEN = [
    (re.compile(r"^(?:quy\s*|q)(?P<n>[1-4]|iv|iii|ii|i)" + _YEAR + "$"), "Q"),
    (re.compile(r"^(?:6\s*thang\s*(?P<half>dau|cuoi)(?:\s*nam)?|h(?P<n>[12]))" + _YEAR.replace("\\s+nam\\s+|", "") + "$"), "H"),
    (re.compile(r"^(?:thang\s*)?(?P<n>0?[1-9]|1[0-2])" + _YEAR + "$"), "M"),
    (re.compile(r"^nam\s+(?P<year>\d{4})$"), "Y"),
]


def period_key(text: str) -> str:
    """The key of a period however it is written ("quý III/2020" → "2020-Q3"); the text itself,
    upper-cased, when it is no written form this knows (then `parse_period` judges it)."""
    written = " ".join(fold(text).split())
    for pattern, kind in _WRITTEN:
        match = pattern.match(written)
        if match is None:
            continue
        year = match["year"]
        if kind == "Y":
            return year
        if kind == "H":
            n = match["n"] or ("1" if match["half"] == "dau" else "2")
            return f"{year}-H{n}"
        n = match["n"]
        number = _ROMAN[n] if n in _ROMAN else int(n)
        return f"{year}-Q{number}" if kind == "Q" else f"{year}-{number:02d}"
    return text.strip().upper()


def parse_period(text: str) -> Period:
    key = period_key(text)
    match = _PATTERN.match(key)
    if match is None:
        raise DomainError(
            "Kỳ không hợp lệ: ghi năm (2020), quý (quý III/2020 hoặc 2020-Q3), 6 tháng (6 tháng đầu năm 2020 hoặc 2020-H1) "
            "hoặc tháng (tháng 7/2020 hoặc 2020-07).", field="period")
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
    return Period(key, start, end)
