"""REST API v1. Thin: validate input, call a selector or service, shape the output."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Query, Status
from ninja.renderers import JSONRenderer

import thucthi
from thucthi.accounts.policy import RULES, Action, can, require
from thucthi.accounts.selectors import audit_records
from thucthi.api import errors
from thucthi.api.auth import AUTH_PUBLIC, AUTH_REQUIRED, caller
from thucthi.api.common import check_page, unit_out
from thucthi.api.schemas import (
    AuditPage,
    ErrorOut,
    HealthOut,
    MeOut,
    UnitDetailOut,
    UnitKindName,
    UnitOut,
    UnitPage,
    VerifyOut,
)
from thucthi.audit.services import audit_verify
from thucthi.core import clock
from thucthi.orgs import selectors
from thucthi.orgs.models import Unit


class Utf8Renderer(JSONRenderer):
    """Vietnamese stays readable in responses instead of backslash-u escapes."""

    def __init__(self) -> None:
        self.json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=Utf8Renderer(),
    title="Thực Thi API",
    version="1",
    description=(
        "API của Thực Thi: đơn vị hành chính, cơ quan, nhân sự, nhật ký kiểm toán. "
        "Xác thực bằng mã truy cập (Authorization: Bearer …) hoặc phiên đăng nhập. "
        "Dữ liệu công khai đọc được không cần đăng nhập."
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
)
errors.install(api)

from thucthi.api.tasks import router as tasks_router  # noqa: E402 (the api object must exist first)

api.add_router("/tasks", tasks_router)

from thucthi.api.scorecards import router as scorecards_router  # noqa: E402

api.add_router("/scorecards", scorecards_router)

from thucthi.api.council import router as council_router  # noqa: E402

api.add_router("", council_router)

from thucthi.api.indicators import router as indicators_router  # noqa: E402

api.add_router("", indicators_router)
ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@api.get("/health", response={200: HealthOut, 503: HealthOut}, auth=None, tags=["system"], summary="Tình trạng hệ thống")
def health(request: HttpRequest) -> Status[dict[str, Any]]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        ok = True
    except Exception:
        ok = False
    backend = "redis" if "Redis" in settings.HUEY.get("huey_class", "") else "sqlite"
    body = {
        "status": "ok" if ok else "error", "version": thucthi.__version__,
        "database": {"vendor": connection.vendor, "ok": ok}, "jobs_backend": backend,
    }
    return Status(200 if ok else 503, body)


UNIT_FILTERS = ["q", "kind", "parent", "area", "valid_on", "limit", "offset"]


@api.get("/units", response={200: UnitPage, **ERRORS}, auth=AUTH_PUBLIC, tags=["units"], summary="Danh sách đơn vị, cơ quan")
def units(
    request: HttpRequest,
    q: str = "",
    kind: Query[list[UnitKindName]] = [],  # noqa: B006 - ninja reads the default, never mutates it
    parent: int | None = None,
    area: int | None = None,
    valid_on: dt.date | None = None,
    limit: Query[int] = 50,
    offset: Query[int] = 0,
) -> dict[str, Any]:
    """Tìm không cần dấu (`q=hung yen`), lọc theo loại, đơn vị cấp trên, địa bàn và ngày hiệu lực."""
    errors.reject_unknown(request, UNIT_FILTERS)
    require(caller(request), Action.UNIT_VIEW)
    check_page(limit, offset)
    qs = selectors.unit_list(q=q, kind=kind, parent_id=parent, area_id=area, valid_on=valid_on)
    return {"count": qs.count(), "items": [unit_out(u) for u in qs[offset : offset + limit]]}


@api.get("/units/{unit_id}", response={200: UnitDetailOut, **ERRORS}, auth=AUTH_PUBLIC, tags=["units"], summary="Chi tiết đơn vị và quá trình sắp xếp")
def unit_detail(request: HttpRequest, unit_id: int) -> dict[str, Any]:
    errors.reject_unknown(request, [])
    require(caller(request), Action.UNIT_VIEW)
    unit = get_object_or_404(Unit.objects.select_related("parent", "area"), pk=unit_id)
    lineage = selectors.unit_lineage(unit)
    steps = [("predecessor", s) for s in lineage.predecessors] + [("successor", s) for s in lineage.successors]
    today = clock.today()
    return {
        **unit_out(unit),
        "lineage": [
            {"direction": d, "depth": s.depth, "kind": s.succession.kind, "effective_date": s.succession.effective_date,
             "legal_basis": s.succession.legal_basis, "note": s.succession.note, "unit": unit_out(s.unit)}
            for d, s in steps
        ],
        "holders_today": [unit_out(u) for u in selectors.unit_duty_holders(unit, on=today)],
        "positions": [
            {"person_id": p.person_id, "full_name": p.person.full_name, "title": p.title, "role": p.role,
             "start": p.start, "end": p.end, "is_sample": p.is_sample}
            for p in selectors.unit_positions(unit)
        ],
    }


@api.get("/units/{unit_id}/holders", response={200: list[UnitOut], **ERRORS}, auth=AUTH_PUBLIC, tags=["units"], summary="Đơn vị đang giữ nhiệm vụ của đơn vị này vào một ngày")
def unit_holders(request: HttpRequest, unit_id: int, on: dt.date | None = None) -> list[dict[str, Any]]:
    errors.reject_unknown(request, ["on"])
    require(caller(request), Action.UNIT_VIEW)
    unit = get_object_or_404(Unit, pk=unit_id)
    return [unit_out(u) for u in selectors.unit_duty_holders(unit, on=on or clock.today())]


@api.get("/me", response={200: MeOut, **ERRORS}, auth=AUTH_REQUIRED, tags=["accounts"], summary="Tài khoản đang dùng")
def me(request: HttpRequest) -> dict[str, Any]:
    user = caller(request)
    require(user, Action.PROFILE_VIEW)
    assert user.is_authenticated
    return {
        "username": user.username, "full_name": user.full_name, "role": user.role,
        "unit": unit_out(user.unit) if user.unit else None,
        "permissions": sorted(a.value for a in RULES if can(user, a)),
    }


@api.get("/audit", response={200: AuditPage, **ERRORS}, auth=AUTH_REQUIRED, tags=["audit"], summary="Nhật ký kiểm toán")
def audit_list(
    request: HttpRequest, object_type: str = "", object_id: str = "", action: str = "",
    limit: Query[int] = 50, offset: Query[int] = 0,
) -> dict[str, Any]:
    errors.reject_unknown(request, ["object_type", "object_id", "action", "limit", "offset"])
    require(caller(request), Action.AUDIT_VIEW)
    check_page(limit, offset)
    qs = audit_records(caller(request), object_type=object_type, object_id=object_id, action=action)
    items = [
        {"seq": r.seq, "at": r.at, "actor": r.actor_label, "action": r.action, "object_type": r.object_type,
         "object_id": r.object_id, "object_repr": r.object_repr, "before": r.before, "after": r.after, "hash": r.hash}
        for r in qs[offset : offset + limit]
    ]
    return {"count": qs.count(), "items": items}


@api.get("/audit/verify", response={200: VerifyOut, **ERRORS}, auth=AUTH_REQUIRED, tags=["audit"], summary="Kiểm tra toàn vẹn chuỗi nhật ký")
def audit_verify_view(request: HttpRequest) -> dict[str, Any]:
    errors.reject_unknown(request, [])
    require(caller(request), Action.AUDIT_VERIFY)
    result = audit_verify()
    return {"ok": result.ok, "checked": result.checked, "first_broken_seq": result.first_broken_seq, "reason": result.reason}
