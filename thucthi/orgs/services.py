"""Writes on units, successions, people and positions. Views, API, CLI and loaders call these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from thucthi.accounts.models import User
from thucthi.accounts.policy import Action, PermissionDenied, may_record_person, require
from thucthi.audit.services import audit_record, save_audited, snapshot
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
    save_audited(locked, actor=actor, action="orgs.unit.update_contact", fields=list(CONTACT_FIELDS), before=before,
                 update_fields=[*CONTACT_FIELDS, "updated_at"])
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


# --- Reorganisation from the administration page ---------------------------------------------------

REORG_KINDS = (SuccessionKind.MERGE, SuccessionKind.SPLIT, SuccessionKind.RENAME)


@dataclass(frozen=True)
class ReorgPlan:
    """What a reorganisation will record: the units that stop (their duties pass on), the units
    already in force that take them over, and the names of the units it creates."""

    kind: SuccessionKind
    predecessors: list[Unit]
    successors: list[Unit]
    new_names: list[str]
    effective_date: dt.date
    legal_basis: str
    note: str = ""

    @property
    def successor_count(self) -> int:
        return len(self.successors) + len(self.new_names)


def reorganisation_check(plan: ReorgPlan) -> list[DomainError]:
    """Every problem with `plan`, each naming its form field (none: it may be recorded)."""
    errors: list[DomainError] = []
    if plan.kind not in REORG_KINDS:
        errors.append(DomainError("Chọn hình thức sắp xếp: sáp nhập, chia tách hoặc đổi tên.", field="kind"))
    if not plan.legal_basis.strip():
        errors.append(DomainError("Cần ghi căn cứ pháp lý (ví dụ: Nghị quyết 202/2025/QH15).", field="legal_basis"))
    if not plan.predecessors:
        errors.append(DomainError("Chọn đơn vị được sắp xếp.", field="predecessors"))
    count = plan.successor_count
    if plan.kind == SuccessionKind.MERGE and ((len(plan.predecessors) < 2 and not plan.successors) or count != 1):
        errors.append(DomainError("Sáp nhập: chọn các đơn vị nhập vào và đúng một đơn vị kế thừa (đơn vị có sẵn hoặc một tên mới).",
                                  field="successors"))
    if plan.kind == SuccessionKind.SPLIT and (len(plan.predecessors) != 1 or count < 2):
        errors.append(DomainError("Chia tách: chọn một đơn vị và ít nhất hai đơn vị kế thừa.", field="new_names"))
    if plan.kind == SuccessionKind.RENAME and (len(plan.predecessors) != 1 or plan.successors or len(plan.new_names) != 1):
        errors.append(DomainError("Đổi tên: chọn một đơn vị và ghi một tên mới.", field="new_names"))
    for old in plan.predecessors:
        if old.valid_to is not None and old.valid_to < plan.effective_date:
            errors.append(DomainError(f"“{old}” đã hết hiệu lực từ {old.valid_to:%d/%m/%Y}.", field="predecessors"))
        if old.valid_from is not None and old.valid_from >= plan.effective_date:
            errors.append(DomainError(f"“{old}” có hiệu lực từ {old.valid_from:%d/%m/%Y}, sau ngày sắp xếp.", field="effective_date"))
    for new in plan.successors:
        if new.pk in {old.pk for old in plan.predecessors}:
            errors.append(DomainError(f"“{new}” không thể vừa được sắp xếp vừa kế thừa.", field="successors"))
        elif not new.is_valid_on(plan.effective_date):
            errors.append(DomainError(f"“{new}” không có hiệu lực vào ngày {plan.effective_date:%d/%m/%Y}.", field="successors"))
    for name in plan.new_names:
        if len(name) > 200:
            errors.append(DomainError("Tên đơn vị dài quá 200 ký tự.", field="new_names"))
    return errors


def _new_unit(*, actor: User, model: Unit, name: str, index: int, plan: ReorgPlan) -> Unit:
    """A unit created by the reorganisation, of the same kind and place as the (first) unit it
    comes from, in force from the effective date."""
    code = f"{model.code}~{plan.effective_date:%Y%m%d}~{index}"
    unit = unit_create(
        actor=actor, code=code, kind=model.kind, division_type=model.division_type, name=name, parent=model.parent,
        area=None if model.is_administrative else model.area, valid_from=plan.effective_date, legal_basis=plan.legal_basis,
        source=model.source, is_sample=model.is_sample,
    )
    if model.is_administrative:  # an administrative unit is its own area
        unit.area = unit
        unit.save(update_fields=["area"])
    return unit


@transaction.atomic
def reorganisation_record(*, actor: User, plan: ReorgPlan) -> list[Succession]:
    """Record a merger, split or rename decided by `plan.legal_basis`: create the new units, link
    every predecessor to every successor and end the predecessors' validity the day before. Tasks
    keep the unit they were given; who answers for them follows the succession."""
    require(actor, Action.UNIT_MANAGE)
    errors = reorganisation_check(plan)
    if errors:
        raise errors[0]
    model = plan.predecessors[0]
    created = [_new_unit(actor=actor, model=model, name=name, index=i, plan=plan) for i, name in enumerate(plan.new_names, start=1)]
    return succession_record(
        actor=actor, predecessors=plan.predecessors, successors=[*plan.successors, *created], kind=plan.kind,
        effective_date=plan.effective_date, legal_basis=plan.legal_basis.strip(), note=plan.note.strip(),
    )
