"""Plan indicators in the API: definitions, plans with each target's status and forecast, actuals
(entered by the reporting unit, reviewed by its head) and assessments with the cause-and-remedy gate.

Reads are public, as plans, targets and approved figures are: anonymous callers and anyone who does
not report an indicator see approved figures and submitted assessments only. Writes go through the
indicators services, which ask the policy module; a figure that is allowed but unusual (a change
from the same period last year beyond the indicator's threshold) is answered 409 with the
Vietnamese warnings, and is saved when the same request is sent again with `confirm: true`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Literal, TypeVar, overload

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from thucthi.accounts.models import User
from thucthi.accounts.policy import Action, require
from thucthi.api import errors
from thucthi.api.auth import AUTH_PUBLIC, AUTH_REQUIRED, caller
from thucthi.api.common import check_page
from thucthi.api.schemas import ErrorOut
from thucthi.core import numbers
from thucthi.core.errors import DomainError
from thucthi.indicators import models as m
from thucthi.indicators import selectors, services
from thucthi.indicators.models import Actual, Assessment, Indicator, Plan, Target, TrajectoryPoint
from thucthi.indicators.periods import reporting_period
from thucthi.orgs.models import Unit
from thucthi.orgs.selectors import person_get, unit_get

router = Router(tags=["indicators"], auth=AUTH_PUBLIC)
ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
T = TypeVar("T")

KindName = Literal["flow", "level", "ratio", "rank"]
DirectionName = Literal["higher", "lower", "band"]
MergeRuleName = Literal["sum", "recompute", "none"]
MethodName = Literal["growth_ratio", "linear", "cumulative_profile", "manual"]
StatusName = Literal["achieved_early", "on_track", "at_risk", "off_track"]
DataStatusName = Literal["estimate", "preliminary", "official"]
ActualStateName = Literal["entered", "approved", "returned"]
AssessmentStateName = Literal["draft", "submitted"]
PlanKindName = Literal["five_year", "annual"]
for _names, _choices in (
    (KindName, m.Kind), (DirectionName, m.Direction), (MergeRuleName, m.MergeRule), (MethodName, m.Method),
    (StatusName, m.Status), (DataStatusName, m.DataStatus), (ActualStateName, m.ActualState),
    (AssessmentStateName, m.AssessmentState), (PlanKindName, m.PlanKind),
):
    assert set(_names.__args__) == set(_choices.values), _choices  # type: ignore[attr-defined]


# --- schemas -------------------------------------------------------------------------------------


class UnitRefOut(Schema):
    id: int
    code: str
    name: str
    kind: str


class IndicatorRefOut(Schema):
    id: int
    code: str
    name: str
    measure: str


class IndicatorOut(Schema):
    id: int
    code: str
    name: str
    measure: str
    direction: DirectionName
    kind: KindName
    merge_rule: MergeRuleName
    method: MethodName
    decimals: int
    reporting_unit: UnitRefOut | None
    min_value: float | None
    max_value: float | None
    yoy_warn_percent: float | None
    share_group: str
    source: str
    is_sample: bool


class IndicatorPage(Schema):
    count: int
    items: list[IndicatorOut]


class TrajectoryOut(Schema):
    year: int
    value: float


class TargetOut(Schema):
    id: int
    plan_id: int
    indicator: IndicatorRefOut
    baseline_year: int
    baseline_value: float
    year: int
    value: float | None
    low: float | None
    high: float | None
    average: bool
    text: str
    method: MethodName
    status: StatusName | None = Field(description="Tình trạng theo dự báo; null khi chưa có số liệu được duyệt hoặc chưa xếp loại được")
    status_label: str
    projected: float | None = Field(description="Giá trị dự báo tại năm mục tiêu")
    projected_low: float | None
    projected_high: float | None
    explanation: str = Field(description="Cách tính dự báo, bằng tiếng Việt")
    as_of: str | None = Field(description="Kỳ số liệu mới nhất đã dùng (2020, 2020-H1, …)")
    refreshed_at: dt.datetime | None
    trajectory: list[TrajectoryOut]
    source: str
    is_sample: bool


class PlanTargetIndicatorOut(TargetOut):
    plan_name: str


class IndicatorDetailOut(IndicatorOut):
    description: str
    numerator: str | None
    denominator: str | None
    scale: float
    targets: list[PlanTargetIndicatorOut]


class LatestOut(Schema):
    period: str
    value: float
    data_status: DataStatusName


class PlanTargetOut(TargetOut):
    latest: LatestOut | None = Field(description="Số liệu được duyệt mới nhất của địa bàn kế hoạch")


class PlanOut(Schema):
    id: int
    kind: PlanKindName
    name: str
    area: UnitRefOut
    start_year: int
    end_year: int
    parent_id: int | None
    resolution_id: int | None
    resolution_number: str
    source: str
    is_sample: bool


class PlanPage(Schema):
    count: int
    items: list[PlanOut]


class PlanDetailOut(PlanOut):
    status_counts: dict[str, int] = Field(description="Số mục tiêu theo tình trạng; `none`: chưa xếp loại")
    targets: list[PlanTargetOut]


class ActualOut(Schema):
    id: int
    indicator: IndicatorRefOut
    unit: UnitRefOut
    period: str
    period_label: str
    value: float
    data_status: DataStatusName
    source: str
    note: str
    state: ActualStateName
    entered_by: str | None = Field(description="Người nhập; chỉ hiện với người đã đăng nhập")
    entered_at: dt.datetime | None
    reviewed_by: str | None
    reviewed_at: dt.datetime | None
    review_note: str
    version: int
    is_sample: bool


class ActualPage(Schema):
    count: int
    items: list[ActualOut]


class EntryIn(Schema):
    code: str = Field(description="Mã chỉ tiêu")
    value: float | str = Field(description="Số (1234.5) hoặc chuỗi viết kiểu Việt Nam (“1.234,5”)")
    data_status: DataStatusName = "estimate"
    source: str = Field("", max_length=300)
    note: str = Field("", max_length=500)


class ActualsIn(Schema):
    unit: int = Field(description="Địa bàn của số liệu (tỉnh, xã)")
    period: str = Field(description="Kỳ: 2020, 2020-H1, 2020-Q3 hoặc 2020-07")
    entries: list[EntryIn]
    confirm: bool = Field(False, description="Xác nhận các cảnh báo (409) sau khi đã kiểm tra")


class WarningsOut(Schema):
    detail: str
    warnings: list[str]


class ReviewNoteIn(Schema):
    note: str = Field("", max_length=500)


class ReturnReasonIn(Schema):
    note: str = Field(max_length=500, description="Lý do trả lại (bắt buộc)")


class PersonRefOut(Schema):
    id: int
    full_name: str


class RemedyOut(Schema):
    id: int
    text: str
    owner_unit: UnitRefOut
    owner_person: PersonRefOut | None
    due_on: dt.date
    task_id: int | None


class AssessmentOut(Schema):
    id: int
    target_id: int
    plan_id: int
    indicator: IndicatorRefOut
    as_of: str
    status: StatusName
    status_label: str
    projected: float | None
    explanation: str
    summary: str
    cause: str
    state: AssessmentStateName
    submitted_on: dt.date | None
    remedies: list[RemedyOut]
    is_sample: bool


class AssessmentPage(Schema):
    count: int
    items: list[AssessmentOut]


class RemedyIn(Schema):
    text: str = Field(max_length=500)
    owner_unit: int
    owner_person: int | None = None
    due_on: dt.date
    make_task: bool = Field(True, description="Khi gửi đánh giá, giao giải pháp thành nhiệm vụ")


class AssessmentIn(Schema):
    target: int
    as_of: str = Field(description="Kỳ đánh giá: 2020-H1, …")
    summary: str = ""
    cause: str = ""
    remedies: list[RemedyIn] = Field(default_factory=list)
    submit: bool = Field(False, description="Gửi; mục tiêu có nguy cơ hoặc khó đạt cần nguyên nhân và ít nhất một giải pháp")


# --- shaping ---------------------------------------------------------------------------------------


def _f(x: Decimal | None) -> float | None:
    return float(x) if x is not None else None


def unit_ref(unit: Unit) -> dict[str, Any]:
    return {"id": unit.pk, "code": unit.code, "name": unit.name, "kind": unit.kind}


def indicator_ref(ind: Indicator) -> dict[str, Any]:
    return {"id": ind.pk, "code": ind.code, "name": ind.name, "measure": ind.measure}


def indicator_out(ind: Indicator) -> dict[str, Any]:
    return {
        **indicator_ref(ind), "direction": ind.direction, "kind": ind.kind, "merge_rule": ind.merge_rule, "method": ind.method,
        "decimals": ind.decimals, "reporting_unit": unit_ref(ind.reporting_unit) if ind.reporting_unit else None,
        "min_value": _f(ind.min_value), "max_value": _f(ind.max_value), "yoy_warn_percent": _f(ind.yoy_warn_percent),
        "share_group": ind.share_group, "source": ind.source, "is_sample": ind.is_sample,
    }


def _status_label(status: str) -> str:
    return str(m.Status(status).label) if status else ""


def target_out(t: Target, trajectory: list[TrajectoryPoint]) -> dict[str, Any]:
    return {
        "id": t.pk, "plan_id": t.plan_id, "indicator": indicator_ref(t.indicator), "baseline_year": t.baseline_year,
        "baseline_value": float(t.baseline_value), "year": t.year, "value": _f(t.value), "low": _f(t.low), "high": _f(t.high),
        "average": t.average, "text": t.text, "method": t.effective_method, "status": t.status or None,
        "status_label": _status_label(t.status), "projected": _f(t.projected), "projected_low": _f(t.projected_low),
        "projected_high": _f(t.projected_high), "explanation": t.explanation, "as_of": t.as_of or None,
        "refreshed_at": t.refreshed_at, "trajectory": [{"year": p.year, "value": float(p.value)} for p in trajectory],
        "source": t.source, "is_sample": t.is_sample,
    }


def plan_out(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.pk, "kind": plan.kind, "name": plan.name, "area": unit_ref(plan.area), "start_year": plan.start_year,
        "end_year": plan.end_year, "parent_id": plan.parent_id, "resolution_id": plan.resolution_id,
        "resolution_number": plan.resolution_number, "source": plan.source, "is_sample": plan.is_sample,
    }


def actual_out(a: Actual, *, signed_in: bool) -> dict[str, Any]:
    return {
        "id": a.pk, "indicator": indicator_ref(a.indicator), "unit": unit_ref(a.unit), "period": a.period,
        "period_label": reporting_period(a.period).label, "value": float(a.value), "data_status": a.data_status,
        "source": a.source, "note": a.note, "state": a.state,
        "entered_by": a.entered_by.display_name if signed_in and a.entered_by else None, "entered_at": a.entered_at,
        "reviewed_by": a.reviewed_by.display_name if signed_in and a.reviewed_by else None, "reviewed_at": a.reviewed_at,
        "review_note": a.review_note, "version": a.version, "is_sample": a.is_sample,
    }


def assessment_out(a: Assessment) -> dict[str, Any]:
    return {
        "id": a.pk, "target_id": a.target_id, "plan_id": a.target.plan_id, "indicator": indicator_ref(a.target.indicator),
        "as_of": a.as_of, "status": a.status, "status_label": _status_label(a.status), "projected": _f(a.projected),
        "explanation": a.explanation, "summary": a.summary, "cause": a.cause, "state": a.state, "submitted_on": a.submitted_on,
        "remedies": [
            {"id": r.pk, "text": r.text, "owner_unit": unit_ref(r.owner_unit),
             "owner_person": {"id": r.owner_person.pk, "full_name": r.owner_person.full_name} if r.owner_person else None,
             "due_on": r.due_on, "task_id": r.task_id}
            for r in a.remedies.all()
        ],
        "is_sample": a.is_sample,
    }


# --- who sees what -------------------------------------------------------------------------------


def _user(request: HttpRequest) -> User:
    user = caller(request)
    assert isinstance(user, User)
    return user


@overload
def _ref(lookup: Callable[[int], T | None], pk: int, field: str, what: str) -> T: ...
@overload
def _ref(lookup: Callable[[int], T | None], pk: int | None, field: str, what: str) -> T | None: ...
def _ref(lookup: Callable[[int], T | None], pk: int | None, field: str, what: str) -> T | None:
    """An object a request body names by id, found by `lookup` (a selector): a missing one is a 422
    on that field, not a 404."""
    if pk is None:
        return None
    found = lookup(pk)
    if found is None:
        raise DomainError(f"Không có {what} #{pk}.", field=field)
    return found


# --- indicators and plans --------------------------------------------------------------------------


@router.get("/indicators", response={200: IndicatorPage, **ERRORS}, summary="Danh sách chỉ tiêu")
def indicator_list(
    request: HttpRequest, code: str = "", kind: KindName | None = None, reporting_unit: int | None = None,
    limit: Query[int] = 50, offset: Query[int] = 0,
) -> dict[str, Any]:
    """Lọc theo mã (không phân biệt hoa thường), loại (`flow`, `level`, `ratio`, `rank`) và đơn vị báo cáo."""
    errors.reject_unknown(request, ["code", "kind", "reporting_unit", "limit", "offset"])
    require(caller(request), Action.INDICATOR_VIEW)
    check_page(limit, offset)
    qs = selectors.indicator_list(code=code, kind=kind, reporting_unit=reporting_unit)
    return {"count": qs.count(), "items": [indicator_out(i) for i in qs[offset : offset + limit]]}


@router.get("/indicators/{code}", response={200: IndicatorDetailOut, **ERRORS}, summary="Chỉ tiêu và các mục tiêu của nó")
def indicator_detail(request: HttpRequest, code: str) -> dict[str, Any]:
    errors.reject_unknown(request, [])
    require(caller(request), Action.INDICATOR_VIEW)
    ind = selectors.indicator_by_code(code)
    if ind is None:
        raise HttpError(404, f"Không có chỉ tiêu mã “{code}”.")
    targets = selectors.indicator_targets(ind)
    trajectories = selectors.trajectories(targets)
    return {
        **indicator_out(ind), "description": ind.description,
        "numerator": ind.numerator.code if ind.numerator else None, "denominator": ind.denominator.code if ind.denominator else None,
        "scale": float(ind.scale),
        "targets": [{**target_out(t, trajectories[t.pk]), "plan_name": t.plan.name} for t in targets],
    }


@router.get("/plans", response={200: PlanPage, **ERRORS}, summary="Danh sách kế hoạch")
def plan_list(
    request: HttpRequest, area: int | None = None, kind: PlanKindName | None = None, limit: Query[int] = 50, offset: Query[int] = 0,
) -> dict[str, Any]:
    """Lọc theo địa bàn (id đơn vị hành chính) và loại (`five_year`, `annual`)."""
    errors.reject_unknown(request, ["area", "kind", "limit", "offset"])
    require(caller(request), Action.INDICATOR_VIEW)
    check_page(limit, offset)
    qs = selectors.plans_for().order_by("-start_year", "kind", "id")
    if area is not None:
        qs = qs.filter(area_id=area)
    if kind:
        qs = qs.filter(kind=kind)
    return {"count": qs.count(), "items": [plan_out(p) for p in qs[offset : offset + limit]]}


@router.get("/plans/{plan_id}", response={200: PlanDetailOut, **ERRORS}, summary="Kế hoạch với tình trạng, dự báo của từng mục tiêu")
def plan_detail(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    errors.reject_unknown(request, [])
    require(caller(request), Action.INDICATOR_VIEW)
    plan = get_object_or_404(selectors.plans_for(), pk=plan_id)
    rows = selectors.dashboard(plan)
    trajectories = selectors.trajectories([r.target for r in rows])
    targets = []
    for r in rows:
        latest = None
        if r.latest_period is not None and r.latest_value is not None:
            latest = {"period": r.latest_period, "value": float(r.latest_value), "data_status": r.latest_status}
        targets.append({**target_out(r.target, trajectories[r.target.pk]), "latest": latest})
    return {**plan_out(plan), "status_counts": selectors.status_counts(rows), "targets": targets}


# --- actuals ---------------------------------------------------------------------------------------


ACTUAL_FILTERS = ["indicator", "unit", "period", "state", "limit", "offset"]


@router.get("/actuals", response={200: ActualPage, **ERRORS}, summary="Số liệu thực hiện")
def actual_list(
    request: HttpRequest, indicator: str = "", unit: int | None = None, period: str = "", state: ActualStateName | None = None,
    limit: Query[int] = 50, offset: Query[int] = 0,
) -> dict[str, Any]:
    """`indicator`: mã chỉ tiêu; `unit`: id địa bàn; `period`: 2020, 2020-H1, 2020-Q3, 2020-07; `state`: `entered`,
    `approved`, `returned`. Người đọc công khai chỉ thấy số liệu đã duyệt; đơn vị báo cáo thấy cả số liệu mình nhập."""
    errors.reject_unknown(request, ACTUAL_FILTERS)
    user = caller(request)
    require(user, Action.INDICATOR_VIEW)
    check_page(limit, offset)
    qs = selectors.visible_actuals(user).select_related("indicator", "unit", "entered_by", "reviewed_by")
    if indicator:
        qs = qs.filter(indicator__code__iexact=indicator.strip())
    if unit is not None:
        qs = qs.filter(unit_id=unit)
    if period:
        qs = qs.filter(period=reporting_period(period).key)
    if state:
        qs = qs.filter(state=state)
    qs = qs.order_by("indicator__order", "indicator__code", "unit_id", "year", "month_end", "-months")
    signed_in = user.is_authenticated
    return {"count": qs.count(), "items": [actual_out(a, signed_in=signed_in) for a in qs[offset : offset + limit]]}


def _entries(body: ActualsIn) -> list[services.Entry]:
    codes = [e.code.strip().upper() for e in body.entries]
    found = selectors.indicators_by_code(codes)
    seen: set[str] = set()
    entries = []
    for n, (e, code) in enumerate(zip(body.entries, codes, strict=True)):
        if code not in found:
            raise DomainError(f"Không có chỉ tiêu mã “{e.code}”.", field=f"entries.{n}.code")
        if code in seen:
            raise DomainError(f"Chỉ tiêu “{code}” được ghi hai lần.", field=f"entries.{n}.code")
        seen.add(code)
        try:
            value = numbers.parse_value(e.value, label=f"Giá trị của “{code}”")
        except DomainError as exc:
            raise DomainError(exc.message, field=f"entries.{n}.value") from None
        entries.append(services.Entry(indicator=found[code], value=value, data_status=e.data_status, source=e.source, note=e.note))
    return entries


@router.post("/actuals", auth=AUTH_REQUIRED, response={201: ActualPage, 409: WarningsOut, **ERRORS}, summary="Nhập số liệu của một địa bàn, một kỳ")
def actual_enter(request: HttpRequest, body: ActualsIn) -> Status[dict[str, Any]]:
    """Tất cả hoặc không: một dòng sai thì không dòng nào được lưu (422). Số liệu thay đổi bất thường so với cùng kỳ năm trước
    trả về 409 kèm `warnings`; gửi lại đúng yêu cầu đó với `confirm: true` để lưu. Số liệu mới hoặc được sửa chờ lãnh đạo
    đơn vị duyệt."""
    user = _user(request)
    unit = _ref(unit_get, body.unit, "unit", "địa bàn")
    entries = _entries(body)
    try:
        saved = services.actuals_enter(actor=user, unit=unit, period=body.period, entries=entries, confirm=body.confirm)
    except services.NeedsConfirmation as warn:
        detail = "Số liệu cần được xác nhận: " + " ".join(warn.warnings) + " Gửi lại với confirm: true để lưu."
        return Status(409, {"detail": detail, "warnings": warn.warnings})
    items = [actual_out(a, signed_in=True) for a in selectors.actuals_shown([a.pk for a in saved])]
    return Status(201, {"count": len(items), "items": items})


def _review(request: HttpRequest, actual_id: int, *, approve: bool, note: str) -> dict[str, Any]:
    actual = selectors.actual_get(actual_id)
    if actual is None:
        raise Http404
    services.actual_review(actor=_user(request), actual=actual, approve=approve, note=note)
    fresh = selectors.actuals_shown([actual_id]).get()
    return actual_out(fresh, signed_in=True)


@router.post("/actuals/{actual_id}/approve", auth=AUTH_REQUIRED, response={200: ActualOut, **ERRORS}, summary="Lãnh đạo đơn vị duyệt số liệu")
def actual_approve(request: HttpRequest, actual_id: int, body: ReviewNoteIn) -> dict[str, Any]:
    """Chỉ lãnh đạo đơn vị báo cáo chỉ tiêu; số liệu được duyệt cập nhật dự báo và tình trạng các mục tiêu nó ảnh hưởng."""
    return _review(request, actual_id, approve=True, note=body.note)


@router.post("/actuals/{actual_id}/return", auth=AUTH_REQUIRED, response={200: ActualOut, **ERRORS}, summary="Trả lại số liệu để sửa")
def actual_return(request: HttpRequest, actual_id: int, body: ReturnReasonIn) -> dict[str, Any]:
    return _review(request, actual_id, approve=False, note=body.note)


# --- assessments -----------------------------------------------------------------------------------


@router.get("/assessments", response={200: AssessmentPage, **ERRORS}, summary="Đánh giá thực hiện chỉ tiêu")
def assessment_list(
    request: HttpRequest, plan: int | None = None, target: int | None = None, state: AssessmentStateName | None = None,
    limit: Query[int] = 50, offset: Query[int] = 0,
) -> dict[str, Any]:
    """Đánh giá đã gửi là công khai; dự thảo chỉ hiện với người được lập đánh giá cho địa bàn của kế hoạch."""
    errors.reject_unknown(request, ["plan", "target", "state", "limit", "offset"])
    user = caller(request)
    require(user, Action.INDICATOR_VIEW)
    check_page(limit, offset)
    qs = selectors.visible_assessments(user).select_related("target__indicator", "target__plan")
    if plan is not None:
        qs = qs.filter(target__plan_id=plan)
    if target is not None:
        qs = qs.filter(target_id=target)
    if state:
        qs = qs.filter(state=state)
    qs = qs.order_by("target__plan_id", "target__indicator__order", "-as_of", "-id")
    page = list(qs[offset : offset + limit].prefetch_related("remedies__owner_unit", "remedies__owner_person"))
    return {"count": qs.count(), "items": [assessment_out(a) for a in page]}


@router.post("/assessments", auth=AUTH_REQUIRED, response={201: AssessmentOut, **ERRORS}, summary="Lập (và gửi) đánh giá một mục tiêu")
def assessment_create(request: HttpRequest, body: AssessmentIn) -> Status[dict[str, Any]]:
    """Tình trạng lấy từ dự báo trên số liệu được duyệt đến kỳ đánh giá. Gửi đánh giá một mục tiêu “có nguy cơ không đạt” hoặc
    “khó đạt” cần nguyên nhân và ít nhất một giải pháp (đơn vị chủ trì, thời hạn), nếu không trả về 422; khi gửi, mỗi giải pháp
    (trừ `make_task: false`) thành nhiệm vụ do UBND tỉnh giao cho đơn vị chủ trì."""
    user = _user(request)
    target = _ref(selectors.target_get, body.target, "target", "mục tiêu")
    remedies = []
    for n, r in enumerate(body.remedies):
        remedies.append(services.RemedyInput(
            text=r.text, owner_unit=_ref(unit_get, r.owner_unit, f"remedies.{n}.owner_unit", "đơn vị"),
            owner_person=_ref(person_get, r.owner_person, f"remedies.{n}.owner_person", "người"), due_on=r.due_on, make_task=r.make_task,
        ))
    assessment = services.assessment_save(actor=user, target=target, as_of=body.as_of, summary=body.summary, cause=body.cause,
                                          remedies=remedies, submit=body.submit)
    return Status(201, assessment_out(selectors.assessment_shown(assessment.pk)))
