"""Forecast methods, status classes and the backtest, on hand-computed cases (no database)."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

import pytest

from thucthi.core.numbers import format_number
from thucthi.indicators import backtest
from thucthi.indicators.forecast import (
    DEFAULT_THRESHOLDS,
    Direction,
    Forecast,
    History,
    Kind,
    Method,
    Status,
    TargetSpec,
    Thresholds,
    classify,
    forecast,
    monthly_from_cumulative,
    thresholds_from_mapping,
)

H, L, B = Direction.HIGHER, Direction.LOWER, Direction.BAND


def approx(x: float | None, expected: float) -> bool:
    return x is not None and math.isclose(x, expected, rel_tol=1e-9, abs_tol=1e-9)


# --- growth ratio (Open SDG) -------------------------------------------------------------------


def test_it_gives_ratio_one_when_observed_growth_equals_required() -> None:
    # base 100 (2015) → 121 (2017): CAGR_o = (121/100)^(1/2) − 1 = 10 %.
    # target 146,41 in 2019: CAGR_r = (146,41/100)^(1/4) − 1 = 10 %. R = 10 / 10 = 1.
    # Projection: 121 · 1,1² = 146,41.
    target = TargetSpec(2015, 100.0, 2019, 146.41)
    fc = forecast(Method.GROWTH_RATIO, target, History(annual={2016: 110.0, 2017: 121.0}), direction=H, kind=Kind.FLOW)
    assert fc.usable
    assert approx(fc.observed_rate, 0.10)
    assert approx(fc.required_rate, 0.10)
    assert approx(fc.ratio, 1.0)
    assert approx(fc.value, 146.41)
    # both year-on-year steps were 10 %, so the range collapses onto the value
    assert approx(fc.low, 146.41) and approx(fc.high, 146.41)
    assert "10,0%/năm" in fc.explanation
    assert "146,4" in fc.explanation
    assert classify(target, History(annual={2017: 121.0}), fc, direction=H, as_of_year=2018) is Status.ON_TRACK


def test_it_ranges_growth_ratio_between_slowest_and_fastest_year() -> None:
    # 100 → 110 (+10 %) → 115,5 (+5 %): CAGR_o = √1,155 − 1 = 7,4709 %; target 2019.
    # value = 115,5 · 1,074709² ; low = 115,5 · 1,05² = 127,3388 ; high = 115,5 · 1,1² = 139,755.
    fc = forecast(
        Method.GROWTH_RATIO,
        TargetSpec(2015, 100.0, 2019, 150.0),
        History(annual={2016: 110.0, 2017: 115.5}),
        direction=H,
        kind=Kind.FLOW,
    )
    g = math.sqrt(1.155) - 1
    assert approx(fc.observed_rate, g)
    assert approx(fc.value, 115.5 * (1 + g) ** 2)
    assert approx(fc.low, 127.33875) and approx(fc.high, 139.755)


def test_it_halves_the_ratio_when_growth_is_half_the_required() -> None:
    # base 100 → 110,25 in 2017: CAGR_o = 5 %. Target 146,41 in 2019: CAGR_r = 10 %. R = 0,5 < 0,60.
    target = TargetSpec(2015, 100.0, 2019, 146.41)
    history = History(annual={2017: 110.25})
    fc = forecast(Method.GROWTH_RATIO, target, history, direction=H, kind=Kind.LEVEL)
    assert approx(fc.ratio, 0.5)
    assert classify(target, history, fc, direction=H, as_of_year=2018) is Status.OFF_TRACK


def test_it_handles_lower_is_better_the_open_sdg_way() -> None:
    # Poverty 16 % (2015) → target 1 % in 2019: CAGR_r = (1/16)^(1/4) − 1 = −50 %.
    # 2017: 4 % → CAGR_o = (4/16)^(1/2) − 1 = −50 %. R = d·CAGR_o/|CAGR_r| = (−1)(−0,5)/0,5 = 1.
    target = TargetSpec(2015, 16.0, 2019, 1.0)
    fc = forecast(Method.GROWTH_RATIO, target, History(annual={2017: 4.0}), direction=L, kind=Kind.LEVEL)
    assert approx(fc.required_rate, -0.5) and approx(fc.ratio, 1.0) and approx(fc.value, 1.0)
    # Rising instead: 25 % → CAGR_o = (25/16)^(1/2) − 1 = +25 %; R = (−1)(0,25)/0,5 = −0,5: deterioration.
    worse = forecast(Method.GROWTH_RATIO, target, History(annual={2017: 25.0}), direction=L, kind=Kind.LEVEL)
    assert approx(worse.ratio, -0.5)
    assert classify(target, History(annual={2017: 25.0}), worse, direction=L, as_of_year=2018) is Status.OFF_TRACK


def test_it_flips_the_sign_for_a_negative_baseline() -> None:
    # A loss of −100 to be cut to −25 by 2019 (higher is better). CAGR_r = (0,25)^(1/4) − 1 = −29,29 %;
    # −50 in 2017: CAGR_o = (0,5)^(1/2) − 1 = −29,29 %. R = s·d·CAGR_o/|CAGR_r| = (−1)(+1)(−0,2929)/0,2929 = 1.
    fc = forecast(
        Method.GROWTH_RATIO, TargetSpec(2015, -100.0, 2019, -25.0), History(annual={2017: -50.0}), direction=H, kind=Kind.FLOW
    )
    assert approx(fc.ratio, 1.0)
    assert approx(fc.value, -25.0)


def test_it_needs_a_year_after_the_baseline_for_growth() -> None:
    fc = forecast(
        Method.GROWTH_RATIO, TargetSpec(2015, 100.0, 2020, 150.0), History(annual={2014: 90.0}), direction=H, kind=Kind.FLOW
    )
    assert not fc.usable and fc.value is None
    assert "2 năm" in fc.reason


def test_it_refuses_growth_from_a_zero_or_sign_changing_baseline() -> None:
    zero = forecast(
        Method.GROWTH_RATIO, TargetSpec(2015, 0.0, 2020, 5.0), History(annual={2016: 1.0}), direction=H, kind=Kind.FLOW
    )
    flip = forecast(
        Method.GROWTH_RATIO, TargetSpec(2015, -1.0, 2020, 5.0), History(annual={2016: 1.0}), direction=H, kind=Kind.FLOW
    )
    assert not zero.usable and "bằng 0" in zero.reason
    assert not flip.usable and "cùng dấu" in flip.reason


def test_it_compares_an_average_target_with_the_observed_mean() -> None:
    # "GRDP +8 %/year on average 2016-2020"; 2016-2018: 7; 7,5; 8,5 → mean 7,6667.
    # R = 1 + (7,6667 − 8)/8 = 0,9583 ≥ 0,95 → on track.
    # Range: remaining 2 years at the lowest / highest plan-year value:
    # low = (23 + 2·7)/5 = 7,4 ; high = (23 + 2·8,5)/5 = 8,0.
    target = TargetSpec(2015, 6.0, 2020, 8.0, average=True)
    history = History(annual={2016: 7.0, 2017: 7.5, 2018: 8.5})
    fc = forecast(Method.GROWTH_RATIO, target, history, direction=H, kind=Kind.RATIO)
    assert approx(fc.value, 23 / 3)
    assert approx(fc.ratio, 1 + (23 / 3 - 8) / 8)
    assert approx(fc.low, 7.4) and approx(fc.high, 8.0)
    assert classify(target, history, fc, direction=H, as_of_year=2019) is Status.ON_TRACK


def test_it_needs_a_plan_year_for_an_average_growth_ratio() -> None:
    fc = forecast(
        Method.GROWTH_RATIO,
        TargetSpec(2015, 6.0, 2020, 8.0, average=True),
        History(annual={2015: 6.0}),
        direction=H,
        kind=Kind.RATIO,
    )
    assert not fc.usable and "kỳ kế hoạch" in fc.reason


# --- linear trend ------------------------------------------------------------------------------

LINEAR_POINTS = {2015: 1.0, 2016: 3.0, 2017: 2.0, 2018: 4.0}


def test_it_fits_a_least_squares_line() -> None:
    # x̄ = 2016,5, ȳ = 2,5; Sxx = 2,25+0,25+0,25+2,25 = 5; Sxy = 2,25−0,25−0,25+2,25 = 4 → b = 0,8.
    # 2020: 2,5 + 0,8·3,5 = 5,3. Residuals −0,3; 0,9; −0,9; 0,3 → SSR = 1,8, s = √(1,8/2) = 0,948683.
    # 80 % interval: t(0,90; 2 df) = 1,886 · s · √(1 + 1/4 + 3,5²/5) = 1,886 · 0,948683 · √3,7 = 3,441627.
    target = TargetSpec(2015, 1.0, 2020, 6.0)
    fc = forecast(Method.LINEAR, target, History(annual=LINEAR_POINTS), direction=H, kind=Kind.LEVEL)
    assert approx(fc.value, 5.3)
    assert fc.value is not None and fc.low is not None and fc.high is not None
    assert math.isclose(fc.high - fc.value, 3.4416270396, rel_tol=1e-8)
    assert math.isclose(fc.value - fc.low, 3.4416270396, rel_tol=1e-8)
    assert "5,3" in fc.explanation and "4 năm" in fc.explanation


def test_it_adds_the_baseline_as_a_point_and_has_no_range_with_two_points() -> None:
    # (2015, 10) and (2017, 14): slope 2/year → 2020: 20. Two points: no residual error, no range.
    fc = forecast(Method.LINEAR, TargetSpec(2015, 10.0, 2020, 25.0), History(annual={2017: 14.0}), direction=H, kind=Kind.LEVEL)
    assert approx(fc.value, 20.0)
    assert fc.low is None and fc.high is None


def test_it_needs_two_years_for_a_line() -> None:
    fc = forecast(Method.LINEAR, TargetSpec(2015, 10.0, 2020, 25.0), History(annual={}), direction=H, kind=Kind.LEVEL)
    assert not fc.usable and fc.reason == "cần ít nhất 2 năm số liệu"


def test_it_averages_actuals_and_the_line_for_an_average_target() -> None:
    # Plan years 2016-2020; actuals 3; 2; 4; the line gives 2019: 2,5 + 0,8·2,5 = 4,5 and 2020: 5,3.
    # Mean = (3 + 2 + 4 + 4,5 + 5,3)/5 = 3,76.
    fc = forecast(
        Method.LINEAR, TargetSpec(2015, 1.0, 2020, 4.0, average=True), History(annual=LINEAR_POINTS), direction=H, kind=Kind.RATIO
    )
    assert approx(fc.value, 3.76)
    assert fc.low is not None and fc.high is not None and fc.low < 3.76 < fc.high


def test_it_keeps_a_projected_rank_at_first_place_or_below() -> None:
    # PCI rank 10 → 6 → 2 (−4/year): the line says −2 in 2019; a rank cannot beat 1.
    fc = forecast(
        Method.LINEAR, TargetSpec(2015, 10.0, 2019, 5.0), History(annual={2016: 6.0, 2017: 2.0}), direction=L, kind=Kind.RANK
    )
    assert fc.value == 1.0


def test_it_reports_the_actual_once_the_target_year_is_known() -> None:
    fc = forecast(Method.LINEAR, TargetSpec(2015, 1.0, 2018, 6.0), History(annual=LINEAR_POINTS), direction=H, kind=Kind.LEVEL)
    assert fc.value == 4.0


# --- within-year cumulative profile ------------------------------------------------------------

PROFILE = History(
    annual={2019: 900.0},
    year_to_date=(2020, 6, 450.0),
    # 2018: even months, 6-month share 60/120 = 0,5; 2019: 30/90 = 1/3.
    monthly={2018: [10.0] * 12, 2019: [5.0] * 6 + [10.0] * 6},
)


def test_it_projects_the_year_total_from_past_years_shares() -> None:
    # mean share (0,5 + 1/3)/2 = 5/12 → 450 / (5/12) = 1.080; range 450/0,5 = 900 .. 450/(1/3) = 1.350.
    fc = forecast(Method.CUMULATIVE_PROFILE, TargetSpec(2019, 900.0, 2020, 1000.0), PROFILE, direction=H, kind=Kind.FLOW)
    assert approx(fc.value, 1080.0) and approx(fc.low, 900.0) and approx(fc.high, 1350.0)
    assert "1.080,0" in fc.explanation and "41,7%" in fc.explanation


def test_it_carries_the_profile_forward_for_a_multi_year_target() -> None:
    # 2019: 900 → 2020 projected 1.080: +20 %; 2021 = 1.080 · 1,2 = 1.296 (900·1,2 = 1.080 .. 1.350·1,2 = 1.620).
    target = TargetSpec(2019, 900.0, 2021, 1200.0)
    fc = forecast(Method.CUMULATIVE_PROFILE, target, PROFILE, direction=H, kind=Kind.FLOW)
    assert approx(fc.value, 1296.0) and approx(fc.low, 1080.0) and approx(fc.high, 1620.0)
    # average over 2020-2021: (1.080 + 1.296)/2 = 1.188
    avg = forecast(
        Method.CUMULATIVE_PROFILE, TargetSpec(2019, 900.0, 2021, 1200.0, average=True), PROFILE, direction=H, kind=Kind.FLOW
    )
    assert approx(avg.value, 1188.0)


def test_it_uses_the_profile_only_for_flows_with_data() -> None:
    target = TargetSpec(2019, 900.0, 2020, 1000.0)
    level = forecast(Method.CUMULATIVE_PROFILE, target, PROFILE, direction=H, kind=Kind.LEVEL)
    no_months = forecast(
        Method.CUMULATIVE_PROFILE, target, History(annual={}, year_to_date=(2020, 6, 450.0)), direction=H, kind=Kind.FLOW
    )
    no_ytd = forecast(Method.CUMULATIVE_PROFILE, target, History(annual={}, monthly=PROFILE.monthly), direction=H, kind=Kind.FLOW)
    full_year = forecast(
        Method.CUMULATIVE_PROFILE,
        target,
        History(annual={}, year_to_date=(2020, 12, 1.0), monthly=PROFILE.monthly),
        direction=H,
        kind=Kind.FLOW,
    )
    assert not any(f.usable for f in (level, no_months, no_ytd, full_year))
    assert "12 tháng" in no_months.reason


def test_it_turns_year_to_date_figures_into_months() -> None:
    assert monthly_from_cumulative([10.0, 25.0, 45.0]) == [10.0, 15.0, 20.0]


# --- manual ------------------------------------------------------------------------------------


def test_it_takes_a_manual_estimate_only_with_a_reason() -> None:
    target = TargetSpec(2015, 1.0, 2020, 2.0)
    fc = forecast(
        Method.MANUAL, target, History(annual={}, manual=(1234.5, "Dự án lớn đi vào hoạt động")), direction=H, kind=Kind.FLOW
    )
    assert fc.usable and fc.value == 1234.5
    assert "1.234,5" in fc.explanation and "Dự án lớn" in fc.explanation
    blank = forecast(Method.MANUAL, target, History(annual={}, manual=(1.0, "  ")), direction=H, kind=Kind.FLOW)
    assert not blank.usable and "lý do" in blank.reason


def test_it_refuses_a_target_without_a_value_or_band() -> None:
    fc = forecast(Method.LINEAR, TargetSpec(2015, 1.0, 2020, None), History(annual=LINEAR_POINTS), direction=H, kind=Kind.LEVEL)
    band = forecast(
        Method.LINEAR, TargetSpec(2015, 1.0, 2020, None, low=5.0), History(annual=LINEAR_POINTS), direction=B, kind=Kind.LEVEL
    )
    assert not fc.usable and not band.usable


# --- status ------------------------------------------------------------------------------------

TARGET_100 = TargetSpec(2015, 80.0, 2020, 100.0)
EMPTY = History(annual={})


def made(
    value: float,
    *,
    method: Method = Method.LINEAR,
    ratio: float | None = None,
    low: float | None = None,
    high: float | None = None,
) -> Forecast:
    return Forecast(method=method, value=value, low=low, high=high, ratio=ratio)


@pytest.mark.parametrize(
    ("ratio", "status"),
    [
        (1.2, Status.ON_TRACK),
        (0.95, Status.ON_TRACK),
        (0.9499, Status.AT_RISK),
        (0.60, Status.AT_RISK),
        (0.5999, Status.OFF_TRACK),
        (-0.1, Status.OFF_TRACK),
    ],
)
def test_it_applies_open_sdg_ratio_thresholds(ratio: float, status: Status) -> None:
    fc = made(90.0, method=Method.GROWTH_RATIO, ratio=ratio)
    assert classify(TARGET_100, EMPTY, fc, direction=H, as_of_year=2018) is status


@pytest.mark.parametrize(
    ("value", "status"),
    [
        (101.0, Status.ON_TRACK),
        (100.0, Status.ON_TRACK),
        (99.99, Status.AT_RISK),
        (90.0, Status.AT_RISK),
        (89.99, Status.OFF_TRACK),
    ],
)
def test_it_applies_attainment_thresholds(value: float, status: Status) -> None:
    # A = value/100 for a positive higher-is-better target.
    assert classify(TARGET_100, EMPTY, made(value), direction=H, as_of_year=2018) is status


def test_it_calls_a_low_forecast_at_risk_while_its_range_still_reaches_the_target() -> None:
    assert classify(TARGET_100, EMPTY, made(85.0, low=70.0, high=101.0), direction=H, as_of_year=2018) is Status.AT_RISK
    assert classify(TARGET_100, EMPTY, made(85.0, low=70.0, high=99.0), direction=H, as_of_year=2018) is Status.OFF_TRACK


@pytest.mark.parametrize(
    ("value", "status"), [(3.5, Status.ON_TRACK), (4.0, Status.ON_TRACK), (4.4, Status.AT_RISK), (4.41, Status.OFF_TRACK)]
)
def test_it_reads_lower_is_better(value: float, status: Status) -> None:
    # Poverty ≤ 4 %: A = 1 − (value − 4)/4 → 4,4 gives 0,90 (at risk), 4,41 gives 0,8975.
    target = TargetSpec(2015, 8.0, 2020, 4.0)
    assert classify(target, EMPTY, made(value), direction=L, as_of_year=2018) is status


@pytest.mark.parametrize(("value", "status"), [(22.0, Status.AT_RISK), (23.0, Status.OFF_TRACK), (15.0, Status.ON_TRACK)])
def test_it_reads_a_rank_where_lower_is_better(value: float, status: Status) -> None:
    # PCI rank target 20: rank 22 → A = 1 − 2/20 = 0,90; 23 → 0,85.
    target = TargetSpec(2015, 30.0, 2020, 20.0)
    assert classify(target, EMPTY, made(value), direction=L, as_of_year=2018) is status


@pytest.mark.parametrize(
    ("value", "status"), [(5.0, Status.ON_TRACK), (6.0, Status.ON_TRACK), (6.5, Status.AT_RISK), (3.5, Status.OFF_TRACK)]
)
def test_it_reads_a_band(value: float, status: Status) -> None:
    # Band 4..6: 6,5 is 0,5 above → A = 1 − 0,5/6 = 0,917; 3,5 is 0,5 below → A = 1 − 0,5/4 = 0,875.
    target = TargetSpec(2015, 7.0, 2020, None, low=4.0, high=6.0)
    assert classify(target, EMPTY, made(value), direction=B, as_of_year=2018) is status


def test_it_marks_a_level_met_before_the_target_year_achieved_early() -> None:
    target = TargetSpec(2015, 8.0, 2020, 4.0)
    history = History(annual={2017: 5.0, 2018: 3.9})
    assert classify(target, history, made(3.0), direction=L, as_of_year=2019) is Status.ACHIEVED_EARLY
    # as of 2017 only 5,0 is known: not yet
    assert classify(target, history, made(4.2), direction=L, as_of_year=2017) is Status.AT_RISK


def test_it_uses_the_latest_value_not_the_best_one() -> None:
    target = TargetSpec(2015, 8.0, 2020, 4.0)
    history = History(annual={2017: 3.9, 2018: 4.3})
    assert classify(target, history, made(4.2), direction=L, as_of_year=2019) is Status.AT_RISK


def test_it_counts_a_flow_year_to_date_only_when_told_the_kind() -> None:
    target = TargetSpec(2015, 800.0, 2020, 1000.0)
    history = History(annual={2019: 950.0}, year_to_date=(2020, 9, 1010.0))
    assert classify(target, history, made(1300.0), direction=H, as_of_year=2020, kind=Kind.FLOW) is Status.ACHIEVED_EARLY
    assert classify(target, history, made(1300.0), direction=H, as_of_year=2020) is Status.ON_TRACK
    # a lower-is-better flow (a ceiling of 1.000 a year) is lost once the year-to-date passes it,
    # even though 2019 (950) was under the ceiling
    assert classify(target, history, made(900.0), direction=L, as_of_year=2020, kind=Kind.FLOW) is Status.OFF_TRACK
    assert classify(target, history, made(900.0), direction=L, as_of_year=2020) is Status.ACHIEVED_EARLY


def test_it_closes_the_target_year_with_the_actual() -> None:
    target = TargetSpec(2015, 80.0, 2020, 100.0)
    assert classify(target, History(annual={2019: 95.0, 2020: 100.0}), made(0.0), direction=H, as_of_year=2020) is Status.ON_TRACK
    assert (
        classify(target, History(annual={2019: 101.0, 2020: 102.0}), made(0.0), direction=H, as_of_year=2020)
        is Status.ACHIEVED_EARLY
    )
    assert (
        classify(target, History(annual={2019: 95.0, 2020: 99.9}), made(200.0), direction=H, as_of_year=2020) is Status.OFF_TRACK
    )
    # the final value is ignored when assessing as of an earlier year
    assert (
        classify(target, History(annual={2019: 95.0, 2020: 99.9}), made(200.0), direction=H, as_of_year=2019) is Status.ON_TRACK
    )


def test_it_marks_an_average_secured_even_if_the_rest_repeat_the_worst_year() -> None:
    # Target mean ≥ 7 over 2016-2020. Worst year on record 6 (2015).
    # 2016-2019 at 9: (36 + 1·6)/5 = 8,4 ≥ 7 → secured.
    target = TargetSpec(2015, 6.0, 2020, 7.0, average=True)
    secured = History(annual={2015: 6.0, 2016: 9.0, 2017: 9.0, 2018: 9.0, 2019: 9.0})
    assert classify(target, secured, made(9.0), direction=H, as_of_year=2019) is Status.ACHIEVED_EARLY
    # Worst on record 2 (2015): 2016-2018 at 8 → (24 + 2·2)/5 = 5,6 < 7: not secured, forecast decides.
    open_ = History(annual={2015: 2.0, 2016: 8.0, 2017: 8.0, 2018: 8.0})
    assert classify(target, open_, made(8.0), direction=H, as_of_year=2019) is Status.ON_TRACK
    # All five years known: mean (8·3 + 5 + 5)/5 = 6,8 < 7 → missed.
    done = History(annual={2016: 8.0, 2017: 8.0, 2018: 8.0, 2019: 5.0, 2020: 5.0})
    assert classify(target, done, made(8.0), direction=H, as_of_year=2020) is Status.OFF_TRACK


def test_it_refuses_to_classify_without_data_or_forecast() -> None:
    unusable = Forecast(method=Method.LINEAR, value=None, usable=False, reason="cần ít nhất 2 năm số liệu")
    with pytest.raises(ValueError, match="2 năm"):
        classify(TARGET_100, EMPTY, unusable, direction=H, as_of_year=2018)


# --- thresholds from settings ------------------------------------------------------------------


def test_it_reads_threshold_overrides() -> None:
    looser = thresholds_from_mapping({"attainment_at_risk": 0.8, "growth_on_track": 0.9})
    assert looser == Thresholds(growth_on_track=0.9, growth_at_risk=0.6, attainment_on_track=1.0, attainment_at_risk=0.8)
    assert classify(TARGET_100, EMPTY, made(85.0), direction=H, as_of_year=2018, thresholds=looser) is Status.AT_RISK
    assert classify(TARGET_100, EMPTY, made(85.0), direction=H, as_of_year=2018) is Status.OFF_TRACK
    assert thresholds_from_mapping({}) == DEFAULT_THRESHOLDS


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"on_track": 0.9}, "Ngưỡng không hợp lệ: on_track"),
        ({"growth_on_track": float("nan")}, "số hữu hạn"),
        ({"growth_on_track": True}, "số hữu hạn"),
        ({"growth_on_track": 0.5}, "growth_at_risk"),
        ({"attainment_at_risk": 1.1}, "attainment_at_risk"),
        ({"attainment_at_risk": 0.0}, "attainment_at_risk"),
    ],
)
def test_it_refuses_bad_threshold_overrides(mapping: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        thresholds_from_mapping(mapping)


def test_it_writes_numbers_the_vietnamese_way() -> None:
    assert format_number(1234.5) == "1.234,5"
    assert format_number(-1234567.891, 2) == "-1.234.567,89"


# --- backtest ----------------------------------------------------------------------------------


def test_the_backtest_replays_the_shipped_series_with_finite_errors() -> None:
    out = io.StringIO()
    assert backtest.run(out=out) == 0
    scores = backtest.score(backtest.cases(backtest.load()))
    assert scores and all(math.isfinite(s.mae) and math.isfinite(s.mape) for s in scores)
    horizons = {(s.series, s.horizon) for s in scores}
    # every horizon carries the naive baseline, and every method appears somewhere
    assert horizons == {(s.series, s.horizon) for s in scores if s.method == backtest.NAIVE}
    assert {s.method for s in scores} >= {backtest.NAIVE, "growth_ratio", "linear", "cumulative_profile"}
    text = out.getvalue()
    assert "| naive |" in text and "cumulative_profile" in text and "lũy kế tháng 10" in text


def test_every_shipped_observation_cites_a_declared_source() -> None:
    for path in backtest.DATA_DIR.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        for source in data["sources"].values():
            assert source["url"].startswith("http") and source["title"] and source["taken"]
        for series in data["series"]:
            assert all(obs["source"] in data["sources"] for obs in series["observations"])


def test_the_backtest_scores_a_hand_made_series(tmp_path: Path) -> None:
    # Straight line 10, 20, 30 → year 3: naive 20 (APE 33,3 %), linear 30 (0 %).
    # Year-to-date 6 months of year 2: 12 of 30; year 1 had 5 of 10 by June (share 0,5) → 24 (APE 20 %).
    data = {
        "sources": {"s": {"title": "t", "url": "https://example.org", "taken": "all"}},
        "series": [
            {
                "code": "x",
                "name": "x",
                "kind": "flow",
                "direction": "higher",
                "observations": [
                    {"year": 1, "month": 12, "value": 10.0, "source": "s"},
                    {"year": 2, "month": 12, "value": 20.0, "source": "s"},
                    {"year": 3, "month": 12, "value": 30.0, "source": "s"},
                    {"year": 1, "month": 6, "value": 5.0, "source": "s"},
                    {"year": 2, "month": 6, "value": 12.0, "source": "s"},
                ],
            }
        ],
    }
    (tmp_path / "x.json").write_text(json.dumps(data), encoding="utf-8")
    scores = {(s.horizon, s.method): s for s in backtest.score(backtest.cases(backtest.load(tmp_path)))}
    assert math.isclose(scores[("năm cuối", "naive")].mape, 100 / 3)
    assert math.isclose(scores[("năm cuối", "linear")].mape, 0.0, abs_tol=1e-9)
    assert math.isclose(scores[("lũy kế tháng 6", "cumulative_profile")].mape, 20.0)
    assert math.isclose(scores[("lũy kế tháng 6", "naive")].mape, 50.0)
    assert backtest.winners(scores.values())[(Kind.FLOW, "năm cuối")][0] == "linear"


def test_the_backtest_refuses_an_uncited_figure(tmp_path: Path) -> None:
    data = {
        "sources": {},
        "series": [
            {
                "code": "x",
                "name": "x",
                "kind": "flow",
                "direction": "higher",
                "observations": [{"year": 1, "month": 12, "value": 1.0, "source": "nowhere"}],
            }
        ],
    }
    (tmp_path / "x.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="nowhere"):
        backtest.load(tmp_path)


def test_a_level_read_within_an_earlier_plan_year_counts_as_the_latest_level() -> None:
    # 100 % of communes meet the new-rural standard from October 2019; the 2020 target is 100 %.
    target = TargetSpec(baseline_year=2015, baseline_value=40.0, year=2020, value=100.0)
    history = History(annual={}, year_to_date=(2019, 10, 100.0))
    fc = forecast(Method.LINEAR, target, history, direction=Direction.HIGHER, kind=Kind.LEVEL)
    assert not fc.usable
    assert classify(target, history, fc, direction=Direction.HIGHER, as_of_year=2019, kind=Kind.LEVEL) is Status.ACHIEVED_EARLY
    # A flow's months are not a level: the same figure says nothing of the year.
    with pytest.raises(ValueError):
        classify(target, history, fc, direction=Direction.HIGHER, as_of_year=2019, kind=Kind.FLOW)
