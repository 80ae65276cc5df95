"""Forecast a plan indicator to its target year and classify it: pure Python, no database.

Four methods (``Method``), chosen per indicator:

* ``GROWTH_RATIO`` — Open SDG's progress measure for indicators with a quantitative target
  (Statistics Canada's methodology as integrated into Open SDG): the compound annual growth
  observed since the baseline, ``CAGR_o = (y_t / y_0) ** (1 / (t - t_0)) - 1``, against the
  compound growth required to reach the target on time, ``CAGR_r = (y_T / y_0) ** (1 / (T - t_0)) - 1``;
  ``R = s · d · CAGR_o / |CAGR_r|`` where ``d`` is +1 when higher is better and -1 when lower is
  better and ``s`` is -1 for a negative baseline. Thresholds: R ≥ 0,95 on track, 0,60 ≤ R < 0,95
  progress but acceleration needed, 0 ≤ R < 0,60 limited progress, R < 0 deterioration; a target
  already met is "target achieved".
  Sources: https://open-sdg.readthedocs.io/en/latest/progress-methodology/ (open-sdg/open-sdg
  ``docs/progress-methodology.md``) and the reference implementation, open-sdg/sdg-build
  ``sdg/ProgressMeasure.py`` (``methodology_2``, ``get_progress_thresholds``, ``get_progress_status``).
  The projection continues the observed CAGR from the latest actual to the target year.
* ``LINEAR`` — ordinary least squares on the annual values; the range is the 80 % prediction
  interval from the residual standard error (Student's t).
* ``CUMULATIVE_PROFILE`` — flows on a yearly cycle (budget revenue, disbursement): the year total
  is the year-to-date value divided by the mean share of the same months in past years; the
  range comes from the smallest and largest past shares.
* ``MANUAL`` — an estimate with its stated reason.

``classify`` turns a forecast into ``Status``. Everything Vietnamese users read (``explanation``,
``reason``, errors) is Vietnamese, with numbers written 1.234,5.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from enum import StrEnum
from types import MappingProxyType

from thucthi.core.numbers import format_number


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    BAND = "band"  # the target is a band: target.low .. target.high


class Kind(StrEnum):
    FLOW = "flow"  # summed over the period (budget revenue)
    LEVEL = "level"  # value at the period's end (poverty rate)
    RATIO = "ratio"  # numerator / denominator
    RANK = "rank"  # 1 is best (PCI rank)


class Method(StrEnum):
    GROWTH_RATIO = "growth_ratio"
    LINEAR = "linear"
    CUMULATIVE_PROFILE = "cumulative_profile"
    MANUAL = "manual"


class Status(StrEnum):
    ACHIEVED_EARLY = "achieved_early"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"


_EMPTY: Mapping[int, Sequence[float]] = MappingProxyType({})


@dataclass(frozen=True)
class TargetSpec:
    """A plan target. ``value`` for higher/lower; ``low``..``high`` for a band.

    ``average=True``: the assessed quantity is the mean of the annual values of the plan years
    ``baseline_year + 1 .. year`` ("GRDP grows 8 %/year on average over 2016-2020").
    Otherwise it is the value of the target year itself (a flow's year total, a level's year-end).
    """

    baseline_year: int
    baseline_value: float
    year: int
    value: float | None
    low: float | None = None
    high: float | None = None
    average: bool = False

    @property
    def plan_years(self) -> range:
        return range(self.baseline_year + 1, self.year + 1)


@dataclass(frozen=True)
class History:
    """What is known. ``annual``: full-year values (a level's year-end value).
    ``year_to_date``: (year, months elapsed 1..11, value so far — cumulative for a flow).
    ``monthly``: past complete years' 12 monthly (not cumulative) values.
    ``manual``: (estimate, stated reason)."""

    annual: Mapping[int, float]
    year_to_date: tuple[int, int, float] | None = None
    monthly: Mapping[int, Sequence[float]] = field(default_factory=lambda: _EMPTY)
    manual: tuple[float, str] | None = None


@dataclass(frozen=True)
class Forecast:
    """The projected value of the assessed quantity at the target year, with a range.

    Ranges: GROWTH_RATIO — the latest actual compounded at the slowest and fastest year-on-year
    growth observed since the baseline (for an average target: remaining years at the lowest and
    highest plan-year value); LINEAR — 80 % prediction interval (none with only 2 points);
    CUMULATIVE_PROFILE — year-to-date divided by the largest and smallest past share; MANUAL — none.
    ``observed_rate``/``required_rate``/``ratio`` are Open SDG's CAGR_o, CAGR_r and R (GROWTH_RATIO only).
    """

    method: Method
    value: float | None
    low: float | None = None
    high: float | None = None
    observed_rate: float | None = None
    required_rate: float | None = None
    ratio: float | None = None
    explanation: str = ""
    usable: bool = True
    reason: str = ""


@dataclass(frozen=True)
class Thresholds:
    """Status thresholds (settings: ``THUCTHI_INDICATOR_THRESHOLDS``, see docs/indicators.md).

    growth_on_track / growth_at_risk: Open SDG's published cut-offs on R (observed over required
    compound growth): R ≥ 0,95 "on track", 0,60 ≤ R < 0,95 "progress made but acceleration
    needed" (here: at risk), below 0,60 "limited progress" or "deterioration" (here: off track).

    attainment_on_track / attainment_at_risk: for the other methods, on the projected attainment
    A = 1 + d · (forecast − target) / |target| (for higher-is-better and a positive target that is
    simply forecast / target, the "đạt X % kế hoạch" of Vietnamese reports). A ≥ 1 means the
    forecast meets the target; down to 0,90 is at risk — about the error the backtest measured
    for these methods (docs/indicators.md, "Backtest"), so a smaller shortfall cannot be told
    apart from forecast error. Below it, at risk only when the favourable end of the forecast's
    range still reaches the target, otherwise off track.
    """

    growth_on_track: float = 0.95
    growth_at_risk: float = 0.60
    attainment_on_track: float = 1.0
    attainment_at_risk: float = 0.90


DEFAULT_THRESHOLDS = Thresholds()


def thresholds_from_mapping(m: Mapping[str, float]) -> Thresholds:
    """Build thresholds from a settings mapping; missing keys keep their defaults."""
    names = {f.name for f in fields(Thresholds)}
    unknown = sorted(set(m) - names)
    if unknown:
        raise ValueError(f"Ngưỡng không hợp lệ: {', '.join(unknown)}. Các khóa được dùng: {', '.join(sorted(names))}.")
    values: dict[str, float] = {}
    for key, raw in m.items():
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
            raise ValueError(f"Ngưỡng {key} phải là một số hữu hạn, nhận được {raw!r}.")
        values[key] = float(raw)
    result = Thresholds(**values)
    if result.growth_at_risk > result.growth_on_track:
        raise ValueError("Ngưỡng growth_at_risk không được lớn hơn growth_on_track.")
    if not 0 < result.attainment_at_risk <= result.attainment_on_track:
        raise ValueError("Ngưỡng phải thỏa 0 < attainment_at_risk ≤ attainment_on_track.")
    return result


# --- formatting -------------------------------------------------------------------------------


def _pct(rate: float) -> str:
    return f"{format_number(rate * 100)}%"


def _span(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return ""
    return f" (khoảng {format_number(low)}–{format_number(high)})"


# --- the methods ------------------------------------------------------------------------------


def _unusable(method: Method, reason: str) -> Forecast:
    return Forecast(method=method, value=None, usable=False, reason=reason)


def _target_problem(target: TargetSpec, direction: Direction) -> str:
    if target.year <= target.baseline_year:
        return "năm mục tiêu phải sau năm gốc"
    if direction is Direction.BAND:
        if target.low is None or target.high is None or target.low > target.high:
            return "chỉ tiêu dạng khoảng cần cận dưới và cận trên (dưới ≤ trên)"
    elif target.value is None:
        return "chưa có giá trị mục tiêu"
    return ""


def _goal(target: TargetSpec, direction: Direction, start: float) -> tuple[float, int] | None:
    """The value to reach and the desired sign of change from ``start``; None inside a band."""
    if direction is Direction.HIGHER:
        assert target.value is not None
        return target.value, 1
    if direction is Direction.LOWER:
        assert target.value is not None
        return target.value, -1
    assert target.low is not None and target.high is not None
    if start < target.low:
        return target.low, 1
    if start > target.high:
        return target.high, -1
    return None


def _plan_actuals(target: TargetSpec, annual: Mapping[int, float]) -> dict[int, float]:
    return {y: annual[y] for y in target.plan_years if y in annual}


def _clamp(kind: Kind, x: float) -> float:
    # A rank cannot be better than first.
    return max(x, 1.0) if kind is Kind.RANK else x


def _clamp_opt(kind: Kind, x: float | None) -> float | None:
    return None if x is None else _clamp(kind, x)


def _cagr(end: float, start: float, years: float) -> float:
    return float((end / start) ** (1 / years) - 1)


def _growth_ratio(target: TargetSpec, history: History, direction: Direction, kind: Kind) -> Forecast:
    m = Method.GROWTH_RATIO
    annual = history.annual
    if target.average:
        actual = _plan_actuals(target, annual)
        if not actual:
            return _unusable(m, "chưa có số liệu năm nào của kỳ kế hoạch")
        n = len(target.plan_years)
        observed = sum(actual.values()) / len(actual)
        goal = _goal(target, direction, observed)
        remaining = n - len(actual)
        low = (sum(actual.values()) + remaining * min(actual.values())) / n
        high = (sum(actual.values()) + remaining * max(actual.values())) / n
        # An average of annual rates is itself the rate: the required rate is the target, and
        # R = 1 + d·(observed − required)/|required| equals observed/required for a positive
        # target and higher-is-better — Open SDG's R on the chain index of the series.
        mean_required: float | None = None
        mean_ratio: float | None = None
        if goal is not None and goal[0] != 0:
            mean_required = goal[0]
            mean_ratio = 1 + goal[1] * (observed - mean_required) / abs(mean_required)
        first, last = min(actual), max(actual)
        period = f"{first}–{last}" if first != last else str(first)
        text = (
            f"Bình quân thực tế {period} là {format_number(observed)}"
            + (
                f" so với mục tiêu bình quân {format_number(mean_required)} (tỷ lệ {format_number(mean_ratio, 2)})"
                if mean_ratio is not None and mean_required is not None
                else ""
            )
            + f"; giữ mức này, bình quân cả kỳ đạt {format_number(observed)}."
        )
        return Forecast(m, observed, low, high, observed, mean_required, mean_ratio, text)
    later = sorted(y for y in annual if target.baseline_year < y <= target.year)
    if not later:
        return _unusable(m, "cần ít nhất 2 năm số liệu (năm gốc và một năm sau)")
    base, latest_year = target.baseline_value, later[-1]
    latest = annual[latest_year]
    if base == 0:
        return _unusable(m, "giá trị năm gốc bằng 0, không tính được tăng trưởng kép")
    if (base > 0) != (latest > 0) or latest == 0:
        return _unusable(m, "giá trị năm gốc và năm gần nhất phải cùng dấu")
    observed = _cagr(latest, base, latest_year - target.baseline_year)
    sign = -1 if base < 0 else 1
    goal = _goal(target, direction, base)
    required: float | None = None
    ratio: float | None = None
    if goal is not None:
        goal_value = goal[0] if goal[0] != 0 else 0.001  # as sdg-build does for a zero target
        if (goal_value > 0) == (base > 0):
            required = _cagr(goal_value, base, target.year - target.baseline_year)
            if required != 0:
                ratio = sign * goal[1] * observed / abs(required)
    horizon = target.year - latest_year
    value = latest * (1 + observed) ** horizon
    # The range: the slowest and fastest year-on-year growth seen since the baseline.
    path = [(target.baseline_year, base)] + [(y, annual[y]) for y in later]
    steps = [_cagr(b, a, yb - ya) for (ya, a), (yb, b) in itertools.pairwise(path) if a != 0 and (a > 0) == (b > 0)]
    ends = [latest * (1 + g) ** horizon for g in (min(steps), max(steps))] if steps else [value, value]
    text = (
        f"Tăng trưởng kép thực tế {target.baseline_year}–{latest_year} là {_pct(observed)}/năm"
        + (
            f" so với {_pct(required)}/năm cần để đạt mục tiêu (tỷ lệ {format_number(ratio, 2)})"
            if ratio is not None and required is not None
            else ""
        )
        + f"; giữ nhịp này, năm {target.year} đạt {format_number(_clamp(kind, value))}."
    )
    return Forecast(m, _clamp(kind, value), _clamp(kind, min(ends)), _clamp(kind, max(ends)), observed, required, ratio, text)


# Student's t, 0,90 quantile (two-sided 80 % interval), by degrees of freedom.
_T90 = (3.078, 1.886, 1.638, 1.533, 1.476, 1.440, 1.415, 1.397, 1.383, 1.372, 1.363, 1.356, 1.350, 1.345, 1.341)


@dataclass(frozen=True)
class _Fit:
    intercept: float
    slope: float
    n: int
    mean_x: float
    sxx: float
    s: float | None  # residual standard error, None with 2 points

    def at(self, x: float) -> float:
        return self.intercept + self.slope * x

    def half_width(self, xs: Sequence[float]) -> float | None:
        """Half-width of the 80 % prediction interval for the mean of future values at ``xs``."""
        if self.s is None:
            return None
        t = _T90[self.n - 3] if self.n - 2 <= len(_T90) else 1.2816
        mean_future = sum(xs) / len(xs)
        return t * self.s * math.sqrt(1 / len(xs) + 1 / self.n + (mean_future - self.mean_x) ** 2 / self.sxx)


def ols(points: Mapping[int, float]) -> _Fit:
    """Ordinary least squares y = a + b·x over (year, value); needs two distinct years."""
    xs = sorted(points)
    n = len(xs)
    mx = sum(xs) / n
    my = sum(points[x] for x in xs) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (points[x] - my) for x in xs) / sxx
    intercept = my - slope * mx
    s = None
    if n > 2:
        ssr = sum((points[x] - intercept - slope * x) ** 2 for x in xs)
        s = math.sqrt(ssr / (n - 2))
    return _Fit(intercept, slope, n, mx, sxx, s)


def _linear(target: TargetSpec, history: History, kind: Kind) -> Forecast:
    m = Method.LINEAR
    points = dict(history.annual)
    points.setdefault(target.baseline_year, target.baseline_value)
    if len(points) < 2:
        return _unusable(m, "cần ít nhất 2 năm số liệu")
    fit = ols(points)
    first, last = min(points), max(points)
    if target.average:
        actual = _plan_actuals(target, history.annual)
        future = [y for y in target.plan_years if y not in actual]
        n = len(target.plan_years)
        if not future:
            value = sum(actual.values()) / n
            return Forecast(m, value, value, value, explanation=f"Đã đủ số liệu cả kỳ: bình quân {format_number(value)}.")
        projected = [_clamp(kind, fit.at(y)) for y in future]
        value = (sum(actual.values()) + sum(projected)) / n
        hw = fit.half_width(future)
        low = high = None
        if hw is not None:
            low, high = value - hw * len(future) / n, value + hw * len(future) / n
        text = f"Xu thế tuyến tính trên {len(points)} năm số liệu {first}–{last}: bình quân cả kỳ ước {format_number(value)}{_span(low, high)}."
        return Forecast(m, value, low, high, explanation=text)
    if target.year in history.annual:
        value = history.annual[target.year]
        return Forecast(m, value, value, value, explanation=f"Đã có số liệu năm {target.year}: {format_number(value)}.")
    value = fit.at(target.year)
    hw = fit.half_width([target.year])
    low = high = None
    if hw is not None:
        low, high = value - hw, value + hw
    value, low, high = _clamp(kind, value), _clamp_opt(kind, low), _clamp_opt(kind, high)
    text = f"Xu thế tuyến tính trên {len(points)} năm số liệu {first}–{last}: năm {target.year} ước {format_number(value)}{_span(low, high)}."
    return Forecast(m, value, low, high, explanation=text)


def monthly_from_cumulative(cumulative: Sequence[float]) -> list[float]:
    """Monthly values from year-to-date ones (GSO reports publish year-to-date figures)."""
    return [b - a for a, b in zip([0.0, *cumulative], cumulative, strict=False)]


def profile_shares(monthly: Mapping[int, Sequence[float]], months: int, before: int) -> dict[int, float]:
    """Share of the year total reached after ``months`` months, for each complete year before ``before``."""
    shares: dict[int, float] = {}
    for year, values in monthly.items():
        total = sum(values)
        if year < before and len(values) == 12 and total != 0:
            shares[year] = sum(values[:months]) / total
    return shares


def _cumulative_profile(target: TargetSpec, history: History, kind: Kind) -> Forecast:
    m = Method.CUMULATIVE_PROFILE
    if kind is not Kind.FLOW:
        return _unusable(m, "chỉ áp dụng cho chỉ tiêu cộng dồn trong năm (thu ngân sách, giải ngân)")
    if history.year_to_date is None:
        return _unusable(m, "chưa có số liệu lũy kế từ đầu năm")
    year, months, so_far = history.year_to_date
    if not 1 <= months <= 11:
        return _unusable(m, "số tháng lũy kế phải từ 1 đến 11")
    if not target.baseline_year < year <= target.year:
        return _unusable(m, "số liệu lũy kế không thuộc kỳ kế hoạch")
    shares = profile_shares(history.monthly, months, year)
    mean_share = sum(shares.values()) / len(shares) if shares else 0.0
    if not shares or mean_share <= 0 or min(shares.values()) <= 0:
        return _unusable(m, "cần số liệu đủ 12 tháng của ít nhất một năm trước (tỷ trọng dương)")
    total = so_far / mean_share
    ends = sorted((so_far / max(shares.values()), so_far / min(shares.values())))
    years = f"{min(shares)}–{max(shares)}" if len(shares) > 1 else str(min(shares))
    text = (
        f"{months} tháng năm {year} đạt {format_number(so_far)}, bằng bình quân {_pct(mean_share)} cả năm "
        f"ở các năm {years}: cả năm {year} ước {format_number(total)}{_span(ends[0], ends[1])}"
    )
    # Years after the year-to-date one follow the compound growth from the last earlier known
    # year (the baseline, or a later annual value) to this year's projected total.
    growth = 0.0
    anchors = [(target.baseline_year, target.baseline_value)] + [
        (y, v) for y, v in history.annual.items() if target.baseline_year < y < year
    ]
    anchor_year, anchor = max(anchors)
    if year < target.year:
        if anchor == 0 or (anchor > 0) != (total > 0):
            return _unusable(m, "không tính được nhịp tăng cho các năm sau (giá trị năm trước bằng 0 hoặc đổi dấu)")
        growth = _cagr(total, anchor, year - anchor_year)

    def path(this_year: float) -> dict[int, float]:
        return {y: this_year * (1 + growth) ** (y - year) for y in range(year, target.year + 1)}

    if target.average:
        actual = {y: v for y, v in _plan_actuals(target, history.annual).items() if y < year}
        n = len(target.plan_years)
        pieces = [sum(actual.values()) + sum(path(x).values()) for x in (total, ends[0], ends[1])]
        if len(actual) + len(path(total)) != n:
            return _unusable(m, "thiếu số liệu các năm trước của kỳ kế hoạch")
        value, low, high = (p / n for p in pieces)
        return Forecast(m, value, low, high, explanation=f"{text}; bình quân cả kỳ ước {format_number(value)}.")
    value, low, high = (path(x)[target.year] for x in (total, ends[0], ends[1]))
    if year < target.year:
        text += f"; tăng {_pct(growth)}/năm, năm {target.year} ước {format_number(value)}"
    return Forecast(m, value, low, high, explanation=text + ".")


def _manual(history: History) -> Forecast:
    m = Method.MANUAL
    if history.manual is None:
        return _unusable(m, "chưa nhập ước tính")
    estimate, reason = history.manual
    if not reason.strip():
        return _unusable(m, "ước tính thủ công phải nêu lý do")
    return Forecast(m, estimate, explanation=f"Ước tính thủ công {format_number(estimate)}; lý do: {reason.strip()}.")


def forecast(method: Method, target: TargetSpec, history: History, *, direction: Direction, kind: Kind) -> Forecast:
    """Project the assessed quantity (the target year's value, or the plan-period mean for an
    average target) with ``method``. Never raises on thin data: ``usable=False`` with a reason."""
    problem = _target_problem(target, direction)
    if problem:
        return _unusable(method, problem)
    if method is Method.GROWTH_RATIO:
        return _growth_ratio(target, history, direction, kind)
    if method is Method.LINEAR:
        return _linear(target, history, kind)
    if method is Method.CUMULATIVE_PROFILE:
        return _cumulative_profile(target, history, kind)
    return _manual(history)


# --- status -----------------------------------------------------------------------------------


def meets(target: TargetSpec, direction: Direction, value: float) -> bool:
    """Does ``value`` satisfy the target (≥, ≤, or inside the band)?"""
    if direction is Direction.BAND:
        assert target.low is not None and target.high is not None
        return target.low <= value <= target.high
    assert target.value is not None
    return value >= target.value if direction is Direction.HIGHER else value <= target.value


def attainment(target: TargetSpec, direction: Direction, value: float) -> float:
    """A = 1 + d·(value − goal)/|goal|: 1 when the target is just met (a band: inside = 1)."""
    goal = _goal(target, direction, value)
    if goal is None:
        return 1.0
    scale = abs(goal[0]) or abs(target.baseline_value) or 1.0
    return 1 + goal[1] * (value - goal[0]) / scale


def _ceiling(target: TargetSpec, direction: Direction) -> float:
    ceiling = target.high if direction is Direction.BAND else target.value
    assert ceiling is not None
    return ceiling


def _at_least(x: float, threshold: float) -> bool:
    # A value printed as 0,90 counts as 0,90: binary floating point must not move a boundary.
    return x >= threshold - 1e-9


def _secured_average(target: TargetSpec, direction: Direction, actual: Mapping[int, float], worst: Sequence[float]) -> bool:
    """The plan-period mean meets the target even if every remaining year repeats the worst
    (for a band: each extreme) year on record."""
    n = len(target.plan_years)
    remaining = n - len(actual)
    return all(meets(target, direction, (sum(actual.values()) + remaining * w) / n) for w in worst)


def classify(
    target: TargetSpec,
    history: History,
    fc: Forecast,
    *,
    direction: Direction,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    as_of_year: int,
    kind: Kind | None = None,
) -> Status:
    """Status of a target as of ``as_of_year`` (data after that year is ignored).

    1. Target year complete (its annual value known; for an average, every plan year): met →
       ACHIEVED_EARLY if it was already secured before (rule 2 without the final year), else
       ON_TRACK; missed → OFF_TRACK.
    2. ACHIEVED_EARLY before that: for an end-year target, the latest plan-year actual meets the
       target (Open SDG's "target achieved": the current value meets the target); with ``kind``
       given, the target year's year-to-date counts too — as the year total so far for a flow
       with higher-is-better, as the latest level for a level, ratio or rank (and a flow whose
       year-to-date is already above its ceiling is OFF_TRACK). For an average
       target: the mean is secured (the mean still meets the target if every remaining plan year
       repeats the worst annual value on record; for a band, both the lowest and the highest).
    3. Otherwise from the forecast: GROWTH_RATIO with a ratio R → Open SDG's cut-offs
       (``growth_on_track``, ``growth_at_risk``); else the projected attainment A against
       ``attainment_on_track`` / ``attainment_at_risk``, and below that AT_RISK if the favourable
       end of the range still meets the target, OFF_TRACK if not.

    Raises ValueError when neither the data nor a usable forecast decide.
    """
    problem = _target_problem(target, direction)
    if problem:
        raise ValueError(f"Chỉ tiêu không hợp lệ: {problem}.")
    annual = {y: v for y, v in history.annual.items() if y <= as_of_year}
    ytd = history.year_to_date if history.year_to_date and history.year_to_date[0] <= as_of_year else None
    if target.average:
        actual = _plan_actuals(target, annual)
        worst_pool = list(annual.values())
        if direction is Direction.BAND:
            worst = [min(worst_pool), max(worst_pool)] if worst_pool else []
        elif worst_pool:
            worst = [min(worst_pool) if direction is Direction.HIGHER else max(worst_pool)]
        else:
            worst = []
        before_final = {y: v for y, v in actual.items() if y != target.year}
        early = bool(before_final) and bool(worst) and _secured_average(target, direction, before_final, worst)
        if len(actual) == len(target.plan_years):
            final = sum(actual.values()) / len(actual)
            if meets(target, direction, final):
                return Status.ACHIEVED_EARLY if early else Status.ON_TRACK
            return Status.OFF_TRACK
        if early:
            return Status.ACHIEVED_EARLY
    else:
        before = [y for y in annual if target.baseline_year < y < target.year]
        latest: float | None = annual[max(before)] if before else None
        if kind is not None and ytd is not None and ytd[0] == target.year and target.year not in annual:
            if kind is not Kind.FLOW or (direction is Direction.HIGHER and meets(target, direction, ytd[2])):
                latest = ytd[2]
            elif direction is not Direction.HIGHER and ytd[2] > _ceiling(target, direction):
                # A flow only adds up: past its ceiling before the year ends, the year is lost.
                return Status.OFF_TRACK
        elif (kind is not None and kind is not Kind.FLOW and ytd is not None and target.baseline_year < ytd[0] < target.year
              and (not before or ytd[0] > max(before))):
            # A level read within a later plan year (October 2019) is the latest level there is.
            latest = ytd[2]
        early = latest is not None and meets(target, direction, latest)
        if target.year in annual:
            if meets(target, direction, annual[target.year]):
                return Status.ACHIEVED_EARLY if early else Status.ON_TRACK
            return Status.OFF_TRACK
        if early:
            return Status.ACHIEVED_EARLY
    if not fc.usable or fc.value is None:
        raise ValueError(f"Chưa xếp loại được: {fc.reason or 'không có dự báo'}.")
    if fc.method is Method.GROWTH_RATIO and fc.ratio is not None:
        if _at_least(fc.ratio, thresholds.growth_on_track):
            return Status.ON_TRACK
        return Status.AT_RISK if _at_least(fc.ratio, thresholds.growth_at_risk) else Status.OFF_TRACK
    a = attainment(target, direction, fc.value)
    if _at_least(a, thresholds.attainment_on_track):
        return Status.ON_TRACK
    if _at_least(a, thresholds.attainment_at_risk):
        return Status.AT_RISK
    if any(end is not None and meets(target, direction, end) for end in (fc.low, fc.high)):
        return Status.AT_RISK
    return Status.OFF_TRACK
