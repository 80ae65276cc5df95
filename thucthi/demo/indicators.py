"""Demo plan indicators: Hưng Yên's 5-year plan 2016-2020 (Nghị quyết 12/2016/NQ-HĐND) as its
council reviewed it in July 2020, from `data/hung_yen_plan_2016_2020.json` (sources cited there,
what no source gave marked sample and shown with the "mẫu" label).

Actuals are loaded up to mid-2020 (the session's review), approved, for the 2020 province
(`P33@old`); Thái Bình's figures go to `P34@old`, so today's Hưng Yên shows both by each
indicator's merge rule. The mid-2020 assessment is recorded through the services, so its
remedies become tasks of the 2020 People's Committee. One figure is left for the user: the
public-investment disbursement after March 2020 is not yet entered (the browser test enters it).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction

from thucthi.core import clock
from thucthi.council.models import Resolution
from thucthi.demo import tasks as demo_tasks
from thucthi.demo.codes import dept_code
from thucthi.demo.text import public_text
from thucthi.indicators import services
from thucthi.indicators.models import Actual, ActualState, Assessment, Indicator, Kind, MergeRule, Plan, PlanKind, Remedy, Target
from thucthi.indicators.periods import reporting_period
from thucthi.indicators.services import RemedyInput
from thucthi.orgs.models import Person, Position, PositionRole, Unit
from thucthi.tasks.models import Task

DATA = Path(__file__).parent / "data" / "hung_yen_plan_2016_2020.json"
OLD_HY, OLD_TB = "P33@old", "P34@old"
REVIEW = dt.date(2020, 7, 15)  # the 12th session's review of the plan (sample date, see the council demo)
LAST_PERIOD = "2020-H1"
# The disbursement figures after March 2020 are left for the user to enter (the guided tour and
# the browser test do): at the session only the first quarter had been reported.
LEFT_FOR_USER = {("PUBLIC_INVEST_DISBURSEMENT", p) for p in ("2020-04", "2020-05", "2020-06", "2020-Q2", "2020-H1")}
# A typical back-loaded within-year profile of public-investment disbursement (share of the
# year's total disbursed in each month). SAMPLE: it spreads 2019's annual figure over its months
# so the within-year forecast has a past year to learn from; no monthly series was published.
DISBURSEMENT_PROFILE_2019 = (3, 4, 5, 6, 7, 9, 8, 9, 9, 10, 12, 18)
# Units named in the data that are not departments of the province: who compiles their figures.
COMPILER = "Sở Kế hoạch và Đầu tư"


@cache
def data() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return loaded


def _sources(ids: str | None) -> str:
    if not ids:
        return ""
    by_id = {s["id"]: s for s in data()["sources"]}
    parts = []
    for sid in str(ids).replace(";", ",").split(","):
        s = by_id.get(sid.strip())
        # Users read Vietnamese: a source published in French or English is cited by its Vietnamese title.
        title = (s.get("title_vi") or s["title"]) if s else sid.strip()
        parts.append(f"{title} — {s['url']}" if s and s.get("url") else title)
    return "; ".join(parts)[:300]


def _department(name: str) -> tuple[Unit, str]:
    unit = Unit.objects.filter(code=dept_code(OLD_HY, name)).first()
    if unit is not None:
        return unit, ""
    return Unit.objects.get(code=dept_code(OLD_HY, COMPILER)), f"Số liệu do {name} công bố; {COMPILER} tổng hợp. "


def _kind_and_rule(entry: dict[str, Any]) -> tuple[str, str]:
    """The data names ratio components in words; without component indicators a rate cannot be
    recomputed when units merge, so it is loaded as a level that is not comparable across
    mergers. A within-year percentage of the annual plan (disbursement) adds up month by month."""
    kind, rule = entry["kind"], entry["merge_rule"]
    if entry["code"] == "PUBLIC_INVEST_DISBURSEMENT":
        return Kind.FLOW, MergeRule.NONE
    if kind == Kind.RANK:
        return Kind.RANK, MergeRule.NONE
    if kind == Kind.RATIO or rule == MergeRule.RECOMPUTE:
        return Kind.LEVEL, MergeRule.NONE
    return kind, rule


def _head(unit: Unit) -> Person:
    position = Position.objects.filter(unit=unit, role=PositionRole.HEAD).select_related("person").order_by("-start").first()
    if position is not None:
        return position.person
    return demo_tasks._responsible(unit, {})  # the same sample head the demo's tasks name


def _actual(indicator: Indicator, unit: Unit, row: dict[str, Any], when: dt.datetime) -> None:
    p = reporting_period(str(row["period"]))
    Actual.objects.update_or_create(
        indicator=indicator, unit=unit, period=p.key,
        defaults={
            "year": p.year, "month_end": p.month_end, "months": p.months, "value": Decimal(str(row["value"])),
            "data_status": row.get("status") or "official", "source": _sources(row.get("source")), "note": public_text(row.get("note") or "")[:500],
            "state": ActualState.APPROVED, "entered_at": when, "reviewed_at": when, "is_sample": bool(row.get("sample")),
        },
    )


@transaction.atomic
def load() -> Plan:
    hy, tb = Unit.objects.get(code=OLD_HY), Unit.objects.get(code=OLD_TB)
    d = data()
    plan_data = d["plan"]
    resolution = Resolution.objects.filter(number=plan_data["resolution"]).first()
    plan = Plan.objects.filter(area=hy, kind=PlanKind.FIVE_YEAR, start_year=plan_data["start_year"]).first()
    if plan is None:
        plan = services.plan_create(
            actor=None, kind=PlanKind.FIVE_YEAR, name=f"{plan_data['name']} tỉnh Hưng Yên", area=hy,
            start_year=plan_data["start_year"], end_year=plan_data["end_year"], resolution=resolution,
            resolution_number=plan_data["resolution"], source=_sources(plan_data.get("source")),
        )
    cutoff = reporting_period(LAST_PERIOD)
    when = clock.now()
    for order, entry in enumerate(d["indicators"], start=1):
        kind, rule = _kind_and_rule(entry)
        reporter, compiled = _department(entry["reporting_unit"])
        indicator = services.indicator_save(
            actor=None, code=entry["code"], name=entry["name"], measure=entry["measure"], direction=entry["direction"],
            kind=kind, merge_rule=rule, method=entry["method"], reporting_unit=reporter, order=order,
            description=(compiled + public_text(entry.get("note") or ""))[:2000], is_sample=entry["target"].get("sample", False),
            # Levels, amounts, shares and ratios cannot be negative; a growth rate can (2020), a rank starts at 1.
            min_value=None if "GROWTH" in entry["code"] else Decimal(1) if kind == Kind.RANK else Decimal(0),
            max_value=Decimal(100) if entry["measure"] == "%" and "GROWTH" not in entry["code"] else None,
            share_group="Cơ cấu kinh tế" if entry["code"].startswith("STRUCT_") else "",
        )
        for row in entry["actuals"]:
            p = reporting_period(str(row["period"]))
            if (p.year, p.month_end) > (cutoff.year, cutoff.month_end) or (entry["code"], p.key) in LEFT_FOR_USER:
                continue
            _actual(indicator, hy, row, when)
        if entry["code"] == "PUBLIC_INVEST_DISBURSEMENT":
            year_total = next((Decimal(str(r["value"])) for r in entry["actuals"] if str(r["period"]) == "2019"), None)
            if year_total is not None:
                for month, share in enumerate(DISBURSEMENT_PROFILE_2019, start=1):
                    _actual(indicator, hy, {
                        "period": f"2019-{month:02d}", "value": round(year_total * share / 100, 2), "status": "official", "source": "SAMPLE",
                        "sample": True, "note": "MẪU: số năm 2019 phân bổ theo tháng theo cơ cấu giải ngân điển hình (dồn về cuối năm).",
                    }, when)
        for tb_entry in d.get("thai_binh", []):
            if tb_entry["code"] == entry["code"]:
                for row in tb_entry["actuals"]:
                    p = reporting_period(str(row["period"]))
                    if (p.year, p.month_end) <= (cutoff.year, cutoff.month_end):
                        _actual(indicator, tb, row, when)
        base, goal = entry["baseline"], entry["target"]
        if Target.objects.filter(plan=plan, indicator=indicator).exists():
            continue

        def num(x: Any) -> Decimal | None:
            return Decimal(str(x)) if x is not None else None

        services.target_set(
            actor=None, plan=plan, indicator=indicator, baseline_year=base["year"], baseline_value=Decimal(str(base["value"])),
            year=goal["year"], value=num(goal.get("value")), low=num(goal.get("low")) if entry["direction"] == "band" else None,
            high=num(goal.get("high")) if entry["direction"] == "band" else None, average=bool(goal.get("average")),
            text=public_text(goal.get("text") or "")[:300], source=_sources(goal.get("source")),
            is_sample=bool(goal.get("sample") or base.get("sample")),
            manual_estimate=num(goal.get("value")) if entry["method"] == "manual" else None,
            manual_reason="Ước tính của đơn vị báo cáo (mẫu): thứ hạng không có xu hướng đo được." if entry["method"] == "manual" else "",
            trajectory={a["year"]: Decimal(str(a["value"])) for a in entry.get("annual_targets", [])
                        if base["year"] < a["year"] <= goal["year"]},
        )
    _assess(plan)
    return plan


def _assess(plan: Plan) -> None:
    """The mid-2020 review: each assessment with its cause and remedy, submitted on the
    session's day; remedies become tasks of the 2020 People's Committee."""
    for item in data().get("mid_2020_assessment", []):
        target = Target.objects.select_related("indicator__reporting_unit", "plan__area").filter(plan=plan, indicator__code=item["code"]).first()
        if target is None or Assessment.objects.filter(target=target, as_of=LAST_PERIOD).exists():
            continue
        owner = target.indicator.reporting_unit
        assert owner is not None
        with clock.frozen(REVIEW):
            services.assessment_save(
                actor=None, target=target, as_of=LAST_PERIOD, summary=public_text(item["status_text"]), cause=public_text(item.get("cause") or ""),
                remedies=[RemedyInput(text=public_text(item["remedy"])[:500], owner_unit=owner, due_on=dt.date(2020, 12, 31), owner_person=_head(owner))],
                submit=True, on=REVIEW, status=_judgement(item["status_text"]), is_sample=bool(item.get("sample")),
            )
        # Who carries each remedy and by when is the demo's invention: the remedies' tasks are sample.
        Task.objects.filter(pk__in=Remedy.objects.filter(assessment__target=target).values("task_id")).update(is_sample=True)


def _judgement(text: str) -> str:
    """The reviewers' own verdict, as the source words it (it may differ from the forecast's,
    which the assessment page shows beside it)."""
    t = text.lower()
    if "sớm" in t or "đã vượt" in t:
        return "achieved_early"
    if "khó" in t:
        return "off_track"
    if "nguy cơ" in t:
        return "at_risk"
    return "on_track"
