"""Writes on plan indicators: definitions, plans and targets, actuals and their approval, the
province's sign-off, assessments with their cause-and-remedy gate, and remedies turned into tasks.

Every write checks the policy, refuses bad input with a Vietnamese `DomainError` before anything
is saved, runs in one transaction and leaves an audit record. Every approved actual refreshes the
forecast and status of the targets it feeds (`refresh_target`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction

from thucthi.accounts.models import User
from thucthi.accounts.policy import Action, Figure, PermissionDenied, can, issues_remedy_tasks, require
from thucthi.audit.services import audit_record, snapshot
from thucthi.core import clock
from thucthi.core.errors import DomainError
from thucthi.core.numbers import format_figure as _fmt
from thucthi.indicators import forecast as fc
from thucthi.indicators.aggregation import NotComparable, aggregate, series_in_today_structure
from thucthi.indicators.models import (
    Actual,
    ActualState,
    AggregateApproval,
    Assessment,
    AssessmentState,
    DataStatus,
    Indicator,
    Kind,
    Method,
    Plan,
    Remedy,
    Status,
    Target,
)
from thucthi.indicators.notify import figure_reviewed, figures_entered
from thucthi.indicators.periods import period_key, reporting_period
from thucthi.orgs.models import Person, Unit, UnitKind
from thucthi.orgs.selectors import unit_duty_holders
from thucthi.orgs.services import person_create
from thucthi.tasks import services as task_services
from thucthi.tasks.models import ProductKind

# What the audit records keep of each row, before and after a change.
ACTUAL_FIELDS = ["indicator_id", "unit_id", "period", "value", "data_status", "source", "note", "state"]
TARGET_FIELDS = ["plan_id", "indicator_id", "baseline_year", "baseline_value", "year", "value", "low", "high", "average", "text",
                 "method", "manual_estimate", "manual_reason", "source"]
APPROVAL_FIELDS = ["indicator_id", "area_id", "period", "value", "how", "approved_by_id"]
ASSESSMENT_FIELDS = ["target_id", "as_of", "status", "projected", "summary", "cause", "state", "submitted_by_id", "submitted_on"]
REMEDY_FIELDS = ["assessment_id", "text", "owner_unit_id", "owner_person_id", "due_on", "task_id"]


class NeedsConfirmation(DomainError):
    """The figure is allowed but unusual: the person entering it must confirm it."""

    def __init__(self, warnings: list[str]) -> None:
        super().__init__(" ".join(warnings))
        self.warnings = warnings


def thresholds() -> fc.Thresholds:
    return fc.thresholds_from_mapping(settings.INDICATOR_THRESHOLDS)


def target_snapshot(target: Target) -> dict[str, Any]:
    """A target as the audit keeps it: its fields and its year-by-year trajectory."""
    return {**snapshot(target, TARGET_FIELDS), "trajectory": {str(p.year): str(p.value) for p in target.trajectory.order_by("year")}}


def assessment_snapshot(assessment: Assessment) -> dict[str, Any]:
    """An assessment as the audit keeps it: its fields and its remedies."""
    return {**snapshot(assessment, ASSESSMENT_FIELDS),
            "remedies": [snapshot(r, REMEDY_FIELDS) for r in assessment.remedies.order_by("pk")]}


# --- definitions -------------------------------------------------------------------------------


@transaction.atomic
def indicator_save(*, actor: User | None, code: str, **fields: Any) -> Indicator:
    if actor is not None:
        require(actor, Action.PLAN_MANAGE)
    code = code.strip().upper()
    if not code:
        raise DomainError("Cần mã chỉ tiêu.", field="code")
    ind = Indicator.objects.select_for_update().filter(code=code).first()
    before = snapshot(ind) if ind is not None else None
    if ind is None:
        ind = Indicator(code=code, **fields)
    else:
        # An office edits the definitions its province reports (before the change and after it).
        if actor is not None:
            require(actor, Action.PLAN_MANAGE, ind)
        if all(getattr(ind, k) == v for k, v in fields.items()):
            return ind  # nothing changed (1 == 1.0000): no write, no audit record
        for k, v in fields.items():
            setattr(ind, k, v)
    if actor is not None:
        require(actor, Action.PLAN_MANAGE, ind)
    _check_indicator(ind)
    ind.save()
    audit_record(actor=actor, action="indicators.indicator.save", obj=ind, before=before, after=snapshot(ind))
    return ind


def _check_indicator(ind: Indicator) -> None:
    if ind.kind == Kind.RANK and ind.merge_rule != "none":
        raise DomainError("Chỉ tiêu thứ hạng không cộng gộp được: quy tắc khi sáp nhập phải là “không so sánh được”.", field="merge_rule")
    if ind.merge_rule == "recompute" and (ind.numerator_id is None or ind.denominator_id is None):
        raise DomainError("Quy tắc “tính lại” cần chỉ tiêu tử số và mẫu số.", field="merge_rule")
    if ind.min_value is not None and ind.max_value is not None and ind.min_value > ind.max_value:
        raise DomainError("Giá trị nhỏ nhất lớn hơn giá trị lớn nhất.", field="min_value")


@transaction.atomic
def plan_create(*, actor: User | None, **fields: Any) -> Plan:
    """A new plan of an area (the unique constraint on area, kind and years settles a race)."""
    if actor is not None:
        require(actor, Action.PLAN_MANAGE, fields.get("area"))
    if fields["end_year"] < fields["start_year"]:
        raise DomainError("Năm kết thúc trước năm bắt đầu.", field="end_year")
    if Plan.objects.filter(area=fields["area"], kind=fields["kind"], start_year=fields["start_year"], end_year=fields["end_year"]).exists():
        raise DomainError("Địa bàn này đã có kế hoạch cùng loại cho giai đoạn đó.", field="start_year")
    plan = Plan.objects.create(**fields)
    audit_record(actor=actor, action="indicators.plan.create", obj=plan, before=None, after=snapshot(plan))
    return plan


@transaction.atomic
def target_set(*, actor: User | None, plan: Plan, indicator: Indicator, trajectory: dict[int, Decimal] | None = None,
               **fields: Any) -> Target:
    if actor is not None:
        require(actor, Action.PLAN_MANAGE, plan.area)
    year, baseline_year = fields["year"], fields["baseline_year"]
    if not baseline_year < year:
        raise DomainError("Năm mục tiêu phải sau năm gốc.", field="year")
    if not plan.start_year - 1 <= baseline_year <= plan.end_year or not plan.start_year <= year <= plan.end_year:
        raise DomainError(f"Năm gốc và năm mục tiêu phải thuộc giai đoạn {plan.start_year}-{plan.end_year} của kế hoạch.", field="year")
    if indicator.direction == "band":
        if fields.get("low") is None or fields.get("high") is None or fields["low"] > fields["high"]:
            raise DomainError("Chỉ tiêu theo khoảng cần cận dưới ≤ cận trên.", field="low")
    elif fields.get("value") is None:
        raise DomainError("Cần giá trị mục tiêu.", field="value")
    target = Target.objects.select_for_update().filter(plan=plan, indicator=indicator).first()
    before = target_snapshot(target) if target is not None else None
    if target is None:
        target = Target(plan=plan, indicator=indicator)
    for k, v in fields.items():
        setattr(target, k, v)
    target.save()
    if trajectory is not None:
        target.trajectory.all().delete()
        for y, v in sorted(trajectory.items()):
            if not baseline_year < y <= year:
                raise DomainError(f"Lộ trình năm {y} nằm ngoài giai đoạn mục tiêu.", field="trajectory")
            target.trajectory.create(year=y, value=v)
    audit_record(actor=actor, action="indicators.target.set", obj=target, before=before, after=target_snapshot(target))
    refresh_target(target, actor=actor)
    return target


# --- actuals -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    indicator: Indicator
    value: Decimal
    data_status: str = DataStatus.ESTIMATE
    source: str = ""
    note: str = ""


def _previous_year_value(indicator: Indicator, unit: Unit, period: str) -> Decimal | None:
    p = reporting_period(period)
    key = str(p.year - 1) + period[4:]
    row = Actual.objects.filter(indicator=indicator, unit=unit, period=key).values_list("value", flat=True).first()
    return row


def check_entry(indicator: Indicator, unit: Unit, period: str, value: Decimal) -> list[str]:
    """Refuse what cannot be true (DomainError); return the warnings that need a confirmation."""
    if indicator.min_value is not None and value < indicator.min_value:
        raise DomainError(f"“{indicator.name}”: {_fmt(value)} nhỏ hơn mức tối thiểu {_fmt(indicator.min_value)} {indicator.measure}.")
    if indicator.max_value is not None and value > indicator.max_value:
        raise DomainError(f"“{indicator.name}”: {_fmt(value)} vượt mức tối đa {_fmt(indicator.max_value)} {indicator.measure}.")
    warnings: list[str] = []
    if indicator.yoy_warn_percent is not None:
        before = _previous_year_value(indicator, unit, period)
        if before:
            change = (value - before) / abs(before) * 100
            if abs(change) > indicator.yoy_warn_percent:
                warnings.append(
                    f"“{indicator.name}” {'tăng' if change > 0 else 'giảm'} {_fmt(abs(change))}% so với cùng kỳ năm trước "
                    f"({_fmt(before)} → {_fmt(value)}), vượt ngưỡng {_fmt(indicator.yoy_warn_percent)}%: hãy kiểm tra và xác nhận."
                )
    return warnings


def _check_shares(unit: Unit, period: str, values: dict[int, Decimal], indicators: Iterable[Indicator]) -> None:
    groups = {i.share_group for i in indicators if i.share_group}
    for group in groups:
        members = list(Indicator.objects.filter(share_group=group))
        stored = dict(Actual.objects.filter(indicator__in=members, unit=unit, period=period).values_list("indicator_id", "value"))
        current = {m.pk: values.get(m.pk, stored.get(m.pk)) for m in members}
        if any(v is None for v in current.values()):
            continue  # the group is not complete yet
        total = sum((v for v in current.values() if v is not None), Decimal(0))
        if abs(total - 100) > Decimal("0.5"):
            names = ", ".join(m.name for m in members)
            raise DomainError(f"Cơ cấu “{group}” ({names}) cộng lại {_fmt(total)}%, không phải 100%.")


@transaction.atomic
def actuals_enter(*, actor: User | None, unit: Unit, period: str, entries: list[Entry], confirm: bool = False) -> list[Actual]:
    """Enter (or correct) the figures of one unit for one period, all or nothing. A corrected
    figure goes back to the unit head for approval."""
    p = reporting_period(period)
    if p.cutoff_start > clock.today():
        raise DomainError(f"Kỳ {p.label} chưa bắt đầu: chưa thể nhập số liệu.", field="period")
    if not entries:
        raise DomainError("Chưa nhập số liệu nào.")
    if not unit.is_valid_between(p.first_day, p.last_day):
        # Figures are entered for the unit of their day: a 2020 figure typed for the province formed
        # in 2025 would never reach the 2016–2020 plan's dashboard; it belongs to the unit of 2020.
        raise DomainError(f"{unit} không hoạt động trong {p.label[:1].lower()}{p.label[1:]}: hãy nhập số liệu cho đơn vị của kỳ đó.", field="unit")
    # Who may enter is decided before anything else: an unchanged figure must not answer "saved"
    # to someone who may not enter it (nor tell them it matches what is stored).
    if actor is not None:
        require(actor, Action.ACTUAL_ENTER)
        for e in entries:
            if not can(actor, Action.ACTUAL_ENTER, Figure(e.indicator, unit)):
                raise PermissionDenied(f"Đơn vị của bạn không báo cáo “{e.indicator.name}” cho {unit}.")
    # Locked from here: what is compared with the entries is what gets changed.
    stored = {a.indicator_id: a for a in Actual.objects.select_for_update()
              .filter(unit=unit, period=p.key, indicator__in=[e.indicator for e in entries])}

    def unchanged(e: Entry) -> bool:
        a = stored.get(e.indicator.pk)
        return (a is not None and a.state != ActualState.RETURNED
                and (a.value, a.data_status, a.source, a.note) == (e.value, e.data_status, e.source.strip(), e.note.strip()))

    # A grid sends every row; only changes count (and a returned figure sent again is resubmitted).
    entries = [e for e in entries if not unchanged(e)]
    if not entries:
        return []
    warnings: list[str] = []
    for e in entries:
        if e.data_status not in DataStatus.values:
            raise DomainError(f"“{e.indicator.name}”: mức độ số liệu “{e.data_status}” không hợp lệ.")
        warnings += check_entry(e.indicator, unit, p.key, e.value)
    _check_shares(unit, p.key, {e.indicator.pk: e.value for e in entries}, [e.indicator for e in entries])
    if warnings and not confirm:
        raise NeedsConfirmation(warnings)
    saved: list[Actual] = []
    now = clock.now()
    for e in entries:
        actual = stored.get(e.indicator.pk)
        before = snapshot(actual, ACTUAL_FIELDS) if actual else None
        if actual is None:
            actual = Actual(indicator=e.indicator, unit=unit, period=p.key, year=p.year, month_end=p.month_end, months=p.months)
        else:
            actual.version += 1
        actual.value, actual.data_status, actual.source, actual.note = e.value, e.data_status, e.source.strip(), e.note.strip()
        actual.state, actual.entered_by, actual.entered_at = ActualState.ENTERED, actor, now
        actual.reviewed_by, actual.reviewed_at, actual.review_note = None, None, ""
        actual.save()
        audit_record(actor=actor, action="indicators.actual.enter", obj=actual, before=before, after=snapshot(actual, ACTUAL_FIELDS))
        saved.append(actual)
    if any(a.is_sample for a in saved):
        Actual.objects.filter(pk__in=[a.pk for a in saved]).update(is_sample=False)
    _refresh_for(unit, [e.indicator for e in entries], actor)  # a corrected figure no longer counts until approved
    figures_entered(actor, saved)
    return saved


@transaction.atomic
def actual_review(*, actor: User | None, actual: Actual, approve: bool, note: str = "") -> Actual:
    actual = Actual.objects.select_for_update().select_related("indicator", "unit").get(pk=actual.pk)
    if actor is not None:
        require(actor, Action.ACTUAL_APPROVE)
        if not can(actor, Action.ACTUAL_APPROVE, Figure(actual.indicator, actual.unit)):
            raise PermissionDenied("Chỉ lãnh đạo đơn vị báo cáo chỉ tiêu này mới duyệt được số liệu.")
    if actual.state != ActualState.ENTERED:
        raise DomainError("Số liệu này không ở trạng thái chờ duyệt.")
    if not approve and not note.strip():
        raise DomainError("Trả lại cần nêu lý do.", field="note")
    before = snapshot(actual, ACTUAL_FIELDS)
    actual.state = ActualState.APPROVED if approve else ActualState.RETURNED
    actual.reviewed_by, actual.reviewed_at, actual.review_note = actor, clock.now(), note.strip()
    actual.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_note"])
    audit_record(actor=actor, action="indicators.actual.review", obj=actual, before=before, after=snapshot(actual, ACTUAL_FIELDS))
    _refresh_for(actual.unit, [actual.indicator], actor)
    figure_reviewed(actor, actual)
    return actual


@transaction.atomic
def aggregate_approve(*, actor: User | None, indicator: Indicator, area: Unit, period: str) -> AggregateApproval:
    """The province signs off its figure: its own approved figure where it has one, otherwise
    the combination of its communes' approved figures by the indicator's rule."""
    if actor is not None:
        require(actor, Action.AGGREGATE_APPROVE, area)
    p = reporting_period(period)
    own = Actual.objects.filter(indicator=indicator, unit=area, period=p.key).first()
    if own is not None and own.state != ActualState.APPROVED:
        raise DomainError("Số liệu của tỉnh cho kỳ này chưa được lãnh đạo đơn vị báo cáo duyệt.")
    if own is not None:
        value, how = own.value, f"Số liệu do {indicator.reporting_unit or 'đơn vị báo cáo'} báo cáo, đã được duyệt."
    else:
        children = list(Unit.objects.filter(parent=area, kind=UnitKind.COMMUNE).values_list("pk", flat=True))
        if not children:
            raise DomainError("Chưa có số liệu của tỉnh cho kỳ này.")
        try:
            total, reported = aggregate(indicator, children, [p.key])[p.key]
        except NotComparable as e:
            raise DomainError(str(e)) from None
        if total is None:
            raise DomainError(f"Mới có {reported}/{len(children)} xã, phường có số liệu được duyệt: chưa tổng hợp được.")
        value, how = total, f"Tổng hợp từ {len(children)} xã, phường theo quy tắc “{indicator.get_merge_rule_display()}”."
    approval = AggregateApproval.objects.select_for_update().filter(indicator=indicator, area=area, period=p.key).first()
    before = snapshot(approval, APPROVAL_FIELDS) if approval is not None else None
    if approval is None:
        approval = AggregateApproval(indicator=indicator, area=area, period=p.key)
    approval.value, approval.how, approval.approved_by, approval.approved_at = value, how, actor, clock.now()
    approval.save()
    audit_record(actor=actor, action="indicators.aggregate.approve", obj=approval, before=before, after=snapshot(approval, APPROVAL_FIELDS))
    return approval


# --- forecast and status -----------------------------------------------------------------------


def history_for(target: Target, *, on: dt.date | None = None, up_to: str | None = None) -> fc.History:
    """The approved figures a forecast may use: full years, the current year so far, and past
    years' months (for the within-year profile)."""
    series = series_in_today_structure(target.indicator, target.plan.area, on=on or clock.today())
    limit = reporting_period(up_to) if up_to else None
    years: dict[int, float] = {}
    sub: dict[int, list[tuple[int, int, float]]] = {}
    for key, value in series.points.items():
        p = reporting_period(key)
        if limit is not None and (p.year, p.month_end) > (limit.year, limit.month_end):
            continue
        if p.is_year:
            years[p.year] = float(value)
        else:
            sub.setdefault(p.year, []).append((p.month_end, p.months, float(value)))
    monthly: dict[int, list[float]] = {}
    flow = target.indicator.kind == Kind.FLOW
    for year, parts in sub.items():
        months = {m: v for m, n, v in parts if n == 1}
        if len(months) == 12:
            monthly[year] = [months[m] for m in range(1, 13)]
            if year not in years:
                years[year] = sum(monthly[year]) if flow else months[12]
    ytd: tuple[int, int, float] | None = None
    open_years = sorted(y for y in sub if y not in years)
    if open_years:
        year = open_years[-1]
        so_far = _year_to_date(sub[year], flow=flow)
        ytd = (year, so_far[0], so_far[1]) if so_far else None
    manual = (float(target.manual_estimate), target.manual_reason) if target.manual_estimate is not None else None
    return fc.History(annual=years, year_to_date=ytd, monthly=monthly, manual=manual)


def _year_to_date(parts: list[tuple[int, int, float]], *, flow: bool) -> tuple[int, float] | None:
    """(months elapsed, value so far) from the sub-year figures of one year: the longest covered
    stretch from January, built from halves, quarters or months (for a flow, their sum)."""
    if not flow:
        m, _n, v = max(parts, key=lambda t: (t[0], -t[1]))
        return m, v
    best: tuple[int, float] | None = None
    by_end: dict[int, list[tuple[int, float]]] = {}
    for m, n, v in parts:
        by_end.setdefault(m, []).append((n, v))
    # covered[m] = cumulative value from January to the end of month m, where it can be built.
    covered: dict[int, float] = {0: 0.0}
    for m in range(1, 13):
        for n, v in sorted(by_end.get(m, []), key=lambda t: -t[0]):
            if m - n in covered:
                covered[m] = covered[m - n] + v
                break
    if len(covered) > 1:
        m = max(covered)
        best = (m, covered[m])
    return best


def fc_label(method: fc.Method) -> str:
    return str(Method(method.value).label)


def spec_of(target: Target) -> fc.TargetSpec:
    def f(x: Decimal | None) -> float | None:
        return float(x) if x is not None else None

    return fc.TargetSpec(
        baseline_year=target.baseline_year, baseline_value=float(target.baseline_value), year=target.year,
        value=f(target.value), low=f(target.low), high=f(target.high), average=target.average,
    )


@dataclass(frozen=True)
class Outlook:
    status: str
    forecast: fc.Forecast
    as_of: str


def outlook(target: Target, *, up_to: str | None = None) -> Outlook | None:
    """The forecast and status of a target from the approved figures (up to a period)."""
    history = history_for(target, up_to=up_to)
    if not history.annual and history.year_to_date is None:
        return None
    ind = target.indicator
    direction, kind = fc.Direction(ind.direction), fc.Kind(ind.kind)
    chosen = fc.Method(target.effective_method)
    spec = spec_of(target)
    result = fc.forecast(chosen, spec, history, direction=direction, kind=kind)
    if not result.usable and chosen is not fc.Method.MANUAL:
        # The chosen method cannot run on these figures yet: fall back, and say so.
        for other in (fc.Method.LINEAR, fc.Method.GROWTH_RATIO):
            alt = fc.forecast(other, spec, history, direction=direction, kind=kind) if other is not chosen else result
            if alt.usable:
                note = f"{fc_label(chosen)} chưa dùng được ({result.reason}); dùng {fc_label(other).lower()}: "
                result = replace(alt, explanation=note + alt.explanation)
                break
    last_year = max([*history.annual, *([history.year_to_date[0]] if history.year_to_date else [])])
    try:
        status = str(fc.classify(spec, history, result, direction=direction, thresholds=thresholds(), as_of_year=last_year, kind=kind))
    except ValueError as exc:
        status, result = "", replace(result, usable=False, reason=str(exc))
    as_of = str(last_year)
    if history.year_to_date and history.year_to_date[0] == last_year:
        m = history.year_to_date[1]
        as_of = period_key(last_year, 6 if m == 6 else 3 if m % 3 == 0 else 1, m)
    return Outlook(status=status, forecast=result, as_of=as_of)


TARGET_DERIVED_FIELDS = ["status", "projected", "projected_low", "projected_high", "as_of"]


@transaction.atomic
def refresh_target(target: Target, *, actor: User | None = None) -> Target:
    """Recompute a target's forecast and status from the approved figures. A change is audited
    (`indicators.target.refresh`) in the name of whoever's figure or target moved it; a refresh
    that changes nothing writes nothing."""
    before = snapshot(target, TARGET_DERIVED_FIELDS) if target.pk is not None else None
    o = outlook(target)

    def d(x: float | None) -> Decimal | None:
        return Decimal(str(round(x, 4))) if x is not None else None

    if o is None:
        target.status, target.projected, target.projected_low, target.projected_high = "", None, None, None
        target.explanation, target.as_of = "Chưa có số liệu thực hiện được duyệt.", ""
    else:
        target.status = o.status
        target.projected, target.projected_low, target.projected_high = d(o.forecast.value), d(o.forecast.low), d(o.forecast.high)
        target.explanation = (o.forecast.explanation if o.forecast.usable else o.forecast.reason)[:500]
        target.as_of = o.as_of
    target.refreshed_at = clock.now()
    target.save(update_fields=["status", "projected", "projected_low", "projected_high", "explanation", "as_of", "refreshed_at"])
    target.refresh_from_db(fields=TARGET_DERIVED_FIELDS)
    after = snapshot(target, TARGET_DERIVED_FIELDS)
    if after != before:
        audit_record(actor=actor, action="indicators.target.refresh", obj=target, before=before, after=after)
    return target


def _refresh_for(unit: Unit, indicators: list[Indicator], actor: User | None) -> None:
    """Refresh every target an actual of `unit` feeds: plans of the unit and of its successors."""
    areas = {unit.pk} | {u.pk for u in unit_duty_holders(unit, on=clock.today())}
    for target in Target.objects.filter(indicator__in=indicators, plan__area_id__in=areas).select_related("indicator", "plan__area"):
        refresh_target(target, actor=actor)


# --- assessments, causes and remedies ----------------------------------------------------------


@dataclass(frozen=True)
class RemedyInput:
    text: str
    owner_unit: Unit | None
    due_on: dt.date | None
    owner_person: Person | None = None
    make_task: bool = True
    owner_name: str = ""  # a person named as typed: found by name, or recorded with the assessment


BEHIND = {Status.AT_RISK.value, Status.OFF_TRACK.value}


@transaction.atomic
def assessment_save(
    *, actor: User | None, target: Target, as_of: str, summary: str = "", cause: str = "",
    remedies: list[RemedyInput] | None = None, submit: bool = False, assessment: Assessment | None = None,
    status: str | None = None, on: dt.date | None = None, is_sample: bool = False,
) -> Assessment:
    """Save (and optionally submit) an assessment of a target at a period. Its status comes from
    the forecast on the figures up to that period. Submitting one that is at risk or off track
    needs a cause and at least one remedy with an owner and a due date; each remedy then becomes
    a task issued by the province's People's Committee to its owner."""
    if actor is not None:
        require(actor, Action.ASSESSMENT_WRITE, target.plan.area)
    p = reporting_period(as_of)
    if not target.plan.start_year <= p.year <= target.plan.end_year:
        raise DomainError(f"Kỳ đánh giá phải thuộc giai đoạn {target.plan.start_year}-{target.plan.end_year}.", field="as_of")
    before = None
    if assessment is not None:
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if assessment.target_id != target.pk:
            raise DomainError("Đánh giá này thuộc mục tiêu khác.")
        if assessment.state == AssessmentState.SUBMITTED:
            raise DomainError("Đánh giá này đã gửi, không sửa được nữa; hãy lập đánh giá mới.")
        before = assessment_snapshot(assessment)
    o = outlook(target, up_to=p.key)
    if status is None:
        if o is None:
            raise DomainError(f"Chưa có số liệu được duyệt đến kỳ {p.label}: chưa đánh giá được.", field="as_of")
        if not o.status:
            raise DomainError(f"Chưa xếp loại được đến kỳ {p.label}: {o.forecast.reason}", field="as_of")
        status = o.status
    remedies = remedies or []
    for i, r in enumerate(remedies, start=1):
        if not r.text.strip():
            raise DomainError(f"Giải pháp {i}: cần nội dung.", field="remedies")
        if r.owner_unit is None:
            raise DomainError(f"Giải pháp {i}: cần đơn vị chủ trì.", field="remedies")
        if r.due_on is None:
            raise DomainError(f"Giải pháp {i}: cần thời hạn.", field="remedies")
    if submit and status in BEHIND:
        missing = []
        if not cause.strip():
            missing.append("nguyên nhân")
        if not remedies:
            missing.append("ít nhất một giải pháp (đơn vị chủ trì, thời hạn)")
        if missing:
            label = Status(status).label
            raise DomainError(f"Chỉ tiêu “{label}”: phải nêu {' và '.join(missing)} trước khi gửi đánh giá.", field="cause")
    fields = {
        "as_of": p.key, "status": status, "projected": Decimal(str(round(o.forecast.value, 4))) if o and o.forecast.value is not None else None,
        "explanation": (o.forecast.explanation if o else "")[:500], "summary": summary.strip(), "cause": cause.strip(), "is_sample": is_sample,
    }
    if assessment is None:
        assessment = Assessment.objects.create(target=target, created_by=actor, **fields)
    else:
        for k, v in fields.items():
            setattr(assessment, k, v)
        assessment.save()
        assessment.remedies.filter(task__isnull=True).delete()
    made = []
    for r in remedies:
        assert r.owner_unit is not None and r.due_on is not None  # checked above
        person = r.owner_person or (_person_named(r.owner_name, actor=actor) if r.owner_name.strip() else None)
        made.append(Remedy.objects.create(assessment=assessment, text=r.text.strip(), owner_unit=r.owner_unit,
                                          owner_person=person, due_on=r.due_on))
    if submit:
        assessment.state, assessment.submitted_by, assessment.submitted_on = AssessmentState.SUBMITTED, actor, on or clock.today()
        assessment.save(update_fields=["state", "submitted_by", "submitted_on"])
        for remedy, r in zip(made, remedies, strict=True):
            if r.make_task:
                remedy_to_task(actor=actor, remedy=remedy, on=assessment.submitted_on, allow_historical=on is not None)
    audit_record(actor=actor, action="indicators.assessment.submit" if submit else "indicators.assessment.save", obj=assessment,
                 before=before, after=assessment_snapshot(assessment))
    return assessment


def _person_named(name: str, *, actor: User | None) -> Person:
    """The person a remedy names: the one already known by that name, or a new record by the user
    who names them (inside the assessment's transaction, so a refused assessment leaves no one behind)."""
    name = name.strip()[:120]
    return Person.objects.filter(full_name__iexact=name).first() or person_create(actor=actor, full_name=name)


def _committee_of(area: Unit) -> Unit:
    committee = Unit.objects.filter(area=area, kind=UnitKind.PEOPLES_COMMITTEE).order_by("pk").first()
    if committee is None:
        raise DomainError(f"Không tìm thấy Ủy ban nhân dân của {area} để giao nhiệm vụ.")
    return committee


@transaction.atomic
def remedy_to_task(*, actor: User | None, remedy: Remedy, on: dt.date | None = None, allow_historical: bool = False) -> Remedy:
    """Issue the remedy as a task of the province's People's Committee to the owner unit."""
    remedy = Remedy.objects.select_for_update().select_related("assessment__target__plan__area", "assessment__target__indicator").get(pk=remedy.pk)
    if actor is not None:
        require(actor, Action.ASSESSMENT_WRITE, remedy.assessment.target.plan.area)
    if remedy.task_id is not None:
        raise DomainError("Giải pháp này đã được giao thành nhiệm vụ.")
    before = snapshot(remedy, REMEDY_FIELDS)
    target = remedy.assessment.target
    day = on or clock.today()
    holders = unit_duty_holders(target.plan.area, on=day)
    issuer = _committee_of(holders[0] if holders else target.plan.area)
    if actor is not None and not issues_remedy_tasks(actor, issuer.pk):
        raise PermissionDenied(f"Bạn không giao nhiệm vụ thay cho “{issuer}”.")
    with clock.frozen(day):
        task = task_services.task_create(
            actor=actor, title=remedy.text, issuer=issuer, lead_unit=remedy.owner_unit, source=remedy,
            source_ref=f"Đánh giá chỉ tiêu “{target.indicator.name}” kỳ {remedy.assessment.as_of}",
            responsible=remedy.owner_person, accepting_unit=issuer,
            expected_product="Báo cáo kết quả thực hiện giải pháp và số liệu chỉ tiêu sau khi thực hiện",
            product_kind=ProductKind.REPORT, deadline=remedy.due_on, deadline_kind="date",
            allow_historical=allow_historical, issue=remedy.owner_person is not None,
        )
    remedy.task = task
    remedy.save(update_fields=["task"])
    audit_record(actor=actor, action="indicators.remedy.task", obj=remedy, before=before, after=snapshot(remedy, REMEDY_FIELDS))
    return remedy
