"""Backtest: replay real published series and measure each forecast method against a naive one.

The series live in ``data/series/*.json`` (each observation names its source). For every series
and horizon the replay hides what was not yet known, asks each method for a forecast, and
compares it with what was later published:

* ``năm cuối`` — the value of year Y from the years before it (at least two);
* ``bình quân kỳ`` — a plan period's mean (e.g. GDP growth 2016-2020) from the plan years known
  so far;
* ``lũy kế tháng m`` — a flow's year total from its year-to-date after m months, with the shares
  of earlier years only (a true replay: no later year is used).

The naive forecast is the last value: the previous year's value (for a period mean, the remaining
years repeat the last one; for a year total, last year's total). ``pro_rata`` (year-to-date × 12/m)
is shown beside the cumulative profile as the other obvious rule. Errors: MAE and MAPE (%).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from thucthi.core.numbers import format_number
from thucthi.indicators.forecast import Direction, History, Kind, Method, TargetSpec, forecast

DATA_DIR = Path(__file__).resolve().parent / "data" / "series"
NAIVE = "naive"
PRO_RATA = "pro_rata"
METHOD_ORDER = (NAIVE, Method.GROWTH_RATIO.value, Method.LINEAR.value, Method.CUMULATIVE_PROFILE.value, PRO_RATA)


@dataclass(frozen=True)
class Series:
    code: str
    name: str
    kind: Kind
    direction: Direction
    plans: tuple[tuple[int, int], ...]  # (baseline year, target year) of average targets
    totals: Mapping[int, float]  # month 12: the year's total or year-end value
    to_date: Mapping[int, Mapping[int, float]]  # year -> month (1..11) -> year-to-date


@dataclass(frozen=True)
class Case:
    series: str
    kind: Kind
    horizon: str
    year: int
    actual: float
    predictions: Mapping[str, float | None]


@dataclass(frozen=True)
class Score:
    series: str
    kind: Kind
    horizon: str
    method: str
    n: int
    mae: float
    mape: float


def load(series_dir: Path | None = None) -> list[Series]:
    result: list[Series] = []
    for path in sorted((series_dir or DATA_DIR).glob("*.json")):
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        sources = data["sources"]
        for raw in data["series"]:
            totals: dict[int, float] = {}
            to_date: dict[int, dict[int, float]] = defaultdict(dict)
            for obs in raw["observations"]:
                if obs["source"] not in sources:
                    raise ValueError(f"{path.name}: {raw['code']} {obs['year']}: nguồn {obs['source']!r} chưa khai báo.")
                if obs["month"] == 12:
                    totals[obs["year"]] = float(obs["value"])
                else:
                    to_date[obs["year"]][obs["month"]] = float(obs["value"])
            plans = tuple((p["baseline_year"], p["year"]) for p in raw.get("plans", []) if p.get("average"))
            result.append(
                Series(raw["code"], raw["name"], Kind(raw["kind"]), Direction(raw["direction"]), plans, totals, dict(to_date))
            )
    return result


def _value(method: Method, target: TargetSpec, history: History, series: Series) -> float | None:
    fc = forecast(method, target, history, direction=series.direction, kind=series.kind)
    return fc.value if fc.usable else None


def _final_year_cases(series: Series) -> Iterable[Case]:
    years = sorted(series.totals)
    for i, year in enumerate(years):
        known = {y: series.totals[y] for y in years[:i]}
        if len(known) < 2:
            continue
        base = min(known)
        # The target value does not move a projection; the first known year is the baseline.
        target = TargetSpec(base, known[base], year, known[base])
        history = History(annual=known)
        yield Case(
            series.code,
            series.kind,
            "năm cuối",
            year,
            series.totals[year],
            {
                NAIVE: known[max(known)],
                Method.GROWTH_RATIO.value: _value(Method.GROWTH_RATIO, target, history, series),
                Method.LINEAR.value: _value(Method.LINEAR, target, history, series),
            },
        )


def _average_cases(series: Series) -> Iterable[Case]:
    for base, end in series.plans:
        plan = range(base + 1, end + 1)
        if base not in series.totals or any(y not in series.totals for y in plan):
            continue
        actual = sum(series.totals[y] for y in plan) / len(plan)
        for cut in range(base + 1, end):
            known = {y: v for y, v in series.totals.items() if y <= cut}
            target = TargetSpec(base, series.totals[base], end, actual, average=True)
            history = History(annual=known)
            done = [known[y] for y in plan if y in known]
            naive = (sum(done) + (len(plan) - len(done)) * known[cut]) / len(plan)
            yield Case(
                series.code,
                series.kind,
                f"bình quân kỳ {base + 1}-{end}",
                cut,
                actual,
                {
                    NAIVE: naive,
                    Method.GROWTH_RATIO.value: _value(Method.GROWTH_RATIO, target, history, series),
                    Method.LINEAR.value: _value(Method.LINEAR, target, history, series),
                },
            )


def _months_with_shares(so_far: float, total: float, months: int) -> list[float]:
    # Only the share reached after `months` months enters the profile; the published figures
    # are year-to-date at that month and the year total, so spread each part evenly.
    return [so_far / months] * months + [(total - so_far) / (12 - months)] * (12 - months)


def _profile_cases(series: Series) -> Iterable[Case]:
    if series.kind is not Kind.FLOW:
        return
    for year, months in sorted(series.to_date.items()):
        if year not in series.totals:
            continue
        for month, so_far in sorted(months.items()):
            earlier = {
                p: series.to_date[p][month]
                for p in series.to_date
                if p < year and month in series.to_date[p] and p in series.totals
            }
            last_total = [series.totals[p] for p in sorted(series.totals) if p < year]
            if not earlier or not last_total:
                continue
            monthly = {p: _months_with_shares(v, series.totals[p], month) for p, v in earlier.items()}
            target = TargetSpec(year - 1, last_total[-1], year, last_total[-1])
            history = History(annual={}, year_to_date=(year, month, so_far), monthly=monthly)
            yield Case(
                series.code,
                series.kind,
                f"lũy kế tháng {month}",
                year,
                series.totals[year],
                {
                    NAIVE: last_total[-1],
                    Method.CUMULATIVE_PROFILE.value: _value(Method.CUMULATIVE_PROFILE, target, history, series),
                    PRO_RATA: so_far * 12 / month,
                },
            )


def cases(series: Iterable[Series]) -> list[Case]:
    result: list[Case] = []
    for s in series:
        result += [*_final_year_cases(s), *_average_cases(s), *_profile_cases(s)]
    return result


def score(all_cases: Iterable[Case]) -> list[Score]:
    errors: dict[tuple[str, Kind, str, str], list[tuple[float, float]]] = defaultdict(list)
    for case in all_cases:
        for method, predicted in case.predictions.items():
            if predicted is None or case.actual == 0:
                continue
            error = abs(predicted - case.actual)
            errors[(case.series, case.kind, case.horizon, method)].append((error, 100 * error / abs(case.actual)))
    return [
        Score(series, kind, horizon, method, len(e), sum(a for a, _ in e) / len(e), sum(p for _, p in e) / len(e))
        for (series, kind, horizon, method), e in errors.items()
    ]


def horizon_group(horizon: str) -> str:
    """ "lũy kế tháng 10" → "lũy kế tháng", "bình quân kỳ 2016-2020" → "bình quân kỳ"."""
    return horizon.rstrip("0123456789- ")


def winners(scores: Iterable[Score]) -> dict[tuple[Kind, str], tuple[str, float]]:
    """The method with the lowest mean APE per indicator kind and horizon (cases weighted equally)."""
    pooled: dict[tuple[Kind, str], dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for s in scores:
        pooled[(s.kind, horizon_group(s.horizon))][s.method] += [s.mape] * s.n
    result: dict[tuple[Kind, str], tuple[str, float]] = {}
    for key, by_method in pooled.items():
        method, apes = min(by_method.items(), key=lambda item: sum(item[1]) / len(item[1]))
        result[key] = (method, sum(apes) / len(apes))
    return result


def _fmt(x: float) -> str:
    return format_number(x, 2) if math.isfinite(x) else "—"


def run(*, out: TextIO, series_dir: Path | None = None) -> int:
    """Print the error table and the winner per kind; 0 when there was something to score."""
    series = load(series_dir)
    scores = score(cases(series))
    if not scores:
        out.write("Không có chuỗi số liệu nào đủ để kiểm tra. / No series long enough to backtest.\n")
        return 1
    order = {m: i for i, m in enumerate(METHOD_ORDER)}
    scores.sort(key=lambda s: (s.kind.value, s.series, s.horizon, order.get(s.method, 99)))
    naive = {(s.series, s.horizon): s.mape for s in scores if s.method == NAIVE}
    out.write(
        "| chuỗi / series | loại / kind | tầm dự báo / horizon | phương pháp / method | n | MAE | MAPE % | so với naive / vs naive |\n"
    )
    out.write("|---|---|---|---|---|---|---|---|\n")
    for s in scores:
        base = naive.get((s.series, s.horizon))
        versus = "—" if base is None or s.method == NAIVE else ("tốt hơn / better" if s.mape < base else "kém hơn / worse")
        out.write(
            f"| {s.series} | {s.kind.value} | {s.horizon} | {s.method} | {s.n} | {_fmt(s.mae)} | {_fmt(s.mape)} | {versus} |\n"
        )
    out.write(
        "\nPhương pháp tốt nhất theo loại chỉ tiêu và tầm dự báo (MAPE bình quân) / best method per kind and horizon (mean APE):\n"
    )
    for (kind, horizon), (method, mape) in sorted(winners(scores).items()):
        out.write(f"- {kind.value}, {horizon}: {method} ({_fmt(mape)}%)\n")
    return 0
