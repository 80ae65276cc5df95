"""A small 2016-2020 plan for the test province of `tests.conftest.World`, with one indicator of
each kind, reported by the Department of Finance (and by the planning department it absorbed)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal as D

from tests.conftest import World
from thucthi.indicators import services
from thucthi.indicators.models import Actual, ActualState, Indicator, Plan, PlanKind, Target
from thucthi.indicators.periods import reporting_period
from thucthi.orgs.models import Unit


@dataclass
class PlanWorld:
    plan: Plan
    revenue: Indicator  # flow, summed across units, growth-ratio forecast
    disbursement: Indicator  # within-year % of the year's plan, not comparable across units
    poverty: Indicator  # ratio recomputed from poor households / households
    poor: Indicator
    households: Indicator
    pci: Indicator  # rank
    industry: Indicator  # share of the economy (group of shares adding up to 100)
    services_share: Indicator
    targets: dict[str, Target]


def approved(indicator: Indicator, unit: Unit, period: str, value: float | int, *, status: str = "official") -> Actual:
    """A figure already approved (set up directly, as historical data is loaded)."""
    p = reporting_period(period)
    actual, _ = Actual.objects.update_or_create(
        indicator=indicator, unit=unit, period=p.key,
        defaults={"year": p.year, "month_end": p.month_end, "months": p.months, "value": D(str(value)), "data_status": status,
                  "state": ActualState.APPROVED},
    )
    return actual


def plan_world(w: World) -> PlanWorld:
    def ind(code: str, **kw: object) -> Indicator:
        return services.indicator_save(actor=None, code=code, **kw)

    revenue = ind("REV", name="Thu ngân sách trên địa bàn", measure="tỷ đồng", kind="flow", merge_rule="sum", method="growth_ratio",
                  reporting_unit=w.finance, yoy_warn_percent=D(30), min_value=D(0))
    disbursement = ind("DISB", name="Tỷ lệ giải ngân vốn đầu tư công", measure="% kế hoạch", kind="flow", merge_rule="none",
                       method="cumulative_profile", reporting_unit=w.planning, min_value=D(0), max_value=D(150))
    poor = ind("POOR", name="Số hộ nghèo", measure="hộ", kind="level", merge_rule="sum", reporting_unit=w.finance)
    households = ind("HH", name="Tổng số hộ", measure="hộ", kind="level", merge_rule="sum", reporting_unit=w.finance)
    poverty = ind("POV", name="Tỷ lệ hộ nghèo", measure="%", kind="ratio", merge_rule="recompute", numerator=poor, denominator=households,
                  scale=D(100), direction="lower", method="linear", reporting_unit=w.finance)
    pci = ind("PCI", name="Thứ hạng PCI", measure="hạng", kind="rank", merge_rule="none", direction="lower", method="manual",
              reporting_unit=w.finance)
    industry = ind("IND", name="Tỷ trọng công nghiệp", measure="%", kind="level", share_group="Cơ cấu", reporting_unit=w.finance)
    services_share = ind("SER", name="Tỷ trọng dịch vụ", measure="%", kind="level", share_group="Cơ cấu", reporting_unit=w.finance)
    plan = services.plan_create(actor=None, kind=PlanKind.FIVE_YEAR, name="Kế hoạch 5 năm 2016-2020", area=w.province,
                                start_year=2016, end_year=2020)
    targets = {
        "REV": services.target_set(actor=None, plan=plan, indicator=revenue, baseline_year=2015, baseline_value=D(1000), year=2020, value=D(2000)),
        "DISB": services.target_set(actor=None, plan=plan, indicator=disbursement, baseline_year=2019, baseline_value=D(88), year=2020, value=D(100)),
        "POV": services.target_set(actor=None, plan=plan, indicator=poverty, baseline_year=2015, baseline_value=D(6), year=2020, value=D(2)),
        "PCI": services.target_set(actor=None, plan=plan, indicator=pci, baseline_year=2015, baseline_value=D(30), year=2020, value=D(20),
                                   manual_estimate=D(25), manual_reason="Nhóm chỉ số chi phí không chính thức chưa cải thiện"),
    }
    return PlanWorld(plan, revenue, disbursement, poverty, poor, households, pci, industry, services_share, targets)
