"""`thucthi bench indicators`: the generator, and hand-written SQL that must give the selectors' answers.

The benchmark compares `indicators.selectors.dashboard` (with `status_counts`) and
`indicators.selectors.national_aggregate` with plain SQL. If a selector changes (which actual
is the latest, which units count, how a ratio is recomputed) and the SQL does not, the
comparison would be between two different answers; these tests generate a small data set with
the benchmark's own generator — on SQLite and on PostgreSQL — and run the equality check, never
the timing loop at size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Sum

from thucthi.bench import indicator_pages as bi
from thucthi.core import clock
from thucthi.indicators import selectors
from thucthi.indicators.models import Actual, ActualState, Indicator, Kind, MergeRule, Plan, Target
from thucthi.orgs.loader import SuccessionSpec, UnitSpec, units_load
from thucthi.orgs.models import SuccessionKind, Unit, UnitKind

TODAY = dt.date(2026, 6, 30)
N = 14  # 1 rank, 2 ratios (+ 4 components), 4 flows, 2 levels, 1 level not combinable
YEARS = 2
COMMUNES = 4


def tiny_country() -> None:
    """Three provinces in force (the first with four communes) and one merged away."""
    units = [UnitSpec(code="P90@old", kind=UnitKind.PROVINCE, name="Tỉnh Cũ", short_name="Cũ", valid_to=dt.date(2025, 6, 30))]
    for p, name in (("P91", "Tỉnh Thử Một"), ("P92", "Thành phố Thử Hai"), ("P93", "Tỉnh Thử Ba")):
        units.append(UnitSpec(code=p, kind=UnitKind.PROVINCE, name=name, short_name=name.split(" ", 1)[1]))
    units += [UnitSpec(code=f"XP91{i}", kind=UnitKind.COMMUNE, name=f"Xã Thử {i}", parent="P91") for i in range(COMMUNES)]
    links = [SuccessionSpec("P90@old", "P91", SuccessionKind.MERGE, dt.date(2025, 7, 1), "Nghị quyết số 202/2025/QH15")]
    units_load(actor=None, dataset="test-bench-indicators", units=units, links=links)


@pytest.fixture
def generated(db: None) -> Iterator[bi.Generated]:
    tiny_country()
    with clock.frozen(TODAY):
        yield bi.generate(today=TODAY, indicators=N, years=YEARS, province_code="P91", seed=7)


def test_the_generator_builds_a_marked_plan_with_a_decade_of_approved_actuals(generated: bi.Generated) -> None:
    assert bi.indicator_mix(N) == (1, 2, 4, 2, 1)
    indicators = Indicator.objects.filter(code__startswith=bi.CODE_PREFIX)
    assert generated.indicators == N == indicators.count() == Indicator.objects.filter(source=bi.SOURCE).count()
    kinds = dict(indicators.values("kind").annotate(n=Count("id")).values_list("kind", "n"))
    assert kinds[Kind.RATIO] == 2 and kinds[Kind.RANK] == 1 and kinds[Kind.FLOW] >= 4 and kinds[Kind.LEVEL] >= 2
    assert not indicators.filter(kind=Kind.RANK).exclude(merge_rule=MergeRule.NONE).exists()
    ratios = indicators.filter(merge_rule=MergeRule.RECOMPUTE)
    assert all(r.numerator_id and r.denominator_id for r in ratios)

    province = Unit.objects.get(code="P91")
    communes = list(Unit.objects.filter(parent=province, kind=UnitKind.COMMUNE))
    plan = Plan.objects.get(source=bi.SOURCE)
    assert (plan.area_id, plan.start_year, plan.end_year) == (province.pk, 2026, 2030)
    targets = Target.objects.filter(plan=plan)
    assert targets.count() == N and not targets.exclude(source=bi.SOURCE).exists()
    assert not targets.filter(refreshed_at__isnull=True).exists()  # services.refresh_target ran on every one
    assert sum(generated.statuses.values()) == N
    assert len([s for s in generated.statuses if s != "none"]) >= 2

    actuals = Actual.objects.filter(indicator__in=indicators)
    assert actuals.count() == Actual.objects.filter(source=bi.SOURCE).count() == generated.rows["indicators_actual"]
    assert not actuals.exclude(state=ActualState.APPROVED).exists()
    # Every month of 2024, 2025 and January-May 2026 for the province and each commune, and the two years.
    flow = indicators.filter(kind=Kind.FLOW).first()
    assert flow is not None
    for unit in [province, *communes]:
        periods = set(actuals.filter(indicator=flow, unit=unit).values_list("period", flat=True))
        assert len(periods) == 12 * YEARS + 5 + YEARS
        assert {"2024", "2025", "2024-01", "2025-12", "2026-05"} <= periods and "2026-06" not in periods
    # A flow's year is its months' sum; the province's figure is its communes' sum.
    months = actuals.filter(indicator=flow, unit=province, year=2025, months=1).aggregate(s=Sum("value"))["s"]
    assert Actual.objects.get(indicator=flow, unit=province, period="2025").value == pytest.approx(months)
    communes_2025 = actuals.filter(indicator=flow, unit__in=communes, period="2025").aggregate(s=Sum("value"))["s"]
    assert Actual.objects.get(indicator=flow, unit=province, period="2025").value == pytest.approx(communes_2025)
    # A ratio is its numerator over its denominator, for each unit and period.
    ratio = ratios.first()
    assert ratio is not None and ratio.numerator_id is not None and ratio.denominator_id is not None
    for period in ("2025", "2026-03"):
        num = Actual.objects.get(indicator_id=ratio.numerator_id, unit=province, period=period).value
        den = Actual.objects.get(indicator_id=ratio.denominator_id, unit=province, period=period).value
        shown = Actual.objects.get(indicator=ratio, unit=province, period=period).value
        assert float(shown) == pytest.approx(float(num / den * ratio.scale), abs=0.006)
    # Ranks: once a year, for the provinces in force only, 1 … 3.
    rank = indicators.get(kind=Kind.RANK)
    assert sorted(actuals.filter(indicator=rank, period="2025").values_list("value", flat=True)) == [1, 2, 3]
    assert not actuals.filter(indicator=rank, unit__in=communes).exists()
    # The other provinces report for the national aggregate; the merged-away one does not.
    assert actuals.filter(unit__code="P92", indicator=flow).count() == 12 * YEARS + 5 + YEARS
    assert not actuals.filter(unit__code="P90@old").exists()


def test_the_hand_written_sql_gives_the_selectors_answers(generated: bi.Generated) -> None:
    province = Unit.objects.get(code="P91")
    with clock.frozen(TODAY):
        cases = bi.build_cases(TODAY, "P91")
        # A later figure not yet approved is neither the latest nor in the series, either way.
        flow = Indicator.objects.filter(code__startswith=bi.CODE_PREFIX, kind=Kind.FLOW).order_by("code").first()
        assert flow is not None
        Actual.objects.create(indicator=flow, unit=province, period="2026-06", year=2026, month_end=6, months=1, value=Decimal(1),
                              state=ActualState.ENTERED)
        assert bi.mismatches(cases, TODAY) == []
        dashboard = bi.dashboard_orm(next(c for c in cases if isinstance(c, bi.DashboardCase)))
        national = [(c, bi.national_orm(c)) for c in cases if isinstance(c, bi.NationalCase)]
    assert len(dashboard.rows) == N
    by_code = {row[2]: row for row in dashboard.rows}
    assert by_code[flow.code][5] == "2026-05"  # the latest approved month, not the entered June
    rank = Indicator.objects.get(code__startswith=bi.CODE_PREFIX, kind=Kind.RANK)
    assert by_code[rank.code][5] == "2025"
    assert all(dict(row[8]).keys() == {2025} for row in dashboard.rows)  # the plan's years so far: the baseline
    assert sum(n for _, n in dashboard.counts) == N
    assert [c.indicator.merge_rule for c, _ in national] == ["sum", "sum", "recompute", "recompute"]
    assert [len(c.periods) for c, _ in national] == [2, 12, 2, 12]
    for _case, answer in national:
        assert all(value is not None and n == 3 for _, value, n in answer)  # all three provinces reported


def test_the_check_notices_when_a_selector_and_its_sql_drift_apart(generated: bi.Generated, monkeypatch: pytest.MonkeyPatch) -> None:
    with clock.frozen(TODAY):
        cases = bi.build_cases(TODAY, "P91")
        everyone = selectors.provinces()
        monkeypatch.setattr(selectors, "provinces", lambda on=None: everyone[:2])  # a province forgotten
        problems = bi.mismatches(cases, TODAY)
    assert [type(p.case) for p in problems] == [bi.NationalCase] * 4
    assert "national" in str(problems[0])


def test_the_command_measures_reuses_and_drops(generated: bi.Generated, capsys: pytest.CaptureFixture[str]) -> None:
    with clock.frozen(TODAY):
        call_command("bench", "indicators", "--province", "P91", "--reuse", "--repeat", "1", "--warmup", "0")
    out = capsys.readouterr().out
    assert "reusing the generated data" in out
    assert "dashboard ORM p95" in out or "dashboard (" in out
    assert out.count("PASS") + out.count("FAIL") == 2
    call_command("bench", "indicators", "--drop")
    assert not bi.bench_data().present
    assert not Indicator.objects.exists() and not Actual.objects.exists() and not Target.objects.exists() and not Plan.objects.exists()
    assert Unit.objects.filter(code="P91").exists()  # the reference units stay


def test_the_command_generates_then_stops_when_answers_differ(
    db: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    tiny_country()

    def no_timing(*args: object, **kwargs: object) -> None:
        raise AssertionError("timed although the answers differ")

    monkeypatch.setattr(bi, "run", no_timing)
    with clock.frozen(TODAY):
        everyone = selectors.provinces()
        monkeypatch.setattr(selectors, "provinces", lambda on=None: everyone[:2])
        with pytest.raises(CommandError, match="khác nhau"):
            call_command("bench", "indicators", "--province", "P91", "--indicators", "10", "--years", "1")
    assert "generation time" in capsys.readouterr().out
    assert Indicator.objects.filter(code__startswith=bi.CODE_PREFIX).count() == 10


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the limit is SQLite's")
def test_sqlite_is_refused_for_the_full_size(db: None) -> None:
    tiny_country()
    with clock.frozen(TODAY), pytest.raises(CommandError, match="PostgreSQL"):
        call_command("bench", "indicators", "--province", "P91", "--indicators", "150", "--years", "100")
    assert not Indicator.objects.exists()
