"""Writes on units, successions, people and positions. Views, API, CLI and loaders call these."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from thucthi.accounts.models import User
from thucthi.accounts.policy import Action, PermissionDenied, may_record_person, require
from thucthi.audit.services import audit_record, snapshot
from thucthi.core.errors import DomainError
from thucthi.orgs.models import DatePrecision, Person, Position, PositionRole, Succession, SuccessionKind, Unit

CONTACT_FIELDS = ("address", "phone", "email", "website")


def _check_dates(start: dt.date | None, end: dt.date | None, what: str) -> None:
    if start and end and end < start:
        raise DomainError(f"{what}: ngày kết thúc ({end:%d/%m/%Y}) trước ngày bắt đầu ({start:%d/%m/%Y}).")


@transaction.atomic
def unit_create(*, actor: User | None, **fields: Any) -> Unit:
    if actor is not None:
        require(actor, Action.UNIT_MANAGE)
    _check_dates(fields.get("valid_from"), fields.get("valid_to"), "Thời gian hiệu lực")
    if Unit.objects.filter(code=fields["code"]).exists():
        raise DomainError(f"Mã đơn vị “{fields['code']}” đã có.", field="code")
    unit = Unit(**fields)
    area = unit.area
    unit.refresh_derived(area.name if area is not None and area.pk != unit.pk else "")
    unit.save()
    audit_record(actor=actor, action="orgs.unit.create", obj=unit, after=snapshot(unit))
    return unit


@transaction.atomic
def unit_update_contact(*, actor: User | None, unit: Unit, **changes: str) -> Unit:
    """Contact details are the one thing a unit's own head may keep up to date."""
    if actor is not None:
        require(actor, Action.UNIT_EDIT_CONTACT, unit)
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise DomainError(f"Không sửa được trường: {', '.join(sorted(unknown))}.")
    locked = Unit.objects.select_for_update().get(pk=unit.pk)
    before = snapshot(locked, list(CONTACT_FIELDS))
    for name, value in changes.items():
        setattr(locked, name, value.strip())
    locked.full_clean(validate_unique=False, validate_constraints=False)
    after = snapshot(locked, list(CONTACT_FIELDS))
    if before != after:
        locked.save(update_fields=[*CONTACT_FIELDS, "updated_at"])
        audit_record(actor=actor, action="orgs.unit.update_contact", obj=locked, before=before, after=after)
    return locked


@transaction.atomic
def unit_close(*, actor: User | None, unit: Unit, valid_to: dt.date, legal_basis: str) -> Unit:
    """End a unit's validity. Units are never deleted; they stop being in force."""
    if actor is not None:
        require(actor, Action.UNIT_MANAGE)
    locked = Unit.objects.select_for_update().get(pk=unit.pk)
    _check_dates(locked.valid_from, valid_to, "Thời gian hiệu lực")
    before = snapshot(locked, ["valid_to", "legal_basis"])
    locked.valid_to = valid_to
    if legal_basis:
        locked.legal_basis = legal_basis
    locked.save(update_fields=["valid_to", "legal_basis", "updated_at"])
    audit_record(actor=actor, action="orgs.unit.close", obj=locked, before=before, after=snapshot(locked, ["valid_to", "legal_basis"]))
    return locked


@transaction.atomic
def succession_record(
    *,
    actor: User | None,
    predecessors: list[Unit],
    successors: list[Unit],
    kind: SuccessionKind,
    effective_date: dt.date,
    legal_basis: str,
    note: str = "",
    source: str = "",
    close_predecessors: bool = True,
) -> list[Succession]:
    """Record a merger, split, rename or transfer of duties, and end the predecessors' validity."""
    if actor is not None:
        require(actor, Action.UNIT_MANAGE)
    if not predecessors or not successors:
        raise DomainError("Cần ít nhất một đơn vị trước và một đơn vị kế thừa.")
    if not legal_basis.strip():
        raise DomainError("Cần ghi căn cứ pháp lý của việc sắp xếp (ví dụ Nghị quyết 202/2025/QH15).", field="legal_basis")
    if kind == SuccessionKind.MERGE and len(successors) != 1:
        raise DomainError("Sáp nhập, hợp nhất phải có đúng một đơn vị kế thừa.")
    if kind == SuccessionKind.RENAME and (len(successors) != 1 or len(predecessors) != 1):
        raise DomainError("Đổi tên là từ một đơn vị sang một đơn vị.")
    links = []
    for old in predecessors:
        if old.pk in {s.pk for s in successors}:
            raise DomainError(f"“{old}” không thể kế thừa chính mình.")
        for new in successors:
            if new.valid_from is not None and new.valid_from > effective_date:
                raise DomainError(f"“{new}” chưa có hiệu lực vào ngày {effective_date:%d/%m/%Y}.")
            link, created = Succession.objects.get_or_create(
                predecessor=old,
                successor=new,
                effective_date=effective_date,
                defaults={"kind": kind, "legal_basis": legal_basis, "note": note, "source": source},
            )
            if created:
                audit_record(actor=actor, action="orgs.succession.record", obj=link, after=snapshot(link))
            links.append(link)
        if close_predecessors and (old.valid_to is None or old.valid_to >= effective_date):
            unit_close(actor=actor, unit=old, valid_to=effective_date - dt.timedelta(days=1), legal_basis="")
    return links


@transaction.atomic
def person_create(*, actor: User | None, full_name: str, birth_year: int | None = None, source: str = "", is_sample: bool = False) -> Person:
    if actor is not None and not may_record_person(actor):
        raise PermissionDenied("Bạn không có quyền thêm người vào danh bạ.")
    if not full_name.strip():
        raise DomainError("Cần nhập họ và tên.", field="full_name")
    person = Person(full_name=full_name, birth_year=birth_year, source=source, is_sample=is_sample)
    person.save()
    audit_record(actor=actor, action="orgs.person.create", obj=person, after=snapshot(person, ["full_name", "birth_year", "source", "is_sample"]))
    return person


@transaction.atomic
def position_assign(
    *,
    actor: User | None,
    person: Person,
    unit: Unit,
    title: str,
    role: PositionRole,
    start: dt.date | None,
    end: dt.date | None = None,
    legal_basis: str = "",
    source: str = "",
    is_sample: bool = False,
    start_precision: DatePrecision = DatePrecision.DAY,
    end_precision: DatePrecision = DatePrecision.DAY,
) -> Position:
    if actor is not None:
        require(actor, Action.UNIT_MANAGE)
    _check_dates(start, end, "Thời gian giữ chức vụ")
    if not title.strip():
        raise DomainError("Cần ghi chức vụ.", field="title")
    position = Position.objects.create(
        person=person, unit=unit, title=title.strip(), role=role, start=start, end=end,
        legal_basis=legal_basis, source=source, is_sample=is_sample,
        start_precision=start_precision, end_precision=end_precision,
    )
    audit_record(actor=actor, action="orgs.position.assign", obj=position, after=snapshot(position))
    return position
