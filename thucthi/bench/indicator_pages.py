"""`thucthi bench indicators`: a province's plan indicators at full size, and what the indicator
pages cost on it (issue 5, "Measured").

Two halves, as in `thucthi bench tasks`:

1. **Generation** (`generate`, `drop`, `bench_data`). One seeded `random.Random` draws every
   series in Python; rows go to PostgreSQL with `COPY … FROM STDIN` (plain multi-row inserts on
   SQLite, for small runs only), all in one transaction. By default: 150 indicators (flows summed
   over a period, levels, ratios with their numerator and denominator components, a few ranks),
   a five-year plan of one province (today's Hưng Yên, P33) with a target per indicator, and
   approved actuals — every month of 10 complete years and of this year so far, plus the annual
   rows — for the province and each of its communes, and for the other provinces in force (their
   national aggregate). Then every target's stored forecast and status is refreshed through
   `services.refresh_target`, as an approval would. Everything generated is marked:

   - indicators: `Indicator.code` "BENCH:F001" …, `Indicator.source` = SOURCE;
   - the plan and its targets: `source` = SOURCE;
   - actuals: `Actual.source` = SOURCE (and they belong to BENCH: indicators).

   `drop()` deletes exactly those rows (and whatever was later attached to them: trajectory
   points, assessments, sign-offs), in set-based SQL; the reference units stay.

2. **Measurement** (`dashboard_*`, `national_*`, `run`). (a) The province dashboard, the way the
   page builds it: `selectors.dashboard(plan)` then `selectors.status_counts`; (b) a national
   aggregate: `selectors.national_aggregate(indicator, periods)` for a summed and a recomputed
   indicator, over 10 years and over the 12 months of a year. Each next to the best hand-written
   SQL for the same answer; before timing, both must give the same answer or nothing is timed
   (tests/bench/test_indicators.py checks this on a small generated data set on both databases).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import random
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Context, Decimal
from functools import partial
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection, models, transaction

from thucthi.bench.common import Writer, database_version, load_average, percentile, print_verdicts, short, time_alternating
from thucthi.core import clock
from thucthi.indicators import selectors, services
from thucthi.indicators.models import (
    Actual,
    ActualState,
    DataStatus,
    Direction,
    Indicator,
    Kind,
    MergeRule,
    Method,
    Plan,
    PlanKind,
    Target,
)
from thucthi.indicators.periods import period_key
from thucthi.orgs.models import Unit, UnitKind

SOURCE = "thucthi bench indicators"  # Indicator/Plan/Target/Actual.source of generated rows
CODE_PREFIX = "BENCH:"  # Indicator.code of generated indicators: BENCH:F001, BENCH:R003 …
DEFAULT_INDICATORS = 150
DEFAULT_YEARS = 10
DEFAULT_PROVINCE = "P33"  # today's Hưng Yên (Hưng Yên + Thái Bình since 1/7/2025)
SQLITE_MAX_ROWS = 200_000
PLAN_CYCLE_START = 2026  # five-year plans run 2016-2020, 2021-2025, 2026-2030 …

TARGET_DASHBOARD_P95_MS = 200.0
TARGET_NATIONAL_P95_MS = 2000.0


# --- what the indicators are -------------------------------------------------------------------

# (name, measure, direction) of flows summed over a period.
_FLOWS: list[tuple[str, str, str]] = [
    ("Thu ngân sách nhà nước trên địa bàn", "tỷ đồng", Direction.HIGHER),
    ("Thu nội địa", "tỷ đồng", Direction.HIGHER),
    ("Giải ngân vốn đầu tư công", "tỷ đồng", Direction.HIGHER),
    ("Kim ngạch xuất khẩu", "triệu USD", Direction.HIGHER),
    ("Kim ngạch nhập khẩu", "triệu USD", Direction.HIGHER),
    ("Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ tiêu dùng", "tỷ đồng", Direction.HIGHER),
    ("Vốn đầu tư phát triển toàn xã hội", "tỷ đồng", Direction.HIGHER),
    ("Số doanh nghiệp thành lập mới", "doanh nghiệp", Direction.HIGHER),
    ("Số lao động được tạo việc làm mới", "người", Direction.HIGHER),
    ("Số lượt khách du lịch", "lượt", Direction.HIGHER),
    ("Sản lượng lương thực có hạt", "tấn", Direction.HIGHER),
    ("Giá trị sản xuất công nghiệp", "tỷ đồng", Direction.HIGHER),
    ("Số hồ sơ thủ tục hành chính được giải quyết", "hồ sơ", Direction.HIGHER),
    ("Số vụ tai nạn giao thông", "vụ", Direction.LOWER),
    ("Số vụ cháy, nổ", "vụ", Direction.LOWER),
]
# Levels at period end that add up across units.
_LEVELS: list[tuple[str, str, str]] = [
    ("Dân số trung bình", "người", Direction.HIGHER),
    ("Số doanh nghiệp đang hoạt động", "doanh nghiệp", Direction.HIGHER),
    ("Số hợp tác xã đang hoạt động", "hợp tác xã", Direction.HIGHER),
    ("Số hộ kinh doanh cá thể", "hộ", Direction.HIGHER),
    ("Số thuê bao internet băng rộng cố định", "thuê bao", Direction.HIGHER),
    ("Số hộ nghèo theo chuẩn đa chiều", "hộ", Direction.LOWER),
    ("Diện tích đất trồng lúa", "ha", Direction.HIGHER),
]
# Levels that cannot be combined across units (merge rule "none"); the last are target bands.
_LEVELS_NONE: list[tuple[str, str, str]] = [
    ("Tuổi thọ trung bình", "năm", Direction.HIGHER),
    ("Chỉ số sản xuất công nghiệp so với cùng kỳ", "%", Direction.HIGHER),
    ("Tốc độ tăng chỉ số giá tiêu dùng", "%", Direction.BAND),
]
# Ratios: name, measure, scale, direction, numerator, denominator, whether the components are flows.
_RATIOS: list[tuple[str, str, int, str, str, str, bool]] = [
    ("Tỷ lệ giải ngân vốn đầu tư công", "%", 100, Direction.HIGHER, "Vốn đầu tư công đã giải ngân", "Kế hoạch vốn đầu tư công được giao", True),
    ("Tỷ lệ hộ nghèo", "%", 100, Direction.LOWER, "Số hộ nghèo", "Tổng số hộ dân cư", False),
    ("Số bác sĩ trên 1 vạn dân", "bác sĩ/vạn dân", 10000, Direction.HIGHER, "Số bác sĩ", "Dân số", False),
    ("Số giường bệnh trên 1 vạn dân", "giường/vạn dân", 10000, Direction.HIGHER, "Số giường bệnh", "Dân số", False),
    ("Tỷ lệ lao động qua đào tạo", "%", 100, Direction.HIGHER, "Số lao động đã qua đào tạo", "Lực lượng lao động", False),
    ("Tỷ lệ dân số tham gia bảo hiểm y tế", "%", 100, Direction.HIGHER, "Số người tham gia bảo hiểm y tế", "Dân số", False),
    ("Tỷ lệ hồ sơ giải quyết đúng hạn", "%", 100, Direction.HIGHER, "Số hồ sơ giải quyết đúng hạn", "Số hồ sơ đã giải quyết", True),
    ("Tỷ lệ thu ngân sách so với dự toán", "%", 100, Direction.HIGHER, "Thu ngân sách thực hiện", "Dự toán thu ngân sách", True),
    ("Tỷ lệ chất thải rắn sinh hoạt được thu gom, xử lý", "%", 100, Direction.HIGHER, "Chất thải rắn được thu gom, xử lý", "Chất thải rắn phát sinh", True),
    ("Tỷ lệ hộ dân sử dụng nước sạch", "%", 100, Direction.HIGHER, "Số hộ dùng nước sạch", "Tổng số hộ dân cư", False),
    ("Tỷ lệ hồ sơ trực tuyến toàn trình", "%", 100, Direction.HIGHER, "Số hồ sơ trực tuyến toàn trình", "Tổng số hồ sơ tiếp nhận", True),
]
_RANKS = [
    "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)", "Chỉ số cải cách hành chính (PAR Index)",
    "Chỉ số hiệu quả quản trị và hành chính công (PAPI)", "Chỉ số chuyển đổi số (DTI)",
    "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)",
]
_VARIANTS = ["", " – khu vực nhà nước", " – khu vực ngoài nhà nước", " – khu vực có vốn FDI", " – khu vực nông thôn",
             " – khu vực đô thị", " – nhóm ngành công nghiệp", " – nhóm ngành dịch vụ", " – nhóm ngành nông nghiệp"]


@dataclass
class Spec:
    """One indicator to generate, and how its series behave."""

    code: str
    name: str
    measure: str
    kind: str
    merge_rule: str
    direction: str
    method: str
    scale: int = 1
    flow: bool = False  # summed over a period (annual = sum of months) rather than a level (annual = December)
    base: float = 1.0  # a commune's typical monthly value (flows) or level
    growth: float = 0.05  # a year
    noise: float = 0.05
    numerator: Spec | None = None
    denominator: Spec | None = None
    rate: float = 0.5  # ratio: numerator / denominator at the start
    rate_drift: float = 0.0  # ratio: its change a year
    pk: int = 0


def indicator_mix(n: int) -> tuple[int, int, int, int, int]:
    """(ranks, ratios, flows, levels summed, levels not combinable) for `n` indicators; each ratio
    brings its numerator and its denominator, so ranks + 3 × ratios + the rest = n."""
    if n < 8:
        raise ValueError("cần ít nhất 8 chỉ tiêu / at least 8 indicators")
    ranks = min(len(_RANKS), max(1, n // 30))
    ratios = n // 6
    rest = n - ranks - 3 * ratios
    flows = rest * 4 // 7
    none = max(1, rest // 10)
    return ranks, ratios, flows, rest - flows - none, none


def specs(n: int, rng: random.Random) -> list[Spec]:
    """The `n` indicators, components before the ratios made of them."""
    ranks, ratios, flows, levels, none = indicator_mix(n)
    out: list[Spec] = []

    def named(pool: Sequence[tuple[str, str, str]], i: int) -> tuple[str, str, str]:
        name, measure, direction = pool[i % len(pool)]
        return name + _VARIANTS[(i // len(pool)) % len(_VARIANTS)] + ("" if i < len(pool) * len(_VARIANTS) else f" ({i})"), measure, direction

    for i in range(flows):
        name, measure, direction = named(_FLOWS, i)
        method = (Method.CUMULATIVE_PROFILE, Method.GROWTH_RATIO, Method.LINEAR)[i % 3]
        out.append(Spec(f"{CODE_PREFIX}F{i + 1:03d}", name, measure, Kind.FLOW, MergeRule.SUM, direction, method, flow=True,
                        base=math.exp(rng.uniform(0, 7)), growth=rng.uniform(-0.03, 0.12) * (1 if direction == Direction.HIGHER else -0.5)))
    for i in range(levels):
        name, measure, direction = named(_LEVELS, i)
        out.append(Spec(f"{CODE_PREFIX}L{i + 1:03d}", name, measure, Kind.LEVEL, MergeRule.SUM, direction,
                        (Method.LINEAR, Method.GROWTH_RATIO)[i % 2], base=math.exp(rng.uniform(3, 9)),
                        growth=rng.uniform(0.0, 0.06) * (1 if direction == Direction.HIGHER else -1), noise=0.01))
    for i in range(none):
        name, measure, direction = named(_LEVELS_NONE, i)
        out.append(Spec(f"{CODE_PREFIX}N{i + 1:03d}", name, measure, Kind.LEVEL, MergeRule.NONE, direction, Method.LINEAR,
                        base=rng.uniform(3, 80), growth=rng.uniform(0.0, 0.02), noise=0.02))
    for i in range(ratios):
        name, measure, scale, direction, num_name, den_name, flow = _RATIOS[i % len(_RATIOS)]
        suffix = _VARIANTS[(i // len(_RATIOS)) % len(_VARIANTS)] + ("" if i < len(_RATIOS) * len(_VARIANTS) else f" ({i})")
        kind, unit_measure = (Kind.FLOW, "tỷ đồng") if flow else (Kind.LEVEL, "người")
        base = math.exp(rng.uniform(2, 6)) if flow else math.exp(rng.uniform(6, 9))
        den = Spec(f"{CODE_PREFIX}R{i + 1:03d}D", den_name + suffix, unit_measure, kind, MergeRule.SUM, Direction.HIGHER,
                   Method.LINEAR, flow=flow, base=base, growth=rng.uniform(0.0, 0.05), noise=0.03 if flow else 0.005)
        num = Spec(f"{CODE_PREFIX}R{i + 1:03d}N", num_name + suffix, unit_measure, kind, MergeRule.SUM, direction,
                   Method.LINEAR, flow=flow)
        rate = rng.uniform(0.05, 0.6) if direction == Direction.LOWER else rng.uniform(0.3, 0.9)
        if scale == 10000:
            rate = rng.uniform(0.0005, 0.004)
        drift = rate * rng.uniform(-0.06, 0.02) if direction == Direction.LOWER else rate * rng.uniform(-0.01, 0.05)
        out += [num, den, Spec(f"{CODE_PREFIX}R{i + 1:03d}", name + suffix, measure, Kind.RATIO, MergeRule.RECOMPUTE, direction,
                               (Method.LINEAR, Method.GROWTH_RATIO)[i % 2], scale=scale, numerator=num, denominator=den,
                               rate=rate, rate_drift=drift, noise=0.02)]
    for i in range(ranks):
        out.append(Spec(f"{CODE_PREFIX}K{i + 1:03d}", _RANKS[i] + " – thứ hạng", "hạng", Kind.RANK, MergeRule.NONE, Direction.LOWER,
                        Method.LINEAR))
    return out


# --- what is there -----------------------------------------------------------------------------


@dataclass
class BenchData:
    indicators: int
    actuals: int
    plans: int

    @property
    def present(self) -> bool:
        return self.indicators > 0 and self.plans > 0


def bench_data() -> BenchData:
    return BenchData(
        indicators=Indicator.objects.filter(code__startswith=CODE_PREFIX).count(),
        actuals=Actual.objects.filter(source=SOURCE).count(),
        plans=Plan.objects.filter(source=SOURCE).count(),
    )


def plan_years(today: dt.date) -> tuple[int, int]:
    """The five-year plan running today (2026-2030 in 2026)."""
    start = PLAN_CYCLE_START + 5 * ((today.year - PLAN_CYCLE_START) // 5)
    return start, start + 4


@dataclass(frozen=True)
class Period:
    key: str
    year: int
    month_end: int
    months: int
    status: str
    entered: str
    reviewed: str


def _stamp(day: dt.date, hour: int) -> str:
    """`hour` o'clock in Việt Nam (UTC+7), stored in UTC as Django stores it."""
    return f"{day.isoformat()} {hour - 7:02d}:00:00" + ("+00" if connection.vendor == "postgresql" else "")


def data_periods(today: dt.date, years: int) -> tuple[list[Period], list[Period]]:
    """(months, years): every month of the `years` complete years before today's and of this year
    up to last month, and those complete years."""
    first = today.year - years
    months: list[Period] = []
    annual: list[Period] = []
    for year in range(first, today.year + 1):
        last_month = 12 if year < today.year else today.month - 1
        for m in range(1, last_month + 1):
            ahead = (today.year - year) * 12 + today.month - m  # months ago
            status = DataStatus.OFFICIAL if ahead > 12 else (DataStatus.PRELIMINARY if ahead > 1 else DataStatus.ESTIMATE)
            after = dt.date(year + m // 12, m % 12 + 1, 1)
            entered = min(today, after + dt.timedelta(days=4))
            months.append(Period(period_key(year, 1, m), year, m, 1, status, _stamp(entered, 9), _stamp(min(today, entered + dt.timedelta(days=3)), 15)))
        if year < today.year:
            entered = min(today, dt.date(year + 1, 1, 20))
            status = DataStatus.OFFICIAL if year < today.year - 1 else DataStatus.PRELIMINARY
            annual.append(Period(str(year), year, 12, 12, status, _stamp(entered, 9), _stamp(min(today, entered + dt.timedelta(days=5)), 15)))
    return months, annual


# --- drawing the series ------------------------------------------------------------------------


def _money(x: float) -> int:
    """A figure in hundredths (2 decimals), never below 0.01."""
    return max(1, int(x * 100 + 0.5))


def _text(h: int) -> str:
    return f"{h // 100}.{h % 100:02d}"


class _Draw:
    """Monthly series in hundredths, one leaf unit (a commune, or another province) at a time."""

    def __init__(self, rng: random.Random, n_months: int, first_month: int) -> None:
        self.rng = rng
        self.n = n_months
        self.first_month = first_month  # 1 = January
        # A yearly cycle: low in the first months, a rush in December (budget, investment).
        self.season = [0.6, 0.7, 0.85, 0.9, 0.95, 1.0, 1.0, 1.0, 1.05, 1.1, 1.2, 1.65]

    def flow(self, base: float, growth: float, noise: float) -> list[int]:
        g, season, gauss = (1 + growth) ** (1 / 12), self.season, self.rng.gauss
        return [_money(base * g**k * season[(self.first_month - 1 + k) % 12] * (1 + noise * gauss(0, 1))) for k in range(self.n)]

    def level(self, base: float, growth: float, noise: float) -> list[int]:
        g, gauss = (1 + growth) ** (1 / 12), self.rng.gauss
        return [_money(base * g**k * (1 + noise * gauss(0, 1))) for k in range(self.n)]

    def share(self, of: list[int], rate: float, drift: float, noise: float) -> list[int]:
        gauss = self.rng.gauss
        out = []
        for k, d in enumerate(of):
            r = min(0.999, max(0.0001, (rate + drift * k / 12) * (1 + noise * gauss(0, 1))))
            out.append(max(1, int(d * r + 0.5)))
        return out


def _annual(spec: Spec, monthly: list[int], years: int) -> list[int]:
    """Each complete year's figure from its months (the first 12 × `years`)."""
    if spec.flow:
        return [sum(monthly[12 * y:12 * y + 12]) for y in range(years)]
    return [monthly[12 * y + 11] for y in range(years)]


def _ratio(num: int, den: int, scale: int) -> int:
    return max(1, int(num * scale * 100 / den + 0.5))  # in hundredths


ACTUAL_COLUMNS = ("indicator_id", "unit_id", "period", "year", "month_end", "months", "value", "data_status", "source",
                  "state", "entered_at", "reviewed_at", "is_sample", "version")


@dataclass
class _World:
    province: int
    communes: list[int]
    others: list[int]  # the other provinces in force
    months: list[Period]
    annual: list[Period]
    rng: random.Random
    commune_scale: dict[int, float] = field(default_factory=dict)
    province_scale: dict[int, float] = field(default_factory=dict)

    @property
    def leaves(self) -> list[int]:
        return self.communes + self.others


def _rows(ind: int, unit: int, monthly: list[int], annual: list[int], w: _World) -> Iterator[tuple[Any, ...]]:
    for p, v in zip(w.months, monthly, strict=True):
        yield (ind, unit, p.key, p.year, p.month_end, 1, _text(v), p.status, SOURCE, ActualState.APPROVED, p.entered, p.reviewed, False, 1)
    for p, v in zip(w.annual, annual, strict=True):
        yield (ind, unit, p.key, p.year, 12, 12, _text(v), p.status, SOURCE, ActualState.APPROVED, p.entered, p.reviewed, False, 1)


def _draw_plain(spec: Spec, w: _World, draw: _Draw) -> dict[int, list[int]]:
    """Monthly series of every unit for a flow or a level; the province = its communes' sum, or its
    own draw when the indicator cannot be combined."""
    series: dict[int, list[int]] = {}
    for u in w.leaves:
        scale = w.commune_scale.get(u) or w.province_scale[u]
        if spec.merge_rule == MergeRule.NONE:
            scale = 1.0
        base = spec.base * scale
        series[u] = draw.flow(base, spec.growth, spec.noise) if spec.flow else draw.level(base, spec.growth, spec.noise)
    if spec.merge_rule == MergeRule.NONE:
        series[w.province] = draw.level(spec.base, spec.growth, spec.noise)
    else:
        series[w.province] = [sum(col) for col in zip(*(series[c] for c in w.communes), strict=True)] if w.communes else draw.level(spec.base, spec.growth, spec.noise)
    return series


def _write_indicator(spec: Spec, w: _World, draw: _Draw, writer: Writer, n_years: int) -> dict[str, dict[int, int]]:
    """Write a flow, a level or a whole ratio (its numerator, denominator and itself); return the
    province's annual figures by code and year (for the targets' baselines)."""
    years = [p.year for p in w.annual]
    province_annual: dict[str, dict[int, int]] = {}
    units = [w.province, *w.leaves]
    if spec.kind == Kind.RANK:
        # Provinces only, once a year: a ranking of the provinces in force.
        rows = []
        provinces = [w.province, *w.others]
        for p in w.annual:
            order = provinces[:]
            w.rng.shuffle(order)
            for rank, u in enumerate(order, start=1):
                rows.append((spec.pk, u, p.key, p.year, 12, 12, str(rank), p.status, SOURCE, ActualState.APPROVED, p.entered, p.reviewed, False, 1))
                if u == w.province:
                    province_annual.setdefault(spec.code, {})[p.year] = rank * 100
        writer.write(Actual, ACTUAL_COLUMNS, rows)
        return province_annual
    if spec.kind != Kind.RATIO:
        series = _draw_plain(spec, w, draw)
        writer.write(Actual, ACTUAL_COLUMNS, (r for u in units for r in _rows(spec.pk, u, series[u], _annual(spec, series[u], n_years), w)))
        province_annual[spec.code] = dict(zip(years, _annual(spec, series[w.province], n_years), strict=True))
        return province_annual
    num, den = spec.numerator, spec.denominator
    assert num is not None and den is not None
    dens = _draw_plain(den, w, draw)
    nums = {u: draw.share(dens[u], spec.rate, spec.rate_drift, spec.noise) for u in w.leaves}
    nums[w.province] = [sum(col) for col in zip(*(nums[c] for c in w.communes), strict=True)] if w.communes else draw.share(dens[w.province], spec.rate, spec.rate_drift, spec.noise)
    for component, values in ((num, nums), (den, dens)):
        writer.write(Actual, ACTUAL_COLUMNS, (r for u in units for r in _rows(component.pk, u, values[u], _annual(component, values[u], n_years), w)))
        province_annual[component.code] = dict(zip(years, _annual(component, values[w.province], n_years), strict=True))

    def ratios(u: int) -> tuple[list[int], list[int]]:
        monthly = [_ratio(n, d, spec.scale) for n, d in zip(nums[u], dens[u], strict=True)]
        annual = [_ratio(n, d, spec.scale) for n, d in zip(_annual(num, nums[u], n_years), _annual(den, dens[u], n_years), strict=True)]
        return monthly, annual

    computed = {u: ratios(u) for u in units}
    writer.write(Actual, ACTUAL_COLUMNS, (r for u in units for r in _rows(spec.pk, u, computed[u][0], computed[u][1], w)))
    province_annual[spec.code] = dict(zip(years, computed[w.province][1], strict=True))
    return province_annual


# --- the plan and its targets ------------------------------------------------------------------


def _target(spec: Spec, plan: Plan, baseline: Decimal, rng: random.Random) -> Target:
    """A target five years on from the baseline: sometimes modest, sometimes out of reach."""
    years = plan.end_year - (plan.start_year - 1)
    ambition = rng.choice([-1.0, 0.5, 0.8, 1.0, 1.2, 1.6, 2.5])  # below zero: already within reach
    fields: dict[str, Any] = {}
    b = float(baseline)
    if spec.direction == Direction.BAND:
        fields.update(low=Decimal(str(round(b * 0.9, 2))), high=Decimal(str(round(b * 1.1, 2))), text="trong khoảng ±10% năm gốc")
    elif spec.kind == Kind.RANK:
        fields.update(value=Decimal(max(1, int(b) - int(3 * ambition))), text="nâng thứ hạng")
    else:
        growth = abs(spec.growth) if spec.kind != Kind.RATIO else abs(spec.rate_drift / max(spec.rate, 1e-6))
        step = max(0.005, growth) * ambition
        factor = (1 + step) ** years if spec.direction == Direction.HIGHER else (1 - min(0.15, step)) ** years
        fields.update(value=Decimal(str(round(b * factor, 2))))
    return Target(plan=plan, indicator_id=spec.pk, baseline_year=plan.start_year - 1, baseline_value=baseline, year=plan.end_year,
                  source=SOURCE, **fields)


# --- generation --------------------------------------------------------------------------------


@dataclass
class Generated:
    indicators: int
    targets: int
    rows: dict[str, int]
    seconds: dict[str, float]
    statuses: dict[str, int]
    unclassified: list[str]  # targets whose status could not be computed, with the reason

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def estimate_rows(indicators: int, years: int, units: int, today: dt.date) -> int:
    return indicators * units * (years * 13 + max(0, today.month - 1))


def scope(province_code: str, today: dt.date) -> tuple[Unit, list[int], list[int]]:
    """The province, its communes (`Unit.objects.filter(parent=province, kind='commune')`) and the
    other provinces in force (those of `selectors.provinces`)."""
    province = Unit.objects.filter(code=province_code, kind=UnitKind.PROVINCE).first()
    if province is None:
        raise ValueError(f"không có tỉnh {province_code}: chạy `thucthi reference load` / no province {province_code}: run `thucthi reference load`")
    communes = list(Unit.objects.filter(parent=province, kind=UnitKind.COMMUNE).order_by("pk").values_list("pk", flat=True))
    others = sorted(set(selectors.provinces()) - {province.pk})
    return province, communes, others


def generate(
    *, today: dt.date, indicators: int = DEFAULT_INDICATORS, years: int = DEFAULT_YEARS, province_code: str = DEFAULT_PROVINCE,
    seed: int = 2025, on_progress: Callable[[str], None] | None = None,
) -> Generated:
    """Generate the indicators, the plan, the actuals and refresh the targets (see the module
    docstring); replaces earlier bench data."""
    say = on_progress or (lambda _text: None)
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    if bench_data().present or Indicator.objects.filter(code__startswith=CODE_PREFIX).exists() or Plan.objects.filter(source=SOURCE).exists():
        drop()
        seconds["drop"] = time.perf_counter() - started
    if years < 1:
        raise ValueError("--years ≥ 1")
    province, communes, others = scope(province_code, today)
    start_year, end_year = plan_years(today)
    clash = Plan.objects.filter(area=province, kind=PlanKind.FIVE_YEAR, start_year=start_year, end_year=end_year).first()
    if clash is not None:
        raise ValueError(f"{province} đã có kế hoạch {start_year}-{end_year} “{clash}” (không phải dữ liệu đo) / already has a "
                         f"{start_year}-{end_year} plan that is not bench data")
    rng = random.Random(seed)
    months, annual = data_periods(today, years)
    world = _World(province.pk, communes, others, months, annual, rng)
    for c in communes:
        world.commune_scale[c] = math.exp(rng.gauss(0, 0.6))
    total = sum(world.commune_scale.values()) or 1.0
    for p in others:
        world.province_scale[p] = total * math.exp(rng.gauss(0, 0.5))
    draw = _Draw(rng, len(months), 1)
    all_specs = specs(indicators, rng)
    writer = Writer()
    step = time.perf_counter()
    with transaction.atomic():
        if writer.postgres:
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # each COPY's foreign keys checked as it ends
        # Components before the ratios that point at them.
        for order, spec in enumerate(all_specs, start=1):
            ind = Indicator.objects.create(
                code=spec.code, name=spec.name, measure=spec.measure, direction=spec.direction, kind=spec.kind,
                merge_rule=spec.merge_rule, method=spec.method, scale=spec.scale, reporting_unit=None,
                numerator_id=spec.numerator.pk if spec.numerator else None, denominator_id=spec.denominator.pk if spec.denominator else None,
                decimals=0 if spec.kind == Kind.RANK else 2, source=SOURCE, order=order,
            )
            spec.pk = ind.pk
        writer.rows[Indicator._meta.db_table] += len(all_specs)
        province_annual: dict[str, dict[int, int]] = {}
        done = 0
        components = {id(c) for s in all_specs for c in (s.numerator, s.denominator) if c is not None}
        for spec in all_specs:
            if id(spec) not in components:  # a component is written with its ratio
                province_annual.update(_write_indicator(spec, world, draw, writer, years))
                done += 1
                if done % 25 == 0:
                    say(f"{done} chỉ tiêu (kèm thành phần) / indicators (with components) · {writer.rows[Actual._meta.db_table]:,} số liệu / actuals · "
                        f"{time.perf_counter() - step:.0f} s".replace(",", "."))
        seconds["actuals"] = time.perf_counter() - step
        say(f"{writer.rows[Actual._meta.db_table]:,} số liệu / actuals: {seconds['actuals']:.1f} s".replace(",", "."))

        step = time.perf_counter()
        plan = Plan.objects.create(
            kind=PlanKind.FIVE_YEAR, area=province, start_year=start_year, end_year=end_year, source=SOURCE,
            name=f"Kế hoạch phát triển kinh tế - xã hội 5 năm {start_year}-{end_year} (dữ liệu đo hiệu năng / bench data)",
        )
        targets = []
        for spec in all_specs:
            base = province_annual.get(spec.code, {}).get(start_year - 1)
            baseline = Decimal(base) / 100 if base is not None else Decimal(1)
            if spec.kind == Kind.RANK:
                baseline = Decimal(base // 100 if base else 10)
            targets.append(_target(spec, plan, baseline, rng))
        Target.objects.bulk_create(targets)
        writer.rows[Plan._meta.db_table] += 1
        writer.rows[Target._meta.db_table] += len(targets)
        unclassified: list[str] = []
        for target in Target.objects.filter(plan=plan).select_related("indicator", "plan__area"):
            try:
                services.refresh_target(target)
            except ValueError as exc:  # a forecast the data cannot support: left without a status
                unclassified.append(f"{target.indicator.code}: {exc}")
        statuses = Counter(Target.objects.filter(plan=plan).values_list("status", flat=True))
        seconds["plan, targets, refresh_target"] = time.perf_counter() - step
    step = time.perf_counter()
    analyze()
    seconds["VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE"] = time.perf_counter() - step
    return Generated(len(all_specs), len(targets), dict(writer.rows), seconds, {k or "none": v for k, v in statuses.items()}, unclassified)


BENCH_MODELS: tuple[type[models.Model], ...] = (Actual, Target, Indicator, Plan)


def analyze() -> None:
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in BENCH_MODELS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {tables}" if connection.in_atomic_block else f"VACUUM (ANALYZE) {tables}")
        elif connection.vendor == "sqlite":
            cursor.execute("ANALYZE")


def _delete(model: type[models.Model], where: str, params: list[Any], deleted: Counter[str]) -> None:
    """DELETE the rows of `model` matching `where`, after every row pointing at them (depth first)."""
    table = connection.ops.quote_name(model._meta.db_table)
    for rel in model._meta.related_objects:
        child = rel.related_model
        if not isinstance(child, type) or child is model or not isinstance(rel.field, models.ForeignKey):
            continue
        assert rel.field.column is not None
        column = connection.ops.quote_name(rel.field.column)
        _delete(child, f"{column} IN (SELECT id FROM {table} WHERE {where})", params, deleted)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {where}", params)
        deleted[model._meta.db_table] += max(cursor.rowcount, 0)


def drop() -> dict[str, int]:
    """Delete every generated row and anything attached to it since; set-based SQL."""
    deleted: Counter[str] = Counter()
    with transaction.atomic():
        _delete(Plan, "source = %s", [SOURCE], deleted)
        _delete(Indicator, "code LIKE %s", [CODE_PREFIX + "%"], deleted)
    return {k: v for k, v in deleted.items() if v}


# --- (a) the province dashboard ----------------------------------------------------------------


def _dec(value: Any) -> Decimal | None:
    """A figure as the ORM returns it: SQLite hands back floats (15 significant digits kept)."""
    if value is None or isinstance(value, Decimal):
        return value
    return Context(prec=15).create_decimal_from_float(value)


Row = tuple[Any, ...]  # target id, indicator id, indicator code, status, projected, latest period, value, status, years


@dataclass(frozen=True)
class Dashboard:
    rows: tuple[Row, ...]
    counts: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class DashboardCase:
    plan: Plan

    @property
    def label(self) -> str:
        return f"dashboard {self.plan.area} {self.plan.start_year}-{self.plan.end_year}"


def dashboard_orm(case: DashboardCase) -> Dashboard:
    """What the province dashboard does: `selectors.dashboard(plan)` and its status counts."""
    rows = selectors.dashboard(case.plan)
    counts = selectors.status_counts(rows)
    return Dashboard(
        tuple(
            (r.target.pk, r.target.indicator_id, r.target.indicator.code, r.target.status, r.target.projected,
             r.latest_period, r.latest_value, r.latest_status, tuple(r.years.items()))
            for r in rows
        ),
        tuple(sorted(counts.items())),
    )


def _columns(model: type[models.Model], alias: str) -> str:
    return ", ".join(f"{alias}.{connection.ops.quote_name(f.column)}" for f in model._meta.concrete_fields if f.column)


def dashboard_sql(case: DashboardCase) -> tuple[str, list[Any]]:
    """One statement: the plan's targets with their indicators (every column, as the page shows
    them), the latest approved figure of the plan's area for each, and the yearly series.

    PostgreSQL: the latest figure by a LATERAL top-1 on the (unit, indicator, year) index, and the
    years aggregated in a second LATERAL; SQLite has no LATERAL: correlated subqueries there, as
    the selector, and the years as a grouped string."""
    plan = case.plan
    n_target = len(Target._meta.concrete_fields)
    n_indicator = len(Indicator._meta.concrete_fields)
    assert n_target and n_indicator
    where_latest = "a.indicator_id = t.indicator_id AND a.unit_id = %s AND a.state = 'approved'"
    order_latest = "ORDER BY a.year DESC, a.month_end DESC, a.months DESC LIMIT 1"
    where_years = (
        "y.indicator_id = t.indicator_id AND y.unit_id = %s AND y.months = 12 AND y.state = 'approved'"
        " AND y.year >= %s AND y.year <= %s"
    )
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT {_columns(Target, 't')}, {_columns(Indicator, 'i')}, l.period, l.value, l.data_status, ys.years, ys.vals"
            " FROM indicators_target t JOIN indicators_indicator i ON i.id = t.indicator_id"
            f" LEFT JOIN LATERAL (SELECT a.period, a.value, a.data_status FROM indicators_actual a WHERE {where_latest} {order_latest}) l ON true"
            f" LEFT JOIN LATERAL (SELECT array_agg(y.year ORDER BY y.year) AS years, array_agg(y.value ORDER BY y.year) AS vals"
            f" FROM indicators_actual y WHERE {where_years}) ys ON true"
            " WHERE t.plan_id = %s ORDER BY i.\"order\", i.code"
        )
        return sql, [plan.area_id, plan.area_id, plan.start_year - 1, plan.end_year, plan.pk]
    latest = f"FROM indicators_actual a WHERE {where_latest} {order_latest}"
    sql = (
        f"SELECT {_columns(Target, 't')}, {_columns(Indicator, 'i')},"
        f" (SELECT a.period {latest}), (SELECT a.value {latest}), (SELECT a.data_status {latest}),"
        f" (SELECT group_concat(y.year, ',') FROM (SELECT y.year FROM indicators_actual y WHERE {where_years} ORDER BY y.year) y),"
        f" (SELECT json_group_array(y.value) FROM (SELECT y.value FROM indicators_actual y WHERE {where_years} ORDER BY y.year) y)"
        " FROM indicators_target t JOIN indicators_indicator i ON i.id = t.indicator_id"
        " WHERE t.plan_id = %s ORDER BY i.\"order\", i.code"
    )
    years = [plan.area_id, plan.start_year - 1, plan.end_year]
    return sql, [plan.area_id] * 3 + years + years + [plan.pk]


def dashboard_raw(case: DashboardCase) -> Dashboard:
    sql, params = dashboard_sql(case)
    n_target = len(Target._meta.concrete_fields)
    t_names = [f.attname for f in Target._meta.concrete_fields]
    i_code = n_target + [f.attname for f in Indicator._meta.concrete_fields].index("code")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    rows: list[Row] = []
    counts: Counter[str] = Counter()
    for r in fetched:
        t = dict(zip(t_names, r[:n_target], strict=True))
        latest_period, latest_value, latest_status, years, values = r[-5:]
        if connection.vendor == "postgresql":
            series = tuple(zip(years or [], values or [], strict=True))
        else:
            series = tuple(zip((int(y) for y in years.split(",")) if years else [], (_dec(v) for v in json.loads(values or "[]")), strict=True))
        rows.append((t["id"], t["indicator_id"], r[i_code], t["status"], _dec(t["projected"]), latest_period, _dec(latest_value),
                     latest_status, series))
        counts[t["status"] or "none"] += 1
    return Dashboard(tuple(rows), tuple(sorted(counts.items())))


# --- (b) a national aggregate --------------------------------------------------------------------


@dataclass(frozen=True)
class NationalCase:
    indicator: Indicator
    periods: tuple[str, ...]
    what: str  # "10 năm / years", "12 tháng / months"

    @property
    def label(self) -> str:
        return f"national {self.indicator.merge_rule} {self.what}"


Aggregate = tuple[tuple[str, Decimal | None, int], ...]


def national_orm(case: NationalCase) -> Aggregate:
    """What the national page does: `selectors.national_aggregate(indicator, periods)`."""
    got = selectors.national_aggregate(case.indicator, list(case.periods))
    return tuple((p, *got[p]) for p in case.periods)


def national_sql(case: NationalCase, today: dt.date) -> tuple[str, list[Any]]:
    """One statement: the number of provinces in force, then per component and period the sum of
    their approved figures and how many reported (a unit has one row per indicator and period)."""
    ind = case.indicator
    components = [ind.pk] if ind.merge_rule == MergeRule.SUM else [ind.numerator_id, ind.denominator_id]
    day = connection.ops.adapt_datefield_value(today)
    in_force = "u.kind = 'province' AND (u.valid_from IS NULL OR u.valid_from <= %s) AND (u.valid_to IS NULL OR u.valid_to >= %s)"
    marks = ", ".join(["%s"] * len(case.periods))
    ids = ", ".join(["%s"] * len(components))
    sql = (
        f"SELECT NULL, NULL, NULL, COUNT(*) FROM orgs_unit u WHERE {in_force}"
        " UNION ALL"
        " SELECT a.indicator_id, a.period, SUM(a.value), COUNT(*) FROM indicators_actual a JOIN orgs_unit u ON u.id = a.unit_id"
        f" WHERE a.indicator_id IN ({ids}) AND a.period IN ({marks}) AND a.state = 'approved' AND {in_force}"
        " GROUP BY a.indicator_id, a.period"
    )
    return sql, [day, day, *components, *case.periods, day, day]


def national_raw(case: NationalCase, today: dt.date) -> Aggregate:
    sql, params = national_sql(case, today)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    wanted = int(fetched[0][3])
    sums: dict[tuple[int, str], tuple[Decimal, int]] = {}
    for ind, period, total, n in fetched[1:]:
        value = _dec(total)
        assert value is not None
        sums[(int(ind), period)] = (value, int(n))
    ind = case.indicator
    zero = (Decimal(0), 0)
    out: list[tuple[str, Decimal | None, int]] = []
    for p in case.periods:
        if ind.merge_rule == MergeRule.SUM:
            total, n = sums.get((ind.pk, p), zero)
            out.append((p, total if n == wanted else None, n))
            continue
        assert ind.numerator_id and ind.denominator_id
        (nt, nn), (dtot, dn) = sums.get((ind.numerator_id, p), zero), sums.get((ind.denominator_id, p), zero)
        complete = nn == wanted and dn == wanted and dtot != 0
        out.append((p, nt / dtot * ind.scale if complete else None, min(nn, dn)))
    return tuple(out)


# --- the cases, equality before timing, then timing ---------------------------------------------

Case = DashboardCase | NationalCase


def kind_of(case: Case) -> str:
    return "dashboard" if isinstance(case, DashboardCase) else "national"


def build_cases(today: dt.date, province_code: str = DEFAULT_PROVINCE) -> list[Case]:
    """The bench plan's dashboard; the national aggregate of the first summed flow and of the first
    recomputed ratio over the last 10 complete years, and over the 12 months of the last one."""
    plan = Plan.objects.filter(source=SOURCE, area__code=province_code).select_related("area").order_by("-start_year").first()
    if plan is None:
        raise ValueError("chưa có dữ liệu đo / no bench data: run without --reuse")
    summed = Indicator.objects.filter(code__startswith=CODE_PREFIX, kind=Kind.FLOW, merge_rule=MergeRule.SUM).order_by("code").first()
    ratio = Indicator.objects.filter(code__startswith=CODE_PREFIX, merge_rule=MergeRule.RECOMPUTE).order_by("code").first()
    cases: list[Case] = [DashboardCase(plan)]
    for ind in (summed, ratio):
        if ind is None:
            continue
        years = sorted(set(Actual.objects.filter(indicator=ind if ind.merge_rule == MergeRule.SUM else ind.denominator, unit_id=plan.area_id,
                                                 months=12).values_list("year", flat=True)))[-10:]
        if not years:
            continue
        cases.append(NationalCase(ind, tuple(str(y) for y in years), f"{len(years)} năm / years {years[0]}-{years[-1]}"))
        cases.append(NationalCase(ind, tuple(f"{years[-1]}-{m:02d}" for m in range(1, 13)), f"12 tháng / months {years[-1]}"))
    return cases


def orm(case: Case, today: dt.date) -> Any:
    return dashboard_orm(case) if isinstance(case, DashboardCase) else national_orm(case)


def raw(case: Case, today: dt.date) -> Any:
    return dashboard_raw(case) if isinstance(case, DashboardCase) else national_raw(case, today)


def show_sql(case: Case, today: dt.date) -> tuple[str, list[Any]]:
    return dashboard_sql(case) if isinstance(case, DashboardCase) else national_sql(case, today)


@dataclass
class Mismatch:
    case: Case
    orm: Any
    sql: Any

    def __str__(self) -> str:
        first = ""
        if isinstance(self.orm, Dashboard) and isinstance(self.sql, Dashboard):
            diff = [(a, b) for a, b in zip(self.orm.rows, self.sql.rows, strict=False) if a != b]
            first = f" first difference: ORM {diff[0][0]!r} / SQL {diff[0][1]!r}" if diff else f" counts ORM {self.orm.counts} / SQL {self.sql.counts}"
        return f"{self.case.label}: ORM {short(self.orm)} / SQL {short(self.sql)}{first}"


def mismatches(cases: Sequence[Case], today: dt.date) -> list[Mismatch]:
    """Cases where the hand-written SQL does not give the selector's answer."""
    problems = []
    for case in cases:
        a, b = orm(case, today), raw(case, today)
        if a != b:
            problems.append(Mismatch(case, a, b))
    return problems


@dataclass
class Timing:
    case: Case
    size: int  # targets on the dashboard, periods of the aggregate
    orm: list[float] = field(default_factory=list)
    sql: list[float] = field(default_factory=list)

    def p(self, side: str, q: float) -> float:
        return percentile(self.orm if side == "orm" else self.sql, q)


@dataclass
class Report:
    vendor: str
    version: str
    actuals: int
    repeat: int
    timings: list[Timing]
    elapsed: float

    def pooled(self, kind: str) -> tuple[list[float], list[float]]:
        """(ORM, SQL) seconds of every request of one kind."""
        chosen = [t for t in self.timings if kind_of(t.case) == kind]
        return [s for t in chosen for s in t.orm], [s for t in chosen for s in t.sql]


def run(cases: Sequence[Case], *, today: dt.date, repeat: int, warmup: int = 2, on_round: Callable[[int], None] | None = None) -> Report:
    """Time every case `repeat` times each way after `warmup` untimed rounds; ORM and SQL
    alternate request by request and swap who goes first every round (as `bench tasks`)."""
    started = time.perf_counter()
    timings = []
    for case in cases:
        answer = raw(case, today)
        timings.append(Timing(case, len(answer.rows) if isinstance(answer, Dashboard) else len(answer)))
    pairs = [(partial(orm, t.case, today), partial(raw, t.case, today)) for t in timings]
    for t, (orm_times, sql_times) in zip(timings, time_alternating(pairs, repeat=repeat, warmup=warmup, on_round=on_round), strict=True):
        t.orm.extend(orm_times)
        t.sql.extend(sql_times)
    return Report(connection.vendor, database_version(), Actual.objects.filter(source=SOURCE).count(), repeat, timings,
                  time.perf_counter() - started)


def unit_count(province_code: str, today: dt.date) -> int:
    """Units with actuals: the province, its communes and the other provinces in force."""
    _province, communes, others = scope(province_code, today)
    return 1 + len(communes) + len(others)




# --- the command: `thucthi bench indicators` ----------------------------------------------------


def add_parser(sub: Any) -> None:
    """The `indicators` subcommand of `thucthi bench`."""
    p = sub.add_parser(
        "indicators",
        help="Bảng chỉ tiêu của tỉnh và số tổng hợp cả nước / a province's indicator dashboard and national aggregates",
        description=(
            "Sinh 150 chỉ tiêu, kế hoạch 5 năm của một tỉnh (mặc định Hưng Yên, P33) và số liệu đã duyệt hằng tháng 10 năm "
            "của tỉnh, các xã, phường và 34 tỉnh, rồi đo bảng chỉ tiêu của tỉnh và số tổng hợp cả nước, so với SQL viết tay. "
            "Cần PostgreSQL (SQLite: tối đa 200.000 dòng). / Generates 150 indicators, a province's five-year plan and 10 years "
            "of approved monthly actuals for the province, its communes and the 34 provinces, then times the province "
            "dashboard and a national aggregate against hand-written SQL. Needs PostgreSQL (SQLite: 200,000 rows at most)."
        ),
    )
    p.add_argument("--indicators", type=int, default=DEFAULT_INDICATORS, metavar="N",
                   help="Số chỉ tiêu (mặc định 150, kể cả tử số, mẫu số) / indicators to generate (default 150, components included)")
    p.add_argument("--years", type=int, default=DEFAULT_YEARS, metavar="N",
                   help="Số năm trọn vẹn có số liệu tháng (mặc định 10) / complete years of monthly actuals (default 10)")
    p.add_argument("--province", default=DEFAULT_PROVINCE, metavar="CODE",
                   help="Mã tỉnh của kế hoạch (mặc định P33, Hưng Yên) / province of the plan (default P33, Hưng Yên)")
    p.add_argument("--reuse", action="store_true", help="Dùng lại dữ liệu đã sinh nếu có / keep the generated data if it is there")
    p.add_argument("--drop", action="store_true", help="Xóa toàn bộ dữ liệu đã sinh rồi thoát / delete all generated data and exit")
    p.add_argument("--repeat", type=int, default=30, metavar="R",
                   help="Số lần đo mỗi yêu cầu (mặc định 30) / timed runs per request (default 30)")
    p.add_argument("--warmup", type=int, default=2, metavar="N",
                   help="Số vòng chạy thử không tính giờ (mặc định 2) / untimed warm-up rounds (default 2)")
    p.add_argument("--seed", type=int, default=2025, metavar="N", help="Hạt giống ngẫu nhiên (mặc định 2025) / random seed (default 2025)")
    p.add_argument("--generate-only", action="store_true", help="Chỉ sinh dữ liệu, không đo / generate the data, do not time anything")
    p.add_argument("--show-sql", action="store_true", help="In câu SQL viết tay / print the hand-written SQL")


def _dots(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def command(cmd: Any, options: dict[str, Any]) -> None:
    """`thucthi bench indicators`: generate (or reuse, or drop), check, then time."""
    out = cmd.stdout.write
    n, years, repeat = options["indicators"], options["years"], options["repeat"]
    if n < 8 or years < 1 or repeat < 1 or options["warmup"] < 0:
        raise CommandError("--indicators ≥ 8, --years ≥ 1, --repeat ≥ 1, --warmup ≥ 0.")
    if options["drop"]:
        deleted = drop()
        summary = ", ".join(f"{table} {_dots(count)}" for table, count in deleted.items()) or "không có gì / nothing"
        out(f"Đã xóa dữ liệu sinh ra / deleted the generated data: {summary}")
        return
    cmd.ensure_reference()
    today = clock.today()
    existing = bench_data()
    reuse = options["reuse"] and existing.present
    try:
        units = unit_count(options["province"], today)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    if connection.vendor == "sqlite":
        size = existing.actuals if reuse else estimate_rows(n, years, units, today)
        if size > SQLITE_MAX_ROWS:
            raise CommandError(
                f"SQLite chỉ dùng cho lần chạy nhanh (≤ {_dots(SQLITE_MAX_ROWS)} dòng số liệu, ví dụ --indicators 12 --years 1); "
                "phép đo cần PostgreSQL: DATABASE_URL=postgres://người-dùng@máy:5432/tên thucthi bench indicators. / SQLite is for "
                f"a quick run only (≤ {_dots(SQLITE_MAX_ROWS)} actuals, e.g. --indicators 12 --years 1); the benchmark needs "
                f"PostgreSQL: set DATABASE_URL=postgres://user@host:5432/name. (~{_dots(size)})"
            )
    elif connection.vendor != "postgresql":
        raise CommandError(f"Không hỗ trợ / unsupported database: {connection.vendor}")

    generated: Generated | None = None
    if reuse:
        out(f"Dùng lại dữ liệu đã sinh / reusing the generated data: {existing.indicators} chỉ tiêu / indicators, "
            f"{_dots(existing.actuals)} số liệu / actuals")
    else:
        if options["reuse"]:
            out("Chưa có dữ liệu sinh sẵn: sinh mới. / No generated data yet: generating.")
        out(f"Sinh dữ liệu / generating: {n} chỉ tiêu / indicators × {units} đơn vị / units × {years} năm / years "
            f"(~{_dots(estimate_rows(n, years, units, today))} số liệu / actuals), seed {options['seed']}…")
        cmd.stdout.flush()
        try:
            generated = generate(today=today, indicators=n, years=years, province_code=options["province"], seed=options["seed"],
                                 on_progress=lambda text: (out(f"  {text}"), cmd.stdout.flush())[0])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        phases = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in generated.seconds.items())
        out(f"Thời gian sinh dữ liệu / generation time: {generated.total_seconds:.1f} s ({phases})")
        out("  " + " · ".join(f"{table} {_dots(count)}" for table, count in sorted(generated.rows.items())))
        out("  tình trạng mục tiêu / target statuses: " + ", ".join(f"{k} {v}" for k, v in sorted(generated.statuses.items())))
        for line in generated.unclassified[:10]:
            out(f"  chưa xếp loại được / not classified: {line}")
    if options["generate_only"]:
        return

    try:
        cases = build_cases(today, options["province"])
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    if options["show_sql"]:
        for case in cases:
            sql, params = show_sql(case, today)
            out(f"-- {case.label}\n{sql};\n-- {params}\n")

    # Before timing anything: the baseline must be the same answer, or the ratio means nothing.
    out(f"Kiểm tra SQL viết tay cho cùng kết quả / checking the SQL gives the same answers ({len(cases)} yêu cầu / requests)…")
    cmd.stdout.flush()
    problems = mismatches(cases, today)
    if problems:
        for m in problems:
            cmd.stderr.write(f"  {m}")
        raise CommandError(
            f"SQL viết tay và selector cho kết quả khác nhau ở {len(problems)}/{len(cases)} yêu cầu; sửa SQL trong "
            "thucthi/bench/indicator_pages.py cho khớp selector. / The hand-written SQL and the selectors disagree: fix the SQL "
            "in thucthi/bench/indicator_pages.py to match the selectors."
        )

    out("")
    out("Chỉ tiêu / Indicators: bảng chỉ tiêu của tỉnh, số tổng hợp cả nước — selector (ORM) so với SQL viết tay / selectors against hand-written SQL")
    total = Actual.objects.filter(source=SOURCE).count()
    out(f"CSDL / database: {connection.vendor} {database_version()} · {_dots(total)} số liệu / actuals · ngày / today {today:%d/%m/%Y}")
    dashboard = next(c for c in cases if isinstance(c, DashboardCase))
    out(f"  (a) bảng chỉ tiêu / dashboard: selectors.dashboard(plan) + status_counts — {dashboard.plan} ({dashboard.plan.area})")
    out("  (b) tổng hợp cả nước / national aggregate: selectors.national_aggregate(indicator, periods) — "
        + "; ".join(f"{c.indicator.code} ({c.indicator.merge_rule}) {c.what}" for c in cases if isinstance(c, NationalCase)))
    out(f"{repeat} lần mỗi yêu cầu (+{options['warmup']} vòng chạy thử) / runs per request (+ warm-up rounds); SQL = cùng kết quả, đã kiểm tra / same answer, checked")
    out(f"Tải máy / load average (1, 5, 15 min): {load_average()} · {os.cpu_count()} CPU")
    if settings.DEBUG:
        out("Lưu ý / note: THUCTHI_DEBUG=1 ghi lại mọi truy vấn, số đo sẽ cao hơn / logs every query, figures run high.")
    cmd.stdout.flush()

    report = run(cases, today=today, repeat=repeat, warmup=options["warmup"])

    width = max(len(t.case.label) for t in report.timings)
    header = (f"{'yêu cầu / request'.ljust(width)}  {'kết quả':>7}  {'ORM p50':>8}  {'ORM p95':>8}  {'SQL p50':>8}  {'SQL p95':>8}  {'ORM/SQL':>7}")
    out("")
    out(header)
    out(f"{'':{width}}  {'results':>7}  {'ms':>8}  {'ms':>8}  {'ms':>8}  {'ms':>8}  {'p50':>7}")
    out("-" * len(header))
    for t in report.timings:
        orm50, sql50 = t.p("orm", 50), t.p("sql", 50)
        out(f"{t.case.label.ljust(width)}  {t.size:>7}  {orm50 * 1000:8.2f}  {t.p('orm', 95) * 1000:8.2f}  "
            f"{sql50 * 1000:8.2f}  {t.p('sql', 95) * 1000:8.2f}  {orm50 / sql50:>6.2f}×")
    out("-" * len(header))
    out("(kết quả / results: bảng chỉ tiêu — số mục tiêu / targets shown; tổng hợp — số kỳ / periods)")
    out("")
    verdicts: list[tuple[str, bool, str]] = []
    for kind, limit in (("dashboard", TARGET_DASHBOARD_P95_MS), ("national", TARGET_NATIONAL_P95_MS)):
        o, s = report.pooled(kind)
        if not o:
            continue
        orm50, orm95, sql50, sql95 = percentile(o, 50), percentile(o, 95), percentile(s, 50), percentile(s, 95)
        out(f"{kind} ({len(o)} yêu cầu mỗi bên / requests each): ORM p50 {orm50 * 1000:.2f} ms, p95 {orm95 * 1000:.2f} ms"
            f" · SQL p50 {sql50 * 1000:.2f} ms, p95 {sql95 * 1000:.2f} ms · ORM/SQL p50 {orm50 / sql50:.2f}×, p95 {orm95 / sql95:.2f}×")
        name = "bảng chỉ tiêu / dashboard" if kind == "dashboard" else "tổng hợp cả nước / national aggregate"
        verdicts.append((f"{name} ORM p95 ≤ {limit:.0f} ms", orm95 * 1000 <= limit, f"{orm95 * 1000:.2f} ms"))
    print_verdicts(out, verdicts, generated_seconds=generated.total_seconds if generated is not None else None, elapsed=report.elapsed)
