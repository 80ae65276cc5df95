"""A small 2016-2020 plan for the test province of `tests.conftest.world`, for any indicator test.

`indicator_plan(world)` builds it through the indicators services (so every rule applies) and is
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
