"""Writes on the working-day calendar: a make-up working day or an extra day off, and removing one.

Each override is national (see `workdays.CalendarOverride`) and carries the decision it rests on.
Here rather than in `workdays`, which is infrastructure below the policy and the audit (it imports
only core): the administration of the calendar belongs with the rest of the organisation's."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from thucthi.accounts.models import User
from thucthi.accounts.policy import Action, require
from thucthi.audit.services import audit_record, snapshot
from thucthi.core.errors import DomainError
from thucthi.workdays.calendar import calendar
from thucthi.workdays.models import CalendarOverride, OverrideKind


@transaction.atomic
def override_add(*, actor: User, day: dt.date, kind: OverrideKind, name: str, legal_basis: str) -> CalendarOverride:
    """A make-up working day (a Saturday worked in exchange for a bridge day off) or an extra
    day off, with the notice or decision that sets it."""
    require(actor, Action.CALENDAR_MANAGE)
    name, legal_basis = name.strip(), legal_basis.strip()
    errors: list[DomainError] = []
    if not name:
        errors.append(DomainError("Cần ghi tên ngày (ví dụ: Làm bù cho ngày 02/5).", field="name"))
    if not legal_basis:
        errors.append(DomainError("Cần ghi căn cứ (ví dụ: Thông báo số 6150/TB-BNV).", field="legal_basis"))
    if errors:
        raise errors[0]
    if CalendarOverride.objects.select_for_update().filter(day=day).exists():
        raise DomainError(f"Ngày {day:%d/%m/%Y} đã có điều chỉnh; hãy xóa điều chỉnh cũ trước.", field="day")
    working = calendar().is_working_day(day)
    if kind == OverrideKind.WORKING_DAY and working:
        raise DomainError(f"Ngày {day:%d/%m/%Y} vốn đã là ngày làm việc.", field="day")
    if kind == OverrideKind.DAY_OFF and not working:
        raise DomainError(f"Ngày {day:%d/%m/%Y} vốn đã là ngày nghỉ.", field="day")
    override = CalendarOverride.objects.create(day=day, kind=kind, name=name, legal_basis=legal_basis)
    audit_record(actor=actor, action="workdays.override.add", obj=override, after=snapshot(override))
    return override


@transaction.atomic
def override_remove(*, actor: User, override: CalendarOverride) -> None:
    """Remove an override entered by mistake: the day is as the national calendar has it again.
    What it was stays in the audit trail."""
    require(actor, Action.CALENDAR_MANAGE)
    locked = CalendarOverride.objects.select_for_update().filter(pk=override.pk).first()
    if locked is None:
        raise DomainError("Điều chỉnh này đã được xóa.")
    before = snapshot(locked)
    audit_record(actor=actor, action="workdays.override.remove", obj=locked, before=before)
    locked.delete()
