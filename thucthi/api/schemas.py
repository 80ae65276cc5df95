from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema

from thucthi.orgs.models import UnitKind

UnitKindName = Literal[
    "province", "district", "commune", "peoples_council", "standing_committee",
    "council_committee", "peoples_committee", "department", "agency",
]
assert set(UnitKindName.__args__) == {k.value for k in UnitKind}  # type: ignore[attr-defined]


class ErrorItem(Schema):
    param: str
    message: str
    type: str


class ErrorOut(Schema):
    detail: str
    errors: list[ErrorItem] = []


class DatabaseOut(Schema):
    vendor: str
    ok: bool


class HealthOut(Schema):
    status: Literal["ok", "error"]
    version: str
    database: DatabaseOut
    jobs_backend: str


class UnitOut(Schema):
    id: int
    code: str
    gso_code: str
    kind: UnitKindName
    kind_label: str
    division_type: str
    name: str
    short_name: str
    abbreviation: str
    parent_id: int | None
    area_id: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    legal_basis: str
    is_sample: bool


class UnitPage(Schema):
    count: int
    items: list[UnitOut]


class LineageOut(Schema):
    direction: Literal["predecessor", "successor"]
    depth: int
    kind: str
    effective_date: dt.date
    legal_basis: str
    note: str
    unit: UnitOut


class PositionOut(Schema):
    person_id: int
    full_name: str
    title: str
    role: str
    start: dt.date | None
    end: dt.date | None
    is_sample: bool


class UnitDetailOut(UnitOut):
    lineage: list[LineageOut]
    holders_today: list[UnitOut]
    positions: list[PositionOut]


class MeOut(Schema):
    username: str
    full_name: str
    role: str
    unit: UnitOut | None
    permissions: list[str]


class AuditOut(Schema):
    seq: int
    at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    before: dict[str, object] | None
    after: dict[str, object] | None
    hash: str


class AuditPage(Schema):
    count: int
    items: list[AuditOut]


class VerifyOut(Schema):
    ok: bool
    checked: int
    first_broken_seq: int | None
    reason: str
