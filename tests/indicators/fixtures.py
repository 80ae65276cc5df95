"""The indicators' fixtures: two small 2016-2020 plans for the test province of `tests.conftest.world`.

First, `indicator_plan(world)` builds one through the indicators services (so every rule applies) and is
idempotent: calling it again returns what the first call built, so a permission-matrix URL can
ask for it once per persona. What it holds:

| code | reported by | kind | target (2015 → 2020) | approved actuals | status |
|---|---|---|---|---|---|
| BUDGET_REVENUE | Sở Tài chính | flow, sum, warns past ±30 % a year | 10.000 → 15.000 tỷ đồng | 2016-2019: 11.000 … 14.000 | on track |
| POVERTY_RATE | Sở Tài chính | level, lower is better, 0-100 | 5,0 → 2,0 % | 2016-2019: 4,5 4,3 4,2 4,1 | off track |
| STRUCT_AGRI / _INDUSTRY / _SERVICES | Sở Tài chính | shares of one whole (add up to 100) | — | none | — |
| DOCTORS_PER_10K | Sở Y tế | level | 8 → 10 | 2016-2019: 8,5 … 10,5 | achieved early |

Every figure is a made-up sample. `finance_codes` lists, in template order, what the Department of
Finance (officer `dung`, head `hoa`) reports; `khanh` heads the Department of Health, which reports
DOCTORS_PER_10K only.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tests.conftest import World
from thucthi.indicators import services
from thucthi.indicators.models import Actual, ActualState, Indicator, Plan, PlanKind, Target
from thucthi.indicators.periods import reporting_period
from thucthi.orgs.models import Unit

PLAN_NAME = "Kế hoạch phát triển kinh tế - xã hội 5 năm 2016-2020 tỉnh Thử Nghiệm"
SHARE_GROUP = "Cơ cấu kinh tế"


@dataclass
class IndicatorPlan:
    plan: Plan
    indicators: dict[str, Indicator]
    targets: dict[str, Target]

    @property
    def finance_codes(self) -> list[str]:
        return ["BUDGET_REVENUE", "POVERTY_RATE", "STRUCT_AGRI", "STRUCT_INDUSTRY", "STRUCT_SERVICES"]


def _definitions(w: World) -> list[dict[str, object]]:
    common = {"source": "Số liệu mẫu cho kiểm thử", "is_sample": True}
    share = {"measure": "%", "kind": "level", "merge_rule": "none", "min_value": Decimal(0), "max_value": Decimal(100),
             "share_group": SHARE_GROUP, "reporting_unit": w.finance, **common}
    return [
        {"code": "BUDGET_REVENUE", "name": "Thu ngân sách nhà nước trên địa bàn", "measure": "tỷ đồng", "direction": "higher",
         "kind": "flow", "merge_rule": "sum", "min_value": Decimal(0), "yoy_warn_percent": Decimal(30), "reporting_unit": w.finance,
         "method": "linear", "order": 1, **common},
        {"code": "POVERTY_RATE", "name": "Tỷ lệ hộ nghèo", "measure": "%", "direction": "lower", "kind": "level",
         "merge_rule": "none", "min_value": Decimal(0), "max_value": Decimal(100), "reporting_unit": w.finance,
         "method": "linear", "decimals": 2, "order": 2, **common},
        {"code": "STRUCT_AGRI", "name": "Tỷ trọng nông, lâm nghiệp và thủy sản trong GRDP", "order": 3, **share},
        {"code": "STRUCT_INDUSTRY", "name": "Tỷ trọng công nghiệp - xây dựng trong GRDP", "order": 4, **share},
        {"code": "STRUCT_SERVICES", "name": "Tỷ trọng dịch vụ trong GRDP", "order": 5, **share},
        {"code": "DOCTORS_PER_10K", "name": "Số bác sĩ trên 10.000 dân", "measure": "bác sĩ", "direction": "higher", "kind": "level",
         "merge_rule": "none", "min_value": Decimal(0), "reporting_unit": w.health, "method": "linear", "order": 6, **common},
    ]


TARGETS = {
    "BUDGET_REVENUE": (Decimal(10000), Decimal(15000)),
    "POVERTY_RATE": (Decimal(5), Decimal(2)),
    "DOCTORS_PER_10K": (Decimal(8), Decimal(10)),
}
ACTUALS = {
    "BUDGET_REVENUE": [Decimal(11000), Decimal(12000), Decimal(13000), Decimal(14000)],
    "POVERTY_RATE": [Decimal("4.5"), Decimal("4.3"), Decimal("4.2"), Decimal("4.1")],
    "DOCTORS_PER_10K": [Decimal("8.5"), Decimal("9.2"), Decimal("9.9"), Decimal("10.5")],
}


def indicator_plan(w: World) -> IndicatorPlan:
    """The plan, its indicators and targets, with 2016-2019 approved yearly figures (built once)."""
    plan = Plan.objects.filter(area=w.province, kind=PlanKind.FIVE_YEAR, start_year=2016).first()
    if plan is None:
        for d in _definitions(w):
            fields = dict(d)
            services.indicator_save(actor=None, code=str(fields.pop("code")), **fields)
        plan = services.plan_create(actor=None, kind=PlanKind.FIVE_YEAR, name=PLAN_NAME, area=w.province, start_year=2016, end_year=2020,
                                    resolution_number="12/2016/NQ-HĐND", is_sample=True)
        indicators = {i.code: i for i in Indicator.objects.all()}
        for code, (baseline, value) in TARGETS.items():
            services.target_set(actor=None, plan=plan, indicator=indicators[code], baseline_year=2015, baseline_value=baseline,
                                year=2020, value=value, text=f"Đạt {value} {indicators[code].measure} năm 2020", is_sample=True)
        for code, values in ACTUALS.items():
            for year, value in enumerate(values, start=2016):
                approve(w, code, str(year), value)
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=[str(d["code"]) for d in _definitions(w)])}
    targets = {t.indicator.code: t for t in Target.objects.filter(plan=plan).select_related("indicator", "plan__area")}
    return IndicatorPlan(plan=plan, indicators=indicators, targets=targets)


def enter(w: World, code: str, period: str, value: Decimal, *, data_status: str = "official") -> Actual:
    """One figure for the province, entered (not yet approved) without a user, confirming any warning."""
    indicator = Indicator.objects.get(code=code)
    entry = services.Entry(indicator=indicator, value=value, data_status=data_status, source="Báo cáo mẫu")
    [actual] = services.actuals_enter(actor=None, unit=w.province, period=period, entries=[entry], confirm=True)
    return actual


def approve(w: World, code: str, period: str, value: Decimal) -> Actual:
    actual = enter(w, code, period, value)
    if actual.state != ActualState.APPROVED:
        actual = services.actual_review(actor=None, actual=actual, approve=True)
    return actual


# `plan_world(world)`: a second 2016-2020 plan for the same province, with one indicator of each
# kind (flow, level, ratio, rank, shares), reported by the Department of Finance and by the
# planning department it absorbed.
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
        defaults={"year": p.year, "month_end": p.month_end, "months": p.months, "value": Decimal(str(value)), "data_status": status,
                  "state": ActualState.APPROVED},
    )
    return actual


def plan_world(w: World) -> PlanWorld:
    def ind(code: str, **kw: object) -> Indicator:
        return services.indicator_save(actor=None, code=code, **kw)

    revenue = ind("REV", name="Thu ngân sách trên địa bàn", measure="tỷ đồng", kind="flow", merge_rule="sum", method="growth_ratio",
                  reporting_unit=w.finance, yoy_warn_percent=Decimal(30), min_value=Decimal(0))
    disbursement = ind("DISB", name="Tỷ lệ giải ngân vốn đầu tư công", measure="% kế hoạch", kind="flow", merge_rule="none",
                       method="cumulative_profile", reporting_unit=w.planning, min_value=Decimal(0), max_value=Decimal(150))
    poor = ind("POOR", name="Số hộ nghèo", measure="hộ", kind="level", merge_rule="sum", reporting_unit=w.finance)
    households = ind("HH", name="Tổng số hộ", measure="hộ", kind="level", merge_rule="sum", reporting_unit=w.finance)
    poverty = ind("POV", name="Tỷ lệ hộ nghèo", measure="%", kind="ratio", merge_rule="recompute", numerator=poor, denominator=households,
                  scale=Decimal(100), direction="lower", method="linear", reporting_unit=w.finance)
    pci = ind("PCI", name="Thứ hạng PCI", measure="hạng", kind="rank", merge_rule="none", direction="lower", method="manual",
              reporting_unit=w.finance)
    industry = ind("IND", name="Tỷ trọng công nghiệp", measure="%", kind="level", share_group="Cơ cấu", reporting_unit=w.finance)
    services_share = ind("SER", name="Tỷ trọng dịch vụ", measure="%", kind="level", share_group="Cơ cấu", reporting_unit=w.finance)
    plan = services.plan_create(actor=None, kind=PlanKind.FIVE_YEAR, name="Kế hoạch 5 năm 2016-2020", area=w.province,
                                start_year=2016, end_year=2020)
    targets = {
        "REV": services.target_set(actor=None, plan=plan, indicator=revenue, baseline_year=2015, baseline_value=Decimal(1000), year=2020, value=Decimal(2000)),
        "DISB": services.target_set(actor=None, plan=plan, indicator=disbursement, baseline_year=2019, baseline_value=Decimal(88), year=2020, value=Decimal(100)),
        "POV": services.target_set(actor=None, plan=plan, indicator=poverty, baseline_year=2015, baseline_value=Decimal(6), year=2020, value=Decimal(2)),
        "PCI": services.target_set(actor=None, plan=plan, indicator=pci, baseline_year=2015, baseline_value=Decimal(30), year=2020, value=Decimal(20),
                                   manual_estimate=Decimal(25), manual_reason="Nhóm chỉ số chi phí không chính thức chưa cải thiện"),
    }
    return PlanWorld(plan, revenue, disbursement, poverty, poor, households, pci, industry, services_share, targets)
