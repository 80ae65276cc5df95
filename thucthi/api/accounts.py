"""The caller's account and the audit log, as far as the caller may read it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from thucthi.accounts.policy import RULES, Action, can, require
from thucthi.accounts.selectors import audit_records
from thucthi.api import errors
from thucthi.api.auth import AUTH_REQUIRED, caller
from thucthi.api.common import check_page, unit_out
from thucthi.api.schemas import AuditPage, ErrorOut, MeOut, VerifyOut
from thucthi.audit.services import audit_verify

# Operation ids stay those published when these operations lived in api.py.
router = Router(auth=AUTH_REQUIRED)
ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.get("/me", response={200: MeOut, **ERRORS}, tags=["accounts"], summary="Tài khoản đang dùng", operation_id="thucthi_api_api_me")
def me(request: HttpRequest) -> dict[str, Any]:
    user = caller(request)
    require(user, Action.PROFILE_VIEW)
    assert user.is_authenticated
    return {
        "username": user.username, "full_name": user.full_name, "role": user.role,
        "unit": unit_out(user.unit) if user.unit else None,
        "permissions": sorted(a.value for a in RULES if can(user, a)),
    }


@router.get("/audit", response={200: AuditPage, **ERRORS}, tags=["audit"], summary="Nhật ký kiểm toán", operation_id="thucthi_api_api_audit_list")
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


@router.get("/audit/verify", response={200: VerifyOut, **ERRORS}, tags=["audit"], summary="Kiểm tra toàn vẹn chuỗi nhật ký", operation_id="thucthi_api_api_audit_verify_view")
def audit_verify_view(request: HttpRequest) -> dict[str, Any]:
    errors.reject_unknown(request, [])
    require(caller(request), Action.AUDIT_VERIFY)
    result = audit_verify()
    return {"ok": result.ok, "checked": result.checked, "first_broken_seq": result.first_broken_seq, "reason": result.reason}
