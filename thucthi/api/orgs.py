"""Units and agencies, their reorganisations and who holds their duties on a day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Query, Router

from thucthi.accounts.policy import Action, require
from thucthi.api import errors
from thucthi.api.auth import AUTH_PUBLIC, caller
from thucthi.api.common import check_page, unit_out
from thucthi.api.schemas import ErrorOut, UnitDetailOut, UnitKindName, UnitOut, UnitPage
from thucthi.core import clock
from thucthi.orgs import selectors
from thucthi.orgs.models import Unit

# Operation ids stay those published when these operations lived in api.py.
router = Router(tags=["units"], auth=AUTH_PUBLIC)
ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _unit(unit_id: int) -> Unit:
    unit = selectors.unit_get(unit_id)
    if unit is None:
        raise Http404
    return unit


UNIT_FILTERS = ["q", "kind", "parent", "area", "valid_on", "limit", "offset"]


@router.get("/units", response={200: UnitPage, **ERRORS}, summary="Danh sách đơn vị, cơ quan", operation_id="thucthi_api_api_units")
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


@router.get("/units/{unit_id}", response={200: UnitDetailOut, **ERRORS}, summary="Chi tiết đơn vị và quá trình sắp xếp", operation_id="thucthi_api_api_unit_detail")
def unit_detail(request: HttpRequest, unit_id: int) -> dict[str, Any]:
    errors.reject_unknown(request, [])
    require(caller(request), Action.UNIT_VIEW)
    unit = _unit(unit_id)
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


@router.get("/units/{unit_id}/holders", response={200: list[UnitOut], **ERRORS}, summary="Đơn vị đang giữ nhiệm vụ của đơn vị này vào một ngày", operation_id="thucthi_api_api_unit_holders")
def unit_holders(request: HttpRequest, unit_id: int, on: dt.date | None = None) -> list[dict[str, Any]]:
    errors.reject_unknown(request, ["on"])
    require(caller(request), Action.UNIT_VIEW)
    unit = _unit(unit_id)
    return [unit_out(u) for u in selectors.unit_duty_holders(unit, on=on or clock.today())]
