"""Shapes and checks shared by the API's routers."""

from __future__ import annotations

from typing import Any

from thucthi.core.errors import DomainError
from thucthi.orgs.models import Unit, UnitKind

MAX_LIMIT = 500


def check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise DomainError(f"limit phải từ 1 đến {MAX_LIMIT}.", field="limit")
    if offset < 0:
        raise DomainError("offset không được âm.", field="offset")


def unit_out(unit: Unit) -> dict[str, Any]:
    return {
        "id": unit.pk, "code": unit.code, "gso_code": unit.gso_code, "kind": unit.kind,
        "kind_label": str(UnitKind(unit.kind).label), "division_type": unit.division_type, "name": unit.name,
        "short_name": unit.short_name, "abbreviation": unit.abbreviation, "parent_id": unit.parent_id,
        "area_id": unit.area_id, "valid_from": unit.valid_from, "valid_to": unit.valid_to,
        "legal_basis": unit.legal_basis, "is_sample": unit.is_sample,
    }
