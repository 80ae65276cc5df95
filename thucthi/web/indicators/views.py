"""Plan indicator pages: the province dashboard, one target's page with its chart, the data-entry
grid, the unit head's review queue and the assessment form with its cause-and-remedy gate."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from thucthi.accounts.policy import Action, PermissionDenied, can, plan_areas, require
from thucthi.core import clock, numbers
from thucthi.core.errors import DomainError
from thucthi.indicators import selectors, services
from thucthi.indicators.models import (
    ActualState,
    DataStatus,
    Plan,
    Status,
    Target,
)
from thucthi.indicators.periods import reporting_period
from thucthi.web.common import current_user
from thucthi.web.indicators.forms import IndicatorForm, PlanForm, TargetForm

STATUS_ORDER = [Status.OFF_TRACK, Status.AT_RISK, Status.ON_TRACK, Status.ACHIEVED_EARLY]


# --- charts (server-drawn SVG: no script, no CDN, readable by screen readers through tables) ---


@dataclass(frozen=True)
class Scale:
    x0: int
    x1: int
    y0: float
    y1: float
    left: float
    right: float
    top: float
    bottom: float

    def x(self, year: float) -> float:
        span = (self.x1 - self.x0) or 1
        return round(self.left + (year - self.x0) / span * (self.right - self.left), 1)

    def y(self, value: float) -> float:
        span = (self.y1 - self.y0) or 1
        return round(self.bottom - (value - self.y0) / span * (self.bottom - self.top), 1)


def _scale(years: list[int], values: list[float], *, width: float, height: float, pad: float) -> Scale:
    lo, hi = min(values), max(values)
    margin = (hi - lo) * 0.1 or abs(hi) * 0.1 or 1.0
    return Scale(min(years), max(years), lo - margin, hi + margin, pad * 4, width - pad, pad, height - pad * 2)


def sparkline(years: dict[int, Decimal], target: Target) -> dict[str, Any] | None:
    if not years:
        return None
    values = [float(v) for v in years.values()]
    goal = [float(x) for x in (target.value, target.low, target.high) if x is not None]
    s = _scale([*years, target.year], values + goal, width=120, height=28, pad=2)
    s = Scale(s.x0, s.x1, s.y0, s.y1, 2, 118, 3, 25)
    points = " ".join(f"{s.x(y)},{s.y(float(v))}" for y, v in years.items())
    last_year, last = list(years.items())[-1]
    return {"points": points, "last_x": s.x(last_year), "last_y": s.y(float(last)),
            "goal_x": s.x(target.year), "goal_y": s.y(goal[0]) if goal else None}


def chart(target: Target, annual: list[tuple[int, float]], latest: tuple[float, float, str] | None) -> dict[str, Any]:
    """Actuals, the target (a line or a band), the plan's yearly path and the forecast with its range."""
    years = [target.baseline_year, target.year] + [y for y, _ in annual]
    values = [float(target.baseline_value)] + [v for _, v in annual]
    values += [float(x) for x in (target.value, target.low, target.high, target.projected, target.projected_low, target.projected_high) if x is not None]
    trajectory = [(p.year, float(p.value)) for p in target.trajectory.all()]
    values += [v for _, v in trajectory]
    if latest:
        values.append(latest[1])
    s = _scale(years, values, width=640, height=280, pad=12)
    ticks_y = [s.y0 + (s.y1 - s.y0) * i / 4 for i in range(5)]
    out: dict[str, Any] = {
        "width": 640, "height": 280,
        "x_ticks": [{"x": s.x(y), "label": y} for y in range(s.x0, s.x1 + 1)],
        "y_ticks": [{"y": s.y(v), "label": v} for v in ticks_y],
        "left": s.left, "right": s.right, "top": s.top, "bottom": s.bottom,
        "actual": [{"x": s.x(y), "y": s.y(v), "year": y, "value": v} for y, v in [(target.baseline_year, float(target.baseline_value)), *annual]],
        "trajectory": " ".join(f"{s.x(y)},{s.y(v)}" for y, v in [(target.baseline_year, float(target.baseline_value)), *trajectory]) if trajectory else "",
    }
    out["actual_line"] = " ".join(f"{p['x']},{p['y']}" for p in out["actual"])
    if target.low is not None and target.high is not None:
        out["band"] = {"y": s.y(float(target.high)), "h": round(s.y(float(target.low)) - s.y(float(target.high)), 1)}
    if target.value is not None:
        out["goal_y"] = s.y(float(target.value))
    if target.projected is not None:
        last_x, last_y = (out["actual"][-1]["x"], out["actual"][-1]["y"])
        out["forecast"] = {"x0": last_x, "y0": last_y, "x": s.x(target.year), "y": s.y(float(target.projected)),
                           "lo": s.y(float(target.projected_low if target.projected_low is not None else target.projected)),
                           "hi": s.y(float(target.projected_high if target.projected_high is not None else target.projected))}
    if latest:
        out["latest"] = {"x": s.x(latest[0]), "y": s.y(latest[1]), "label": latest[2]}
    return out


# --- pages ---------------------------------------------------------------------------------------


def _plan_from(request: HttpRequest) -> Plan | None:
    plan_id = request.GET.get("plan", "")
    if plan_id.isdigit():
        plan = selectors.plan_get(int(plan_id))
        if plan is None:
            raise Http404
        return plan
    return selectors.plan_latest()


def dashboard(request: HttpRequest) -> HttpResponse:
    """A province's plan: every target with its status, trend, target and forecast."""
    require(request.user, Action.INDICATOR_VIEW)
    plan = _plan_from(request)
    rows = selectors.dashboard(plan) if plan else []
    counts = selectors.status_counts(rows)
    wanted = request.GET.get("status", "")
    shown = [r for r in rows if not wanted or (r.target.status or "none") == wanted]
    summary = [{"key": s.value, "label": s.label, "count": counts.get(s.value, 0)} for s in STATUS_ORDER]
    summary.append({"key": "none", "label": "Chưa xếp loại", "count": counts.get("none", 0)})
    return render(request, "web/indicators/dashboard.html", {
        "plan": plan, "plans": selectors.plan_choices(),
        "rows": [{"row": r, "spark": sparkline(r.years, r.target)} for r in shown], "summary": summary, "wanted": wanted,
        "total": len(rows),
        "may_enter": can(request.user, Action.ACTUAL_ENTER), "may_review": can(request.user, Action.ACTUAL_APPROVE),
        "may_manage": can(request.user, Action.PLAN_MANAGE),
    })


def _target(pk: int) -> Target:
    target = selectors.target_get(pk)
    if target is None:
        raise Http404
    return target


def target_page(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.INDICATOR_VIEW)
    target = _target(pk)
    ind, area = target.indicator, target.plan.area
    rows = selectors.series(ind, area)
    annual = [(a.year, float(a.value)) for a in rows if a.months == 12 and target.baseline_year < a.year <= target.year]
    # The year so far (a flow's total since January, a level's latest figure), drawn in its year.
    latest = None
    so_far = services.history_for(target).year_to_date
    if so_far is not None and so_far[0] not in dict(annual):
        year, months, value = so_far
        label = f"{months} tháng năm {year}" + (" (lũy kế)" if ind.kind == "flow" else "")
        latest = (year - 1 + months / 12, value, label)
    approvals = selectors.aggregate_approvals(ind, area)
    today_series = selectors.today_series(ind, area, on=clock.today())
    # Drafts only to those who may write them, as the API shows them (`selectors.visible_assessments`).
    assessments = selectors.target_assessments(request.user, target)
    return render(request, "web/indicators/target.html", {
        "target": target, "indicator": ind, "area": area, "rows": rows, "chart": chart(target, annual, latest),
        "approvals": approvals, "today_series": today_series, "assessments": assessments,
        "may_assess": can(request.user, Action.ASSESSMENT_WRITE, area),
        "may_sign": can(request.user, Action.AGGREGATE_APPROVE, area),
    })


@login_required
@require_POST
def sign_aggregate(request: HttpRequest, pk: int) -> HttpResponse:
    """The province's office signs off the figure it publishes for one period."""
    user = current_user(request)
    target = _target(pk)
    try:
        services.aggregate_approve(actor=user, indicator=target.indicator, area=target.plan.area, period=request.POST.get("period", ""))
        messages.success(request, "Đã phê duyệt số liệu tổng hợp của tỉnh cho kỳ này.")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("indicator-target", pk=pk)


# --- data entry ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def entry_grid(request: HttpRequest) -> HttpResponse:
    """One unit, one period, every indicator the user reports: type, Enter to go down, save once."""
    user = current_user(request)
    if not can(user, Action.ACTUAL_ENTER):
        raise PermissionDenied
    units = selectors.entry_units(user)
    source = request.POST if request.method == "POST" else request.GET
    unit_id = source.get("unit", "")
    period_key = source.get("period") or f"{clock.today().year - 1}"
    error, warnings = "", []
    try:
        period = reporting_period(period_key)
    except DomainError as exc:
        error, period = exc.message, reporting_period(str(clock.today().year - 1))
    # Unless the user chose one, the unit is the first that existed in the period (a 2020 figure
    # goes to the province of 2020, not to the one formed by the 2025 merger).
    unit = next((u for u in units if str(u.pk) == unit_id), None) or next(
        (u for u in units if u.is_valid_between(period.first_day, period.last_day)), units[0] if units else None)
    indicators = selectors.entry_indicators(user, unit) if unit else []
    existing = selectors.unit_period_actuals(unit, period.key) if unit else {}
    typed: dict[int, dict[str, str]] = {}
    row_errors: dict[int, str] = {}
    entries: list[services.Entry] = []
    if request.method == "POST" and unit is not None and not error:
        # Every row is read and checked before anything is saved, so every typed value comes back
        # and every wrong one is named next to its field, not only the first.
        for ind in indicators:
            raw = {k: request.POST.get(f"{k}-{ind.pk}", "").strip() for k in ("value", "status", "source", "note")}
            typed[ind.pk] = raw
            if not raw["value"]:
                continue
            try:
                value = numbers.parse_value(raw["value"], label=f"“{ind.name}”")
            except DomainError as exc:
                row_errors[ind.pk] = exc.message
                continue
            entries.append(services.Entry(ind, value, raw["status"] or DataStatus.ESTIMATE, raw["source"], raw["note"]))
        if row_errors:
            error = f"{len(row_errors)} giá trị chưa đúng, chưa lưu số liệu nào; xem ghi chú dưới từng ô." if len(row_errors) > 1 \
                else "Một giá trị chưa đúng, chưa lưu số liệu nào; xem ghi chú dưới ô đó."
    if request.method == "POST" and unit is not None and not error:
        try:
            saved = services.actuals_enter(actor=user, unit=unit, period=period.key, entries=entries, confirm=request.POST.get("confirm") == "1")
            messages.success(request, f"Đã lưu {len(saved)} số liệu của {unit} kỳ {period.label}; chờ lãnh đạo đơn vị duyệt.")
            return redirect(f"{reverse('indicator-entry')}?unit={unit.pk}&period={period.key}")
        except services.NeedsConfirmation as exc:
            warnings = exc.warnings
        except DomainError as exc:
            error = exc.message
    rows = []
    for ind in indicators:
        a = existing.get(ind.pk)
        t = typed.get(ind.pk, {})
        rows.append({
            "indicator": ind, "actual": a,
            "value": t.get("value", numbers.plain_value(a.value) if a else ""), "status": t.get("status") or (a.data_status if a else DataStatus.ESTIMATE),
            "source": t.get("source", a.source if a else ""), "note": t.get("note", a.note if a else ""),
            "error": row_errors.get(ind.pk, ""),
        })
    return render(request, "web/indicators/entry.html", {
        "units": units, "unit": unit, "period": period, "period_key": period_key if error else period.key, "rows": rows,
        "error": error, "warnings": warnings, "statuses": DataStatus.choices,
        "year_choices": list(range(clock.today().year, 2014, -1)),
    })




@login_required
@require_http_methods(["GET", "POST"])
def review_queue(request: HttpRequest) -> HttpResponse:
    """The unit head's queue: figures their unit entered, to approve or return."""
    user = current_user(request)
    if not can(user, Action.ACTUAL_APPROVE):
        raise PermissionDenied
    if request.method == "POST":
        actual = selectors.actual_get(int(request.POST.get("actual", "0") or 0))
        if actual is None:
            raise Http404
        approve = request.POST.get("decision") == "approve"
        try:
            services.actual_review(actor=user, actual=actual, approve=approve, note=request.POST.get("note", ""))
            messages.success(request, "Đã duyệt số liệu." if approve else "Đã trả lại số liệu để đơn vị sửa.")
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("indicator-review")
    pending = selectors.pending_review(user)
    return render(request, "web/indicators/review.html", {"pending": list(pending[:500])})


# --- assessment ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def assessment_form(request: HttpRequest, pk: int) -> HttpResponse:
    """Assess a target at a period: the forecast gives the status; behind schedule, the form
    needs the cause and remedies (owner, due date), and each remedy becomes a task."""
    user = current_user(request)
    target = _target(pk)
    require(user, Action.ASSESSMENT_WRITE, target.plan.area)
    as_of = (request.POST if request.method == "POST" else request.GET).get("as_of") or target.as_of or str(target.year)
    error = ""
    try:
        period = reporting_period(as_of)
        outlook = services.outlook(target, up_to=period.key)
    except DomainError as exc:
        error, outlook = exc.message, None
    # Remedies go to today's units: those of whoever holds the plan area's duties now.
    owners = selectors.remedy_owners(target.plan.area, on=clock.today())
    remedies_typed = []
    if request.method == "POST":
        remedies = []
        for i in range(1, 4):
            text = request.POST.get(f"remedy-{i}-text", "").strip()
            owner = request.POST.get(f"remedy-{i}-owner", "")
            due = request.POST.get(f"remedy-{i}-due", "")
            person = request.POST.get(f"remedy-{i}-person", "").strip()
            remedies_typed.append({"text": text, "owner": owner, "due": due, "person": person})
            if not (text or owner or due or person):
                continue
            try:
                due_on = dt.date.fromisoformat(due) if due else None
            except ValueError:
                error = f"Giải pháp {i}: thời hạn không hợp lệ."
                break
            owner_unit = next((u for u in owners if str(u.pk) == owner), None)
            remedies.append(services.RemedyInput(text=text, owner_unit=owner_unit, due_on=due_on, owner_name=person))
        if not error:
            try:
                assessment = services.assessment_save(
                    actor=user, target=target, as_of=as_of, summary=request.POST.get("summary", ""), cause=request.POST.get("cause", ""),
                    remedies=remedies, submit=request.POST.get("submit") == "1",
                )
                made = [r for r in assessment.remedies.all() if r.task_id]
                messages.success(request, "Đã gửi đánh giá." + (f" {len(made)} giải pháp đã thành nhiệm vụ." if made else "")
                                 if assessment.state == "submitted" else "Đã lưu dự thảo đánh giá.")
                return redirect("indicator-target", pk=target.pk)
            except DomainError as exc:
                error = exc.message
    while len(remedies_typed) < 3:
        remedies_typed.append({"text": "", "owner": "", "due": "", "person": ""})
    return render(request, "web/indicators/assess.html", {
        "target": target, "indicator": target.indicator, "as_of": as_of, "outlook": outlook, "error": error,
        "owners": owners, "remedies": [{"n": i, **r} for i, r in enumerate(remedies_typed, start=1)],
        "summary": request.POST.get("summary", ""), "cause": request.POST.get("cause", ""),
        "behind": bool(outlook and outlook.status in services.BEHIND),
        "status_label": dict(Status.choices).get(outlook.status, "") if outlook else "",
        "periods": [p for y in range(target.plan.start_year, target.plan.end_year + 1) for p in (f"{y}-H1", str(y))],
        "approved_units": ActualState.APPROVED,
    })


# --- definitions, plans and targets (the People's Committee office) ------------------------------


def _office_areas(user: Any) -> list[int] | None:
    """Provinces an office may plan for (`policy.plan_areas`): its own (and those it took over);
    all for the administrator."""
    areas = plan_areas(user)
    return sorted(areas) if areas is not None else None


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require(user, Action.PLAN_MANAGE)
    areas = _office_areas(user)
    return render(request, "web/indicators/manage.html", {
        "plans": selectors.plan_choices(areas), "indicators": selectors.indicator_list(),
    })


def _form_page(request: HttpRequest, form: Any, title: str, button: str) -> HttpResponse:
    return render(request, "web/indicators/form.html", {"form": form, "title": title, "button": button})


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = current_user(request)
    require(user, Action.PLAN_MANAGE)
    existing = selectors.indicator_get(pk) if pk else None
    if pk and existing is None:
        raise Http404
    if existing is not None and not can(user, Action.PLAN_MANAGE, existing):
        raise PermissionDenied("Chỉ tiêu này do đơn vị của tỉnh khác báo cáo.")
    initial = {f: getattr(existing, f) for f in IndicatorForm.base_fields} if existing else {"scale": "1", "method": "linear"}
    form = IndicatorForm(request.POST or None, initial=initial, areas=_office_areas(user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        code = data.pop("code")
        if existing is None and selectors.indicator_code_taken(code):
            form.add_error("code", "Mã chỉ tiêu này đã có.")
        else:
            data["scale"] = data["scale"] or Decimal(1)
            try:
                ind = services.indicator_save(actor=user, code=existing.code if existing else code, **data)
                messages.success(request, f"Đã lưu chỉ tiêu “{ind.name}”.")
                return redirect("indicator-manage")
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return _form_page(request, form, "Sửa chỉ tiêu" if existing else "Khai báo chỉ tiêu", "Lưu chỉ tiêu")


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require(user, Action.PLAN_MANAGE)
    form = PlanForm(request.POST or None, areas=_office_areas(user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            plan = services.plan_create(actor=user, **data)
            messages.success(request, f"Đã tạo “{plan.name}”; hãy thêm các mục tiêu.")
            return redirect("indicator-target-new", pk=plan.pk)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return _form_page(request, form, "Tạo kế hoạch", "Tạo kế hoạch")


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Add or change a plan's target for one indicator (the indicator chosen in the form)."""
    user = current_user(request)
    plan = selectors.plan_get(pk)
    if plan is None:
        raise Http404
    require(user, Action.PLAN_MANAGE)
    if not can(user, Action.PLAN_MANAGE, plan.area):
        raise PermissionDenied("Kế hoạch này không thuộc tỉnh của bạn.")
    initial: dict[str, Any] = {"baseline_year": plan.start_year - 1, "year": plan.end_year}
    existing = selectors.target_for(plan, request.GET.get("indicator") or 0)
    if existing is not None:
        initial = {f: getattr(existing, f) for f in TargetForm.base_fields if f != "trajectory"}
        initial["trajectory"] = "; ".join(f"{p.year}: {numbers.plain_value(p.value)}" for p in existing.trajectory.all())
    form = TargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        indicator, trajectory = data.pop("indicator"), data.pop("trajectory")
        try:
            services.target_set(actor=user, plan=plan, indicator=indicator, trajectory=trajectory, **data)
            messages.success(request, f"Đã lưu mục tiêu “{indicator.name}”.")
            return redirect(f"{reverse('indicator-dashboard')}?plan={plan.pk}")
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
    return _form_page(request, form, f"Mục tiêu của {plan.name}", "Lưu mục tiêu")
